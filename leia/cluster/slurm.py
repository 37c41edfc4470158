"""The train/evaluate matrix as SLURM jobs, one job per run, recorded by DVC afterwards.

DVC holds one lock per workspace for a whole `dvc repro`, so jobs running `dvc repro train@…` side
by side in one workspace fail to get it. Each job here runs its stage's own command, as dvc.yaml
resolves it, in the shared workspace (the runs write disjoint outputs); a first job brings the
stages upstream of them up to date with `dvc repro`, and a last job, once every run succeeded, runs
`dvc commit` on the submitted stages. dvc.lock then records each run with the code, data and params
it ran on, so a following `dvc repro` finds them up to date and runs only what comes after (stats,
report). Multi-GPU runs keep their own launcher (torchrun/DeepSpeed); across nodes each node starts
it once through `srun`, with the node rank and the rank-0 host from SLURM.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from leia.errors import ParamError
from leia.params import get, get_int, get_list

SELECTABLE = ("train", "evaluate", "evaluate_base", "evaluate_control")


@dataclass(frozen=True)
class StageRun:
    """A stage `dvc repro` would run: its resolved command and the would-run stages it needs."""

    name: str  # e.g. train@ja-leia-1
    cmd: str
    needs: frozenset[str]  # names of would-run stages upstream of it (transitively)


@dataclass(frozen=True)
class Job:
    key: str  # file-name-safe id, e.g. train_ja-leia-1
    command: str  # what the job script runs (one shell line)
    after: tuple[str, ...]  # keys of the jobs it waits for (afterok)
    stage: str | None = None  # the DVC stage it runs, None for prepare/commit
    nodes: int = 1
    gpus_per_node: int = 0


@dataclass(frozen=True)
class Resources:
    partition: str | None
    account: str | None
    time: str | None
    cpus_per_task: int
    mem: str | None
    gpus_per_train_node: int
    gpus_per_eval: int
    extra_args: tuple[str, ...]
    train_nodes: int


def resources(params: dict[str, Any]) -> Resources:
    def opt(key: str) -> str | None:
        value = get(params, key, None)
        return None if value in (None, "") else str(value)

    extra = get_list(params, "slurm.extra_args", [])
    if not all(isinstance(a, str) and a.startswith("-") for a in extra):
        hint = 'e.g. ["--qos=high"]'
        raise ParamError("slurm.extra_args", f"{extra!r} is not a list of sbatch options", hint)
    return Resources(
        partition=opt("slurm.partition"),
        account=opt("slurm.account"),
        time=opt("slurm.time"),
        cpus_per_task=get_int(params, "slurm.cpus_per_task", 1, min=1),
        mem=opt("slurm.mem"),
        gpus_per_train_node=get_int(params, "slurm.gpus_per_train_node", 0, min=0),
        gpus_per_eval=get_int(params, "slurm.gpus_per_eval", 0, min=0),
        extra_args=tuple(extra),
        train_nodes=get_int(params, "train.launcher.nnodes", 1, min=1),
    )


def job_key(stage: str) -> str:
    return stage.replace("@", "_")


def make_jobs(stages: Sequence[StageRun], select: Sequence[str], res: Resources) -> list[Job]:
    """Jobs for the selected stages (by name before '@'), upstream first; [] when none would run.

    `stages` lists every stage that would run, upstream first (leia.plan's order)."""
    unknown = sorted(set(select) - set(SELECTABLE))
    if unknown:
        raise ParamError("--stages", f"cannot submit {unknown}", f"choose from {list(SELECTABLE)}")
    chosen = [s for s in stages if s.name.split("@", 1)[0] in select]
    if not chosen:
        return []
    names = {s.name for s in chosen}
    order = [s.name for s in stages]
    upstream = sorted({n for s in chosen for n in s.needs} - names, key=order.index)
    jobs: list[Job] = []
    if upstream:
        jobs.append(Job("prepare", "dvc repro " + " ".join(shlex.quote(n) for n in upstream), ()))
    for s in chosen:
        after = tuple(job_key(n) for n in order if n in s.needs and n in names)
        after = (("prepare",) if upstream else ()) + after
        train = s.name.startswith("train@")
        jobs.append(
            Job(
                job_key(s.name), s.cmd, after, s.name,
                nodes=res.train_nodes if train else 1,
                gpus_per_node=res.gpus_per_train_node if train else res.gpus_per_eval,
            )
        )  # fmt: skip
    commit = "dvc commit --force " + " ".join(shlex.quote(s.name) for s in chosen)
    jobs.append(Job("commit", commit, tuple(job_key(s.name) for s in chosen)))
    return jobs


def script(job: Job, root: str) -> str:
    """The batch script of one job."""
    what = f"DVC stage {job.stage}" if job.stage else f"the {job.key} step"
    lines = [
        "#!/bin/bash",
        f"# {what}, written by `leia slurm submit`.",
        "set -euo pipefail",
        f"cd {shlex.quote(root)}",
    ]
    if job.nodes > 1:
        # One launcher per node (torchrun/DeepSpeed start the per-GPU workers); leia.train.launch
        # reads the node rank and the rank-0 host from these variables.
        lines += [
            'export MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"',
            'srun --nodes="$SLURM_JOB_NUM_NODES" --ntasks-per-node=1 --kill-on-bad-exit=1 \\',
            f"  bash -c {shlex.quote('export NODE_RANK=$SLURM_NODEID; exec ' + job.command)}",
        ]
    else:
        lines.append(job.command)
    return "\n".join(lines) + "\n"


def sbatch_args(job: Job, res: Resources, root: str, log_dir: str, after_ids: Sequence[str]) -> list[str]:
    args = [
        "sbatch", "--parsable", f"--job-name=leia:{job.key}", f"--chdir={root}",
        f"--output={log_dir}/{job.key}-%j.log", f"--nodes={job.nodes}", "--ntasks-per-node=1",
        f"--cpus-per-task={res.cpus_per_task}", "--export=ALL",
    ]  # fmt: skip
    if job.gpus_per_node:
        args.append(f"--gpus-per-node={job.gpus_per_node}")
    optional = {"partition": res.partition, "account": res.account, "time": res.time, "mem": res.mem}
    for flag, value in optional.items():
        if value is not None:
            args.append(f"--{flag}={value}")
    if after_ids:
        # A failed run cancels what waits for it, instead of leaving it pending for ever.
        args += ["--dependency=afterok:" + ":".join(after_ids), "--kill-on-invalid-dep=yes"]
    return args + list(res.extra_args)
