"""Benchmark the demo-world generator: pages/s and MB written.

.venv/bin/python bench/demo_world.py --size 100000 --lang ja --lang sw
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from leia.demo.world import write_world


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=300)
    p.add_argument("--lang", action="append", default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--eval-sets", action="store_true", help="also write eval/ (leia.demo.eval_sets)")
    p.add_argument("--out", type=Path, default=None, help="keep the world here (default: a temporary folder)")
    a = p.parse_args()
    langs = a.lang or ["ja", "sw"]
    with tempfile.TemporaryDirectory(prefix="leia-demo-bench-") as tmp:
        out = a.out or Path(tmp) / "mirror"
        s = write_world(
            out,
            seed=a.seed,
            size=a.size,
            languages=langs,
            date="20231001",
            wikidata_date="20231002",
            eval_sets=a.eval_sets,
        )
    pages = sum(s.pages.values())
    per_wiki = ", ".join(f"{k}:{v}" for k, v in s.pages.items())
    print(f"size={a.size} languages={','.join(langs)} pages={pages} ({per_wiki})")
    print(
        f"seconds={s.seconds:.2f} pages/s={pages / s.seconds:,.0f} MB={s.bytes_written / 1e6:.1f} "
        f"MB/s={s.bytes_written / 1e6 / s.seconds:.2f} sitelinks={s.sitelinks}"
    )


if __name__ == "__main__":
    main()
