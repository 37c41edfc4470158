"""Per task x language x method: summary over seeds and significance against every baseline.

Output entries (design §11), keyed "{task}/{lang}/{method}":
  random, base:   {"mean", "n"}                       (fixed baselines, no seeds)
  ft, leia, ...:  {"mean", "std", "ci95", "n", "p_vs_{baseline}", "p_paired_vs_{baseline}",
                   "significant", "significant_paired", "note"?}
  "{task}/avg/{method}": {"mean", "n_langs"}          (mean of the per-language means; only when
                                                       every configured language has the method)
`significant` is the tables' `*`: one-sided t-tests (Welch against the seeded FT, one-sample
against the base model and chance) all below alpha. The paper marks `*` "statistically significant
compared to all baselines" without naming a test (the authors' analysis notebook, leia-llm/leia@536cee7
notebooks/analysis.ipynb, computed 95% t-intervals over 5 seeds per arm); these tests are ours.
`significant_paired` (the report's dagger) is
the per-example paired test below alpha against every baseline with predictions (FT, base).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leia.report.collect import Run, chance_from_samples, pooled_scores, read_samples, scores_frame
from leia.report.config import Setup, StatsConfig
from leia.report.stats import PAIRED_TESTS, one_sample, summarize, welch
from leia.report.tasks import task


def baselines_for(method: str) -> list[str]:
    """The baselines a method is tested against: every LEIA variant also against FT."""
    return ["ft", "base", "random"] if method.startswith("leia") else ["base", "random"]


def _rng(cfg: StatsConfig, key: str) -> np.random.Generator:
    # one stream per comparison, so a result does not depend on which other runs exist
    return np.random.default_rng([cfg.seed, zlib.crc32(key.encode())])


def _paired(
    cfg: StatsConfig, key: str, eval_dir: Path, task_key: str, ours: list[str], theirs: list[str]
) -> float | None:
    if cfg.paired_test == "none":
        return None
    a = pooled_scores(eval_dir, ours, task_key)
    b = pooled_scores(eval_dir, theirs, task_key)
    if a is None or b is None:
        return None
    joined = pd.concat([a, b], axis=1, join="inner")
    if joined.empty:
        return None
    diffs = (joined.iloc[:, 0] - joined.iloc[:, 1]).to_numpy()
    return PAIRED_TESTS[cfg.paired_test](diffs, cfg.alternative, cfg.paired_resamples, _rng(cfg, key))


def _chance(eval_dir: Path, group: pd.DataFrame, task_key: str) -> float:
    for rid in group["run_id"]:
        found = chance_from_samples(read_samples(eval_dir, rid, task_key))
        if found is not None:
            return found
    return task(task_key).chance


def compute(
    runs: list[Run],
    cfg: StatsConfig,
    setup: Setup,
    eval_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, dict[str, Any]], pd.DataFrame]:
    """Return (stats.json entries, one CSV row per trained task/lang/method)."""
    frame = scores_frame(runs)
    out: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for (task_key, lang), group in frame.groupby(["task", "lang"], sort=True):
        if progress:
            progress(f"{task_key}/{lang}")
        fixed = {"random": _chance(eval_dir, group, task_key)}
        out[f"{task_key}/{lang}/random"] = {"mean": fixed["random"], "n": 0}
        base = group[group["method"] == "base"]
        if len(base):
            fixed["base"] = float(base["value"].iloc[0])
            out[f"{task_key}/{lang}/base"] = {"mean": fixed["base"], "n": 1}
        trained = group[group["method"] != "base"].sort_values("seed")
        by_method = {m: g for m, g in trained.groupby("method", sort=False)}
        for method, g in sorted(by_method.items()):
            key = f"{task_key}/{lang}/{method}"
            values = g["value"].to_numpy()
            s = summarize(values, cfg.confidence)
            entry: dict[str, Any] = {"mean": s.mean, "std": s.std, cfg.ci_key: s.ci, "n": s.n}
            notes = ["n=1: no confidence interval and no t-test"] if s.n == 1 else []
            if s.n > 1 and s.std == 0:
                notes.append("zero variance over seeds: no t-test (p n/a)")
            sig, sig_paired = True, cfg.paired_test != "none"
            for b in baselines_for(method):
                if b == "ft":
                    ft = by_method.get("ft")
                    p = None if ft is None else welch(values, ft["value"].to_numpy(), cfg.alternative)
                    theirs = None if ft is None else list(ft["run_id"])
                else:
                    p = one_sample(values, fixed[b], cfg.alternative) if b in fixed else None
                    theirs = list(base["run_id"]) if b == "base" and len(base) else None
                if (b == "ft" and "ft" not in by_method) or (b != "ft" and b not in fixed):
                    notes.append(f"baseline {b} missing")
                entry[f"p_vs_{b}"] = p
                sig = sig and p is not None and p < cfg.alpha
                if b != "random":  # chance has no predictions to pair with
                    ours = list(g["run_id"])
                    pp = (
                        None
                        if theirs is None
                        else _paired(cfg, f"{key}~{b}", eval_dir, task_key, ours, theirs)
                    )
                    entry[f"p_paired_vs_{b}"] = pp
                    sig_paired = sig_paired and pp is not None and pp < cfg.alpha
            entry["significant"] = bool(sig)
            entry["significant_paired"] = bool(sig_paired)
            if notes:
                entry["note"] = "; ".join(notes)
            out[key] = entry
            rows.append(
                {"task": task_key, "lang": lang, "method": method, "metric": g["metric"].iloc[0]}
                | {k: v for k, v in entry.items()}
                | {"seeds": " ".join(str(int(x)) for x in g["seed"])}
            )
    _averages(out, setup)
    cols = ["task", "lang", "method", "metric", "mean", "std", cfg.ci_key, "n", "seeds", "significant",
            "significant_paired", "p_vs_ft", "p_vs_base", "p_vs_random", "p_paired_vs_ft", "p_paired_vs_base",
            "note"]  # fmt: skip
    return out, pd.DataFrame(rows).reindex(columns=cols)


def _averages(out: dict[str, dict[str, Any]], setup: Setup) -> None:
    """Average over the configured languages (Tables 1, 5, 8, 10); incomplete -> no entry."""
    methods = {k.rsplit("/", 1)[1] for k in out}
    for task_key in setup.all_tasks():
        langs = setup.langs_for(task_key)
        for method in sorted(methods):
            means = [out.get(f"{task_key}/{lang}/{method}", {}).get("mean") for lang in langs]
            if langs and all(m is not None for m in means):
                out[f"{task_key}/avg/{method}"] = {"mean": float(np.mean(means)), "n_langs": len(langs)}


def all_zero(stats: dict[str, dict[str, Any]], setup: Setup) -> list[tuple[str, str]]:
    """(task, lang) pairs where the base model and every configured method score exactly 0: the
    benchmark does not separate the models there, so a win/loss count must not include them."""
    out = []
    for task_key in setup.all_tasks():
        for lang in setup.langs_for(task_key):
            means = [stats.get(f"{task_key}/{lang}/{m}", {}).get("mean") for m in ["base", *setup.methods]]
            present = [m for m in means if m is not None]
            if len(present) >= 2 and all(m == 0.0 for m in present):
                out.append((task_key, lang))
    return out
