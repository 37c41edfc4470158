"""The tokenize stage: token ids, anchor token spans, English-name ids; split vs the original's drop."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leia.corpus.tokenization import OUTPUT_SCHEMA, load_tokenizer, metrics, tokenize_batch, tokenize_file
from leia.errors import ArgumentError, InputError

SENTENCES = [
    "アルダー・ヴォスは東京都で生まれた画家である。",
    "東京は日本の首都であり、大阪は日本第二の都市である。",
    "ヴォス社は京都に本社を置く出版社である。",
    "Alder Voss was born in Tokyo. He is a painter.",
    "Mji wa Tokyo ni mji mkuu wa Japani na Osaka ni mji mkubwa.",
    "The Voss Company is headquartered in Kyoto, Japan.",
]


def _train(kind: str, path):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    corpus = SENTENCES * 30
    if kind == "bytelevel":  # GPT-2 style: merges may cross character boundaries inside UTF-8
        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        alphabet = pre_tokenizers.ByteLevel.alphabet()
        trainer = trainers.BpeTrainer(vocab_size=500, initial_alphabet=alphabet, show_progress=False)
    elif kind == "metaspace":  # SentencePiece style: "▁" prepended to the text start
        tok = Tokenizer(models.BPE(unk_token="<unk>"))
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first")
        tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="first")
        trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>"], show_progress=False)
    else:  # LLaMA-2 (legacy) style: a Prepend normalizer and no pre-tokenizer: tokens cross spaces
        tok = Tokenizer(models.BPE(unk_token="<unk>"))
        tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
        tok.decoder = decoders.Sequence(
            [decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)]
        )
        trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>"], show_progress=False)
    tok.train_from_iterator(corpus, trainer)
    PreTrainedTokenizerFast(tokenizer_object=tok).save_pretrained(str(path))
    return path


@pytest.fixture(scope="module", params=["bytelevel", "metaspace", "llama"])
def tk(request, tmp_path_factory):
    path = _train(request.param, tmp_path_factory.mktemp(request.param))
    return request.param, load_tokenizer(path)


def _anchors(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    out = []
    for w in words:
        i = text.find(w)
        if i >= 0 and all(i >= e or i + len(w) <= s for s, e, _ in out):
            out.append((i, i + len(w), f"EN {w}"))
    return sorted(out)


def _table(rows: list[tuple[str, list[tuple[int, int, str]]]]) -> pa.Table:
    return pa.table(
        {
            "id": pa.array(range(len(rows)), pa.int64()),
            "title": [f"T{i}" for i in range(len(rows))],
            "text": [t for t, _ in rows],
            "anchor_start": pa.array([[a[0] for a in an] for _, an in rows], pa.list_(pa.int32())),
            "anchor_end": pa.array([[a[1] for a in an] for _, an in rows], pa.list_(pa.int32())),
            "anchor_target": [[a[2] for a in an] for _, an in rows],
            "anchor_name": [[a[2] for a in an] for _, an in rows],
        }
    )


WORDS = [
    "東京",
    "京都",
    "日本",
    "大阪",
    "ヴォス",
    "画家",
    "Tokyo",
    "Voss",
    "Japan",
    "Kyoto",
    "Osaka",
    "首都",
    "社",
]
ROWS = [(t, _anchors(t, WORDS)) for t in SENTENCES] + [
    ("東京都知事は東京に住む。", [(0, 2, "Tokyo"), (6, 8, "Tokyo")]),  # "東京都" is likely one token
    ("", [(0, 0, "x")]),  # empty article: dropped with its anchor
]


def _original_keep(text, offsets, anchors):
    """The original code's char->token mapping (studio-ousia/leia build_wikipedia_dataset.py), as a spec."""
    mapping, prev = {}, -1
    for i, (s, e) in enumerate(offsets):
        if s != prev:
            mapping[s] = i
            if text[s] == " " and e - s > 1 and text[s + 1] != " ":
                mapping[s + 1] = i
            prev = s
    mapping[offsets[-1][1]] = len(offsets)
    return [(mapping[s], mapping[e]) for s, e, _ in anchors if s in mapping and e in mapping]


def _decode(toks, ids) -> str:
    return toks.main.decode(list(map(int, ids)), skip_special_tokens=False)


def test_split_keeps_anchors_and_the_text(tk):
    kind, toks = tk
    out, c = tokenize_batch(_table(ROWS), toks, "split")
    out = out.to_pylist()
    assert c.articles == len(ROWS) - 1 and len(out) == c.articles
    n_valid = sum(len(a) for t, a in ROWS if t)
    assert c.anchors_in == n_valid + 1 and c.dropped_invalid == 1
    assert c.anchors_kept == n_valid  # every anchor kept
    for row, (text, anchors) in zip(out, ROWS, strict=False):
        ids = row["input_ids"]
        natural = toks.main.encode(text, add_special_tokens=False).ids
        assert _decode(toks, ids) == _decode(toks, natural)  # cutting did not change the text
        spans = list(zip(row["anchor_tok_start"], row["anchor_tok_end"], strict=True))
        assert spans == sorted(spans) and all(s < e for s, e in spans)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
        for (s, e), (cs, ce, _) in zip(spans, anchors, strict=True):
            assert _decode(toks, ids[s:e]).strip() == text[cs:ce]
        assert row["name_ids"] == [toks.main.encode(n, add_special_tokens=False).ids for _, _, n in anchors]
        if len(_original_keep(text, toks.main.encode(text).offsets, anchors)) == len(anchors):
            assert ids == natural  # nothing to split: exactly the whole-text tokenization


def test_bytelevel_split_spans_hold_exactly_the_anchor_bytes(tk):
    kind, toks = tk
    if kind != "bytelevel":
        pytest.skip("byte-level decoding of prefixes is exact only for byte-level BPE")
    out, _ = tokenize_batch(_table(ROWS), toks, "split")
    for row, (text, anchors) in zip(out.to_pylist(), ROWS, strict=False):
        ids = row["input_ids"]
        for s, e, (cs, ce, _) in zip(row["anchor_tok_start"], row["anchor_tok_end"], anchors, strict=True):
            assert _decode(toks, ids[:s]) in (text[:cs], text[: cs - 1])
            assert _decode(toks, ids[:e]) == text[:ce]


def test_drop_reproduces_the_original_code(tk):
    _, toks = tk
    out, c = tokenize_batch(_table(ROWS), toks, "drop")
    for row, (text, anchors) in zip(out.to_pylist(), ROWS, strict=False):
        enc = toks.main.encode(text, add_special_tokens=False)
        assert row["input_ids"] == enc.ids
        exp = [(s, e) for s, e in _original_keep(text, enc.offsets, anchors) if s < e]
        assert list(zip(row["anchor_tok_start"], row["anchor_tok_end"], strict=True)) == exp
    assert c.anchors_kept < c.anchors_in - c.dropped_invalid  # these texts have mid-token anchors
    assert c.anchors_split == 0


def test_split_keeps_at_least_99_percent_where_drop_loses_many(tk):
    _, toks = tk
    rng = np.random.default_rng(0)
    rows = []
    for i in range(60):  # anchors at random character positions: the worst case for alignment
        text = SENTENCES[i % 3] + SENTENCES[(i + 1) % 3]
        cuts = np.sort(rng.choice(np.arange(1, len(text)), 8, replace=False))
        rows.append((text, [(int(a), int(b), "X") for a, b in zip(cuts[::2], cuts[1::2], strict=True)]))
    _, split = tokenize_batch(_table(rows), toks, "split")
    _, drop = tokenize_batch(_table(rows), toks, "drop")
    assert split.anchors_kept / split.anchors_in >= 0.99
    assert drop.anchors_kept / drop.anchors_in < 0.9
    m = metrics(split, "split")
    assert m["kept_share"] >= 0.99 and m["anchors_split"] > 0 and m["boundary"] == "split"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_anchor_spans_decode_to_their_text(tk, data):
    _, toks = tk
    text = data.draw(st.sampled_from(SENTENCES)) + data.draw(st.sampled_from(SENTENCES))
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=10)))
    anchors = [
        (a, b, "N") for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b and text[a:b].strip()
    ]
    out, c = tokenize_batch(_table([(text, anchors)]), toks, "split")
    row = out.to_pylist()[0]
    assert _decode(toks, row["input_ids"]) == _decode(toks, toks.main.encode(text).ids)
    kept = list(zip(row["anchor_tok_start"], row["anchor_tok_end"], strict=True))
    assert c.anchors_kept == len(kept) == len(anchors)
    for (s, e), (cs, ce, _) in zip(kept, anchors, strict=True):
        assert _decode(toks, row["input_ids"][s:e]).strip() == text[cs:ce].strip()


def test_file_roundtrip_metrics_and_memory_map(tk, tmp_path):
    _, toks = tk
    src = tmp_path / "entities" / "ja.parquet"
    src.parent.mkdir()
    pq.write_table(_table(ROWS * 5), src)
    dst = tmp_path / "tokenized" / "ja.parquet"
    c = tokenize_file(src, dst, toks, boundary="split", batch_size=3, progress=False)
    t = pq.read_table(dst, memory_map=True)
    assert t.schema.equals(OUTPUT_SCHEMA) and t.num_rows == c.articles == 5 * (len(ROWS) - 1)
    assert pq.ParquetFile(dst).num_row_groups > 1
    assert sum(map(len, t.column("input_ids").to_pylist())) == c.tokens
    assert not list(dst.parent.glob(".*"))  # no temporary left behind
    json.dumps(metrics(c, "split"))


def test_missing_and_empty_inputs_are_errors(tk, tmp_path):
    _, toks = tk
    with pytest.raises(InputError, match=r"dvc repro entities@ja"):
        tokenize_file(tmp_path / "ja.parquet", tmp_path / "out.parquet", toks, progress=False)
    src = tmp_path / "sw.parquet"
    pq.write_table(_table([("", [])]), src)
    with pytest.raises(InputError, match="no article"):
        tokenize_file(src, tmp_path / "out.parquet", toks, progress=False)
    assert not (tmp_path / "out.parquet").exists()
    pq.write_table(_table([("abc", [])]), src)
    with pytest.raises(InputError, match="none of its 0 anchors"):
        tokenize_file(src, tmp_path / "out.parquet", toks, progress=False)
    pq.write_table(_table([("abc", [])]).drop_columns(["anchor_name"]), src)
    with pytest.raises(InputError, match="anchor_name"):
        tokenize_file(src, tmp_path / "out.parquet", toks, progress=False)
    with pytest.raises(ArgumentError, match="^boundary is 'merge'"):
        tokenize_batch(_table(ROWS), toks, "merge")


def test_missing_tokenizer_says_which_stage_to_run(tmp_path):
    with pytest.raises(InputError, match="dvc repro tokenizer"):
        load_tokenizer(tmp_path / "nope")


def test_continuation_pieces_tokenize_alone_and_add_no_prefix_space(tk):
    """One pre-tokenized call gives each piece the tokens it gets on its own, with no leading "▁"."""
    kind, toks = tk
    pieces = ["京都", " Tokyo", "は日本", "都", "in ", "Tokyo.", "  x"]
    together = toks.continuation.encode(pieces, is_pretokenized=True, add_special_tokens=False).tokens
    alone = [t for p in pieces for t in toks.continuation.encode(p, add_special_tokens=False).tokens]
    assert together == alone
    first = toks.continuation.encode("京都", add_special_tokens=False).tokens[0]
    assert not first.startswith("▁")
    if kind != "bytelevel":
        assert toks.main.encode("京都", add_special_tokens=False).tokens[0].startswith("▁")
