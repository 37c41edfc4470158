"""The dump readers on excerpts of real dumps (tests/data/real/README.md says where each comes from).

The other corpus tests read dumps written by tests/corpus/mwxml.py or leia/demo; these files were written
by Wikimedia's own dump software, so a reader that only understands our writers fails here. Every expected
value below was read by eye from the excerpt, not produced by the code under test.
"""

from __future__ import annotations

import bz2
import re
from itertools import pairwise
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from wikidata_fixtures import write

from leia.corpus.decompress import open_dump
from leia.corpus.extract import ExtractStats, extract_dump, read_siteinfo
from leia.corpus.redirects import extract_redirects
from leia.corpus.sitelinks import read_sitelinks
from leia.corpus.titles import normalize_title
from leia.corpus.wdjson import _fast, parse_json_chunk

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
XML = (REAL / "enwiki-pages-articles-excerpt.xml").read_bytes()
ENTITY = (REAL / "wikidata-Q278.json").read_bytes().rstrip(b"\n")


def _multistream(path: Path) -> Path:
    """Compress the excerpt as Wikimedia's -multistream files are: the header, then each page, then the
    closing tag, every part its own bz2 stream (the bytes themselves unchanged)."""
    starts = [m.start() for m in re.finditer(rb"(?m)^  <page>$", XML)]
    bounds = [0, *starts, XML.rindex(b"</mediawiki>"), len(XML)]
    path.write_bytes(b"".join(bz2.compress(XML[a:b]) for a, b in pairwise(bounds)))
    return path


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _multistream(tmp_path_factory.mktemp("real") / "enwiki-pages-articles-multistream.xml.bz2")


@pytest.fixture(scope="module")
def extracted(dump: Path) -> tuple[dict[int, dict], ExtractStats]:
    out = dump.parent / "en.parquet"
    stats = extract_dump(dump, out, lang="en", processes=1)
    return {r["id"]: r for r in pq.read_table(out).to_pylist()}, stats


def test_multistream_reader_returns_the_excerpt(dump: Path) -> None:
    with open_dump(dump) as f:
        assert f.read() == XML


def test_siteinfo_of_a_real_dump(dump: Path) -> None:
    site = read_siteinfo(dump)
    assert (site.dbname, site.lang, site.host) == ("enwiki", "en", "en.wikipedia.org")
    assert site.case == "first-letter"
    assert site.namespaces["gadget definition"] == 2302 and site.namespaces["project"] == 4
    # The title of page 7697615, from a link written the lazy way.
    assert normalize_title("category:Protected_areas_of_Canada", site) == "Category:Protected areas of Canada"


def test_articles_of_a_real_dump(extracted: tuple[dict[int, dict], ExtractStats]) -> None:
    rows, stats = extracted
    # Redirects (Suzzana Owiyo, Penny-and-dime scam, Mr. & Mrs.) and pages outside the main namespace
    # (Wikipedia:DABMOS, Category:Protected areas of Canada) are not articles.
    assert {i: r["title"] for i, r in rows.items()} == {
        7697605: "Konica Minolta Cup",
        7697611: "Archer (typeface)",
        7697612: "Stockton Airport",
    }
    archer = rows[7697611]
    # '''bold''' markup, the {{Multiple issues}} and {{Infobox typeface}} templates, <ref>s and categories go.
    assert archer["text"].startswith(
        "Archer is a slab serif typeface designed in 2001 by Tobias Frere-Jones and Jonathan Hoefler for use "
        'in "Martha Stewart Living" magazine.'
    )
    for row in rows.values():
        for markup in ("[[", "{{", "&amp;", "&lt;", "Category:", "<ref"):
            assert markup not in row["text"], (row["title"], markup)
    anchors = [
        (archer["text"][s:e], t)
        for s, e, t in zip(archer["anchor_start"], archer["anchor_end"], archer["anchor_target"], strict=True)
    ]
    assert anchors == [
        ("slab serif", "Slab serif"),  # first letter upper-cased
        ("Tobias Frere-Jones", "Tobias Frere-Jones"),
        ("Jonathan Hoefler", "Jonathan Hoefler"),
        ("Martha Stewart Living", "Martha Stewart Living"),  # inside ''italics''
        ("Hoefler & Frere-Jones", "Hoefler & Frere-Jones"),  # [[Hoefler &amp; Frere-Jones]] in the XML
        ("geometric", "Slab serif"),  # [[Slab_serif#Geometric_model|geometric]]
        ("Rockwell", "Rockwell (typeface)"),
        ("Balls", "Ball terminal"),
        ("Italics", "Italic type"),
        ("Hoefler & Frere-Jones", "Hoefler & Frere-Jones"),
        ("Wells Fargo", "Wells Fargo"),
        ("San Francisco Chronicle", "San Francisco Chronicle"),
        ("Wes Anderson", "Wes Anderson"),
        ("The Grand Budapest Hotel", "The Grand Budapest Hotel"),
        ("Design Observer", "Design Observer"),
    ]
    # wikiextractor, run without --lists as the extract stage runs it, drops bulleted items: of a
    # disambiguation page only its lead lines stay, with no anchors.
    konica = rows[7697605]
    lead = "Konica Minolta Cup may refer to\nKonica Cup (before the Minolta merger) may refer to"
    assert konica["text"] == lead
    assert konica["anchor_start"] == []
    assert (stats.articles, stats.anchors, stats.dropped) == (3, 15, [0, 0, 0])


def test_redirects_of_a_real_dump(dump: Path) -> None:
    out = dump.parent / "redirects.parquet"
    stats = extract_redirects(dump, out)
    # Wikipedia:DABMOS (namespace 4) is left out; titles keep their diacritics and lose their XML escapes.
    assert pq.read_table(out).to_pylist() == [
        {"source": "Mr. & Mrs.", "target": "Mr & Mrs"},
        {"source": "Penny-and-dime scam", "target": "Coin rolling scams"},
        {"source": "Suzzana Owiyo", "target": "Suzanna Owíyo"},
    ]
    assert (stats.redirects, stats.chains_resolved, stats.cycles_dropped) == (3, 0, 0)


def test_sitelinks_of_a_real_wikidata_line() -> None:
    # As in the dump: one entity per line, ending with a comma.
    r = parse_json_chunk(ENTITY + b",\n", ("cvwiki", "enwiki", "jawiki", "nlwiki", "swwiki"))
    assert (r.records, r.bad, set(r.qids)) == (1, [], {"Q278"})
    assert dict(zip(r.sites, r.titles, strict=True)) == {
        "cvwiki": "Talisker (виски)",  # written as \u escapes in the line
        "enwiki": "Talisker distillery",
        "jawiki": "タリスカー蒸留所",
        "nlwiki": "Talisker (whisky)",
    }  # no swwiki sitelink on this item
    # The real line has the layout the fast path relies on (top-level id first, sitelinks near the end).
    fast = _fast(ENTITY, ENTITY.rfind(b'"sitelinks":'))
    assert fast is not None and fast[0] == "Q278" and fast[1]["jawiki"]["title"] == "タリスカー蒸留所"


@pytest.mark.parametrize("ext", ["bz2", "gz"])
def test_real_wikidata_line_through_read_sitelinks(tmp_path: Path, ext: str) -> None:
    path = write(tmp_path / f"wikidata-all.json.{ext}", b"[\n" + ENTITY + b"\n]\n")
    table, stats = read_sitelinks(path, "json", ("enwiki", "jawiki"), processes=1)
    assert table.to_pylist() == [
        {"qid": "Q278", "site": "enwiki", "title": "Talisker distillery"},
        {"qid": "Q278", "site": "jawiki", "title": "タリスカー蒸留所"},
    ]
    assert (stats["lines"], stats["records"], stats["malformed_lines"]) == (3, 1, 0)
