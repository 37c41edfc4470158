"""Namespace lists and magic words per wiki, as the wikis' own siteinfo gives them."""

from __future__ import annotations

from dataclasses import dataclass

# key -> (case, English name); the full list a Wikipedia export carries.
_EN_NS = {
    -2: "Media", -1: "Special", 0: "", 1: "Talk", 2: "User", 3: "User talk", 4: "Wikipedia",
    5: "Wikipedia talk", 6: "File", 7: "File talk", 8: "MediaWiki", 9: "MediaWiki talk", 10: "Template",
    11: "Template talk", 12: "Help", 13: "Help talk", 14: "Category", 15: "Category talk", 100: "Portal",
    101: "Portal talk", 118: "Draft", 119: "Draft talk", 710: "TimedText", 711: "TimedText talk",
    828: "Module", 829: "Module talk",
}  # fmt: skip
_CASE_SENSITIVE = {710, 711}

_JA_NS = {
    -2: "メディア", -1: "特別", 0: "", 1: "ノート", 2: "利用者", 3: "利用者‐会話", 4: "Wikipedia",
    5: "Wikipedia‐ノート", 6: "ファイル", 7: "ファイル‐ノート", 8: "MediaWiki", 9: "MediaWiki‐ノート",
    10: "Template", 11: "Template‐ノート", 12: "Help", 13: "Help‐ノート", 14: "Category",
    15: "Category‐ノート", 100: "Portal", 101: "Portal‐ノート", 102: "プロジェクト",
    103: "プロジェクト‐ノート", 710: "TimedText",
    711: "TimedText talk", 828: "モジュール", 829: "モジュール‐ノート",
}  # fmt: skip

_SW_NS = {
    -2: "Media", -1: "Maalum", 0: "", 1: "Majadiliano", 2: "Mtumiaji", 3: "Majadiliano ya mtumiaji",
    4: "Wikipedia", 5: "Majadiliano ya Wikipedia", 6: "Picha", 7: "Majadiliano ya faili", 8: "MediaWiki",
    9: "Majadiliano ya MediaWiki", 10: "Kigezo", 11: "Majadiliano ya kigezo", 12: "Msaada",
    13: "Majadiliano ya msaada", 14: "Jamii", 15: "Majadiliano ya jamii", 100: "Lango",
    101: "Majadiliano ya lango", 710: "TimedText", 711: "TimedText talk", 828: "Moduli",
    829: "Majadiliano ya moduli",
}  # fmt: skip


@dataclass(frozen=True)
class WikiInfo:
    lang: str
    namespaces: dict[int, str]
    redirect_word: str  # the #REDIRECT magic word used in redirect pages
    category_alias: str  # another accepted spelling of the Category prefix ('' if none)
    file_alias: str  # another accepted spelling of the File prefix

    @property
    def dbname(self) -> str:
        return f"{self.lang}wiki"

    def prefix(self, ns: int) -> str:
        return f"{self.namespaces[ns]}:" if ns else ""

    def case(self, ns: int) -> str:
        return "case-sensitive" if ns in _CASE_SENSITIVE else "first-letter"


def wiki_info(lang: str) -> WikiInfo:
    if lang == "ja":
        return WikiInfo(lang, _JA_NS, "#転送", "カテゴリ", "画像")
    if lang == "sw":
        return WikiInfo(lang, _SW_NS, "#REDIRECT", "Category", "File")
    if lang == "en":
        return WikiInfo(lang, _EN_NS, "#REDIRECT", "", "Image")
    return WikiInfo(lang, _EN_NS, "#REDIRECT", "", "Image")
