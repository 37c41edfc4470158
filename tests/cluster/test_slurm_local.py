"""`leia slurm submit` against a real SLURM controller and node on 127.0.0.1 (tests/cluster/slurm_local.py).

A small DVC project shows the mechanics in seconds (dependencies, the commit job, a failed run
cancelling what waits for it); the demo's whole train/evaluate matrix shows that a following
`dvc repro` trains nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from scratch_repo import run, scratch_demo_repo
from slurm_local import job_state, local_slurm, log, missing

from leia.cluster.slurm import Resources
from leia.cluster.submit import submit

pytestmark = [pytest.mark.slurm, pytest.mark.skipif(missing() is not None, reason=str(missing()))]

FINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED"}
RES = Resources(None, None, None, 1, None, 0, 0, (), 1)

MAKE = """\
import pathlib, sys
step, item = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
if pathlib.Path(f"fail_{item}").exists():
    sys.exit(f"{step} {item}: told to fail")
if step == "train":
    pathlib.Path(f"model_{item}.txt").write_text(pathlib.Path("data.txt").read_text() + item)
elif step == "evaluate":
    pathlib.Path(f"score_{item}.txt").write_text(str(len(pathlib.Path(f"model_{item}.txt").read_text())))
else:
    scores = [pathlib.Path(f"score_{x}.txt").read_text() for x in "ab"]
    pathlib.Path("stats.txt").write_text(" ".join(scores))
"""

PIPELINE = """\
stages:
  source:
    cmd: python -c "import pathlib; pathlib.Path('data.txt').write_text('x')"
    outs: [data.txt]
  train:
    foreach: [a, b]
    do:
      cmd: python make.py train ${item}
      deps: [data.txt, make.py]
      outs:
        - model_${item}.txt
  evaluate:
    foreach: [a, b]
    do:
      cmd: python make.py evaluate ${item}
      deps:
        - model_${item}.txt
      outs:
        - score_${item}.txt
  stats:
    cmd: python make.py stats
    deps: [score_a.txt, score_b.txt]
    outs: [stats.txt]
"""


@pytest.fixture(scope="module")
def slurm(tmp_path_factory: pytest.TempPathFactory):
    d = tmp_path_factory.mktemp("slurm")
    with local_slurm(d) as env:
        env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"  # the jobs' dvc and python
        env["DVC_NO_ANALYTICS"] = "1"
        yield d, env


def _wait(job_id: str, env: dict[str, str], d: Path, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while (state := job_state(job_id, env)) not in FINAL:
        assert time.monotonic() < deadline, f"job {job_id} still {state} after {timeout_s} s\n{log(d)}"
        time.sleep(1)
    return state


def _project(root: Path, env: dict[str, str], fail: tuple[str, ...] = ()) -> Path:
    """The pipeline above as a git + DVC repository; the runs named in `fail` exit non-zero."""
    root.mkdir()
    for item in fail:
        (root / f"fail_{item}").write_text("")
    (root / "make.py").write_text(MAKE)
    (root / "dvc.yaml").write_text(PIPELINE)
    for cmd in (["git", "init", "-q"], ["dvc", "init", "-q"], ["git", "add", "-A"],
                ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "p"]):  # fmt: skip
        run(cmd, root, env)
    return root


def _submit(
    root: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, select: list[str]
) -> dict[str, str]:
    for var in ("SLURM_CONF", "PATH"):
        monkeypatch.setenv(var, env[var])  # sbatch reads them; --export=ALL hands them to the jobs
    monkeypatch.chdir(root)
    return submit(root, RES, select, echo=lambda _: None)


def test_runs_become_jobs_and_dvc_records_them(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = _project(tmp_path / "p", env)
    ids = _submit(root, env, monkeypatch, ["train", "evaluate"])
    assert set(ids) == {"prepare", "train_a", "train_b", "evaluate_a", "evaluate_b", "commit"}
    assert (list(ids)[0], list(ids)[-1]) == ("prepare", "commit")
    assert _wait(ids["commit"], env, d, 120) == "COMPLETED", (root / ".slurm" / "logs").iterdir()
    assert (root / "score_b.txt").read_text() == "2"  # "x" + "b", written by the evaluate job
    locked = yaml.safe_load((root / "dvc.lock").read_text())["stages"]
    assert {"source", "train@a", "train@b", "evaluate@a", "evaluate@b"} <= set(locked)
    status = run(["dvc", "status", "--json"], root, env).stdout
    assert set(json.loads(status)) == {"stats"}  # only what comes after the submitted runs
    out = run(["dvc", "repro"], root, env).stdout
    assert "Running stage 'stats'" in out and "Running stage 'train@" not in out, out
    # Nothing left to submit now.
    assert _submit(root, env, monkeypatch, ["train", "evaluate"]) == {}


def test_a_failed_run_cancels_what_waits_and_records_nothing(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = _project(tmp_path / "p", env, fail=("b",))
    ids = _submit(root, env, monkeypatch, ["train", "evaluate"])
    assert _wait(ids["train_b"], env, d, 120) == "FAILED"
    assert _wait(ids["commit"], env, d, 120) == "CANCELLED"
    assert _wait(ids["evaluate_b"], env, d, 120) == "CANCELLED"
    assert _wait(ids["evaluate_a"], env, d, 120) == "COMPLETED"
    locked = yaml.safe_load((root / "dvc.lock").read_text())["stages"]
    assert not [s for s in locked if s.startswith(("train@", "evaluate@"))], locked  # all or nothing
    log_b = next((root / ".slurm" / "logs").glob("train_b-*.log")).read_text()
    assert "train b: told to fail" in log_b


@pytest.mark.e2e
def test_demo_matrix_on_slurm_then_dvc_repro_trains_nothing(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = tmp_path / "repo"
    repo_env = scratch_demo_repo(root)
    env = {**repo_env, "SLURM_CONF": env["SLURM_CONF"]}
    params = yaml.safe_load((root / "params.yaml").read_text())
    runs = len(params["languages"]) * len(params["methods"]) * len(params["seeds"])
    # The command a user types, on the login node.
    out = run([sys.executable, "-m", "leia.cli", "slurm", "submit"], root, env).stdout
    ids = dict(line.split()[::-1] for line in _ids(root, env))
    assert f"submitted {2 * runs} run(s) (train/evaluate)" in out, out
    commit = ids["leia:commit"]
    assert _wait(commit, env, d, 1800) == "COMPLETED", log(d) + "\n".join(
        p.read_text()[-2000:] for p in (root / ".slurm" / "logs").glob("*.log")
    )
    trained = sorted(p.parent.name for p in (root / "models").glob("*/*/seed*/config.json"))
    assert len(trained) == runs, trained
    repro = run(["dvc", "repro"], root, env).stdout
    assert "Running stage 'train@" not in repro and "Running stage 'evaluate@" not in repro, repro
    assert "Running stage 'stats'" in repro, repro
    stats = json.loads((root / "metrics" / "stats.json").read_text())
    assert any(key.endswith("/leia") for key in stats), sorted(stats)[:5]


def _ids(root: Path, env: dict[str, str]) -> list[str]:
    """'<id> <name>' of every job in the queue or recently ended (MinJobAge keeps them listed)."""
    out = subprocess.run(
        ["squeue", "-h", "-t", "all", "-o", "%i %j"], cwd=root, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines() if line.strip()]
