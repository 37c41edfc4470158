"""Steps and gradient accumulation derived from one global batch given in tokens (never written twice)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from leia.errors import ParamError


@dataclass(frozen=True)
class Schedule:
    steps: int
    grad_accum: int
    sequences_per_step: int
    tokens_per_step: int
    train_tokens: int  # min(token budget, corpus estimate): what the steps cover


def derive(
    *,
    global_batch_tokens: int,
    max_length: int,
    micro_batch_size: int,
    world_size: int,
    token_budget: int,
    corpus_tokens: int,
    steps: int | None = None,
) -> Schedule:
    """Steps from the token budget and the corpus (min of the two), or `steps` as given (train.max_steps:
    the paper's 50, Swahili 20, whatever our corpus filtering gives); accumulation from the global batch."""
    per_micro = max_length * micro_batch_size * world_size
    if global_batch_tokens % per_micro:
        raise ParamError(
            "train.global_batch_tokens",
            f"{global_batch_tokens} is not a multiple of max_length x micro_batch_size x world size "
            f"= {max_length} x {micro_batch_size} x {world_size} = {per_micro}",
            "change train.global_batch_tokens, train.micro_batch_size or the launcher's process count",
        )
    if corpus_tokens <= 0:
        raise ParamError("train.token_budget", "the corpus has no tokens to train on")
    train_tokens = min(token_budget, corpus_tokens)
    if steps is not None:
        train_tokens = steps * global_batch_tokens
    return Schedule(
        steps=steps if steps is not None else max(1, math.ceil(train_tokens / global_batch_tokens)),
        grad_accum=global_batch_tokens // per_micro,
        sequences_per_step=global_batch_tokens // max_length,
        tokens_per_step=global_batch_tokens,
        train_tokens=train_tokens,
    )
