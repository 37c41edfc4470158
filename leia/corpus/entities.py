"""Resolve each anchor of the extracted articles to an English entity name (paper §2, Appendix A; design §6).

anchor target --(redirects)--> title on {lang}wiki --(sitelinks)--> QID --(enwiki sitelink)--> English title,
then the paper's prefix filters and removal of every parenthesised group. Articles without any link are
dropped, as the original code drops them before resolution (studio-ousia/leia@7c1eac8,
scripts/preprocess_wikipedia.py: `filter(text != "" and len(anchors) > 0)`); an article whose links all
fail to resolve is kept, as there. The work per unique title is done once on the sitelinks table; each
batch of articles then needs one hash lookup of its flattened anchor targets and a few `take`s (pyarrow,
no Python loop per anchor).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from leia.corpus.sitelinks import site_id
from leia.errors import ArgumentError, InputError
from leia.io import atomic_path, write_json
from leia.params import get_bool, get_int

log = logging.getLogger(__name__)

# Appendix A: English names starting with these denote special pages and are filtered out.
FILTER_PREFIXES = (
    "Book:", "Category:", "Draft:", "File:", "Help:", "List of", "MediaWiki:", "Portal:", "Special:",
    "Talk:", "Template:", "User:", "Wikipedia:", "WikiProject:",
)  # fmt: skip
# Every parenthesised group goes, then surrounding whitespace: the original's
# `re.sub(r"\(.*?\)", "", name).strip()` (studio-ousia/leia@7c1eac8, scripts/build_wikipedia_dataset.py).
# "Star Wars (film) (1977)" -> "Star Wars"; "(Untitled)" -> "" (an empty name, inserted as
# <translate></translate> there too). RE2 (pyarrow) reads the lazy `.*?` as Python's re does.
PARENS = r"\(.*?\)"

KEPT, NO_QID, NO_ENGLISH = 0, 1, 2  # rule codes; filter k has code 3 + k


def _slug(prefix: str) -> str:
    return prefix.rstrip(":").lower().replace(" ", "_")


RULES = ("no_qid", "no_english") + tuple(f"filter_{_slug(p)}" for p in FILTER_PREFIXES)
ARTICLE_COLUMNS = ("id", "title", "text", "anchor_start", "anchor_end", "anchor_target")
_LISTS = ("anchor_start", "anchor_end", "anchor_target")


@dataclass
class Resolver:
    """Lookup tables for one language: every resolvable title (article or redirect) -> a row of names."""

    keys: pa.Array  # unique titles: sitelinked {lang}wiki titles and redirect sources
    key_row: pa.Array  # int32: row in the per-entity arrays below
    key_redirected: pa.Array  # bool: the key reached its entity through a redirect
    code: pa.Array  # int8 per entity row: KEPT, NO_ENGLISH or a filter code
    name: pa.Array  # string per entity row: English name after filters and parenthesis removal
    parens: pa.Array  # bool per entity row: the parenthesis rule changed the name
    qid: pa.Array  # string per entity row


def _check(path: Path, what: str, columns: list[str]) -> None:
    if not path.exists():
        raise InputError(path, f"no {what} file", "run the stage that writes it first (dvc repro)")
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise InputError(path, f"not a readable Parquet file: {e}") from None
    missing = [c for c in columns if c not in schema.names]
    if missing:
        raise InputError(
            path, f"{what} lacks columns {', '.join(missing)}", "see docs/design.md for its schema"
        )


def _read(path: Path, what: str, columns: list[str], filters: Any = None) -> pa.Table:
    _check(path, what, columns)
    return pq.read_table(path, columns=columns, filters=filters)


def build_resolver(
    sitelinks: pa.Table, redirects: pa.Table, lang: str, *, redirect_fallback: bool = True
) -> Resolver:
    site = site_id(lang)
    local = sitelinks.filter(pc.equal(sitelinks["site"], site))
    en = sitelinks.filter(pc.equal(sitelinks["site"], "enwiki"))
    # One entity per local title (sitelinks are sorted by QID, so the lowest QID wins a rare clash).
    first = pc.equal(
        pc.index_in(local["title"], value_set=local["title"]), pa.array(np.arange(local.num_rows))
    )
    local = local.filter(first)
    titles = local["title"].combine_chunks()
    en_title = pc.take(en["title"], pc.index_in(local["qid"], value_set=en["qid"])).combine_chunks()

    code = np.where(pc.is_null(en_title).to_numpy(zero_copy_only=False), NO_ENGLISH, KEPT).astype(np.int8)
    for k in reversed(range(len(FILTER_PREFIXES))):  # reversed: the first matching prefix wins
        hit = pc.fill_null(pc.starts_with(en_title, FILTER_PREFIXES[k]), False).to_numpy(zero_copy_only=False)
        code[hit] = 3 + k
    name = pc.utf8_trim_whitespace(pc.replace_substring_regex(en_title, PARENS, ""))
    parens = pc.fill_null(pc.not_equal(name, en_title), False)

    # Redirect sources lead to the entity of their target; failing that, with redirect_fallback, to the
    # redirect page's own (the original resolves through the target only).
    src, dst = redirects["source"].combine_chunks(), redirects["target"].combine_chunks()
    via_target = pc.index_in(dst, value_set=titles)
    if redirect_fallback:
        row_redirect = pc.coalesce(via_target, pc.index_in(src, value_set=titles))
    else:
        row_redirect = via_target
    # A title that is a redirect resolves as one; without the fallback, to nothing if its target has none.
    direct = pc.invert(pc.is_in(titles, value_set=src))
    usable = pc.is_valid(row_redirect)
    src, row_redirect = src.filter(usable), row_redirect.filter(usable)
    redirected = pc.is_valid(via_target.filter(usable))
    keys = pa.concat_arrays([src.cast(pa.string()), titles.filter(direct).cast(pa.string())])
    key_row = pa.concat_arrays(
        [
            row_redirect.cast(pa.int32()),
            pa.array(np.flatnonzero(direct.to_numpy(zero_copy_only=False)), pa.int32()),
        ]
    )
    key_redirected = pa.concat_arrays([redirected, pa.array(np.zeros(len(keys) - len(src), dtype=bool))])
    # Redirect tables list each source once; a repeated one keeps its first target.
    uniq = pc.equal(pc.index_in(keys, value_set=keys), pa.array(np.arange(len(keys)), pa.int32()))
    if not pc.all(uniq).as_py():
        keys, key_row, key_redirected = keys.filter(uniq), key_row.filter(uniq), key_redirected.filter(uniq)
    return Resolver(
        keys=keys, key_row=key_row, key_redirected=key_redirected, code=pa.array(code), name=name,
        parens=parens, qid=local["qid"].combine_chunks(),
    )  # fmt: skip


@dataclass
class Tally:
    """Counts over all batches, turned into the metrics of design §6 at the end."""

    articles: int = 0
    articles_without_links: int = 0  # dropped, as in the original
    articles_with_kept: int = 0
    anchors: int = 0
    redirected: int = 0
    parens: int = 0
    rules: np.ndarray = field(default_factory=lambda: np.zeros(3 + len(FILTER_PREFIXES), dtype=np.int64))
    seen: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=bool)
    )  # entity rows kept at least once

    def metrics(self) -> dict[str, Any]:
        kept = int(self.rules[KEPT])
        resolved = kept + int(self.rules[3:].sum())
        share = (lambda n: round(n / self.anchors, 6)) if self.anchors else (lambda n: 0.0)
        out: dict[str, Any] = {
            "articles": self.articles,
            "articles_without_links": self.articles_without_links,
            "articles_with_anchors": self.articles_with_kept,
            "anchors": self.anchors,
            "resolved": resolved,
            "resolved_share": share(resolved),
            "kept": kept,
            "kept_share": share(kept),
            "redirected_share": share(self.redirected),
            "parens_removed": self.parens,
            "parens_removed_share": round(self.parens / kept, 6) if kept else 0.0,
            "entities": int(self.seen.sum()),
        }
        for i, rule in enumerate(RULES, start=1):
            out[f"dropped_{rule}"] = share(int(self.rules[i]))
        return out


def _relist(values: pa.Array, counts: np.ndarray) -> pa.Array:
    offsets = np.zeros(len(counts) + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def resolve_batch(batch: pa.RecordBatch, res: Resolver, tally: Tally, path: Path) -> pa.RecordBatch:
    """The batch without its linkless articles, anchors restricted to the kept ones, plus English names."""
    lists = {c: batch.column(c) for c in _LISTS}
    lengths = [pc.fill_null(pc.list_value_length(lists[c]), 0).to_numpy() for c in _LISTS]
    if not (np.array_equal(lengths[0], lengths[1]) and np.array_equal(lengths[0], lengths[2])):
        bad = int(np.flatnonzero((lengths[0] != lengths[1]) | (lengths[0] != lengths[2]))[0])
        raise InputError(
            path,
            f"article id {batch.column('id')[bad]}: anchor_start/end/target differ in length",
            "re-run the extract stage",
        )
    linked = lengths[2] > 0
    tally.articles += batch.num_rows
    tally.articles_without_links += int(np.count_nonzero(~linked))
    if not linked.all():
        batch = batch.filter(pa.array(linked))
        lists = {c: batch.column(c) for c in _LISTS}
    n = batch.num_rows
    targets = pc.list_flatten(lists["anchor_target"])
    parents = pc.list_parent_indices(lists["anchor_target"]).to_numpy()
    k = pc.index_in(targets, value_set=res.keys)
    row = pc.take(res.key_row, k)
    codes = pc.fill_null(pc.take(res.code, row), NO_QID).to_numpy()
    keep = codes == KEPT

    tally.anchors += len(codes)
    tally.rules += np.bincount(codes, minlength=len(tally.rules))
    tally.redirected += int(pc.sum(pc.fill_null(pc.take(res.key_redirected, k), False)).as_py() or 0)
    kept_rows = pc.filter(row, pa.array(keep))
    tally.parens += int(pc.sum(pc.take(res.parens, kept_rows)).as_py() or 0)
    tally.seen[kept_rows.to_numpy(zero_copy_only=False)] = True
    counts = np.bincount(parents[keep], minlength=n)
    tally.articles_with_kept += int(np.count_nonzero(counts))

    mask = pa.array(keep)
    cols = [batch.column(c) for c in ("id", "title", "text")]
    for c in _LISTS:
        cols.append(_relist(pc.filter(pc.list_flatten(lists[c]), mask), counts).cast(lists[c].type))
    cols.append(_relist(pc.take(res.name, kept_rows), counts))
    return pa.RecordBatch.from_arrays(cols, names=[*ARTICLE_COLUMNS, "anchor_name"])


def build_entities(
    extracted: str | os.PathLike[str],
    redirects: str | os.PathLike[str],
    sitelinks: str | os.PathLike[str],
    lang: str,
    out: str | os.PathLike[str],
    *,
    min_anchors: int = 1,
    batch_articles: int = 50_000,
    redirect_fallback: bool = True,
) -> dict[str, Any]:
    """Write data/entities/{lang}.parquet from the extracted articles; return the metrics."""
    extracted, redirects, sitelinks = Path(extracted), Path(redirects), Path(sitelinks)
    if min_anchors < 1:
        raise ArgumentError("min_anchors", f"must be >= 1, got {min_anchors}")
    _check(extracted, "extracted articles", list(ARTICLE_COLUMNS))
    wanted = [site_id(lang), "enwiki"]
    links = _read(sitelinks, "sitelinks", ["qid", "site", "title"], filters=[("site", "in", wanted)])
    redir = _read(redirects, "redirects", ["source", "target"])
    res = build_resolver(links, redir, lang, redirect_fallback=redirect_fallback)
    if len(res.qid) == 0:
        raise InputError(sitelinks, f"no sitelinks for {site_id(lang)}", "re-run the sitelinks stage with "
                         f"'{lang}' in `languages`")  # fmt: skip

    tally = Tally(seen=np.zeros(len(res.code), dtype=bool))
    source = pq.ParquetFile(extracted)
    with atomic_path(out) as tmp:
        writer: pq.ParquetWriter | None = None
        try:
            for batch in source.iter_batches(batch_size=batch_articles, columns=list(ARTICLE_COLUMNS)):
                result = resolve_batch(batch, res, tally, extracted)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, result.schema, compression="zstd")
                writer.write_batch(result)
        finally:
            if writer is not None:
                writer.close()
        metrics = tally.metrics()
        if tally.articles == 0:
            raise InputError(extracted, "has no articles", "check the extract stage's output and its log")
        if metrics["kept"] < min_anchors:
            raise InputError(
                extracted,
                f"only {metrics['kept']} of {tally.anchors} anchors resolved to a kept English entity "
                f"(entities.min_anchors = {min_anchors})",
                f"check that the sitelinks cover {site_id(lang)} and enwiki for the same dump dates",
            )
    log.info(
        "%s: %d articles, %d anchors, %.1f%% resolved to English, %d kept",
        lang, tally.articles, tally.anchors, 100 * metrics["resolved_share"], metrics["kept"],
    )  # fmt: skip
    return metrics


def run(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """The entities operation (stage `entities@{lang}`, `leia entities`): data/extracted,
    data/redirects and data/sitelinks.parquet -> data/entities/{lang}.parquet and its metrics."""
    metrics = build_entities(
        f"data/extracted/{lang}.parquet",
        f"data/redirects/{lang}.parquet",
        "data/sitelinks.parquet",
        lang,
        f"data/entities/{lang}.parquet",
        min_anchors=get_int(params, "entities.min_anchors", min=1),
        batch_articles=get_int(params, "entities.batch_articles", 50_000, min=1),
        redirect_fallback=get_bool(params, "entities.redirect_fallback", True),
    )
    write_json(f"metrics/entities/{lang}.json", metrics)
    print(
        f"{lang}: {metrics['articles']} articles, {metrics['anchors']} anchors, "
        f"{100 * metrics['resolved_share']:.1f}% resolved to English, {metrics['kept']} kept"
    )
    return metrics
