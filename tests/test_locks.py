"""The install locks: exact for their target platform, and in agreement with pyproject's requires-python."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("locks", ROOT / "scripts" / "locks.py")
locks = importlib.util.module_from_spec(_spec)
sys.modules["locks"] = locks
_spec.loader.exec_module(locks)


def _report(*items: tuple[str, str, list[str]]) -> dict:
    return {"install": [{"metadata": {"name": n, "version": v, "requires_dist": r}} for n, v, r in items]}


def test_closure_accepts_a_complete_lock() -> None:
    pins = {"a": ("a", "1.0"), "b": ("b", "2.0"), "c": ("c", "3.1")}
    report = _report(("a", "1.0", ["b>=2", "c[x]>=3"]), ("b", "2.0", []),
                     ("c", "3.1", ["d; extra == 'y'", "e; sys_platform == 'win32'"]))  # fmt: skip
    assert locks.closure_problems(report, pins, locks.LINUX_311) == []


def test_closure_finds_missing_and_wrong_pins() -> None:
    pins = {"a": ("a", "1.0"), "b": ("b", "1.5"), "c": ("c", "3.1")}
    c_deps = ["d>=1; extra == 'x'", "triton==3.7.1; platform_system == 'Linux'"]
    report = _report(("a", "1.0", ["b>=2", "c[x]"]), ("b", "1.5", []), ("c", "3.1", c_deps))
    problems = locks.closure_problems(report, pins, locks.LINUX_311)
    assert any("a needs b>=2, the lock pins 1.5" in p for p in problems)
    assert any("c needs d>=1" in p for p in problems)  # asked for through a's c[x]
    assert any("c needs triton==3.7.1" in p for p in problems)  # marker true on Linux
    assert len(problems) == 3


def test_locks_pin_everything_exactly_and_differ_only_in_torch_and_cuda() -> None:
    cpu = locks.read_lock(ROOT / "requirements-cpu.lock")
    cuda = locks.read_lock(ROOT / "requirements-cuda.lock")
    assert cpu["torch"][1].endswith("+cpu")
    assert cuda["torch"][1] == cpu["torch"][1].removesuffix("+cpu")
    extra = set(cuda) - set(cpu)
    assert extra and all(re.match(r"(nvidia-|cuda-|triton)", n) for n in extra), sorted(extra)
    assert not set(cpu) - set(cuda)
    assert {n: p for n, p in cpu.items() if n != "torch"} == {n: cuda[n] for n in cpu if n != "torch"}


def test_requires_python_is_the_python_the_locks_target() -> None:
    lowest = re.search(r'^requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert lowest, "pyproject.toml: requires-python should read '>=X.Y'"
    for name, target in locks.TARGETS.items():
        assert target.python == lowest.group(1), f"{name} targets {target.python}, not {lowest.group(1)}"


@pytest.fixture(scope="module")
def resolved() -> dict[str, tuple[dict, dict]]:
    """Each lock resolved once against the registry (about 20 s each)."""
    return {name: locks.resolve_lock(ROOT / name, t) for name, t in locks.TARGETS.items()}


@pytest.mark.network
@pytest.mark.parametrize("lock", sorted(locks.TARGETS))
def test_lock_resolves_for_its_target(lock: str, resolved: dict) -> None:
    pins, report = resolved[lock]
    assert len(report["install"]) == len(pins)
    assert locks.lock_problems(pins, report, locks.TARGETS[lock]) == []


@pytest.mark.network
def test_check_catches_a_lock_missing_a_cuda_library(resolved: dict) -> None:
    pins, report = resolved["requirements-cuda.lock"]
    cut = {n: p for n, p in pins.items() if n != "nvidia-nccl-cu13"}
    problems = locks.lock_problems(cut, report, locks.TARGETS["requirements-cuda.lock"])
    assert problems == ["torch needs nvidia-nccl-cu13==2.29.7, which the lock does not pin"], problems
