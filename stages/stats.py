"""DVC stage `stats`: results/eval/*/ -> metrics/compare.json (the DVC metrics: score and p vs FT per
task/lang/method), metrics/stats.json (every statistic, read by the report) and results/stats.csv."""

from __future__ import annotations

from leia.report.pipeline import stats_operation
from leia.stages_main import params_stage, run


def main() -> None:
    stats_operation(params_stage(__doc__))


if __name__ == "__main__":
    run(main)
