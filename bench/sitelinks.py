"""Benchmark the sitelinks stage on generated dumps: MB/s of compressed and uncompressed input, both sources.

    .venv/bin/python bench/sitelinks.py --entities 20000            # synthetic, real-sized entity lines
    .venv/bin/python bench/sitelinks.py --world-size 2000           # the demo world's dumps instead

Synthetic lines mimic the real dump: claims with nested ids, labels in several languages, sitelinks to
~40 wikis of which 3 are wanted; the SQL dump has the same sitelinks as multi-row INSERTs of ~1 MB.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from leia.corpus.sitelinks import read_sitelinks
from leia.corpus.sqldump import parse_sql_chunk
from leia.corpus.wdjson import parse_json_chunk

SITES = ("enwiki", "jawiki", "swwiki")
OTHER = tuple(f"{c}wiki" for c in "de fr es it ru zh pt pl nl sv uk ar fa he ko vi id tr cs hu".split())
FULL_SQL_GZ_MB = 1900  # wb_items_per_site.sql.gz, 2023


def _mysql(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def synthetic(n: int, n_sql_rows: int, seed: int = 0) -> tuple[bytes, bytes]:
    rng = random.Random(seed)
    lines, rows = [], []
    for q in range(1, n + 1):
        k = rng.choice((0, 0, 0, 0, 1, 2, 4, 12, 30))
        links = rng.sample(SITES + OTHER, min(k, len(SITES + OTHER)))
        claims = {
            f"P{p}": [{"mainsnak": {"snaktype": "value", "property": f"P{p}", "datavalue": {"value": {
                "entity-type": "item", "numeric-id": rng.randrange(10**7), "id": f"Q{rng.randrange(10**7)}"},
                "type": "wikibase-entityid"}}, "type": "statement", "id": f"Q{q}${rng.getrandbits(64):016x}",
                "rank": "normal", "references": [{"hash": f"{rng.getrandbits(64):016x}"}]}]
            for p in rng.sample(range(1, 9000), rng.randrange(2, 60))
        }  # fmt: skip
        langs = rng.sample(["en", "ja", "sw", "de", "fr", "es", "ru", "zh", "ar", "pt"], rng.randrange(1, 10))
        labels = {lang: {"language": lang, "value": f"Label {q} {lang}"} for lang in langs}
        titles = {s: f"Title {q} {s}" + (" (film)" if q % 7 == 0 else "") for s in links}
        obj = {
            "type": "item",
            "id": f"Q{q}",
            "labels": labels,
            "descriptions": labels,
            "aliases": {},
            "claims": claims,
            "sitelinks": {s: {"site": s, "title": t, "badges": []} for s, t in titles.items()},
            "lastrevid": 1,
        }
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        rows += [f"({len(rows) + 1},{q},'{s}',{_mysql(t)})" for s, t in titles.items()]
    js = ("[\n" + ",\n".join(lines) + "\n]\n").encode()
    return js, sql_rows(rows + _filler(rng, n_sql_rows - len(rows), n))


def _filler(rng: random.Random, n: int, first_q: int) -> list[str]:
    """Rows of other wikis (and ~8% wanted ones, as in the real table) to reach a realistic SQL size."""
    sites = SITES + tuple(f"x{i}wiki" for i in range(300))
    weights = [0.05, 0.02, 0.01] + [0.92 / 300] * 300
    picked = rng.choices(sites, weights, k=max(0, n))
    return [f"({i},{first_q + i},'{s}',{_mysql(f'Some page title {i}')})" for i, s in enumerate(picked)]


def sql_rows(rows: list[str]) -> bytes:
    per = 20000  # ~1 MB statements, as mysqldump writes them
    return "".join("INSERT INTO `wb_items_per_site` VALUES " + ",".join(rows[i : i + per]) + ";\n"
                   for i in range(0, len(rows), per)).encode()  # fmt: skip


def _bz2(data: bytes) -> bytes:  # multistream like the demo world, compressed on all cores
    parts = [data[i : i + (8 << 20)] for i in range(0, len(data), 8 << 20)]
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return b"".join(pool.map(bz2.compress, parts))


def _world(size: int, tmp: Path) -> tuple[Path, Path, Path]:
    from leia.demo.world import write_world

    write_world(
        tmp / "w", seed=0, size=size, languages=["ja", "sw"], date="20231001", wikidata_date="20231002"
    )
    base = tmp / "w" / "wikidatawiki"
    ent = base / "entities" / "20231002"
    return (ent / "wikidata-20231002-all.json.bz2", ent / "wikidata-20231002-all.json.gz",
            base / "20231002" / "wikidatawiki-20231002-wb_items_per_site.sql.gz")  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--entities", type=int, default=5000, help="synthetic entities")
    p.add_argument("--sql-rows", type=int, default=500_000, help="rows in the synthetic SQL dump")
    p.add_argument("--world-size", type=int, default=0, help="use the demo world of this size instead")
    p.add_argument("--processes", type=int, default=2)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sitelinks-") as d:
        tmp = Path(d)
        if args.world_size:
            jb, jg, sq = _world(args.world_size, tmp)
            js = gzip.decompress(jg.read_bytes())
            sql = gzip.decompress(sq.read_bytes())
        else:
            js, sql = synthetic(args.entities, args.sql_rows)
            jb, jg, sq = tmp / "a.json.bz2", tmp / "a.json.gz", tmp / "a.sql.gz"
            jb.write_bytes(_bz2(js))
            jg.write_bytes(gzip.compress(js, 6))
            sq.write_bytes(gzip.compress(sql, 6))
        print(
            f"input: JSON {len(js) / 1e6:.1f} MB (bz2 {jb.stat().st_size / 1e6:.1f},"
            f" gz {jg.stat().st_size / 1e6:.1f}),"
            f" SQL {len(sql) / 1e6:.1f} MB (gz {sq.stat().st_size / 1e6:.1f})"
        )
        for name, data, fn in (("json", js, parse_json_chunk), ("sql", sql, parse_sql_chunk)):
            t = time.perf_counter()
            fn(data, SITES)
            dt = time.perf_counter() - t
            print(f"parse only, 1 core, {name}: {len(data) / 1e6 / dt:.0f} MB/s uncompressed")
        for path, source, raw in ((jb, "json", js), (jg, "json", js), (sq, "sql", sql)):
            t = time.perf_counter()
            table, _ = read_sitelinks(path, source, SITES, processes=args.processes)
            dt = time.perf_counter() - t
            line = (f"end to end, {args.processes} processes, {path.name}: {dt:.2f} s, "
                    f"{path.stat().st_size / 1e6 / dt:.1f} MB/s compressed, {len(raw) / 1e6 / dt:.1f} MB/s "
                    f"uncompressed, {table.num_rows} rows")  # fmt: skip
            if source == "sql":
                minutes = FULL_SQL_GZ_MB / (path.stat().st_size / 1e6 / dt) / 60
                line += f"; a {FULL_SQL_GZ_MB} MB dump: ~{minutes:.1f} min"
            print(line)


if __name__ == "__main__":
    main()
