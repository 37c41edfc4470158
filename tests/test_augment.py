"""Properties of the LEIA augmentation."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leia.augment import augment
from leia.contract import NAME, SPECIAL, TEXT
from leia.errors import ArgumentError

OPEN, CLOSE = 9001, 9002


@st.composite
def articles(draw):
    """Random token ids with sorted, disjoint, non-empty anchor spans and random-length names."""
    n = draw(st.integers(0, 60))
    ids = np.array(draw(st.lists(st.integers(0, 500), min_size=n, max_size=n)), dtype=np.int32)
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=16))) if n else []
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    names = [
        np.array(draw(st.lists(st.integers(600, 700), min_size=0, max_size=4)), dtype=np.int32) for _ in spans
    ]
    starts = np.array([a for a, _ in spans], dtype=np.int32)
    ends = np.array([b for _, b in spans], dtype=np.int32)
    return ids, starts, ends, names


def run(art, strategy, p_skip=0.0, seed=0):
    ids, s, e, names = art
    return augment(
        ids,
        s,
        e,
        names,
        strategy=strategy,
        p_skip=p_skip,
        rng=np.random.default_rng(seed),
        open_id=OPEN,
        close_id=CLOSE,
    )


def blocks(out, kind):
    """The inserted blocks as lists of ids, in order."""
    res, cur = [], None
    for tok, k in zip(out.tolist(), kind.tolist(), strict=True):
        if k == SPECIAL and tok == OPEN:
            cur = []
        elif k == SPECIAL and tok == CLOSE:
            res.append(cur)
            cur = None
        elif k == NAME:
            cur.append(tok)
    return res


@settings(max_examples=150, deadline=None)
@given(articles(), st.sampled_from(["left", "right"]), st.sampled_from([0.0, 0.5]))
def test_left_right_deleting_inserted_spans_gives_back_the_original(art, strategy, p_skip):
    out, kind = run(art, strategy, p_skip)
    assert out.dtype == np.int32 and kind.dtype == np.int8 and out.shape == kind.shape
    assert np.array_equal(out[kind == TEXT], art[0])


@settings(max_examples=150, deadline=None)
@given(articles(), st.sampled_from(["left", "right", "replace"]))
def test_blocks_are_wrapped_names_at_the_right_place(art, strategy):
    ids, s, e, names = art
    out, kind = run(art, strategy, 0.0)
    assert [b for b in blocks(out, kind)] == [n.tolist() for n in names]
    # Build the expected sequence the slow, obvious way.
    exp, pos = [], 0
    for a, b, name in zip(s.tolist(), e.tolist(), names, strict=True):
        wrapped = [OPEN, *name.tolist(), CLOSE]
        if strategy == "left":
            exp += ids[pos:a].tolist() + wrapped + ids[a:b].tolist()
        elif strategy == "right":
            exp += ids[pos:b].tolist() + wrapped
        else:
            exp += ids[pos:a].tolist() + wrapped
        pos = b
    exp += ids[pos:].tolist()
    assert out.tolist() == exp
    # kind marks exactly the inserted tokens: markers SPECIAL, names NAME.
    assert np.all(out[kind == SPECIAL] == np.where(np.arange((kind == SPECIAL).sum()) % 2 == 0, OPEN, CLOSE))
    assert (kind == NAME).sum() == sum(len(n) for n in names)


@settings(max_examples=150, deadline=None)
@given(articles(), st.sampled_from([0.0, 0.3, 1.0]))
def test_replace_changes_only_anchor_tokens(art, p_skip):
    ids, s, e, names = art
    out, kind = run(art, "replace", p_skip)
    kept = _kept(len(s), p_skip)
    replaced = np.zeros(len(ids), bool)
    for a, b, k in zip(s, e, kept, strict=True):
        replaced[a:b] = k
    # Every token outside a replaced anchor survives, in order; the replaced ones are gone.
    assert np.array_equal(out[kind == TEXT], ids[~replaced])
    assert blocks(out, kind) == [n.tolist() for n, k in zip(names, kept, strict=True) if k]


def _kept(k, p_skip, seed=0):
    return np.random.default_rng(seed).random(k) >= p_skip


@settings(max_examples=100, deadline=None)
@given(articles(), st.sampled_from(["left", "right", "replace", "none"]), st.integers(0, 2**32 - 1))
def test_same_seed_same_output(art, strategy, seed):
    a = run(art, strategy, 0.5, seed)
    b = run(art, strategy, 0.5, seed)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@settings(max_examples=100, deadline=None)
@given(articles(), st.sampled_from(["left", "right", "replace"]))
def test_p_skip_zero_inserts_all_and_one_inserts_none(art, strategy):
    k = len(art[1])
    out, kind = run(art, strategy, 0.0)
    assert (kind == SPECIAL).sum() == 2 * k
    out, kind = run(art, strategy, 1.0)
    assert np.array_equal(out, art[0]) and not kind.any()


def test_none_is_identity_but_still_draws_one_uniform_per_anchor():
    ids = np.arange(30, dtype=np.int32)
    names = [np.array([700]), np.array([701, 702])]
    rng = np.random.default_rng(5)
    out, kind = augment(
        ids, [2, 10], [4, 12], names, strategy="none", p_skip=0.0, rng=rng, open_id=1, close_id=2
    )
    assert np.array_equal(out, ids) and not kind.any()
    ref = np.random.default_rng(5)
    ref.random(2)
    assert rng.random() == ref.random()


@pytest.mark.parametrize("strategy", ["left", "right", "replace"])
def test_skip_rate_within_binomial_tolerance(strategy):
    n_anchors, p_skip = 4000, 0.3
    ids = np.arange(n_anchors * 3, dtype=np.int32)
    starts = np.arange(0, n_anchors * 3, 3)
    names = [np.array([800 + i % 7], np.int32) for i in range(n_anchors)]
    out, kind = augment(
        ids,
        starts,
        starts + 1,
        names,
        strategy=strategy,
        p_skip=p_skip,
        rng=np.random.default_rng(1),
        open_id=OPEN,
        close_id=CLOSE,
    )
    inserted = int((out == OPEN).sum())
    mean, sd = n_anchors * (1 - p_skip), (n_anchors * p_skip * (1 - p_skip)) ** 0.5
    assert abs(inserted - mean) < 4 * sd


def test_same_seed_skips_the_same_anchors_across_strategies():
    ids = np.arange(200, dtype=np.int32)
    starts = np.arange(0, 200, 10)
    names = [np.array([900 + i], np.int32) for i in range(len(starts))]
    got = set()
    for strategy in ["left", "right", "replace"]:
        out, kind = augment(
            ids,
            starts,
            starts + 2,
            names,
            strategy=strategy,
            p_skip=0.5,
            rng=np.random.default_rng(3),
            open_id=OPEN,
            close_id=CLOSE,
        )
        got.add(tuple(out[kind == NAME].tolist()))
    assert len(got) == 1 and 0 < len(next(iter(got))) < len(starts)


def test_names_as_arrow_list_array_slice():
    arr = pa.array([[1], [5, 6], [7, 8, 9]], type=pa.list_(pa.int32())).slice(1)
    out, kind = augment(
        np.arange(10, 20, dtype=np.int32),
        [0, 4],
        [1, 5],
        arr,
        strategy="right",
        p_skip=0.0,
        rng=np.random.default_rng(0),
        open_id=OPEN,
        close_id=CLOSE,
    )
    assert out[kind == NAME].tolist() == [5, 6, 7, 8, 9]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"strategy": "middle"}, "strategy"),
        ({"p_skip": 1.5}, "p_skip"),
        ({"p_skip": -0.1}, "p_skip"),
    ],
)
def test_bad_parameters_name_the_parameter(kwargs, match):
    args = {"strategy": "right", "p_skip": 0.5} | kwargs
    with pytest.raises(ArgumentError, match=match):
        augment(np.arange(5), [0], [1], [[3]], rng=np.random.default_rng(0), open_id=1, close_id=2, **args)


@pytest.mark.parametrize(
    ("starts", "ends", "names", "match"),
    [
        ([0], [9], [[3]], "outside"),
        ([-1], [1], [[3]], "outside"),
        ([2], [2], [[3]], "empty"),
        ([0, 1], [2, 3], [[3], [4]], "overlap"),
        ([3, 0], [4, 1], [[3], [4]], "unsorted"),
        ([0], [1], [[3], [4]], "names"),
    ],
)
def test_bad_spans_are_rejected(starts, ends, names, match):
    with pytest.raises(ValueError, match=match):
        augment(
            np.arange(5),
            starts,
            ends,
            names,
            strategy="left",
            p_skip=0.0,
            rng=np.random.default_rng(0),
            open_id=1,
            close_id=2,
        )
