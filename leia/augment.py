"""The LEIA augmentation (paper §2, §3.1): English entity names wrapped in <translate> … </translate>.

Pure and seeded: the same inputs and the same `rng` state give the same output. Vectorised with numpy
index arithmetic (one scatter per kind of token), so it costs a few dozen numpy calls per article and no
Python work per token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from leia.contract import NAME, SPECIAL
from leia.contract import STRATEGIES_WITH_NONE as STRATEGIES
from leia.errors import ArgumentError


def _flat_names(names: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(values, offsets[k+1]) of the anchors' name ids; accepts a list of arrays or an Arrow ListArray."""
    if hasattr(names, "offsets") and hasattr(names, "values"):  # pyarrow ListArray / ListScalar values
        offsets = np.asarray(names.offsets, dtype=np.int64)
        # A sliced ListArray keeps its parent's values: cut them by its own offsets.
        values = np.asarray(names.values, dtype=np.int32)[offsets[0] : offsets[-1]]
        offsets = offsets - offsets[0]
    else:
        names = list(names)
        lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        offsets = np.zeros(len(names) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        values = np.concatenate(names).astype(np.int32, copy=False) if names else np.zeros(0, np.int32)
    if len(offsets) - 1 != k:
        raise ValueError(f"names: {len(offsets) - 1} names for {k} anchors (one name per anchor span)")
    return values, offsets


def _validate(n: int, starts: np.ndarray, ends: np.ndarray) -> None:
    if starts.shape != ends.shape or starts.ndim != 1:
        raise ValueError(f"starts/ends: shapes {starts.shape} and {ends.shape} differ (one span per anchor)")
    if len(starts) == 0:
        return
    if starts.min() < 0 or ends.max() > n:
        raise ValueError(f"starts/ends: a span lies outside input_ids[0:{n}]")
    if np.any(starts >= ends):
        i = int(np.argmax(starts >= ends))
        raise ValueError(f"starts/ends: span {i} [{starts[i]}, {ends[i]}) is empty or reversed")
    if np.any(ends[:-1] > starts[1:]):
        i = int(np.argmax(ends[:-1] > starts[1:]))
        raise ValueError(
            f"starts/ends: spans {i} and {i + 1} overlap or are unsorted (must be sorted, disjoint)"
        )


def augment(
    input_ids: np.ndarray | Sequence[int],
    starts: np.ndarray | Sequence[int],
    ends: np.ndarray | Sequence[int],
    names: Any,
    *,
    strategy: str,
    p_skip: float,
    rng: np.random.Generator,
    open_id: int,
    close_id: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Insert `<translate> name </translate>` for each anchor span [starts[i], ends[i]) of `input_ids`.

    left: before the anchor tokens; right: after them; replace: instead of them; none: unchanged.
    Each anchor is skipped independently with probability `p_skip`: exactly one uniform is drawn from
    `rng` per anchor, in anchor order, whatever the strategy (so `none` advances `rng` like the others
    and strategies compared under one seed skip the same anchors).
    Returns (ids int32, kind int8) with kind TEXT for article tokens, SPECIAL for the two markers and
    NAME for the English-name tokens.
    """
    if strategy not in STRATEGIES:
        raise ArgumentError("strategy", f"is {strategy!r}", f"choose one of: {', '.join(STRATEGIES)}")
    if isinstance(p_skip, bool) or not isinstance(p_skip, (int, float)) or not 0.0 <= p_skip <= 1.0:
        raise ArgumentError("p_skip", f"must be a probability in [0, 1], got {p_skip!r}")
    ids = np.asarray(input_ids, dtype=np.int32)
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    n = len(ids)
    _validate(n, s, e)
    k = len(s)
    values, offsets = _flat_names(names, k)

    keep = rng.random(k) >= p_skip  # u in [0, 1): p_skip=0 keeps all, p_skip=1 none
    if strategy == "none" or not keep.any():
        return ids.copy(), np.zeros(n, dtype=np.int8)

    s, e = s[keep], e[keep]
    name_start = offsets[:-1][keep]
    name_len = offsets[1:][keep] - name_start
    block = name_len + 2  # <translate> name </translate>
    # Each kept anchor removes input_ids[r0:r1) (empty unless replace) and inserts its block at r0.
    if strategy == "left":
        r0 = r1 = s
    elif strategy == "right":
        r0 = r1 = e
    else:
        r0, r1 = s, e
    delta = block - (r1 - r0)
    before = np.cumsum(delta) - delta  # net growth from the blocks preceding each one
    block_start = r0 + before
    out_n = n + int(delta.sum())

    out = np.empty(out_n, dtype=np.int32)
    kind = np.zeros(out_n, dtype=np.int8)

    # Article tokens: token j moves by the net growth of every block whose removal range ends at or before j.
    growth = np.bincount(r1, weights=delta, minlength=n + 1)[:n]
    shift = np.cumsum(growth).astype(np.int64)
    if strategy == "replace":
        inside = np.cumsum(np.bincount(s, minlength=n + 1)[:n] - np.bincount(e, minlength=n + 1)[:n]) > 0
        src = np.flatnonzero(~inside)
        out[src + shift[src]] = ids[src]
    else:
        out[np.arange(n) + shift] = ids

    block_end = block_start + block - 1
    out[block_start] = open_id
    out[block_end] = close_id
    kind[block_start] = SPECIAL
    kind[block_end] = SPECIAL

    total = int(name_len.sum())
    if total:
        within = np.arange(total) - np.repeat(np.cumsum(name_len) - name_len, name_len)
        dest = np.repeat(block_start + 1, name_len) + within
        out[dest] = values[np.repeat(name_start, name_len) + within]
        kind[dest] = NAME
    return out, kind
