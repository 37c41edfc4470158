"""`leia slurm submit`: the train/evaluate matrix as SLURM jobs (README "On a SLURM cluster")."""

from __future__ import annotations

from pathlib import Path

import typer

from leia.params import load_params


def register(app: typer.Typer) -> None:
    slurm = typer.Typer(help="Run the pipeline's run matrix on a SLURM cluster.", no_args_is_help=True)
    app.add_typer(slurm, name="slurm")

    @slurm.command("submit")
    def submit_cmd(
        stages: str = typer.Option(
            "train,evaluate", help="comma-separated: train, evaluate, evaluate_base, evaluate_control"
        ),
        dry_run: bool = typer.Option(False, "--dry-run", help="print the sbatch commands and scripts only"),
        params: str = typer.Option("params.yaml", help="params file (the slurm section: resources)"),
    ) -> None:
        """One job per run that `dvc repro` would make, then one `dvc commit` job; afterwards
        `dvc repro` finds those runs done."""
        from leia.cluster.slurm import resources
        from leia.cluster.submit import submit, summary

        select = [s.strip() for s in stages.split(",") if s.strip()]
        ids = submit(Path("."), resources(load_params(params)), select, dry_run=dry_run, echo=typer.echo)
        if ids:
            for line in summary(ids, select):
                typer.echo(line)
