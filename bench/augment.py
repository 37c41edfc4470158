"""Benchmark the LEIA augmentation alone (leia.augment.augment): tokens/s on one core.

Synthetic articles shaped like Wikipedia text: about one anchor per 20 tokens, anchors 1-3 tokens long,
English names of 1-5 tokens (mean 3). Prints one line per strategy and p_skip.

    python bench/augment.py [--articles 2000] [--tokens 800]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: numpy's element-wise work is single-threaded anyway

import numpy as np  # noqa: E402

from leia.augment import augment  # noqa: E402


def make_articles(n_articles: int, mean_tokens: int, seed: int = 0) -> list[tuple]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_articles):
        n = max(20, int(rng.normal(mean_tokens, mean_tokens / 4)))
        ids = rng.integers(0, 32000, n, dtype=np.int32)
        k = max(1, n // 20)
        starts = np.sort(rng.choice(np.arange(0, n - 3, 4), size=min(k, (n - 3) // 4), replace=False))
        ends = starts + rng.integers(1, 4, len(starts))
        names = [rng.integers(0, 32000, rng.integers(1, 6), dtype=np.int32) for _ in starts]
        out.append((ids, starts.astype(np.int32), ends.astype(np.int32), names))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--tokens", type=int, default=800, help="mean tokens per article")
    p.add_argument("--repeat", type=int, default=3, help="best of N passes")
    args = p.parse_args()
    arts = make_articles(args.articles, args.tokens)
    n_tok = sum(len(a[0]) for a in arts)
    n_anchor = sum(len(a[1]) for a in arts)
    print(f"{len(arts)} articles, {n_tok} tokens, {n_anchor} anchors ({n_tok / n_anchor:.1f} tokens/anchor)")
    for strategy in ("left", "right", "replace", "none"):
        for p_skip in (0.0, 0.5):
            best = float("inf")
            for _ in range(args.repeat):
                rng = np.random.default_rng(0)
                t0 = time.perf_counter()
                for ids, s, e, names in arts:
                    kw = {"strategy": strategy, "p_skip": p_skip, "rng": rng, "open_id": 1, "close_id": 2}
                    augment(ids, s, e, names, **kw)
                best = min(best, time.perf_counter() - t0)
            print(
                f"{strategy:8s} p_skip={p_skip:.1f}: {n_tok / best / 1e6:6.2f} M input tokens/s, "
                f"{best / len(arts) * 1e6:6.1f} us/article"
            )


if __name__ == "__main__":
    main()
