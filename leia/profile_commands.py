"""`leia profile list|use|validate`: switch params.yaml between the checked-in profiles."""

from __future__ import annotations

from pathlib import Path

import typer
import yaml

from leia import fidelity
from leia.errors import InputError
from leia.io import atomic_path
from leia.params import load_params
from leia.profiles import PROFILE_DIR, available, render


def _current(root: Path) -> dict | None:
    try:
        return load_params(root / "params.yaml")
    except InputError:
        return None


def use(name: str, root: Path = Path(".")) -> Path | None:
    """Validate profile `name` and write it (resolved) as params.yaml.

    A params.yaml whose settings match no profile holds the user's own edits: it is kept as
    params.yaml.bak before being replaced. Returns the backup path, if one was made.
    """
    from leia.validate import validate_params

    profiles_dir = root / PROFILE_DIR
    text = render(name, profiles_dir)
    validate_params(yaml.safe_load(text), source=f"{profiles_dir / name}.yaml")
    dst = root / "params.yaml"
    backup = None
    if dst.exists():
        current = _current(root)
        if not any(current == yaml.safe_load(render(p, profiles_dir)) for p in available(profiles_dir)):
            backup = dst.with_name("params.yaml.bak")
            backup.write_bytes(dst.read_bytes())
    with atomic_path(dst) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return backup


def register(app: typer.Typer) -> None:
    @app.command("validate")
    def validate_stage_cmd(
        params: Path = typer.Option(Path("params.yaml"), help="params file"),
        out: Path = typer.Option(Path("data/params.validated"), help="marker file written when it passes"),
    ) -> None:
        """Check the params file and the sources.local folder, as the validate stage does (first in
        the DAG); `leia profile validate` checks a profile without writing anything."""
        from leia.validate import validate_stage

        validate_stage(params, out)

    profile_app = typer.Typer(
        help="Switch between the demo and the paper's configurations.", no_args_is_help=True
    )
    app.add_typer(profile_app, name="profile")

    @profile_app.command("list")
    def list_cmd() -> None:
        """List the checked-in profiles (* marks the one params.yaml holds)."""
        current = _current(Path("."))
        for name in available():
            mark = "*" if yaml.safe_load(render(name)) == current else " "
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
        path: Path = typer.Argument(
            Path("params.yaml"), help="params file, profile name or profiles/NAME.yaml"
        ),
    ) -> None:
        """Check a params file, or a profile resolved over its base, without running anything."""
        from leia.profiles import resolve
        from leia.validate import validate_params

        # a profile file is an overlay: validate what it resolves to
        in_profiles = path.suffix == ".yaml" and path.parent.resolve() == PROFILE_DIR.resolve()
        if in_profiles or (not path.exists() and str(path) in available()):
            name = path.stem if in_profiles else str(path)
            params = resolve(name)
            validate_params(params, source=f"{PROFILE_DIR / name}.yaml")
        elif path.exists():
            params = load_params(path)
            validate_params(params, source=str(path))
        else:
            raise InputError(path, "no such file or profile", f"profiles: {', '.join(available())}")
        typer.echo(f"{path}: ok")
        for line in fidelity.render(params):
            typer.echo(line)
