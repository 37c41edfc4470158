"""Names, mirror URLs and local paths of every dump file the pipeline uses (design §1–§2).

The mirror (`sources.local` or `sources.remote`) is an http(s) base URL, a `file://` URL, or a local
folder; local folders become `file://` URLs so downloading has one code path (urllib). Two layouts:

- `wikimedia` (dumps.wikimedia.org and its mirrors): `{base}/{db}/{date}/{file}`, with md5s in
  `{base}/{db}/{date}/{db}-{date}-md5sums.txt`.
- `archive_org` (the Internet Archive's Wikimedia dump items, which keep dates Wikimedia no longer
  serves): one item per dump, `{base}/{db}-{date}/{file}` with base https://archive.org/download, and
  the md5 of every file in the item's `{base}/{db}-{date}/{db}-{date}_files.xml`
  (`<file name=".." source="original"><md5>..</md5>`).

A mirror is a URL (the wikimedia layout) or a mapping `{url: .., layout: wikimedia | archive_org}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from leia.contract import LANG_CODE
from leia.errors import ParamError
from leia.params import dump_mirror, get, get_choice, get_list

WIKIMEDIA = "https://dumps.wikimedia.org"
ARCHIVE_ORG = "https://archive.org/download"
LAYOUTS = ("wikimedia", "archive_org")
SITELINK_SOURCES = ("json", "sql")


@dataclass(frozen=True)
class DumpFile:
    """One file to fetch: where it lives on the mirror, its md5sums file, and where it goes locally."""

    source: str  # "{lang}" for a Wikipedia dump, "wikidata" for the inter-language source
    remote_dir: str  # relative to the mirror root, e.g. "jawiki/20231001"
    name: str  # file name, identical on the mirror and locally
    md5sums: str  # name of the md5sums file in the same remote_dir
    local: Path  # destination

    @property
    def item(self) -> str:
        """The archive.org item holding this dump: "jawiki/20231001" → "jawiki-20231001"."""
        return self.remote_dir.replace("/", "-")

    def url(self, mirror: str, layout: str = "wikimedia") -> str:
        if layout == "archive_org":
            return join_url(mirror, self.item, self.name)
        return join_url(mirror, self.remote_dir, self.name)

    def md5sums_url(self, mirror: str, layout: str = "wikimedia") -> str:
        """Where the file's md5 is published: the run's md5sums file, or the archive item's _files.xml."""
        if layout == "archive_org":
            return join_url(mirror, self.item, f"{self.item}_files.xml")
        return join_url(mirror, self.remote_dir, self.md5sums)


def dbname(lang: str) -> str:
    """Wikipedia database name: 'ja' → 'jawiki', 'zh-yue' → 'zh_yuewiki'."""
    return lang.replace("-", "_") + "wiki"


def wiki_dump_name(lang: str, date: str) -> str:
    return f"{dbname(lang)}-{date}-pages-articles-multistream.xml.bz2"


def wiki_dump_path(out: str | Path, lang: str, date: str) -> Path:
    """Local path of a language's pages-articles dump (design §2)."""
    return Path(out) / lang / wiki_dump_name(lang, date)


def wikidata_file(source: str, wd: str, out: str | Path) -> DumpFile:
    """The inter-language source: the Wikidata JSON entity dump or the wb_items_per_site SQL table."""
    if source == "json":
        name, remote, md5 = (
            f"wikidata-{wd}-all.json.bz2",
            f"wikidatawiki/entities/{wd}",
            f"wikidata-{wd}-md5sums.txt",
        )
    else:
        name, remote = f"wikidatawiki-{wd}-wb_items_per_site.sql.gz", f"wikidatawiki/{wd}"
        md5 = f"wikidatawiki-{wd}-md5sums.txt"
    return DumpFile("wikidata", remote, name, md5, Path(out) / "wikidata" / name)


# The wikis the base model is pretrained on here: the demo base model learns the facts from the English
# articles; a pretrained model needs no English text (the English names come from Wikidata's sitelinks).
DEMO_PRETRAIN_WIKIS = ["en"]


def pretrain_wikis(params: dict[str, Any]) -> list[str]:
    """`base_model.pretrain_wikis`, which follows base_model.name_or_path: [en] for the demo base model,
    [] otherwise. It is a key of its own only because dvc.yaml's extract_pretrain stage runs over it
    (DVC templating cannot add en to `languages`)."""
    have = get_list(params, "base_model.pretrain_wikis")
    name = get(params, "base_model.name_or_path")
    want = DEMO_PRETRAIN_WIKIS if name == "demo" else []
    if have != want:
        raise ParamError(
            "base_model.pretrain_wikis", f"is {have!r} but base_model.name_or_path is {name!r}",
            f"set it to {want} (the demo base model is pretrained on English articles, no other model here)",
        )  # fmt: skip
    return have


def dump_languages(params: dict[str, Any]) -> list[str]:
    """The wikis to download and extract: the base model's pretraining wikis (en for the demo base
    model), then the target `languages`."""
    langs = get_list(params, "languages")
    for lang in langs:
        if not isinstance(lang, str) or not LANG_CODE.match(lang):
            raise ParamError("languages", f"{lang!r} is not a Wikipedia language code", "e.g. ja, sw, ar")
    return list(dict.fromkeys([*pretrain_wikis(params), *langs]))


def dump_files(params: dict[str, Any]) -> list[DumpFile]:
    """Every file the download stage fetches, for a params set."""
    date = _date(params, "dump.date")
    wd = _date(params, "dump.wikidata_date")
    out = Path(str(get(params, "download.out")))
    files = [
        DumpFile(
            source=lang,
            remote_dir=f"{dbname(lang)}/{date}",
            name=wiki_dump_name(lang, date),
            md5sums=f"{dbname(lang)}-{date}-md5sums.txt",
            local=wiki_dump_path(out, lang, date),
        )
        for lang in dump_languages(params)
    ]
    files.append(wikidata_file(get_choice(params, "sitelinks.source", SITELINK_SOURCES), wd, out))
    return files


def mirror_url(params: dict[str, Any]) -> str:
    """The mirror (`sources.local` folder or `sources.remote` URL) as a URL: http(s) and file URLs as
    given, a local folder as an absolute file:// URL."""
    mirror = dump_mirror(params).strip()
    if not mirror:
        raise ParamError("sources", "the mirror is empty", f"use {WIKIMEDIA} or a local folder")
    scheme = urlsplit(mirror).scheme.lower()
    if scheme in ("http", "https", "file"):
        return mirror.rstrip("/")
    if scheme and len(scheme) > 1:  # ftp:, s3:, … (a one-letter 'scheme' is a Windows drive)
        raise ParamError(
            "sources", f"unsupported URL scheme {scheme!r}", "use http(s)://, file:// or a folder"
        )
    return Path(mirror).resolve().as_uri()


def mirror_layout(params: dict[str, Any]) -> str:
    """`wikimedia` unless the mirror is given as a mapping with `layout: archive_org`."""
    local = get(params, "sources.local", {}) or {}
    remote = get(params, "sources.remote", {}) or {}
    value = next(iter({**local, **remote}.values()), None)
    layout = value.get("layout", "wikimedia") if isinstance(value, dict) else "wikimedia"
    if layout not in LAYOUTS:
        raise ParamError("sources", f"unknown mirror layout {layout!r}", f"choose from {list(LAYOUTS)}")
    return str(layout)


def join_url(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(quote(p, safe="/") for p in parts)])


def all_urls(params: dict[str, Any]) -> list[str]:
    """Every URL the download stage requests (data files and their md5sums), for checks and dry runs."""
    mirror, layout = mirror_url(params), mirror_layout(params)
    urls: list[str] = []
    for f in dump_files(params):
        urls += [f.url(mirror, layout), f.md5sums_url(mirror, layout)]
    return urls


def _date(params: dict[str, Any], key: str) -> str:
    value = str(get(params, key))
    try:
        dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise ParamError(key, f"must be a dump date YYYYMMDD, got {value!r}", "e.g. '20231001'") from None
    if len(value) != 8:
        raise ParamError(key, f"must be a dump date YYYYMMDD, got {value!r}", "e.g. '20231001'")
    return value
