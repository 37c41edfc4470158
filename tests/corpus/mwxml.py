"""Hand-made MediaWiki XML dumps for the corpus tests (one tag per line, full siteinfo, like real dumps)."""

from __future__ import annotations

import bz2
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


@dataclass
class Page:
    title: str
    text: str = ""
    ns: int = 0
    id: int = 0
    redirect: str | None = None


NAMESPACES = {
    "ja": {-2: "メディア", -1: "特別", 1: "ノート", 2: "利用者", 4: "Wikipedia", 6: "ファイル"},
    "en": {-2: "Media", -1: "Special", 1: "Talk", 2: "User", 4: "Wikipedia", 6: "File"},
}
COMMON = {10: "Template", 14: "Category", 100: "Portal"}


def siteinfo(lang: str = "ja", case: str = "first-letter", template_ns: bool = True) -> str:
    names = {**NAMESPACES.get(lang, NAMESPACES["en"]), **COMMON}
    if not template_ns:
        names.pop(10)
    lines = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="0.10" xml:lang="' + lang + '">',
        "  <siteinfo>",
        "    <sitename>Wikipedia</sitename>",
        f"    <dbname>{lang}wiki</dbname>",
        f"    <base>https://{lang}.wikipedia.org/wiki/Main_Page</base>",
        "    <generator>MediaWiki 1.41.0-wmf.28</generator>",
        f"    <case>{case}</case>",
        "    <namespaces>",
        f'      <namespace key="0" case="{case}" />',
    ]
    lines += [
        f'      <namespace key="{k}" case="{case}">{escape(v)}</namespace>' for k, v in sorted(names.items())
    ]
    lines += ["    </namespaces>", "  </siteinfo>"]
    return "\n".join(lines) + "\n"


def page_xml(p: Page, i: int) -> str:
    pid = p.id or i + 1
    lines = [
        "  <page>",
        f"    <title>{escape(p.title)}</title>",
        f"    <ns>{p.ns}</ns>",
        f"    <id>{pid}</id>",
    ]
    if p.redirect is not None:
        lines.append(f"    <redirect title={quoteattr(p.redirect)} />")
    lines += [
        "    <revision>",
        f"      <id>{pid + 1000}</id>",
        "      <timestamp>2023-10-01T00:00:00Z</timestamp>",
        "      <contributor>",
        "        <username>Test</username>",
        "        <id>1</id>",
        "      </contributor>",
        "      <model>wikitext</model>",
        "      <format>text/x-wiki</format>",
        f'      <text bytes="{len(p.text.encode())}" xml:space="preserve">{escape(p.text)}</text>',
        "      <sha1>0000000000000000000000000000000</sha1>",
        "    </revision>",
        "  </page>",
    ]
    return "\n".join(lines) + "\n"


def dump_xml(pages: list[Page], **kw: object) -> tuple[str, list[str]]:
    """(header, [page xml …]); the footer is '</mediawiki>\\n'."""
    return siteinfo(**kw), [page_xml(p, i) for i, p in enumerate(pages)]  # type: ignore[arg-type]


def write_dump(path: Path, pages: list[Page], *, per_stream: int = 2, **kw: object) -> Path:
    """Write a multistream .bz2 dump as Wikimedia does: header, groups of pages, footer, one stream each."""
    header, body = dump_xml(pages, **kw)
    streams = [header] + ["".join(body[i : i + per_stream]) for i in range(0, len(body), per_stream)]
    streams.append("</mediawiki>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(bz2.compress(s.encode("utf-8")) for s in streams))
    return path


SAMPLE = [
    Page("東京", "'''東京'''は[[日本]]の[[首都|都]]である。[[東京都庁#概要|庁舎]]と[[#歴史|歴史]]を参照。"
         "[[w:大阪|大阪]]、[[ja:京都|京都]]、[https://ja.wikipedia.org/wiki/名古屋 名古屋]、"
         "[https://example.com 外部]、[[wikt:東|東]]、[[tokyo_tower|東京タワー]]。"),
    Page("日本", "[[アジア]]の国。首都は[[東京]]。"),
    Page("東京都", redirect="東京"),
    Page("首都圏", redirect="東京都"),
    Page("ノート:東京", "議論", ns=1),
    Page("循環A", redirect="循環B"),
    Page("循環B", redirect="循環A"),
    Page("自己", redirect="自己"),
    Page("利用者:X", redirect="東京", ns=2),
    Page("アジア", "[[アジア州]]は大きい。"),
]  # fmt: skip
