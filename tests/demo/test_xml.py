"""The MediaWiki XML exports: parse with a real XML parser, check the layout real dumps have."""

from __future__ import annotations

import bz2
import re

import pytest

from demo.helpers import DATE, LANGS, NS, parse_dump, xml_path
from leia.demo.wikixml import sha1_base36, xml_escape

WIKIS = ["en", *LANGS]


def test_sha1_base36_matches_mediawiki() -> None:
    # MediaWiki's <sha1> of the empty text, as it appears in real dumps
    assert sha1_base36(b"") == "phoiac9h4m842xq45sp7s6u21eteeq1"


@pytest.mark.parametrize("lang", WIKIS)
def test_siteinfo_and_pages(world, lang: str) -> None:
    parsed = parse_dump(xml_path(world.out, lang))
    si = parsed.siteinfo
    assert si.findtext(NS + "dbname") == f"{lang}wiki"
    assert si.findtext(NS + "case") == "first-letter"
    assert si.findtext(NS + "base").startswith(f"https://{lang}.wikipedia.org/wiki/")
    spaces = {int(n.get("key")): (n.text or "") for n in si.find(NS + "namespaces")}
    assert set(range(-2, 16)) <= set(spaces) and {100, 828} <= set(spaces)
    assert spaces[0] == "" and spaces[10] and spaces[14]
    if lang == "ja":
        assert spaces[6] == "ファイル" and spaces[10] == "Template" and spaces[14] == "Category"
    if lang == "sw":
        assert spaces[6] == "Picha" and spaces[14] == "Jamii"

    pages = parsed.pages
    assert len(pages) == world.pages[lang]
    ids = [p["id"] for p in pages]
    assert ids == sorted(set(ids))
    titles = [p["title"] for p in pages]
    assert len(set(titles)) == len(titles)
    for p in pages:
        rev = p["rev"]
        assert rev["model"].text == "wikitext" and rev["format"].text == "text/x-wiki"
        assert p["space"] == "preserve"
        body = p["text"].encode("utf-8")
        assert p["bytes"] == len(body)
        assert p["sha1"] == sha1_base36(body)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rev["timestamp"].text)
        assert rev["timestamp"].text < f"{DATE[:4]}-{DATE[4:6]}-{DATE[6:]}"
        if p["ns"]:
            assert p["title"].startswith(spaces[p["ns"]] + ":")
    assert {10, 14} <= {p["ns"] for p in pages}
    assert sum(p["ns"] == 0 and p["redirect"] is None for p in pages) == world.articles[lang]


@pytest.mark.parametrize("lang", WIKIS)
def test_redirects_have_chains_and_a_cycle(world, lang: str) -> None:
    pages = parse_dump(xml_path(world.out, lang)).pages
    word = {"ja": ("#転送", "#REDIRECT")}.get(lang, ("#REDIRECT",))
    redirects = {p["title"]: p["redirect"] for p in pages if p["redirect"] is not None}
    assert len(redirects) == world.redirects[lang] > 0
    for p in pages:
        if p["redirect"] is not None:
            assert p["text"].startswith(word) and f"[[{p['redirect']}]]" in p["text"]
    chains = [s for s, t in redirects.items() if t in redirects and redirects[t] not in (None, s)]
    cycles = [s for s, t in redirects.items() if redirects.get(t) == s]
    assert chains and len(cycles) == 2
    if lang == "ja":
        assert any(p["text"].startswith("#転送") for p in pages)


def test_one_tag_per_line_and_multistream(world) -> None:
    path = xml_path(world.out, "en")
    raw = path.read_bytes()
    # real dumps: header, then ~100 pages per bz2 stream, then </mediawiki>
    streams = raw.count(b"BZh9")
    assert streams >= 3
    text = bz2.decompress(raw).decode("utf-8")
    assert text.startswith('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"')
    assert text.endswith("</mediawiki>\n")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("<page>", "<title>", "<ns>", "<id>", "<revision>", "<sha1>")):
            assert stripped.count("<") == (1 if stripped == "<page>" or stripped == "<revision>" else 2), line
    # the index gives each page's stream offset: decompressing from there yields that page
    index = bz2.decompress((path.parent / path.name.replace(".xml.bz2", "-index.txt.bz2")).read_bytes())
    lines = index.decode("utf-8").splitlines()
    assert len(lines) == world.pages["en"]
    offset, page_id, title = lines[-1].split(":", 2)  # a page in a later stream
    d = bz2.BZ2Decompressor()
    chunk = d.decompress(raw[int(offset) :]).decode("utf-8")
    assert (
        int(offset) > 0 and f"<id>{page_id}</id>" in chunk and f"<title>{xml_escape(title)}</title>" in chunk
    )


def test_markup_real_articles_have(world) -> None:
    texts = {
        lang: "\n".join(p["text"] for p in parse_dump(xml_path(world.out, lang)).pages) for lang in WIKIS
    }
    for lang, needles in {
        "en": ["[[File:", "[[Category:", "{{Infobox person", "<ref>", "{{Cite web", "== History ==", "\n* [[",
               "[https://example.org/", "#REDIRECT [["],
        "ja": ["[[ファイル:", "{{基礎情報 人物", "{{lang-en|", "== 概要 ==", "[[カテゴリ:", "[[Category:",
               "#転送 [["],
        "sw": ["[[Picha:", "[[Jamii:", "== Maelezo ==", "#REDIRECT [["],
    }.items():  # fmt: skip
        for needle in needles:
            assert needle in texts[lang], (lang, needle)
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", texts["ja"])  # piped links
    assert re.search(r"\[\[[^\]|#]+#[^\]|]+\|", texts["sw"])  # links with a fragment
    assert "[[List of " in texts["en"] and " (city)" in texts["en"]
