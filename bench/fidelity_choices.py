"""What each of the original's corpus choices (leia/fidelity.py) changes in the text and tokens trained on.

For one wiki: extract with and without the original's choices (extract.drop_empty_parens,
extract.article_end), resolve entities with and without the redirect fallback (when sitelinks and
redirects exist), and tokenize with both anchor boundary policies (tokenize.boundary). Prints, per
setting: articles, characters and tokens per article, anchors resolved and kept.

    # the real enwiki excerpt (tests/data/real) with Meta's LLaMA-2 tokenizer, no other input needed
    python bench/fidelity_choices.py
    # the demo workspace after `dvc repro`: data/dumps, data/sitelinks.parquet, models/tokenizer
    python bench/fidelity_choices.py --dump data/dumps/jawiki-20231001-pages-articles-multistream.xml.bz2 \
        --lang ja --tokenizer models/tokenizer --sitelinks data/sitelinks.parquet
"""

from __future__ import annotations

import argparse
import bz2
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from leia.contract import ARTICLE_ENDS
from leia.corpus.entities import build_entities
from leia.corpus.extract import extract_dump
from leia.corpus.tokenization import load_tokenizer, tokenize_batch

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"


def real_inputs(tmp: Path) -> tuple[Path, Path]:
    """The enwiki excerpt as a .bz2 dump, and Meta's LLaMA-2 tokenizer in its hub layout."""
    dump = tmp / "enwiki-20231001-pages-articles-multistream.xml.bz2"
    dump.write_bytes(bz2.compress((REAL / "enwiki-pages-articles-excerpt.xml").read_bytes()))
    tok = tmp / "llama2"
    tok.mkdir()
    for f in [*(REAL / "llama2-tokenizer" / "hub").iterdir(), REAL / "llama2-tokenizer" / "tokenizer.model"]:
        shutil.copyfile(f, tok / f.name)
    return dump, tok


def tokenized(table: pa.Table, tokenizer: Path, boundary: str) -> tuple[int, int, int]:
    """(tokens, anchors in, anchors kept) of `table` (anchor_name falls back to the link target)."""
    if "anchor_name" not in table.column_names:
        table = table.append_column("anchor_name", table["anchor_target"])
    _, counts = tokenize_batch(table, load_tokenizer(tokenizer), boundary)
    return counts.tokens, counts.anchors_in, counts.anchors_kept


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, help="a pages-articles dump (default: the real enwiki excerpt)")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--tokenizer", type=Path, help="a tokenizer folder (default: Meta's LLaMA-2)")
    ap.add_argument("--sitelinks", type=Path, help="data/sitelinks.parquet, to measure the redirect fallback")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="leia-fidelity-") as d:
        tmp = Path(d)
        dump, tok = real_inputs(tmp) if args.dump is None else (args.dump, args.tokenizer)
        tok = args.tokenizer or tok
        print(f"dump {dump.name}, tokenizer {tok}")
        rows = []
        for parens, end in ((True, "none"), (False, "none"), (True, "blank_line"), (False, "blank_line")):
            out = tmp / f"x-{parens}-{end}.parquet"
            redirects = tmp / "redirects.parquet"
            extract_dump(dump, out, lang=args.lang, processes=1, drop_empty_parens=parens,
                         article_end=ARTICLE_ENDS[end], redirects_out=redirects)  # fmt: skip
            table = pq.read_table(out)
            n = table.num_rows
            chars = sum(map(len, table["text"].to_pylist()))
            for boundary in ("split", "drop"):
                tokens, a_in, kept = tokenized(table, tok, boundary)
                rows.append((parens, end, boundary, n, chars / n, tokens / n, a_in, kept))
        print("| drop_empty_parens | article_end | boundary | articles | chars/article | tokens/article "
              "| anchors | kept |")  # fmt: skip
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for p, e, b, n, c, t, a, k in rows:
            print(f"| {p} | {e} | {b} | {n} | {c:,.1f} | {t:,.1f} | {a} | {k} ({100 * k / max(a, 1):.1f}%) |")
        if args.sitelinks:
            src = tmp / "x-True-none.parquet"
            for fallback in (True, False):
                m = build_entities(src, redirects, args.sitelinks, args.lang, tmp / "e.parquet",
                                   redirect_fallback=fallback)  # fmt: skip
                print(f"redirect_fallback {fallback}: {m['kept']} of {m['anchors']} anchors kept "
                      f"({100 * m['resolved_share']:.2f}% resolved to English)")  # fmt: skip


if __name__ == "__main__":
    main()
