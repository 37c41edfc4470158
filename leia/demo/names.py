"""Invented names: sequences of syllables, rendered in English and transliterated into any script.

A syllable is (onset, vowel, coda); a name is a tuple of syllable ids. Each script has a table from
syllable id to text, so transliteration is one lookup per syllable.
"""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np

from leia.demo.langs import script_of

ONSETS = ("", "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
VOWELS = ("a", "e", "i", "o", "u")
CODAS = ("", "n", "r", "s")
N_SYL = len(ONSETS) * len(VOWELS) * len(CODAS)


def syl_parts(s: int) -> tuple[int, int, int]:
    return s // 20, (s // 4) % 5, s % 4


_KATAKANA = {
    "": "アイウエオ", "b": "バビブベボ", "d": "ダディドゥデド", "f": "ファフィフフェフォ", "g": "ガギグゲゴ",
    "h": "ハヒフヘホ", "k": "カキクケコ", "l": "ラリルレロ", "m": "マミムメモ", "n": "ナニヌネノ",
    "p": "パピプペポ", "r": "ラリルレロ", "s": "サシスセソ", "t": "タティトゥテト", "v": "ヴァヴィヴヴェヴォ",
    "z": "ザジズゼゾ",
}  # fmt: skip
_KANA_SPLIT = {"ディ", "ドゥ", "ファ", "フィ", "フェ", "フォ", "ティ", "トゥ", "ヴァ", "ヴィ", "ヴェ", "ヴォ"}


def _kana_row(row: str) -> list[str]:
    out, i = [], 0
    while i < len(row):
        two = row[i : i + 2]
        if two in _KANA_SPLIT:
            out.append(two)
            i += 2
        else:
            out.append(row[i])
            i += 1
    return out


_HAN = (  # one transliteration character per onset x vowel
    "阿埃伊奥乌巴贝比博布达德迪多杜法费菲佛富加格吉戈古哈赫希霍胡卡克基科库"
    "拉莱利洛卢马梅米莫穆纳内尼诺努帕佩皮波普拉雷里罗鲁萨塞西索苏塔特蒂托图瓦维韦沃武扎泽齐佐祖"
)
_CYR = dict(zip("bdfghklmnprstvz", "бдфгхклмнпрствз", strict=True)) | {"": ""}
_CYR_V = dict(zip("aeiou", "аеиоу", strict=True))
_GRK = dict(zip("bdfghklmnprstvz", "βδφγχκλμνπρστβζ", strict=True)) | {"": ""}
_GRK_V = {"a": "α", "e": "ε", "i": "ι", "o": "ο", "u": "ου"}
_ARB = dict(zip("bdfghklmnprstvz", "بدفغهكلمنبرستفز", strict=True)) | {"": "ا"}
_ARB_V = {"a": "ا", "e": "ي", "i": "ي", "o": "و", "u": "و"}
_DEV = dict(zip("bdfghklmnprstvz", "बदफगहकलमनपरसतवज", strict=True))
_DEV_V = {"a": "", "e": "े", "i": "ि", "o": "ो", "u": "ु"}
_DEV_IND = {"a": "अ", "e": "ए", "i": "इ", "o": "ओ", "u": "उ"}
_HEB = dict(zip("bdfghklmnprstvz", "בדפגהקלמנפרסטוז", strict=True)) | {"": "א"}
_HEB_V = {"a": "", "e": "", "i": "י", "o": "ו", "u": "ו"}
_HANGUL_L = dict(zip(ONSETS, (11, 7, 3, 17, 0, 18, 15, 5, 6, 2, 17, 5, 9, 16, 7, 12), strict=True))
_HANGUL_V = {"a": 0, "e": 5, "i": 20, "o": 8, "u": 13}


def _render(script: str, lang: str) -> list[str]:
    """The table syllable id -> text for one script (and, for Latin, one language's spelling)."""
    subs: dict[str, str] = {}
    coda = {"": "", "n": "n", "r": "r", "s": "s"}
    if script == "latin" and lang == "sw":  # Swahili words end in vowels: Voss -> Vosi
        coda = {"": "", "n": "ni", "r": "", "s": "si"}
    elif script == "latin" and lang != "en":  # a stable per-language spelling shift
        options = [("k", "c"), ("v", "w"), ("z", "s"), ("f", "ph"), ("h", "j"), ("g", "gh")]
        h = zlib.crc32(lang.encode())
        subs = dict([options[h % 6], options[(h // 6) % 6]])
    table = []
    for s in range(N_SYL):
        oi, vi, ci = syl_parts(s)
        o, v, c = ONSETS[oi], VOWELS[vi], CODAS[ci]
        if script == "latin":
            table.append(subs.get(o, o) + v + coda[c])
        elif script == "katakana":
            kana = _kana_row(_KATAKANA[o])["aiueo".index(v)]  # kana rows run a-i-u-e-o
            table.append(kana + {"": "", "n": "ン", "r": "ー", "s": "ス"}[c])
        elif script == "han":
            table.append(_HAN[oi * 5 + vi] + {"": "", "n": "恩", "r": "尔", "s": "斯"}[c])
        elif script == "cyrillic":
            table.append(_CYR[o] + _CYR_V[v] + {"": "", "n": "н", "r": "р", "s": "с"}[c])
        elif script == "greek":
            table.append(_GRK[o] + _GRK_V[v] + {"": "", "n": "ν", "r": "ρ", "s": "σ"}[c])
        elif script == "arabic":
            table.append(_ARB[o] + _ARB_V[v] + {"": "", "n": "ن", "r": "ر", "s": "س"}[c])
        elif script == "devanagari":
            base = _DEV_IND[v] if not o else _DEV[o] + _DEV_V[v]
            table.append(base + {"": "", "n": "ं", "r": "र्", "s": "स्"}[c])
        elif script == "hebrew":
            table.append(_HEB[o] + _HEB_V[v] + {"": "", "n": "ן", "r": "ר", "s": "ס"}[c])
        elif script == "hangul":
            jong = {"": 0, "n": 4, "r": 8, "s": 0}[c]
            ch = chr(0xAC00 + (_HANGUL_L[o] * 21 + _HANGUL_V[v]) * 28 + jong)
            table.append(ch + ("스" if c == "s" else ""))
        else:  # pragma: no cover - _SCRIPTS only names the scripts above
            raise ValueError(script)
    return table


@cache
def table_for(lang: str) -> tuple[str, ...]:
    return tuple(_render("latin" if lang == "en" else script_of(lang), lang))


_CASED = {"latin", "cyrillic", "greek"}
_JOIN = {"katakana": "・", "han": "·"}


def render(syls: tuple[int, ...], lang: str) -> str:
    """One word of a name in `lang` (capitalised where the script has case)."""
    table = table_for(lang)
    word = "".join([table[s] for s in syls])
    return word.capitalize() if lang == "en" or script_of(lang) in _CASED else word


def name_joiner(lang: str) -> str:
    """What separates given and family name ('・' in Japanese)."""
    return "" if lang == "en" else _JOIN.get(script_of(lang), "")


def draw_words(rng: np.random.Generator, n: int, min_syl: int = 2, max_syl: int = 3) -> list[tuple[int, ...]]:
    """`n` distinct random words (syllable tuples); vowel-initial syllables only at the start."""
    out: dict[tuple[int, ...], None] = {}
    while len(out) < n:
        k = max(n - len(out), 16) * 2
        lengths = rng.integers(min_syl, max_syl + 1, size=k)
        onset = rng.integers(1, len(ONSETS), size=(k, max_syl))
        onset[:, 0] = np.where(rng.random(k) < 0.15, 0, onset[:, 0])
        vowel = rng.integers(0, len(VOWELS), size=(k, max_syl))
        # codas are rare inside a word, commoner at its end
        coda = np.where(rng.random((k, max_syl)) < 0.12, rng.integers(1, len(CODAS), size=(k, max_syl)), 0)
        last = np.where(rng.random(k) < 0.35, rng.integers(1, len(CODAS), size=k), 0)
        coda[np.arange(k), lengths - 1] = last
        syl = onset * 20 + vowel * 4 + coda
        for row, length in zip(syl.tolist(), lengths.tolist(), strict=True):
            out.setdefault(tuple(row[:length]), None)
            if len(out) == n:
                break
    return list(out)
