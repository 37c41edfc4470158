"""Extract articles with hyperlink anchors from a pages-articles dump through wikiextractor.

We decompress the dump ourselves (leia.corpus.decompress: parallel, and a damaged .bz2 is reported with
its offset) and feed the XML to wikiextractor through a named pipe; its JSON lines come back on stdout and
are turned into plain text plus anchor offsets (leia.corpus.anchors) and written to Parquet in batches.
The same decompressed bytes can also go to a RedirectReader, so the redirects table (design §4) costs no
second decompression of the dump.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from leia import contract
from leia.corpus.anchors import DROP_REASONS, LinkResolver, parse_article
from leia.corpus.decompress import CHUNK, open_dump
from leia.corpus.redirects import RedirectReader, RedirectStats, write_redirects
from leia.corpus.titles import SiteInfo, parse_siteinfo
from leia.errors import InputError
from leia.io import atomic_path

log = logging.getLogger(__name__)

SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("anchor_start", pa.list_(pa.int32())),
        ("anchor_end", pa.list_(pa.int32())),
        ("anchor_target", pa.list_(pa.string())),
    ]
)
BATCH_ROWS = 2000


def read_siteinfo(dump: str | os.PathLike[str]) -> SiteInfo:
    """Decompress only the start of the dump and parse its <siteinfo>."""
    head = b""
    with open_dump(dump, threads=1) as f:
        while b"</siteinfo>" not in head and len(head) < (8 << 20):
            chunk = f.read(64 << 10)
            if not chunk:
                break
            head += chunk
    return parse_siteinfo(head.decode("utf-8", errors="replace"), dump)


@dataclass
class ExtractStats:
    articles: int = 0
    anchors: int = 0
    chars: int = 0
    xml_bytes: int = 0
    skipped_malformed: int = 0
    skipped_empty: int = 0
    dropped: list[int] = field(default_factory=lambda: [0, 0, 0])
    seconds: float = 0.0
    redirects: RedirectStats | None = None  # when the redirects table was written in the same pass

    def metrics(self) -> dict[str, int]:
        m = {
            "articles": self.articles,
            "anchors": self.anchors,
            "chars": self.chars,
            "xml_bytes": self.xml_bytes,
            "skipped_malformed": self.skipped_malformed,
            "skipped_empty": self.skipped_empty,
        }
        m.update({f"links_dropped_{r}": n for r, n in zip(DROP_REASONS, self.dropped, strict=True)})
        return m


class XmlEnd:
    """Follows the decompressed XML to tell whether it is a complete export.

    wikiextractor reads a dump cut short (a partial download recompressed, or a multistream file cut at
    a stream boundary) without complaint and silently drops the page it was in; a complete export ends
    with `</mediawiki>`. Tracks the line count and the line of the last unclosed `<page>` as it goes.
    """

    _KEEP = 64  # bytes carried between chunks, so a tag split across two chunks is still seen

    def __init__(self) -> None:
        self.lines = 0  # newlines seen so far
        self.page_line: int | None = None  # 1-based line of the last <page> not yet closed
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        buf = self._tail + chunk
        base = self.lines - self._tail.count(b"\n")
        opened, closed = buf.rfind(b"<page>"), buf.rfind(b"</page>")
        if opened > closed:
            self.page_line = base + buf.count(b"\n", 0, opened) + 1
        elif closed >= 0:
            self.page_line = None
        self.lines += chunk.count(b"\n")
        self._tail = buf[-self._KEEP :]

    def problem(self) -> str | None:
        """None for a complete export, else what is wrong, with the line where the text stops."""
        if self._tail.rstrip().endswith(b"</mediawiki>"):
            return None
        last = self.lines + (0 if self._tail.endswith(b"\n") or not self._tail else 1)
        where = (
            f"inside the <page> that starts at line {self.page_line}"
            if self.page_line is not None
            else "after the last complete </page>"
        )
        return f"incomplete XML export: the text stops at line {last} {where}, with no closing </mediawiki>"


class _Feeder(threading.Thread):
    """Decompress the dump into the FIFO that wikiextractor reads (and into `redirects`, if given);
    remember the first error."""

    def __init__(
        self,
        dump: Path,
        fifo: Path,
        proc: subprocess.Popen[bytes],
        *,
        threads: int,
        redirects: RedirectReader | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.dump, self.fifo, self.proc = dump, fifo, proc
        self.threads, self.redirects = threads, redirects
        self.error: BaseException | None = None
        self.xml_bytes = 0

    def run(self) -> None:
        try:
            fd = self._open_fifo()
            if fd is None:
                return
            end = XmlEnd()
            with os.fdopen(fd, "wb") as out, open_dump(self.dump, threads=self.threads) as src:
                while chunk := src.read(CHUNK):
                    end.feed(chunk)
                    out.write(chunk)  # wikiextractor works on it while the redirects are parsed here
                    if self.redirects is not None:
                        self.redirects.feed(chunk)
                    self.xml_bytes += len(chunk)
            if problem := end.problem():
                raise InputError(
                    self.dump, problem, "the dump is incomplete; delete it and run the download stage again"
                )
            if self.redirects is not None:
                self.redirects.close()
        except BrokenPipeError:
            pass  # wikiextractor exited early; its exit status explains why
        except BaseException as e:  # noqa: BLE001 - re-raised by the main thread
            self.error = e
            _kill(self.proc)

    def _open_fifo(self) -> int | None:
        # Non-blocking open until wikiextractor opens its end, so a crash at start-up cannot hang us.
        while True:
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as e:
                if e.errno != errno.ENXIO:
                    raise
                if self.proc.poll() is not None:
                    return None
                time.sleep(0.02)
                continue
            os.set_blocking(fd, True)
            return fd


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)  # wikiextractor's own process group (its workers)
        except ProcessLookupError:
            pass


def wikiextractor_command(xml_path: Path, processes: int) -> list[str]:
    return [
        sys.executable, "-m", "wikiextractor.WikiExtractor", str(xml_path),
        "--links", "--html-safe", "", "--no-templates", "--json",
        "--processes", str(processes), "-o", "-",
    ]  # fmt: skip


@contextmanager
def run_wikiextractor(
    dump: Path, processes: int, *, redirects: RedirectReader | None = None
) -> Iterator[tuple[Iterator[bytes], _Feeder]]:
    """Start wikiextractor on the dump (via a FIFO) and yield its stdout lines and the feeder, which also
    feeds `redirects` the decompressed XML."""
    with tempfile.TemporaryDirectory(prefix="leia-extract-") as tmp:
        fifo = Path(tmp) / "dump.xml"  # wikiextractor picks its decompressor by extension: plain XML
        os.mkfifo(fifo)
        stderr_path = Path(tmp) / "stderr.txt"
        with open(stderr_path, "wb") as stderr:
            proc = subprocess.Popen(
                wikiextractor_command(fifo, processes),
                stdout=subprocess.PIPE, stderr=stderr, start_new_session=True,
            )  # fmt: skip
            feeder = _Feeder(dump, fifo, proc, threads=max(2, processes), redirects=redirects)
            feeder.start()
            try:
                assert proc.stdout is not None
                yield iter(proc.stdout), feeder
                proc.wait()
            finally:
                _kill(proc)
                proc.wait()
                feeder.join(timeout=10)
        if feeder.error is not None:
            raise feeder.error
        if proc.returncode != 0:
            tail = stderr_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise InputError(
                dump,
                f"wikiextractor failed (exit status {proc.returncode}): {' | '.join(tail)}",
                "check that the dump is a complete MediaWiki pages-articles XML file",
            )


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(),
        TextColumn("{task.fields[articles]} articles"), TimeElapsedColumn(),
    )  # fmt: skip


def extract_dump(
    dump: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    lang: str,
    processes: int = 2,
    drop_empty_parens: bool = True,
    article_end: str = "",
    redirects_out: str | os.PathLike[str] | None = None,
) -> ExtractStats:
    """Extract `dump` into `out` (Parquet, design §3) and, given `redirects_out`, its redirects there
    (design §4) from the same decompressed bytes; return counts; raises InputError on bad input.
    `article_end` is appended to every article's text (leia.contract.ARTICLE_ENDS)."""
    dump = Path(dump)
    if not dump.exists():
        raise InputError(dump, "no such dump file", "run the download stage first")
    site = read_siteinfo(dump)
    if site.dbname and site.lang != lang:
        raise InputError(dump, f"is a dump of {site.dbname}, not of the '{lang}' wiki")
    resolve = LinkResolver(site)
    stats = ExtractStats()
    redirects = RedirectReader(dump) if redirects_out is not None else None
    t0 = time.perf_counter()
    with atomic_path(out) as tmp, pq.ParquetWriter(tmp, SCHEMA, compression="zstd") as writer:
        with run_wikiextractor(dump, processes, redirects=redirects) as (lines, feeder), _progress() as bar:
            task = bar.add_task(f"extract {dump.name}", total=None, articles=0)
            for batch in _batches(lines, resolve, stats, dump, drop_empty_parens, article_end):
                writer.write_batch(pa.RecordBatch.from_pydict(batch, schema=SCHEMA))
                bar.update(task, completed=feeder.xml_bytes, articles=stats.articles)
            stats.xml_bytes = feeder.xml_bytes
        if stats.articles == 0:
            raise InputError(
                dump,
                "wikiextractor produced no articles",
                'a MediaWiki dump needs one tag per line and a <namespace key="10"> entry in <siteinfo>; '
                "check the file or regenerate it",
            )
        if redirects is not None and redirects_out is not None:  # inside: no extract without its redirects
            assert redirects.site is not None  # the feeder's redirects.close() checked it
            stats.redirects = write_redirects(
                redirects.redirects, redirects.site, redirects.malformed, dump=dump, out=redirects_out
            )
    stats.seconds = time.perf_counter() - t0
    if stats.skipped_malformed:
        log.warning("%s: skipped %d malformed article record(s)", dump, stats.skipped_malformed)
    return stats


def _batches(
    lines: Iterator[bytes],
    resolve: LinkResolver,
    stats: ExtractStats,
    dump: Path,
    drop_empty_parens: bool = True,
    article_end: str = "",
) -> Iterator[dict[str, list]]:
    cols: dict[str, list] = {name: [] for name in SCHEMA.names}
    for lineno, line in enumerate(lines, 1):
        try:
            doc = orjson.loads(line)
            page_id = int(doc["id"])
            title = str(doc["title"])
            html_text = doc["text"]
            if not isinstance(html_text, str):
                raise TypeError("text is not a string")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            stats.skipped_malformed += 1
            if stats.skipped_malformed <= 10:
                log.warning("%s: skipping malformed wikiextractor record %d: %s", dump, lineno, e)
            continue
        art = parse_article(html_text, resolve, drop_empty_parens=drop_empty_parens)
        for i, k in enumerate(art.dropped):
            stats.dropped[i] += k
        if not art.text.strip():
            stats.skipped_empty += 1
            continue
        cols["id"].append(page_id)
        cols["title"].append(title)
        cols["text"].append(art.text + article_end)
        cols["anchor_start"].append(art.starts)
        cols["anchor_end"].append(art.ends)
        cols["anchor_target"].append(art.targets)
        stats.articles += 1
        stats.anchors += len(art.starts)
        stats.chars += len(art.text) + len(article_end)
        if len(cols["id"]) >= BATCH_ROWS:
            yield cols
            cols = {name: [] for name in SCHEMA.names}
    if cols["id"]:
        yield cols


def run(params: dict[str, Any], lang: str) -> ExtractStats:
    """The extract operation (stages `extract@{lang}` / `extract_pretrain@en`, `leia extract`): the
    downloaded dump -> data/extracted/{lang}.parquet and its metrics; for a wiki of `languages` the
    same pass also writes data/redirects/{lang}.parquet (pretraining-only wikis need no redirects)."""
    from leia.corpus.dumpfiles import wiki_dump_path
    from leia.io import write_json
    from leia.params import get, get_bool, get_choice, get_int, get_list

    dump = wiki_dump_path(get(params, "download.out"), lang, str(get(params, "dump.date")))
    redirects = lang in get_list(params, "languages")
    stats = extract_dump(
        dump, f"data/extracted/{lang}.parquet", lang=lang,
        processes=get_int(params, "extract.processes", min=1),
        drop_empty_parens=get_bool(params, "extract.drop_empty_parens", True),
        article_end=contract.ARTICLE_ENDS[
            get_choice(params, "extract.article_end", tuple(contract.ARTICLE_ENDS), "none")
        ],
        redirects_out=f"data/redirects/{lang}.parquet" if redirects else None,
    )  # fmt: skip
    write_json(f"metrics/extract/{lang}.json", stats.metrics())
    print(f"{lang}: {stats.articles} articles, {stats.anchors} anchors in {stats.seconds:.1f}s")
    if (red := stats.redirects) is not None:
        write_json(f"metrics/redirects/{lang}.json", red.metrics())
        print(f"{lang}: {red.redirects} redirects ({red.cycles_dropped} on cycles dropped)")
    return stats
