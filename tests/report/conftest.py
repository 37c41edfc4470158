"""Synthetic evaluation runs and training logs in the exact formats of design §9-§10."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

CHOICES = {"xcodah": 4, "xcsqa": 5, "jcommonsenseqa": 5, "jaqket": 5, "niilc": 0, "jemhopqa": 0}
METRIC = {"niilc": "char_f1", "jemhopqa": "char_f1"}


def write_run(
    eval_dir: Path, lang: str, method: str, seed: int | None, scores: dict[str, np.ndarray], model: str = "m"
) -> str:
    """One results/eval/{run_id}/ with metrics.json and samples/{task}.jsonl from per-example scores."""
    rid = f"{lang}-base" if method == "base" else f"{lang}-{method}-seed{seed}"
    run = eval_dir / rid
    (run / "samples").mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for task, per_example in scores.items():
        k = CHOICES[task]
        lines = []
        for i, s in enumerate(per_example):
            if k:
                gold = i % k
                pred = gold if s >= 1 else (gold + 1) % k
                rec = {"doc_id": i, "question": f"{lang} question {i}", "gold": gold, "pred": pred,
                       "correct": bool(s >= 1), "choices": [f"choice {i}.{c}" for c in range(k)]}  # fmt: skip
            else:
                rec = {"doc_id": i, "question": f"q{i}", "gold": "答え", "pred": "答" if s < 1 else "答え",
                       "score": float(s)}  # fmt: skip
            lines.append(json.dumps(rec, ensure_ascii=False))
        (run / "samples" / f"{task}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        metric = METRIC.get(task, "acc")
        results[task] = {metric: float(np.mean(per_example)), "n": len(per_example)}
    info = {"lang": lang, "method": method, "seed": seed, "model": model}
    (run / "metrics.json").write_text(json.dumps({"run": info, "results": results}), encoding="utf-8")
    return rid


def write_loss(dvclive_dir: Path, rid: str, steps: int, start: float, seed: int) -> None:
    """dvclive's layout: {dir}/{run}/plots/metrics/train/loss.tsv with columns step, loss."""
    path = dvclive_dir / rid / "plots" / "metrics" / "train" / "loss.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    loss = start * np.exp(-np.arange(steps) / steps) + rng.normal(0, 0.02, steps)
    path.write_text("step\tloss\n" + "".join(f"{i}\t{v}\n" for i, v in enumerate(loss)), encoding="utf-8")


def make_world(
    root: Path,
    langs: dict[str, list[str]],
    methods: dict[str, float],
    seeds: list[int],
    n: int = 60,
    base: float = 0.4,
    skip: set[str] = frozenset(),
) -> dict[str, Any]:
    """Runs for base + every method/seed: accuracy ~ base + methods[m]; returns a params dict.
    `langs` maps each language to its tasks: those of the benchmarks listed that exist in it."""
    from leia.contract import tasks_for

    benchmarks = list(dict.fromkeys(t for tasks in langs.values() for t in tasks))
    assert all(tasks_for(lang, benchmarks) == tasks for lang, tasks in langs.items()), langs
    eval_dir, live = root / "results" / "eval", root / "dvclive"
    rng = np.random.default_rng(0)
    for lang, tasks in langs.items():
        specs = [("base", None, base)] + [(m, s, base + d) for m, d in methods.items() for s in seeds]
        for method, seed, p in specs:
            rid = f"{lang}-base" if method == "base" else f"{lang}-{method}-seed{seed}"
            if rid in skip:
                continue
            scores = {}
            for t in tasks:
                if CHOICES[t]:
                    scores[t] = (rng.random(n) < p).astype(float)
                else:
                    scores[t] = np.clip(rng.normal(p, 0.2, n), 0, 1)
            write_run(eval_dir, lang, method, seed, scores)
            if seed is not None:
                write_loss(live, rid, 30, 4.0 - (p - base), seed)
    return {
        "profile": "demo",
        "strategy": "right",
        "p_skip": 0.5,
        "mask_name_loss": False,
        "languages": list(langs),
        "methods": list(methods),
        "seeds": seeds,
        "dump": {"date": "20231001", "wikidata_date": "20231002"},
        "base_model": {"name_or_path": "demo"},
        "evaluate": {"tasks": benchmarks},
        "stats": {
            "alpha": 0.05,
            "alternative": "greater",
            "confidence": 0.95,
            "paired_test": "permutation",
            "paired_resamples": 2000,
            "seed": 0,
        },  # fmt: skip
        "report": {"qualitative_examples": 3, "seed": 0},
    }


@pytest.fixture
def world(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    return lambda **kw: make_world(tmp_path, **kw)
