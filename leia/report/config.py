"""The `stats:` and `report:` sections of params.yaml, read and validated in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from leia.contract import eval_tasks
from leia.errors import ParamError
from leia.params import get, get_choice, get_float, get_int, get_list
from leia.report.stats import ALTERNATIVES, PAIRED_TESTS


@dataclass(frozen=True)
class StatsConfig:
    alpha: float = 0.05
    alternative: str = "greater"
    confidence: float = 0.95
    paired_test: str = "permutation"  # permutation | bootstrap | none
    paired_resamples: int = 10000
    seed: int = 0

    @property
    def ci_key(self) -> str:
        """JSON key of the interval half-width: ci95 for a 95% interval (design §11)."""
        return f"ci{round(self.confidence * 100):g}"


@dataclass(frozen=True)
class ReportConfig:
    qualitative_examples: int = 5
    qualitative_lang: str = "ja"
    qualitative_task: str = "xcodah"
    seed: int = 0
    loss_metric: str = "train/loss"


@dataclass(frozen=True)
class Setup:
    """What the run was supposed to contain, from the top-level params."""

    profile: str
    model: str
    languages: list[str]
    methods: list[str]
    seeds: list[int]
    tasks: dict[str, list[str]]  # lang -> evaluated tasks (leia.contract.eval_tasks)
    dump_date: str
    wikidata_date: str
    # Languages where only the base model is evaluated: the source-language ceiling (English, where
    # the base model learnt the facts) that cross-lingual transfer aims for.
    control: list[str] = field(default_factory=list)

    def langs_for(self, task_key: str) -> list[str]:
        return [lang for lang in self.languages if task_key in self.tasks.get(lang, [])]

    def all_tasks(self) -> list[str]:
        seen: dict[str, None] = {}
        for lang in self.languages:
            seen.update(dict.fromkeys(self.tasks.get(lang, [])))
        return list(seen)


def stats_config(params: dict[str, Any]) -> StatsConfig:
    return StatsConfig(
        alpha=get_float(params, "stats.alpha", 0.05, min=1e-9, max=0.5),
        alternative=get_choice(params, "stats.alternative", ALTERNATIVES, "greater"),
        confidence=get_float(params, "stats.confidence", 0.95, min=0.5, max=0.999),
        paired_test=get_choice(params, "stats.paired_test", [*PAIRED_TESTS, "none"], "permutation"),
        paired_resamples=get_int(params, "stats.paired_resamples", 10000, min=100),
        seed=get_int(params, "stats.seed", 0, min=0),
    )


def report_config(params: dict[str, Any]) -> ReportConfig:
    return ReportConfig(
        qualitative_examples=get_int(params, "report.qualitative_examples", 5, min=0),
        qualitative_lang=str(get(params, "report.qualitative_lang", "ja")),
        qualitative_task=str(get(params, "report.qualitative_task", "xcodah")),
        seed=get_int(params, "report.seed", 0, min=0),
        loss_metric=str(get(params, "report.loss_metric", "train/loss")),
    )


def setup(params: dict[str, Any]) -> Setup:
    languages = [str(x) for x in get_list(params, "languages")]
    control = [str(x) for x in get_list(params, "evaluate.control", [])]
    seeds = get_list(params, "seeds")
    if any(isinstance(s, bool) or not isinstance(s, int) for s in seeds):
        raise ParamError("seeds", f"must be a list of integers, got {seeds!r}")
    # An empty list configures no run at all: a report over it would cover nothing yet look valid.
    for key, value, example in (("languages", languages, "[ja]"), ("methods", get_list(params, "methods"),
                                "[ft, leia]"), ("seeds", seeds, "[1, 2, 3]")):  # fmt: skip
        if not value:
            raise ParamError(key, "is empty: no run is configured", f"list at least one, e.g. {example}")
    tasks = eval_tasks(params)
    return Setup(
        profile=str(get(params, "profile", "demo")),
        model=str(get(params, "base_model.name_or_path", "unknown")),
        languages=languages,
        methods=[str(m) for m in get_list(params, "methods")],
        seeds=list(seeds),
        tasks=tasks,
        dump_date=str(get(params, "dump.date", "unknown")),
        wikidata_date=str(get(params, "dump.wikidata_date", "unknown")),
        control=control,
    )


def validate(params: dict[str, Any]) -> None:
    """Fail early on a bad stats/report section (for leia.validate)."""
    stats_config(params)
    report_config(params)
    setup(params)
