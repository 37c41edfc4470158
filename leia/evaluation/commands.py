"""`leia eval-data`, `leia evaluate` and `leia eval-tasks` commands."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("eval-data")
    def eval_data(params: Path = typer.Option(Path("params.yaml"), help="params file")) -> None:
        """Normalise the evaluation sets into data/eval/ (evaluate.sources: demo | published)."""
        from leia.evaluation.run import prepare_eval_data
        from leia.params import load_params

        for key, entry in sorted(prepare_eval_data(load_params(params)).items()):
            typer.echo(f"{key}: {entry['n']}")

    @app.command("evaluate")
    def evaluate(
        lang: str = typer.Option(..., help="target language, e.g. ja"),
        model: str = typer.Option(..., help="model folder, e.g. models/ja/leia/seed1"),
        run_id: str = typer.Option(..., help="{lang}-base or {lang}-{method}-seed{seed}"),
        method: str | None = typer.Option(None, help="default: from the run id"),
        seed: int | None = typer.Option(None, help="default: from the run id"),
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
    ) -> None:
        """Run the language's benchmarks on a model; writes results/eval/{run_id}/."""
        from leia.evaluation.run import run_evaluation
        from leia.params import load_params

        metrics = run_evaluation(
            load_params(params), lang=lang, model=model, run_id=run_id, method=method, seed=seed
        )
        for task, res in metrics["results"].items():
            typer.echo(f"{run_id} {task}: " + ", ".join(f"{k}={v}" for k, v in res.items()))

    @app.command("eval-tasks")
    def eval_tasks(
        out: Path = typer.Argument(..., help="folder to write lm-eval task files into"),
        data_root: str = typer.Option("data/eval", help="where the normalised data lives"),
    ) -> None:
        """Write the lm-eval task files (for `lm_eval --include_path OUT`)."""
        from leia.evaluation.taskgen import write_tasks

        names = write_tasks(out, data_root)
        typer.echo(f"wrote {len(names)} task files to {out}")
