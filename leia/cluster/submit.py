"""Collect the runs DVC would make, write their batch scripts, hand them to `sbatch`."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

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


def submit(
    root: Path,
    res: Resources,
    select: Sequence[str],
    *,
    dry_run: bool = False,
    echo: Callable[[str], None] = print,
) -> dict[str, str]:
    """Submit one job per selected run; returns {job key: SLURM job id} ({} for a dry run)."""
    if not (root / "dvc.yaml").exists():
        raise InputError(root / "dvc.yaml", "not found", "run from the repository root")
    jobs = make_jobs(would_run(root), select, res)
    if not jobs:
        echo(f"nothing to submit: no {'/'.join(select)} stage would run (dvc repro finds them up to date)")
        return {}
    root_s = str(root.resolve())
    work = root.resolve() / WORK_DIR
    if dry_run:
        for job in jobs:
            echo(" ".join(sbatch_args(job, res, root_s, f"{work}/logs", [f"<{a}>" for a in job.after])))
            echo(script(job, root_s))
        return {}
    if shutil.which("sbatch") is None:
        raise LeiaError("sbatch not found on PATH: run `leia slurm submit` on a SLURM login node")
    (work / "logs").mkdir(parents=True, exist_ok=True)
    (work / "jobs").mkdir(parents=True, exist_ok=True)
    ids: dict[str, str] = {}
    try:
        for job in jobs:
            path = work / "jobs" / f"{job.key}.sh"
            with atomic_path(path) as tmp:
                tmp.write_text(script(job, root_s), encoding="utf-8")
            args = sbatch_args(job, res, root_s, f"{work}/logs", [ids[a] for a in job.after]) + [str(path)]
            ids[job.key] = _sbatch(args)
    except BaseException:
        # All or nothing: a half-submitted matrix would commit a partial set of runs.
        if ids:
            subprocess.run(["scancel", *ids.values()], capture_output=True)
        raise
    return ids


def summary(jobs: dict[str, str], select: Sequence[str]) -> list[str]:
    runs = [k for k in jobs if k not in ("prepare", "commit")]
    lines = [f"submitted {len(runs)} run(s) ({'/'.join(select)}) as SLURM jobs {min(jobs.values(), key=int)}–"
             f"{max(jobs.values(), key=int)}; logs in {WORK_DIR}/logs/"]  # fmt: skip
    if "prepare" in jobs:
        lines.append(f"  job {jobs['prepare']}: dvc repro of the stages they need")
    lines.append(f"  job {jobs['commit']}: dvc commit of the runs, once all succeeded")
    lines.append("when it has finished (squeue --me), `dvc repro` runs what is left, e.g. stats and report")
    return lines
