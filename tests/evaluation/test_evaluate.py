"""Accuracy reported by the harness equals a hand computation; a whole demo run; stage errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from leia.errors import InputError, ParamError
from leia.evaluation.evaluate import evaluate_model
from leia.evaluation.run import parse_run_id

CHOICES = [
    [
        "ヴェルモラはアルカディアにある都市だ。",
        "ヴェルモラはノルヴェールにある都市だ。",
        "石の歌",
        "画家である。",
    ],
    ["Alda Vosi alizaliwa Velmora.", "Alda Vosi ni mchoraji.", "Wimbo wa Jiwe", "Velmora"],
    ["私は電話に出る。", "私は音量を上げる。", "私は海を沸かす。", "私は寝る。"],
]


def _logprob_after_eos(model, tok, text: str) -> float:
    """Hand computation: log P(text | EOS) summed over the text's tokens (no leading space)."""
    import torch

    ids = tok(text, add_special_tokens=False)["input_ids"]
    inp = torch.tensor([[tok.eos_token_id, *ids]])
    with torch.no_grad():
        logp = torch.log_softmax(model(inp).logits[0, :-1].float(), dim=-1)
    return float(logp[torch.arange(len(ids)), torch.tensor(ids)].sum())


def test_xcodah_accuracy_equals_hand_computation(tiny_model: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype="float32").eval()
    preds = []
    for choices in CHOICES:
        lls = [_logprob_after_eos(model, tok, c) for c in choices]
        preds.append(max(range(4), key=lls.__getitem__))
    labels = [preds[0], preds[1], (preds[2] + 1) % 4]  # two right, one wrong: expected accuracy 2/3
    data = tmp_path / "data"
    path = data / "xcodah" / "ja" / "validation.jsonl"
    path.parent.mkdir(parents=True)
    rows = [
        {"id": str(i), "question": "", "choices": c, "label": y}
        for i, (c, y) in enumerate(zip(CHOICES, labels, strict=True))
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    m = evaluate_model(model=str(tiny_model), lang="ja", tasks=["xcodah"], run_id="ja-base", method="base",
                       seed=None, data_dir=data, out_root=tmp_path / "results", batch_size=2)  # fmt: skip
    assert m["results"]["xcodah"] == {"acc": pytest.approx(2 / 3), "n": 3}
    samples = [
        json.loads(x) for x in (tmp_path / "results/ja-base/samples/xcodah.jsonl").read_text().splitlines()
    ]
    assert [s["pred"] for s in samples] == preds
    assert [s["correct"] for s in samples] == [True, True, False]


@pytest.mark.e2e
def test_demo_run_of_every_japanese_task(tiny_model: Path, demo_data: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    tasks = ["xcodah", "xcsqa", "jcommonsenseqa", "jaqket", "niilc", "jemhopqa"]
    m = evaluate_model(model=str(tiny_model), lang="ja", tasks=tasks, run_id="ja-leia-seed1", method="leia",
                       seed=1, data_dir=demo_data, out_root=tmp_path, limit=5)  # fmt: skip
    elapsed = time.perf_counter() - start
    assert m["run"] == {"lang": "ja", "method": "leia", "seed": 1, "model": str(tiny_model)}
    assert set(m["results"]) == set(tasks)
    for task, res in m["results"].items():
        metric = "char_f1" if task in ("niilc", "jemhopqa") else "acc"
        assert set(res) == {metric, "n"} and 0.0 <= res[metric] <= 1.0 and res["n"] >= 1
        lines = (
            (tmp_path / "ja-leia-seed1" / "samples" / f"{task}.jsonl")
            .read_text(encoding="utf-8")
            .splitlines()
        )
        first = json.loads(lines[0])
        assert {"doc_id", "gold", "pred", "question"} <= set(first)
        assert ("score" if metric == "char_f1" else "correct") in first
    on_disk = json.loads((tmp_path / "ja-leia-seed1" / "metrics.json").read_text())
    assert on_disk == m
    assert elapsed < 60  # "seconds on the CPU" (loose bound for a shared test machine)


def test_missing_eval_data_is_an_input_error(tiny_model: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="eval_data"):
        evaluate_model(model=str(tiny_model), lang="sw", tasks=["xcodah"], run_id="sw-base", method="base",
                       seed=None, data_dir=tmp_path, out_root=tmp_path / "r")  # fmt: skip


def test_run_ids() -> None:
    assert parse_run_id("ja-base") == ("ja", "base", None)
    assert parse_run_id("ja-leia-seed1") == ("ja", "leia", 1)
    assert parse_run_id("sw-leia-left-0.5-seed3") == ("sw", "leia-left-0.5", 3)
    with pytest.raises(ParamError):
        parse_run_id("leia-seed1")
