"""End to end: `dvc repro` of the embedded demo in a scratch copy of the repository, from scratch.

Every tracked output (reports/, metrics/, results/, dvclive/) is deleted before `dvc repro`, so what
is asserted was regenerated: the stats and report stages must run and cover every configured run, and
the base model must know its world in English (the positive control: an evaluation that ignored the
model, or swapped labels, would score at chance). The paper's finding itself (LEIA - FT >= 5 points,
significant, in 3 of the 4 X-CODAH/X-CSQA cells) is not reached by the demo yet and is not asserted:
docs/demo-world.md records what was measured.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("reports", "metrics", "results", "dvclive")
CEILING = 0.80  # the base model's English score on its own world (the positive control)


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    dst = tmp_path_factory.mktemp("demo") / "repo"
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    shutil.copy2(dst / "profiles" / "demo.yaml", dst / "params.yaml")  # the demo, whatever is active here
    for tracked in OUTPUTS:  # nothing committed may stand in for what the pipeline must produce
        shutil.rmtree(dst / tracked, ignore_errors=True)
    env = dict(os.environ)
    env.update(
        DVC_NO_ANALYTICS="1",
        HF_HUB_OFFLINE="1",
        HF_DATASETS_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        MPLBACKEND="Agg",
        DVC_SITE_CACHE_DIR=str(dst / ".cache" / "dvc-site"),
        TORCH_EXTENSIONS_DIR=str(ROOT / ".cache" / "torch_extensions"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    for cmd in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "demo"],
    ):
        _run(cmd, dst, env)
    _run(["dvc", "repro"], dst, env)
    return dst, env


@pytest.mark.e2e
def test_demo_base_model_knows_its_world_in_english(demo_repo: tuple[Path, dict[str, str]]) -> None:
    stats = json.loads((demo_repo[0] / "metrics" / "stats.json").read_text())
    for task in ("xcodah", "xcsqa"):
        assert stats[f"{task}/en/base"]["mean"] >= CEILING, (task, stats[f"{task}/en/base"])


@pytest.mark.e2e
def test_demo_stats_cover_every_configured_run(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo = demo_repo[0]
    stats = json.loads((repo / "metrics" / "stats.json").read_text())
    for task in ("xcodah", "xcsqa"):
        for lang in ("ja", "sw"):
            for method in ("ft", "leia"):
                entry = stats[f"{task}/{lang}/{method}"]
                assert entry["n"] == 3 and 0.0 <= entry["mean"] <= 1.0, (task, lang, method, entry)
    readme = (repo / "reports" / "README.md").read_text(encoding="utf-8")
    assert "English ceiling" in readme and "None: every configured run has results." in readme


@pytest.mark.e2e
def test_demo_repro_renders_reports(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = demo_repo
    readme = (repo / "reports" / "README.md").read_text(encoding="utf-8")
    assert "LEIA" in readme and "FT" in readme
    for name in ("table2", "table3"):
        for ext in ("md", "tex", "csv"):
            assert (repo / "reports" / "tables" / f"{name}.{ext}").stat().st_size > 0
    assert list((repo / "reports" / "figures").glob("*.png")), "no figure rendered"
    stats = json.loads((repo / "metrics" / "stats.json").read_text())
    assert any("/leia" in key for key in stats), stats.keys()


@pytest.mark.e2e
def test_demo_repro_is_up_to_date_and_metrics_readable(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = demo_repo
    status = _run(["dvc", "status"], repo, env).stdout
    assert "changed" not in status, status
    shown = _run(["dvc", "metrics", "show", "--json"], repo, env).stdout
    assert "metrics/compare.json" in shown and "dvclive" not in shown  # the compared figures only
