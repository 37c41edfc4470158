"""Comparisons that read: DVC metrics hold score and p per task/lang/method; `leia compare` prints them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import yaml
from typer.testing import CliRunner

from leia.cli import app
from leia.report.compare import render, rows
from leia.report.pipeline import run_stats
from leia.report.statsfile import compact

from .conftest import make_world

ROOT = Path(__file__).resolve().parents[2]


def test_dvc_metrics_are_the_compared_figures_only() -> None:
    """No per-run training or evaluation file among the DVC metrics (dvclive step internals, wall clock)."""
    dvc = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
    metrics = []
    for stage in dvc["stages"].values():
        body = stage.get("do", stage)
        metrics += [next(iter(m)) if isinstance(m, dict) else m for m in body.get("metrics", [])]
    assert "metrics/compare.json" in metrics
    assert not [m for m in metrics if m.startswith(("dvclive", "results/"))]
    assert "/dvc_plots/" in (ROOT / ".gitignore").read_text().splitlines()


def test_compare_json_holds_score_and_p_per_cell(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs={"ja": ["xcodah"]}, methods={"ft": 0.0, "leia": 0.2}, seeds=[1, 2])
    entries, _ = run_stats(params, tmp_path / "results" / "eval", tmp_path / "s.json", tmp_path / "s.csv",
                           tmp_path / "compare.json")  # fmt: skip
    got = json.loads((tmp_path / "compare.json").read_text())
    assert got == compact(entries)
    assert set(got) == {"xcodah/ja/base", "xcodah/ja/ft", "xcodah/ja/leia", "xcodah/ja/leia/p_vs_ft",
                        "xcodah/avg/base", "xcodah/avg/ft", "xcodah/avg/leia"}  # fmt: skip
    assert got["xcodah/ja/leia"] == round(100 * entries["xcodah/ja/leia"]["mean"], 2)


def test_compare_rows_from_exp_show_records() -> None:
    records = [
        {"Experiment": None, "rev": "workspace", "strategy": "left", "p_skip": 0.5, "mask_name_loss": "False",
         "xcodah/ja/ft": 25.4, "xcodah/ja/leia": 27.4, "xcodah/ja/leia/p_vs_ft": 0.01, "train.lr": 0.001,
         # code and data deps are columns of dvc exp show too, named like scores
         "leia/report/analysis.py": "3f5a9c0e1d2b4a6f8e7d9c1b2a3f4e5d", "data/tokenized/ja.parquet": "12"},
        {"Experiment": "exp-1", "rev": "abc", "params.yaml:strategy": "right", "p_skip": 0.0,
         "mask_name_loss": False, "metrics/compare.json:xcodah/ja/ft": 25.0,
         "metrics/compare.json:xcodah/ja/leia": "None", "niilc/ja/leia": 0.0},
    ]  # fmt: skip
    table = rows(records)
    assert table[0] == ["experiment", "strategy/p_skip/mask_name_loss", "task", "ft", "leia", "LEIA−FT",
                        "p (LEIA>FT)"]  # fmt: skip
    assert table[1] == ["workspace", "left/0.5/False", "X-CODAH ja", "25.4", "27.4", "+2.0", "0.01"]
    assert table[2][:5] == ["exp-1", "right/0.0/False", "X-CODAH ja", "25.0", "—"] and table[2][5] == "—"
    assert len(rows(records, ["niilc"])) == 2  # only the one task asked for
    assert "train.lr" not in render(table)


def test_leia_compare_in_a_repo(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(ROOT / ".dvc", tmp_path / ".dvc", ignore=shutil.ignore_patterns("tmp", "cache"))
    (tmp_path / "params.yaml").write_text("strategy: right\np_skip: 0.5\nmask_name_loss: false\n")
    stage = {"cmd": "true", "params": ["strategy"], "metrics": [{"metrics/compare.json": {"cache": False}}]}
    (tmp_path / "dvc.yaml").write_text(yaml.safe_dump({"stages": {"stats": stage}}))
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "compare.json").write_text('{"xcodah/ja/ft": 25.4, "xcodah/ja/leia": 26.4}')
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@t")  # fmt: skip
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "baseline"]):
        subprocess.run(cmd, cwd=tmp_path, check=True, env=env)
    (tmp_path / "metrics" / "compare.json").write_text('{"xcodah/ja/ft": 25.4, "xcodah/ja/leia": 28.4}')
    monkeypatch.setenv("DVC_SITE_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["compare"])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split()[:5] == ["experiment", "strategy/p_skip/mask_name_loss", "task", "ft", "leia"]
    assert lines[1].split()[:7] == ["workspace", "right/0.5/False", "X-CODAH", "ja", "25.4", "28.4", "+3.0"]
    assert lines[2].split()[4:7] == ["25.4", "26.4", "+1.0"] and len(lines) == 3
