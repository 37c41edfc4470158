"""Add <translate>/</translate>, resize the embeddings, start the new rows at the mean (paper App. A)."""

from __future__ import annotations

import contextlib
from typing import Any

import torch

OPEN, CLOSE = "<translate>", "</translate>"


def _gathered(params: list[torch.nn.Parameter]) -> Any:
    """Under ZeRO-3 the weights are partitioned: gather them so rank 0 can edit, then re-partition."""
    from transformers.integrations import is_deepspeed_zero3_enabled

    if is_deepspeed_zero3_enabled():
        import deepspeed

        return deepspeed.zero.GatheredParameters(params, modifier_rank=0)
    return contextlib.nullcontext()


def add_translate_tokens(model: Any, tokenizer: Any) -> tuple[int, int]:
    """Returns (open_id, close_id). New input rows (and output rows when untied) = mean of the old rows."""
    first_new = len(tokenizer)  # the original vocabulary is every id below this
    tokenizer.add_tokens([OPEN, CLOSE], special_tokens=True)  # same call in transformers 4 and 5
    ids = [tokenizer.convert_tokens_to_ids(OPEN), tokenizer.convert_tokens_to_ids(CLOSE)]
    if max(ids) >= model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer), mean_resizing=False)
    emb = [model.get_input_embeddings().weight]
    out = model.get_output_embeddings()
    if out is not None and out.weight is not emb[0]:
        emb.append(out.weight)
    base = min(first_new, min(ids))
    with _gathered(emb), torch.no_grad():
        for w in emb:
            w[ids] = w[:base].float().mean(dim=0).to(w.dtype)
    return ids[0], ids[1]
