"""`leia slurm submit` against a real SLURM controller and node on 127.0.0.1 (tests/cluster/slurm_local.py).

A small DVC project shows the mechanics in seconds (dependencies, each run recording itself, a failed
run costing only itself and a resubmit running only it, a second submit skipping queued runs, a code
edit between submit and finish not recorded as the code a run ran on); the demo's whole matrix shows
that a following `dvc repro` trains nothing."""

from __future__ import annotations

import json
import re
import shutil
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
from leia.errors import InputError

pytestmark = [pytest.mark.slurm, pytest.mark.skipif(missing() is not None, reason=str(missing()))]

FINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED"}
RES = Resources(None, None, None, 1, None, 0, 0, (), 1)

MAKE = """\
import pathlib, sys, time
step, item = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
while pathlib.Path("hold").exists():  # the test releases the runs when it is ready
    time.sleep(0.2)
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
    root: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, select: list[str], res: Resources = RES
) -> dict[str, str]:
    for var in ("SLURM_CONF", "PATH"):
        monkeypatch.setenv(var, env[var])  # sbatch reads them; --export=ALL hands them to the jobs
    monkeypatch.chdir(root)
    return submit(root, res, select, echo=lambda _: None)


def _times(job_id: str, env: dict[str, str]) -> tuple[str, str]:
    out = subprocess.run(["scontrol", "show", "job", job_id, "-o"], env=env, capture_output=True, text=True)
    fields = dict(f.split("=", 1) for f in out.stdout.split() if "=" in f)
    return fields["StartTime"], fields["EndTime"]


def _locked(root: Path) -> set[str]:
    return (
        set(yaml.safe_load((root / "dvc.lock").read_text())["stages"])
        if (root / "dvc.lock").exists()
        else set()
    )


def test_runs_become_jobs_and_record_themselves(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = _project(tmp_path / "p", env)
    throttled = Resources(None, None, None, 1, None, 0, 0, (), 1, max_running_trains=1)
    ids = _submit(root, env, monkeypatch, ["train", "evaluate"], throttled)
    assert list(ids) == ["prepare", "train_a", "train_b", "evaluate_a", "evaluate_b"]
    for key in ids:
        assert _wait(ids[key], env, d, 120) == "COMPLETED", log(d)
    assert _times(ids["train_b"], env)[0] >= _times(ids["train_a"], env)[1]  # one training at a time
    assert (root / "score_b.txt").read_text() == "2"  # "x" + "b", written by the evaluate job
    assert {"source", "train@a", "train@b", "evaluate@a", "evaluate@b"} <= _locked(root)
    status = run(["dvc", "status", "--json"], root, env).stdout
    assert set(json.loads(status)) == {"stats"}  # only what comes after the submitted runs
    out = run(["dvc", "repro"], root, env).stdout
    assert "Running stage 'stats'" in out and "Running stage 'train@" not in out, out
    # Nothing left to submit now.
    assert _submit(root, env, monkeypatch, ["train", "evaluate"]) == {}


def test_a_failed_run_costs_only_itself_and_a_resubmit_runs_only_it(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = _project(tmp_path / "p", env, fail=("b",))
    ids = _submit(root, env, monkeypatch, ["train", "evaluate"])
    assert _wait(ids["train_b"], env, d, 120) == "FAILED"
    assert _wait(ids["evaluate_b"], env, d, 120) == "CANCELLED"
    assert _wait(ids["train_a"], env, d, 120) == _wait(ids["evaluate_a"], env, d, 120) == "COMPLETED"
    runs = {s for s in _locked(root) if s.startswith(("train@", "evaluate@"))}
    assert runs == {"train@a", "evaluate@a"}  # the run that succeeded is recorded
    log_b = next((root / ".slurm" / "logs").glob("train_b-*.log")).read_text()
    assert "train b: told to fail" in log_b
    (root / "fail_b").unlink()  # the fix (not something the stage reads)
    again = _submit(root, env, monkeypatch, ["train", "evaluate"])
    assert list(again) == ["train_b", "evaluate_b"]  # not a, not the prepare step
    assert _wait(again["evaluate_b"], env, d, 120) == "COMPLETED", log(d)
    assert {"train@a", "train@b", "evaluate@a", "evaluate@b"} <= _locked(root)


def test_a_second_submit_skips_queued_runs_and_code_edits_are_not_recorded(
    slurm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d, env = slurm
    root = _project(tmp_path / "p", env)
    (root / "hold").write_text("")
    ids = _submit(root, env, monkeypatch, ["train"])
    assert list(ids) == ["prepare", "train_a", "train_b"]
    assert _submit(root, env, monkeypatch, ["train"]) == {}  # queued or running: not submitted twice
    # An edit of the code the runs read, after the submit and before they finish.
    (root / "make.py").write_text(MAKE + "# edited\n")
    (root / "hold").unlink()
    assert _wait(ids["train_a"], env, d, 120) == "FAILED"  # ran, but refused to record
    log_a = next((root / ".slurm" / "logs").glob("train_a-*.log")).read_text()
    assert "not recorded in dvc.lock" in log_a and "make.py" in log_a, log_a
    assert not {s for s in _locked(root) if s.startswith("train@")}
    assert (root / "model_a.txt").exists()  # its output left in place
    with pytest.raises(InputError, match="not committed.*make.py"):
        _submit(root, env, monkeypatch, ["train"])  # runs must be recorded against a commit


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
    evals = len(params["languages"]) + len(params["evaluate"]["control"])  # evaluate_base, evaluate_control
    assert f"submitted {2 * runs + evals} run(s)" in out, out
    # This submit's jobs (the queue also lists the earlier tests' jobs, some with the same names).
    first, last = (int(x) for x in re.search(r"as SLURM jobs (\d+)–(\d+)", out).groups())
    ids = {name: job for job, name in (line.split() for line in _ids(root, env)) if first <= int(job) <= last}
    assert len(ids) == last - first + 1 == 2 * runs + evals + 1, ids  # the runs and the prepare job
    for name, job in ids.items():
        assert _wait(job, env, d, 1800) == "COMPLETED", (
            name + log(d) + "\n".join(p.read_text()[-2000:] for p in (root / ".slurm" / "logs").glob("*.log"))
        )
    trained = sorted(p.parent.name for p in (root / "models").glob("*/*/seed*/config.json"))
    assert len(trained) == runs, trained
    repro = run(["dvc", "repro"], root, env).stdout
    assert "Running stage 'train@" not in repro and "Running stage 'evaluate" not in repro, repro
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


def _tiny_training_project(root: Path, steps: int) -> Path:
    """A tokenized corpus, tokenizer and base model as the tokenize/tokenizer/base_model stages leave
    them (tests/train's tiny world), and params for one FT run of `steps` optimizer steps."""
    import os

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))
    from train_world import TINY, _english, _target, params, tokenized_table

    from leia import hf_tokenizer
    from leia.train import base_model, tokenizer

    rng = np.random.default_rng(0)
    (root / "data/extracted").mkdir(parents=True)
    for lang, texts in (("en", _english(rng, 40)), ("ja", _target(rng, 40))):
        pq.write_table(pa.table({"text": texts}), root / f"data/extracted/{lang}.parquet")
    p = params(train__save_steps=0, train__max_steps={"ja": steps})
    (root / "params.yaml").write_text(yaml.safe_dump(p))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        tokenizer.run(TINY)
        base_model.run(TINY)
    finally:
        os.chdir(cwd)
    texts = pq.read_table(root / "data/extracted/ja.parquet")["text"].to_pylist()
    (root / "data/tokenized").mkdir(parents=True)
    table = tokenized_table(hf_tokenizer.load(root / "models/base"), texts, rng)
    pq.write_table(table, root / "data/tokenized/ja.parquet")
    return root


def test_a_training_job_told_its_time_is_up_checkpoints_requeues_and_finishes_identically(
    slurm, tmp_path: Path
) -> None:
    """What a time limit does to a training job (`--signal=B:USR1@…`, `--requeue`), with the signal sent
    by hand (`scancel --signal=USR1 --batch`) once it has trained a few steps: the training saves a
    checkpoint and stops, the job requeues itself, resumes, and ends with the model an uninterrupted
    run writes, byte for byte."""
    from leia.cluster.slurm import Job, sbatch_args, script

    d, env = slurm
    steps = 1000
    root = _tiny_training_project(tmp_path / "p", steps)
    command = f"{sys.executable} -m leia.train.main --lang ja --method ft --seed 1"
    job = Job("train_ja-ft-1", command, (), None, kind="train")
    path = root / "job.sh"
    path.write_text(script(job, str(root)))
    (root / ".slurm/logs").mkdir(parents=True)
    args = sbatch_args(job, RES, str(root), str(root / ".slurm/logs"), []) + [str(path)]
    assert "--requeue" in args and "--signal=B:USR1@600" in args
    job_id = run(args, root, env).stdout.strip().split(";")[0]
    loss = root / "dvclive/ja-ft-seed1/plots/metrics/train/loss.tsv"
    deadline = time.monotonic() + 120
    while not (loss.exists() and len(loss.read_text().splitlines()) > 5):
        assert time.monotonic() < deadline and job_state(job_id, env) not in FINAL, log(d)
        time.sleep(0.2)
    run(["scancel", "--signal=USR1", "--batch", job_id], root, env)
    deadline = time.monotonic() + 300
    pending_since = None
    while (state := job_state(job_id, env)) not in FINAL:
        assert time.monotonic() < deadline, f"job {job_id} still {state}\n{log(d)}"
        pending_since = (pending_since or time.monotonic()) if state == "PENDING" else None
        # SLURM holds a requeued job a while (BeginTime); once the old batch step is surely gone (a start
        # right after the requeue is refused: "Job credential revoked"), let it start now.
        if pending_since and time.monotonic() - pending_since > 10:
            subprocess.run(
                ["scontrol", "update", f"JobId={job_id}", "StartTime=now"], env=env, capture_output=True
            )
        time.sleep(0.5)
    assert state == "COMPLETED", log(d) + next((root / ".slurm/logs").iterdir()).read_text()
    out = "".join(p.read_text() for p in (root / ".slurm/logs").iterdir())
    assert "requeueing job" in out, out[-3000:]
    run_info = json.loads((root / "models/ja/ft/seed1/leia_run.json").read_text())
    assert run_info["resumed_from"] and run_info["steps_run"] == steps
    # The same run, uninterrupted, in a copy of the inputs.
    ref = tmp_path / "ref"
    for sub in ("data/tokenized", "models/base"):
        shutil.copytree(root / sub, ref / sub)
    shutil.copy2(root / "params.yaml", ref / "params.yaml")
    run([sys.executable, "-m", "leia.train.main", "--lang", "ja", "--method", "ft", "--seed", "1"], ref, env)
    model = "models/ja/ft/seed1/model.safetensors"
    assert (root / model).read_bytes() == (ref / model).read_bytes()
