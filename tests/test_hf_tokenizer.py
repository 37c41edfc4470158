"""Meta's real LLaMA-2 tokenizer gives SentencePiece's ids through every stage that loads a tokenizer.

`tests/data/real/llama2-tokenizer/` holds Meta's `tokenizer.model` and the hub layout that
transformers 4.35.2 (the original code's pin) makes of it (README there: provenance, licence, command).
SentencePiece on `tokenizer.model` is the reference: it is what the paper's tools ran (transformers 4.35
slow and fast tokenizers agree with it). transformers 5's `AutoTokenizer` does not
(`test_transformers_5_autotokenizer_differs`): each test here fails when a stage goes back to it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from leia import hf_tokenizer
from leia.errors import InputError

REAL = Path(__file__).parent / "data" / "real" / "llama2-tokenizer"

# Japanese (questions and choices as X-CSQA/JCommonsenseQA put them), Swahili, English, with the leading
# space the evaluators put before a continuation, doubled spaces and line breaks.
TEXTS = [
    "パソコンを使うときに必要なものは？",
    "質問：生理現象なのは？\n選択肢：\n- 準備する\n- おしっこする\n回答：",
    "東京は日本の首都であり、大阪は日本第二の都市である。",
    "アルベルト・アインシュタインはドイツ生まれの理論物理学者である。",
    "エッフェル塔はパリにある。",
    "Mji mkuu wa Tanzania ni Dodoma, na mji mkubwa zaidi ni Dar es Salaam.",
    "Kiswahili ni lugha ya Kibantu inayozungumzwa Afrika Mashariki.",
    "The Eiffel Tower is a wrought-iron lattice tower in Paris, France.",
    "Question: Where would you find a mouse? Answer:",
    "Albert Einstein",
    "Paris",
    "two  spaces and a tab\there",
    "a line\n an indented line\n\n",
]
CHOICES = ["パソコン", "おしっこする", "ベッドに入る", "Paris", "Dodoma", "mji mkuu", "Eiffel Tower"]
STRINGS = (
    TEXTS + [" " + t for t in TEXTS] + CHOICES + [" " + c for c in CHOICES] + ["  " + c for c in CHOICES]
)


@pytest.fixture(scope="module")
def sp():
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(REAL / "tokenizer.model"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model's folder as the hub serves it: the converted files and the SentencePiece model."""
    out = tmp_path_factory.mktemp("Llama-2-7b-hf")
    for f in (REAL / "hub").iterdir():
        shutil.copyfile(f, out / f.name)
    shutil.copyfile(REAL / "tokenizer.model", out / "tokenizer.model")
    return out


@pytest.fixture(scope="module")
def stage_out(hub: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """models/tokenizer as the tokenizer stage writes it for base_model.name_or_path = the hub folder."""
    from leia.train import tokenizer as tokenizer_stage

    out = tmp_path_factory.mktemp("models") / "tokenizer"
    tokenizer_stage.run({"base_model": {"name_or_path": str(hub)}}, out=out)
    return out


def test_the_committed_files_are_metas(sp) -> None:
    import hashlib

    digest = hashlib.sha256((REAL / "tokenizer.model").read_bytes()).hexdigest()
    assert digest == "9e556afd44213b6bd1be2b850ebbbd98f5481437a8021afaf58ee7fb1818d347"
    assert sp.get_piece_size() == 32000
    assert sp.encode(" Paris", out_type=str) == ["▁", "▁Paris"]  # the example, from SentencePiece


def test_transformers_5_autotokenizer_differs(hub: Path, sp) -> None:
    """Why the package loads tokenizers itself: AutoTokenizer rebuilds LlamaTokenizer (guards the probe)."""
    from transformers import AutoTokenizer

    auto = AutoTokenizer.from_pretrained(str(hub))
    differ = [s for s in STRINGS if auto.encode(s, add_special_tokens=False) != sp.encode(s)]
    assert " Paris" in differ and " パソコン" in differ
    assert all(s.startswith(" ") for s in differ)


def test_tokenizer_stage_copies_the_published_files(hub: Path, stage_out: Path, sp) -> None:
    from leia.train import tokenizer as tokenizer_stage

    for f in [*(REAL / "hub").iterdir(), REAL / "tokenizer.model"]:
        assert (stage_out / f.name).read_bytes() == f.read_bytes(), f.name
    tok = tokenizer_stage.load(stage_out, str(hub))  # how base_model and the checks read it
    for s in STRINGS:
        assert tok.encode(s, add_special_tokens=False) == sp.encode(s), repr(s)
        assert tok.encode(s) == [sp.bos_id(), *sp.encode(s)], repr(s)


def test_tokenize_stage_gives_sentencepiece_ids(stage_out: Path, sp) -> None:
    """data/tokenized: whole articles (drop, the original's mode) and English names as SentencePiece."""
    from leia.corpus.tokenization import load_tokenizer, tokenize_batch

    toks = load_tokenizer(stage_out)
    texts = [*TEXTS, " " + TEXTS[0], " " + TEXTS[7]]  # an article may start with a space
    names = ["Eiffel Tower", "Paris", "Tokyo", "Dodoma"]
    table = pa.table(
        {
            "id": pa.array(range(len(texts)), pa.int64()),
            "title": [f"T{i}" for i in range(len(texts))],
            "text": texts,
            "anchor_start": pa.array([[0] for _ in texts], pa.list_(pa.int32())),
            "anchor_end": pa.array([[len(t)] for t in texts], pa.list_(pa.int32())),
            "anchor_target": [[names[i % 4]] for i in range(len(texts))],
            "anchor_name": [[names[i % 4]] for i in range(len(texts))],
        }
    )
    for boundary in ("drop", "split"):
        out, counts = tokenize_batch(table, toks, boundary)
        rows = out.to_pylist()
        assert counts.anchors_kept == len(texts)
        for row, text in zip(rows, texts, strict=True):
            assert row["input_ids"] == sp.encode(text), (boundary, text)
            assert row["name_ids"] == [sp.encode(row_name) for row_name in [names[row["id"] % 4]]]
    # Mid-text pieces (split mode) go through the continuation tokenizer: no word-start "▁" added.
    assert toks.continuation.encode("パソコン", add_special_tokens=False).ids == sp.encode("パソコン")[1:]


def test_train_and_evaluate_load_sentencepiece_ids(hub: Path, stage_out: Path, sp, tmp_path: Path) -> None:
    """The trainer's load + <translate> tokens + save, then the evaluator's loads of the trained folder."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from leia.evaluation.lm import PaperTokenizationLM
    from leia.evaluation.tasks import utils as task_utils
    from leia.train.special_tokens import add_translate_tokens
    from leia.train.trainer import save_tokenizer

    base = tmp_path / "base"
    base.mkdir()
    hf_tokenizer.copy_files(stage_out, base)  # as tokenizer_stage.copy_files puts them into models/base
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=32000, hidden_size=8, intermediate_size=16, num_hidden_layers=1,
                      num_attention_heads=1, num_key_value_heads=1, bos_token_id=1,
                      eos_token_id=2)  # fmt: skip
    model = LlamaForCausalLM(cfg)
    tok = hf_tokenizer.load(base)  # the trainer's load
    open_id, close_id = add_translate_tokens(model, tok, seed=1)
    assert (open_id, close_id) == (32000, 32001)
    run = tmp_path / "run"
    model.save_pretrained(run)
    save_tokenizer(tok, base, run)
    assert (run / "tokenizer.model").is_file()

    lm = PaperTokenizationLM(pretrained=str(run), device="cpu", batch_size=1, dtype="float32")
    for ctx, cont in [("質問：生理現象なのは？\n回答：", "おしっこする"), ("Question: capital?", " Paris")]:
        assert lm._encode_pair(ctx, cont) == (sp.encode(ctx), sp.encode(cont))
    for s in STRINGS:
        assert lm.tok_encode(s) == sp.encode(s), repr(s)  # generation prompts (no BOS, as the tools)
        assert task_utils._tokenizer(str(run)).encode(s, add_special_tokens=False) == sp.encode(s)


def test_refuses_a_resaved_tokenizer_json(hub: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    resaved = tmp_path / "resaved"
    AutoTokenizer.from_pretrained(str(hub)).save_pretrained(resaved)  # transformers 5's rebuilt layout
    shutil.copyfile(hub / "tokenizer.model", resaved / "tokenizer.model")
    with pytest.raises(InputError, match=r"tokenizer\.json.*probe strings differently.*' Paris'"):
        hf_tokenizer.load(resaved)


def test_refuses_a_folder_without_tokenizer_json(tmp_path: Path) -> None:
    shutil.copyfile(REAL / "tokenizer.model", tmp_path / "tokenizer.model")
    with pytest.raises(InputError, match=r"no tokenizer\.json.*transformers==4\.35\.2"):
        hf_tokenizer.load(tmp_path)
