"""Wikidata's inter-language links in both published forms: the JSON entity dump
(`wikidata-{wd}-all.json.bz2|gz`) and the `wb_items_per_site` MySQL table dump (`.sql.gz`)."""

from __future__ import annotations

import bz2
import gzip
import os
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson

from leia.demo.kb import KB
from leia.demo.lexicon import OCCUPATIONS
from leia.demo.namespaces import wiki_info
from leia.demo.specials import Special

_CLASS = {"person": 5, "city": 515, "country": 6256, "organization": 43229, "work": 17537576}
_SPECIAL_CLASS = {
    0: 13406463,
    4: 14204246,
    10: 11266439,
    14: 4167836,
    100: 4663903,
}  # list, project, template…
_CLASS_LABEL = {
    5: "human", 515: "city", 6256: "country", 43229: "organization", 17537576: "creative work",
    13406463: "Wikimedia list article", 14204246: "Wikimedia project page", 11266439: "Wikimedia template",
    4167836: "Wikimedia category", 4663903: "Wikimedia portal",
}  # fmt: skip
BZ2_STREAM_BYTES = 900_000  # like lbzip2/pbzip2 output: concatenated streams


def sitelinks(kb: KB, specials: list[Special], rnd: random.Random) -> list[tuple[str, dict[str, str]]]:
    """(qid, {site: title}) for every item with sitelinks, in QID order. Entities also link sites we do
    not write dumps for (dewiki, commonswiki, enwikiquote), as real items do."""
    out: list[tuple[str, dict[str, str]]] = []
    for e in kb.entities:
        links = {f"{w}wiki": e.titles[w] for w in e.pages if w not in e.unconnected}
        if "en" in e.titles:
            en = e.titles["en"]
            if rnd.random() < 0.3:
                links["dewiki"] = en
            if rnd.random() < 0.2:
                links["commonswiki"] = f"Category:{en}"
            if e.type == "person" and rnd.random() < 0.1:
                links["enwikiquote"] = en
        out.append((e.qid, dict(sorted(links.items()))))
    for s in specials:
        links = {f"{w}wiki": wiki_info(w).prefix(ns) + t for w, (ns, t) in s.titles.items()}
        out.append((s.qid, dict(sorted((links | s.extra_sitelinks).items()))))
    return out


def _entity(
    qid: str, labels: dict[str, str], desc: str, cls: int | None, links: dict[str, str], n: int
) -> dict:
    claims = {}
    if cls is not None:
        claims["P31"] = [
            {
                "mainsnak": {
                    "snaktype": "value",
                    "property": "P31",
                    "datavalue": {
                        "value": {"entity-type": "item", "numeric-id": cls, "id": f"Q{cls}"},
                        "type": "wikibase-entityid",
                    },
                    "datatype": "wikibase-item",
                },
                "type": "statement",
                "id": f"{qid}$0D2C8A1E-{n:04X}-4C5B-9F1B-{cls:012X}",
                "rank": "normal",
            }
        ]
    return {
        "type": "item",
        "id": qid,
        "labels": {k: {"language": k, "value": v} for k, v in labels.items()},
        "descriptions": {"en": {"language": "en", "value": desc}} if desc else {},
        "aliases": {},
        "claims": claims,
        "sitelinks": {site: {"site": site, "title": t, "badges": []} for site, t in links.items()},
        "pageid": 100 + n,
        "ns": 0,
        "title": qid,
        "lastrevid": 1_900_000_000 + n,
        "modified": "2023-09-27T10:11:12Z",
    }


def json_lines(kb: KB, specials: list[Special], links: list[tuple[str, dict[str, str]]]) -> list[bytes]:
    """One JSON object per entity, classes first, the property P31 last."""
    rows: list[bytes] = []
    for n, cls in enumerate(sorted(_CLASS_LABEL)):
        rows.append(orjson.dumps(_entity(f"Q{cls}", {"en": _CLASS_LABEL[cls]}, "", None, {}, n)))
    by_qid = dict(links)
    for n, e in enumerate(kb.entities, start=len(rows)):
        desc = OCCUPATIONS[e.occupation] if e.type == "person" else e.type
        rows.append(orjson.dumps(_entity(e.qid, e.names, desc, _CLASS[e.type], by_qid[e.qid], n)))
    for n, s in enumerate(specials, start=len(rows)):
        ns, title = s.titles.get("en", next(iter(s.titles.values())))
        cls = _CLASS["work"] if s.key == "escape" else _SPECIAL_CLASS[ns]
        rows.append(orjson.dumps(_entity(s.qid, {"en": title}, "", cls, by_qid[s.qid], n)))
    prop = {
        "type": "property", "datatype": "wikibase-item", "id": "P31",
        "labels": {"en": {"language": "en", "value": "instance of"}}, "descriptions": {}, "aliases": {},
        "claims": {}, "pageid": 3918489, "ns": 120, "title": "Property:P31", "lastrevid": 1_990_000_000,
        "modified": "2023-09-01T00:00:00Z",
    }  # fmt: skip
    rows.append(orjson.dumps(prop))
    return rows


def _bz2_multistream(data: bytes) -> bytes:
    parts = [data[i : i + BZ2_STREAM_BYTES] for i in range(0, len(data), BZ2_STREAM_BYTES)] or [b""]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return b"".join(pool.map(lambda p: bz2.compress(p, 9), parts))


def write_json_dump(rows: list[bytes], bz2_path: Path, gz_path: Path) -> None:
    """`[`, one entity per line ending in `,` (except the last), `]` — the layout of the real dump."""
    data = b"[\n" + b",\n".join(rows) + b"\n]\n"
    bz2_path.write_bytes(_bz2_multistream(data))
    gz_path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


_MYSQL_ESC = str.maketrans(
    {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\0": "\\0", "\x1a": "\\Z"}
)
SQL_STATEMENT_BYTES = (
    8_000  # mysqldump splits multi-row INSERTs (real ones at ~1 MB; small here so the demo has many)
)


def sql_dump_text(links: list[tuple[str, dict[str, str]]], wd_date: str) -> str:
    rows = [(int(qid[1:]), site, title) for qid, sl in links for site, title in sl.items()]
    head = f"""-- MySQL dump 10.19  Distrib 10.3.38-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 10.64.48.109    Database: wikidatawiki
-- ------------------------------------------------------
-- Server version\t10.4.29-MariaDB-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `wb_items_per_site`
--

DROP TABLE IF EXISTS `wb_items_per_site`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8 */;
CREATE TABLE `wb_items_per_site` (
  `ips_row_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `ips_item_id` int(10) unsigned NOT NULL,
  `ips_site_id` varbinary(32) NOT NULL,
  `ips_site_page` varbinary(310) NOT NULL,
  PRIMARY KEY (`ips_row_id`),
  UNIQUE KEY `wb_ips_item_site_page` (`ips_site_id`,`ips_site_page`),
  KEY `wb_ips_item_id` (`ips_item_id`)
) ENGINE=InnoDB AUTO_INCREMENT={len(rows) + 1} DEFAULT CHARSET=binary ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `wb_items_per_site`
--

LOCK TABLES `wb_items_per_site` WRITE;
/*!40000 ALTER TABLE `wb_items_per_site` DISABLE KEYS */;
"""
    out = [head]
    stmt: list[str] = []
    size = 0
    for row_id, (item, site, title) in enumerate(rows, start=1):
        value = f"({row_id},{item},'{site}','{title.translate(_MYSQL_ESC)}')"
        stmt.append(value)
        size += len(value) + 1
        if size >= SQL_STATEMENT_BYTES:
            out.append("INSERT INTO `wb_items_per_site` VALUES " + ",".join(stmt) + ";\n")
            stmt, size = [], 0
    if stmt:
        out.append("INSERT INTO `wb_items_per_site` VALUES " + ",".join(stmt) + ";\n")
    y, m, d = wd_date[:4], wd_date[4:6], wd_date[6:]
    out.append(f"""/*!40000 ALTER TABLE `wb_items_per_site` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on {y}-{m}-{d}  3:12:45
""")
    return "".join(out)


def write_sql_dump(links: list[tuple[str, dict[str, str]]], path: Path, wd_date: str) -> None:
    path.write_bytes(gzip.compress(sql_dump_text(links, wd_date).encode("utf-8"), compresslevel=6, mtime=0))
