"""Wikidata in both published forms: every JSON line parses, and the SQL dump has the same sitelinks."""

from __future__ import annotations

import bz2
import gzip
import json
import re

import pytest

from demo.helpers import WD

_ROW = re.compile(r"\((\d+),(\d+),'((?:[^'\\]|\\.)*)','((?:[^'\\]|\\.)*)'\)")
_UNESC = {"0": "\0", "n": "\n", "r": "\r", "Z": "\x1a"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESC.get(m.group(1), m.group(1)), s)


def json_sitelinks(path, opener) -> set[tuple[str, str, str]]:
    with opener(path, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0] == "[" and lines[-2] == "]" and lines[-1] == ""
    body = lines[1:-2]
    assert all(line.endswith(",") for line in body[:-1]) and not body[-1].endswith(",")
    out = set()
    for line in body:
        e = json.loads(line.removesuffix(","))
        assert e["type"] in ("item", "property") and re.fullmatch(r"[QP]\d+", e["id"])
        for site, link in e.get("sitelinks", {}).items():
            assert set(link) == {"site", "title", "badges"} and link["site"] == site
            out.add((e["id"], site, link["title"]))
    return out


def sql_sitelinks(path) -> set[tuple[str, str, str]]:
    text = gzip.open(path, "rt", encoding="utf-8").read()
    assert "CREATE TABLE `wb_items_per_site`" in text and "DROP TABLE IF EXISTS `wb_items_per_site`;" in text
    inserts = [
        line for line in text.splitlines() if line.startswith("INSERT INTO `wb_items_per_site` VALUES (")
    ]
    assert len(inserts) >= 2 and all(line.endswith(");") for line in inserts)
    rows = [m.groups() for line in inserts for m in _ROW.finditer(line)]
    ids = [int(r[0]) for r in rows]
    assert ids == list(range(1, len(rows) + 1))
    return {(f"Q{item}", site, _unescape(title)) for _, item, site, title in rows}


@pytest.fixture(scope="module")
def links(world):
    ent = world.out / "wikidatawiki" / "entities" / WD
    a = json_sitelinks(ent / f"wikidata-{WD}-all.json.bz2", bz2.open)
    b = json_sitelinks(ent / f"wikidata-{WD}-all.json.gz", gzip.open)
    assert a == b
    return a


def test_sql_dump_has_the_json_sitelinks(world, links) -> None:
    sql = world.out / "wikidatawiki" / WD / f"wikidatawiki-{WD}-wb_items_per_site.sql.gz"
    assert sql_sitelinks(sql) == links
    assert len(links) == world.sitelinks


def test_sitelinks_cover_the_cases_the_filters_handle(links) -> None:
    sites = {s for _, s, _ in links}
    assert {"enwiki", "jawiki", "swwiki", "dewiki", "commonswiki"} <= sites
    en = {t for _, s, t in links if s == "enwiki"}
    assert any(t.startswith("List of ") for t in en)
    assert any(t.startswith("Category:") for t in en) and any(t.startswith("Template:") for t in en)
    assert any(re.search(r" \([^()]+\)$", t) for t in en)
    assert any("'" in t and "\\" in t and '"' in t for t in en)  # MySQL escaping is exercised
    # target-language articles whose English sitelink is not an article (Category:/Template:/Portal:)
    by_item: dict[str, dict[str, str]] = {}
    for q, s, t in links:
        by_item.setdefault(q, {})[s] = t
    bridged = [d for d in by_item.values() if ":" not in d.get("jawiki", ":") and ":" in d.get("enwiki", "")]
    assert len(bridged) >= 3


def test_kb_matches_sitelinks(world, links) -> None:
    kb = [json.loads(line) for line in (world.out / "kb" / "entities.jsonl").read_text().splitlines()]
    for e in kb:
        for lang in e["pages"]:
            connected = lang not in e["unconnected"]
            assert ((e["qid"], f"{lang}wiki", e["titles"][lang]) in links) == connected
