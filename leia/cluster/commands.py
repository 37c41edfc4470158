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
            "train,evaluate,evaluate_base,evaluate_control",
            help="comma-separated: train, evaluate, evaluate_base, evaluate_control",
        ),
        dry_run: bool = typer.Option(False, "--dry-run", help="print the sbatch commands and scripts only"),
        params: str = typer.Option("params.yaml", help="params file (the slurm section: resources)"),
    ) -> None:
        """One job per run that `dvc repro` would make and no earlier submit has queued; each records
        itself in dvc.lock when it finishes, so afterwards `dvc repro` finds those runs done."""
        from leia.cluster.slurm import resources
        from leia.cluster.submit import submit, summary

        select = [s.strip() for s in stages.split(",") if s.strip()]
        ids = submit(Path("."), resources(load_params(params)), select, dry_run=dry_run, echo=typer.echo)
        if ids:
            for line in summary(ids, select):
                typer.echo(line)

    @slurm.command("record")
    def record_cmd(
        stage: str = typer.Argument(..., help="the DVC stage the job ran, e.g. train@ja-leia-1"),
        commit: str = typer.Option(..., help="the commit the job was submitted at"),
    ) -> None:
        """(In a job) record one finished run: `dvc commit` of its stage, waiting for the workspace
        lock, unless what the stage reads changed since `commit`."""
        from leia.cluster.record import record

        record(Path("."), stage, commit)
        typer.echo(f"{stage}: recorded in dvc.lock (commit {commit[:12]})")

    @slurm.command("check-gpu")
    def check_gpu_cmd() -> None:
        """(In a job) fail unless torch sees a CUDA GPU: a GPU run must not fall back to the CPU."""
        import torch

        from leia.errors import LeiaError

        if not torch.cuda.is_available():
            why = "a CPU build of torch" if torch.version.cuda is None else "no visible CUDA device"
            raise LeiaError(f"this job asked for GPUs but torch {torch.__version__} finds none ({why}): "
                            "check the partition's GPUs (--gpus-per-node) and the .venv variant")  # fmt: skip
        typer.echo(f"GPUs: {torch.cuda.device_count()} x {torch.cuda.get_device_name()}")
