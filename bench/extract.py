"""Benchmark extract: wikiextractor + anchor parse end to end, wikiextractor alone, the anchor parse alone.

    .venv/bin/python bench/extract.py --size 20000 --lang ja --processes 2
    .venv/bin/python bench/extract.py --world data/mirror --lang ja     # reuse a generated mirror
    .venv/bin/python bench/extract.py --size 30000 --redirects          # extract + redirects, 1 vs 2 passes

Figures: articles/s and MB/s of (decompressed) XML for the stage; MB/s of wikiextractor HTML output per
core for the anchor parse (original code, BeautifulSoup: 5.3 MB/s per core; target >= 50 MB/s per core).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import orjson

from leia.corpus.anchors import LinkResolver, parse_article
from leia.corpus.dumpfiles import wiki_dump_name
from leia.corpus.extract import extract_dump, read_siteinfo, run_wikiextractor
from leia.corpus.redirects import extract_redirects

DATE, WD = "20231001", "20231002"
HREF = re.compile(r'<a href="([^"]*)">')


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", type=int, default=300, help="demo-world entities (when --world is not given)")
    p.add_argument("--lang", default="ja")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--world", type=Path, default=None, help="an existing mirror (default: generate one)")
    p.add_argument("--repeat", type=int, default=3, help="anchor-parse passes (best is reported)")
    p.add_argument("--redirects", action="store_true", help="time extract + redirects in one and two passes")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="leia-extract-bench-") as tmp:
        world = a.world
        if world is None:
            from leia.demo.world import write_world

            world = Path(tmp) / "mirror"
            langs = [a.lang] if a.lang != "en" else ["ja"]
            write_world(world, seed=0, size=a.size, languages=langs, date=DATE, wikidata_date=WD)
        dump = world / f"{a.lang}wiki" / DATE / wiki_dump_name(a.lang, DATE)
        if a.redirects:
            redirects_bench(dump, Path(tmp), a.lang, a.processes)
        else:
            bench(dump, Path(tmp) / "out.parquet", a.lang, a.processes, a.repeat)


def redirects_bench(dump: Path, tmp: Path, lang: str, processes: int) -> None:
    """The extract stage with the redirects table from the same pass, against extract then a separate
    redirects pass over the dump (what the pipeline did before); the outputs must be the same bytes."""
    t0 = time.perf_counter()
    extract_dump(dump, tmp / "a.parquet", lang=lang, processes=processes)
    t_ex = time.perf_counter() - t0
    t0 = time.perf_counter()
    extract_redirects(dump, tmp / "ra.parquet")
    t_red = time.perf_counter() - t0
    t0 = time.perf_counter()
    stats = extract_dump(
        dump, tmp / "b.parquet", lang=lang, processes=processes, redirects_out=tmp / "rb.parquet"
    )
    t_one = time.perf_counter() - t0
    for a, b in (("a", "b"), ("ra", "rb")):
        assert (tmp / f"{a}.parquet").read_bytes() == (tmp / f"{b}.parquet").read_bytes(), (a, b)
    print(
        f"dump={dump.name} compressed_MB={dump.stat().st_size / 1e6:.2f} xml_MB={stats.xml_bytes / 1e6:.2f} "
        f"articles={stats.articles} redirects={stats.redirects.redirects if stats.redirects else 0}"
    )
    print(
        f"two passes: extract={t_ex:.2f}s + redirects={t_red:.2f}s = {t_ex + t_red:.2f}s; "
        f"one pass (extract writing redirects): {t_one:.2f}s"
    )


def bench(dump: Path, out: Path, lang: str, processes: int, repeat: int) -> None:
    stats = extract_dump(dump, out, lang=lang, processes=processes)
    mb_xml = stats.xml_bytes / 1e6
    print(f"dump={dump.name} compressed_MB={dump.stat().st_size / 1e6:.2f} xml_MB={mb_xml:.2f}")
    secs = stats.seconds
    print(
        f"extract (stage, {processes} wikiextractor processes): articles={stats.articles} "
        f"anchors={stats.anchors} seconds={secs:.2f} articles/s={stats.articles / secs:,.0f} "
        f"xml_MB/s={mb_xml / secs:.2f}"
    )

    t0 = time.perf_counter()
    with run_wikiextractor(dump, processes) as (lines, _):
        texts = [orjson.loads(line)["text"] for line in lines]
    t_wx = time.perf_counter() - t0
    print(
        f"wikiextractor alone: seconds={t_wx:.2f} articles/s={len(texts) / t_wx:,.0f} "
        f"xml_MB/s={mb_xml / t_wx:.2f}"
    )

    site = read_siteinfo(dump)
    parse_bench(texts, site, repeat, "demo articles")
    # Real jawiki articles are several KB long; the demo's are short, so per-article overhead weighs more.
    joined = ["\n".join(texts[i : i + 10]) for i in range(0, len(texts), 10)]
    parse_bench(joined, site, repeat, "10 demo articles joined per article")


def parse_bench(texts: list[str], site: object, repeat: int, label: str) -> None:
    html_mb = sum(len(t.encode()) for t in texts) / 1e6
    best_cold = best_warm = float("inf")
    anchors = 0
    for _ in range(repeat):
        resolve = LinkResolver(site)  # type: ignore[arg-type]  # cold cache: each distinct href resolved once
        t0 = time.process_time()  # CPU seconds: "per core" even on a busy machine
        anchors = sum(len(parse_article(t, resolve).starts) for t in texts)
        best_cold = min(best_cold, time.process_time() - t0)
        t0 = time.process_time()
        for t in texts:
            parse_article(t, resolve)
        best_warm = min(best_warm, time.process_time() - t0)
    links = sum(t.count("<a href=") for t in texts)
    density = links / max(html_mb, 1e-9) / 1e3
    distinct = len({h for t in texts for h in HREF.findall(t)})
    print(
        f"anchor parse alone, {label} (1 core, CPU time): articles={len(texts)} "
        f"avg_KB={html_mb * 1e3 / max(len(texts), 1):.2f} links={links} ({density:.1f}/KB) "
        f"distinct_targets={distinct} kept={anchors} cold_MB/s={html_mb / best_cold:.1f} "
        f"warm_MB/s={html_mb / best_warm:.1f} links/s={links / best_cold:,.0f}"
    )


if __name__ == "__main__":
    main()
