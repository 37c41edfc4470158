"""LEIA: entity-based data augmentation for cross-lingual transfer (Yamada & Ri, 2024), reproduced."""

from leia.cpu_kernels import pin as _pin_cpu_kernels

_pin_cpu_kernels()  # before anything imports torch: bit-identical CPU runs across x86 machines

__version__ = "0.1.0"
