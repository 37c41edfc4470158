"""Benchmark the tokenize stage: tokens/s and MB/s of text for `split` vs `drop`, against the tokenizer
alone and against a re-implementation of the original code's per-article step (HF tokenizer call with
offsets, then a Python dict from character to token per article, as in studio-ousia/leia's
scripts/build_wikipedia_dataset.py).

Input: an entities table (`--input data/entities/ja.parquet`) or a synthetic Japanese-like one (words of
kana/kanji, an anchor on about one word in six). Tokenizer: `--model` (default models/base when present),
else a byte-level BPE trained here on the synthetic text (no downloads).

    RAYON_NUM_THREADS=1 python bench/tokenize_corpus.py --articles 2000     # per core
    python bench/tokenize_corpus.py --input data/entities/ja.parquet --model models/base
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from leia.corpus.tokenization import load_tokenizer, tokenize_batch

KANA = [chr(c) for c in range(0x3041, 0x3094)] + [chr(c) for c in range(0x30A1, 0x30F5)]
KANJI = [chr(c) for c in range(0x4E00, 0x4E00 + 1500)]


def synthetic(n_articles: int, mean_chars: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    vocab = [
        "".join(rng.choice(KANJI if rng.random() < 0.6 else KANA, rng.integers(1, 5))) for _ in range(20000)
    ]
    zipf = 1.0 / np.arange(1, len(vocab) + 1)
    zipf /= zipf.sum()
    texts, starts, ends, names = [], [], [], []
    for _ in range(n_articles):
        words = rng.choice(
            len(vocab), size=max(10, int(rng.normal(mean_chars, mean_chars / 4) / 2.5)), p=zipf
        )
        parts, pos, s, e, nm = [], 0, [], [], []
        for j, w in enumerate(words.tolist()):
            word = vocab[w]
            if rng.random() < 1 / 6:
                s.append(pos)
                e.append(pos + len(word))
                nm.append(f"Entity {w}")
            parts.append(word)
            pos += len(word)
            if j % 15 == 14:
                parts.append("。")
                pos += 1
        texts.append("".join(parts))
        starts.append(s)
        ends.append(e)
        names.append(nm)
    return pa.table(
        {
            "id": pa.array(range(n_articles), pa.int64()),
            "title": [f"A{i}" for i in range(n_articles)],
            "text": texts,
            "anchor_start": pa.array(starts, pa.list_(pa.int32())),
            "anchor_end": pa.array(ends, pa.list_(pa.int32())),
            "anchor_name": names,
        }
    )


def train_bytelevel(texts: list[str], out: Path, vocab_size: int) -> Path:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    tok.train_from_iterator(
        texts, trainers.BpeTrainer(vocab_size=vocab_size, initial_alphabet=alphabet, show_progress=False)
    )
    PreTrainedTokenizerFast(tokenizer_object=tok).save_pretrained(str(out))
    return out


def original_step(hf_tok, texts: list[str], anchors: list[list[tuple[int, int]]]) -> tuple[int, int]:
    """The original's tokenize-and-map: per token and per anchor Python work."""
    enc = hf_tok(
        texts, return_offsets_mapping=True, return_special_tokens_mask=True, add_special_tokens=False
    )
    kept = n_tok = 0
    for text, an, offsets in zip(texts, anchors, enc["offset_mapping"], strict=True):
        if not offsets:
            continue
        mapping, prev = {}, -1
        for i, (s, e) in enumerate(offsets):
            if s != prev:
                mapping[s] = i
                if text[s] == " " and e - s > 1 and text[s + 1] != " ":
                    mapping[s + 1] = i
                prev = s
        mapping[offsets[-1][1]] = len(offsets)
        kept += sum(1 for s, e in an if s in mapping and e in mapping)
        n_tok += len(offsets)
    return n_tok, kept


def timed(fn, repeat: int):
    best, res = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn()
        best = min(best, time.perf_counter() - t0)
    return best, res


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", type=Path, help="an entities Parquet (default: synthetic)")
    p.add_argument("--model", type=Path, help="tokenizer folder (default models/base, else trained here)")
    p.add_argument("--articles", type=int, default=2000, help="synthetic articles")
    p.add_argument("--chars", type=int, default=2000, help="mean characters per synthetic article")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--vocab-size", type=int, default=8000, help="for the tokenizer trained here")
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--no-original", action="store_true", help="skip the original per-article step")
    args = p.parse_args()

    table = pq.read_table(args.input) if args.input else synthetic(args.articles, args.chars)
    texts = table.column("text").to_pylist()
    mb = sum(len(t.encode()) for t in texts) / 1e6
    model = args.model or (Path("models/base") if Path("models/base").exists() else None)
    tmp = tempfile.TemporaryDirectory()
    if model is None:
        model = train_bytelevel(texts[:2000], Path(tmp.name) / "tok", args.vocab_size)
    toks = load_tokenizer(model)
    threads = os.environ.get("RAYON_NUM_THREADS", f"all ({os.cpu_count()})")
    print(f"{table.num_rows} articles, {mb:.1f} MB of text, tokenizer {model}, tokenizer threads {threads}")

    def alone():
        n = 0
        for i in range(0, len(texts), args.batch_size):
            n += sum(len(e.ids) for e in toks.main.encode_batch(texts[i : i + args.batch_size]))
        return n

    dt, n_tok = timed(alone, args.repeat)
    print(f"tokenizer alone   : {n_tok / dt / 1e6:6.2f} M tokens/s  {mb / dt:6.1f} MB/s")
    batches = table.to_batches(max_chunksize=args.batch_size)
    for mode in ("drop", "split"):

        def run(mode=mode):
            toks.name_cache.clear()  # each mode starts cold, as the stage does
            kept = anchors = tokens = split = 0
            for b in batches:
                _, c = tokenize_batch(b, toks, mode)
                kept, anchors, tokens, split = (
                    kept + c.anchors_kept,
                    anchors + c.anchors_in,
                    tokens + c.tokens,
                    (split + c.anchors_split),
                )
            return kept, anchors, tokens, split

        dt, (kept, anchors, tokens, split) = timed(run, args.repeat)
        print(
            f"tokenize {mode:5s}    : {tokens / dt / 1e6:6.2f} M tokens/s  {mb / dt:6.1f} MB/s  "
            f"kept {kept}/{anchors} = {kept / anchors:.2%} (split {split})"
        )
    if not args.no_original:
        from transformers import AutoTokenizer

        hf = AutoTokenizer.from_pretrained(str(model))
        starts = table.column("anchor_start").to_pylist()
        ends = table.column("anchor_end").to_pylist()
        anchors = [list(zip(s, e, strict=True)) for s, e in zip(starts, ends, strict=True)]

        def orig():
            n = k = 0
            for i in range(0, len(texts), args.batch_size):
                a, b = original_step(hf, texts[i : i + args.batch_size], anchors[i : i + args.batch_size])
                n, k = n + a, k + b
            return n, k

        dt, (n, k) = timed(orig, args.repeat)
        total = sum(map(len, anchors))
        rate = f"{n / dt / 1e6:6.2f} M tokens/s  {mb / dt:6.1f} MB/s"
        print(f"original (per tok): {rate}  kept {k}/{total} = {k / total:.2%}")


if __name__ == "__main__":
    main()
