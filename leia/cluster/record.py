"""Provenance of a cluster run: what it ran on is the commit it was submitted at.

Each job records its own run (`dvc commit` of its stage, waiting for the workspace lock) when it
finishes, so a failed run costs only itself. dvc.lock then says which code, params and data the run
read; `dvc commit` hashes what the workspace holds at that moment, so a job refuses to record when
anything its stage reads from git (code, its params, the pipeline) differs from the submitted commit:
the outputs stay, unrecorded, and `dvc repro` or a new submit reruns the stage on the new code.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from leia.errors import InputError, LeiaError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def head(root: Path) -> str:
    done = _git(root, "rev-parse", "HEAD")
    if done.returncode:
        raise InputError(root, "is not a git repository with a commit", "commit the workspace first")
    return done.stdout.strip()


def stage_inputs(root: Path, stages: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The files the stages read that git tracks (code, dvc.yaml), and {params file: keys} they declare."""
    from dvc.repo import Repo

    files: set[str] = {"dvc.yaml"}
    params: dict[str, set[str]] = {}
    with Repo(str(root)) as repo:
        for name in stages:
            for stage in repo.stage.collect(name):
                for dep in stage.deps:
                    if hasattr(dep, "params"):
                        params.setdefault(str(dep.def_path), set()).update(dep.params)
                    else:
                        files.add(str(dep.def_path))
    tracked = set(_git(root, "ls-files", "-z", "--", *sorted(files)).stdout.split("\0")) - {""}
    return sorted(tracked), {f: sorted(k) for f, k in params.items()}


def _value(params: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(params, dict) or part not in params:
            return "<absent>"
        params = params[part]
    return params


def changed_since(root: Path, commit: str, stages: list[str]) -> list[str]:
    """What the stages read that differs between `commit` and the workspace: file paths and params keys."""
    files, params = stage_inputs(root, stages)
    changed = _git(root, "diff", "--name-only", commit, "--", *files).stdout.split()
    for path, keys in params.items():
        old = _git(root, "show", f"{commit}:{path}")
        then = yaml.safe_load(old.stdout) if old.returncode == 0 else {}
        now = yaml.safe_load((root / path).read_text(encoding="utf-8")) if (root / path).exists() else {}
        changed += [f"{path}:{k}" for k in keys if _value(then, k) != _value(now, k)]
    return changed


def record(root: Path, stage: str, commit: str) -> None:
    """`dvc commit` one finished stage, unless its inputs changed since `commit` (then raise)."""
    changed = changed_since(root, commit, [stage])
    if changed:
        raise LeiaError(
            f"{stage} ran on commit {commit[:12]}, but the workspace has changed what it reads since then "
            f"({', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}): not recorded in dvc.lock, "
            "its outputs left in place. `leia slurm submit` (or `dvc repro`) runs it again on the new code; "
            f"to keep this run, check out {commit[:12]} and run `dvc commit {stage}`"
        )
    done = subprocess.run(
        ["dvc", "--wait-for-lock", "commit", "--force", stage], cwd=root, capture_output=True, text=True
    )
    if done.returncode:
        raise LeiaError(f"dvc commit {stage} failed: {(done.stderr or done.stdout).strip()[-2000:]}")
