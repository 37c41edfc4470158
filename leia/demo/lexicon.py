"""The words and sentence patterns each wiki is written with.

English, Japanese and Swahili are written by hand. Any other language gets a stable invented
vocabulary in its own script (drawn from a generator seeded by the language code), so its articles
are distinct from English while the markup stays what real wikis use.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

from leia.demo.names import draw_words, render

TYPES = ("person", "city", "country", "organization", "work")
OCCUPATIONS = (
    "painter", "poet", "engineer", "physician", "composer", "architect",
    "mathematician", "journalist", "actor", "philosopher", "chemist", "farmer",
)  # fmt: skip
OCC_PLURAL_EN = tuple(o + "s" for o in OCCUPATIONS)
ORG_KINDS = ("institute", "company", "university", "society")
WORK_KINDS = ("novel", "film", "song", "painting")


@dataclass(frozen=True)
class Lexicon:
    lang: str
    type_noun: dict[str, str]  # "a person" in a lead sentence
    lead: str  # {name} {en} {type}
    neutral: tuple[str, ...]  # sentences with {x} (subject) and {y} (a link) that state no fact
    occupations: tuple[str, ...]
    org_kinds: tuple[str, ...]  # patterns with {n}
    work_kinds: tuple[str, ...]
    qualifier: dict[str, str]  # title disambiguation, e.g. "city" -> "(city)"
    headings: dict[str, str]
    list_countries: str
    category_of: dict[str, str]  # per entity type (category page titles without prefix)
    file_caption: str  # {x}
    website: str


_EN = Lexicon(
    lang="en",
    type_noun={t: t for t in TYPES},
    lead="",
    neutral=(
        "{x} is often mentioned together with {y}.",
        "There are several accounts of the relation between {x} and {y}.",
        "Records about {x} are also kept in {y}.",
        "{y} is discussed in connection with {x}.",
        "The name {x} also appears in writings about {y}.",
    ),
    occupations=OCCUPATIONS,
    org_kinds=("{n} Institute", "{n} Company", "University of {n}", "{n} Society"),
    work_kinds=WORK_KINDS,
    qualifier={
        "person": "person",
        "city": "city",
        "country": "country",
        "organization": "organization",
        "work": "work",
    },  # fmt: skip
    headings={
        "overview": "Overview",
        "history": "History",
        "see_also": "See also",
        "references": "References",
        "external": "External links",
    },  # fmt: skip
    list_countries="List of countries",
    category_of={
        "person": "People",
        "city": "Cities",
        "country": "Countries",
        "organization": "Organizations",
        "work": "Works",
    },  # fmt: skip
    file_caption="{x} in an old photograph",
    website="Official website",
)

_JA = Lexicon(
    lang="ja",
    type_noun={"person": "人物", "city": "都市", "country": "国家", "organization": "組織", "work": "作品"},
    lead="'''{name}'''（{{{{lang-en|{en}}}}}）は、{type}である。",
    neutral=(
        "{x}は{y}とともに言及されることが多い。",
        "{x}と{y}の関係については諸説ある。",
        "{x}に関する資料は{y}にも残されている。",
        "{y}は{x}に言及している。",
        "{x}の名は{y}の記録にも見られる。",
    ),
    occupations=(
        "画家",
        "詩人",
        "技術者",
        "医師",
        "作曲家",
        "建築家",
        "数学者",
        "ジャーナリスト",
        "俳優",
        "哲学者",
        "化学者",
        "農家",
    ),  # fmt: skip
    org_kinds=("{n}研究所", "{n}社", "{n}大学", "{n}協会"),
    work_kinds=("小説", "映画", "楽曲", "絵画"),
    qualifier={"person": "人物", "city": "都市", "country": "国", "organization": "組織", "work": "作品"},
    headings={
        "overview": "概要",
        "history": "歴史",
        "see_also": "関連項目",
        "references": "脚注",
        "external": "外部リンク",
    },  # fmt: skip
    list_countries="国の一覧",
    category_of={"person": "人物", "city": "都市", "country": "国", "organization": "組織", "work": "作品"},
    file_caption="{x}の古い写真",
    website="公式ウェブサイト",
)

_SW = Lexicon(
    lang="sw",
    type_noun={
        "person": "mtu",
        "city": "mji",
        "country": "nchi",
        "organization": "shirika",
        "work": "kazi ya sanaa",
    },
    lead="'''{name}''' ni {type}.",
    neutral=(
        "{x} mara nyingi hutajwa pamoja na {y}.",
        "Kuna maoni mbalimbali kuhusu uhusiano kati ya {x} na {y}.",
        "Kumbukumbu za {x} zinapatikana pia katika {y}.",
        "{y} imemtaja {x}.",
        "Jina la {x} linaonekana pia katika habari za {y}.",
    ),
    occupations=(
        "mchoraji",
        "mshairi",
        "mhandisi",
        "daktari",
        "mtunzi",
        "msanifu majengo",
        "mwanahisabati",
        "mwandishi wa habari",
        "mwigizaji",
        "mwanafalsafa",
        "mwanakemia",
        "mkulima",
    ),  # fmt: skip
    org_kinds=("Taasisi ya {n}", "Kampuni ya {n}", "Chuo Kikuu cha {n}", "Chama cha {n}"),
    work_kinds=("riwaya", "filamu", "wimbo", "mchoro"),
    qualifier={"person": "mtu", "city": "mji", "country": "nchi", "organization": "shirika", "work": "kazi"},
    headings={
        "overview": "Maelezo",
        "history": "Historia",
        "see_also": "Tazama pia",
        "references": "Marejeo",
        "external": "Viungo vya nje",
    },  # fmt: skip
    list_countries="Orodha ya nchi",
    category_of={
        "person": "Watu",
        "city": "Miji",
        "country": "Nchi",
        "organization": "Mashirika",
        "work": "Kazi",
    },
    file_caption="{x} katika picha ya zamani",
    website="Tovuti rasmi",
)

_HAND = {"en": _EN, "ja": _JA, "sw": _SW}


def _invented(lang: str) -> Lexicon:
    rng = np.random.default_rng(zlib.crc32(f"lexicon:{lang}".encode()))
    words = [render(w, lang).lower() for w in draw_words(rng, 80, 1, 3)]  # common words: lower case
    it = iter(words)

    def w() -> str:
        return next(it)

    def phrase(n: int) -> str:
        return " ".join(w() for _ in range(n)).capitalize()

    type_noun = {t: w() for t in TYPES}
    neutral = (
        f"{{x}} {w()} {{y}} {w()}.",
        f"{{x}} {w()} {w()} {{y}}.",
        f"{{y}} {w()} {{x}} {w()} {w()}.",
        f"{w().capitalize()} {{x}} {w()} {{y}}.",
        f"{{x}} {w()} {{y}} {w()} {w()}.",
    )
    return Lexicon(
        lang=lang,
        type_noun=type_noun,
        lead=f"'''{{name}}''' ({{{{{{{{lang-en|{{en}}}}}}}}}}) {w()} {{type}}.",
        neutral=neutral,
        occupations=tuple(w() for _ in OCCUPATIONS),
        org_kinds=tuple(f"{{n}} {w()}" for _ in ORG_KINDS),
        work_kinds=tuple(w() for _ in WORK_KINDS),
        qualifier=type_noun,
        headings={k: phrase(1) for k in ("overview", "history", "see_also", "references", "external")},
        list_countries=f"{w()} {type_noun['country']}".capitalize(),  # page titles start upper-case
        category_of={t: w().capitalize() for t in TYPES},
        file_caption=f"{{x}} {w()}",
        website=phrase(2),
    )


@cache
def lexicon(lang: str) -> Lexicon:
    return _HAND.get(lang) or _invented(lang)
