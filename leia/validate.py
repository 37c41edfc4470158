"""Validate a whole params file up front, so a bad value fails before any data or model is touched."""

from __future__ import annotations

import re
from typing import Any

from leia.errors import ParamError
from leia.params import get, get_bool, get_choice, get_float, get_int, get_list

STRATEGIES = ("left", "right", "replace")
_LANG = re.compile(r"^[a-z]{2,3}$")
_DATE = re.compile(r"^\d{8}$")


def validate_common(params: dict[str, Any]) -> None:
    get_choice(params, "strategy", STRATEGIES)
    get_float(params, "p_skip", min=0.0, max=1.0)
    get_bool(params, "mask_name_loss")
    langs = get_list(params, "languages")
    if not langs:
        raise ParamError("languages", "is empty", "list at least one target language, e.g. [ja]")
    for lang in langs:
        if not isinstance(lang, str) or not _LANG.match(lang) or lang == "en":
            raise ParamError("languages", f"{lang!r} is not a target Wikipedia language code", "e.g. ja, sw, ar")
    seeds = get_list(params, "seeds")
    if not seeds or any(isinstance(s, bool) or not isinstance(s, int) for s in seeds):
        raise ParamError("seeds", f"must be a non-empty list of integers, got {seeds!r}")
    if len(set(seeds)) != len(seeds):
        raise ParamError("seeds", f"has duplicates: {seeds!r}")
    for key in ("dump.date", "dump.wikidata_date"):
        value = str(get(params, key))
        if not _DATE.match(value):
            raise ParamError(key, f"must be a dump date YYYYMMDD, got {value!r}")
    local = get(params, "sources.local")
    remote = get(params, "sources.remote")
    if not isinstance(local, dict) or not isinstance(remote, dict) or (len(local) + len(remote)) != 1:
        raise ParamError(
            "sources",
            "needs exactly one mirror in sources.local (a folder, demo) or sources.remote (a URL)",
            "see profiles/demo.yaml and profiles/paper-llama2.yaml",
        )
    get_int(params, "demo_world.size", min=1) if local else None


def validate_params(params: dict[str, Any], *, source: str = "params.yaml") -> None:
    """Run every area's validator; errors are ParamErrors naming the dotted key."""
    try:
        validate_common(params)
        from leia.train.config import validate as validate_train

        validate_train(params)
    except ParamError as e:
        raise ParamError(e.key, str(e).split(": ", 1)[1], f"in {source}") from None
