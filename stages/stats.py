"""DVC stage `stats`: results/eval/*/ -> metrics/compare.json (the DVC metrics: score and p vs FT per
task/lang/method), metrics/stats.json (every statistic, read by the report) and results/stats.csv."""

from __future__ import annotations

import sys

from leia.params import load_params
from leia.report.pipeline import run_stats
from leia.report.statsfile import COMPARE_JSON
from leia.stages_main import run


def main() -> None:
    entries, missing = run_stats(load_params("params.yaml"), compare_path=COMPARE_JSON)
    print(f"stats: {len(entries)} entries -> metrics/compare.json, metrics/stats.json, results/stats.csv")
    if missing:
        names = ", ".join(missing)
        print(f"warning: {len(missing)} configured run(s) have no results: {names}", file=sys.stderr)


if __name__ == "__main__":
    run(main)
