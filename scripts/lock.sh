#!/usr/bin/env bash
# Regenerate requirements.lock from the current .venv (after changing pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
{ echo "# Exact pins for reproducibility; scripts/setup.sh installs these. torch==2.13.0 resolves to the"
  echo "# local CPU wheel on our machines and to the CUDA build elsewhere. Regenerate: scripts/lock.sh"
  .venv/bin/python -m pip freeze --exclude-editable | grep -v '^leia' | sed -E 's/^torch==([0-9.]+)\+cpu$/torch==\1/'
} > requirements.lock
