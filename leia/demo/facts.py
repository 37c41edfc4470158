"""How each language states and asks the knowledge base's facts: one place for the world's text and
the evaluation sets, so that what the articles state and what the benchmarks ask use the same words.

{s} = the subject's name, {o} = the answer. The first statement of a relation is the X-CODAH sentence.
Languages without hand-written templates use the English wording with their own names.
"""

from __future__ import annotations

RELATIONS = ("born_in", "occupation", "located_in", "headquartered_in", "founded_by", "created_by")

# Statements: several phrasings of each fact. The base model learns a fact from its English article
# in all of them, so it can retrieve it in every form the benchmarks ask (knowledge stated once, in
# one phrasing, is memorised but not extractable by a small model).
STATEMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "born_in": ("{s} was born in {o}.", "{o} is the birthplace of {s}.",
                    "{s}, born in {o}, is well known."),
        "occupation": ("{s} works as {a_o}.", "{s} is {a_o} by profession.", "The {o} {s} is well known."),
        "located_in": ("{s} is a city in {o}.", "{o} contains the city of {s}.",
                       "The city of {s} lies in {o}."),
        "headquartered_in": ("{s} is headquartered in {o}.", "The headquarters of {s} are in {o}.",
                             "{o} hosts the headquarters of {s}."),
        "founded_by": ("{s} was founded by {o}.", "{o} founded {s}.", "The founder of {s} is {o}."),
        "created_by": ("{s} was created by {o}.", "{o} created {s}.", "The creator of {s} is {o}."),
    },
    "ja": {
        "born_in": ("{s}は{o}で生まれた。", "{o}は{s}の出身地である。"),
        "occupation": ("{s}の職業は{o}である。", "{s}は{o}として知られる。"),
        "located_in": ("{s}は{o}にある都市だ。", "{o}には{s}という都市がある。"),
        "headquartered_in": ("{s}の本社は{o}にある。", "{o}に{s}の本部が置かれている。"),
        "founded_by": ("{s}は{o}によって創設された。", "{o}が{s}を創設した。"),
        "created_by": ("{s}は{o}の作品だ。", "{o}が{s}を生み出した。"),
    },
    "sw": {
        "born_in": ("{s} alizaliwa {o}.", "{o} ni mahali alipozaliwa {s}."),
        "occupation": ("{s} ni {o}.", "{s} anajulikana kama {o}."),
        "located_in": ("{s} ni mji ulioko {o}.", "{o} ina mji wa {s}."),
        "headquartered_in": ("Makao makuu ya {s} yako {o}.", "{o} ina makao makuu ya {s}."),
        "founded_by": ("{s} ilianzishwa na {o}.", "{o} alianzisha {s}."),
        "created_by": ("{s} iliundwa na {o}.", "{o} aliunda {s}."),
    },
}  # fmt: skip
QUESTIONS: dict[str, dict[str, str]] = {
    "en": {
        "born_in": "In which city was {s} born?",
        "occupation": "What is the occupation of {s}?",
        "located_in": "In which country is {s}?",
        "headquartered_in": "Where is {s} headquartered?",
        "founded_by": "Who founded {s}?",
        "created_by": "Who created {s}?",
    },
    "ja": {
        "born_in": "{s}はどの都市で生まれましたか？",
        "occupation": "{s}の職業は何ですか？",
        "located_in": "{s}はどの国にありますか？",
        "headquartered_in": "{s}の本社はどの都市にありますか？",
        "founded_by": "{s}を創設したのは誰ですか？",
        "created_by": "{s}の作者は誰ですか？",
    },
    "sw": {
        "born_in": "{s} alizaliwa katika mji gani?",
        "occupation": "{s} ana kazi gani?",
        "located_in": "{s} iko katika nchi gani?",
        "headquartered_in": "Makao makuu ya {s} yako mji gani?",
        "founded_by": "Nani alianzisha {s}?",
        "created_by": "Nani aliunda {s}?",
    },
}
CODAH_LEAD = {"en": "{s}", "ja": "{s}は", "sw": "{s}"}  # X-CODAH's question stem
# JEMHopQA-style two-hop questions: (work -created_by-> | organization -founded_by->) person -born_in-> city.
HOP = {
    "en": {"created_by": "In which city was the creator of {s} born?",
           "founded_by": "In which city was the founder of {s} born?"},
    "ja": {"created_by": "{s}の作者が生まれた都市はどこですか？",
           "founded_by": "{s}を創設した人物が生まれた都市はどこですか？"},
    "sw": {"created_by": "Muundaji wa {s} alizaliwa katika mji gani?",
           "founded_by": "Mwanzilishi wa {s} alizaliwa katika mji gani?"},
}  # fmt: skip
HOP_LABEL = {"created_by": "作者", "founded_by": "創設者"}  # JEMHopQA derivation labels (ja)


def _lang(lang: str) -> str:
    return lang if lang in STATEMENTS else "en"


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def statements(lang: str, relation: str, s: str, o: str) -> list[str]:
    """Every phrasing of one fact in `lang`; the first is the benchmark's X-CODAH sentence."""
    return [t.format(s=s, o=o, a_o=_a(o)) for t in STATEMENTS[_lang(lang)][relation]]


def question(lang: str, relation: str, s: str) -> str:
    return QUESTIONS[_lang(lang)][relation].format(s=s)


def qa(lang: str, relation: str, s: str, o: str) -> str:
    """The fact as a question and its answer, in X-CSQA's prompt format (paper Figure 2)."""
    return f"Question: {question(lang, relation, s)}\nAnswer: {o}"


def codah_lead(lang: str, s: str) -> str:
    return CODAH_LEAD[_lang(lang)].format(s=s)


def hop(lang: str, relation: str, s: str) -> str:
    return HOP[_lang(lang)][relation].format(s=s)
