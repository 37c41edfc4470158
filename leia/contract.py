"""What the stages share: run ids, language codes, the augmentation strategies, per-run paths, the
token kinds and special tokens of an augmented sequence, and the evaluation tasks.

Defined once here; stages, training, evaluation and the report import them, so a change of format
(e.g. the run id) cannot leave one reader behind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leia.errors import ParamError
from leia.params import get, get_list

# Wikipedia language codes: 2-3 letters, then hyphenated subtags (zh-yue, zh-min-nan, be-x-old).
LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)*$")

# Where LEIA inserts the English name relative to the anchor (paper §3.1); `none` is ft (no insertion).
STRATEGIES = ("left", "right", "replace")
STRATEGIES_WITH_NONE = (*STRATEGIES, "none")

BASE = "base"  # the method name of the untuned base model's evaluation runs
RUN_ID_FORMS = "{lang}-base or {lang}-{method}-seed{seed}"
# Methods start with ft or leia (leia-left-0.5, leia-namemask), so a hyphenated language code is
# split off by the shortest prefix that leaves such a method: zh-yue-leia-seed1 -> zh-yue, leia.
_RUN_ID = re.compile(
    r"(?P<lang>[a-z]{2,3}(?:-[a-z]+)*?)-(?:(?P<base>base)|(?P<method>(?:ft|leia)(?:-[a-z0-9.]+)*)-seed(?P<seed>\d+))"
)


def run_id(lang: str, method: str, seed: int | None) -> str:
    """The name of one evaluation/training run: results/eval/<run id>, dvclive/<run id>."""
    return f"{lang}-{BASE}" if method == BASE else f"{lang}-{method}-seed{seed}"


def parse_run_id(value: str) -> tuple[str, str, int | None]:
    """`{lang}-base` or `{lang}-{method}-seed{seed}` -> (lang, method, seed); ValueError otherwise."""
    m = _RUN_ID.fullmatch(value)
    if m is None:
        raise ValueError(f"{value!r} is not a run id ({RUN_ID_FORMS})")
    if m.group("base"):
        return m.group("lang"), BASE, None
    return m.group("lang"), m.group("method"), int(m.group("seed"))


def model_dir(lang: str, method: str, seed: int) -> Path:
    return Path(f"models/{lang}/{method}/seed{seed}")


def checkpoints_dir(lang: str, method: str, seed: int) -> Path:
    return Path(f"checkpoints/{lang}/{method}/seed{seed}")


def dvclive_dir(lang: str, method: str, seed: int) -> Path:
    return Path("dvclive") / run_id(lang, method, seed)


# What each position of an augmented sequence holds: augmentation writes these, training masks by them.
TEXT, SPECIAL, NAME = 0, 1, 2
# The special tokens LEIA wraps each inserted English name in (paper §2), added to the vocabulary.
OPEN_TOKEN, CLOSE_TOKEN = "<translate>", "</translate>"


# The 16 languages of X-CSR (X-CSQA and X-CODAH; Lin et al. 2021, inklab.usc.edu/XCSR) as Wikipedia
# codes (XCSR's own code for Japanese is `jap`: leia.evaluation.taskgen.XCSR_LANGS).
XCSR_LANGUAGES = (
    "ar",
    "de",
    "en",
    "es",
    "fr",
    "hi",
    "it",
    "ja",
    "nl",
    "pl",
    "pt",
    "ru",
    "sw",
    "ur",
    "vi",
    "zh",
)


@dataclass(frozen=True)
class Task:
    """An evaluation benchmark: how lm-eval runs it, what the report shows and compares it with."""

    key: str  # as in evaluate.tasks
    label: str  # as in the paper's tables
    lm_eval: str  # lm-eval task name; {lang} is filled in for the per-language XCSR sets
    splits: tuple[str, ...]  # the splits evaluation reads
    metric: str  # the metrics.json key the paper reports
    choices: int  # answer candidates; 0 = free generation
    dataset: str  # the published dataset it is read from (evaluate.paths.<dataset>)
    languages: tuple[str, ...]  # the languages the published benchmark exists in

    @property
    def chance(self) -> float:
        """Expected score of a uniform random guess: 1/choices; 0 for generation."""
        return 1.0 / self.choices if self.choices else 0.0

    def lm_eval_name(self, lang: str) -> str:
        return self.lm_eval.format(lang=lang)


# The registry of benchmarks and the languages each covers: evaluate.tasks lists benchmarks, and each
# target (and control) language runs those of them that exist in it.
TASKS: dict[str, Task] = {
    t.key: t
    for t in (
        Task("xcodah", "X-CODAH", "xcodah_{lang}", ("validation",), "acc", 4, "xcsr", XCSR_LANGUAGES),
        Task("xcsqa", "X-CSQA", "xcsqa_{lang}", ("validation",), "acc", 5, "xcsr", XCSR_LANGUAGES),
        Task(
            "jcommonsenseqa", "JCSQA", "jcommonsenseqa", ("train", "validation"), "acc", 5, "jglue", ("ja",)
        ),
        Task("jaqket", "JAQKET", "jaqket_v1", ("train", "validation"), "acc", 5, "jaqket", ("ja",)),
        Task("niilc", "NIILC", "niilc", ("test",), "char_f1", 0, "niilc", ("ja",)),
        Task("jemhopqa", "JHQA", "jemhopqa", ("test",), "char_f1", 0, "jemhopqa", ("ja",)),
    )
}


def tasks_for(lang: str, benchmarks: Sequence[str]) -> list[str]:
    """The benchmarks among `benchmarks` (known keys, in their order) that exist in `lang`."""
    return [t for t in benchmarks if lang in TASKS[t].languages]


def coverage() -> str:
    """Which languages each benchmark covers, for error messages."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for t in TASKS.values():
        groups.setdefault(t.languages, []).append(t.key)
    return "; ".join(f"{', '.join(keys)} cover {', '.join(langs)}" for langs, keys in groups.items())


def benchmarks(params: dict[str, Any]) -> list[str]:
    """`evaluate.tasks`: the benchmarks to run, a non-empty list of keys of TASKS."""
    value = get(params, "evaluate.tasks")
    if not isinstance(value, list) or not value or not all(isinstance(t, str) for t in value):
        raise ParamError(
            "evaluate.tasks",
            f"is {value!r}",
            f"list the benchmarks to run, e.g. [xcodah, xcsqa] (of {list(TASKS)})",
        )
    unknown = [t for t in value if t not in TASKS]
    if unknown:
        raise ParamError("evaluate.tasks", f"unknown task(s) {unknown}", f"choose from {list(TASKS)}")
    return list(dict.fromkeys(value))


def eval_tasks(params: dict[str, Any]) -> dict[str, list[str]]:
    """Language -> the benchmarks of `evaluate.tasks` run in it, for every target language (`languages`)
    and every control language (`evaluate.control`). A language none of them exists in is an error that
    names the key it is listed under: its evaluation would have nothing to run."""
    names = benchmarks(params)
    out: dict[str, list[str]] = {}
    listed = {
        "languages": get_list(params, "languages"),
        "evaluate.control": get_list(params, "evaluate.control", []),
    }
    for key, langs in listed.items():
        for lang in langs:
            tasks = tasks_for(lang, names) if isinstance(lang, str) else []
            if not tasks:
                raise ParamError(
                    key, f"lists {lang!r}, which none of evaluate.tasks {names} exists in",
                    f"drop it, or add a benchmark that covers it to evaluate.tasks ({coverage()})",
                )  # fmt: skip
            out.setdefault(lang, tasks)
    return out


# What ends each article's text (extract.article_end). wikiextractor's --json text has no line break
# after the last paragraph; its document format, which the original code reads, has "\n" after it and
# the blank line before </doc>, and the original keeps both (studio-ousia/leia
# scripts/preprocess_wikipedia.py `_generate_articles`, wikiextractor 3.0.7 extract.py).
ARTICLE_ENDS = {"none": "", "blank_line": "\n\n"}

# tokenize.boundary: what happens to an anchor whose boundary falls inside a token (leia.corpus.tokenization).
BOUNDARY_MODES = ("split", "drop")
