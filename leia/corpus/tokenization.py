"""Tokenization: articles with character anchors -> token ids with anchor token spans and English-name ids.

The whole text of each article is tokenized in batches (Rust, multi-threaded) and the anchors' character
boundaries are mapped onto token boundaries with numpy. Two policies for a boundary that falls inside a
token (`tokenize.boundary`):

- `drop` reproduces the original code (studio-ousia/leia, scripts/build_wikipedia_dataset.py): a boundary
  counts as aligned when some token starts there (or one character after a token's leading space, or at
  the end of the text); any other anchor is dropped.
- `split` (default) cuts only where needed: the tokens around a misaligned boundary (the smallest run
  of tokens between two positions no token straddles; byte-level BPE tokens can hold parts of two
  characters) are re-tokenized as two or more pieces cut at the boundary. Everywhere else the tokens are
  exactly the whole-text tokenization, so aligned anchors and the text between anchors look exactly as in
  `drop` mode and as the model sees text at evaluation; only the few straddling tokens change.
  Pieces that do not start the article are tokenized with a "continuation" copy of the tokenizer that
  adds no prefix space (SentencePiece/Metaspace `prepend_scheme`, a `Prepend` normalizer, ByteLevel
  `add_prefix_space`), so the decoded token stream is still the text.

English names are tokenized on their own, without special tokens and without an added space, exactly as
the original code does: with a SentencePiece-style tokenizer (LLaMA) that gives the word-initial "▁" form
the name has in running English text; with byte-level BPE it gives the form it has at a sentence start
(how an English article opens with its title).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from leia.contract import BOUNDARY_MODES
from leia.errors import ArgumentError, InputError
from leia.io import atomic_path, write_json
from leia.params import get_choice, get_int

NAME_CACHE_SIZE = 1_000_000
INPUT_COLUMNS = ("id", "title", "text", "anchor_start", "anchor_end", "anchor_name")
OUTPUT_SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("title", pa.string()),
        ("input_ids", pa.list_(pa.int32())),
        ("anchor_tok_start", pa.list_(pa.int32())),
        ("anchor_tok_end", pa.list_(pa.int32())),
        ("name_ids", pa.list_(pa.list_(pa.int32()))),
    ]
)


# --------------------------------------------------------------------------- tokenizers
@dataclass
class Tokenizers:
    """The base model's Rust tokenizer (`main`) and its no-prefix-space twin for mid-text pieces."""

    main: Any  # tokenizers.Tokenizer
    continuation: Any
    name_cache: dict[str, list[int]] = field(default_factory=dict)  # English names repeat across articles

    @classmethod
    def from_backend(cls, backend: Any) -> Tokenizers:
        from tokenizers import Tokenizer

        spec = json.loads(backend.to_str())
        spec["truncation"] = None
        spec["padding"] = None
        main = Tokenizer.from_str(json.dumps(spec))
        cont = dict(spec)
        cont["normalizer"] = _no_prefix(spec.get("normalizer"))
        cont["pre_tokenizer"] = _no_prefix(spec.get("pre_tokenizer"))
        continuation = main if cont == spec else Tokenizer.from_str(json.dumps(cont))
        return cls(main, continuation)


def _no_prefix(node: Any) -> Any:
    """A normalizer/pre-tokenizer spec with every 'add a space at the start' switch turned off."""
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind == "Prepend":
        return None
    if kind == "Sequence":
        key = "normalizers" if "normalizers" in node else "pretokenizers"
        parts = [p for p in (_no_prefix(x) for x in node.get(key, [])) if p is not None]
        return {**node, key: parts}
    out = dict(node)
    if kind == "Metaspace":
        if "prepend_scheme" in out:
            out["prepend_scheme"] = "never"
        if "add_prefix_space" in out:
            out["add_prefix_space"] = False
    if kind == "ByteLevel" and "add_prefix_space" in out:
        out["add_prefix_space"] = False
    return out


def load_tokenizer(path: str | os.PathLike[str]) -> Tokenizers:
    """The fast tokenizer the tokenizer stage saved (models/tokenizer), run as serialized."""
    from leia import hf_tokenizer

    path = Path(path)
    if not path.exists():
        raise InputError(path, "no tokenizer here", "run the tokenizer stage first: dvc repro tokenizer")
    return Tokenizers.from_backend(hf_tokenizer.load(path).backend_tokenizer)


# --------------------------------------------------------------------------- encoding
@dataclass
class Encoded:
    """A batch of articles as flat token arrays in one global character coordinate system."""

    ids: np.ndarray  # int32[T]
    os: np.ndarray  # int64[T] global char start of each token
    oe: np.ndarray  # int64[T] global char end
    art: np.ndarray  # int64[T] article index of each token
    tok_base: np.ndarray  # int64[A+1] token range of each article


def _flatten(encodings: list[Any], char_base: np.ndarray, art_index: np.ndarray) -> Encoded:
    counts = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
    total = int(counts.sum())
    ids = np.fromiter(chain.from_iterable(e.ids for e in encodings), dtype=np.int32, count=total)
    # Reading .offsets builds Python tuples (~0.3 us/token in the binding): the one per-token cost here.
    pairs = chain.from_iterable(e.offsets for e in encodings)
    offs = np.fromiter(chain.from_iterable(pairs), dtype=np.int64, count=2 * total)
    art = np.repeat(art_index, counts)
    shift = char_base[art]
    tok_base = np.zeros(len(encodings) + 1, dtype=np.int64)
    np.cumsum(counts, out=tok_base[1:])
    return Encoded(ids, offs[0::2] + shift, offs[1::2] + shift, art, tok_base)


def _covered(enc: Encoded, n_chars: int) -> np.ndarray:
    """bool[n_chars+1]: True where some token straddles the position (starts before it, ends after it)."""
    long = enc.oe - enc.os >= 2
    diff = np.bincount(enc.os[long] + 1, minlength=n_chars + 2)[: n_chars + 1]
    diff -= np.bincount(enc.oe[long], minlength=n_chars + 2)[: n_chars + 1]
    return np.cumsum(diff) > 0


def _space_alias(enc: Encoded, chars: np.ndarray) -> np.ndarray:
    """Per token, the position one past a leading space (the original's SentencePiece rule), else -1."""
    os_ = enc.os
    ok = (enc.oe - os_ > 1) & (chars[os_] == 32) & (chars[np.minimum(os_ + 1, len(chars) - 1)] != 32)
    return np.where(ok, os_ + 1, -1)


def _map(enc: Encoded, b: np.ndarray, art: np.ndarray, chars: np.ndarray, *, clean: bool):
    """Token index (within its article) of each global boundary `b`, and whether `b` is aligned.

    clean=True: aligned iff no token straddles b, or b is one past a token's leading space.
    clean=False (the original rule): a token starts at b, or the space rule, or b ends the article's tokens.
    """
    n_tok = len(enc.ids)
    art_lo, art_hi = enc.tok_base[art], enc.tok_base[art + 1]
    if n_tok == 0:
        return np.zeros(len(b), np.int64), np.zeros(len(b), bool)
    pos = np.searchsorted(enc.os, b, side="left")
    hit_start = enc.os[np.minimum(pos, n_tok - 1)] == b
    hit_start &= pos < n_tok
    alias = _space_alias(enc, chars)
    has = np.flatnonzero(alias >= 0)  # the set aliases are increasing
    hit_alias = np.zeros(len(b), bool)
    alias_tok = pos
    if len(has):
        apos = np.minimum(np.searchsorted(alias[has], b, side="left"), len(has) - 1)
        alias_tok = has[apos]
        hit_alias = alias[alias_tok] == b
    if clean:
        straddled = _covered(enc, len(chars) - 1)[b]
        aligned = ~straddled | hit_alias
        tok = np.where(straddled, alias_tok, pos)
    else:
        last_end = np.where(art_hi > art_lo, enc.oe[np.maximum(art_hi - 1, 0)], -1)
        hit_alias &= ~hit_start  # a token that really starts at b wins (the original's dict overwrite)
        aligned = hit_start | hit_alias | (b == last_end)
        tok = np.where(hit_start, pos, np.where(hit_alias, alias_tok, art_hi))
    return np.clip(tok, art_lo, art_hi) - art_lo, aligned


def _encode_pieces(pieces: list[str], first: np.ndarray, p_start: np.ndarray, toks: Tokenizers) -> Encoded:
    """Tokenize each piece on its own; `art` of the result is the piece index, `os`/`oe` are global.

    Pieces that start an article go through the tokenizer as it is (prefix space and all). The others go
    to the continuation tokenizer as one pre-tokenized sequence (each piece a "word", tokenized on its
    own, offsets relative to the word): the same tokens as one call per piece, without the per-call cost.
    """
    parts = []
    idx = np.flatnonzero(first)
    if len(idx):
        enc = _flatten(
            toks.main.encode_batch([pieces[j] for j in idx.tolist()], add_special_tokens=False),
            p_start,
            idx,
        )
        parts.append((enc.ids, enc.os, enc.oe, enc.art))
    idx = np.flatnonzero(~first)
    if len(idx):
        e = toks.continuation.encode(
            [pieces[j] for j in idx.tolist()], is_pretokenized=True, add_special_tokens=False
        )
        word = idx[np.asarray(e.word_ids, dtype=np.int64)] if e.ids else np.zeros(0, np.int64)
        offs = np.fromiter(chain.from_iterable(e.offsets), dtype=np.int64, count=2 * len(e.ids))
        parts.append(
            (np.asarray(e.ids, np.int32), offs[0::2] + p_start[word], offs[1::2] + p_start[word], word)
        )
    ids, os_, oe_, piece = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.argsort(piece, kind="stable")
    return Encoded(ids[order], os_[order], oe_[order], piece[order], np.zeros(0, np.int64))


def _split_misaligned(
    enc: Encoded,
    bad: np.ndarray,
    chars: np.ndarray,
    texts: list[str],
    char_base: np.ndarray,
    toks: Tokenizers,
) -> Encoded:
    """Re-tokenize the smallest clean region around each misaligned boundary as pieces cut there."""
    n_chars = len(chars) - 1
    clean_pos = np.flatnonzero(~_covered(enc, n_chars))
    bad = np.unique(bad)
    i = np.searchsorted(clean_pos, bad, side="left")
    left, right = clean_pos[i - 1], clean_pos[i]
    region_id = np.unique(left, return_inverse=True)[1]
    n_reg = int(region_id.max()) + 1
    reg_left = np.zeros(n_reg, np.int64)
    reg_right = np.zeros(n_reg, np.int64)
    reg_left[region_id] = left
    reg_right[region_id] = right
    reg_art = np.searchsorted(char_base, reg_left, side="right") - 1
    # Pieces: [left, b1), [b1, b2), …, [bk, right) for every region (cuts sorted within a region).
    cut_start = np.concatenate([reg_left, bad])
    cut_reg = np.concatenate([np.arange(n_reg), region_id])
    order = np.lexsort((cut_start, cut_reg))
    p_start, p_reg = cut_start[order], cut_reg[order]
    p_end = np.empty_like(p_start)
    p_end[:-1] = p_start[1:]
    last = np.r_[p_reg[1:] != p_reg[:-1], True]
    p_end[last] = reg_right[p_reg[last]]
    p_art = reg_art[p_reg]
    local = p_start - char_base[p_art]
    pieces = [
        texts[a][s:e]
        for a, s, e in zip(p_art.tolist(), local.tolist(), (p_end - char_base[p_art]).tolist(), strict=True)
    ]
    new = _encode_pieces(pieces, local == 0, p_start, toks)
    new_art = p_art[new.art]
    # Old tokens inside a region are replaced by the region's piece tokens; a stable sort on the position
    # of the region in the old stream puts them in place.
    t_lo = np.searchsorted(enc.os, reg_left, side="left")
    t_hi = np.searchsorted(enc.os, reg_right, side="left")
    drop = np.zeros(len(enc.ids) + 1, np.int64)
    np.add.at(drop, t_lo, 1)
    np.add.at(drop, t_hi, -1)
    keep = np.cumsum(drop)[:-1] == 0
    old_idx = np.flatnonzero(keep)
    key = np.concatenate([2 * old_idx, 2 * t_lo[p_reg][new.art] - 1])
    order = np.argsort(key, kind="stable")
    ids = np.concatenate([enc.ids[keep], new.ids])[order]
    os_ = np.concatenate([enc.os[keep], new.os])[order]
    oe_ = np.concatenate([enc.oe[keep], new.oe])[order]
    art = np.concatenate([enc.art[keep], new_art])[order]
    tok_base = np.zeros(len(enc.tok_base), np.int64)
    np.cumsum(np.bincount(art, minlength=len(enc.tok_base) - 1), out=tok_base[1:])
    return Encoded(ids, os_, oe_, art, tok_base)


# --------------------------------------------------------------------------- one batch
@dataclass
class Counts:
    articles: int = 0
    tokens: int = 0
    anchors_in: int = 0
    anchors_kept: int = 0
    anchors_split: int = 0  # kept only because their boundary was split (0 in drop mode)
    dropped_invalid: int = 0  # empty or out-of-range character spans in the input
    dropped_unaligned: int = 0
    dropped_overlap: int = 0  # token spans that collapse to nothing or overlap a previous anchor
    name_tokens: int = 0
    text_chars: int = 0

    def add(self, other: Counts) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


def _list_parts(col: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets relative to 0, flat values) of a list column (handles slices and chunking)."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    offsets = np.asarray(arr.offsets, dtype=np.int64)
    return offsets - offsets[0], arr.flatten()


def tokenize_batch(
    batch: pa.RecordBatch | pa.Table, toks: Tokenizers, boundary: str
) -> tuple[pa.RecordBatch, Counts]:
    """Tokenize one batch of `data/entities` rows into one batch of `data/tokenized` rows."""
    if boundary not in BOUNDARY_MODES:
        raise ArgumentError("boundary", f"is {boundary!r}", f"choose one of: {', '.join(BOUNDARY_MODES)}")
    texts_all: list[str] = batch.column("text").to_pylist()
    a_off_all, a_start_all = _list_parts(batch.column("anchor_start"))
    _, a_end_all = _list_parts(batch.column("anchor_end"))
    _, a_name_all = _list_parts(batch.column("anchor_name"))
    a_start_all = np.asarray(a_start_all, dtype=np.int64)
    a_end_all = np.asarray(a_end_all, dtype=np.int64)
    c = Counts()
    c.anchors_in = len(a_start_all)

    # Articles with no text carry nothing to train on.
    lengths_all = np.fromiter(map(len, texts_all), dtype=np.int64, count=len(texts_all))
    keep_art = np.flatnonzero(lengths_all > 0)
    texts = [texts_all[i] for i in keep_art.tolist()]
    lengths = lengths_all[keep_art]
    n_art = len(texts)
    c.articles = n_art
    c.text_chars = int(lengths.sum())

    # Anchors of the kept articles, with their article index and global character positions.
    per_article = a_off_all[1:] - a_off_all[:-1]
    anchor_article = np.repeat(np.arange(len(texts_all)), per_article)
    new_index = np.full(len(texts_all), -1, np.int64)
    new_index[keep_art] = np.arange(n_art)
    sel = np.flatnonzero(new_index[anchor_article] >= 0)
    a_art = new_index[anchor_article[sel]]
    a_s, a_e = a_start_all[sel], a_end_all[sel]
    names_sel = a_name_all.take(pa.array(sel, type=pa.int64()))
    valid = (a_s >= 0) & (a_s < a_e) & (a_e <= lengths[a_art])
    c.dropped_invalid = int((~valid).sum()) + (c.anchors_in - len(sel))
    char_base = np.zeros(n_art + 1, np.int64)
    np.cumsum(lengths + 1, out=char_base[1:])  # +1: a gap between articles keeps their positions apart
    g_s, g_e = a_s + char_base[a_art], a_e + char_base[a_art]

    # Characters as code points (for the original's space rule), in the global coordinate system.
    joined = "\0".join(texts) + "\0"
    chars = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)

    enc = _flatten(toks.main.encode_batch(texts, add_special_tokens=False), char_base, np.arange(n_art))
    clean = boundary == "split"
    bounds = np.concatenate([g_s, g_e])
    b_art = np.concatenate([a_art, a_art])
    valid2 = np.concatenate([valid, valid])
    tok, ok = _map(enc, bounds, b_art, chars, clean=clean)
    ok &= valid2
    if clean and (valid2 & ~ok).any():
        both_before = ok[: len(g_s)] & ok[len(g_s) :]
        enc = _split_misaligned(enc, bounds[valid2 & ~ok], chars, texts, char_base, toks)
        tok, ok = _map(enc, bounds, b_art, chars, clean=True)
        ok &= valid2
        c.anchors_split = int((ok[: len(g_s)] & ok[len(g_s) :] & ~both_before).sum())
    t_s, t_e = tok[: len(g_s)], tok[len(g_s) :]
    aligned = ok[: len(g_s)] & ok[len(g_s) :]
    c.dropped_unaligned = int((valid & ~aligned).sum())

    # Token spans must be non-empty, sorted and disjoint within an article.
    order = np.lexsort((t_s, a_art))
    cand = aligned[order] & (t_s[order] < t_e[order])
    big = np.int64(1) << 40
    prev_end = np.where(cand, t_e[order] + a_art[order] * big, -1)
    prev_end = np.maximum.accumulate(np.r_[-1, prev_end[:-1]]) if len(prev_end) else prev_end
    keep_anchor = cand & (t_s[order] + a_art[order] * big >= prev_end)
    c.dropped_overlap = int((aligned[order] & ~keep_anchor).sum())
    kept = order[keep_anchor]
    c.anchors_kept = len(kept)
    c.tokens = len(enc.ids)

    # English names: tokenize each distinct name once.
    kept_names = names_sel.take(pa.array(kept, type=pa.int64())).to_pylist()
    uniq = sorted(set(kept_names))
    todo = [n for n in uniq if n not in toks.name_cache]
    if len(toks.name_cache) + len(todo) > NAME_CACHE_SIZE:
        toks.name_cache.clear()
        todo = uniq
    for n, e in zip(
        todo, toks.main.encode_batch(todo, add_special_tokens=False) if todo else [], strict=True
    ):
        toks.name_cache[n] = e.ids
    name_ids = [toks.name_cache[n] for n in uniq]
    where = {n: i for i, n in enumerate(uniq)}
    u_len = np.fromiter(map(len, name_ids), dtype=np.int64, count=len(uniq))
    u_off = np.zeros(len(uniq) + 1, np.int64)
    np.cumsum(u_len, out=u_off[1:])
    u_vals = np.fromiter(chain.from_iterable(name_ids), dtype=np.int32, count=int(u_off[-1]))
    nid = np.fromiter((where[n] for n in kept_names), dtype=np.int64, count=len(kept_names))
    n_len = u_len[nid]
    n_off = np.zeros(len(nid) + 1, np.int64)
    np.cumsum(n_len, out=n_off[1:])
    within = np.arange(int(n_off[-1])) - np.repeat(n_off[:-1], n_len)
    n_vals = u_vals[np.repeat(u_off[nid], n_len) + within]
    c.name_tokens = len(n_vals)

    kept_art = a_art[kept]
    per_art = np.bincount(kept_art, minlength=n_art)
    k_off = np.zeros(n_art + 1, np.int64)
    np.cumsum(per_art, out=k_off[1:])
    names_col = pa.ListArray.from_arrays(pa.array(n_off.astype(np.int32)), pa.array(n_vals, type=pa.int32()))
    ids_col = batch.column("id").take(pa.array(keep_art, type=pa.int64()))
    title_col = batch.column("title").take(pa.array(keep_art, type=pa.int64()))
    out = pa.RecordBatch.from_arrays(
        [
            ids_col.combine_chunks() if isinstance(ids_col, pa.ChunkedArray) else ids_col,
            title_col.combine_chunks() if isinstance(title_col, pa.ChunkedArray) else title_col,
            _list(enc.tok_base, enc.ids),
            _list(k_off, t_s[kept].astype(np.int32)),
            _list(k_off, t_e[kept].astype(np.int32)),
            pa.ListArray.from_arrays(pa.array(k_off.astype(np.int32)), names_col),
        ],
        schema=OUTPUT_SCHEMA,
    )
    return out, c


def _list(offsets: np.ndarray, values: np.ndarray) -> pa.ListArray:
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), pa.array(values, type=pa.int32()))


# --------------------------------------------------------------------------- the stage
def _batches(path: Path, batch_size: int) -> Iterator[pa.RecordBatch]:
    if not path.exists():
        lang = path.stem
        raise InputError(path, "no such file", f"run the entities stage first: dvc repro entities@{lang}")
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(path, f"not a readable Parquet file: {e}") from None
    missing = [c for c in INPUT_COLUMNS if c not in pf.schema_arrow.names]
    if missing:
        raise InputError(
            path, f"missing column(s) {', '.join(missing)}", "expected the entities table of design §6"
        )
    yield from pf.iter_batches(batch_size=batch_size, columns=list(INPUT_COLUMNS))


def tokenize_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    toks: Tokenizers,
    *,
    boundary: str = "split",
    batch_size: int = 256,
    progress: bool = True,
) -> Counts:
    """Tokenize `data/entities/{lang}.parquet` into `data/tokenized/{lang}.parquet` (atomic, row groups)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    src, dst = Path(src), Path(dst)
    if boundary not in BOUNDARY_MODES:
        raise ArgumentError("boundary", f"is {boundary!r}", f"choose one of: {', '.join(BOUNDARY_MODES)}")
    total = Counts()
    batches = _batches(src, batch_size)
    first = next(batches, None)  # opens and checks the input before the output is created
    n_rows = pq.ParquetFile(src).metadata.num_rows
    columns = [
        TextColumn("tokenize {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ]
    with atomic_path(dst) as tmp, Progress(*columns, disable=not progress, transient=True) as bar:
        task = bar.add_task(src.stem, total=n_rows)
        with pq.ParquetWriter(tmp, OUTPUT_SCHEMA, compression="zstd") as writer:
            for batch in _chain(first, batches):
                out, c = tokenize_batch(batch, toks, boundary)
                total.add(c)
                if out.num_rows:
                    writer.write_batch(out)
                bar.advance(task, batch.num_rows)
        if total.articles == 0 or total.tokens == 0:
            raise InputError(
                src, "no article with text to tokenize", "check the entities stage's output and metrics"
            )
        if total.anchors_kept == 0:
            hint = "try tokenize.boundary: split" if boundary == "drop" else "see metrics/entities"
            raise InputError(src, f"none of its {total.anchors_in} anchors survived tokenization", hint)
    return total


def _chain(first: pa.RecordBatch | None, rest: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    if first is not None:
        yield first
        yield from rest


def metrics(c: Counts, boundary: str) -> dict[str, Any]:
    return {
        "articles": c.articles,
        "tokens": c.tokens,
        "anchors_in": c.anchors_in,
        "anchors_kept": c.anchors_kept,
        "kept_share": round(c.anchors_kept / c.anchors_in, 6) if c.anchors_in else 0.0,
        "anchors_split": c.anchors_split,
        "dropped_invalid": c.dropped_invalid,
        "dropped_unaligned": c.dropped_unaligned,
        "dropped_overlap": c.dropped_overlap,
        "name_tokens_per_anchor": round(c.name_tokens / c.anchors_kept, 4) if c.anchors_kept else 0.0,
        "chars_per_token": round(c.text_chars / c.tokens, 4) if c.tokens else 0.0,
        "boundary": boundary,
    }


def run(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """The tokenize operation (stage `tokenize@{lang}`, `leia tokenize`): data/entities/{lang}.parquet
    + models/tokenizer -> data/tokenized/{lang}.parquet and metrics/tokenize/{lang}.json."""
    # The batch encoding is multi-threaded in Rust; this process never forks afterwards, so the
    # parallelism is safe (and saying so keeps `tokenizers` from warning or turning it off).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
    boundary = get_choice(params, "tokenize.boundary", BOUNDARY_MODES)
    batch_size = get_int(params, "tokenize.batch_size", min=1)
    toks = load_tokenizer("models/tokenizer")
    counts = tokenize_file(
        f"data/entities/{lang}.parquet",
        f"data/tokenized/{lang}.parquet",
        toks,
        boundary=boundary,
        batch_size=batch_size,
    )
    m = metrics(counts, boundary)
    write_json(f"metrics/tokenize/{lang}.json", m)
    print(
        f"tokenize {lang}: {m['articles']} articles, {m['tokens']} tokens, "
        f"{m['anchors_kept']}/{m['anchors_in']} anchors kept ({m['kept_share']:.2%}, boundary={boundary})"
    )
    return m
