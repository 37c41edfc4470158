"""`leia stats` and `leia report` from the command line, as a user runs them."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from typer.testing import CliRunner

from leia.cli import app

from .conftest import make_world


def test_cli_stats_then_report(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs={"ja": ["xcodah"]}, methods={"ft": 0.0, "leia": 0.2}, seeds=[1, 2])
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params))
    runner, cwd = CliRunner(), os.getcwd()
    os.chdir(tmp_path)
    try:
        res = runner.invoke(app, ["stats"])
        assert res.exit_code == 0, res.output
        assert (tmp_path / "metrics" / "stats.json").exists()
        assert (tmp_path / "results" / "stats.csv").exists()
        res = runner.invoke(app, ["report"])
        assert res.exit_code == 0, res.output
        assert "reports/README.md" in res.output and (tmp_path / "reports" / "tables" / "table2.tex").exists()
        res = runner.invoke(app, ["report", "--out", "elsewhere"])
        assert res.exit_code == 0, res.output
        assert (tmp_path / "elsewhere" / "tables" / "table2.tex").exists()
        assert res.output.startswith("report: ") and "elsewhere/README.md" in res.output
        res = runner.invoke(app, ["stats", "--params", "nowhere.yaml"])
        assert res.exit_code != 0 and "nowhere.yaml" in str(res.exception)
    finally:
        os.chdir(cwd)
