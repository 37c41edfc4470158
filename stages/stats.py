"""DVC stage `stats`: results/eval/*/ -> metrics/stats.json (DVC metrics) + results/stats.csv."""

from __future__ import annotations

import sys

from leia.params import load_params
from leia.report.pipeline import run_stats
from leia.stages_main import run


def main() -> None:
    entries, missing = run_stats(load_params("params.yaml"))
    print(f"stats: {len(entries)} entries -> metrics/stats.json, results/stats.csv")
    if missing:
        names = ", ".join(missing)
        print(f"warning: {len(missing)} configured run(s) have no results: {names}", file=sys.stderr)


if __name__ == "__main__":
    run(main)
