"""extract: wikiextractor on hand-made dumps -> Parquet per design §3; damaged input -> errors with places."""

from __future__ import annotations

import bz2
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from mwxml import SAMPLE, Page, dump_xml, write_dump

from leia.contract import ARTICLE_ENDS
from leia.corpus.anchors import LinkResolver
from leia.corpus.decompress import open_dump
from leia.corpus.extract import (
    SCHEMA,
    ExtractStats,
    XmlEnd,
    _batches,
    extract_dump,
    read_siteinfo,
)
from leia.corpus.redirects import extract_redirects
from leia.corpus.titles import parse_siteinfo
from leia.errors import InputError


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], ExtractStats]:
    tmp = tmp_path_factory.mktemp("extract")
    dump = write_dump(tmp / "jawiki-20231001-pages-articles-multistream.xml.bz2", SAMPLE)
    stats = extract_dump(dump, tmp / "ja.parquet", lang="ja", processes=1)
    table = pq.read_table(tmp / "ja.parquet")
    assert table.schema.equals(SCHEMA)
    return table.to_pylist(), stats


def test_articles_and_anchors(extracted: tuple[list[dict], ExtractStats]) -> None:
    rows, stats = extracted
    by_title = {r["title"]: r for r in rows}
    # Redirects and other namespaces are not articles.
    assert set(by_title) == {"東京", "日本", "アジア"}
    assert stats.articles == 3
    tokyo = by_title["東京"]
    assert isinstance(tokyo["id"], int) and tokyo["id"] == 1
    assert "<a" not in tokyo["text"] and "href" not in tokyo["text"]
    anchors = [
        (tokyo["text"][s:e], t)
        for s, e, t in zip(tokyo["anchor_start"], tokyo["anchor_end"], tokyo["anchor_target"], strict=True)
    ]
    assert anchors == [
        ("日本", "日本"),
        ("都", "首都"),
        ("庁舎", "東京都庁"),  # fragment cut
        ("大阪", "大阪"),  # w: prefix
        ("名古屋", "名古屋"),  # full URL to the same wiki
        ("東京タワー", "Tokyo tower"),  # _ -> space, first letter upper-cased
    ]
    # Labels of dropped links stay in the text.
    for label in ("歴史", "外部", "東"):
        assert label in tokyo["text"]
    assert stats.dropped[0] == 1  # #歴史
    assert stats.dropped[1] >= 2  # example.com, wikt:
    assert stats.anchors == sum(len(r["anchor_start"]) for r in rows)


def test_siteinfo_read_from_dump(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.xml.bz2", SAMPLE[:2], case="case-sensitive", lang="en")
    site = read_siteinfo(dump)
    assert (site.lang, site.case, site.host) == ("en", "case-sensitive", "en.wikipedia.org")
    assert site.namespaces["category"] == 14


def test_no_articles_is_an_error(tmp_path: Path) -> None:
    # Without <namespace key="10"> wikiextractor silently writes nothing.
    dump = write_dump(tmp_path / "jawiki.xml.bz2", SAMPLE, template_ns=False)
    out = tmp_path / "ja.parquet"
    with pytest.raises(InputError, match="no articles") as e:
        extract_dump(dump, out, lang="ja", processes=1)
    assert str(dump) in str(e.value)
    assert not out.exists()


def test_wrong_language_dump(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "x.xml.bz2", SAMPLE, lang="en")
    with pytest.raises(InputError, match="enwiki"):
        extract_dump(dump, tmp_path / "ja.parquet", lang="ja", processes=1)


def test_truncated_bz2_names_file_and_offset(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", SAMPLE * 5, per_stream=100)
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) - 200])
    out = tmp_path / "ja.parquet"
    with pytest.raises(InputError, match="truncated") as e:
        extract_dump(dump, out, lang="ja", processes=1)
    msg = str(e.value)
    assert str(dump) in msg and f"byte {len(data) - 200}" in msg
    assert not out.exists()


def _cut_export(tmp_path: Path, keep_lines: int) -> tuple[Path, str]:
    """A complete bz2 file holding the first `keep_lines` lines of an export (a partial download
    recompressed), like `head -n N jawiki-…xml | bzip2`."""
    header, body = dump_xml(SAMPLE * 3)
    lines = (header + "".join(body) + "</mediawiki>\n").splitlines(keepends=True)
    text = "".join(lines[:keep_lines])
    dump = tmp_path / "jawiki-20231001-pages-articles-multistream.xml.bz2"
    dump.write_bytes(bz2.compress(text.encode("utf-8")))
    return dump, text


def _page_start_line(text: str) -> int:
    lines = text.splitlines()
    return max(i for i, line in enumerate(lines, 1) if line.strip() == "<page>")


def test_export_cut_inside_a_page_is_an_error(tmp_path: Path) -> None:
    header_lines = dump_xml([])[0].count("\n")
    dump, text = _cut_export(tmp_path, header_lines + 25)  # stops inside the second page, no closing tags
    assert not text.rstrip().endswith("</page>")
    out = tmp_path / "ja.parquet"
    with pytest.raises(InputError, match="incomplete XML export") as e:
        extract_dump(dump, out, lang="ja", processes=1)
    msg = str(e.value)
    assert str(dump) in msg
    assert (
        f"stops at line {header_lines + 25} inside the <page> that starts at line {_page_start_line(text)}"
        in msg
    )
    assert not out.exists()


def test_multistream_cut_at_a_stream_boundary_is_an_error(tmp_path: Path) -> None:
    # Every bz2 stream is whole, so only the missing </mediawiki> shows the export is partial.
    header, body = dump_xml(SAMPLE)
    dump = tmp_path / "jawiki.xml.bz2"
    dump.write_bytes(
        b"".join(bz2.compress(s.encode()) for s in [header, "".join(body[:4]), "".join(body[4:6])])
    )
    out = tmp_path / "ja.parquet"
    with pytest.raises(
        InputError, match=r"after the last complete </page>, with no closing </mediawiki>"
    ) as e:
        extract_dump(dump, out, lang="ja", processes=1)
    assert str(dump) in str(e.value) and not out.exists()


def test_multistream_cut_mid_stream_is_an_error(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", SAMPLE * 5, per_stream=3)
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) // 2])
    out = tmp_path / "ja.parquet"
    with pytest.raises(InputError, match="truncated: the file ends at byte") as e:
        extract_dump(dump, out, lang="ja", processes=1)
    assert str(dump) in str(e.value) and not out.exists()


def test_xml_end_sees_tags_split_across_chunks() -> None:
    header, body = dump_xml(SAMPLE)
    for text, complete in (
        (header + "".join(body) + "</mediawiki>\n", True),
        (header + "".join(body)[:-40], False),
    ):
        data = text.encode("utf-8")
        whole, pieces = XmlEnd(), XmlEnd()
        whole.feed(data)
        for i in range(0, len(data), 5):
            pieces.feed(data[i : i + 5])
        assert (whole.problem() is None) == complete
        assert pieces.problem() == whole.problem() and pieces.lines == data.count(b"\n")
    assert XmlEnd().problem() is not None  # empty text


def test_corrupt_bz2_names_offset(tmp_path: Path) -> None:
    pages = [Page(f"記事{i}", f"本文 {i} " * 200 + "[[日本]]") for i in range(40)]
    dump = write_dump(tmp_path / "jawiki.xml.bz2", pages, per_stream=10)
    data = bytearray(dump.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 64] = bytes(64)
    dump.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"corrupt bz2 data .* stream starting at byte \d+") as e:
        extract_dump(dump, tmp_path / "ja.parquet", lang="ja", processes=1)
    assert str(dump) in str(e.value)


def test_multistream_reader_round_trip(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.xml.bz2", SAMPLE, per_stream=1)
    with open_dump(dump) as f:
        assert f.read() == bz2.decompress(dump.read_bytes())


def test_article_end_blank_line_as_the_originals_doc_format(tmp_path: Path) -> None:
    """extract.article_end blank_line: each text ends as the original read it from wikiextractor's
    <doc> format (the last paragraph's newline and the blank line before </doc>); anchors unchanged."""
    dump = write_dump(tmp_path / "jawiki-20231001-pages-articles-multistream.xml.bz2", SAMPLE)
    extract_dump(dump, tmp_path / "none.parquet", lang="ja", processes=1)
    extract_dump(
        dump, tmp_path / "blank.parquet", lang="ja", processes=1, article_end=ARTICLE_ENDS["blank_line"]
    )
    plain, blank = (pq.read_table(tmp_path / f"{n}.parquet").to_pylist() for n in ("none", "blank"))
    assert [r["text"] + "\n\n" for r in plain] == [r["text"] for r in blank]
    assert all(not r["text"].endswith("\n") for r in plain)
    for a, b in zip(plain, blank, strict=True):
        assert (a["anchor_start"], a["anchor_end"]) == (b["anchor_start"], b["anchor_end"])


def test_malformed_records_skipped_and_counted(tmp_path: Path) -> None:
    with open_dump(write_dump(tmp_path / "d.xml.bz2", [])) as f:
        site = parse_siteinfo(f.read().decode(), "x")
    lines = [
        b'{"id": "7", "title": "A", "text": "x <a href=\\"B\\">b</a>"}\n',
        b"{not json\n",
        b'{"id": "x", "title": "C", "text": "t"}\n',
        b'{"id": "9", "title": "D"}\n',
        b'{"id": "10", "title": "E", "text": "   "}\n',
    ]
    stats = ExtractStats()
    batches = list(_batches(iter(lines), LinkResolver(site), stats, Path("dump.bz2")))
    assert batches[0]["id"] == [7] and batches[0]["anchor_target"] == [["B"]]
    assert (stats.articles, stats.skipped_malformed, stats.skipped_empty) == (1, 3, 1)


def test_redirects_written_in_the_same_pass(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", SAMPLE * 2, per_stream=3)
    stats = extract_dump(
        dump, tmp_path / "ja.parquet", lang="ja", processes=1, redirects_out=tmp_path / "r.parquet"
    )
    alone = extract_redirects(dump, tmp_path / "alone.parquet")
    assert stats.redirects == alone and alone.redirects == 2
    assert (tmp_path / "r.parquet").read_bytes() == (tmp_path / "alone.parquet").read_bytes()


def test_malformed_xml_in_the_same_pass_writes_nothing(tmp_path: Path) -> None:
    header, body = dump_xml(SAMPLE)
    bad = "".join(body).replace("</page>", "</pag>", 2)
    dump = tmp_path / "jawiki.xml.bz2"
    dump.write_bytes(bz2.compress((header + bad + "</mediawiki>\n").encode()))
    out, red = tmp_path / "ja.parquet", tmp_path / "r.parquet"
    with pytest.raises(InputError, match=r"malformed XML at line \d+, column \d+") as e:
        extract_dump(dump, out, lang="ja", processes=1, redirects_out=red)
    assert str(dump) in str(e.value) and not out.exists() and not red.exists()
