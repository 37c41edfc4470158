"""Benchmark the entities stage (one process): articles/s, anchors/s and MB/s of article text per core.

    .venv/bin/python bench/entities.py --articles 20000

Generated input shaped like jawiki: ~2,000-character articles with ~40 anchors each, a vocabulary of
linked titles of which ~85% have a sitelink and ~90% of those an English page, and redirects for ~10%.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from leia.corpus.entities import build_entities


def generate(
    tmp: Path, articles: int, anchors: int, chars: int, vocab: int, seed: int = 0
) -> dict[str, Path]:
    rng = np.random.default_rng(seed)
    titles = np.array([f"項目{i}" for i in range(vocab)], dtype=object)
    has_qid = rng.random(vocab) < 0.85
    has_en = has_qid & (rng.random(vocab) < 0.9)
    en = np.array([f"Entity {i}" + (" (film)" if i % 9 == 0 else "") for i in range(vocab)], dtype=object)
    en[np.arange(vocab) % 50 == 1] = "List of things"
    q = [f"Q{i + 1}" for i in range(vocab)]
    rows = [(q[i], "jawiki", titles[i]) for i in np.flatnonzero(has_qid)]
    rows += [(q[i], "enwiki", en[i]) for i in np.flatnonzero(has_en)]
    red = np.flatnonzero(rng.random(vocab) < 0.1)
    paths = {k: tmp / f"{k}.parquet" for k in ("extracted", "redirects", "sitelinks")}
    pq.write_table(pa.table({"qid": [r[0] for r in rows], "site": [r[1] for r in rows],
                             "title": [r[2] for r in rows]}), paths["sitelinks"])  # fmt: skip
    pq.write_table(
        pa.table({"source": [f"別名{i}" for i in red], "target": list(titles[red])}), paths["redirects"]
    )
    targets = np.where(
        rng.random(articles * anchors) < 0.05,
        f"別名{red[0]}",
        titles[rng.integers(0, vocab, articles * anchors)],
    )
    offsets = np.arange(0, articles * anchors + 1, anchors, dtype=np.int32)
    starts = np.tile(np.arange(anchors, dtype=np.int32) * (chars // anchors), articles)
    text = "あ" * chars
    table = pa.table({
        "id": pa.array(np.arange(articles), pa.int64()),
        "title": pa.array([f"記事{i}" for i in range(articles)]),
        "text": pa.array([text] * articles),
        "anchor_start": pa.ListArray.from_arrays(pa.array(offsets), pa.array(starts)),
        "anchor_end": pa.ListArray.from_arrays(pa.array(offsets), pa.array(starts + 3)),
        "anchor_target": pa.ListArray.from_arrays(pa.array(offsets), pa.array(list(targets), pa.string())),
    })  # fmt: skip
    pq.write_table(table, paths["extracted"], compression="zstd")
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=20000)
    p.add_argument("--anchors", type=int, default=40, help="anchors per article")
    p.add_argument("--chars", type=int, default=2000, help="characters per article")
    p.add_argument("--vocab", type=int, default=200_000, help="distinct linked titles")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-entities-") as d:
        tmp = Path(d)
        paths = generate(tmp, args.articles, args.anchors, args.chars, args.vocab)
        mb = args.articles * len(("あ" * args.chars).encode()) / 1e6
        t = time.perf_counter()
        m = build_entities(
            paths["extracted"], paths["redirects"], paths["sitelinks"], "ja", tmp / "out.parquet"
        )
        dt = time.perf_counter() - t
        print(
            f"{args.articles} articles, {m['anchors']} anchors, {mb:.0f} MB of text, vocab {args.vocab}: "
            f"{dt:.2f} s = {args.articles / dt:,.0f} articles/s, {m['anchors'] / dt / 1e6:.2f}M anchors/s, "
            f"{mb / dt:.0f} MB/s (1 process); resolved {m['resolved_share']:.1%}, kept {m['kept_share']:.1%}"
        )


if __name__ == "__main__":
    main()
