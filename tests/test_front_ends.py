"""One front end per operation: each DVC stage script and its `leia` command take the same options
(names, required or not, defaults), and every stage script takes --params."""

from __future__ import annotations

import argparse
import runpy
from pathlib import Path
from typing import Any

import pytest
import typer.main

from leia.cli import app

ROOT = Path(__file__).resolve().parent.parent
STAGES = ROOT / "stages"

# stages/<script>.py -> the `leia` command that runs the same operation
COMMANDS: dict[str, str] = {
    "base_model": "base-model",
    "demo_world": "demo-world",
    "download": "download",
    "entities": "entities",
    "eval_data": "eval-data",
    "eval_download": "eval-download",
    "evaluate": "evaluate",
    "extract": "extract",
    "methods": "methods",
    "report": "report",
    "sitelinks": "sitelinks",
    "stats": "stats",
    "tokenize_corpus": "tokenize",
    "tokenizer": "tokenizer",
    "train": "train",
    "validate": "validate",
}
# Operations whose two front ends are known to differ (strict xfail: the test says when they agree).
NOT_YET: set[str] = set()

Options = dict[str, tuple[bool, Any]]  # --long-option -> (required, default when not required)


class _Parsed(Exception):
    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.parser = parser


def stage_parser(script: str, monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    """The parser a stage script's main() builds, caught when it parses (nothing runs after that)."""

    def catch(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        raise _Parsed(self)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", catch)
    monkeypatch.setattr("sys.argv", [str(STAGES / f"{script}.py")])
    main = runpy.run_path(str(STAGES / f"{script}.py"), run_name="stage")["main"]
    with pytest.raises(_Parsed) as e:
        main()
    return e.value.parser


def _default(value: Any) -> Any:
    return None if value is None else str(value)  # "params.yaml" and Path("params.yaml") agree


def stage_options(parser: argparse.ArgumentParser) -> Options:
    return {
        max(a.option_strings, key=len): (a.required, None if a.required else _default(a.default))
        for a in parser._actions
        if a.option_strings and not isinstance(a, argparse._HelpAction)
    }


def command_options(name: str) -> Options:
    group = typer.main.get_command(app)
    cmd = group.commands.get(name)  # type: ignore[attr-defined]
    assert cmd is not None, f"no `leia {name}` command"
    return {
        max(p.opts, key=len): (p.required, None if p.required else _default(p.default))
        for p in cmd.params
        if p.param_type_name == "option" and p.name != "help"
    } | {f"<{p.name}>": (p.required, None) for p in cmd.params if p.param_type_name == "argument"}


def test_every_stage_script_is_mapped_to_a_command() -> None:
    assert sorted(p.stem for p in STAGES.glob("*.py")) == sorted(COMMANDS)


@pytest.mark.parametrize(
    "script",
    [pytest.param(s, marks=pytest.mark.xfail(strict=True)) if s in NOT_YET else s for s in sorted(COMMANDS)],
)
def test_stage_and_command_take_the_same_options(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    have = stage_options(stage_parser(script, monkeypatch))
    assert command_options(COMMANDS[script]) == have, f"stages/{script}.py vs `leia {COMMANDS[script]}`"


@pytest.mark.parametrize("script", sorted(COMMANDS))
def test_every_stage_script_takes_params(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    opts = stage_options(stage_parser(script, monkeypatch))
    assert opts.get("--params") == (False, "params.yaml"), f"stages/{script}.py: {opts}"


def test_a_difference_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison sees a renamed option, a changed default and a required flag."""
    p = argparse.ArgumentParser()
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--lang", required=True)
    assert stage_options(p) == command_options("entities")
    p2 = argparse.ArgumentParser()
    p2.add_argument("--params", default="other.yaml")
    p2.add_argument("--lang")
    assert stage_options(p2) != command_options("entities")


def _write_params(path: Path, **sections: Any) -> Path:
    import yaml

    path.write_text(yaml.safe_dump({"languages": ["ja"], **sections}))
    return path


def test_entities_command_reads_the_stages_params(tmp_path: Path) -> None:
    """`leia entities` reads entities.* from --params as the stage does (batch_articles included)."""
    from typer.testing import CliRunner

    params = _write_params(tmp_path / "p.yaml", entities={"min_anchors": 1, "batch_articles": 0})
    res = CliRunner().invoke(app, ["entities", "--lang", "ja", "--params", str(params)])
    assert res.exit_code != 0
    assert str(res.exception).startswith("parameter 'entities.batch_articles': must be >= 1")
    res = CliRunner().invoke(app, ["entities", "--lang", "sw", "--params", str(params)])
    assert "parameter 'languages': does not include 'sw'" in str(res.exception)


@pytest.mark.parametrize("script", ["stats", "report"])
def test_stats_and_report_stages_read_params_from_the_option(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no params.yaml here: only --params can name one
    monkeypatch.setattr("sys.argv", [f"stages/{script}.py", "--params", "mine.yaml"])
    with pytest.raises(SystemExit) as e:
        runpy.run_path(str(STAGES / f"{script}.py"), run_name="__main__")
    assert e.value.code == 2
    assert capsys.readouterr().err.startswith("error: mine.yaml: no such params file")
