"""`leia stats` and `leia report`: the same work as the DVC stages, callable by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from leia.params import load_params


def register(app: typer.Typer) -> None:
    @app.command("stats")
    def stats_cmd(params: Path = typer.Option(Path("params.yaml"), help="params file")) -> None:
        """Mean, t-interval and significance per task x language x method over the seeds: results/eval
        -> metrics/compare.json, metrics/stats.json, results/stats.csv (the stats stage)."""
        from leia.report.pipeline import stats_operation

        stats_operation(load_params(params))

    @app.command("report")
    def report_cmd(
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
        out: Path = typer.Option(Path("reports"), help="folder to (re)write"),
    ) -> None:
        """The paper's tables (md, tex, csv), figures and reports/README.md, from metrics/stats.json,
        results/eval and dvclive (the report stage)."""
        from leia.report.pipeline import report_operation

        report_operation(load_params(params), out)

    @app.command("compare")
    def compare_cmd(
        task: list[str] = typer.Option(None, help="only these tasks (repeatable), e.g. --task xcodah"),
        num: int = typer.Option(1, help="also experiments of this many commits back from HEAD"),
    ) -> None:
        """Scores per experiment (workspace, HEAD, `dvc exp run`s): FT, LEIA, the difference and p,
        the few columns of `dvc exp show` that matter."""
        import dvc.api

        from leia.report.compare import render, rows

        records = dvc.api.exp_show(repo=".", num=num)
        typer.echo(render(rows(records, task or None)))
