"""`leia preview`: augmented articles as text, like the paper's Figure 1, inserted names highlighted."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from leia.augment import STRATEGIES, augment
from leia.contract import CLOSE_TOKEN, OPEN_TOKEN
from leia.errors import InputError, ParamError

COLUMNS = ["title", "input_ids", "anchor_tok_start", "anchor_tok_end", "name_ids"]
_SPAN = re.compile(f"({re.escape(OPEN_TOKEN)})(.*?)({re.escape(CLOSE_TOKEN)})", re.S)


@dataclass
class Preview:
    title: str
    text: str  # decoded augmented text (truncated to max_tokens)
    inserted: int  # names inserted
    anchors: int  # anchors in the article
    truncated: bool


def load_tokenizer_with_markers(model: str | os.PathLike[str]) -> tuple[Any, int, int]:
    """The base model's tokenizer with <translate>/</translate> added as the trainer adds them."""
    model = Path(model)
    if not model.exists():
        raise InputError(model, "no base model/tokenizer here", "run its stage first: dvc repro base_model")
    from leia import hf_tokenizer

    tok = hf_tokenizer.load(model)
    tok.add_tokens([OPEN_TOKEN, CLOSE_TOKEN], special_tokens=True)
    return tok, tok.convert_tokens_to_ids(OPEN_TOKEN), tok.convert_tokens_to_ids(CLOSE_TOKEN)


def preview(
    lang: str,
    *,
    strategy: str = "right",
    p_skip: float = 0.0,
    n: int = 3,
    seed: int = 0,
    max_tokens: int = 200,
    tokenized: str | os.PathLike[str] | None = None,
    model: str | os.PathLike[str] = "models/base",
) -> list[Preview]:
    """Augment `n` articles with anchors (chosen with `seed`) and decode them."""
    if strategy not in STRATEGIES:
        raise ParamError("--strategy", f"is {strategy!r}", f"choose one of: {', '.join(STRATEGIES)}")
    if not 0.0 <= p_skip <= 1.0:
        raise ParamError("--p-skip", f"must be in [0, 1], got {p_skip}")
    if n < 1 or max_tokens < 1:
        raise ParamError("-n/--max-tokens", "must be >= 1")
    path = Path(tokenized) if tokenized is not None else Path("data/tokenized") / f"{lang}.parquet"
    if not path.exists():
        raise InputError(path, "no tokenized corpus", f"run its stage first: dvc repro tokenize@{lang}")
    tok, open_id, close_id = load_tokenizer_with_markers(model)
    table = pq.read_table(path, columns=COLUMNS, memory_map=True)
    n_anchors = np.diff(np.asarray(table.column("anchor_tok_start").combine_chunks().offsets))
    candidates = np.flatnonzero(n_anchors > 0)
    if len(candidates) == 0:
        raise InputError(path, "no article has an anchor to augment", "see metrics/tokenize")
    rng = np.random.default_rng(seed)
    picks = rng.choice(candidates, size=min(n, len(candidates)), replace=False)
    out = []
    for i in picks.tolist():
        row = table.slice(i, 1)
        names = row.column("name_ids").combine_chunks()[0].values  # ListArray of this row's names
        ids, _ = augment(
            row.column("input_ids")[0].values.to_numpy(),
            row.column("anchor_tok_start")[0].values.to_numpy(),
            row.column("anchor_tok_end")[0].values.to_numpy(),
            names,
            strategy=strategy,
            p_skip=p_skip,
            rng=rng,
            open_id=open_id,
            close_id=close_id,
        )
        text = tok.decode(ids[:max_tokens].tolist(), skip_special_tokens=False)
        out.append(
            Preview(
                title=str(row.column("title")[0]),
                text=text,
                inserted=int((ids == open_id).sum()),
                anchors=int(n_anchors[i]),
                truncated=len(ids) > max_tokens,
            )
        )
    return out


def render(p: Preview) -> Any:
    """A rich renderable: the text with the markers dimmed and the English names highlighted."""
    from rich.panel import Panel
    from rich.text import Text

    text = Text()
    pos = 0
    for m in _SPAN.finditer(p.text):
        text.append(p.text[pos : m.start()])
        text.append(m.group(1), style="dim blue")
        text.append(m.group(2), style="bold magenta")
        text.append(m.group(3), style="dim blue")
        pos = m.end()
    text.append(p.text[pos:] + (" …" if p.truncated else ""))
    sub = f"{p.inserted} of {p.anchors} anchors with an English name"
    return Panel(text, title=p.title, subtitle=sub, title_align="left", subtitle_align="right")
