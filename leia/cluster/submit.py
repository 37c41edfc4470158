"""Collect the runs DVC would make, write their batch scripts, hand them to `sbatch`."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from leia.cluster.record import changed_since, head
from leia.cluster.slurm import Resources, StageRun, make_jobs, sbatch_args, script
from leia.errors import InputError, LeiaError
from leia.io import atomic_path

WORK_DIR = ".slurm"  # git-ignored: batch scripts and job logs


def would_run(root: Path) -> list[StageRun]:
    """Every stage `dvc repro` would run, upstream first, with its command and what it needs."""
    import networkx as nx
    from dvc.repo import Repo

    from leia.plan import plan

    wanted = {p.name for p in plan(root)}
    with Repo(str(root)) as repo:
        graph = repo.index.graph  # edges point from a stage to the stages it depends on
        place = {s.name: i for i, s in enumerate(repo.index.stages)}  # dvc.yaml order, runs expanded
        # Upstream first; among stages free to go, dvc.yaml's order (train@ja-ft-1, train@ja-ft-2, …).
        order = nx.lexicographical_topological_sort(graph.reverse(copy=False), key=lambda s: place[s.name])
        return [
            StageRun(s.name, str(s.cmd), frozenset({d.name for d in nx.descendants(graph, s)} & wanted))
            for s in order
            if s.name in wanted
        ]


def _sbatch(args: list[str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode:
        raise LeiaError(f"sbatch refused the job ({' '.join(args[1:-1])}): {done.stderr.strip()}")
    return done.stdout.strip().split(";", 1)[0]  # --parsable: "id" or "id;cluster"


ACTIVE = {
    "PENDING",
    "RUNNING",
    "CONFIGURING",
    "COMPLETING",
    "REQUEUED",
    "RESIZING",
    "SUSPENDED",
    "REQUEUE_HOLD",
}
SUBMITTED = "submitted.json"  # {job key: SLURM job id} of this workspace's jobs, across submits


def active_jobs(work: Path) -> dict[str, str]:
    """{key: id} of this workspace's earlier jobs that are still queued or running (squeue)."""
    path = work / SUBMITTED
    if not path.exists():
        return {}
    known: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    if not known:
        return {}
    # All of this user's jobs, filtered here: asking for ids SLURM has already purged is an error.
    done = subprocess.run(
        ["squeue", "--me", "-h", "-t", "all", "-o", "%i %T"], capture_output=True, text=True
    )
    state = dict(line.split()[:2] for line in done.stdout.splitlines() if line.strip())
    return {k: i for k, i in known.items() if state.get(i) in ACTIVE}


def check_gpu_build(res: Resources) -> None:
    """Refuse to submit GPU jobs from an environment with torch's CPU build (set up on a login node
    without a GPU, setup.sh picks the cpu variant): every run would silently train on the CPU."""
    if not (res.gpus_per_train_node or res.gpus_per_eval):
        return
    import torch

    if torch.version.cuda is None:
        raise LeiaError(
            f"the jobs ask for GPUs but this environment has torch {torch.__version__}, a CPU build: "
            "recreate .venv with the CUDA lock (rm -rf .venv && LEIA_VARIANT=cuda bash scripts/setup.sh)"
        )


def submit(
    root: Path,
    res: Resources,
    select: Sequence[str],
    *,
    dry_run: bool = False,
    echo: Callable[[str], None] = print,
) -> dict[str, str]:
    """Submit one job per selected run that is neither recorded in dvc.lock nor already queued or running
    from an earlier submit; returns {job key: SLURM job id} of the new jobs ({} for a dry run)."""
    if not (root / "dvc.yaml").exists():
        raise InputError(root / "dvc.yaml", "not found", "run from the repository root")
    root_s = str(root.resolve())
    work = root.resolve() / WORK_DIR
    runs = would_run(root)
    jobs = make_jobs(runs, select, res)
    # The runs are recorded against the submitted commit: what they read must be committed.
    commit = head(root)
    dirty = changed_since(root, commit, [j.stage for j in jobs if j.stage]) if jobs else []
    if dirty:
        raise InputError(root, f"what the runs read is not committed ({', '.join(dirty[:5])})",
                         "commit it first: each run is recorded against the submitted commit")  # fmt: skip
    active = {} if dry_run or not jobs else active_jobs(work)
    jobs = [j for j in jobs if j.key not in active]
    if not [j for j in jobs if j.stage]:
        why = (
            f"{len(active)} queued or running from an earlier submit"
            if active
            else "dvc repro finds them up to date"
        )
        echo(f"nothing to submit: no {'/'.join(select)} stage left to run ({why})")
        return {}
    if dry_run:
        for job in jobs:
            echo(" ".join(sbatch_args(job, res, root_s, f"{work}/logs", [f"<{a}>" for a in job.after])))
            echo(script(job, root_s, commit))
        return {}
    check_gpu_build(res)
    if shutil.which("sbatch") is None:
        raise LeiaError("sbatch not found on PATH: run `leia slurm submit` on a SLURM login node")
    (work / "logs").mkdir(parents=True, exist_ok=True)
    (work / "jobs").mkdir(parents=True, exist_ok=True)
    ids: dict[str, str] = {}
    trains: list[str] = []  # this submit's training jobs, for the slurm.max_running_trains throttle
    try:
        for job in jobs:
            path = work / "jobs" / f"{job.key}.sh"
            with atomic_path(path) as tmp:
                tmp.write_text(script(job, root_s, commit), encoding="utf-8")
            after = [ids.get(a) or active[a] for a in job.after]  # an earlier submit's job still counts
            n = res.max_running_trains
            queue_after = trains[-n] if job.kind == "train" and n and len(trains) >= n else None
            args = sbatch_args(job, res, root_s, f"{work}/logs", after, queue_after) + [str(path)]
            ids[job.key] = _sbatch(args)
            if job.kind == "train":
                trains.append(ids[job.key])
    except BaseException:
        # Nothing half-submitted: cancel this submit's jobs (each run records itself when it finishes).
        if ids:
            subprocess.run(["scancel", *ids.values()], capture_output=True)
        raise
    with atomic_path(work / SUBMITTED) as tmp:
        tmp.write_text(json.dumps({**active, **ids}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return ids


def summary(jobs: dict[str, str], select: Sequence[str]) -> list[str]:
    runs = [k for k in jobs if k != "prepare"]
    lines = [f"submitted {len(runs)} run(s) ({'/'.join(select)}) as SLURM jobs {min(jobs.values(), key=int)}–"
             f"{max(jobs.values(), key=int)}; logs in {WORK_DIR}/logs/"]  # fmt: skip
    if "prepare" in jobs:
        lines.append(f"  job {jobs['prepare']}: dvc repro of the stages they need")
    lines.append("each run records itself in dvc.lock when it finishes; a failed one costs only itself and "
                 "what waits for it: submit again to run what is missing")  # fmt: skip
    lines.append(
        "when they have finished (squeue --me), `dvc repro` runs what is left, e.g. stats and report"
    )
    return lines
