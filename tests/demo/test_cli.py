"""`leia demo-world` and the stage: bad input gives one line naming the params key, exit status 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from leia.cli import main as cli_main


def _params(tmp_path: Path, **edits: object) -> Path:
    params = {
        "languages": ["ja", "sw"],
        "demo_world": {"seed": 0, "entities": 20},
        "dump": {"date": "20231001", "wikidata_date": "20231002"},
        "sources": {"local": {"demo": str(tmp_path / "mirror")}},
    }
    for key, value in edits.items():
        section, _, leaf = key.rpartition("__")
        (params[section] if section else params)[leaf] = value
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(params))
    return path


def _cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["leia", "demo-world", *args])
    with pytest.raises(SystemExit) as e:
        cli_main()
    out, err = capsys.readouterr()
    return e.value.code or 0, out, err


@pytest.mark.parametrize(
    ("edits", "key"),
    [
        ({"demo_world__entities": -5}, "demo_world.entities"),
        ({"demo_world__entities": 0}, "demo_world.entities"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": ["japanese"]}, "languages"),
        ({"languages": ["ja", "en"]}, "languages"),
        ({"dump__date": "2023-10-01"}, "dump.date"),
    ],
)
def test_bad_input_names_the_params_key(
    monkeypatch, capsys, tmp_path: Path, edits: dict[str, object], key: str
) -> None:
    params = _params(tmp_path, **edits)
    code, _, err = _cli(monkeypatch, capsys, "--params", str(params), "--out", str(tmp_path / "w"))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"error: parameter '{key}'")
    assert not (tmp_path / "w").exists()


def test_unwritable_output(monkeypatch, capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    params = _params(tmp_path)
    code, _, err = _cli(monkeypatch, capsys, "--params", str(params), "--out", str(blocker / "world"))
    assert code == 2 and err.startswith("error: parameter '--out / sources.local'") and err.count("\n") == 1


def test_cli_writes_a_world_where_sources_local_says(monkeypatch, capsys, tmp_path: Path) -> None:
    code, out, _ = _cli(monkeypatch, capsys, "--params", str(_params(tmp_path, languages=["sw"])))
    assert code == 0 and "20 entities" in out
    assert (tmp_path / "mirror" / "swwiki" / "20231001" / "dumpstatus.json").exists()
    assert not (tmp_path / "mirror" / "jawiki").exists()


def test_stage_reads_params(monkeypatch, capsys, tmp_path: Path) -> None:
    import runpy

    params = {
        "languages": ["ja", "ar"],  # the world is written in en and every target language
        "demo_world": {"seed": 3, "entities": 20, "out": str(tmp_path / "mirror")},
        "dump": {"date": "20231001", "wikidata_date": "20231002"},
    }
    stage = Path(__file__).resolve().parents[2] / "stages" / "demo_world.py"
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
    out = tmp_path / "via-option"
    monkeypatch.setattr(
        sys, "argv", [str(stage), "--params", str(tmp_path / "params.yaml"), "--out", str(out)]
    )
    runpy.run_path(str(stage), run_name="__main__")
    assert sorted(p.name for p in out.glob("*wiki")) == ["arwiki", "enwiki", "jawiki", "wikidatawiki"]
    assert not (tmp_path / "mirror").exists()

    params["demo_world"]["entities"] = -1
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
    with pytest.raises(SystemExit) as e:
        runpy.run_path(str(stage), run_name="__main__")
    assert e.value.code == 2
    assert capsys.readouterr().err.startswith("error: parameter 'demo_world.entities'")

    params["demo_world"]["entities"], params["languages"] = 20, ["ja", "xx"]
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
    with pytest.raises(SystemExit) as e:
        runpy.run_path(str(stage), run_name="__main__")
    assert e.value.code == 2
    assert capsys.readouterr().err.startswith("error: parameter 'languages': unknown language code 'xx'")
