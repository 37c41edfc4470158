"""Redirects of the main namespace from a pages-articles dump, with chains resolved and cycles dropped."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from leia.corpus.bzstream import open_bz2
from leia.corpus.titles import SiteInfo, normalize_title, siteinfo_from_element
from leia.errors import InputError
from leia.io import atomic_path

log = logging.getLogger(__name__)

SCHEMA = pa.schema([("source", pa.string()), ("target", pa.string())])


@dataclass
class RedirectStats:
    redirects: int = 0  # rows written
    chains_resolved: int = 0  # redirects whose target was itself a redirect
    cycles_dropped: int = 0  # redirects on, or leading into, a cycle
    skipped_malformed: int = 0

    def metrics(self) -> dict[str, int]:
        return dict(self.__dict__)


def read_redirects(dump: str | os.PathLike[str]) -> tuple[dict[str, str], SiteInfo, int]:
    """Stream the dump and return {source title: raw target title} for ns-0 redirect pages."""
    dump = Path(dump)
    if not dump.exists():
        raise InputError(dump, "no such dump file", "run the download stage first")
    redirects: dict[str, str] = {}
    malformed = 0
    site: SiteInfo | None = None
    size = dump.stat().st_size
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn()
    )
    with open_bz2(dump) as f, progress:
        task = progress.add_task(f"redirects {dump.name}", total=size)
        raw = f.raw
        ns = ""
        root: ET.Element | None = None
        pages = 0
        try:
            for event, el in ET.iterparse(f, events=("start", "end")):
                if root is None:
                    root = el
                    ns = el.tag[: el.tag.index("}") + 1] if el.tag.startswith("{") else ""
                    continue
                if event != "end":
                    continue
                if el.tag == f"{ns}siteinfo":
                    site = siteinfo_from_element(el, ns, dump)
                elif el.tag == f"{ns}page":
                    pages += 1
                    redirect = el.find(f"{ns}redirect")
                    if redirect is not None and (el.findtext(f"{ns}ns") or "").strip() == "0":
                        title = el.findtext(f"{ns}title")
                        target = redirect.get("title")
                        if title and target:
                            redirects[title] = target
                        else:
                            malformed += 1
                            if malformed <= 10:
                                log.warning("%s: redirect without title/target (page %d)", dump, pages)
                    root.clear()  # keep memory flat: drop every finished page
                    if pages % 4096 == 0:
                        progress.update(task, completed=raw.compressed_pos)  # type: ignore[attr-defined]
        except ET.ParseError as e:
            line, col = e.position
            raise InputError(dump, f"malformed XML at line {line}, column {col} ({e.msg})",
                             "the dump is damaged; delete it and download it again") from None  # fmt: skip
        progress.update(task, completed=size)
    if site is None:
        raise InputError(dump, "no <siteinfo> header", "is this a MediaWiki XML dump?")
    if pages == 0:
        raise InputError(dump, "contains no <page> elements", "is this a pages-articles dump?")
    return redirects, site, malformed


def resolve_chains(raw: dict[str, str], site: SiteInfo) -> tuple[dict[str, str], RedirectStats]:
    """Follow every redirect to its final target; drop those on or leading into a cycle."""
    edges = {src: normalize_title(tgt.split("#", 1)[0], site) for src, tgt in raw.items()}
    final: dict[str, str | None] = {}
    stats = RedirectStats()
    for src in edges:
        if src in final:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        node = src
        while node in edges and node not in final and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = edges[node]
        end = final[node] if node in final else (None if node in on_path else node)
        for p in path:
            final[p] = end
    out: dict[str, str] = {}
    for src, end in final.items():
        if end is None:
            stats.cycles_dropped += 1
            continue
        out[src] = end
        if edges[src] != end:
            stats.chains_resolved += 1
    stats.redirects = len(out)
    return out, stats


def extract_redirects(dump: str | os.PathLike[str], out: str | os.PathLike[str]) -> RedirectStats:
    raw, site, malformed = read_redirects(dump)
    resolved, stats = resolve_chains(raw, site)
    stats.skipped_malformed = malformed
    if stats.cycles_dropped:
        log.info("%s: dropped %d redirect(s) on or into cycles", dump, stats.cycles_dropped)
    sources = sorted(resolved)
    table = pa.table({"source": sources, "target": [resolved[s] for s in sources]}, schema=SCHEMA)
    with atomic_path(out) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return stats
