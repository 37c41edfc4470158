"""Helpers for the demo-world tests: make a small world, read its XML back with a real XML parser."""

from __future__ import annotations

import bz2
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from leia.demo.world import WorldSummary, write_world

SIZE = 80
LANGS = ["ja", "sw"]
DATE, WD = "20231001", "20231002"


def make(out: Path, seed: int = 0, size: int = SIZE, langs: list[str] | None = None) -> WorldSummary:
    return write_world(out, seed=seed, size=size, languages=langs or LANGS, date=DATE, wikidata_date=WD)


def xml_path(root: Path, lang: str) -> Path:
    return root / f"{lang}wiki" / DATE / f"{lang}wiki-{DATE}-pages-articles-multistream.xml.bz2"


NS = "{http://www.mediawiki.org/xml/export-0.11/}"


@dataclass
class Parsed:
    siteinfo: ET.Element
    pages: list[dict]


def parse_dump(path: Path) -> Parsed:
    siteinfo = None
    pages = []
    with bz2.open(path, "rb") as f:
        for _, el in ET.iterparse(f, events=("end",)):
            if el.tag == NS + "siteinfo":
                siteinfo = el
            elif el.tag == NS + "page":
                rev = el.find(NS + "revision")
                redirect = el.find(NS + "redirect")
                text = rev.find(NS + "text")
                pages.append(
                    {
                        "title": el.findtext(NS + "title"),
                        "ns": int(el.findtext(NS + "ns")),
                        "id": int(el.findtext(NS + "id")),
                        "redirect": None if redirect is None else redirect.get("title"),
                        "rev": {c.tag.removeprefix(NS): c for c in rev},
                        "text": text.text or "",
                        "bytes": int(text.get("bytes")),
                        "space": text.get("{http://www.w3.org/XML/1998/namespace}space"),
                        "sha1": rev.findtext(NS + "sha1"),
                    }
                )
    assert siteinfo is not None
    return Parsed(siteinfo, pages)
