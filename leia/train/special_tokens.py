"""Add <translate>/</translate> and resize the embeddings as the original code does (paper App. A).

studio-ousia/leia@7c1eac8 train.py: `model.resize_token_embeddings(len(tokenizer))` under transformers
4.35.2, then the new *input* rows are set to the mean of the old input rows. The new *output* rows
(lm_head, untied in LLaMA) keep what that resize gave them: transformers 4.35 builds the larger lm_head and
runs the model's `_init_weights` on it (LLaMA: normal(0, config.initializer_range)) before copying the old
rows back. transformers >= 4.46 defaults to `mean_resizing=True` instead; we resize without it and draw the
output rows from normal(0, initializer_range) ourselves, seeded by the run seed (the original seeds before
loading the model), so the result does not depend on the transformers version's resize internals.
"""

from __future__ import annotations

import contextlib
from typing import Any

import torch

from leia.contract import CLOSE_TOKEN as CLOSE
from leia.contract import OPEN_TOKEN as OPEN

INIT_STD = 0.02  # LLaMA's initializer_range, for a config that lacks the field


def _gathered(params: list[torch.nn.Parameter]) -> Any:
    """Under ZeRO-3 the weights are partitioned: gather them so rank 0 can edit, then re-partition."""
    from transformers.integrations import is_deepspeed_zero3_enabled

    if is_deepspeed_zero3_enabled():
        import deepspeed

        return deepspeed.zero.GatheredParameters(params, modifier_rank=0)
    return contextlib.nullcontext()


def add_translate_tokens(model: Any, tokenizer: Any, seed: int = 0) -> tuple[int, int]:
    """Returns (open_id, close_id). New input rows = mean of the old input rows; new output rows (when
    untied) ~ normal(0, initializer_range), drawn from a generator seeded with `seed`."""
    first_new = len(tokenizer)  # the original vocabulary is every id below this
    tokenizer.add_tokens([OPEN, CLOSE], special_tokens=True)  # same call in transformers 4 and 5
    ids = [tokenizer.convert_tokens_to_ids(OPEN), tokenizer.convert_tokens_to_ids(CLOSE)]
    if max(ids) >= model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer), mean_resizing=False)
    emb_in = model.get_input_embeddings().weight
    out = model.get_output_embeddings()
    emb_out = out.weight if out is not None and out.weight is not emb_in else None
    base = min(first_new, min(ids))
    std = float(getattr(model.config, "initializer_range", None) or INIT_STD)
    with _gathered([emb_in] + ([emb_out] if emb_out is not None else [])), torch.no_grad():
        emb_in[ids] = emb_in[:base].float().mean(dim=0).to(emb_in.dtype)
        if emb_out is not None:
            gen = torch.Generator().manual_seed(seed)
            rows = torch.normal(0.0, std, size=(len(ids), emb_out.shape[1]), generator=gen)
            emb_out[ids] = rows.to(device=emb_out.device, dtype=emb_out.dtype)
    return ids[0], ids[1]
