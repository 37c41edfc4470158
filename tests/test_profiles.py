"""Profiles: the paper profiles are overlays on the demo profile; `leia profile use` writes the merge."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from leia.errors import InputError, ParamError
from leia.profile_commands import use
from leia.profiles import available, render, resolve

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "profiles"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "profiles").mkdir()
    for p in (ROOT / "profiles").glob("*.yaml"):
        (tmp_path / "profiles" / p.name).write_bytes(p.read_bytes())
    (tmp_path / "params.yaml").write_bytes((ROOT / "profiles" / "demo.yaml").read_bytes())
    return tmp_path


@pytest.mark.parametrize("name", ["paper-llama2", "paper-swallow"])
def test_overlay_resolves_to_the_whole_profile_it_replaced(name: str) -> None:
    golden = yaml.safe_load((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8"))
    resolved = resolve(name, ROOT / "profiles")
    assert resolved == golden  # update the golden only for an intended change of the paper's setup
    assert resolved["sources"]["local"] == {}  # the demo world is out of the DAG (its params stay)
    assert len((ROOT / "profiles" / f"{name}.yaml").read_text().splitlines()) < 80


@pytest.mark.parametrize("name", ["paper-llama2", "paper-swallow"])
def test_paper_profiles_run_the_originals_choices(name: str) -> None:
    """Every option that changes the tokens trained on or the scores is the original's (leia/fidelity.py),
    and the steps are §3.1's: 50, Swahili 20."""
    from leia.fidelity import ORIGINAL, report
    from leia.train.config import pinned_steps

    resolved = resolve(name, ROOT / "profiles")
    assert [(key, value) for key, value, _, same in report(resolved) if not same] == []
    assert {c.key for c in ORIGINAL} >= {"tokenize.boundary", "extract.drop_empty_parens", "train.optim"}
    assert {lang: pinned_steps(resolved, lang) for lang in resolved["languages"]} == {
        lang: 20 if lang == "sw" else 50 for lang in resolved["languages"]
    }


def test_readme_lists_every_difference() -> None:
    """Each option with another choice than the original's is a row of README's differences table."""
    from leia.fidelity import ORIGINAL

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Where we differ") :]
    assert [c.key for c in ORIGINAL if f"`{c.key}" not in table] == []


def test_demo_is_the_base_byte_for_byte() -> None:
    assert render("demo", ROOT / "profiles") == (ROOT / "profiles" / "demo.yaml").read_text(encoding="utf-8")


def _write(repo: Path, name: str, text: str) -> None:
    (repo / "profiles" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_merge_rules(repo: Path) -> None:
    _write(
        repo,
        "mine",
        "profile: mine\n"
        "seeds: [9]                   # one seed\n"  # a list replaces
        "train:\n  lr: 1.0e-4\n"  # a mapping merges: the rest of train stays the demo's
        "evaluate:\n  paths: !override\n    xcsr: x\n"  # !override: the other datasets are gone
        "demo_world: !reset\n",
    )
    demo, mine = resolve("demo", repo / "profiles"), resolve("mine", repo / "profiles")
    assert mine["seeds"] == [9] and mine["train"]["lr"] == 1.0e-4
    assert {k: v for k, v in mine["train"].items() if k != "lr"} == {
        k: v for k, v in demo["train"].items() if k != "lr"
    }
    assert mine["evaluate"]["paths"] == {"xcsr": "x"}
    assert mine["evaluate"]["control"] == demo["evaluate"]["control"]
    assert "demo_world" not in mine and list(mine) == [k for k in demo if k != "demo_world"]
    text = render("mine", repo / "profiles")
    assert "seeds: [9]                   # one seed\n" in text  # the overlay's comment wins
    assert "  lr: 1.0e-4                 # paper: 5e-6\n" in text  # else the base's stays


def test_a_key_the_base_lacks_is_named(repo: Path) -> None:
    _write(repo, "typo", "profile: typo\ntrain:\n  lerning_rate: 0.1\n")
    with pytest.raises(InputError, match=r"typo\.yaml: train\.lerning_rate is not in demo\.yaml"):
        resolve("typo", repo / "profiles")
    _write(repo, "tag", "profile: tag\ntrain: !merge {lr: 0.1}\n")
    with pytest.raises(InputError, match=r"tag\.yaml: train: unknown tag !merge"):
        resolve("tag", repo / "profiles")


def test_use_switches_and_keeps_user_edits(repo: Path) -> None:
    assert {"demo", "paper-llama2", "paper-swallow"} <= set(available(repo / "profiles"))
    assert use("paper-llama2", repo) is None  # params.yaml was a profile: nothing to keep
    assert use("paper-swallow", repo) is None  # a resolved overlay is a profile too
    written = (repo / "params.yaml").read_text(encoding="utf-8")
    assert written == render("paper-swallow", repo / "profiles")
    assert yaml.safe_load(written) == yaml.safe_load((GOLDEN / "paper-swallow.yaml").read_text())
    edited = written.replace("seeds: [1, 2, 3, 4, 5]", "seeds: [7]")
    assert edited != written
    (repo / "params.yaml").write_text(edited)
    backup = use("demo", repo)
    assert backup is not None and backup.read_text() == edited
    assert (repo / "params.yaml").read_bytes() == (repo / "profiles" / "demo.yaml").read_bytes()


def test_unknown_profile_is_named(repo: Path) -> None:
    with pytest.raises(ParamError, match="'profile'.*paper-llama2"):
        use("paper-llama3", repo)


def test_validate_command_resolves_a_profile_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from leia.cli import app

    monkeypatch.chdir(ROOT)
    for arg in ("profiles/paper-llama2.yaml", "paper-swallow"):
        res = CliRunner().invoke(app, ["profile", "validate", arg])
        lines = res.output.splitlines()
        assert res.exit_code == 0 and lines[0] == f"{arg}: ok", res.output
        assert "  tokenize.boundary: 'drop'  as the original" in lines
        assert "differs" not in res.output
    steps = CliRunner().invoke(app, ["profile", "validate", "paper-llama2"]).output.splitlines()[1]
    assert steps == "steps per language (train.max_steps): ar 50, es 50, hi 50, ja 50, ru 50, sw 20, zh 50"
