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


def write(entries: dict[str, dict[str, Any]], table: pd.DataFrame, json_path: Path, csv_path: Path) -> None:
    write_json(json_path, entries)
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
