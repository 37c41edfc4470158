"""`leia tokenizer`, `leia base-model`, `leia methods` and `leia train`: the DVC stages' code, by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from leia.params import load_params


def register(app: typer.Typer) -> None:
    @app.command("tokenizer")
    def tokenizer(params: str = typer.Option("params.yaml", help="params file")) -> None:
        """Train the demo tokenizer, or save the configured model's tokenizer, into models/tokenizer/."""
        from leia.train.tokenizer import run

        run(load_params(params))

    @app.command("base-model")
    def base_model(params: str = typer.Option("params.yaml", help="params file")) -> None:
        """Build the demo base model, or save the configured hub model, into models/base/ (needs
        models/tokenizer: `leia tokenizer` first)."""
        from leia.train.base_model import run

        run(load_params(params))

    @app.command("methods")
    def methods(
        params: str = typer.Option("params.yaml", help="params file"),
        out: Path = typer.Option(Path("data/methods"), help="folder to (re)write"),
    ) -> None:
        """Write data/methods/{method}.json, each configured method resolved (the methods stage)."""
        from leia.train.methods import write_methods

        write_methods(load_params(params), out)

    @app.command("train")
    def train(
        lang: str = typer.Option(..., help="target language code, e.g. ja"),
        method: str = typer.Option(
            ..., help="ft | leia | leia-namemask | leia-{left|right|replace}-{0.0|0.5}"
        ),
        seed: int = typer.Option(..., help="run seed: insertion draws and the Trainer RNG"),
        params: str = typer.Option("params.yaml", help="params file"),
    ) -> None:
        """Tune the base model on the target-language corpus (resumes from checkpoints/ after a kill)."""
        from leia.train.main import main

        main(["--lang", lang, "--method", method, "--seed", str(seed), "--params", params])
