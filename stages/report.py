"""DVC stage `report`: metrics/stats.json + results/eval + dvclive -> reports/ (tables, figures, README)."""

from __future__ import annotations

from leia.params import load_params
from leia.report.pipeline import run_report
from leia.stages_main import run


def main() -> None:
    files = run_report(load_params("params.yaml"))
    print(f"report: {len(files)} files -> reports/ (start at reports/README.md)")


if __name__ == "__main__":
    run(main)
