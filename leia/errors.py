"""User-facing errors: each names the file, line or parameter at fault and what to do."""

from __future__ import annotations


class LeiaError(Exception):
    """An error the user can act on; the CLI prints it on one line and exits with status 2."""

    exit_code = 2


class Preempted(LeiaError):
    """Training stopped early on request (a scheduler's time limit or preemption), after saving a
    checkpoint; running the stage again resumes from it."""

    exit_code = 75  # EX_TEMPFAIL: try again


class ParamError(LeiaError):
    """A bad value in params.yaml (or a CLI option); the message names the dotted key."""

    def __init__(self, key: str, problem: str, hint: str = "") -> None:
        self.key = key
        msg = f"parameter '{key}': {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class ArgumentError(LeiaError, ValueError):
    """A bad argument to a library function; the message names the argument, not a config key.

    The front ends (stages, `leia` commands) turn it into a ParamError naming the params key or
    option the value came from (leia.params.param_keys)."""

    def __init__(self, arg: str, problem: str, hint: str = "") -> None:
        self.arg, self.problem, self.hint = arg, problem, hint
        msg = f"{arg} {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class InputError(LeiaError):
    """Bad or missing input data; the message names the file (and line/offset where known)."""

    def __init__(self, path: object, problem: str, hint: str = "") -> None:
        self.path = str(path)
        msg = f"{path}: {problem}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)
