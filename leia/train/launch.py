"""Re-execute the training entry point under torchrun or the deepspeed launcher, as params ask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from leia.errors import LeiaError
from leia.train.config import Launcher

ENTRY = "leia.train.main"
LAUNCHED = "LEIA_TRAIN_LAUNCHED"


def already_launched() -> bool:
    return os.environ.get(LAUNCHED) == "1" or "LOCAL_RANK" in os.environ


def command(launcher: Launcher, args: list[str]) -> list[str]:
    # A scheduler's job script (leia.cluster.slurm) names the rank-0 host, this node's rank, a port of
    # the job's own (two jobs on one node must not share one) and, for DeepSpeed, the job's hostfile.
    master_addr = os.environ.get("MASTER_ADDR") or launcher.master_addr
    master_port = int(os.environ.get("MASTER_PORT") or launcher.master_port)
    node_rank = os.environ.get("NODE_RANK")
    hostfile = os.environ.get("LEIA_HOSTFILE") or launcher.hostfile
    if launcher.kind == "torchrun":
        return [
            sys.executable, "-m", "torch.distributed.run",
            f"--nproc_per_node={launcher.nproc_per_node}",
            f"--nnodes={launcher.nnodes}",
            f"--node_rank={node_rank or '0'}",  # set NODE_RANK on each node for multi-node
            f"--master_addr={master_addr}",
            f"--master_port={master_port}",
            "-m", ENTRY, *args,
        ]  # fmt: skip
    if launcher.kind == "deepspeed":
        cmd = [sys.executable, "-m", "deepspeed.launcher.runner", "--no_local_rank"]
        if hostfile:
            cmd += ["--hostfile", hostfile]
        if launcher.nnodes > 1 and node_rank is not None:
            # Started once per node by the scheduler (srun): no ssh from rank 0 to the others; each
            # node runs its own share of the hostfile's slots.
            cmd += ["--no_ssh", f"--node_rank={node_rank}"]
        cmd += [
            f"--num_nodes={launcher.nnodes}",
            f"--num_gpus={launcher.nproc_per_node}",
            f"--master_addr={master_addr}",
            f"--master_port={master_port}",
            "--module", ENTRY, *args,
        ]  # fmt: skip
        return cmd
    raise ValueError(launcher.kind)


def relaunch(launcher: Launcher, args: list[str]) -> None:
    """Run the workers and wait; a failure becomes one LeiaError (the workers' logs are above it)."""
    env = dict(os.environ)
    env[LAUNCHED] = "1"
    # DeepSpeed compiles small C++ ops on first use: keep them in the project's cache, not ~/.cache.
    env.setdefault("TORCH_EXTENSIONS_DIR", str(Path(".cache/torch_extensions").resolve()))
    rc = subprocess.call(command(launcher, args), env=env)
    if rc:
        raise LeiaError(f"train.launcher.kind={launcher.kind}: the training processes failed (exit {rc})")
