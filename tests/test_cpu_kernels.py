"""leia.cpu_kernels: `import leia` pins torch's CPU dispatch to AVX2 (bit-identical across x86 machines)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from leia.cpu_kernels import KERNELS, pin

X86 = platform.machine().lower() in ("x86_64", "amd64")


@pytest.mark.skipif(not X86, reason="the AVX2 pin applies to x86-64 only")
def test_pin_fills_only_unset_variables() -> None:
    env = {"MKL_CBWR": "COMPATIBLE"}
    done = pin(env)
    assert env["MKL_CBWR"] == "COMPATIBLE"  # the user's choice stands
    assert env["ATEN_CPU_CAPABILITY"] == "avx2" and "MKL_CBWR" not in done
    assert pin({"LEIA_NATIVE_CPU_KERNELS": "1"}) == {}


def _capability(extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in KERNELS and k != "LEIA_NATIVE_CPU_KERNELS"}
    env.update(extra)
    code = "import leia, torch; print(torch.backends.cpu.get_cpu_capability())"
    cmd = [sys.executable, "-c", code]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not X86, reason="the AVX2 pin applies to x86-64 only")
def test_import_leia_makes_torch_dispatch_avx2() -> None:
    # The stages import leia before torch: torch must then run its AVX2 kernels, not the CPU's best.
    assert _capability({}).strip() == "AVX2"
    native = _capability({"LEIA_NATIVE_CPU_KERNELS": "1"}).strip()
    assert native in ("AVX2", "AVX512", "DEFAULT", "ZVECTOR", "VSX")
