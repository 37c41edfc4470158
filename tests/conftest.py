"""Every test runs offline, with a Hugging Face cache inside the project, whatever profile is active."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module imports huggingface_hub/transformers, which read these once at import.
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ[var] = "1"
    os.environ["HF_HOME"] = str(ROOT / ".cache" / "huggingface")
