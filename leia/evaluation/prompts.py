"""The paper's prompts (Figures 2-6), as plain functions shared by the lm-eval task files and the tests.

Sources, each read at a pinned commit:
- X-CSQA (Figure 2): `Question: {stem}\\nAnswer:` + `" " + choice`; X-CODAH: no prompt, choices alone.
  studio-ousia/leia@7c1eac8adf648009f3954c8f31f0c54e1a2ff8de, `leia/tasks/{xcsqa,xcodah,base}.py`.
- JCommonsenseQA: JP LM Evaluation Harness `jcommonsenseqa-1.1-0.2.1` (JCommonsenseQAWithFintanPromptV21).
- JAQKET: JP LM Evaluation Harness `jaqket_v1-0.1-0.2` (JAQKETV1WithFintanPrompt).
  Both: Stability-AI/lm-evaluation-harness@9b42d412d040084bb270ca87199b7da9a91a9d7d,
  `lm_eval/tasks/ja/{jcommonsenseqa,jaqket_v1}.py` (the commit leia-llm/leia pins).
- NIILC / JEMHopQA: llm-jp-eval v1.0.0 as the authors re-implemented it (their code and data files, pinned
  below), with its four fixed few-shot examples.
"""

from __future__ import annotations

from collections.abc import Sequence

# --- JP LM Evaluation Harness ---------------------------------------------------------------------
# Both descriptions end with a space before the blank line, exactly as in the harness.
JCSQA_DESCRIPTION = "与えられた選択肢の中から、最適な答えを選んでください。 \n\n"
JAQKET_DESCRIPTION = (
    "文章と質問と回答の選択肢を入力として受け取り、選択肢から質問に対する回答を選択してください。"
    "なお、回答は選択肢の番号(例:0)でするものとします。 \n\n"
)
JAQKET_CONTEXT_LIMIT = 128  # tokens of the model's tokenizer, per context, in the evaluated item
JAQKET_SHOT_CONTEXT_LIMIT = JAQKET_CONTEXT_LIMIT // 2  # in the few-shot examples


def xcsqa_text(stem: str) -> str:
    return f"Question: {stem}\nAnswer:"


def jcsqa_text(question: str, choices: Sequence[str]) -> str:
    listed = "\n".join(f"- {c}" for c in choices)
    return f"質問：{question}\n選択肢：\n{listed}\n回答："


def jaqket_qa(question: str, choices: Sequence[str]) -> str:
    numbered = ",".join(f"{i}.{c}" for i, c in enumerate(choices))
    return f"質問:{question}\n選択肢:{numbered}\n回答:"


def jaqket_text(question: str, choices: Sequence[str], contexts: Sequence[str]) -> str:
    """The evaluated item: all five truncated contexts, then the question and numbered choices."""
    return "文章:" + "\n".join(contexts) + "\n" + jaqket_qa(question, choices)


def jaqket_shot_choices(choices: Sequence[str], contexts: Sequence[str]) -> tuple[list[str], list[str]]:
    """The choices/contexts a few-shot example shows: the harness keeps "the gold and one wrong" choice,
    but compares the integer label with the choice strings, which never matches, so it keeps the first
    two. The shot's answer is still the gold *index* (`jaqket_shot_target`). Reproduced as is."""
    return list(choices[:2]), list(contexts[:2])


def jaqket_shot_target(label: int) -> str:
    return f"{label}"


# --- llm-jp-eval v1.0.0, as the authors ran it -----------------------------------------------------
# The authors' own implementation and data: leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9
# (`leia/tasks/llm_jp_eval.py`, `leia/tasks/data/llm-jp-eval/{niilc,jemhopqa}.json`; unchanged at
# defbd7c607a55bf6bf844639dbd80f71c9e80f9c). llm-jp-eval's own source was not available to compare.
LLMJP_SOURCE = "leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9"
LLMJP_HEADER = (
    "以下はタスクを説明する指示と、追加の背景情報を提供する入力の組み合わせです。"
    "要求を適切に満たす回答を書いてください。"
)
NIILC_INSTRUCTION = "質問に対する答えを出力してください。答えが複数の場合、コンマ（,）で繋げてください。"
JEMHOPQA_INSTRUCTION = (
    "質問を入力とし、回答を出力してください。回答の他には何も含めないことを厳守してください。"
)
NIILC_MAX_NEW_TOKENS = 180  # `output_length` in the authors' niilc.json
JEMHOPQA_MAX_NEW_TOKENS = 15  # `output_length` in the authors' jemhopqa.json

# The `few_shots` of the authors' data files, in their order (their code takes the first four).
NIILC_FEW_SHOTS: list[tuple[str, str]] = [
    ("質問：ワールドカップは何年に一度開催されるの？", "4年"),
    ("質問：リアス式海岸は日本のどこにある？",
     "三陸海岸の中部から南部,房総半島南部,若狭湾周辺,紀伊半島東部・南部,山陰海岸,宇和海,日豊海岸,"
     "日南海岸中部から南部,浅茅湾（長崎県対馬）,長崎県九十九島"),
    ("質問：ビートルズのメンバーの名前は？",
     "ジョン・レノン（ボーカル・ギター）,ポール・マッカートニー（ボーカル・ベース）,"
     "ジョージ・ハリスン（ギター・ボーカル）,リンゴ・スター（ドラムス・ボーカル）"),
    ("質問：サッカーのイエローカードはいつ出るの？", "非紳士的行為等を行ったとき"),
]  # fmt: skip
JEMHOPQA_FEW_SHOTS: list[tuple[str, str]] = [
    ("質問：『仮面ライダー電王』と『あまちゃん』、放送回数が多いのはどちらでしょう？", "あまちゃん"),
    ("質問：清原果耶と森田成一で活動開始が早かったのはどちらですか？", "森田成一"),
    ("質問：島津氏と平氏は、どちらも日本の氏族ですか？", "YES"),
    (
        "質問：『ぼくらが旅に出る理由』と『ボーン・トゥ・ラヴ・ユー』はどちらも小沢健二のシングルですか？",
        "NO",
    ),
]


def llmjp_prompt(instruction: str, few_shots: Sequence[tuple[str, str]], question: str) -> str:
    """The authors' `LLMJPEvalBase._create_context`: header, instruction and a blank line; the shots
    joined by a blank line; a blank line; then the query. `question` is the bare question (no `質問：`)."""
    context = f"{LLMJP_HEADER}\n### 指示\n{instruction}\n\n"
    if few_shots:
        context += "\n\n".join(f"### 入力：\n{q}\n### 回答：\n{a}" for q, a in few_shots) + "\n\n"
    return context + f"### 入力：\n質問：{question}\n### 回答：\n"


def niilc_text(question: str) -> str:
    return llmjp_prompt(NIILC_INSTRUCTION, NIILC_FEW_SHOTS, question)


def jemhopqa_text(question: str) -> str:
    return llmjp_prompt(JEMHOPQA_INSTRUCTION, JEMHOPQA_FEW_SHOTS, question)
