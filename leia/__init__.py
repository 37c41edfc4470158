"""LEIA: entity-based data augmentation for cross-lingual transfer (Yamada & Ri, 2024), reproduced."""

__version__ = "0.1.0"
