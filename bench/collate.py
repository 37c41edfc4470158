"""Benchmark the training input path: on-the-fly insertion + packing + collation, tokens/s on one core.

The exact path the Trainer uses (leia.train.data: Corpus -> blocks -> IterableDataset -> DataLoader with
the Collator -> int64 torch tensors with masked labels), on a synthetic corpus shaped like Wikipedia
(about one anchor per 20 tokens, anchors 1-3 tokens, English names 1-5 tokens), vocabulary 32,002.
Counts the packed tokens that come out; target >= 2M tokens/s with and without the name-loss mask.

    python bench/collate.py [--articles 4000] [--tokens 800] [--max-length 2048] [--micro-batch 4]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402


def corpus_table(n_articles: int, mean_tokens: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    rows: dict[str, list] = {"input_ids": [], "anchor_tok_start": [], "anchor_tok_end": [], "name_ids": []}
    for _ in range(n_articles):
        n = max(24, int(rng.normal(mean_tokens, mean_tokens / 4)))
        starts = np.sort(rng.choice(np.arange(0, n - 3, 4), size=max(1, n // 20), replace=False))
        rows["input_ids"].append(rng.integers(3, 32000, n, dtype=np.int32))
        rows["anchor_tok_start"].append(starts.astype(np.int32))
        rows["anchor_tok_end"].append((starts + rng.integers(1, 4, len(starts))).astype(np.int32))
        rows["name_ids"].append([rng.integers(3, 32000, rng.integers(1, 6), dtype=np.int32) for _ in starts])
    schema = pa.schema(
        [
            ("input_ids", pa.list_(pa.int32())),
            ("anchor_tok_start", pa.list_(pa.int32())),
            ("anchor_tok_end", pa.list_(pa.int32())),
            ("name_ids", pa.list_(pa.list_(pa.int32()))),
        ]
    )
    return pa.Table.from_pydict(rows, schema=schema)


def measure(corpus, method, *, max_length: int, micro_batch: int, seconds: float) -> tuple[float, int]:
    from torch.utils.data import DataLoader

    from leia.train.data import Collator, make_dataset

    ds = make_dataset(
        corpus=corpus, method=method, seed=1, max_length=max_length, bos_id=1, open_id=32000, close_id=32001
    )
    loader = DataLoader(ds, batch_size=micro_batch, collate_fn=Collator(method.mask_name_loss), num_workers=0)
    tokens = 0
    t0 = time.perf_counter()
    for batch in loader:
        tokens += batch["input_ids"].numel()
        if time.perf_counter() - t0 >= seconds:
            break
    return tokens / (time.perf_counter() - t0), tokens


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=4000)
    p.add_argument("--tokens", type=int, default=800, help="mean tokens per article")
    p.add_argument("--max-length", type=int, default=2048)
    p.add_argument("--micro-batch", type=int, default=4)
    p.add_argument("--seconds", type=float, default=5.0, help="time per mode (the stream is endless)")
    a = p.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import torch

    torch.set_num_threads(1)
    from leia.train.data import Corpus
    from leia.train.methods import resolve

    corpus = Corpus.from_table(corpus_table(a.articles, a.tokens))
    print(f"corpus: {corpus.n_articles} articles, {corpus.n_tokens:,} tokens, {len(corpus.starts):,} anchors")
    base = {"strategy": "right", "p_skip": 0.5, "mask_name_loss": False}
    measure(
        corpus, resolve("leia", base), max_length=a.max_length, micro_batch=a.micro_batch, seconds=0.5
    )  # warm-up
    for name in ("ft", "leia", "leia-namemask", "leia-right-0.0"):
        tps, n = measure(
            corpus, resolve(name, base), max_length=a.max_length, micro_batch=a.micro_batch, seconds=a.seconds
        )
        shape = f"batches of {a.micro_batch}x{a.max_length}"
        print(f"{name:16s} {tps / 1e6:6.2f} M tokens/s  ({n:,} tokens, {shape})")


if __name__ == "__main__":
    main()
