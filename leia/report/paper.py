"""The paper's published numbers (paper_values.yaml) and when they are comparable to ours."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class PaperTable:
    key: str
    title: str
    section: str
    page: int | None
    profiles: tuple[str, ...]
    rows: dict[str, dict[str, float]] = field(default_factory=dict)
    ci: dict[str, dict[str, float]] = field(default_factory=dict)
    significant: dict[str, frozenset[str]] = field(default_factory=dict)

    def matches(self, profile: str) -> bool:
        """Our numbers are comparable only when the run used the paper's configuration."""
        return profile in self.profiles

    def source(self) -> str:
        page = f", p. {self.page}" if self.page else ""
        return f"Table {self.key.removeprefix('table')} ({self.section}{page})"


@cache
def paper_document() -> dict[str, Any]:
    text = resources.files("leia.report").joinpath("paper_values.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def paper_table(key: str) -> PaperTable:
    t = paper_document()["tables"][key]
    return PaperTable(
        key=key,
        title=t["title"],
        section=t["section"],
        page=t.get("page"),
        profiles=tuple(t.get("profiles", ())),
        rows={r: {c: float(v) for c, v in cells.items()} for r, cells in (t.get("rows") or {}).items()},
        ci={r: {c: float(v) for c, v in cells.items()} for r, cells in (t.get("ci") or {}).items()},
        significant={r: frozenset(cols) for r, cols in (t.get("significant") or {}).items()},
    )
