"""Validate a whole params file up front, so a bad value fails before any data or model is touched."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from leia.contract import ARTICLE_ENDS, BOUNDARY_MODES, LANG_CODE, STRATEGIES, eval_tasks
from leia.errors import InputError, ParamError
from leia.params import (
    dump_mirror,
    get,
    get_bool,
    get_choice,
    get_float,
    get_int,
    get_list,
    get_optional_int,
    param_keys,
)

_DATE = re.compile(r"^\d{8}$")


def validate_common(params: dict[str, Any]) -> None:
    from leia.corpus.dumpfiles import all_urls, dump_languages
    from leia.demo.langs import check_languages

    get_choice(params, "strategy", STRATEGIES)
    get_float(params, "p_skip", min=0.0, max=1.0)
    get_bool(params, "mask_name_loss")
    langs = get_list(params, "languages")
    if not langs or "en" in langs:
        raise ParamError("languages", f"is {langs!r}", "list the target languages (not en), e.g. [ja]")
    bad = [lang for lang in langs if not isinstance(lang, str) or not LANG_CODE.match(lang)]
    if bad:
        raise ParamError("languages", f"{bad} are not Wikipedia language codes", "e.g. ja, sw, ar, zh")
    with param_keys({"languages": "languages"}):
        check_languages(langs)  # a code the demo world can write
    if len(set(langs)) != len(langs):
        raise ParamError("languages", f"lists a language twice: {langs!r}", "list each target language once")
    dump_languages(params)  # and base_model.pretrain_wikis following base_model.name_or_path
    seeds = get_list(params, "seeds")
    if (
        not seeds
        or any(isinstance(s, bool) or not isinstance(s, int) for s in seeds)
        or len(set(seeds)) != len(seeds)
    ):
        raise ParamError("seeds", f"must be distinct integers, got {seeds!r}")
    if not get_list(params, "methods"):
        raise ParamError("methods", "is empty", "e.g. [ft, leia]")
    for key in ("dump.date", "dump.wikidata_date"):
        if not _DATE.match(str(get(params, key))):
            raise ParamError(key, f"must be a dump date YYYYMMDD, got {get(params, key)!r}")
    dump_mirror(params)
    if get(params, "sources.local"):
        get_int(params, "demo_world.entities", min=20)
    else:
        check_published_dates(params)
    all_urls(params)  # every download URL can be formed


# When Wikimedia publishes each file (dumps.wikimedia.org): the XML/SQL dump runs, which hold the
# pages-articles dumps and wikidatawiki's wb_items_per_site table, are dated the 1st and the 20th of each
# month; the Wikidata JSON entity dumps (wikidatawiki/entities/) are weekly, dated Mondays (20231002 was
# one). A date outside these names files that never existed.
RUN_DAYS = (1, 20)


def check_published_dates(params: dict[str, Any]) -> None:
    """A real mirror only has files on publication dates: check every date the profile downloads with."""
    import datetime

    from leia.corpus.dumpfiles import SITELINK_SOURCES

    def day(key: str) -> datetime.date:
        text = str(get(params, key))
        try:
            return datetime.datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            raise ParamError(key, f"is not a calendar date: {text!r}", "use YYYYMMDD") from None

    date = day("dump.date")
    if date.day not in RUN_DAYS:
        raise ParamError("dump.date", f"is {date:%Y%m%d}: Wikipedia dumps are dated the 1st and the 20th",
                         f"use e.g. {date:%Y%m}01")  # fmt: skip
    wd = day("dump.wikidata_date")
    source = get_choice(params, "sitelinks.source", SITELINK_SOURCES)
    if source == "sql" and wd.day not in RUN_DAYS:
        raise ParamError("dump.wikidata_date", f"is {wd:%Y%m%d}, but sitelinks.source: sql reads "
                         "wikidatawiki/{date}/…-wb_items_per_site.sql.gz, dated the 1st and the 20th",
                         f"use e.g. {wd:%Y%m}01")  # fmt: skip
    if source == "json" and wd.weekday() != 0:
        monday = wd - datetime.timedelta(days=wd.weekday())
        raise ParamError("dump.wikidata_date", f"is {wd:%Y%m%d}, a {wd:%A}, but sitelinks.source: json reads "
                         "the weekly JSON entity dumps, dated Mondays",
                         f"use e.g. {monday:%Y%m%d}")  # fmt: skip


def validate_params(params: dict[str, Any], *, source: str = "params.yaml") -> None:
    """Run every area's validator; errors are ParamErrors naming the dotted key (and the file)."""
    from leia.report.config import validate as validate_report
    from leia.train.config import pinned_steps
    from leia.train.config import read as read_train
    from leia.train.schedule import derive

    try:
        validate_common(params)
        langs = get_list(params, "languages")
        for method in get_list(params, "methods"):
            cfg = read_train(params, lang=langs[0], method=method, seed=get_list(params, "seeds")[0])
        derive(global_batch_tokens=cfg.global_batch_tokens, max_length=cfg.max_length,
               micro_batch_size=cfg.micro_batch_size, world_size=cfg.launcher.world_size,
               token_budget=cfg.token_budget, corpus_tokens=cfg.token_budget)  # fmt: skip
        for lang in langs:
            pinned_steps(params, lang)
        get_choice(params, "extract.article_end", tuple(ARTICLE_ENDS), "none")
        get_bool(params, "extract.drop_empty_parens", True)
        get_bool(params, "entities.redirect_fallback", True)
        get_choice(params, "tokenize.boundary", BOUNDARY_MODES, "split")
        get_optional_int(params, "evaluate.generation_batch_size", min=1)
        for lang in get_list(params, "evaluate.control", []):
            if lang in langs:
                raise ParamError("evaluate.control", f"lists {lang!r}, a target language",
                                 "control languages (English) evaluate the base model only")  # fmt: skip
        eval_tasks(params)  # known benchmarks, and one at least that exists in every language
        get_choice(params, "evaluate.sources", ("demo", "published"))
        validate_report(params)
    except ParamError as e:
        e.args = (f"{e.args[0]} (in {source})",)
        raise


# A file only the demo world writes: a folder without it is not the demo world's to replace.
DEMO_WORLD_MARK = Path("kb") / "entities.jsonl"


def check_generated_outputs(params: dict[str, Any], root: Path = Path(".")) -> None:
    """Refuse a `sources.local` folder that exists and was not written by the demo world.

    DVC deletes a stage's outputs before running its command, so demo_world cannot protect a
    folder itself: this runs in the `validate` stage upstream of it, and touches nothing."""
    local = get(params, "sources.local", {}) or {}
    for name, folder in local.items() if isinstance(local, dict) else ():
        path = root / str(folder)
        if not path.exists():
            continue
        if not path.is_dir():
            raise ParamError(
                f"sources.local.{name}", f"{folder} exists and is not a folder",
                "the demo world would replace it: choose a new folder, e.g. data/mirror",
            )  # fmt: skip
        if any(path.iterdir()) and not (path / DEMO_WORLD_MARK).is_file():
            raise InputError(
                path,
                f"exists and was not written by the demo world (no {DEMO_WORLD_MARK.as_posix()}); "
                f"sources.local.{name} would make DVC delete it and write the generated world there",
                "nothing was touched: point sources.local at a new folder (e.g. data/mirror), or put a "
                "real mirror under sources.remote (file:// URL)",
            )


VALIDATED = Path("data/params.validated")


def validate_stage(params_path: str | Path = "params.yaml", out: Path = VALIDATED) -> None:
    """The validate operation (stage `validate`, `leia validate`): check the params file and the
    sources.local folder, then write the constant marker `out` the rest of the DAG depends on."""
    from leia.io import atomic_path
    from leia.params import load_params

    params = load_params(params_path)
    validate_params(params, source=str(params_path))
    check_generated_outputs(params)
    with atomic_path(out) as tmp:
        tmp.write_text("params.yaml passed leia.validate\n", encoding="utf-8")
    print(f"{params_path}: ok")
