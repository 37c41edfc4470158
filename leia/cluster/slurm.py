"""The train/evaluate matrix as SLURM jobs, one job per run, each recorded by DVC when it finishes.

DVC holds one lock per workspace for a whole `dvc repro`, so jobs running `dvc repro train@…` side
by side in one workspace fail to get it. Each job here runs its stage's own command, as dvc.yaml
resolves it, in the shared workspace (the runs write disjoint outputs), then records that one run:
`leia slurm record` runs `dvc commit` of the stage, waiting for the workspace lock, after checking
that what the stage reads is still what the submitted commit holds (leia.cluster.record). A first job
brings the stages upstream of them up to date with `dvc repro`. A failed run costs only itself and
what waits for it (afterok); the others are in dvc.lock, so a later `leia slurm submit` submits only
what is missing, and `dvc repro` runs only what comes after (stats, report). Multi-GPU runs keep
their own launcher (torchrun/DeepSpeed); across nodes each node starts it once through `srun`, with
the node rank and the rank-0 host from SLURM.
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
    stage: str | None = None  # the DVC stage it runs (and records), None for prepare
    nodes: int = 1
    gpus_per_node: int = 0
    kind: str = "prepare"  # prepare | train | evaluate: which resources it asks for


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
    stop_before_s: int = 600  # a training job is told this long before its time limit to save and requeue
    max_running_trains: int | None = None  # a throttle: training job k waits for job k - N to end
    cpus_per_eval: int | None = None  # None: cpus_per_task
    mem_per_eval: str | None = None  # None: mem
    prepare_partition: str | None = None  # None: partition (corpus work needs no GPU)


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
        stop_before_s=get_int(params, "slurm.stop_before_s", 600, min=1),
        max_running_trains=None if get(params, "slurm.max_running_trains", None) is None
        else get_int(params, "slurm.max_running_trains", min=1),
        cpus_per_eval=None if get(params, "slurm.cpus_per_eval", None) is None
        else get_int(params, "slurm.cpus_per_eval", min=1),
        mem_per_eval=opt("slurm.mem_per_eval"),
        prepare_partition=opt("slurm.prepare_partition"),
    )  # fmt: skip


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
                kind="train" if train else "evaluate",
            )
        )  # fmt: skip
    return jobs


def script(job: Job, root: str, commit: str = "HEAD") -> str:
    """The batch script of one job: its command, then (stage jobs) the record of that one run."""
    what = f"DVC stage {job.stage}" if job.stage else f"the {job.key} step"
    lines = [
        "#!/bin/bash",
        f"# {what}, written by `leia slurm submit` at commit {commit}.",
        "set -euo pipefail",
        f"cd {shlex.quote(root)}",
    ]
    if job.gpus_per_node:  # a CUDA run must not fall back to the CPU build or a node without GPUs
        lines.append("python -m leia.cli slurm check-gpu")
    if job.kind == "train":
        lines += [
            "export MASTER_PORT=$((20000 + SLURM_JOB_ID % 40000))",  # two jobs may share a node
            # The time limit or a preemption is near (--signal): ask the training to save and stop
            # (leia.train.stop), then requeue; the requeued job resumes from that checkpoint.
            'export LEIA_STOP_FILE="$PWD/.slurm/stop/$SLURM_JOB_ID"',
            'mkdir -p "$(dirname "$LEIA_STOP_FILE")" && rm -f "$LEIA_STOP_FILE"',
            "trap 'touch \"$LEIA_STOP_FILE\"' USR1",
        ]
    if job.nodes > 1:
        # One launcher per node (torchrun/DeepSpeed start the per-GPU workers); leia.train.launch
        # reads the node rank, the rank-0 host and (DeepSpeed, which starts no ssh then) the job's
        # nodes as a hostfile from these variables.
        slots = max(job.gpus_per_node, 1)
        lines += [
            'export MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"',
            'export LEIA_HOSTFILE="$PWD/.slurm/hostfiles/$SLURM_JOB_ID"',
            'mkdir -p "$(dirname "$LEIA_HOSTFILE")"',
            f'scontrol show hostnames "$SLURM_JOB_NODELIST" | sed "s/$/ slots={slots}/" > "$LEIA_HOSTFILE"',
            'srun --nodes="$SLURM_JOB_NUM_NODES" --ntasks-per-node=1 --kill-on-bad-exit=1 \\',
            f"  bash -c {shlex.quote('export NODE_RANK=$SLURM_NODEID; exec ' + job.command)}",
        ]
    else:
        lines.append(job.command)
    if job.kind == "train":  # in the background, so that the trap runs while it trains
        lines[-1] += " &"
        lines += [
            'pid=$!; rc=0; wait "$pid" || rc=$?',
            'while kill -0 "$pid" 2>/dev/null; do rc=0; wait "$pid" || rc=$?; done  # a trap ends a wait',
            'if [ "$rc" != 0 ] && [ -e "$LEIA_STOP_FILE" ]; then',
            '  echo "time limit near: checkpoint saved; requeueing job $SLURM_JOB_ID to resume from it"',
            '  scontrol requeue "$SLURM_JOB_ID"',
            "  exit 0",
            "fi",
            '[ "$rc" = 0 ] || exit "$rc"',
        ]
    if job.stage:
        lines.append(f"python -m leia.cli slurm record {shlex.quote(job.stage)} --commit {commit}")
    return "\n".join(lines) + "\n"


def sbatch_args(
    job: Job,
    res: Resources,
    root: str,
    log_dir: str,
    after_ids: Sequence[str],
    queue_after: str | None = None,
) -> list[str]:
    """The sbatch line of one job: `after_ids` must succeed first (afterok); `queue_after` (the
    slurm.max_running_trains throttle) must have ended, however it ended (afterany)."""
    evaluate = job.kind == "evaluate"
    cpus = res.cpus_per_eval if evaluate and res.cpus_per_eval else res.cpus_per_task
    mem = res.mem_per_eval if evaluate and res.mem_per_eval else res.mem
    partition = res.prepare_partition if job.kind == "prepare" and res.prepare_partition else res.partition
    args = [
        "sbatch", "--parsable", f"--job-name=leia:{job.key}", f"--chdir={root}",
        f"--output={log_dir}/{job.key}-%j.log", f"--nodes={job.nodes}", "--ntasks-per-node=1",
        f"--cpus-per-task={cpus}", "--export=ALL",
    ]  # fmt: skip
    if job.gpus_per_node:
        args.append(f"--gpus-per-node={job.gpus_per_node}")
    if job.kind == "train":  # the time limit: save a checkpoint and requeue (script above)
        args += ["--requeue", f"--signal=B:USR1@{res.stop_before_s}", "--open-mode=append"]  # keep both logs
    optional = {"partition": partition, "account": res.account, "time": res.time, "mem": mem}
    for flag, value in optional.items():
        if value is not None:
            args.append(f"--{flag}={value}")
    deps = (["afterok:" + ":".join(after_ids)] if after_ids else []) + (
        [f"afterany:{queue_after}"] if queue_after else []
    )
    if deps:
        # A failed run cancels what waits for it, instead of leaving it pending for ever.
        args += ["--dependency=" + ",".join(deps), "--kill-on-invalid-dep=yes"]
    return args + list(res.extra_args)
