"""`leia stats` and `leia report`: the same work as the DVC stages, callable by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from leia.params import load_params


def register(app: typer.Typer) -> None:
    @app.command("stats")
    def stats_cmd(
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
        eval_dir: Path = typer.Option(Path("results/eval"), help="evaluation runs (design §10)"),
        out_json: Path = typer.Option(Path("metrics/stats.json"), help="DVC metrics file to write"),
        out_csv: Path = typer.Option(Path("results/stats.csv"), help="per-cell table to write"),
    ) -> None:
        """Mean, t-interval and significance per task x language x method over the seeds."""
        from leia.report.pipeline import run_stats

        entries, missing = run_stats(load_params(params), eval_dir, out_json, out_csv)
        typer.echo(f"wrote {out_json} ({len(entries)} entries) and {out_csv}")
        if missing:
            names = ", ".join(missing)
            typer.echo(f"warning: {len(missing)} configured run(s) have no results: {names}", err=True)

    @app.command("report")
    def report_cmd(
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
        stats_json: Path = typer.Option(Path("metrics/stats.json"), help="output of `leia stats`"),
        eval_dir: Path = typer.Option(Path("results/eval"), help="evaluation runs (for the examples table)"),
        dvclive_dir: Path = typer.Option(Path("dvclive"), help="training logs (for the loss curves)"),
        out: Path = typer.Option(Path("reports"), help="folder to (re)write"),
    ) -> None:
        """The paper's tables (md, tex, csv), figures and reports/README.md."""
        from leia.report.pipeline import run_report

        files = run_report(load_params(params), stats_json, eval_dir, dvclive_dir, out)
        typer.echo(f"wrote {len(files)} files under {out}/ (start at {out}/README.md)")

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
