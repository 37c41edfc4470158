"""Tokenized corpus -> on-the-fly LEIA insertion -> packed `max_length` blocks -> batches with masked labels.

Articles are read once as flat numpy arrays (parquet list columns: values + offsets), so per-article work
is a few array views plus one call of the augmentation; packing, the BOS before each article and label
masking are whole-array numpy operations. Document boundaries follow the original code
(studio-ousia/leia@7c1eac8, scripts/build_wikipedia_dataset.py tokenizes each article with the tokenizer's
special tokens: LLaMA's BOS first, no EOS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from leia.contract import SPECIAL, TEXT
from leia.errors import InputError
from leia.train.methods import Method

IGNORE = -100
COLUMNS = ("input_ids", "anchor_tok_start", "anchor_tok_end", "name_ids")

AugmentFn = Callable[..., tuple[np.ndarray, np.ndarray]]


def _flat(col: Any) -> tuple[Any, np.ndarray]:
    """(values, offsets) of a pyarrow list column (chunked or not)."""
    arr = col.combine_chunks() if hasattr(col, "combine_chunks") else col
    offsets = arr.offsets.to_numpy().astype(np.int64)
    return arr.values, offsets


@dataclass(frozen=True)
class Names:
    """An article's English names, list-array style (what leia.augment accepts without a Python loop):
    name k is values[offsets[k]:offsets[k+1]]; `values` is the whole corpus' flat array (no copy)."""

    values: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        return self.values[self.offsets[k] : self.offsets[k + 1]]


@dataclass
class Corpus:
    """Tokenized articles (design §7) as flat arrays; article i is ids[id_off[i]:id_off[i+1]]."""

    ids: np.ndarray
    id_off: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    anc_off: np.ndarray
    names: np.ndarray  # flat name token ids
    name_off: np.ndarray  # per anchor: names[name_off[j]:name_off[j+1]]

    @property
    def n_articles(self) -> int:
        return len(self.id_off) - 1

    @property
    def n_tokens(self) -> int:
        return int(self.id_off[-1] - self.id_off[0])

    def article(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, Names]:
        a, b = self.anc_off[i], self.anc_off[i + 1]
        names = Names(self.names, self.name_off[a : b + 1])
        return self.ids[self.id_off[i] : self.id_off[i + 1]], self.starts[a:b], self.ends[a:b], names

    @classmethod
    def from_table(cls, table: Any, where: str = "<table>") -> Corpus:
        missing = [c for c in COLUMNS if c not in table.column_names]
        if missing:
            raise InputError(where, f"missing column(s) {', '.join(missing)}", "rerun the tokenize stage")
        ids, id_off = _flat(table["input_ids"])
        st, anc_off = _flat(table["anchor_tok_start"])
        en, en_off = _flat(table["anchor_tok_end"])
        nested, outer = _flat(table["name_ids"])
        names, name_off = _flat(nested)
        if not (np.array_equal(anc_off, en_off) and np.array_equal(anc_off - anc_off[0], outer - outer[0])):
            raise InputError(where, "anchor_tok_start, anchor_tok_end and name_ids differ in length per row")
        # Name lists of article i are outer[i]:outer[i+1]; align them with the anchor offsets.
        name_off = name_off[outer[0] : outer[-1] + 1]
        return cls(
            ids=ids.to_numpy().astype(np.int32, copy=False),
            id_off=id_off,
            starts=st.to_numpy()[anc_off[0] : anc_off[-1]].astype(np.int64),
            ends=en.to_numpy()[anc_off[0] : anc_off[-1]].astype(np.int64),
            anc_off=anc_off - anc_off[0],
            names=names.to_numpy().astype(np.int32, copy=False),
            name_off=name_off,
        )

    @classmethod
    def read(cls, path: Path) -> Corpus:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not path.exists():
            raise InputError(path, "not found", "run the tokenize stage first (dvc repro tokenize)")
        try:
            table = pq.read_table(path, columns=list(COLUMNS))
        except (pa.ArrowInvalid, OSError, KeyError) as e:
            raise InputError(path, f"unreadable: {e}", "rerun the tokenize stage") from None
        corpus = cls.from_table(table, str(path))
        if corpus.n_tokens == 0:
            raise InputError(path, "has no tokens", "check the extract/entities stages' metrics")
        return corpus


def corpus_tokens(corpus: Corpus) -> int:
    """Tokens of one pass over the target-language corpus as FT sees it: each article and its BOS.

    The steps are derived from this for every method, insertions not counted, so FT and every LEIA
    variant of a language train the same number of optimizer steps (paper §3: 50 steps, Swahili 20,
    the same for all methods); LEIA's inserted names add tokens per step, not steps."""
    return corpus.n_tokens + corpus.n_articles


def _default_augment() -> AugmentFn:
    from leia.augment import augment

    return augment


def blocks(
    corpus: Corpus,
    method: Method,
    *,
    seed: int,
    max_length: int,
    bos_id: int,
    open_id: int,
    close_id: int,
    augment_fn: AugmentFn | None = None,
    flush_tokens: int = 1 << 18,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Endless stream of (ids int32[max_length], kind int8[max_length]) blocks, deterministic in `seed`.

    Consecutive articles, each preceded by BOS, are concatenated and cut into blocks; the remainder
    carries over to the next block (and from one pass over the corpus to the next). BOS is a target like
    any text token (the original masks only padding and the two special tokens).
    """
    aug = augment_fn or (_default_augment() if method.inserts else None)
    rng = np.random.default_rng(seed)
    bos = np.array([bos_id], np.int32)
    bos_kind = np.zeros(1, np.int8)
    carry_ids = np.empty(0, np.int32)
    carry_kind = np.empty(0, np.int8)
    while True:
        for ids, kind in _passes(corpus, method, aug, rng, bos, bos_kind, open_id, close_id, flush_tokens):
            ids = np.concatenate([carry_ids, ids])
            kind = np.concatenate([carry_kind, kind])
            n = len(ids) // max_length * max_length
            for s in range(0, n, max_length):
                yield ids[s : s + max_length], kind[s : s + max_length]
            carry_ids, carry_kind = ids[n:], kind[n:]


def _passes(
    corpus: Corpus,
    method: Method,
    aug: AugmentFn | None,
    rng: np.random.Generator,
    bos: np.ndarray,
    bos_kind: np.ndarray,
    open_id: int,
    close_id: int,
    flush_tokens: int,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """One pass over the corpus, articles in a seeded random order, in chunks of about `flush_tokens`
    tokens (ids, kind). The order is what the seed changes for `ft` (as a shuffling data loader
    would); for LEIA the seed also draws the skipped insertions."""
    order = rng.permutation(corpus.n_articles)
    if aug is None:  # ft: the articles with BOS before each, whole corpus at once
        off = corpus.id_off
        ids = np.concatenate([p for i in order for p in (bos, corpus.ids[off[i] : off[i + 1]])])
        yield ids.astype(np.int32, copy=False), np.zeros(len(ids), np.int8)
        return
    pieces: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    size = 0
    for i in order:
        ids, st, en, names = corpus.article(i)
        if len(st):
            ids, kind = aug(
                ids, st, en, names, strategy=method.strategy, p_skip=method.p_skip, rng=rng,
                open_id=open_id, close_id=close_id,
            )  # fmt: skip
        else:
            kind = np.zeros(len(ids), np.int8)
        pieces += (bos, ids)
        kinds += (bos_kind, kind)
        size += len(ids) + 1
        if size >= flush_tokens:
            yield np.concatenate(pieces).astype(np.int32, copy=False), np.concatenate(kinds)
            pieces, kinds, size = [], [], 0
    if pieces:
        yield np.concatenate(pieces).astype(np.int32, copy=False), np.concatenate(kinds)


def labels_for(ids: np.ndarray, kind: np.ndarray, mask_name_loss: bool) -> np.ndarray:
    """Labels = ids, but -100 where the target is a special token (and an English-name token if asked)."""
    labels = ids.astype(np.int64)
    masked = kind == SPECIAL if not mask_name_loss else kind != TEXT
    labels[masked] = IGNORE
    return labels


class Collator:
    """Stack blocks into a batch; labels masked on the whole batch at once (no per-token work)."""

    def __init__(self, mask_name_loss: bool) -> None:
        self.mask_name_loss = mask_name_loss

    def __call__(self, items: list[dict[str, np.ndarray]]) -> dict[str, Any]:
        import torch

        ids = np.stack([it["input_ids"] for it in items])
        kind = np.stack([it["kind"] for it in items])
        return {
            "input_ids": torch.from_numpy(ids.astype(np.int64)),
            "labels": torch.from_numpy(labels_for(ids, kind, self.mask_name_loss)),
        }


def make_dataset(**kwargs: Any) -> Any:
    """A torch IterableDataset over `blocks(**kwargs)`; every iteration restarts from the seed (resume)."""
    from torch.utils.data import IterableDataset

    class PackedBlocks(IterableDataset):
        def __iter__(self) -> Iterator[dict[str, np.ndarray]]:
            for ids, kind in blocks(**kwargs):
                yield {"input_ids": ids, "kind": kind}

    return PackedBlocks()
