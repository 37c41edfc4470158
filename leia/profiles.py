"""Checked-in configurations (profiles/*.yaml) and the one command that switches between them."""

from __future__ import annotations

import shutil
from pathlib import Path

import typer

from leia.errors import InputError, ParamError
from leia.io import atomic_path
from leia.params import load_params

PROFILE_DIR = Path("profiles")


def available(root: Path = Path(".")) -> list[str]:
    return sorted(p.stem for p in (root / PROFILE_DIR).glob("*.yaml"))


def profile_path(name: str, root: Path = Path(".")) -> Path:
    path = root / PROFILE_DIR / f"{name}.yaml"
    if not path.exists():
        raise ParamError(
            "profile", f"no profile named {name!r}", f"choose one of: {', '.join(available(root))}"
        )
    return path


def use(name: str, root: Path = Path(".")) -> Path | None:
    """Validate profile `name` and install it as params.yaml.

    A params.yaml that matches no profile holds the user's own edits: it is kept as
    params.yaml.bak before being replaced. Returns the backup path, if one was made.
    """
    from leia.validate import validate_params

    src = profile_path(name, root)
    validate_params(load_params(src), source=str(src))
    dst = root / "params.yaml"
    backup = None
    if dst.exists() and not any(
        dst.read_bytes() == p.read_bytes() for p in (root / PROFILE_DIR).glob("*.yaml")
    ):
        backup = dst.with_name("params.yaml.bak")
        shutil.copy2(dst, backup)
    with atomic_path(dst) as tmp:
        shutil.copy2(src, tmp)
    return backup


def register(app: typer.Typer) -> None:
    profile_app = typer.Typer(
        help="Switch between the demo and the paper's configurations.", no_args_is_help=True
    )
    app.add_typer(profile_app, name="profile")

    @profile_app.command("list")
    def list_cmd() -> None:
        """List the checked-in profiles."""
        current = Path("params.yaml").read_bytes() if Path("params.yaml").exists() else b""
        for name in available():
            mark = "*" if profile_path(name).read_bytes() == current else " "
            typer.echo(f"{mark} {name}")

    @profile_app.command("use")
    def use_cmd(name: str = typer.Argument(..., help="demo | paper-llama2 | paper-swallow")) -> None:
        """Validate a profile and make it params.yaml (your own edits are kept in params.yaml.bak)."""
        backup = use(name)
        if backup:
            typer.echo(f"kept your previous params.yaml as {backup}")
        typer.echo(f"params.yaml is now profile '{name}'; `leia plan` shows what `dvc repro` would run")

    @profile_app.command("validate")
    def validate_cmd(
        path: Path = typer.Argument(Path("params.yaml"), help="a params file or profiles/NAME.yaml"),
    ) -> None:
        """Check a params file without running anything."""
        from leia.validate import validate_params

        if not path.exists():
            raise InputError(path, "no such file")
        validate_params(load_params(path), source=str(path))
        typer.echo(f"{path}: ok")
