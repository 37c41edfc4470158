"""Glue between params.yaml and the evaluation functions (used by the stages and the CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leia import contract
from leia.errors import InputError, ParamError
from leia.evaluation import sources
from leia.evaluation.evaluate import evaluate_model
from leia.params import dump_mirror, get, get_choice, get_optional_int

DATA_DIR = Path("data/eval")
RESULTS_DIR = Path("results/eval")


def prepare_eval_data(params: dict[str, Any], out_dir: Path = DATA_DIR) -> dict[str, Any]:
    kind = get_choice(params, "evaluate.sources", ["demo", "published"])
    paths = get(params, "evaluate.paths", {}) or {}
    roots = sources.source_roots(kind, Path(dump_mirror(params)), paths)
    # the target languages, and those where only the base model is evaluated (the English ceiling)
    tasks = contract.eval_tasks(params)
    demo_eval = Path(dump_mirror(params)) / "eval"
    if kind == "demo" and not demo_eval.is_dir():
        # only a wholly absent eval/ means the demo world has not run; any other error is reported as is
        raise InputError(demo_eval, "demo evaluation sets missing", "run the demo world stage first")
    return sources.prepare(tasks, roots, out_dir)


def parse_run_id(run_id: str) -> tuple[str, str, int | None]:
    """`{lang}-base` or `{lang}-{method}-seed{seed}` -> (lang, method, seed)."""
    try:
        return contract.parse_run_id(run_id)
    except ValueError:
        raise ParamError("--run-id", f"is {run_id!r}", f"use {contract.RUN_ID_FORMS}") from None


def run_evaluation(
    params: dict[str, Any], *, lang: str, model: str, run_id: str, method: str | None, seed: int | None
) -> dict[str, Any]:
    id_lang, id_method, id_seed = parse_run_id(run_id)
    if id_lang != lang:
        raise ParamError("--run-id", f"names language {id_lang!r} but --lang is {lang!r}")
    limit = get(params, "evaluate.limit", None)
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise ParamError("evaluate.limit", f"is {limit!r}", "use null or a positive integer")
    tasks = contract.eval_tasks(params).get(lang)
    if not tasks:
        raise ParamError("--lang", f"{lang!r} is in neither `languages` nor evaluate.control",
                         "evaluate a language listed there, or add it")  # fmt: skip
    return evaluate_model(
        model=model, lang=lang, tasks=tasks, run_id=run_id, method=method or id_method,
        seed=seed if seed is not None else id_seed, data_dir=DATA_DIR, out_root=RESULTS_DIR,
        batch_size=get(params, "evaluate.batch_size", "auto"), dtype=get(params, "evaluate.dtype", "auto"),
        generation_batch_size=get_optional_int(params, "evaluate.generation_batch_size", min=1),
        limit=limit,
    )  # fmt: skip
