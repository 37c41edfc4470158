"""Rendered contexts and continuations of every task, character for character (paper Figs. 2-6).

Where each golden comes from: X-CSQA/X-CODAH, studio-ousia/leia@7c1eac8adf648009f3954c8f31f0c54e1a2ff8de
`leia/tasks/{xcsqa,xcodah}.py`; JCommonsenseQA and JAQKET, Stability-AI/lm-evaluation-harness@
9b42d412d040084bb270ca87199b7da9a91a9d7d `lm_eval/tasks/ja/{jcommonsenseqa,jaqket_v1}.py`
(JCommonsenseQAWithFintanPromptV21, JAQKETV1WithFintanPrompt); NIILC/JEMHopQA, see below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leia.contract import TASKS
from leia.evaluation import taskgen

from .test_llm_jp_eval_golden import JEMHOPQA_SHOTS, NIILC_SHOTS

# Layout and shots: the authors' `LLMJPEvalBase._create_context`,
# leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9, checked on their own data in
# test_llm_jp_eval_golden.py; the queries are this file's own items.
NIILC_EXPECTED = NIILC_SHOTS + "### 入力：\n質問：日本で一番高い山は？\n### 回答：\n"
JEMHOPQA_EXPECTED = (
    JEMHOPQA_SHOTS + "### 入力：\n質問：石の歌0の作者が生まれた都市はどこですか？\n### 回答：\n"
)
JCSQA_ITEMS = [  # (question, choices, label); the first is JCommonsenseQA's own validation example
    ("生理現象なのは？", ["準備する", "おしっこする", "風", "雨", "ベッドに入る"], 1),
    ("電子機器で使用される最も主要な電子回路基板の事をなんと言う？", ["掲示板", "パソコン", "マザーボード", "ハードディスク", "まな板"], 2),  # noqa: E501
    ("日本で一番高い山は？", ["富士山", "北岳", "槍ヶ岳", "穂高岳", "間ノ岳"], 0),
    ("朝に食べるのは？", ["朝食", "昼食", "夕食", "夜食", "間食"], 0),
    ("雨の日に使うものは？", ["傘", "帽子", "靴", "手袋", "鞄"], 0),
]  # fmt: skip


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def fixed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixed")
    mc = [{"id": str(i), "question": q, "choices": c, "label": y} for i, (q, c, y) in enumerate(JCSQA_ITEMS)]
    _write(root / "jcommonsenseqa/ja/validation.jsonl", mc[:1])
    _write(root / "jcommonsenseqa/ja/train.jsonl", mc[1:])
    _write(root / "xcsqa/ja/validation.jsonl", mc)
    codah = [{"id": "c0", "question": "私は", "choices": ["私は電話に出る。", "私は音量を上げる。", "私は海を沸かす。", "私は寝る。"],  # noqa: E501
              "label": 0}]  # fmt: skip
    _write(root / "xcodah/ja/validation.jsonl", codah)
    long = "あいうえおかきくけこ" * 40
    jq = [{"id": f"q{i}", "question": f"問題{i}？", "choices": [f"候補{i}{j}" for j in range(5)], "label": i % 5,  # noqa: E501
           "contexts": [f"{j}番目の文。{long}" for j in range(5)]} for i in range(5)]  # fmt: skip
    _write(root / "jaqket/ja/validation.jsonl", jq[:1])
    _write(root / "jaqket/ja/train.jsonl", jq[1:])
    _write(
        root / "niilc/ja/test.jsonl", [{"id": "n0", "question": "日本で一番高い山は？", "answer": "富士山"}]
    )
    _write(root / "jemhopqa/ja/test.jsonl",
           [{"id": "j0", "question": "石の歌0の作者が生まれた都市はどこですか？", "answer": "ヴェルモラ"}])  # fmt: skip  # noqa: E501
    return root


@pytest.fixture(scope="module")
def tasks(fixed_data: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from lm_eval.tasks import TaskManager

    tdir = tmp_path_factory.mktemp("tasks")
    taskgen.write_tasks(tdir, str(fixed_data), ["ja"])
    manager = TaskManager(
        include_path=str(tdir), include_defaults=False, metadata={"pretrained": str(tiny_model)}
    )
    names = ["xcodah_ja", "xcsqa_ja", "jcommonsenseqa", "jaqket_v1", "niilc", "jemhopqa"]
    out = manager.load(names)["tasks"]
    for t in out.values():
        t.set_fewshot_seed(1234)
    return out


def _render(task, doc_index: int = 0) -> tuple[str, list[tuple]]:
    doc = list(task.test_docs())[doc_index]
    ctx = task.fewshot_context(doc, task.config.num_fewshot)
    reqs = task.construct_requests(doc, ctx)
    reqs = reqs if isinstance(reqs, list) else [reqs]
    return ctx, [r.arguments for r in reqs]


def test_xcodah_scores_each_choice_alone(tasks: dict) -> None:
    ctx, args = _render(tasks["xcodah_ja"])
    assert ctx == ""
    assert args == [
        ("", "私は電話に出る。"),
        ("", "私は音量を上げる。"),
        ("", "私は海を沸かす。"),
        ("", "私は寝る。"),
    ]


def test_xcsqa_four_shots_from_the_same_split_never_the_item(tasks: dict) -> None:
    block = {i: f"Question: {q}\nAnswer: {c[y]}" for i, (q, c, y) in enumerate(JCSQA_ITEMS)}
    for k in range(len(JCSQA_ITEMS)):
        ctx, args = _render(tasks["xcsqa_ja"], k)
        parts = ctx.split("\n\n")
        assert parts[-1] == f"Question: {JCSQA_ITEMS[k][0]}\nAnswer:"
        assert sorted(parts[:-1]) == sorted(v for i, v in block.items() if i != k)
        assert [a[1] for a in args] == [" " + c for c in JCSQA_ITEMS[k][1]]


def test_jcommonsenseqa_figure5(tasks: dict) -> None:
    ctx, args = _render(tasks["jcommonsenseqa"])
    desc = "与えられた選択肢の中から、最適な答えを選んでください。 \n\n"
    assert ctx.startswith(desc)
    parts = ctx[len(desc) :].split("\n\n")
    shot = "質問：{}\n選択肢：\n{}\n回答：{}"
    expected_shots = [shot.format(q, "\n".join(f"- {x}" for x in c), c[y]) for q, c, y in JCSQA_ITEMS[1:]]
    assert sorted(parts[:-1]) == sorted(expected_shots)
    assert (
        parts[-1]
        == "質問：生理現象なのは？\n選択肢：\n- 準備する\n- おしっこする\n- 風\n- 雨\n- ベッドに入る\n回答："
    )
    assert [a[1] for a in args] == [
        "準備する",
        "おしっこする",
        "風",
        "雨",
        "ベッドに入る",
    ]  # no leading space


def test_jaqket_figure6_with_cut_contexts(tasks: dict, tiny_model: Path) -> None:
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tiny_model)

    def cut(text: str, n: int) -> str:
        return tok.decode(tok(text, add_special_tokens=False)["input_ids"][:n], skip_special_tokens=True)

    long = "あいうえおかきくけこ" * 40
    assert len(tok(long, add_special_tokens=False)["input_ids"]) > 128  # the cut matters
    ctx, args = _render(tasks["jaqket_v1"])
    desc = (
        "文章と質問と回答の選択肢を入力として受け取り、選択肢から質問に対する回答を選択してください。"
        "なお、回答は選択肢の番号(例:0)でするものとします。 \n\n"
    )
    assert ctx.startswith(desc)
    parts = ctx[len(desc) :].split("\n\n")
    query = "文章:" + "\n".join(cut(f"{j}番目の文。{long}", 128) for j in range(5))
    query += "\n質問:問題0？\n選択肢:0.候補00,1.候補01,2.候補02,3.候補03,4.候補04\n回答:"
    assert parts[-1] == query
    shots = []
    for i in range(1, 5):  # shots: the first two choices, 64-token contexts, the gold *index* as answer
        shot = "文章:" + "\n".join(cut(f"{j}番目の文。{long}", 64) for j in range(2))
        shots.append(shot + f"\n質問:問題{i}？\n選択肢:0.候補{i}0,1.候補{i}1\n回答:{i % 5}")
    assert sorted(parts[:-1]) == sorted(shots)
    assert [a[1] for a in args] == [f" 候補0{j}" for j in range(5)]


@pytest.mark.parametrize(
    ("name", "expected", "max_tokens"), [("niilc", NIILC_EXPECTED, 180), ("jemhopqa", JEMHOPQA_EXPECTED, 15)]
)
def test_llm_jp_eval_prompts(tasks: dict, name: str, expected: str, max_tokens: int) -> None:
    ctx, args = _render(tasks[name])
    assert ctx == expected
    gen = args[0][1]
    assert gen["until"] == ["\n"] and gen["max_gen_toks"] == max_tokens and gen["do_sample"] is False


def test_committed_task_files_are_current(tmp_path: Path) -> None:
    taskgen.write_tasks(tmp_path, "data/eval")
    committed = taskgen.TASKS_DIR
    for f in tmp_path.iterdir():
        if f.name != "utils.py":
            assert (committed / f.name).read_text(encoding="utf-8") == f.read_text(encoding="utf-8"), f.name


def test_random_baselines() -> None:
    assert TASKS["xcodah"].chance == 0.25  # four endings per X-CODAH question
    assert TASKS["xcsqa"].chance == TASKS["jaqket"].chance == TASKS["jcommonsenseqa"].chance == 0.2
    assert TASKS["niilc"].chance == TASKS["jemhopqa"].chance == 0.0  # free generation
