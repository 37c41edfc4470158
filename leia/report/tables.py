"""The paper's Tables 1, 2, 3, 5, 8 and 10 as data: one spec each, one builder for all.

A spec names its rows (what each row is: a fixed baseline, a method, or a method configuration
that is looked up among the configured methods), its tasks and how languages become columns.
`build` turns a spec plus the statistics into a Grid of Cells; render.py writes any Grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leia.errors import ParamError
from leia.report.analysis import all_zero
from leia.report.config import Setup
from leia.report.paper import PaperTable, paper_document, paper_table
from leia.report.tasks import task
from leia.train.methods import resolve


@dataclass(frozen=True)
class Config:
    """A LEIA configuration; None = the top-level params value (so Table 5 follows `strategy`)."""

    strategy: str | None
    p_skip: float | None
    mask_name_loss: bool


@dataclass(frozen=True)
class RowSpec:
    key: str  # row key in paper_values.yaml
    stub: tuple[str, ...]  # label cells; "{model}" becomes the base model's name
    source: str | Config  # "random" | "base" | a method name | a configuration
    marks: bool = False  # print the significance marks (* and dagger)


@dataclass(frozen=True)
class TableSpec:
    key: str
    tasks: tuple[str, ...]
    langs: str  # "each" | "each+avg" | "avg" | a single language code
    stub_header: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    ci: str  # "row" (a ± row under seeded rows) | "inline" | "none"
    what: str  # one sentence for the caption


MAIN_ROWS = (
    RowSpec("random", ("Random",), "random"),
    RowSpec("base", ("{model}",), "base"),
    RowSpec("ft", ("{model}+FT",), "ft"),
    RowSpec("leia", ("LEIA",), "leia", marks=True),
)
ABLATION_ROWS = tuple(
    RowSpec(f"{s}-{p}", (s, p), Config(s, float(p), False))
    for s in ("left", "right", "replace")
    for p in ("0.0", "0.5")
)
LOSS_ROWS = (
    RowSpec("enable", ("Enable loss propagation from English entity tokens",), Config(None, None, False)),
    RowSpec("disable", ("Disable loss propagation from English entity tokens",), Config(None, None, True)),
)
XCSR = ("xcodah", "xcsqa")
JA_TASKS = ("xcodah", "xcsqa", "jcommonsenseqa", "niilc", "jemhopqa", "jaqket")

SPECS: tuple[TableSpec, ...] = (
    TableSpec("table1", XCSR, "avg", ("strategy", "p_skip"), ABLATION_ROWS, "none",
              "Average score over the languages per method configuration."),
    TableSpec("table2", XCSR, "each", ("Model",), MAIN_ROWS, "row",
              "Results on X-CODAH and X-CSQA per language."),
    TableSpec("table3", JA_TASKS, "ja", ("Model",), MAIN_ROWS[1:], "inline",
              "Results on the Japanese datasets (JCSQA = JCommonsenseQA, JHQA = JEMHopQA)."),
    TableSpec("table5", XCSR, "avg", ("",), LOSS_ROWS, "none",
              "LEIA with loss propagation from the English entity-name tokens enabled vs. disabled "
              "(average over the languages)."),
    TableSpec("table8", XCSR, "each+avg", ("strategy", "p_skip"), ABLATION_ROWS, "none",
              "Score per language per method configuration."),
    TableSpec("table10", XCSR, "each+avg", ("",), LOSS_ROWS, "none",
              "LEIA with loss propagation from the English entity-name tokens enabled vs. disabled, "
              "per language."),
)  # fmt: skip


@dataclass
class Cell:
    method: str | None  # the run method behind the cell (None: no method matches the row)
    entry: dict[str, Any] | None  # the stats.json entry (None: missing)
    value: float | None = None  # percent
    ci: float | None = None
    n: int | None = None
    star: bool = False
    dagger: bool = False
    paper: float | None = None
    paper_ci: float | None = None
    paper_star: bool = False

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def diff(self) -> float | None:
        return None if self.value is None or self.paper is None else self.value - self.paper


@dataclass
class Grid:
    spec: TableSpec
    paper: PaperTable
    compare: bool  # print the paper's numbers beside ours
    columns: list[tuple[str, str]]  # (task, lang or "avg")
    stubs: list[tuple[str, ...]]
    cells: list[list[Cell]]
    expected_n: int = 1  # configured seeds; cells with fewer say so
    notes: list[str] = field(default_factory=list)
    config_diffs: list[str] | None = None  # how params depart from the profile (None: unknown)


def model_label(name_or_path: str) -> str:
    low = name_or_path.lower()
    if "swallow" in low:
        return "Swallow"
    if "llama-2" in low or "llama2" in low:
        return "LLaMA2"
    if low == "demo":
        return "Base"
    return name_or_path.rstrip("/").rsplit("/", 1)[-1]


def columns(spec: TableSpec, setup: Setup) -> list[tuple[str, str]]:
    cols: list[tuple[str, str]] = []
    for t in spec.tasks:
        if spec.langs not in ("each", "each+avg", "avg"):
            cols.append((t, spec.langs))
            continue
        langs = setup.langs_for(t)
        if not langs:
            continue
        if spec.langs != "avg":
            cols += [(t, lang) for lang in langs]
        if spec.langs != "each":
            cols.append((t, "avg"))
    return cols


def find_method(source: str | Config, setup: Setup, params: dict[str, Any]) -> str | None:
    """The configured method a row stands for; an explicit ablation name wins over `leia`."""
    if isinstance(source, str):
        return source
    want = (
        source.strategy or str(params.get("strategy")),
        float(source.p_skip if source.p_skip is not None else params.get("p_skip", -1)),
        source.mask_name_loss,
    )
    hits = []
    for name in setup.methods:
        if not name.startswith("leia"):
            continue
        try:
            m = resolve(name, params)
        except ParamError:
            continue
        if (m.strategy, m.p_skip, m.mask_name_loss) == want:
            hits.append(name)
    hits.sort(key=lambda n: n == "leia")
    return hits[0] if hits else None


def _cell(
    method: str | None,
    task: str,
    lang: str,
    row: RowSpec,
    stats: dict,
    paper: PaperTable,
    ci_key: str,
    avg_comparable: bool,
) -> Cell:
    entry = None if method is None else stats.get(f"{task}/{lang}/{method}")
    cell = Cell(method, entry)
    if entry is not None and entry.get("mean") is not None:
        cell.value = 100.0 * entry["mean"]
        cell.ci = None if entry.get(ci_key) is None else 100.0 * entry[ci_key]
        cell.n = entry.get("n")
        cell.star = row.marks and bool(entry.get("significant"))
        cell.dagger = row.marks and bool(entry.get("significant_paired"))
    col = f"{task}/{lang}"
    if lang == "avg" and not avg_comparable:
        return cell  # our average is over other languages than the paper's seven
    cell.paper = paper.rows.get(row.key, {}).get(col)
    cell.paper_ci = paper.ci.get(row.key, {}).get(col)
    cell.paper_star = col in paper.significant.get(row.key, frozenset())
    return cell


def build(
    spec: TableSpec,
    stats: dict[str, dict],
    setup: Setup,
    params: dict[str, Any],
    ci_key: str,
    config_diffs: list[str] | None = None,
) -> Grid:
    """`config_diffs`: how params depart from their profile's file (paper.differences); None when
    that file could not be read. The paper's numbers are printed only with none at all."""
    paper = paper_table(spec.key)
    cols = columns(spec, setup)
    label = model_label(setup.model)
    paper_langs = set(paper_document()["languages"])
    same = {t: set(setup.langs_for(t)) == paper_langs for t in spec.tasks}
    stubs, cells, unconfigured = [], [], []
    for row in spec.rows:
        method = find_method(row.source, setup, params)
        if method is None:
            unconfigured.append(" ".join(row.stub))
        stubs.append(tuple(s.format(model=label) for s in row.stub))
        cells.append([_cell(method, t, lang, row, stats, paper, ci_key, same[t]) for t, lang in cols])
    notes = []
    if unconfigured:
        notes.append(
            f"No configured method has the configuration of row(s) {'; '.join(unconfigured)} "
            "(add e.g. leia-left-0.0 or leia-namemask to `methods` to run them)."
        )
    zero = [(t, lang) for t, lang in all_zero(stats, setup) if (t, lang) in cols]
    if zero:
        names = ", ".join(f"{task(t).label} ({lang})" for t, lang in zero)
        notes.append(
            f"Every model scores 0 on {names}: the benchmark does not separate the models there "
            "(not counted in the report's verdict)."
        )
    compare = paper.matches(setup.profile) and config_diffs == []
    return Grid(spec, paper, compare, cols, stubs, cells, len(setup.seeds), notes, config_diffs)
