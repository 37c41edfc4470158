"""The `leia` command. Each area registers its own commands, so this file stays a switchboard."""

from __future__ import annotations

import importlib
import sys

import typer

from leia.errors import LeiaError

app = typer.Typer(
    name="leia",
    help="LEIA reproduction: dumps -> entity-augmented corpus -> tuning -> QA benchmarks -> tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Areas in pipeline order; each module defines `register(app)`.
_AREAS = [
    "leia.demo.commands",
    "leia.corpus.commands",
    "leia.train.commands",
    "leia.evaluation.commands",
    "leia.report.commands",
    "leia.profile_commands",
    "leia.plan",
    "leia.cluster.commands",
]

for _name in _AREAS:
    importlib.import_module(_name).register(app)


def main() -> None:
    try:
        app(standalone_mode=True)
    except LeiaError as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)


if __name__ == "__main__":
    main()
