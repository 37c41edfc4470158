"""Run a stage's main() so that user errors print one line and exit 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leia.errors import LeiaError


def interrupted_message(argv: list[str]) -> str:
    """One line for Ctrl-C: what stopped, and that running it again resumes."""
    what = " ".join(Path(argv[0]).with_suffix("").name.split() + argv[1:]) if argv else "the stage"
    return (
        f"interrupted: {what} stopped by Ctrl-C; outputs are written atomically, so nothing half-written "
        "was kept. Run `dvc repro` again to resume: finished stages are skipped and training continues "
        "from its last checkpoint."
    )


def run(main: Callable[[], object]) -> None:
    try:
        main()
    except LeiaError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        print(interrupted_message(sys.argv), file=sys.stderr)
        sys.exit(130)  # 128 + SIGINT, what a shell reports for a process ended by Ctrl-C


def log_to_stderr() -> None:
    """INFO logs of the library on stderr, as every stage and its `leia` command show them."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def lang_params(
    path: str | Path, lang: str, *, allowed: Callable[[dict[str, Any]], list[str]] | None = None
) -> dict[str, Any]:
    """Load the params file and check that `lang` is one the operation runs for.

    That is `languages` (dvc.yaml's matrix) unless `allowed` derives a wider list from the params, so
    a stage or command run by hand for an unconfigured language fails naming the key instead of
    reading missing inputs."""
    from leia.errors import ParamError
    from leia.params import get_list, load_params

    params = load_params(path)
    langs = allowed(params) if allowed is not None else get_list(params, "languages")
    if lang not in langs:
        raise ParamError(
            "languages", f"does not include {lang!r} (this stage runs for {langs})",
            "add it, or pass one of those codes",
        )  # fmt: skip
    return params


def params_stage(description: str | None) -> dict[str, Any]:
    """Parse `--params` for a stage that takes no other option, and load the params."""
    import argparse

    from leia.params import load_params

    p = argparse.ArgumentParser(description=description)
    p.add_argument("--params", default="params.yaml")
    return load_params(p.parse_args().params)


def lang_stage(
    description: str | None, *, allowed: Callable[[dict[str, Any]], list[str]] | None = None
) -> tuple[dict[str, Any], str]:
    """Parse `--params` and `--lang` for a per-language stage, set up logging and load the params
    (checked by lang_params)."""
    import argparse

    p = argparse.ArgumentParser(description=description)
    p.add_argument("--params", default="params.yaml")
    p.add_argument("--lang", required=True)
    args = p.parse_args()
    log_to_stderr()
    return lang_params(args.params, args.lang, allowed=allowed), args.lang
