#!/usr/bin/env bash
# Regenerate requirements-cpu.lock from the current (CPU) .venv after changing pyproject.toml, derive
# requirements-cuda.lock from it (torch's CUDA build and its NVIDIA libraries, resolved on the
# registry for Linux x86_64), then check that both resolve for their targets.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python scripts/locks.py write
.venv/bin/python scripts/locks.py check
