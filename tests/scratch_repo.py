"""A scratch copy of this repository (tracked and untracked-not-ignored files) as its own git repo,
with the demo profile active and every tracked output deleted: what a test then finds was made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("reports", "metrics", "results", "dvclive")


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


def scratch_demo_repo(dst: Path) -> dict[str, str]:
    """Copy the repository to `dst`, commit it there; returns the environment to run it with."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    shutil.copy2(dst / "profiles" / "demo.yaml", dst / "params.yaml")  # the demo, whatever is active here
    for tracked in OUTPUTS:  # nothing committed may stand in for what the pipeline must produce
        shutil.rmtree(dst / tracked, ignore_errors=True)
    env = dict(os.environ)
    env.update(
        DVC_NO_ANALYTICS="1",
        HF_HUB_OFFLINE="1",
        HF_DATASETS_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        MPLBACKEND="Agg",
        DVC_SITE_CACHE_DIR=str(dst / ".cache" / "dvc-site"),
        TORCH_EXTENSIONS_DIR=str(ROOT / ".cache" / "torch_extensions"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    for cmd in (
        ["git", "init", "-q"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "demo"],
    ):
        run(cmd, dst, env)
    return env
