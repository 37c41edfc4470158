"""download -> extract -> redirects on a generated demo world, through the stages' code."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from leia.corpus.download import download_all
from leia.corpus.dumpfiles import wiki_dump_path
from leia.corpus.extract import extract_dump
from leia.corpus.redirects import extract_redirects
from leia.demo import world

DATE, WD = "20231001", "20231002"


def test_demo_world_through_download_extract_redirects(tmp_path: Path) -> None:
    summary = world.write_world(tmp_path / "mirror", seed=3, size=world.MIN_SIZE, languages=["ja"], date=DATE,
                                wikidata_date=WD)  # fmt: skip
    params = {
        "languages": ["ja"],
        "sources": {"local": {"demo": str(tmp_path / "mirror")}, "remote": {}},
        "dump": {"date": DATE, "wikidata_date": WD},
        "base_model": {"name_or_path": "demo", "pretrain_wikis": ["en"]},
        "download": {"out": str(tmp_path / "dumps"), "retries": 0, "timeout_s": 10},
        "sitelinks": {"source": "json"},
    }
    assert len(download_all(params)) == 3
    dump = wiki_dump_path(tmp_path / "dumps", "ja", DATE)
    stats = extract_dump(dump, tmp_path / "ja.parquet", lang="ja", processes=1)
    red = extract_redirects(dump, tmp_path / "ja-redirects.parquet")
    assert stats.articles == summary.articles["ja"] and stats.skipped_malformed == 0
    assert red.redirects + red.cycles_dropped == summary.redirects["ja"]
    rows = pq.read_table(tmp_path / "ja.parquet").to_pylist()
    titles = {r["title"] for r in rows}
    table = pq.read_table(tmp_path / "ja-redirects.parquet").to_pydict()
    redirects = dict(zip(table["source"], table["target"], strict=True))
    targets = [t for r in rows for t in r["anchor_target"]]
    assert targets, "the demo world's articles link to each other"
    resolved = sum((redirects.get(t, t) in titles) for t in targets)
    assert resolved / len(targets) > 0.9  # the rest are deliberate red links / redirect cycles
    assert all(not r["text"].count("<a ") for r in rows)
