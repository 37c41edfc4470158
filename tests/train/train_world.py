"""Helpers for the training tests: a tiny world (text, demo base model, tokenized corpus), params."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pyarrow as pa

REPO = Path(__file__).resolve().parents[2]
WORDS = "alder voss kireth omaria painter river stone north city museum".split()
KANA = list("アイウエオカキクケコサシスセソタチツテトナニヌネノ")


def _english(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for _ in range(n):
        sents = [" ".join(rng.choice(WORDS, size=6)).capitalize() + "." for _ in range(rng.integers(3, 6))]
        out.append(" ".join(sents))
    return out


def _target(rng: np.random.Generator, n: int) -> list[str]:
    return ["".join(rng.choice(KANA, size=int(rng.integers(60, 120)))) + "。" for _ in range(n)]


def augment_fn():
    from leia.augment import augment

    return augment


def tokenized_table(tok, texts: list[str], rng: np.random.Generator) -> pa.Table:
    rows = {"input_ids": [], "anchor_tok_start": [], "anchor_tok_end": [], "name_ids": []}
    for t in texts:
        ids = tok(t, add_special_tokens=False)["input_ids"]
        cuts = np.sort(rng.choice(np.arange(0, len(ids) - 2, 4), size=min(4, len(ids) // 8), replace=False))
        rows["input_ids"].append(ids)
        rows["anchor_tok_start"].append(cuts.tolist())
        rows["anchor_tok_end"].append((cuts + 2).tolist())
        rows["name_ids"].append(
            [tok(" ".join(rng.choice(WORDS, 2)), add_special_tokens=False)["input_ids"] for _ in cuts]
        )
    schema = pa.schema(
        [
            ("input_ids", pa.list_(pa.int32())),
            ("anchor_tok_start", pa.list_(pa.int32())),
            ("anchor_tok_end", pa.list_(pa.int32())),
            ("name_ids", pa.list_(pa.list_(pa.int32()))),
        ]
    )
    return pa.Table.from_pydict(rows, schema=schema)


TINY = {
    "base_model": {
        "name_or_path": "demo",
        "demo": {
            "vocab_size": 400, "hidden_size": 32, "intermediate_size": 64, "num_layers": 1, "num_heads": 2,
            "max_length": 64, "steps": 30, "batch_size": 8, "lr": 3.0e-3, "seed": 0, "cpu_threads": 1,
        },
    },
    "train": {
        "max_length": 64, "global_batch_tokens": 512, "micro_batch_size": 4, "token_budget": 4096,
        "lr": 3.0e-3, "lr_schedule": "cosine", "warmup_steps": 0, "adam_beta1": 0.9, "adam_beta2": 0.95,
        "weight_decay": 0.1, "max_grad_norm": 1.0, "bf16": False, "gradient_checkpointing": False,
        "attn_implementation": "sdpa", "save_steps": 0, "cpu_threads": 1,
        "deepspeed": {"enabled": False, "zero_stage": 3, "offload_optimizer": False, "offload_param": False},
        "launcher": {
            "kind": "python", "nproc_per_node": 1, "nnodes": 1, "hostfile": None, "master_port": 29531,
        },
    },
    "strategy": "right", "p_skip": 0.5, "mask_name_loss": False,
}  # fmt: skip


def params(**over) -> dict:
    p = copy.deepcopy(TINY)
    for key, value in over.items():
        node = p
        *path, last = key.split("__")
        for part in path:
            node = node[part]
        node[last] = value
    return p
