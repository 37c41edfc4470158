"""Token by token: no BOS, each continuation encoded on its own, EOS as X-CODAH's empty context.

The tokenizer is built here with LLaMA-2's layout (BPE with byte fallback, `▁` word-start pieces,
<unk>/<s>/</s> = 0/1/2, the <0x00>..<0xFF> byte pieces next) and wrapped in transformers' LlamaTokenizer,
so `encode("準備する")` starts with a `▁` piece and the same text after `回答：` does not. What is expected
comes from the tools' code: studio-ousia/leia@7c1eac8adf648009f3954c8f31f0c54e1a2ff8de `leia/tasks/base.py`
(X-CSQA, X-CODAH), Stability-AI/lm-evaluation-harness@9b42d412d040084bb270ca87199b7da9a91a9d7d
`lm_eval/base.py` + `lm_eval/models/gpt2.py` (JCommonsenseQA, JAQKET), leia-llm/leia@
2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9 `leia/tasks/base.py` (NIILC, JEMHopQA generation).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leia.evaluation import prompts, taskgen

CORPUS = [
    prompts.JCSQA_DESCRIPTION, prompts.JAQKET_DESCRIPTION, prompts.LLMJP_HEADER, prompts.NIILC_INSTRUCTION,
    *(q + a for q, a in prompts.NIILC_FEW_SHOTS), "Question: Where is it? Answer: the house",
    "質問：生理現象なのは？\n選択肢：\n- 準備する\n- おしっこする\n- 風\n- 雨\n"
    "- ベッドに入る\n回答：おしっこする",
    "準備する 準備 おしっこ 私は電話に出る。 私は寝る。 日本で一番高い山は？ 富士山",
]  # fmt: skip
JCSQA = [("生理現象なのは？", ["準備する", "おしっこする", "風", "雨", "ベッドに入る"], 1)] + [
    (f"問題{i}は？", [f"答え{i}{j}" for j in range(5)], i % 5) for i in range(1, 5)
]


@pytest.fixture(scope="module")
def llama_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer random Llama with a LLaMA-2-shaped tokenizer trained here (no hub access)."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, LlamaTokenizer

    bpe = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    bpe.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    bpe.train_from_iterator(CORPUS * 5, trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>"]))
    trained = json.loads(bpe.to_str())["model"]
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2, **{f"<0x{b:02X}>": 3 + b for b in range(256)}}
    for piece, _ in sorted(trained["vocab"].items(), key=lambda kv: kv[1]):
        vocab.setdefault(piece, len(vocab))
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in trained["merges"]]
    tok = LlamaTokenizer(vocab=vocab, merges=merges, add_bos_token=True)  # as LLaMA-2's tokenizer_config
    out = tmp_path_factory.mktemp("llama-like")
    tok.save_pretrained(out)
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(vocab), hidden_size=16, intermediate_size=32, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=2048,
                      bos_token_id=1, eos_token_id=2)  # fmt: skip
    LlamaForCausalLM(cfg).save_pretrained(out)
    return out


@pytest.fixture(scope="module")
def tok(llama_like: Path):
    from transformers import AutoTokenizer

    t = AutoTokenizer.from_pretrained(llama_like)
    assert (t.unk_token_id, t.bos_token_id, t.eos_token_id) == (0, 1, 2)
    assert t.encode("風")[0] == 1  # BOS by default, like LLaMA-2's
    assert t.convert_ids_to_tokens(t.encode("準備する", add_special_tokens=False))[0].startswith("▁")
    return t


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def tasks(llama_like: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from lm_eval.tasks import TaskManager

    root = tmp_path_factory.mktemp("data")
    mc = [{"id": str(i), "question": q, "choices": c, "label": y} for i, (q, c, y) in enumerate(JCSQA)]
    _write(root / "jcommonsenseqa/ja/validation.jsonl", mc[:1])
    _write(root / "jcommonsenseqa/ja/train.jsonl", mc[1:])
    _write(root / "xcsqa/ja/validation.jsonl", mc)
    _write(root / "xcodah/ja/validation.jsonl",
           [{"id": "c", "question": "私は", "choices": ["私は電話に出る。", "私は寝る。", "私は風", "私は雨"],
             "label": 0}])  # fmt: skip
    jq = [{"id": f"q{i}", "question": q, "choices": c, "label": y, "contexts": [f"{x}は文。" for x in c]}
          for i, (q, c, y) in enumerate(JCSQA)]  # fmt: skip
    _write(root / "jaqket/ja/validation.jsonl", jq[:1])
    _write(root / "jaqket/ja/train.jsonl", jq[1:])
    _write(
        root / "niilc/ja/test.jsonl", [{"id": "n", "question": "日本で一番高い山は？", "answer": "富士山"}]
    )
    _write(root / "jemhopqa/ja/test.jsonl", [{"id": "j", "question": "私は誰？", "answer": "私"}])
    tdir = tmp_path_factory.mktemp("tasks")
    taskgen.write_tasks(tdir, str(root), ["ja"])
    manager = TaskManager(
        include_path=str(tdir), include_defaults=False, metadata={"pretrained": str(llama_like)}
    )
    names = ["xcodah_ja", "xcsqa_ja", "jcommonsenseqa", "jaqket_v1", "niilc", "jemhopqa"]
    out = manager.load(names)["tasks"]
    for t in out.values():
        t.set_fewshot_seed(1234)
        t.build_all_requests(limit=1)
    return out


def _lm(llama_like: Path, paper: bool):
    from lm_eval.models.huggingface import HFLM

    from leia.evaluation.lm import PaperTokenizationLM

    cls = PaperTokenizationLM if paper else HFLM
    return cls(pretrained=str(llama_like), device="cpu", dtype="float32", batch_size=1)


def _loglikelihood_inputs(lm, task) -> list[tuple[tuple[str, str], list[int], list[int]]]:
    seen: list = []

    def record(reqs, **_kw):
        seen.extend(reqs)
        return [(0.0, False)] * len(reqs)

    lm._loglikelihood_tokens = record
    lm.loglikelihood(task.instances, disable_tqdm=True)
    return seen


def _generation_inputs(lm, task) -> list[list[int]]:
    import torch

    seen: list = []

    def record(context, max_length, stop, **_kw):
        seen.extend(context.tolist())
        return torch.cat([context, torch.full((context.shape[0], 1), lm.tokenizer.eos_token_id)], dim=1)

    lm._model_generate = record
    lm.generate_until(task.instances, disable_tqdm=True)
    return seen


@pytest.mark.parametrize("name", ["xcodah_ja", "xcsqa_ja", "jcommonsenseqa", "jaqket_v1"])
def test_loglikelihood_tokens_as_the_original_tools(llama_like: Path, tok, tasks: dict, name: str) -> None:
    lm = _lm(llama_like, paper=True)
    inputs = _loglikelihood_inputs(lm, tasks[name])
    assert len(inputs) == len(tasks[name].instances) > 0
    for (ctx, cont), ctx_ids, cont_ids in inputs:
        assert cont_ids == tok.encode(cont, add_special_tokens=False)
        if ctx == "":
            assert ctx_ids == [tok.eos_token_id]  # X-CODAH
        else:
            assert ctx_ids == tok.encode(ctx, add_special_tokens=False)
            assert ctx_ids[0] != tok.bos_token_id


def test_jcommonsenseqa_choice_gets_its_own_word_start_piece(llama_like: Path, tok, tasks: dict) -> None:
    task = tasks["jcommonsenseqa"]
    ours = _loglikelihood_inputs(_lm(llama_like, paper=True), task)
    first = ours[0]
    assert first[0][1] == "準備する"
    pieces = tok.convert_ids_to_tokens(first[2])
    assert pieces[0].startswith("▁")
    # lm-eval's defaults on the same request: BOS first, continuation cut from the joint encoding.
    default = _loglikelihood_inputs(_lm(llama_like, paper=False), task)[0]
    assert default[1][0] == tok.bos_token_id
    assert not tok.convert_ids_to_tokens(default[2])[0].startswith("▁")
    assert default[2] != first[2]


@pytest.mark.parametrize("name", ["niilc", "jemhopqa"])
def test_generation_prompt_has_no_bos(llama_like: Path, tok, tasks: dict, name: str) -> None:
    task = tasks[name]
    ctx = task.instances[0].arguments[0]
    assert _generation_inputs(_lm(llama_like, paper=True), task) == [
        tok.encode(ctx, add_special_tokens=False)
    ]
    assert _generation_inputs(_lm(llama_like, paper=False), task)[0][0] == tok.bos_token_id


@pytest.mark.parametrize("generation_batch_size", [None, 1])
def test_generation_batch_size(llama_like: Path, tasks: dict, generation_batch_size: int | None) -> None:
    """evaluate.generation_batch_size 1: one prompt per generate call, as the authors' loop (leia-llm/leia@
    2b13a60 leia/tasks/base.py GenerationTask); null: evaluate.batch_size (here 4)."""
    import torch

    from leia.evaluation.lm import PaperTokenizationLM

    lm = PaperTokenizationLM(pretrained=str(llama_like), device="cpu", dtype="float32", batch_size=4,
                             generation_batch_size=generation_batch_size)  # fmt: skip
    sizes: list[int] = []

    def record(context, max_length, stop, **_kw):
        sizes.append(context.shape[0])
        return torch.cat([context, torch.full((context.shape[0], 1), lm.tokenizer.eos_token_id)], dim=1)

    lm._model_generate = record
    instances = tasks["niilc"].instances * 3  # one item in the fixture: the same request three times
    assert len(lm.generate_until(instances, disable_tqdm=True)) == 3
    assert sizes == ([1, 1, 1] if generation_batch_size == 1 else [3])
    assert lm.batch_size == 4  # loglikelihood tasks keep evaluate.batch_size
