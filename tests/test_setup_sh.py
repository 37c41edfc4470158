"""scripts/setup.sh: variant choice and the messages for machines it cannot set up (nothing installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _exe(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)
    return path


def _setup(repo: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (repo / "scripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scripts/setup.sh", repo / "scripts/setup.sh")
    path = f"{repo / 'bin'}:/usr/bin:/bin"
    full = {"PATH": path, "HOME": str(repo), "PYTHON": shutil.which("python3"), **env}
    return subprocess.run(["bash", "scripts/setup.sh"], cwd=repo, env=full, capture_output=True, text=True)


def test_old_python_is_refused_with_the_reason(tmp_path: Path) -> None:
    py = _exe(tmp_path / "py/python3.10", 'case "$*" in *version_info*) exit 1;; esac; exec python3 "$@"')
    r = _setup(tmp_path, PYTHON=str(py))
    assert r.returncode == 1 and "need Python 3.11+" in r.stderr
    assert not (tmp_path / ".venv").exists()


def test_missing_venv_module_names_the_debian_package(tmp_path: Path) -> None:
    py = _exe(tmp_path / "py/python3", 'case "$*" in *ensurepip*) exit 1;; esac; exec python3 "$@"')
    r = _setup(tmp_path, PYTHON=str(py))
    assert r.returncode == 1 and "apt-get install python3-venv" in r.stderr


def test_bad_variant(tmp_path: Path) -> None:
    r = _setup(tmp_path, LEIA_VARIANT="rocm")
    assert r.returncode == 1 and "LEIA_VARIANT='rocm': use cpu, cuda or auto" in r.stderr


def _cpu_venv(repo: Path) -> None:
    _exe(repo / ".venv/bin/python", "exit 3")  # never reached: the variant check comes first
    (repo / ".venv/.leia-variant").write_text("cpu\n")


def test_gpu_is_detected_and_a_cpu_venv_is_not_silently_reused(tmp_path: Path) -> None:
    _cpu_venv(tmp_path)
    _exe(tmp_path / "bin/nvidia-smi", 'echo "GPU 0: NVIDIA H200 (UUID: GPU-0)"')
    r = _setup(tmp_path)
    assert r.returncode == 1
    assert "holds the cpu variant, cuda was asked for (auto: nvidia-smi lists a GPU)" in r.stderr
    assert "rm -rf .venv" in r.stderr


def test_no_gpu_or_override_picks_cpu(tmp_path: Path) -> None:
    _cpu_venv(tmp_path)
    _exe(tmp_path / "bin/nvidia-smi", "echo 'NVIDIA-SMI has failed' >&2; exit 9")  # driver, no GPU
    for env in ({}, {"LEIA_VARIANT": "cpu"}):
        r = _setup(tmp_path, **env)
        assert "holds the cpu variant" not in r.stderr
        assert r.returncode == 3  # went on to hash the lock with .venv's python
