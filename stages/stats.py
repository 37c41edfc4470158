"""DVC stage `stats`: results/eval/*/ -> metrics/compare.json (the DVC metrics: score and p vs FT per
task/lang/method), metrics/stats.json (every statistic, read by the report) and results/stats.csv."""

from __future__ import annotations

import argparse

from leia.params import load_params
from leia.report.pipeline import stats_operation
from leia.stages_main import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--params", default="params.yaml")
    stats_operation(load_params(p.parse_args().params))


if __name__ == "__main__":
    run(main)
