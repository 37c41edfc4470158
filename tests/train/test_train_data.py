"""Packing, on-the-fly insertion, label masking (vectorised) and the loss on a hand-made batch."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
import torch
from train_world import augment_fn, params

from leia.contract import NAME, SPECIAL, TEXT
from leia.train.data import IGNORE, Collator, Corpus, blocks, corpus_tokens, labels_for
from leia.train.methods import resolve

OPEN, CLOSE, BOS, EOS = 90, 91, 1, 2


def hand_corpus() -> Corpus:
    table = pa.table(
        {
            "input_ids": [[10, 11, 12, 13, 14], [20, 21, 22], [30, 31, 32, 33]],
            "anchor_tok_start": [[1, 3], [], [0]],
            "anchor_tok_end": [[2, 5], [], [2]],
            "name_ids": [[[50, 51], [52]], [], [[53, 54, 55]]],
        },
        schema=pa.schema(
            [
                ("input_ids", pa.list_(pa.int32())),
                ("anchor_tok_start", pa.list_(pa.int32())),
                ("anchor_tok_end", pa.list_(pa.int32())),
                ("name_ids", pa.list_(pa.list_(pa.int32()))),
            ]
        ),
    )
    return Corpus.from_table(table)


def take(it, n):
    return [next(it) for _ in range(n)]


def test_ft_packs_whole_articles_after_bos_in_a_seeded_order() -> None:
    """Each article starts with BOS and none ends with EOS: the original code's document boundaries
    (studio-ousia/leia@7c1eac8, scripts/build_wikipedia_dataset.py tokenizes with LLaMA's special tokens)."""
    articles = {10: [BOS, 10, 11, 12, 13, 14], 20: [BOS, 20, 21, 22], 30: [BOS, 30, 31, 32, 33]}

    def passes(seed: int) -> list[list[int]]:
        got = take(blocks(hand_corpus(), resolve("ft", params()), seed=seed, max_length=5, bos_id=BOS,
                          open_id=OPEN, close_id=CLOSE), 9)  # fmt: skip
        flat = np.concatenate([ids for ids, _ in got]).tolist()
        assert all(len(ids) == 5 and not kind.any() for ids, kind in got)
        assert EOS not in flat and flat.count(BOS) == 9
        out, i = [], 0
        while i < 45:  # three passes of 15 tokens: each a permutation of the whole articles
            order = []
            for _ in range(3):
                art = articles[flat[i + 1]]
                assert flat[i : i + len(art)] == art
                order.append(flat[i + 1])
                i += len(art)
            assert sorted(order) == [10, 20, 30]
            out.append(order)
        return out

    assert passes(1) == passes(1)
    orders = [passes(s) for s in range(1, 6)]
    assert len({tuple(map(tuple, o)) for o in orders}) > 1, "the seed must change the article order"


def test_right_insertion_with_p_skip_zero() -> None:
    m = resolve("leia-right-0.0", params())
    got = take(blocks(hand_corpus(), m, seed=1, max_length=8, bos_id=BOS, open_id=OPEN, close_id=CLOSE,
                      augment_fn=augment_fn()), 3)  # fmt: skip
    ids = np.concatenate([i for i, _ in got])[:23].tolist()
    kind = np.concatenate([k for _, k in got])[:23].tolist()
    assert ids == [BOS, 10, 11, OPEN, 50, 51, CLOSE, 12, 13, 14, OPEN, 52, CLOSE,
                   BOS, 20, 21, 22, BOS, 30, 31, OPEN, 53, 54]  # fmt: skip
    assert kind[:7] == [TEXT, TEXT, TEXT, SPECIAL, NAME, NAME, SPECIAL]  # BOS is a target, as in the original


def test_insertion_is_seeded() -> None:
    m = resolve("leia", params())
    kw = dict(max_length=16, bos_id=BOS, open_id=OPEN, close_id=CLOSE, augment_fn=augment_fn())

    def first(seed):
        return np.concatenate([i for i, _ in take(blocks(hand_corpus(), m, seed=seed, **kw), 20)])

    assert np.array_equal(first(3), first(3))
    assert any(not np.array_equal(first(3), first(s)) for s in (4, 5, 6))


def test_corpus_tokens_are_the_target_text_and_one_bos_per_article() -> None:
    """What the steps are derived from: 12 article tokens + 3 BOS, whatever a method inserts."""
    assert corpus_tokens(hand_corpus()) == 12 + 3


def test_labels_mask_specials_and_optionally_names() -> None:
    ids = np.array([[5, OPEN, 7, 8, CLOSE, 9]], np.int32)
    kind = np.array([[TEXT, SPECIAL, NAME, NAME, SPECIAL, TEXT]], np.int8)
    assert labels_for(ids, kind, False).tolist() == [[5, IGNORE, 7, 8, IGNORE, 9]]
    assert labels_for(ids, kind, True).tolist() == [[5, IGNORE, IGNORE, IGNORE, IGNORE, 9]]
    batch = Collator(True)([{"input_ids": ids[0], "kind": kind[0]}] * 2)
    assert batch["input_ids"].dtype == torch.int64 and batch["labels"].shape == (2, 6)


@pytest.mark.parametrize("mask_names", [False, True])
def test_masked_positions_carry_no_loss(mask_names: bool) -> None:
    """The model's loss equals a hand computation over the positions whose *target* is plain text."""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=100, hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2
    )
    model = LlamaForCausalLM(config)
    ids = np.array([[5, 6, OPEN, 50, 51, CLOSE, 7, 8, EOS, 9]], np.int32)
    kind = np.array([[0, 0, SPECIAL, NAME, NAME, SPECIAL, 0, 0, 0, 0]], np.int8)
    batch = Collator(mask_names)([{"input_ids": ids[0], "kind": kind[0]}])
    with torch.no_grad():
        out = model(**batch)
        logp = torch.log_softmax(out.logits[0, :-1].float(), -1)
    target = torch.from_numpy(ids[0, 1:].astype(np.int64))
    keep = torch.from_numpy(kind[0, 1:] == TEXT) if mask_names else torch.from_numpy(kind[0, 1:] != SPECIAL)
    manual = -logp[torch.arange(9), target][keep].mean()
    assert torch.allclose(out.loss, manual, atol=1e-5)
    # and it is not the unmasked loss
    assert not torch.allclose(out.loss, -logp[torch.arange(9), target].mean(), atol=1e-4)
