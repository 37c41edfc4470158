"""NIILC and JEMHopQA prompts, character for character, against the authors' llm-jp-eval implementation.

Goldens: what `LLMJPEvalBase._create_context` of leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9
(`leia/tasks/llm_jp_eval.py`) returns for the first sample of its data files
(`leia/tasks/data/llm-jp-eval/{niilc,jemhopqa}.json`) with four shots: the header, `### 指示`, the
instruction and a blank line; the shots joined by a blank line; a blank line; then the query. The data
excerpt in `data/llm_jp_eval_excerpt.json` (CC BY-SA 4.0, provenance inside) is rendered through the whole
path: published layout -> `leia.evaluation.sources` -> lm-eval task -> context.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from leia.evaluation import prompts, sources, taskgen

EXCERPT = json.loads((Path(__file__).parent / "data" / "llm_jp_eval_excerpt.json").read_text("utf-8"))

# The instruction and the authors' four shots, then the query (what their code renders).
NIILC_SHOTS = (
    "以下はタスクを説明する指示と、追加の背景情報を提供する入力の組み合わせです。要求を適切に満たす回答を書いてください。\n"
    "### 指示\n質問に対する答えを出力してください。答えが複数の場合、コンマ（,）で繋げてください。\n\n"
    "### 入力：\n質問：ワールドカップは何年に一度開催されるの？\n### 回答：\n4年\n\n"
    "### 入力：\n質問：リアス式海岸は日本のどこにある？\n### 回答：\n"
    "三陸海岸の中部から南部,房総半島南部,若狭湾周辺,紀伊半島東部・南部,山陰海岸,宇和海,日豊海岸,"
    "日南海岸中部から南部,浅茅湾（長崎県対馬）,長崎県九十九島\n\n"
    "### 入力：\n質問：ビートルズのメンバーの名前は？\n### 回答：\n"
    "ジョン・レノン（ボーカル・ギター）,ポール・マッカートニー（ボーカル・ベース）,"
    "ジョージ・ハリスン（ギター・ボーカル）,リンゴ・スター（ドラムス・ボーカル）\n\n"
    "### 入力：\n質問：サッカーのイエローカードはいつ出るの？\n### 回答：\n非紳士的行為等を行ったとき\n\n"
)
NIILC_GOLDEN = NIILC_SHOTS + "### 入力：\n質問：初めてノート型パソコンを作ったメーカーは？\n### 回答：\n"
JEMHOPQA_SHOTS = (
    "以下はタスクを説明する指示と、追加の背景情報を提供する入力の組み合わせです。要求を適切に満たす回答を書いてください。\n"
    "### 指示\n質問を入力とし、回答を出力してください。回答の他には何も含めないことを厳守してください。\n\n"
    "### 入力：\n質問：『仮面ライダー電王』と『あまちゃん』、放送回数が多いのはどちらでしょう？\n### 回答：\nあまちゃん\n\n"  # noqa: E501
    "### 入力：\n質問：清原果耶と森田成一で活動開始が早かったのはどちらですか？\n### 回答：\n森田成一\n\n"
    "### 入力：\n質問：島津氏と平氏は、どちらも日本の氏族ですか？\n### 回答：\nYES\n\n"
    "### 入力：\n質問：『ぼくらが旅に出る理由』と『ボーン・トゥ・ラヴ・ユー』はどちらも小沢健二のシングルですか？\n"  # noqa: E501
    "### 回答：\nNO\n\n"
)
JEMHOPQA_GOLDEN = (
    JEMHOPQA_SHOTS
    + "### 入力：\n質問：『ダンガンロンパ 希望の学園と絶望の高校生』と『ファイナルファンタジーXIII』、"
    "発売日が早いのはどちらでしょう？\n### 回答：\n"
)
PREFIX = "質問："


def _bare(sample: dict) -> str:
    assert sample["input"].startswith(PREFIX)
    return sample["input"][len(PREFIX) :]


def _published_layout(root: Path) -> dict[str, Path]:
    """The excerpt's samples written as the published files our loaders read (NIILC XML, JEMHopQA JSON)."""
    ids = EXCERPT["_provenance"]["sample_ids"]
    xml = ET.Element("questions")
    for qid, s in zip(ids["niilc"], EXCERPT["niilc"]["samples"], strict=True):
        q = ET.SubElement(xml, "question", id=qid)
        ET.SubElement(q, "text").text = _bare(s)
        answers = ET.SubElement(q, "answers")
        for a in s["output"].split(","):
            ET.SubElement(answers, "answer").text = a
    niilc = root / "niilc"
    (niilc / "data").mkdir(parents=True)
    path = niilc / "data" / "NIILC-ECQA2015_test.xml"
    ET.ElementTree(xml).write(path, encoding="utf-8", xml_declaration=True)
    jem = root / "jemhopqa"
    (jem / "corpus").mkdir(parents=True)
    rows = [{"qid": qid, "type": "", "question": _bare(s), "answer": s["output"], "derivations": []}
            for qid, s in zip(ids["jemhopqa"], EXCERPT["jemhopqa"]["samples"], strict=True)]  # fmt: skip
    (jem / "corpus" / "dev.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return {"niilc": niilc, "jemhopqa": jem}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str, dict]]:
    from lm_eval.tasks import TaskManager

    root = tmp_path_factory.mktemp("llmjp")
    data = root / "data-eval"
    sources.prepare({"ja": ["niilc", "jemhopqa"]}, _published_layout(root / "published"), data)
    tdir = root / "tasks"
    taskgen.write_tasks(tdir, str(data), ["ja"])
    tasks = TaskManager(include_path=str(tdir), include_defaults=False).load(["niilc", "jemhopqa"])["tasks"]
    out = {}
    for name, task in tasks.items():
        doc = list(task.test_docs())[0]
        ctx = task.fewshot_context(doc, task.config.num_fewshot)
        out[name] = (doc, ctx, task.construct_requests(doc, ctx).arguments[1])
    return out


@pytest.mark.parametrize(("name", "golden"), [("niilc", NIILC_GOLDEN), ("jemhopqa", JEMHOPQA_GOLDEN)])
def test_first_item_is_character_identical(rendered: dict, name: str, golden: str) -> None:
    doc, ctx, gen = rendered[name]
    assert ctx == golden
    assert doc["answer"] == EXCERPT[name]["samples"][0]["output"]
    assert gen["until"] == ["\n"] and gen["max_gen_toks"] == EXCERPT[name]["output_length"]


@pytest.mark.parametrize(
    ("name", "shots", "instruction"),
    [("niilc", prompts.NIILC_FEW_SHOTS, prompts.NIILC_INSTRUCTION),
     ("jemhopqa", prompts.JEMHOPQA_FEW_SHOTS, prompts.JEMHOPQA_INSTRUCTION)],
)  # fmt: skip
def test_shots_and_instruction_are_the_authors(name: str, shots: list, instruction: str) -> None:
    assert [{"input": q, "output": a} for q, a in shots] == EXCERPT[name]["few_shots"]
    assert instruction == EXCERPT[name]["instruction"]


def test_yes_no_shots_teach_the_gold_format() -> None:
    # 45 of JEMHopQA's 120 golds are YES/NO; the shots must show that answer form.
    assert {a for _, a in prompts.JEMHOPQA_FEW_SHOTS} >= {"YES", "NO"}
