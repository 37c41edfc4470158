#!/usr/bin/env bash
# Quick start #1: set up, then rebuild the embedded demo end to end (`dvc repro`); results in reports/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
dvc repro "$@"
echo
echo "Done. Read reports/README.md; compare experiments with 'dvc metrics diff'."
