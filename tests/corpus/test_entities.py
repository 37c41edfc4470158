from __future__ import annotations

import random
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from leia.corpus.entities import FILTER_PREFIXES, RULES, build_entities
from leia.corpus.extract import SCHEMA as ARTICLE_SCHEMA
from leia.errors import InputError

SITELINKS = [
    ("Q1", "enwiki", "Universe"), ("Q1", "jawiki", "宇宙"),
    ("Q2", "enwiki", "Earth"), ("Q2", "jawiki", "地球"),
    ("Q12", "enwiki", "Washington (state)"), ("Q12", "jawiki", "ワシントン州"),
    ("Q13", "jawiki", "日本語だけ"),
    ("Q20", "enwiki", "List of cats"), ("Q20", "jawiki", "猫の一覧"),
    ("Q21", "enwiki", "(Untitled)"), ("Q21", "jawiki", "無題"),
    ("Q22", "enwiki", "Foo (bar) (baz)"), ("Q22", "jawiki", "フー"),
    ("Q100", "enwiki", "Category:Things"), ("Q100", "jawiki", "Category:物"),
    ("Q5", "enwiki", "Human"), ("Q5", "swwiki", "Binadamu"),
]  # fmt: skip
REDIRECTS = [("地球 (惑星)", "地球"), ("ユニバース", "宇宙"), ("行き止まり", "存在しない")]


def _article(i: int, text: str, anchors: list[tuple[str, str]]) -> dict:
    starts, ends, targets = [], [], []
    for surface, target in anchors:
        s = text.index(surface)
        starts.append(s)
        ends.append(s + len(surface))
        targets.append(target)
    return {"id": i, "title": f"記事{i}", "text": text, "anchor_start": starts, "anchor_end": ends,
            "anchor_target": targets}  # fmt: skip


ARTICLES = [
    _article(
        1,
        "宇宙と地球とワシントン州",
        [("宇宙", "宇宙"), ("地球", "地球 (惑星)"), ("ワシントン州", "ワシントン州")],
    ),
    _article(
        2,
        "日本語だけ 存在 物 猫 無題 フー ユニ",
        [
            ("日本語だけ", "日本語だけ"),
            ("存在", "行き止まり"),
            ("物", "Category:物"),
            ("猫", "猫の一覧"),
            ("無題", "無題"),
            ("フー", "フー"),
            ("ユニ", "ユニバース"),
        ],
    ),  # fmt: skip
    _article(3, "リンクなし", []),
]


def _write(tmp_path: Path, articles: list[dict], sitelinks=SITELINKS, redirects=REDIRECTS) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    paths = {k: tmp_path / f"{k}.parquet" for k in ("extracted", "redirects", "sitelinks")}
    pq.write_table(pa.Table.from_pylist(articles, schema=ARTICLE_SCHEMA), paths["extracted"])
    src, dst = (list(x) for x in zip(*redirects, strict=True)) if redirects else ([], [])
    pq.write_table(pa.table({"source": pa.array(src, pa.string()), "target": pa.array(dst, pa.string())}),
                   paths["redirects"])  # fmt: skip
    q, s, t = (list(x) for x in zip(*sitelinks, strict=True))
    pq.write_table(pa.table({"qid": q, "site": s, "title": t}), paths["sitelinks"])
    return paths


def _run(paths: dict[str, Path], tmp_path: Path, lang: str = "ja", **kw: int) -> tuple[dict, pa.Table]:
    out = tmp_path / "entities" / f"{lang}.parquet"
    metrics = build_entities(paths["extracted"], paths["redirects"], paths["sitelinks"], lang, out, **kw)
    return metrics, pq.read_table(out)


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_resolution_filters_and_names(tmp_path: Path, batch: int) -> None:
    metrics, table = _run(_write(tmp_path, ARTICLES), tmp_path, batch_articles=batch)
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [1, 2]  # article 3 has no link: dropped, as in the original
    assert rows[0]["text"] == ARTICLES[0]["text"]
    assert rows[0]["anchor_name"] == ["Universe", "Earth", "Washington"]
    assert rows[0]["anchor_start"] == [0, 3, 6] and rows[0]["anchor_end"] == [2, 5, 12]
    assert rows[1]["anchor_target"] == ["無題", "フー", "ユニバース"]
    assert rows[1]["anchor_name"] == ["", "Foo", "Universe"]
    assert table.schema.field("anchor_start").type == pa.list_(pa.int32())
    assert table.schema.names == [*ARTICLE_SCHEMA.names, "anchor_name"]
    assert metrics["articles"] == 3 and metrics["articles_without_links"] == 1
    assert metrics["articles_with_anchors"] == 2
    assert metrics["anchors"] == 10 and metrics["kept"] == 6 and metrics["resolved"] == 8
    assert metrics["resolved_share"] == 0.8 and metrics["kept_share"] == 0.6
    assert metrics["redirected_share"] == 0.2
    assert metrics["dropped_no_qid"] == 0.1 and metrics["dropped_no_english"] == 0.1
    assert metrics["dropped_filter_category"] == 0.1 and metrics["dropped_filter_list_of"] == 0.1
    assert metrics["dropped_filter_template"] == 0.0
    assert metrics["parens_removed"] == 3 and metrics["entities"] == 5
    assert {f"dropped_{r}" for r in RULES} <= set(metrics)
    assert len(RULES) == 2 + len(FILTER_PREFIXES) == 16


def test_other_language_uses_its_own_sitelinks(tmp_path: Path) -> None:
    arts = [_article(7, "Binadamu ni", [("Binadamu", "Binadamu"), ("ni", "Ni")])]
    metrics, table = _run(_write(tmp_path, arts, redirects=[]), tmp_path, lang="sw")
    assert table.column("anchor_name").to_pylist() == [["Human"]]
    assert metrics["dropped_no_qid"] == 0.5


def test_every_filter_prefix(tmp_path: Path) -> None:
    links, arts_anchors = [], []
    for i, p in enumerate(FILTER_PREFIXES):
        links += [(f"Q{i + 1}", "enwiki", f"{p}Thing"), (f"Q{i + 1}", "jawiki", f"t{i}")]
        arts_anchors.append((f"t{i}", f"t{i}"))
    links += [("Q99", "enwiki", "Listing of"), ("Q99", "jawiki", "keep"), ("Q98", "enwiki", "Talkative"),
              ("Q98", "jawiki", "keep2")]  # fmt: skip
    text = " ".join(a for a, _ in arts_anchors) + " keep keep2"
    arts = [_article(1, text, arts_anchors + [("keep ", "keep"), ("keep2", "keep2")])]
    metrics, table = _run(_write(tmp_path, arts, sitelinks=links, redirects=[]), tmp_path)
    assert table.column("anchor_name").to_pylist() == [["Listing of", "Talkative"]]
    for r in RULES[2:]:
        assert metrics[f"dropped_{r}"] == pytest.approx(1 / (len(FILTER_PREFIXES) + 2)), r


def _reference(
    articles: list[dict], sitelinks, redirects, lang: str, fallback: bool = True
) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """A plain-Python statement of the rules, to check the vectorised code against (one list per article
    that has any link). Without the fallback it is the original's rule (studio-ousia/leia@7c1eac8
    scripts/preprocess_wikipedia.py:71-75: `wikidata_id_mapping.get(redirects.get(title, title))`)."""
    local, en = {}, {}
    for q, s, t in sorted(sitelinks, key=lambda r: int(r[0][1:])):
        if s == f"{lang}wiki":
            local.setdefault(t, q)
        elif s == "enwiki":
            en[q] = t
    redir = dict(redirects)
    names = []
    for a in articles:
        if not a["anchor_target"]:
            continue
        kept = []
        for target in a["anchor_target"]:
            q = local.get(redir.get(target, target)) or (local.get(target) if fallback else None)
            t = en.get(q) if q else None
            if t is None or t.startswith(FILTER_PREFIXES):
                continue
            kept.append(re.sub(r"\(.*?\)", "", t).strip())
        names.append(kept)
    return names


@pytest.mark.parametrize("fallback", [True, False])
def test_matches_reference_on_random_world(tmp_path: Path, fallback: bool) -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    sitelinks = []
    for i, w in enumerate(words[:200]):
        sitelinks.append((f"Q{i + 1}", "jawiki", w))
        if rng.random() < 0.8:
            en = rng.choice(["Name", "List of x", "File:y", "Z (film)", "A (b) (c)", "(Solo)"]) + f" {i}"
            sitelinks.append((f"Q{i + 1}", "enwiki", en if rng.random() < 0.5 else f"E{i} (thing)"))
    sitelinks.append(("Q999", "jawiki", "w0"))  # a clashing title: the lowest QID wins
    redirects = [(w, rng.choice(words)) for w in words[200:280]] + [("w5", "w6")]
    # Two titles with a kept English name of their own that redirect to pages without an item: only the
    # fallback names them.
    named = [t for q, site, t in sitelinks if site == "enwiki" and not t.startswith(FILTER_PREFIXES)]
    own = [f"w{int(q[1:]) - 1}" for q, site, t in sitelinks if site == "enwiki" and t in named][5:7]
    redirects += [(own[0], "w290"), (own[1], "w291")]
    articles = []
    for i in range(60):
        targets = [rng.choice(words) for _ in range(rng.randrange(0, 12))]
        text = " ".join(targets)
        starts = [sum(len(t) + 1 for t in targets[:j]) for j in range(len(targets))]
        articles.append({"id": i, "title": f"a{i}", "text": text, "anchor_start": starts,
                         "anchor_end": [s + len(t) for s, t in zip(starts, targets, strict=True)],
                         "anchor_target": targets})  # fmt: skip
    assert any(not a["anchor_target"] for a in articles)
    text = " ".join(own)
    articles.append({"id": 60, "title": "a60", "text": text, "anchor_start": [0, len(own[0]) + 1],
                     "anchor_end": [len(own[0]), len(text)], "anchor_target": own})  # fmt: skip
    paths = _write(tmp_path, articles, sitelinks, redirects)
    metrics, table = _run(paths, tmp_path, batch_articles=7, redirect_fallback=fallback)
    want = _reference(articles, sitelinks, redirects, "ja", fallback)
    assert table.column("anchor_name").to_pylist() == want
    assert want != _reference(articles, sitelinks, redirects, "ja", not fallback)  # the case is exercised
    assert metrics["articles_without_links"] == sum(not a["anchor_target"] for a in articles)
    for row in table.to_pylist():  # kept anchors still point at their surface text
        spans = zip(row["anchor_start"], row["anchor_end"], strict=True)
        assert [row["text"][s:e] for s, e in spans] == row["anchor_target"]


# English titles and what the original code inserts for them: its rule applied by hand,
# `re.sub(r"\(.*?\)", "", title).strip()` (studio-ousia/leia@7c1eac8, scripts/build_wikipedia_dataset.py).
PARENS_CASES = [
    ("Star Wars (film) (1977)", "Star Wars"),
    ("Washington (state)", "Washington"),
    ("(Untitled)", ""),
    ("(I Can't Get No) Satisfaction", "Satisfaction"),
    ("Foo (a) bar (b) baz", "Foo  bar  baz"),
    ("A (b (c) d) e", "A  d) e"),
    ("X (open", "X (open"),
    ("Plain", "Plain"),
]


def test_every_parenthesised_group_is_removed_as_the_original_does(tmp_path: Path) -> None:
    links, anchors = [], []
    for i, (title, _) in enumerate(PARENS_CASES):
        links += [(f"Q{i + 1}", "enwiki", title), (f"Q{i + 1}", "jawiki", f"t{i}")]
        anchors.append((f"t{i}", f"t{i}"))
    text = " ".join(a for a, _ in anchors)
    paths = _write(tmp_path, [_article(1, text, anchors)], sitelinks=links, redirects=[])
    metrics, table = _run(paths, tmp_path)
    assert table.column("anchor_name").to_pylist() == [[want for _, want in PARENS_CASES]]
    assert [re.sub(r"\(.*?\)", "", t).strip() for t, _ in PARENS_CASES] == [w for _, w in PARENS_CASES]
    assert metrics["parens_removed"] == len(PARENS_CASES) - 2  # "X (open" and "Plain" are unchanged


def test_linkless_articles_dropped_unresolved_kept(tmp_path: Path) -> None:
    """The original drops articles with no link before resolution; links that resolve to nothing keep
    their article (with no anchor left)."""
    arts = [_article(1, "宇宙", [("宇宙", "宇宙")]), _article(2, "存在", [("存在", "行き止まり")]),
            _article(3, "なし", []), _article(4, "", [])]  # fmt: skip
    metrics, table = _run(_write(tmp_path, arts), tmp_path, batch_articles=1)
    assert table.column("id").to_pylist() == [1, 2]
    assert table.column("anchor_name").to_pylist() == [["Universe"], []]
    assert metrics["articles"] == 4 and metrics["articles_without_links"] == 2


def test_no_articles_is_error_and_writes_nothing(tmp_path: Path) -> None:
    paths = _write(tmp_path, [])
    with pytest.raises(InputError, match="has no articles"):
        _run(paths, tmp_path)
    assert not (tmp_path / "entities" / "ja.parquet").exists()


def test_nothing_resolved_is_error(tmp_path: Path) -> None:
    arts = [_article(1, "x y", [("x", "X"), ("y", "Y")])]
    with pytest.raises(InputError, match=r"only 0 of 2 anchors .*entities.min_anchors = 1"):
        _run(_write(tmp_path, arts), tmp_path)
    with pytest.raises(InputError, match="entities.min_anchors = 7"):
        _run(_write(tmp_path, ARTICLES), tmp_path, min_anchors=7)
    assert not (tmp_path / "entities" / "ja.parquet").exists()


def test_missing_inputs_and_columns(tmp_path: Path) -> None:
    paths = _write(tmp_path, ARTICLES)
    paths["redirects"].unlink()
    with pytest.raises(InputError, match="no redirects file"):
        _run(paths, tmp_path)
    paths = _write(tmp_path, ARTICLES)
    pq.write_table(pa.table({"id": [1], "text": ["x"]}), paths["extracted"])
    with pytest.raises(InputError, match="lacks columns title, anchor_start"):
        _run(paths, tmp_path)
    paths = _write(tmp_path, ARTICLES)
    with pytest.raises(InputError, match="no sitelinks for xxwiki"):
        _run(paths, tmp_path, lang="xx")


def test_mismatched_anchor_lists_is_error(tmp_path: Path) -> None:
    bad = dict(ARTICLES[0], anchor_end=[2])
    with pytest.raises(InputError, match="article id 1: anchor_start/end/target differ"):
        _run(_write(tmp_path, [bad]), tmp_path)
