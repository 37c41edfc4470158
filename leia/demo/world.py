"""Write the whole demo world: a mirror laid out like dumps.wikimedia.org (design §1)."""

from __future__ import annotations

import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from rich.progress import Progress

from leia.demo.checksums import write_dumpstatus, write_sums
from leia.demo.kb import FIRST_QID, MIN_SIZE, build_kb, write_kb
from leia.demo.langs import check_languages
from leia.demo.namespaces import wiki_info
from leia.demo.specials import build_specials
from leia.demo.wikidata import json_lines, sitelinks, write_json_dump, write_sql_dump
from leia.demo.wikitext import Index, WikiBuilder
from leia.demo.wikixml import write_multistream
from leia.errors import ArgumentError
from leia.io import atomic_path
from leia.params import dump_mirror, get, get_int, get_list, param_keys

_DATE = re.compile(r"\d{8}")


@dataclass
class WorldSummary:
    out: Path
    entities: int
    languages: list[str]
    pages: dict[str, int] = field(default_factory=dict)  # per wiki, every page
    articles: dict[str, int] = field(default_factory=dict)  # main namespace, not redirects
    redirects: dict[str, int] = field(default_factory=dict)
    sitelinks: int = 0
    bytes_written: int = 0
    seconds: float = 0.0


def _check(size: int, date: str, wikidata_date: str) -> None:
    if isinstance(size, bool) or not isinstance(size, int) or size < MIN_SIZE:
        raise ArgumentError(
            "size", f"must be an integer >= {MIN_SIZE}, got {size!r}", "the default demo uses 300"
        )
    for key, d in (("date", date), ("wikidata_date", wikidata_date)):
        try:
            ok = bool(_DATE.fullmatch(str(d))) and datetime.strptime(str(d), "%Y%m%d").year >= 2011
        except ValueError:
            ok = False
        if not ok:
            raise ArgumentError(key, f"must be a date YYYYMMDD after 2011, got {d!r}")


def check_out(out: Path) -> None:
    """The output folder must be creatable: its nearest existing ancestor a writable folder."""
    if out.exists() and not out.is_dir():
        raise ArgumentError("out", f"{out} exists and is not a folder", "choose another output folder")
    parent = out.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise ArgumentError(
            "out", f"cannot create {out}: {parent} is not a writable folder", "choose another output folder"
        )


def _rng(seed: int, *parts: str) -> random.Random:
    """A stream of its own for each part of the world (string seeds hash with SHA-512: stable across runs)."""
    return random.Random(f"leia-demo:{seed}:{':'.join(parts)}")


def write_world(
    out: Path,
    *,
    seed: int,
    size: int,
    languages: list[str],
    date: str,
    wikidata_date: str,
    eval_sets: bool = True,
) -> WorldSummary:
    """Generate the world for `seed` into `out` (replaced atomically); same arguments, same bytes.
    `eval_sets=False` leaves out eval/ (benchmarks of the dump writers only)."""
    languages = check_languages(list(languages))
    _check(size, date, wikidata_date)
    out = Path(out)
    check_out(out)
    start = time.perf_counter()
    try:
        return _write(out, seed, size, languages, date, wikidata_date, start, eval_sets)
    except PermissionError as e:  # e.g. a read-only filesystem that os.access did not foresee
        raise ArgumentError(
            "out", f"cannot write {out}: {e.strerror}", "choose another output folder"
        ) from None


def _write(
    out: Path,
    seed: int,
    size: int,
    languages: list[str],
    date: str,
    wikidata_date: str,
    start: float,
    eval_sets: bool,
) -> WorldSummary:
    summary = WorldSummary(out, size, languages)
    wikis = ["en", *languages]
    kb = build_kb(np.random.default_rng([seed, 1]), size, languages)
    specials = build_specials(wikis, FIRST_QID + size + 1000)
    index = Index(kb)
    updated = f"{date[:4]}-{date[4:6]}-{date[6:]} 12:00:00"
    with atomic_path(out, is_dir=True) as tmp, Progress(transient=True) as progress:
        task = progress.add_task("demo world", total=len(wikis) + 3)
        (tmp / "kb").mkdir()
        write_kb(kb, tmp / "kb" / "entities.jsonl")
        if eval_sets:
            _eval_sets(tmp, seed, languages)
        progress.advance(task)

        for lang in wikis:
            folder = tmp / f"{lang}wiki" / date
            folder.mkdir(parents=True)
            rnd = _rng(seed, "wiki", lang)
            builder = WikiBuilder(kb, index, specials, lang, rnd)
            stem = f"{lang}wiki-{date}-pages-articles-multistream"
            xml, idx = folder / f"{stem}.xml.bz2", folder / f"{stem}-index.txt.bz2"
            stats = write_multistream(xml, idx, wiki_info(lang), builder.pages(), date=date, rnd=rnd)
            write_dumpstatus(folder, f"{lang}wiki/{date}", "articlesmultistreamdump", [xml, idx], updated)
            summary.pages[lang], summary.articles[lang] = stats.pages, stats.articles
            summary.redirects[lang] = stats.redirects
            progress.advance(task)

        links = sitelinks(kb, specials, _rng(seed, "sitelinks"))
        summary.sitelinks = sum(len(sl) for _, sl in links)
        ent = tmp / "wikidatawiki" / "entities" / wikidata_date
        ent.mkdir(parents=True)
        jb, jg = ent / f"wikidata-{wikidata_date}-all.json.bz2", ent / f"wikidata-{wikidata_date}-all.json.gz"
        write_json_dump(json_lines(kb, specials, links), jb, jg)
        write_sums(ent, f"wikidata-{wikidata_date}", [jb, jg])
        progress.advance(task)

        table = tmp / "wikidatawiki" / wikidata_date
        table.mkdir(parents=True)
        sql = table / f"wikidatawiki-{wikidata_date}-wb_items_per_site.sql.gz"
        write_sql_dump(links, sql, wikidata_date)
        wd_updated = f"{wikidata_date[:4]}-{wikidata_date[4:6]}-{wikidata_date[6:]} 12:00:00"
        write_dumpstatus(table, f"wikidatawiki/{wikidata_date}", "wbitemspersitetable", [sql], wd_updated)
        progress.advance(task)
        summary.bytes_written = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file())
    summary.seconds = time.perf_counter() - start
    return summary


def _eval_sets(tmp: Path, seed: int, languages: list[str]) -> None:
    from leia.demo.eval_sets import write_demo_eval_sets

    # English too: the base model's ceiling on the facts it was pretrained on (evaluate.control)
    write_demo_eval_sets(tmp / "kb" / "entities.jsonl", tmp / "eval", seed=seed, languages=["en", *languages])


# Where each argument of write_world comes from in params.yaml (or the command line), for its errors.
PARAM_KEYS = {
    "seed": "demo_world.seed",
    "size": "demo_world.entities",
    "languages": "languages",
    "out": "--out / sources.local",
    "date": "dump.date",
    "wikidata_date": "dump.wikidata_date",
}


def run(params: dict[str, Any], out: Path | None = None) -> WorldSummary:
    """The demo_world operation (stage `demo_world`, `leia demo-world`): the world for params'
    demo_world.*, languages and dump dates, into `out` (default: the folder in sources.local)."""
    with param_keys(PARAM_KEYS):
        s = write_world(
            Path(out or dump_mirror(params)),
            seed=get_int(params, "demo_world.seed"),
            size=get_int(params, "demo_world.entities"),
            languages=get_list(params, "languages"),
            date=str(get(params, "dump.date")),
            wikidata_date=str(get(params, "dump.wikidata_date")),
        )
    mb = s.bytes_written / 1e6
    print(f"demo world: {s.entities} entities, pages {s.pages}, {mb:.1f} MB, {s.seconds:.1f} s")
    return s
