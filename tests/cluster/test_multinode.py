"""Two nodes' launchers meet: what a two-node SLURM job starts (one launcher per node through srun, with
NODE_RANK, MASTER_ADDR, MASTER_PORT and, for DeepSpeed, the job's hostfile, as leia.cluster.slurm's
script exports them), stood in for by two launcher processes on this machine (CPU, gloo): the local
SLURM has one node. Before this, DeepSpeed stopped with "Num nodes is >1 but no extra nodes available
via hostfile" and never learnt its node rank."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from leia.train import launch
from leia.train.config import Launcher

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("kind", ["deepspeed", "torchrun"])
def test_two_node_launchers_meet(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hostfile = tmp_path / "hostfile"  # as the job script writes it from SLURM_JOB_NODELIST
    hostfile.write_text("node-a slots=1\nnode-b slots=1\n")
    monkeypatch.setattr(launch, "ENTRY", "meet_ranks")
    port = str(_free_port())
    procs = []
    for rank in (0, 1):
        env = {"NODE_RANK": str(rank), "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port,
               "LEIA_HOSTFILE": str(hostfile)}  # fmt: skip
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        cmd = launch.command(Launcher(kind, 1, 2, None, "127.0.0.1", 29500), [])
        assert f"--master_port={port}" in cmd  # the job's port, not the fixed default
        child = dict(os.environ, MEET_OUT=str(tmp_path), PYTHONPATH=str(HERE))
        procs.append(
            subprocess.Popen(cmd, cwd=tmp_path, env=child, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        )
    outs = [p.communicate(timeout=180)[0].decode(errors="replace") for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [(tmp_path / f"rank{r}").read_text() for r in (0, 1)] == ["2 3", "2 3"]  # both ranks in one group
