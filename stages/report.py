"""DVC stage `report`: metrics/stats.json + results/eval + dvclive -> reports/ (tables, figures, README)."""

from __future__ import annotations

import argparse
from pathlib import Path

from leia.params import load_params
from leia.report.pipeline import REPORT_DIR, report_operation
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--out", type=Path, default=REPORT_DIR, help="folder to (re)write")
    args = p.parse_args()
    report_operation(load_params(args.params), args.out)


if __name__ == "__main__":
    run(main)
