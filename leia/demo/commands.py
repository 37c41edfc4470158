"""`leia demo-world`: generate the demo world (mirror, Wikidata dumps, knowledge base, eval sets)."""

from __future__ import annotations

from pathlib import Path

import typer

_NAMES = {
    "size": "--size",
    "languages": "--lang",
    "out": "--out",
    "date": "--date",
    "wikidata_date": "--wikidata-date",
}


def register(app: typer.Typer) -> None:
    @app.command("demo-world")
    def demo_world(
        out: Path = typer.Option(Path("data/mirror"), help="folder to write (replaced atomically)"),
        seed: int = typer.Option(0, help="random seed; the same seed gives byte-identical files"),
        size: int = typer.Option(300, help="number of knowledge-base entities (100000 for benchmarks)"),
        lang: list[str] = typer.Option(["ja", "sw"], help="target language (repeat); en is always written"),
        date: str = typer.Option("20231001", help="Wikipedia dump date YYYYMMDD"),
        wikidata_date: str = typer.Option("20231002", help="Wikidata dump date YYYYMMDD"),
    ) -> None:
        """Generate the demo world in the real dump formats (a mirror of dumps.wikimedia.org)."""
        from leia.demo.world import param_names, write_world

        with param_names(_NAMES):
            s = write_world(out, seed=seed, size=size, languages=lang, date=date, wikidata_date=wikidata_date)
        pages = ", ".join(f"{k}wiki {v}" for k, v in s.pages.items())
        typer.echo(
            f"wrote {s.out}: {s.entities} entities; pages: {pages}; {s.sitelinks} sitelinks; "
            f"{s.bytes_written / 1e6:.1f} MB in {s.seconds:.1f} s"
        )
