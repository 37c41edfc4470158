"""A DVC remote round trip: push the per-example samples, clone, `dvc pull` only them (no models), and
`stats` recomputes exactly what dvc.lock recorded."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DVC = str(Path(sys.executable).parent / "dvc")

_spec = importlib.util.spec_from_file_location("report_world", ROOT / "tests/report/conftest.py")
report_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report_world)

DVC_YAML = """\
stages:
  stats:
    cmd: python stages/stats.py
    deps:
      - results/eval
      - stages/stats.py
    params:
      - stats
    outs:
      - results/stats.csv
    metrics:
      - metrics/compare.json:
          cache: false
      - metrics/stats.json:
          cache: false
"""


def _run(cmd: list[str], cwd: Path) -> str:
    who = {f"GIT_{r}_{k}": v for r in ("AUTHOR", "COMMITTER") for k, v in (("NAME", "t"), ("EMAIL", "t@t"))}
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_SITE_CACHE_DIR=str(cwd.parent / "site"), **who)
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    assert r.returncode == 0, f"{' '.join(cmd)}\n{r.stdout}\n{r.stderr}"
    return r.stdout


def test_push_pull_round_trip_recomputes_stats(tmp_path: Path) -> None:
    src, clone, remote = tmp_path / "src", tmp_path / "clone", tmp_path / "remote"
    src.mkdir()
    params = report_world.make_world(
        src, langs={"ja": ["xcodah", "niilc"]}, methods={"ft": 0.0, "leia": 0.1}, seeds=[1, 2, 3], n=40
    )
    (src / "params.yaml").write_text(yaml.safe_dump(params))
    (src / "stages").mkdir()
    shutil.copy(ROOT / "stages/stats.py", src / "stages/stats.py")
    (src / "dvc.yaml").write_text(DVC_YAML)
    _run(["git", "init", "-q"], src)
    _run([DVC, "init", "-q"], src)
    _run([DVC, "config", "core.analytics", "false"], src)
    samples = sorted(str(p.relative_to(src)) for p in (src / "results/eval").glob("*/samples"))
    assert len(samples) == 7  # base + 2 methods x 3 seeds
    _run([DVC, "add", "-q", *samples], src)  # in the real DAG: the evaluate stages' cached outs
    _run([DVC, "repro", "-q", "stats"], src)
    _run([DVC, "remote", "add", "-d", "store", str(remote)], src)  # the README's `dvc remote add`
    _run(["git", "add", "-A"], src)
    _run(["git", "commit", "-qm", "results"], src)
    _run([DVC, "push", "-q"], src)

    _run(["git", "clone", "-q", str(src), str(clone)], tmp_path)
    assert not (clone / samples[0]).exists()  # git-ignored: only DVC brings them
    _run([DVC, "pull", "-q", *samples], clone)  # the samples only, as one would skip the models
    assert not (clone / "results/stats.csv").exists()
    _run([DVC, "repro", "-q", "stats"], clone)  # recompute: the outputs equal those dvc.lock recorded
    for rel in ("results/stats.csv", "metrics/stats.json", "metrics/compare.json"):
        assert (clone / rel).read_bytes() == (src / rel).read_bytes(), rel
    assert "up to date" in _run([DVC, "status", "stats"], clone).lower()
    assert not _run(["git", "status", "--porcelain"], clone).strip()
