"""The two install locks: write them from the current .venv, and check that each resolves for its target.

    python scripts/locks.py write            # requirements-cpu.lock from .venv; the CUDA lock derived
    python scripts/locks.py check [LOCK...]  # resolve each lock on the registry for its target platform

A lock is "exact" only if every package that pip would install for its target is pinned in it. `check`
therefore asks pip to resolve each pin for the lock's platform and Python (`pip install --dry-run
--report --platform ... --python-version ... --no-deps`), and then walks every resolved package's
declared dependencies (markers evaluated for the target) to find any that the lock does not pin, or pins
at a version the dependent does not accept. It ignores this machine's pip configuration (local wheel
folders, extra indexes) except for the one torch CPU wheel, which only the PyTorch CPU index serves.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYTORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# pip matches --platform literally: list every manylinux tag a glibc 2.28 x86_64 box accepts.
LINUX_X86_64 = (
    [f"manylinux_2_{v}_x86_64" for v in range(28, 4, -1)]
    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64", "linux_x86_64"]
)  # fmt: skip
CPU_HEADER = """\
# Exact pins, CPU variant: Linux x86_64, CPython 3.11. scripts/setup.sh installs it (LEIA_VARIANT=cpu).
# torch's +cpu build comes from the PyTorch CPU index ({index}), which setup.sh adds
# unless a local wheel folder already has it. Regenerate both locks: bash scripts/lock.sh
"""
CUDA_HEADER = """\
# Exact pins, CUDA variant: Linux x86_64 (glibc >= 2.28), CPython 3.11, NVIDIA driver for CUDA 13.0.
# The CPU lock with torch's CUDA build and every CUDA library it pulls from the registry pinned too.
# flash-attn is not here (source only; needs nvcc): LEIA_FLASH_ATTN=1 bash scripts/setup.sh builds it.
# Generated from requirements-cpu.lock by scripts/locks.py write; do not edit by hand.
"""


@dataclass(frozen=True)
class Target:
    """What a lock is for: pip resolves it as if on this platform and Python."""

    python: str
    platforms: tuple[str, ...]
    markers: dict[str, str] = field(default_factory=dict)


LINUX_311 = Target(
    python="3.11",
    platforms=tuple(LINUX_X86_64),
    markers={
        "python_version": "3.11", "python_full_version": "3.11.0", "sys_platform": "linux",
        "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
    },
)  # fmt: skip
TARGETS = {"requirements-cpu.lock": LINUX_311, "requirements-cuda.lock": LINUX_311}


def read_lock(path: Path) -> dict[str, tuple[str, str]]:
    """`name==version` lines → {canonical name: (name, version)}; comments and options are skipped."""
    pins: dict[str, tuple[str, str]] = {}
    for lineno, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if not m:
            raise SystemExit(f"{path}:{lineno}: not an exact pin 'name==version': {raw!r}")
        pins[canonicalize_name(m.group(1))] = (m.group(1), m.group(2))
    return pins


def isolated_env() -> dict[str, str]:
    """This process's environment without pip settings, and with no pip config file read."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def local_find_links() -> list[str]:
    """Wheel folders this machine's pip is configured with (where a local torch wheel may lie)."""
    value = os.environ.get("PIP_FIND_LINKS", "")
    if not value:
        r = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.find-links"],
                           capture_output=True, text=True)  # fmt: skip
        value = r.stdout.strip() if r.returncode == 0 else ""
    return [p for p in value.split() if p]


def host_resolves(url: str) -> bool:
    host = re.sub(r"^\w+://([^/:]+).*$", r"\1", url)
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    return True


def torch_cpu_sources() -> list[str]:
    """pip options that can serve torch's +cpu wheel: a local wheel folder, or the PyTorch CPU index."""
    args: list[str] = []
    for d in local_find_links():
        args += ["--find-links", d]
    if host_resolves(PYTORCH_CPU_INDEX):
        args += ["--extra-index-url", PYTORCH_CPU_INDEX]
    return args


def pip_resolve(
    requirements: list[str], target: Target, *, no_deps: bool = True, extra: list[str] | None = None
) -> dict[str, Any]:
    """`pip install --dry-run --report` for `target`; returns pip's installation report."""
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp, "req.txt")
        req.write_text("\n".join(requirements) + "\n")
        report = Path(tmp, "report.json")
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
               "--report", str(report), "--python-version", target.python, "-r", str(req)]  # fmt: skip
        for p in target.platforms:
            cmd += ["--platform", p]
        # --no-deps lets sdist-only pins (deepspeed, rouge_score, ...) be checked for a foreign
        # platform; their metadata is built with this environment's setuptools/torch.
        cmd += ["--no-deps", "--no-build-isolation"] if no_deps else ["--only-binary=:all:"]
        cmd += extra or []
        r = subprocess.run(cmd, capture_output=True, text=True, env=isolated_env(), cwd=tmp)
        if r.returncode != 0:
            raise RuntimeError(f"pip could not resolve for {target.python}/{target.platforms[0]}:\n"
                               f"{r.stderr.strip()[-3000:]}")  # fmt: skip
        return json.loads(report.read_text())


def closure_problems(report: dict[str, Any], pins: dict[str, tuple[str, str]], target: Target) -> list[str]:
    """Dependencies of the resolved packages that the lock lacks or pins at an unaccepted version."""
    meta = {canonicalize_name(i["metadata"]["name"]): i["metadata"] for i in report["install"]}
    problems: list[str] = []
    wanted: list[tuple[str, frozenset[str]]] = [(n, frozenset()) for n in meta]
    seen: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        name, extras = wanted.pop()
        if (name, extras) in seen or name not in meta:
            continue
        seen.add((name, extras))
        for spec in meta[name].get("requires_dist") or []:
            req = Requirement(spec)
            if req.marker is not None and not any(
                req.marker.evaluate({**target.markers, "extra": e}) for e in (extras or {""})
            ):
                continue
            dep, req_text = canonicalize_name(req.name), spec.split(";")[0].strip()
            if dep not in pins:
                problems.append(f"{meta[name]['name']} needs {req_text}, which the lock does not pin")
                continue
            version = pins[dep][1]
            if not req.specifier.contains(Version(version), prereleases=True):
                problems.append(f"{meta[name]['name']} needs {req_text}, the lock pins {version}")
            wanted.append((dep, frozenset(req.extras)))
    return list(dict.fromkeys(problems))  # a package reached with and without extras reports once


def resolve_lock(path: Path, target: Target) -> tuple[dict[str, tuple[str, str]], dict[str, Any]]:
    """Resolve every pin of `path` for `target` (no dependencies followed); returns (pins, pip's report)."""
    pins = read_lock(path)
    lines = [f"{n}=={v}" for n, v in pins.values()]
    torch_cpu = [ln for ln in lines if re.fullmatch(r"torch==\S+\+cpu", ln)]
    report = pip_resolve([ln for ln in lines if ln not in torch_cpu], target)
    if torch_cpu:
        sources = torch_cpu_sources()
        if not sources:
            raise RuntimeError(f"{path}: no source for {torch_cpu[0]} (no PyTorch CPU index, no local wheel)")
        report["install"] += pip_resolve(torch_cpu, target, extra=sources)["install"]
    return pins, report


def lock_problems(pins: dict[str, tuple[str, str]], report: dict[str, Any], target: Target) -> list[str]:
    """Pins that resolved to another version, and dependencies the lock lacks or pins wrongly."""
    got = {canonicalize_name(i["metadata"]["name"]): i["metadata"]["version"] for i in report["install"]}
    problems = [f"{pins[n][0]}=={pins[n][1]} resolved to {got.get(n)}" for n in pins
                if Version(got.get(n, "0")) != Version(pins[n][1])]  # fmt: skip
    return problems + closure_problems(report, pins, target)


def check_lock(path: Path, target: Target) -> list[str]:
    """Resolve `path` for `target`; return the problems (empty: the lock is exact for it)."""
    return lock_problems(*resolve_lock(path, target), target)


def write_locks() -> None:
    """requirements-cpu.lock from the .venv; requirements-cuda.lock = it with torch's CUDA build + deps."""
    cmd = [str(ROOT / ".venv/bin/python"), "-m", "pip", "freeze", "--all", "--exclude-editable"]
    freeze = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    lines = [ln for ln in freeze.splitlines() if ln and not ln.startswith(("#", "pip==", "leia"))]
    cpu = ROOT / "requirements-cpu.lock"
    cpu.write_text(CPU_HEADER.format(index=PYTORCH_CPU_INDEX) + "\n".join(lines) + "\n")
    pins = read_lock(cpu)
    torch_version = pins["torch"][1].split("+")[0]
    report = pip_resolve([f"torch=={torch_version}"], TARGETS["requirements-cuda.lock"], no_deps=False)
    cuda = {n: p for n, p in pins.items() if n != "torch"}
    for item in report["install"]:
        name = canonicalize_name(item["metadata"]["name"])
        if name in cuda and cuda[name][1] != item["metadata"]["version"]:
            print(f"note: {name} {cuda[name][1]} (CPU lock) vs {item['metadata']['version']} (CUDA torch)")
        cuda.setdefault(name, (item["metadata"]["name"], item["metadata"]["version"]))
    body = "\n".join(f"{n}=={v}" for n, v in sorted(cuda.values(), key=lambda p: p[0].lower()))
    (ROOT / "requirements-cuda.lock").write_text(CUDA_HEADER + body + "\n")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("write")
    c = sub.add_parser("check")
    c.add_argument("locks", nargs="*", default=sorted(TARGETS))
    a = p.parse_args()
    if a.cmd == "write":
        write_locks()
        return
    bad = 0
    for name in a.locks:
        problems = check_lock(ROOT / name, TARGETS[Path(name).name])
        print(f"{name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for prob in problems:
            print("  " + prob)
        bad += bool(problems)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
