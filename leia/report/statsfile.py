"""Write and read the statistics outputs: metrics/stats.json (DVC metrics) and results/stats.csv."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from leia.errors import InputError
from leia.io import atomic_path, write_json

STATS_JSON = Path("metrics/stats.json")
STATS_CSV = Path("results/stats.csv")
COMPARE_JSON = Path("metrics/compare.json")


def compact(entries: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """The DVC metrics a user compares across experiments: the score (percent, mean over seeds) per
    task/lang/method and, for every LEIA variant, its p-value against FT. Flat keys, so that
    `dvc metrics diff` and `dvc exp show` print one short column per figure."""
    out: dict[str, float | None] = {}
    for key, e in sorted(entries.items()):
        if key.endswith("/random") or e.get("mean") is None:
            continue
        out[key] = round(100.0 * float(e["mean"]), 2)
        if "p_vs_ft" in e:
            out[f"{key}/p_vs_ft"] = None if e["p_vs_ft"] is None else round(float(e["p_vs_ft"]), 4)
    return out


def write(
    entries: dict[str, dict[str, Any]],
    table: pd.DataFrame,
    json_path: Path,
    csv_path: Path,
    compare_path: Path | None = None,
) -> None:
    write_json(json_path, entries)
    if compare_path is not None:
        write_json(compare_path, compact(entries))
    with atomic_path(csv_path) as tmp:
        table.to_csv(tmp, index=False, float_format="%.6g")


def read(json_path: Path = STATS_JSON) -> dict[str, dict[str, Any]]:
    if not Path(json_path).exists():
        raise InputError(json_path, "missing", "run `python stages/stats.py` (or `leia stats`) first")
    try:
        data = json.loads(Path(json_path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(json_path, f"not valid JSON (line {e.lineno})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(json_path, "expected {'task/lang/method': {...}} entries")
    return data
