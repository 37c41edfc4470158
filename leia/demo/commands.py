"""`leia demo-world`: generate the demo world (mirror, Wikidata dumps, knowledge base, eval sets)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("demo-world")
    def demo_world(
        params: Path = typer.Option(
            Path("params.yaml"), help="params file (demo_world.*, languages, dump.*)"
        ),
        out: Path = typer.Option(
            None, help="folder to write, replaced atomically (default: sources.local's)"
        ),
    ) -> None:
        """Generate the demo world in the real dump formats (a mirror of dumps.wikimedia.org), as the
        demo_world stage does; `dvc exp run -S demo_world.entities=...` or a params file sets its size."""
        from leia.demo.world import run
        from leia.params import load_params

        run(load_params(params), out)
