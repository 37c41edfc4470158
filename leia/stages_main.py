"""Run a stage's main() so that user errors print one line and exit 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable

from leia.errors import LeiaError


def run(main: Callable[[], object]) -> None:
    try:
        main()
    except LeiaError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
