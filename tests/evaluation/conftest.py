"""Fixtures: a small knowledge base in the demo schema (design §1a) and a tiny local Llama."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

_CITIES = [("Q1", "Velmora", "ヴェルモラ", "Velmora"), ("Q2", "Ostrel", "オストレル", "Ostreli"),
           ("Q3", "Karvin", "カーヴィン", "Karvini"), ("Q4", "Lunde", "ルンデ", "Lunde"),
           ("Q5", "Tessaly", "テサリー", "Tesali"), ("Q6", "Brennick", "ブレニック", "Breniki")]  # fmt: skip
_COUNTRIES = [("Q10", "Arcadia", "アルカディア", "Arkadia"), ("Q11", "Norvale", "ノルヴェール", "Norvali")]
_OCC = [("painter", "画家", "mchoraji"), ("engineer", "技術者", "mhandisi"), ("poet", "詩人", "mshairi")]


def make_kb(n_people: int = 12) -> list[dict]:
    kb: list[dict] = []
    for qid, en, ja, sw in _COUNTRIES:
        kb.append({"qid": qid, "type": "country", "names": {"en": en, "ja": ja, "sw": sw}, "facts": [],
                   "pages": ["en", "ja", "sw"]})  # fmt: skip
    for i, (qid, en, ja, sw) in enumerate(_CITIES):
        kb.append({"qid": qid, "type": "city", "names": {"en": en, "ja": ja, "sw": sw},
                   "facts": [{"relation": "located_in", "object": _COUNTRIES[i % 2][0]}],
                   "pages": ["en", "ja", "sw"]})  # fmt: skip
    for i in range(n_people):
        occ = _OCC[i % 3]
        kb.append({
            "qid": f"Q{100 + i}", "type": "person",
            "names": {"en": f"Alder Voss{i}", "ja": f"アルダー・ヴォス{i}", "sw": f"Alda Vosi{i}"},
            "facts": [{"relation": "born_in", "object": _CITIES[i % 6][0]},
                      {"relation": "occupation", "value": {"en": occ[0], "ja": occ[1], "sw": occ[2]}}],
            "pages": ["en", "ja", "sw"],
        })  # fmt: skip
        kb.append({
            "qid": f"Q{200 + i}", "type": "work",
            "names": {"en": f"Song of Stone {i}", "ja": f"石の歌{i}", "sw": f"Wimbo wa Jiwe {i}"},
            "facts": [{"relation": "created_by", "object": f"Q{100 + i}"}], "pages": ["en", "ja"],
        })  # fmt: skip
    kb.append({"qid": "Q300", "type": "organization", "names": {"en": "Voss Works", "ja": "ヴォス工房"},
               "facts": [{"relation": "headquartered_in", "object": "Q1"},
                         {"relation": "founded_by", "object": "Q100"}], "pages": ["en", "ja"]})  # fmt: skip
    return kb


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "entities.jsonl"
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in make_kb()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 2-layer Llama with a byte-level BPE tokenizer trained here (no hub access)."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    out = tmp_path_factory.mktemp("tiny-llama")
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = [json.dumps(e, ensure_ascii=False) for e in make_kb()] * 3 + [
        "質問：回答：選択肢 Question: Answer:"
    ]
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<s>", "</s>", "<unk>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())  # fmt: skip
    tok.train_from_iterator(corpus, trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
    fast.save_pretrained(out)
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(fast), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=512,
                      bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)  # fmt: skip
    LlamaForCausalLM(cfg).save_pretrained(out)
    return out


@pytest.fixture(scope="session")
def demo_data(kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/eval prepared from demo sets written from the fixture KB."""
    from leia.demo.eval_sets import write_demo_eval_sets
    from leia.evaluation import sources

    mirror = tmp_path_factory.mktemp("mirror")
    write_demo_eval_sets(kb_path, mirror / "eval", seed=0, languages=["ja", "sw"])
    roots = sources.source_roots("demo", mirror, {})
    out = mirror.parent / (mirror.name + "-data-eval")
    tasks = {
        "ja": ["xcodah", "xcsqa", "jcommonsenseqa", "jaqket", "niilc", "jemhopqa"],
        "sw": ["xcodah", "xcsqa"],
    }
    sources.prepare(tasks, roots, out)
    return out
