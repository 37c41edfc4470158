"""QID <-> page title for enwiki and the target wikis (design §5), from the Wikidata JSON dump or the
`wb_items_per_site` SQL dump. One process decompresses (on its own threads); a pool parses blocks of lines.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from leia.corpus.chunks import ChunkResult
from leia.corpus.decompress import DecompressedStream, line_chunks
from leia.corpus.sqldump import parse_sql_chunk
from leia.corpus.wdjson import parse_json_chunk
from leia.errors import InputError
from leia.io import atomic_path

log = logging.getLogger(__name__)

SCHEMA = pa.schema([("qid", pa.string()), ("site", pa.string()), ("title", pa.string())])
_PARSERS: dict[str, Callable[[bytes, tuple[str, ...]], ChunkResult]] = {
    "json": parse_json_chunk,
    "sql": parse_sql_chunk,
}
_SHOW_BAD = 20  # malformed lines logged one by one before only counting


def site_id(lang: str) -> str:
    """Wikidata's site id of a Wikipedia language edition: `ja` -> `jawiki`, `zh-yue` -> `zh_yuewiki`."""
    return lang.replace("-", "_") + "wiki"


def dump_path(dumps_dir: str | os.PathLike[str], source: str, wikidata_date: str) -> Path:
    """The downloaded dump for `source` (design §2); for json the .bz2 is preferred over the .gz."""
    base = Path(dumps_dir) / "wikidata"
    if source == "sql":
        return base / f"wikidatawiki-{wikidata_date}-wb_items_per_site.sql.gz"
    candidates = [base / f"wikidata-{wikidata_date}-all.json.{ext}" for ext in ("bz2", "gz")]
    return next((p for p in candidates if p.exists()), candidates[0])


class _Collector:
    """Merges block results in file order, turning block-relative line indices into line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts: list[ChunkResult] = []
        self.lines = 0
        self.records = 0
        self.bad = 0

    def add(self, r: ChunkResult) -> None:
        for i in r.bad:
            self.bad += 1
            if self.bad <= _SHOW_BAD:
                log.warning("%s: line %d is malformed; skipped", self.path, self.lines + i + 1)
        self.lines += r.lines
        self.records += r.records
        if r.qids:
            self.parts.append(r)


def _progress(path: Path, enabled: bool) -> Any:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TransferSpeedColumn,
    )

    return Progress(
        TextColumn(f"[bold]{path.name}[/] decompressed"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        disable=not enabled,
        transient=True,
    )


def _run_blocks(
    blocks: Iterable[bytes],
    parse: Callable[[bytes, tuple[str, ...]], ChunkResult],
    sites: tuple[str, ...],
    processes: int,
    pool: Any,
    collect: Callable[[ChunkResult], None],
) -> None:
    if pool is None:
        for block in blocks:
            collect(parse(block, sites))
        return
    pending: deque[AsyncResult[ChunkResult]] = deque()
    for block in blocks:  # a bounded window keeps memory flat while workers parse in file order
        pending.append(pool.apply_async(parse, (block, sites)))
        while len(pending) > 2 * processes:
            collect(pending.popleft().get())
    while pending:
        collect(pending.popleft().get())


def read_sitelinks(
    path: str | os.PathLike[str],
    source: str,
    sites: Iterable[str],
    *,
    processes: int = 2,
    decompressor: str = "auto",
    chunk_bytes: int = 8 << 20,
    progress: bool = False,
) -> tuple[pa.Table, dict[str, Any]]:
    """Read the dump at `path`; return the sorted, de-duplicated (qid, site, title) table and counts."""
    path = Path(path)
    sites = tuple(sorted(set(sites)))
    parse = _PARSERS[source]
    collect = _Collector(path)
    started = time.perf_counter()
    # The pool is forked before the decompressor starts its threads (forking a threaded process is unsafe).
    pool = multiprocessing.get_context("fork").Pool(processes) if processes > 1 else None
    try:
        with DecompressedStream(path, threads=max(2, processes), tool=decompressor) as stream:
            with _progress(path, progress) as bar:
                task = bar.add_task("read", total=None)

                def blocks() -> Iterable[bytes]:
                    for block in line_chunks(stream, chunk_bytes):
                        bar.update(task, completed=stream.offset)
                        yield block

                _run_blocks(blocks(), parse, sites, processes, pool, collect.add)
            method, decompressed = stream.method, stream.offset
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    seconds = time.perf_counter() - started
    if collect.records == 0:
        what = "entity" if source == "json" else "INSERT statement"
        raise InputError(
            path, f"no parseable {what} in {collect.lines:,} lines", "is this the right dump file?"
        )
    if collect.bad > _SHOW_BAD:
        log.warning("%s: %d malformed lines skipped in all", path, collect.bad)
    table = _assemble(collect.parts)
    counts = {s: 0 for s in sites}
    for s, n in zip(*pc.value_counts(table["site"]).flatten(), strict=True):
        counts[s.as_py()] = n.as_py()
    empty = [s for s, n in counts.items() if n == 0]
    if empty:
        raise InputError(path, f"no sitelinks at all for {', '.join(empty)}",
                         "check `languages` in params.yaml (Wikipedia codes such as ja, sw)")  # fmt: skip
    stats = {
        "source": source,
        "file": path.name,
        "compressed_bytes": path.stat().st_size,
        "decompressed_bytes": decompressed,
        "lines": collect.lines,
        "records": collect.records,
        "malformed_lines": collect.bad,
        "rows": table.num_rows,
        "rows_per_site": counts,
    }
    log.info(
        "%s: %d sitelinks from %.1f MB (%.1f MB decompressed with %s) in %.1f s",
        path.name, table.num_rows, stats["compressed_bytes"] / 1e6, decompressed / 1e6, method, seconds,
    )  # fmt: skip
    return table, stats


def _assemble(parts: list[ChunkResult]) -> pa.Table:
    """One table sorted by (site, numeric QID); a repeated (site, qid) keeps its first title."""
    cols = {
        "qid": pa.chunked_array([pa.array(p.qids, pa.string()) for p in parts], pa.string()),
        "site": pa.chunked_array([pa.array(p.sites, pa.string()) for p in parts], pa.string()),
        "title": pa.chunked_array([pa.array(p.titles, pa.string()) for p in parts], pa.string()),
    }
    table = pa.table(cols, schema=SCHEMA)
    number = pc.cast(pc.utf8_slice_codeunits(table["qid"], 1), pa.int64())
    keyed = table.append_column("n", number).sort_by([("site", "ascending"), ("n", "ascending")])  # stable
    if keyed.num_rows > 1:
        site, n = keyed["site"], keyed["n"]
        same = pc.and_(
            pc.equal(site.slice(1), site.slice(0, keyed.num_rows - 1)),
            pc.equal(n.slice(1), n.slice(0, keyed.num_rows - 1)),
        )
        keep = pa.concat_arrays([pa.array([True]), pc.invert(same).combine_chunks()])
        keyed = keyed.filter(keep)
    return keyed.select(["qid", "site", "title"]).combine_chunks()


def write_sitelinks(table: pa.Table, out: str | os.PathLike[str]) -> None:
    with atomic_path(out) as tmp:
        pq.write_table(table.cast(SCHEMA), tmp, compression="zstd")


def run(params: dict[str, Any]) -> dict[str, Any]:
    """The sitelinks operation (stage `sitelinks`, `leia sitelinks`): the Wikidata dump that
    `sitelinks.source` names -> data/sitelinks.parquet (enwiki and every target wiki) and its metrics."""
    from leia.corpus.decompress import TOOLS
    from leia.corpus.dumpfiles import SITELINK_SOURCES
    from leia.io import write_json
    from leia.params import get, get_choice, get_int, get_list

    source = get_choice(params, "sitelinks.source", SITELINK_SOURCES)
    path = dump_path(get(params, "download.out"), source, str(get(params, "dump.wikidata_date")))
    table, stats = read_sitelinks(
        path, source, [site_id(lang) for lang in ["en", *get_list(params, "languages")]],
        processes=get_int(params, "sitelinks.processes", 2, min=1),
        decompressor=get_choice(params, "sitelinks.decompressor", TOOLS, "auto"),
        progress=os.isatty(2),
    )  # fmt: skip
    write_sitelinks(table, "data/sitelinks.parquet")
    write_json("metrics/sitelinks.json", stats)
    print(f"sitelinks ({source}): {stats['rows']} rows, {stats['rows_per_site']}")
    return stats
