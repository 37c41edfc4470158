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
    single_run: bool = False  # the paper's values are one training run each, not means over seeds

    def matches(self, profile: str) -> bool:
        """The profile is the paper's configuration for this table (see also `differences`)."""
        return profile in self.profiles

    def source(self) -> str:
        # no page: paper_values.yaml's page numbers are estimated from the extracted text
        return f"Table {self.key.removeprefix('table')}, {self.section}"


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
        single_run=bool(t.get("single_run", False)),
    )


# Keys that choose what runs (which languages, methods, seeds, tasks) or how fast, not what a run
# computes: a run that differs from its profile only here still reproduces the paper's cells.
_NOT_CONFIGURATION = (
    "profile", "languages", "methods", "seeds", "evaluate.tasks", "evaluate.batch_size", "evaluate.paths",
    "evaluate.source_root", "extract.processes", "download", "sources",
    "sitelinks.processes", "sitelinks.decompressor", "entities.batch_articles", "tokenize.batch_size",
    "train.micro_batch_size", "train.cpu_threads", "train.save_steps", "train.logging_steps",
    "train.launcher", "train.deepspeed", "train.attn_implementation", "train.gradient_checkpointing",
    "base_model.demo.cpu_threads", "stats", "report",
)  # fmt: skip


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict) and node:
        out: dict[str, Any] = {}
        for k, v in node.items():
            out |= _flatten(v, f"{prefix}{k}.")
        return out
    return {prefix.rstrip("."): node}


def differences(params: dict[str, Any], profile: dict[str, Any]) -> list[str]:
    """The settings in which `params` departs from the checked-in profile it names ("key: ours vs
    profile's"), ignoring what only selects or schedules runs. Empty: the paper's numbers apply."""
    ours, theirs = _flatten(params), _flatten(profile)
    skip = tuple(_NOT_CONFIGURATION)
    out = []
    for key in sorted(set(ours) | set(theirs)):
        if key in skip or key.startswith(tuple(f"{k}." for k in skip)):
            continue
        a, b = ours.get(key, "(unset)"), theirs.get(key, "(unset)")
        if a != b:
            out.append(f"{key}: {a!r} vs {b!r}")
    return out
