"""MediaWiki XML export (schema 0.11), laid out and compressed as the real
`*-pages-articles-multistream.xml.bz2` dumps: one tag per line; the header (siteinfo) is one bz2
stream, every 100 pages are one stream, `</mediawiki>` is the last; a `-multistream-index.txt.bz2`
gives each page's stream offset."""

from __future__ import annotations

import bz2
import hashlib
import os
import random
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

from leia.demo.namespaces import WikiInfo
from leia.demo.wikitext import Page

PAGES_PER_STREAM = 100
GENERATOR = "MediaWiki 1.41.0-wmf.27"
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_B36_3 = [a + b + c for a in _B36 for b in _B36 for c in _B36]  # base-36 digits three at a time
_USERS = ("Kotoba", "Mjengaji", "Archivist", "Redlinker", "Typofixer", "InfoboxBot", "Ndege", "Sakura2")


def xml_escape(s: str) -> str:
    # chained replace is several times faster than str.translate with a dict on long texts
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def sha1_base36(data: bytes) -> str:
    """MediaWiki's revision sha1: the SHA-1 as a 31-digit base-36 number."""
    n = int.from_bytes(hashlib.sha1(data).digest(), "big")
    digits = []
    while n:
        n, r = divmod(n, 46656)
        digits.append(_B36_3[r])
    return "".join(reversed(digits)).lstrip("0").rjust(31, "0")


def siteinfo_xml(info: WikiInfo) -> str:
    ns_lines = []
    for key, name in sorted(info.namespaces.items()):
        case = info.case(key)
        if name:
            ns_lines.append(f'      <namespace key="{key}" case="{case}">{xml_escape(name)}</namespace>')
        else:
            ns_lines.append(f'      <namespace key="{key}" case="{case}" />')
    lang = info.lang
    return "\n".join(
        [
            '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ '
            f'http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="{lang}">',
            "  <siteinfo>",
            "    <sitename>Wikipedia</sitename>",
            f"    <dbname>{info.dbname}</dbname>",
            f"    <base>https://{lang}.wikipedia.org/wiki/{_MAIN_PAGE.get(lang, 'Main_Page')}</base>",
            f"    <generator>{GENERATOR}</generator>",
            "    <case>first-letter</case>",
            "    <namespaces>",
            *ns_lines,
            "    </namespaces>",
            "  </siteinfo>",
            "",
        ]
    )


_MAIN_PAGE = {"ja": "%E3%83%A1%E3%82%A4%E3%83%B3%E3%83%9A%E3%83%BC%E3%82%B8", "sw": "Mwanzo"}


@dataclass
class DumpStats:
    pages: int = 0
    redirects: int = 0
    articles: int = 0  # main-namespace, non-redirect
    text_bytes: int = 0
    file_bytes: int = 0


class _Revisions:
    """Revision metadata (ids, timestamps, contributors), drawn from the wiki's own generator."""

    def __init__(self, rnd: random.Random, date: str) -> None:
        self.rnd = rnd
        self.end = datetime.strptime(date, "%Y%m%d").replace(tzinfo=timezone.utc)
        self.span = int((self.end - datetime(2010, 1, 1, tzinfo=timezone.utc)).total_seconds()) - 86400
        self.page_id = rnd.randint(1, 20)
        self.rev_base = rnd.randint(10**6, 10**7)

    def page_xml(self, page: Page) -> tuple[int, str]:
        rnd = self.rnd
        self.page_id += rnd.randint(1, 4)
        self.rev_base += rnd.randint(1, 5000)
        rev = self.rev_base
        ts = self.end - timedelta(seconds=86400 + rnd.randrange(self.span))
        body = page.text.encode("utf-8")
        lines = [
            "  <page>",
            f"    <title>{xml_escape(page.title)}</title>",
            f"    <ns>{page.ns}</ns>",
            f"    <id>{self.page_id}</id>",
        ]
        if page.redirect is not None:
            lines.append(f'    <redirect title="{xml_escape(page.redirect)}" />')
        lines += ["    <revision>", f"      <id>{rev}</id>"]
        if rnd.random() < 0.9:  # a page's first revision has no parent
            lines.append(f"      <parentid>{rev - rnd.randint(1, 10**5)}</parentid>")
        lines += [f"      <timestamp>{ts.strftime('%Y-%m-%dT%H:%M:%SZ')}</timestamp>", "      <contributor>"]
        if rnd.random() < 0.15:
            lines.append(f"        <ip>192.0.2.{rnd.randint(1, 254)}</ip>")
        else:
            u = rnd.randrange(len(_USERS))
            lines += [f"        <username>{_USERS[u]}</username>", f"        <id>{104729 * (u + 1)}</id>"]
        lines.append("      </contributor>")
        if rnd.random() < 0.2:
            lines.append("      <minor />")
        if rnd.random() < 0.6:
            lines.append(f"      <comment>{xml_escape('/* links */ fix & tidy <ref>s')}</comment>")
        lines += [
            "      <model>wikitext</model>",
            "      <format>text/x-wiki</format>",
            f'      <text bytes="{len(body)}" xml:space="preserve">{xml_escape(page.text)}</text>',
            f"      <sha1>{sha1_base36(body)}</sha1>",
            "    </revision>",
            "  </page>",
            "",
        ]
        return self.page_id, "\n".join(lines)


def _compress(data: bytes) -> bytes:
    return bz2.compress(data, 9)


def write_multistream(
    path: Path, index_path: Path, info: WikiInfo, pages: Iterable[Page], *, date: str, rnd: random.Random
) -> DumpStats:
    stats = DumpStats()
    revs = _Revisions(rnd, date)
    index_lines: list[str] = []

    def chunks() -> Iterator[tuple[list[tuple[int, str]], bytes]]:
        it = iter(pages)
        while batch := list(islice(it, PAGES_PER_STREAM)):
            parts, meta = [], []
            for page in batch:
                pid, xml = revs.page_xml(page)
                parts.append(xml)
                meta.append((pid, page.title))
                stats.pages += 1
                stats.redirects += page.redirect is not None
                stats.articles += page.ns == 0 and page.redirect is None
            data = "".join(parts).encode("utf-8")
            stats.text_bytes += len(data)
            yield meta, data

    offset = 0
    with open(path, "wb") as f, ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        head = siteinfo_xml(info).encode("utf-8")
        offset += f.write(_compress(head))
        it = chunks()
        while window := list(islice(it, 64)):  # bz2 releases the GIL: compress streams in parallel
            for (meta, _), blob in zip(window, pool.map(_compress, [d for _, d in window]), strict=True):
                index_lines += [f"{offset}:{pid}:{title}" for pid, title in meta]
                offset += f.write(blob)
        offset += f.write(_compress(b"</mediawiki>\n"))
    stats.file_bytes = offset
    index_path.write_bytes(_compress(("\n".join(index_lines) + "\n").encode("utf-8")))
    return stats
