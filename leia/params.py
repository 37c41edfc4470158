"""Load params.yaml and read typed, validated values whose errors name the dotted key."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from leia.errors import ArgumentError, InputError, ParamError

_MISSING = object()


def load_params(path: str | Path = "params.yaml") -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such params file", "run from the repository root, or pass --params")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(path, f"not valid YAML{where}: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise InputError(path, "must be a YAML mapping of sections")
    return data


def get(params: dict[str, Any], key: str, default: Any = _MISSING) -> Any:
    """Look up a dotted key ('train.lr'); a missing key without default is a ParamError."""
    node: Any = params
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            if default is not _MISSING:
                return default
            raise ParamError(
                key, "is missing", "add it to params.yaml; see profiles/demo.yaml for an example"
            )
        node = node[part]
    return node


def get_choice(params: dict[str, Any], key: str, choices: Sequence[str], default: Any = _MISSING) -> str:
    value = get(params, key, default)
    if value not in choices:
        raise ParamError(key, f"is {value!r}", f"choose one of: {', '.join(map(str, choices))}")
    return value


def get_int(params: dict[str, Any], key: str, default: Any = _MISSING, *, min: int | None = None) -> int:
    value = get(params, key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParamError(key, f"must be an integer, got {value!r}")
    if min is not None and value < min:
        raise ParamError(key, f"must be >= {min}, got {value}")
    return value


def get_optional_int(params: dict[str, Any], key: str, *, min: int | None = None) -> int | None:
    """An integer, or null (also when the key is absent)."""
    return None if get(params, key, None) is None else get_int(params, key, min=min)


def get_float(
    params: dict[str, Any],
    key: str,
    default: Any = _MISSING,
    *,
    min: float | None = None,
    max: float | None = None,
) -> float:
    value = get(params, key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ParamError(key, f"must be a number, got {value!r}")
    if (min is not None and value < min) or (max is not None and value > max):
        lo = "-inf" if min is None else min
        hi = "inf" if max is None else max
        raise ParamError(key, f"must be in [{lo}, {hi}], got {value}")
    return float(value)


def get_bool(params: dict[str, Any], key: str, default: Any = _MISSING) -> bool:
    value = get(params, key, default)
    if not isinstance(value, bool):
        raise ParamError(key, f"must be true or false, got {value!r}")
    return value


def get_list(params: dict[str, Any], key: str, default: Any = _MISSING) -> list[Any]:
    value = get(params, key, default)
    if not isinstance(value, list):
        raise ParamError(key, f"must be a list, got {value!r}")
    return value


def dump_mirror(params: dict[str, Any]) -> str:
    """The one mirror the dumps come from: `sources.local` (a folder the demo world writes) or
    `sources.remote` (a URL laid out like dumps.wikimedia.org). Two dicts so that dvc.yaml can
    `foreach` over each and the demo-only stages vanish from the paper profiles' DAG."""
    local = get(params, "sources.local", {}) or {}
    remote = get(params, "sources.remote", {}) or {}
    if not isinstance(local, dict) or not isinstance(remote, dict) or len(local) + len(remote) != 1:
        raise ParamError(
            "sources",
            "needs exactly one mirror: sources.local {name: folder} or sources.remote {name: URL}",
            "see profiles/demo.yaml and profiles/paper-llama2.yaml",
        )
    value = next(iter({**local, **remote}.values()))
    if isinstance(value, dict):  # {url: ..., layout: wikimedia | archive_org} (leia/corpus/dumpfiles.py)
        if not isinstance(value.get("url"), str):
            raise ParamError("sources", f"a mirror given as a mapping needs a url, got {value!r}",
                             "e.g. {url: https://archive.org/download, layout: archive_org}")  # fmt: skip
        return value["url"]
    return str(value)


@contextmanager
def param_keys(names: Mapping[str, str]) -> Iterator[None]:
    """Re-raise a library's ArgumentError as a ParamError naming where the value came from.

    `names` maps the library's argument names to the params keys (or command-line options) the
    caller read them from, e.g. {"p_skip": "methods.leia.p_skip"}; an argument not in it propagates."""
    try:
        yield
    except ArgumentError as e:
        if e.arg not in names:
            raise
        raise ParamError(names[e.arg], e.problem, e.hint) from None
