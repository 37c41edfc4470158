"""redirects: ns-0 redirects from the XML dump, chains resolved, cycles dropped and counted."""

from __future__ import annotations

import bz2
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from mwxml import SAMPLE, Page, siteinfo, write_dump

from leia.corpus.redirects import extract_redirects, resolve_chains
from leia.corpus.titles import parse_siteinfo
from leia.errors import InputError

SITE = parse_siteinfo(siteinfo("ja"), "ja.xml")


def test_redirects_from_dump(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", SAMPLE)
    out = tmp_path / "ja.parquet"
    stats = extract_redirects(dump, out)
    rows = pq.read_table(out).to_pylist()
    # 首都圏 -> 東京都 -> 東京 is resolved; 利用者:X (ns 2) is ignored; the two cycles are dropped.
    assert rows == [{"source": "東京都", "target": "東京"}, {"source": "首都圏", "target": "東京"}]
    assert stats.metrics() == {
        "redirects": 2,
        "chains_resolved": 1,
        "cycles_dropped": 3,
        "skipped_malformed": 0,
    }


def test_chain_resolution() -> None:
    raw = {
        "A": "b_title",  # normalised to "B title"
        "B title": "C#Section",  # fragment dropped
        "C": "D",
        "X": "Y",
        "Y": "Z",
        "Z": "X",  # cycle X -> Y -> Z -> X
        "W": "X",  # leads into the cycle
        "S": "S",  # self-redirect
    }
    out, stats = resolve_chains(raw, SITE)
    assert out == {"A": "D", "B title": "D", "C": "D"}
    assert (stats.redirects, stats.chains_resolved, stats.cycles_dropped) == (3, 2, 5)


def test_corrupt_xml_names_line(tmp_path: Path) -> None:
    header = siteinfo("ja")
    body = '  <page>\n    <title>A</title>\n    <ns>0</ns>\n    <redirect title="B" />\n  </pag>\n'
    dump = tmp_path / "jawiki.xml.bz2"
    dump.write_bytes(bz2.compress((header + body + "</mediawiki>\n").encode()))
    line = header.count("\n") + 5
    with pytest.raises(InputError, match=rf"malformed XML at line {line}, column \d+") as e:
        extract_redirects(dump, tmp_path / "ja.parquet")
    assert str(dump) in str(e.value)
    assert not (tmp_path / "ja.parquet").exists()


def test_truncated_dump(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", [Page("A", redirect="B")] * 50, per_stream=100)
    dump.write_bytes(dump.read_bytes()[:-100])
    with pytest.raises(InputError, match="truncated"):
        extract_redirects(dump, tmp_path / "ja.parquet")


def test_missing_dump(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="run the download stage first"):
        extract_redirects(tmp_path / "nope.xml.bz2", tmp_path / "ja.parquet")


def test_dump_without_pages(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "jawiki.xml.bz2", [])
    with pytest.raises(InputError, match="no <page> elements"):
        extract_redirects(dump, tmp_path / "ja.parquet")
