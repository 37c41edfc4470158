"""A real single-node SLURM (Debian's slurm-wlm) on 127.0.0.1: controller and node daemon started
in a temporary folder, stopped afterwards. Needs root (slurmd starts jobs as their user)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

DAEMONS = ("slurmctld", "slurmd", "sbatch", "scontrol")


def missing() -> str | None:
    """Why a local SLURM cannot start here, or None."""
    absent = [d for d in DAEMONS if shutil.which(d) is None]
    if absent:
        return f"{absent} not installed (scripts/test.sh installs Debian's slurm-wlm as root)"
    if os.geteuid() != 0:
        return "slurmd must run as root to start jobs"
    return None


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _conf(d: Path, cpus: int) -> str:
    # No munge, no cgroups, no accounting database: the smallest controller that schedules real
    # batch jobs with dependencies on this one machine.
    return f"""ClusterName=leiatest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
AuthType=auth/none
CredType=cred/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MinJobAge=3600
NodeName=localhost NodeAddr=127.0.0.1 CPUs={cpus} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


@contextmanager
def local_slurm(d: Path, cpus: int = 2) -> Iterator[dict[str, str]]:
    """Start the controller and node; yields the environment that points clients at them."""
    (d / "state").mkdir(parents=True)
    (d / "spool").mkdir()
    conf = d / "slurm.conf"
    conf.write_text(_conf(d, cpus), encoding="utf-8")
    env = dict(os.environ, SLURM_CONF=str(conf))
    subprocess.run(["slurmctld", "-f", str(conf), "-i"], env=env, check=True)
    try:
        subprocess.run(["slurmd", "-f", str(conf), "-N", "localhost"], env=env, check=True)
        deadline = time.monotonic() + 60
        while True:  # the node registers with the controller within a few seconds
            out = subprocess.run(["sinfo", "-h", "-o", "%T"], env=env, capture_output=True, text=True)
            if out.stdout.strip() == "idle":
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"local SLURM did not come up: {out.stdout}{out.stderr}\n{log(d)}")
            time.sleep(0.5)
        yield env
    finally:
        subprocess.run(["scontrol", "shutdown"], env=env, capture_output=True)
        for pid_file in ("slurmd.pid", "slurmctld.pid"):
            _stop(d / pid_file)


def _stop(pid_file: Path) -> None:
    deadline = time.monotonic() + 15
    while pid_file.exists() and time.monotonic() < deadline:
        try:
            pid = int(pid_file.read_text().strip() or 0)
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError, FileNotFoundError):
            return
        time.sleep(0.2)
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().strip()), 9)
        except (ValueError, ProcessLookupError, FileNotFoundError):
            pass


def log(d: Path) -> str:
    return "\n".join(
        f"--- {name}\n" + (d / name).read_text(errors="replace")[-3000:]
        for name in ("slurmctld.log", "slurmd.log")
        if (d / name).exists()
    )


def job_state(job_id: str, env: dict[str, str]) -> str:
    out = subprocess.run(["scontrol", "show", "job", job_id, "-o"], env=env, capture_output=True, text=True)
    for field in out.stdout.split():
        if field.startswith("JobState="):
            return field.split("=", 1)[1]
    return "UNKNOWN"
