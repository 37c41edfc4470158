"""Run lm-eval on one model for one language and write `results/eval/{run_id}/` (design §10)."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from leia.contract import TASKS, coverage
from leia.errors import InputError, ParamError
from leia.evaluation import taskgen
from leia.io import atomic_path


def resolve_device_dtype(dtype: str) -> tuple[str, str]:
    """`auto`: float16 on GPU (as the paper), float32 on CPU."""
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    if dtype == "auto":
        dtype = "float16" if device == "cuda" else "float32"
    if dtype not in ("float16", "bfloat16", "float32"):
        raise ParamError("evaluate.dtype", f"is {dtype!r}", "choose auto, float16, bfloat16 or float32")
    return device, dtype


def _batch_size(batch_size: str | int, device: str) -> str | int:
    if batch_size == "auto":
        return "auto" if device == "cuda" else 64  # the harness's auto search is slow and pointless on CPU
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ParamError("evaluate.batch_size", f"is {batch_size!r}", "use auto or a positive integer")
    return batch_size


def _sample_row(task: str, s: dict[str, Any]) -> dict[str, Any]:
    doc = s["doc"]
    row: dict[str, Any] = {"doc_id": s["doc_id"], "question": doc.get("question", "")}
    if TASKS[task].metric == "char_f1":
        row.update(gold=doc["answer"], pred=s["filtered_resps"][0], score=float(s["char_f1"]))
    else:
        lls = [float(r[0]) for r in s["filtered_resps"]]
        pred = max(range(len(lls)), key=lls.__getitem__)
        row.update(gold=int(doc["label"]), pred=pred, correct=bool(s["acc"]), choices=list(doc["choices"]))
    return row


def evaluate_model(
    *,
    model: str,
    lang: str,
    tasks: list[str],
    run_id: str,
    method: str,
    seed: int | None,
    data_dir: Path,
    out_root: Path,
    batch_size: str | int = "auto",
    generation_batch_size: int | None = None,
    dtype: str = "auto",
    limit: int | None = None,
) -> dict[str, Any]:
    """Evaluate `model` on `tasks` for `lang` and write metrics.json + samples/{task}.jsonl atomically."""
    import lm_eval
    from lm_eval.tasks import TaskManager

    from leia.evaluation.lm import PaperTokenizationLM

    if not Path(model).is_dir():
        raise InputError(model, "model folder not found", "train it first, or check --model")
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise ParamError("evaluate.tasks", f"unknown task(s) {unknown}", f"choose from {', '.join(TASKS)}")
    wanted = [t for t in tasks if lang in TASKS[t].languages]
    for t in wanted:
        for split in TASKS[t].splits:
            if not (data_dir / t / lang / f"{split}.jsonl").exists():
                raise InputError(data_dir / t / lang / f"{split}.jsonl", "evaluation data missing",
                                 "run `python stages/eval_data.py` (dvc repro eval_data)")  # fmt: skip
    if not wanted:
        raise ParamError("evaluate.tasks", f"has no benchmark that exists in {lang!r}", coverage())
    device, torch_dtype = resolve_device_dtype(dtype)
    logging.getLogger("lm_eval").setLevel(logging.WARNING)
    # No BOS, continuations encoded alone, EOS as X-CODAH's empty context: as the paper's tools (lm.py).
    lm = PaperTokenizationLM(
        pretrained=model, device=device, dtype=torch_dtype, batch_size=_batch_size(batch_size, device),
        generation_batch_size=generation_batch_size,
    )  # fmt: skip
    names = {TASKS[t].lm_eval_name(lang): t for t in wanted}
    with tempfile.TemporaryDirectory(prefix="leia-tasks-") as tdir:
        taskgen.write_tasks(Path(tdir), str(data_dir.resolve()), [lang])
        manager = TaskManager(
            include_path=tdir, include_defaults=False, metadata={"tokenizer": model, "pretrained": model}
        )
        out = lm_eval.simple_evaluate(
            model=lm, tasks=list(names), task_manager=manager, log_samples=True, limit=limit,
            bootstrap_iters=0, random_seed=0, numpy_random_seed=0, torch_random_seed=0,
            fewshot_random_seed=1234,
        )  # fmt: skip
    results: dict[str, Any] = {}
    samples: dict[str, list[dict]] = {}
    for name, task in names.items():
        metric = TASKS[task].metric
        rows = [_sample_row(task, s) for s in sorted(out["samples"][name], key=lambda s: s["doc_id"])]
        results[task] = {metric: float(out["results"][name][f"{metric},none"]), "n": len(rows)}
        samples[task] = rows
    metrics = {
        "run": {"lang": lang, "method": method, "seed": seed, "model": model},
        "results": results,
    }
    with atomic_path(out_root / run_id, is_dir=True) as tmp:
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", "utf-8")
        (tmp / "samples").mkdir()
        for task, rows in samples.items():
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
            (tmp / "samples" / f"{task}.jsonl").write_text(text, "utf-8")
    return metrics
