"""Small Wikidata dumps in both published formats, written from one list of entities."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

# qid -> {site: title}; titles exercise quoting, escapes, non-ASCII and parentheses.
ENTITIES: dict[str, dict[str, str]] = {
    "Q1": {"enwiki": "Universe", "jawiki": "宇宙", "swwiki": "Ulimwengu", "dewiki": "Universum"},
    "Q2": {"enwiki": "Earth", "jawiki": "地球"},
    "Q10": {"enwiki": "O'Brien's \"Pub\"", "jawiki": "オブライエン"},
    "Q11": {"enwiki": "Back\\slash", "swwiki": "Tab\there"},
    "Q12": {"enwiki": "Washington (state)", "jawiki": "ワシントン州"},
    "Q13": {"jawiki": "日本語だけ"},
    "Q14": {"enwiki": "(1,2,'enwiki','Fake')", "dewiki": "Nur ')' hier"},
    "Q15": {"dewiki": "Nur Deutsch"},
    "Q100": {"enwiki": "Category:Things", "jawiki": "Category:物"},
    "Q101": {"enwiki": "It''s doubled", "jawiki": "100% \\_ under"},
}
SITES = ("enwiki", "jawiki", "swwiki")


def expected_rows(sites: tuple[str, ...] = SITES) -> list[tuple[str, str, str]]:
    rows = [(q, s, t) for q, links in ENTITIES.items() for s, t in links.items() if s in sites]
    return sorted(rows, key=lambda r: (r[1], int(r[0][1:])))


def entity_line(qid: str, links: dict[str, str]) -> str:
    """One line as in the real dump: type and id first, claims with nested ids, sitelinks near the end."""
    obj = {
        "type": "item",
        "id": qid,
        "labels": {"en": {"language": "en", "value": f'label "sitelinks": {{ of {qid}'}},
        "claims": {
            "P31": [
                {
                    "mainsnak": {
                        "snaktype": "value",
                        "property": "P31",
                        "datavalue": {"value": {"entity-type": "item", "numeric-id": 5, "id": "Q5"}},
                    },
                    "id": f"{qid}$abc",
                }
            ]
        },
        "sitelinks": {s: {"site": s, "title": t, "badges": []} for s, t in links.items()},
        "lastrevid": 7,
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def json_dump_bytes(extra_lines: tuple[str, ...] = ()) -> bytes:
    lines = ["["]
    lines += [entity_line(q, links) + "," for q, links in ENTITIES.items()]
    lines.append('{"type":"property","id":"P31","datatype":"wikibase-item","labels":{}},')
    lines.append('{"type":"lexeme","id":"L1","lemmas":{}},')
    lines += list(extra_lines)
    lines[-1] = lines[-1].rstrip(",")
    lines.append("]")
    return ("\n".join(lines) + "\n").encode()


def mysql_quote(value: str, doubled: bool = False) -> str:
    out = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    out = out.replace("'", "''") if doubled else out.replace("'", "\\'").replace('"', '\\"')
    return "'" + out + "'"


def sql_dump_bytes(per_statement: int = 3, doubled: bool = False) -> bytes:
    rows = []
    row_id = 0
    for q, links in ENTITIES.items():
        for s, t in links.items():
            row_id += 1
            rows.append(f"({row_id},{q[1:]},{mysql_quote(s)},{mysql_quote(t, doubled)})")
    head = [
        "-- MySQL dump 10.19  Distrib 10.3.38-MariaDB, for debian-linux-gnu (x86_64)",
        "DROP TABLE IF EXISTS `wb_items_per_site`;",
        "CREATE TABLE `wb_items_per_site` (",
        "  `ips_row_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,",
        "  `ips_item_id` int(10) unsigned NOT NULL,",
        "  `ips_site_id` varbinary(32) NOT NULL,",
        "  `ips_site_page` varbinary(310) NOT NULL,",
        "  PRIMARY KEY (`ips_row_id`)",
        ") ENGINE=InnoDB DEFAULT CHARSET=binary;",
        "LOCK TABLES `wb_items_per_site` WRITE;",
    ]
    body = [
        "INSERT INTO `wb_items_per_site` VALUES " + ",".join(rows[i : i + per_statement]) + ";"
        for i in range(0, len(rows), per_statement)
    ]
    tail = ["UNLOCK TABLES;", "-- Dump completed on 2023-10-02  1:02:03"]
    return ("\n".join(head + body + tail) + "\n").encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".bz2":
        path.write_bytes(bz2.compress(data))
    elif path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path
