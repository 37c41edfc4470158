from __future__ import annotations

import logging
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from wikidata_fixtures import (
    ENTITIES,
    SITES,
    entity_line,
    expected_rows,
    json_dump_bytes,
    sql_dump_bytes,
    write,
)

from leia.corpus.sitelinks import SCHEMA, dump_path, read_sitelinks, site_id, write_sitelinks
from leia.corpus.sqldump import parse_sql_chunk, unescape
from leia.corpus.wdjson import parse_json_chunk
from leia.errors import InputError


def _rows(table) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    d = table.to_pydict()
    return list(zip(d["qid"], d["site"], d["title"], strict=True))


@pytest.mark.parametrize(
    ("source", "name", "data"),
    [
        ("json", "wikidata-20231002-all.json.bz2", json_dump_bytes()),
        ("json", "wikidata-20231002-all.json.gz", json_dump_bytes()),
        ("sql", "wikidatawiki-20231002-wb_items_per_site.sql.gz", sql_dump_bytes()),
        ("sql", "doubled-quotes.sql.gz", sql_dump_bytes(doubled=True)),
        ("sql", "one-row-per-statement.sql.gz", sql_dump_bytes(per_statement=1)),
    ],
)
@pytest.mark.parametrize("processes", [1, 2])
def test_sources_give_the_expected_map(
    tmp_path: Path, source: str, name: str, data: bytes, processes: int
) -> None:
    path = write(tmp_path / name, data)
    table, stats = read_sitelinks(path, source, SITES, processes=processes, chunk_bytes=300)
    assert table.schema == SCHEMA
    assert _rows(table) == expected_rows()
    assert stats["malformed_lines"] == 0
    assert stats["rows_per_site"] == {"enwiki": 8, "jawiki": 7, "swwiki": 2}


def test_json_and_sql_identical_and_written_atomically(tmp_path: Path) -> None:
    j = write(tmp_path / "a.json.bz2", json_dump_bytes())
    s = write(tmp_path / "a.sql.gz", sql_dump_bytes())
    tj, _ = read_sitelinks(j, "json", SITES, processes=1)
    ts, _ = read_sitelinks(s, "sql", SITES, processes=1)
    assert tj.equals(ts)
    write_sitelinks(tj, tmp_path / "out" / "sitelinks.parquet")
    assert pq.read_table(tmp_path / "out" / "sitelinks.parquet").equals(tj)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["sitelinks.parquet"]


def test_other_site_subset(tmp_path: Path) -> None:
    s = write(tmp_path / "a.sql.gz", sql_dump_bytes())
    table, _ = read_sitelinks(s, "sql", ("dewiki",), processes=1)
    assert _rows(table) == expected_rows(("dewiki",))
    assert ("Q14", "dewiki", "Nur ')' hier") in _rows(table)


def test_malformed_json_lines_skipped_counted_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = entity_line("Q77", {"enwiki": "Seventy-seven", "jawiki": "七十七"})
    broken = [
        entity_line("Q78", {"enwiki": "Cut off"})[:-20] + ",",  # truncated line
        '{"type":"item","id":"Q79","sitelinks":{"enwiki":{"site":"enwiki","title":"Bad"},},',  # bad JSON
        "not json at all,",
    ]
    path = write(tmp_path / "w.json.gz", json_dump_bytes(tuple(broken) + (good + ",",)))
    with caplog.at_level(logging.WARNING):
        table, stats = read_sitelinks(path, "json", SITES, processes=1)
    assert stats["malformed_lines"] == 3
    first_bad = len(ENTITIES) + 4  # "[" + entities + property + lexeme, 1-based
    assert [r.getMessage().split("line ")[1].split()[0] for r in caplog.records[:3]] == [
        str(first_bad),
        str(first_bad + 1),
        str(first_bad + 2),
    ]
    rows = _rows(table)
    assert ("Q77", "jawiki", "七十七") in rows
    assert not any(q in ("Q78", "Q79") for q, _, _ in rows)


def test_json_fast_path_falls_back_when_id_or_sitelinks_order_differs() -> None:
    # sitelinks before claims, and the id after a nested object: must still be exact.
    line = (
        b'{"type":"item","labels":{"en":{"language":"en","value":"x"}},'
        b'"sitelinks":{"jawiki":{"site":"jawiki","title":"\\u65e5"}},'
        b'"claims":{"P1":[{"mainsnak":{"datavalue":{"value":{"id":"Q5"}}},"id":"Q9$1"}]},"id":"Q9"},\n'
    )
    r = parse_json_chunk(line, ("jawiki",))
    assert (r.qids, r.sites, r.titles, r.bad) == (["Q9"], ["jawiki"], ["日"], [])


def test_json_skips_lines_without_wanted_sites_without_parsing() -> None:
    # A broken line that names no wanted site is never parsed, so it is not reported (only sitelinks count).
    r = parse_json_chunk(
        b'{"type":"item","id":"Q1","sitelinks":{"dewiki":{"title":"x"}}BROKEN}\n', ("enwiki",)
    )
    assert (r.qids, r.bad, r.records) == ([], [], 1)


def test_zero_parseable_entities_is_error(tmp_path: Path) -> None:
    path = write(tmp_path / "w.json.bz2", b"[\nnot an entity,\nneither,\n]\n")
    with pytest.raises(InputError, match="no parseable entity in 4 lines"):
        read_sitelinks(path, "json", SITES, processes=1)
    sql = write(tmp_path / "w.sql.gz", b"-- nothing\nCREATE TABLE x (a int);\n")
    with pytest.raises(InputError, match="no parseable INSERT"):
        read_sitelinks(sql, "sql", SITES, processes=1)


def test_site_without_any_sitelink_is_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.sql.gz", sql_dump_bytes())
    with pytest.raises(InputError, match="no sitelinks at all for xxwiki"):
        read_sitelinks(path, "sql", ("enwiki", "xxwiki"), processes=1)


def test_truncated_dump_is_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json.gz", json_dump_bytes() * 20)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 30])
    with pytest.raises(InputError, match="corrupt or truncated gz"):
        read_sitelinks(path, "json", SITES, processes=2)


def test_sql_cut_off_statement_is_skipped(tmp_path: Path) -> None:
    data = sql_dump_bytes(per_statement=100)
    cut = data.replace(b");\nUNLOCK", b"),(99,99,'enwiki','Half\nUNLOCK")
    r = parse_sql_chunk(cut, SITES)
    assert r.records == 0 and len(r.bad) == 1


def test_sql_regex_never_matches_inside_a_string() -> None:
    line = (
        b"INSERT INTO `wb_items_per_site` VALUES "
        b"(1,5,'dewiki','a\\'),(2,6,\\'enwiki\\',\\'x\\')'),(3,7,'enwiki','ok');\n"
    )
    r = parse_sql_chunk(line, ("enwiki",))
    assert (r.qids, r.titles) == (["Q7"], ["ok"])


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"plain", b"plain"),
        (b"O\\'Brien", b"O'Brien"),
        (b"It''s", b"It's"),
        (b"a\\\\b", b"a\\b"),
        (b"l1\\nl2\\tt\\r\\0\\Z", b"l1\nl2\tt\r\x00\x1a"),
        (b'\\"q\\"', b'"q"'),
        (b"100\\% \\_", b"100\\% \\_"),
        (b"\\x", b"x"),
    ],
)
def test_mysql_unescape(raw: bytes, text: bytes) -> None:
    assert unescape(raw) == text


def test_paths_and_site_ids(tmp_path: Path) -> None:
    assert site_id("ja") == "jawiki" and site_id("zh-yue") == "zh_yuewiki"
    assert dump_path(tmp_path, "sql", "20231002").name == "wikidatawiki-20231002-wb_items_per_site.sql.gz"
    assert dump_path(tmp_path, "json", "20231002").name == "wikidata-20231002-all.json.bz2"
    write(tmp_path / "wikidata" / "wikidata-20231002-all.json.gz", b"[\n]\n")
    assert dump_path(tmp_path, "json", "20231002").name == "wikidata-20231002-all.json.gz"


def test_generated_world_json_and_sql_agree(tmp_path: Path) -> None:
    from leia.demo import world

    world.write_world(tmp_path / "w", seed=3, size=80, languages=["ja", "sw"], date="20231001",
                      wikidata_date="20231002")  # fmt: skip
    base = tmp_path / "w" / "wikidatawiki"
    sites = ("enwiki", "jawiki", "swwiki")
    tables = [
        read_sitelinks(
            base / "entities" / "20231002" / f"wikidata-20231002-all.json.{ext}", "json", sites, processes=p
        )[0]  # fmt: skip
        for ext, p in (("bz2", 2), ("gz", 1))
    ]
    sql = base / "20231002" / "wikidatawiki-20231002-wb_items_per_site.sql.gz"
    tables.append(read_sitelinks(sql, "sql", sites, processes=1)[0])
    assert tables[0].num_rows > 80
    assert tables[0].equals(tables[1]) and tables[0].equals(tables[2])
    assert set(tables[0].column("site").to_pylist()) == set(sites)
