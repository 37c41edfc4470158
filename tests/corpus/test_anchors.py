"""Anchor parsing without an HTML parser: offsets, targets, and which links are dropped."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mwxml import siteinfo

from leia.corpus.anchors import EMPTY, FOREIGN, FRAGMENT, LinkResolver, parse_article
from leia.corpus.titles import parse_siteinfo

SITE = parse_siteinfo(siteinfo("ja"), "ja.xml")


def a(target: str, label: str) -> str:
    """An anchor exactly as wikiextractor 3.1.0 writes it with --links --html-safe ''."""
    return f'<a href="{quote(target, safe="/")}">{label}</a>'


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("日本", "日本"),
        ("tokyo_tower", "Tokyo tower"),
        ("Page#Section", "Page"),
        ("#Section", FRAGMENT),
        ("w:東京", "東京"),
        ("w:ja:東京", "東京"),
        (":ja:東京", "東京"),
        ("ja:東京", "東京"),
        ("w:fr:Tokyo", FOREIGN),
        (":en:Tokyo", FOREIGN),
        ("fr:Tokyo", FOREIGN),
        ("wikt:東", FOREIGN),
        ("https://ja.wikipedia.org/wiki/京都#歴史", "京都"),
        ("https://ja.m.wikipedia.org/wiki/tokyo_Dome", "Tokyo Dome"),
        ("https://ja.wikipedia.org/w/index.php?title=大阪&action=edit", "大阪"),
        ("https://en.wikipedia.org/wiki/Kyoto", FOREIGN),
        ("https://example.com/x", FOREIGN),
        ("//example.com/x", FOREIGN),
        ("mailto:someone@example.com", FOREIGN),
        ("/wiki/奈良", "奈良"),
        ("AT&amp;T", "AT&T"),  # HTML-unescaped
        ("e%20f", "E f"),  # MediaWiki percent-decodes link targets itself
        ("Category:都市", "Category:都市"),
        ("Re:ゼロ", "Re:ゼロ"),  # a colon that is not a prefix
        ("  ", EMPTY),
    ],
)
def test_resolve(target: str, expected: str | int) -> None:
    assert LinkResolver(SITE)(quote(target, safe="/")) == expected


def test_parse_offsets_and_drops() -> None:
    html = (
        f"A {a('日本', '日本')} b {a('#x', 'ここ')} c {a('https://example.com', '外')} {a('首都', '都')}\n次"
    )
    art = parse_article(html, LinkResolver(SITE))
    assert art.text == "A 日本 b ここ c 外 都\n次"
    spans = [art.text[s:e] for s, e in zip(art.starts, art.ends, strict=True)]
    assert spans == ["日本", "都"] and art.targets == ["日本", "首都"]
    assert art.dropped == [1, 1, 0]


def test_no_anchors_and_empty_label() -> None:
    resolve = LinkResolver(SITE)
    assert parse_article("plain < text & more", resolve).text == "plain < text & more"
    art = parse_article(f"x{a('日本', '')}y", resolve)
    assert art.text == "xy" and art.starts == [] and art.dropped[EMPTY] == 1


_piece = st.text(alphabet=st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=12)


_targets = st.sampled_from(["日本", "tokyo_tower", "#frag", "fr:X"])


@given(st.lists(st.tuples(_piece, _targets, _piece), max_size=8), _piece)
def test_text_and_offsets_property(items: list[tuple[str, str, str]], tail: str) -> None:
    html = "".join(before + a(t, label) for before, t, label in items) + tail
    art = parse_article(html, LinkResolver(SITE))
    assert art.text == "".join(before + label for before, _, label in items) + tail
    kept = [(label, t) for _, t, label in items if t in ("日本", "tokyo_tower") and label]
    assert [art.text[s:e] for s, e in zip(art.starts, art.ends, strict=True)] == [k[0] for k in kept]
    assert art.starts == sorted(art.starts)


def test_empty_parentheses_of_removed_templates_are_dropped() -> None:
    # jawiki leads read '東京（{{lang-en|Tokyo}}）'; wikiextractor --no-templates leaves '東京（）'.
    resolve = LinkResolver(SITE)
    html_text = '<a href="%E6%9D%B1%E4%BA%AC">東京</a>（）は<a href="%E6%97%A5%E6%9C%AC">日本</a> () の首都。'
    art = parse_article(html_text, resolve)
    assert art.text == "東京は日本 の首都。"  # " ()" goes with the space before it, as in "Tokyo () is"
    assert [art.text[s:e] for s, e in zip(art.starts, art.ends, strict=True)] == ["東京", "日本"]
    kept = parse_article(html_text, resolve, drop_empty_parens=False)  # the original code's text
    assert kept.text == "東京（）は日本 () の首都。"
    assert [kept.text[s:e] for s, e in zip(kept.starts, kept.ends, strict=True)] == ["東京", "日本"]
