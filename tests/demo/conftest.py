"""Small demo worlds shared by the tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leia.demo.world import WorldSummary, write_world

SIZE = 80
LANGS = ["ja", "sw"]
DATE, WD = "20231001", "20231002"


def make(out: Path, seed: int = 0, size: int = SIZE, langs: list[str] | None = None) -> WorldSummary:
    return write_world(out, seed=seed, size=size, languages=langs or LANGS, date=DATE, wikidata_date=WD)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> WorldSummary:
    return make(tmp_path_factory.mktemp("demo") / "mirror")


def xml_path(root: Path, lang: str) -> Path:
    return root / f"{lang}wiki" / DATE / f"{lang}wiki-{DATE}-pages-articles-multistream.xml.bz2"
