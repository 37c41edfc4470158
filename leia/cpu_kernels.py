"""Pin the CPU kernels torch dispatches to, so that CPU runs are bit-identical across x86-64 machines.

ATen picks its SIMD kernels at run time from the CPU (AVX512 on one machine, AVX2 on another) and MKL
does the same for matrix products, so the same seed gave different weights on two machines of one kind
(first demo step: loss 12.17446 vs 12.17593). Fixing both to AVX2, which every x86-64 CPU of the last
decade has, removes that source. Measured here (bench/RESULTS.md): the demo's training step is no slower
(5.86 s vs 6.12 s for 30 steps), and the weights differ from the AVX512 run's, which proves the switch
takes effect. The variables must be set before torch is imported; `import leia` does it. They only
fill in what the environment leaves unset; LEIA_NATIVE_CPU_KERNELS=1 leaves everything to torch.
"""

from __future__ import annotations

import os
import sys

KERNELS = {
    "ATEN_CPU_CAPABILITY": "avx2",  # ATen's SIMD dispatch (default: the best the CPU has)
    "MKL_CBWR": "AVX2",  # MKL's conditional numerical reproducibility: one code path on every CPU
    "ONEDNN_MAX_CPU_ISA": "AVX2",  # oneDNN (mkldnn) kernels, used by some CPU ops
}


def pin(environ: os._Environ[str] | dict[str, str] = os.environ) -> dict[str, str]:
    """Set the unset variables of KERNELS; returns what was set. No-op on non-x86 machines, when torch
    is already imported (too late to matter), or when LEIA_NATIVE_CPU_KERNELS=1."""
    import platform

    if environ.get("LEIA_NATIVE_CPU_KERNELS") == "1" or platform.machine().lower() not in ("x86_64", "amd64"):
        return {}
    if "torch" in sys.modules and environ is os.environ:
        return {}
    done = {k: v for k, v in KERNELS.items() if k not in environ}
    environ.update(done)
    return done
