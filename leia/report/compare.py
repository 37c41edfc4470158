"""`leia compare`: the few columns that matter across the workspace, commits and experiments.

`dvc exp show` lists every param and metric (hundreds of columns); this reads the same records
(dvc.api.exp_show) and prints, per experiment and task/language, the configuration, FT's and each
LEIA variant's score and LEIA's p-value against FT, from metrics/compare.json."""

from __future__ import annotations

import math
import re
from typing import Any

from leia.contract import TASKS
from leia.report.tasks import task

_KEY = re.compile(
    r"^(?:[^:]+:)?(?P<task>[a-z_]+)/(?P<lang>[a-z-]+|avg)/(?P<method>[\w.-]+?)(?P<p>/p_vs_ft)?$"
)  # "xcodah/ja/leia", "xcodah/ja/leia/p_vs_ft", optionally "metrics/compare.json:" first
CONFIG = ("strategy", "p_skip", "mask_name_loss")


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _param(rec: dict[str, Any], name: str) -> str:
    for key, value in rec.items():
        if key == name or key.endswith(f":{name}"):
            return str(value)
    return "?"


def rows(records: list[dict[str, Any]], tasks: list[str] | None = None) -> list[list[str]]:
    """Header + one row per (experiment, task, language) that has any score."""
    methods: dict[str, None] = {}
    table: list[tuple[str, str, str, dict[str, float | None], float | None]] = []
    for rec in records:
        name = rec.get("Experiment") or rec.get("rev") or "?"
        config = "/".join(_param(rec, k) for k in CONFIG)
        cells: dict[tuple[str, str], dict[str, float | None]] = {}
        pvals: dict[tuple[str, str], float | None] = {}
        for key, value in rec.items():
            m = _KEY.match(key)
            # Only scores: a code dep's column ("leia/report/stats.py": its md5) has the same shape.
            if not m or m["task"] not in TASKS or (tasks and m["task"] not in tasks):
                continue
            where = (m["task"], m["lang"])
            if m["p"]:
                if m["method"] == "leia":
                    pvals[where] = _num(value)
            elif (score := _num(value)) is not None:
                cells.setdefault(where, {})[m["method"]] = score
                methods[m["method"]] = None
        for (t, lang), scores in cells.items():
            if any(v is not None for v in scores.values()):
                table.append((str(name), config, f"{task(t).label} {lang}", scores, pvals.get((t, lang))))
    order = sorted(methods, key=lambda m: (m != "base", m != "ft", m != "leia", m))
    head = ["experiment", "/".join(CONFIG), "task", *order]
    if "leia" in methods and "ft" in methods:
        head += ["LEIA−FT", "p (LEIA>FT)"]
    out = [head]
    for name, config, what, scores, p in table:
        line = [name, config, what, *("—" if scores.get(m) is None else f"{scores[m]:.1f}" for m in order)]
        if len(head) > 3 + len(order):
            ft, le = scores.get("ft"), scores.get("leia")
            line.append("—" if ft is None or le is None else f"{le - ft:+.1f}")
            line.append("n/a" if p is None else f"{p:.3g}")
        out.append(line)
    return out


def render(table: list[list[str]]) -> str:
    if len(table) == 1:
        return "no experiment has metrics/compare.json scores (run `dvc repro` or `dvc exp run` first)"
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table)
