#!/usr/bin/env bash
# Quick start #2: set up, then run the whole test suite: lint, unit tests, and the end-to-end
# `dvc repro` of the demo in a scratch copy (tests/test_e2e_demo.py). Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_slurm.sh
source scripts/env.sh
ruff check leia stages tests bench scripts
ruff format --check leia stages tests bench scripts
python -m pytest -q -p no:cacheprovider "$@"
