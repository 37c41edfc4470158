"""Functions the task YAMLs in this folder call (`!function utils.…`); lm-eval loads this file by path.

The documents are the normalised JSONL of `data/eval/{task}/{lang}/{split}.jsonl` (leia.evaluation.sources).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import datasets

from leia.evaluation import prompts
from leia.evaluation.char_f1 import char_f1 as _char_f1


def jcsqa_doc_to_text(doc: dict) -> str:
    return prompts.jcsqa_text(doc["question"], doc["choices"])


def jaqket_doc_to_text(doc: dict) -> str:
    return prompts.jaqket_text(doc["question"], doc["choices"], doc["contexts_eval"])


def jaqket_fewshot_doc_to_text(doc: dict) -> str:
    choices, contexts = prompts.jaqket_shot_choices(doc["choices"], doc["contexts_shot"])
    return prompts.jaqket_text(doc["question"], choices, contexts)


def jaqket_fewshot_doc_to_target(doc: dict) -> str:
    return prompts.jaqket_shot_target(doc["label"])


def niilc_doc_to_text(doc: dict) -> str:
    return prompts.niilc_text(doc["question"])


def jemhopqa_doc_to_text(doc: dict) -> str:
    return prompts.jemhopqa_text(doc["question"])


def char_f1(references: list[str], predictions: list[str]) -> float:
    """Per-sample llm-jp-eval char F1 (lm-eval calls metric functions with lists of one; the function's
    name is the metric's name in the results)."""
    return _char_f1(predictions[0], references[0])


def xcsqa_doc_to_text(doc: dict) -> str:
    return prompts.xcsqa_text(doc["question"])


@lru_cache(maxsize=4)
def _tokenizer(name_or_path: str) -> Any:
    from leia import hf_tokenizer

    return hf_tokenizer.load(hf_tokenizer.resolve(name_or_path))


def truncate_texts(texts: list[str], limit: int, tokenizer: Any) -> list[str]:
    """The harness's `batch_truncate_text`: encode without special tokens, keep `limit` tokens, decode
    with special tokens skipped."""
    ids = tokenizer(texts, add_special_tokens=False)["input_ids"]
    return tokenizer.batch_decode([x[:limit] for x in ids], skip_special_tokens=True)


def load_jaqket(data_files: dict[str, str] | None = None, **metadata: Any) -> datasets.DatasetDict:
    """custom_dataset for jaqket_v1: contexts are cut with the *evaluated model's* tokenizer, which lm-eval
    passes in metadata (`pretrained` from --model_args, or `tokenizer`); LEIA_EVAL_TOKENIZER overrides."""
    name = os.environ.get("LEIA_EVAL_TOKENIZER") or metadata.get("tokenizer") or metadata.get("pretrained")
    if not name:
        raise ValueError(
            "jaqket_v1 needs the model's tokenizer to cut its contexts: pass --model_args pretrained=… "
            "or --metadata '{\"tokenizer\": …}', or set LEIA_EVAL_TOKENIZER"
        )
    if not data_files:
        raise ValueError("jaqket_v1: dataset_kwargs.data_files is missing in the task YAML")
    tok = _tokenizer(str(name))
    ds = datasets.load_dataset("json", data_files=data_files)

    def cut(batch: dict) -> dict:
        flat = [c for ctxs in batch["contexts"] for c in ctxs]
        sizes = [len(ctxs) for ctxs in batch["contexts"]]
        out = {}
        for key, limit in (
            ("contexts_eval", prompts.JAQKET_CONTEXT_LIMIT),
            ("contexts_shot", prompts.JAQKET_SHOT_CONTEXT_LIMIT),
        ):
            cut_flat = truncate_texts(flat, limit, tok) if flat else []
            it = iter(cut_flat)
            out[key] = [[next(it) for _ in range(n)] for n in sizes]
        return out

    return ds.map(cut, batched=True)
