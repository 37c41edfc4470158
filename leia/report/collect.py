"""Read the evaluation runs (design §10) and the dvclive training logs (design §9)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leia.contract import run_id
from leia.errors import InputError
from leia.report.tasks import task

EVAL_DIR = Path("results/eval")
DVCLIVE_DIR = Path("dvclive")


@dataclass(frozen=True)
class Score:
    metric: str
    value: float
    n: int | None


@dataclass
class Run:
    run_id: str
    lang: str
    method: str  # "base" for the untuned model
    seed: int | None
    model: str | None
    scores: dict[str, Score] = field(default_factory=dict)
    path: Path = Path()

    @property
    def seeded(self) -> bool:
        return self.seed is not None


def _pick_metric(task_key: str, result: dict[str, Any], path: Path) -> tuple[str, float]:
    want = task(task_key).metric
    if want in result:
        return want, result[want]
    candidates = [k for k, v in result.items() if k != "n" and isinstance(v, (int, float))]
    if len(candidates) == 1:
        return candidates[0], result[candidates[0]]
    raise InputError(path, f"task {task_key!r} has no {want!r} score (keys: {sorted(result)})")


def read_run(path: Path) -> Run:
    """Parse one results/eval/{run_id}/metrics.json; the folder name must be the run id it states."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info, results = data["run"], data["results"]
        lang, method, seed = info["lang"], info["method"], info.get("seed")
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise InputError(
            path, f"not an evaluation metrics file ({e})", "expected design §10's format"
        ) from None
    if method != "base" and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise InputError(path, f"run.seed must be an integer for method {method!r}, got {seed!r}")
    rid = run_id(lang, method, seed if method != "base" else None)
    if path.parent.name != rid:
        raise InputError(path, f"states run {rid!r} but lies in folder {path.parent.name!r}")
    run = Run(rid, lang, method, seed if method != "base" else None, info.get("model"), path=path)
    for key, result in results.items():
        if not isinstance(result, dict):
            raise InputError(path, f"results.{key} must be an object")
        metric, value = _pick_metric(key, result, path)
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise InputError(path, f"results.{key}.{metric} must be a number in [0, 1], got {value!r}")
        run.scores[key] = Score(metric, float(value), result.get("n"))
    return run


def load_runs(eval_dir: Path = EVAL_DIR, run_ids: list[str] | None = None) -> list[Run]:
    """The runs under eval_dir, sorted by run id; none at all is an error.

    With `run_ids`, only those runs are read (the ones params.yaml configures): a folder left over
    from an earlier configuration (another seed, a dropped method) must not enter the statistics."""
    if run_ids is None:
        paths = sorted(Path(eval_dir).glob("*/metrics.json"))
    else:
        paths = sorted(p for rid in run_ids if (p := Path(eval_dir) / rid / "metrics.json").exists())
    if not paths:
        which = "" if run_ids is None else f" for the configured runs ({', '.join(run_ids)})"
        raise InputError(
            eval_dir, f"no */metrics.json evaluation results{which}", "run the evaluation stages first"
        )
    return [read_run(p) for p in paths]


def scores_frame(runs: list[Run]) -> pd.DataFrame:
    """One row per (run, task): run_id, lang, method, seed, task, metric, value, n."""
    rows = [
        {
            "run_id": r.run_id,
            "lang": r.lang,
            "method": r.method,
            "seed": r.seed,
            "task": t,
            "metric": s.metric,
            "value": s.value,
            "n": s.n,
        }
        for r in runs
        for t, s in r.scores.items()
    ]
    cols = ["run_id", "lang", "method", "seed", "task", "metric", "value", "n"]
    return pd.DataFrame(rows, columns=cols)


def read_samples(eval_dir: Path, rid: str, task_key: str) -> pd.DataFrame | None:
    """Per-example records of one run and task (None when the run logged none); do not mutate."""
    path = Path(eval_dir) / rid / "samples" / f"{task_key}.jsonl"
    if not path.exists():
        return None
    st = path.stat()
    return _read_samples(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=512)  # each run's samples are compared against several baselines
def _read_samples(name: str, _mtime: int, _size: int) -> pd.DataFrame | None:
    path = Path(name)
    records = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                rec["doc_id"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise InputError(f"{path}:{lineno}", f"not a sample record ({e})") from None
            if "score" in rec:
                rec["_score"] = float(rec["score"])
            elif "correct" in rec:
                rec["_score"] = float(bool(rec["correct"]))
            else:
                raise InputError(f"{path}:{lineno}", "sample has neither 'correct' nor 'score'")
            records.append(rec)
    if not records:
        return None
    frame = pd.DataFrame.from_records(records)
    if frame["doc_id"].duplicated().any():
        dup = frame.loc[frame["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise InputError(path, f"doc_id {dup!r} appears twice")
    return frame.set_index("doc_id", drop=False)


def pooled_scores(eval_dir: Path, rids: list[str], task_key: str) -> pd.Series | None:
    """Per-example score averaged over the given runs (seeds); only examples every run has."""
    series = []
    for rid in rids:
        frame = read_samples(eval_dir, rid, task_key)
        if frame is None:
            return None
        series.append(frame["_score"])
    if not series:
        return None
    joined = pd.concat(series, axis=1, join="inner")
    return joined.mean(axis=1) if len(joined) else None


def chance_from_samples(frame: pd.DataFrame | None) -> float | None:
    """Expected accuracy of guessing uniformly: mean over examples of 1/len(choices)."""
    if frame is None or "choices" not in frame.columns:
        return None
    counts = frame["choices"].map(lambda c: len(c) if isinstance(c, (list, tuple)) and c else np.nan)
    return None if counts.isna().any() else float((1.0 / counts).mean())


def read_loss(dvclive_dir: Path, rid: str, metric: str) -> pd.DataFrame | None:
    """dvclive's plots/metrics/{metric}.tsv (columns step, <name>[, timestamp]) as step, value."""
    path = Path(dvclive_dir) / rid / "plots" / "metrics" / f"{metric}.tsv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, sep="\t")
    name = metric.rsplit("/", 1)[-1]
    if "step" not in frame.columns or name not in frame.columns:
        raise InputError(path, f"expected dvclive columns 'step' and {name!r}, got {list(frame.columns)}")
    frame = frame.drop_duplicates("step", keep="last")  # a resumed run logs its last steps again
    return frame[["step", name]].rename(columns={name: "value"})
