"""The ground-truth knowledge base: entities, their names in every language, facts, and which wikis
have an article about them (design §1a)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path

import numpy as np
import orjson

from leia.demo.langs import script_of
from leia.demo.lexicon import OCCUPATIONS, TYPES, WORK_KINDS, lexicon
from leia.demo.names import draw_words, name_joiner, render

FIRST_QID = 1001
TYPE_SHARE = {"country": 0.05, "city": 0.2, "organization": 0.15, "work": 0.15}
MIN_SIZE = 20
# Page coverage: English-only entities, entities with target-language pages but no English one, and
# otherwise the chance that each target wiki has an article.
EN_ONLY, NO_EN, TARGET_PAGE, UNCONNECTED = 0.15, 0.08, 0.8, 0.03
# Entities whose facts the target-language articles state too ("bridge" facts: they teach a target
# language how facts are said); the others' facts are stated in English only, and only those are asked
# by the evaluation sets (docs/demo-world.md).
BRIDGE = 0.5
_PAREN = re.compile(r" \([^()]*\)$")


def strip_qualifier(title: str) -> str:
    """'Washington (state)' -> 'Washington' (the paper's clean-up of English names)."""
    return _PAREN.sub("", title)


@dataclass
class Entity:
    qid: str
    type: str
    names: dict[str, str]
    facts: list[dict]
    pages: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    unconnected: list[str] = field(default_factory=list)
    stated_in: list[str] = field(default_factory=list)  # wikis whose article states the facts
    occupation: int = -1  # index into OCCUPATIONS (persons)
    kind: int = -1  # index into ORG_KINDS / WORK_KINDS

    def to_json(self) -> dict:
        return {
            "qid": self.qid,
            "type": self.type,
            "names": self.names,
            "facts": self.facts,
            "pages": self.pages,
            "titles": self.titles,
            "unconnected": self.unconnected,
            "stated_in": self.stated_in,
        }

    def fact(self, relation: str) -> dict | None:
        return next((f for f in self.facts if f["relation"] == relation), None)


@dataclass
class KB:
    languages: list[str]  # target languages (en excluded)
    entities: list[Entity]

    @property
    def wikis(self) -> list[str]:
        return ["en", *self.languages]

    def by_qid(self) -> dict[str, Entity]:
        return {e.qid: e for e in self.entities}


def _type_counts(size: int) -> dict[str, int]:
    counts = {t: max(2, round(size * s)) for t, s in TYPE_SHARE.items()}
    counts["person"] = size - sum(counts.values())
    return counts


def build_kb(rng: np.random.Generator, size: int, languages: list[str]) -> KB:
    wikis = ["en", *languages]
    counts = _type_counts(size)
    types = np.array([t for t in TYPES for _ in range(counts[t])])
    types = types[rng.permutation(size)].tolist()
    idx = {t: [i for i, x in enumerate(types) if x == t] for t in TYPES}

    # Words: persons share given/family pools (some full names repeat, as in life); places and
    # works get their own words.
    n_person = counts["person"]
    words = draw_words(rng, max(40, n_person // 3) + max(60, n_person // 2) + size, 2, 3)
    n_given = max(40, n_person // 3)
    given, family, rest = words[:n_given], words[n_given : n_given + max(60, n_person // 2)], words[-size:]
    g_pick = rng.integers(0, len(given), size=size).tolist()
    f_pick = rng.integers(0, len(family), size=size).tolist()
    apostrophe = (rng.random(size) < 0.03).tolist()
    occ = rng.integers(0, len(OCCUPATIONS), size=size).tolist()
    kind = rng.integers(0, len(WORK_KINDS), size=size).tolist()

    entities: list[Entity] = []
    for i, t in enumerate(types):
        names: dict[str, str] = {}
        for lang in wikis:
            if t == "person":
                g, f = render(given[g_pick[i]], lang), render(family[f_pick[i]], lang)
                if apostrophe[i] and (lang == "en" or script_of(lang) == "latin"):
                    f = "O'" + f
                names[lang] = g + (name_joiner(lang) or " ") + f
            elif t == "organization":
                names[lang] = lexicon(lang).org_kinds[kind[i]].format(n=render(rest[i], lang))
            else:
                names[lang] = render(rest[i], lang)
        entities.append(Entity(f"Q{FIRST_QID + i}", t, names, [], [], occupation=occ[i], kind=kind[i]))

    _assign_pages(rng, entities, languages)
    bridge = (rng.random(size) < BRIDGE).tolist()
    for e, b in zip(entities, bridge, strict=True):
        e.stated_in = [w for w in e.pages if w == "en" or (b and "en" in e.pages)]
    _assign_facts(rng, entities, idx, wikis)
    _assign_titles(entities, wikis)
    return KB(languages, entities)


def _assign_pages(rng: np.random.Generator, entities: list[Entity], languages: list[str]) -> None:
    n = len(entities)
    u = rng.random(n)
    has = rng.random((n, len(languages))) < TARGET_PAGE
    unconnected = rng.random((n, len(languages))) < UNCONNECTED
    for i, e in enumerate(entities):
        if u[i] < EN_ONLY:
            e.pages = ["en"]
            continue
        targets = [lang for j, lang in enumerate(languages) if has[i, j]]
        if u[i] < EN_ONLY + NO_EN:
            e.pages = targets or [languages[i % len(languages)]]
        else:
            e.pages = ["en", *targets]
        e.unconnected = [lang for j, lang in enumerate(languages) if unconnected[i, j] and lang in e.pages]


def _assign_facts(rng: np.random.Generator, entities: list[Entity], idx: dict[str, list[int]], wikis) -> None:
    def pool(t: str) -> list[int]:
        # fact objects are preferably entities with an English article, so the fact can be linked
        with_en = [i for i in idx[t] if "en" in entities[i].pages]
        return with_en or idx[t]

    pools = {t: pool(t) for t in TYPES}
    n = len(entities)
    draws = {t: rng.integers(0, len(pools[t]), size=(n, 2)).tolist() for t in TYPES}
    for i, e in enumerate(entities):

        def obj(t: str, k: int = 0, i: int = i) -> str:
            return entities[pools[t][draws[t][i][k]]].qid

        if e.type == "person":
            o = e.occupation
            e.facts = [
                {"relation": "born_in", "object": obj("city")},
                {"relation": "occupation", "value": {lang: lexicon(lang).occupations[o] for lang in wikis}},
            ]
        elif e.type == "city":
            e.facts = [{"relation": "located_in", "object": obj("country")}]
        elif e.type == "organization":
            e.facts = [
                {"relation": "headquartered_in", "object": obj("city")},
                {"relation": "founded_by", "object": obj("person", 1)},
            ]
        elif e.type == "work":
            e.facts = [{"relation": "created_by", "object": obj("person")}]


def _assign_titles(entities: list[Entity], wikis: list[str]) -> None:
    """Page titles, unique per wiki: clashing names get a parenthesised qualifier, as on Wikipedia."""
    taken: dict[str, set[str]] = {lang: set() for lang in wikis}
    for e in entities:
        for lang in e.pages:
            name = e.names[lang]
            lex = lexicon(lang)
            if lang == "en" and e.type == "city" and int(e.qid[1:]) % 4 == 0:
                first = f"{name} (city)"  # disambiguated even without a clash: 'Washington (state)'
            elif lang == "en" and e.type == "work" and int(e.qid[1:]) % 2 == 0:
                first = f"{name} ({WORK_KINDS[e.kind]})"
            else:
                first = name
            qual = OCCUPATIONS[e.occupation] if lang == "en" and e.type == "person" else lex.qualifier[e.type]
            candidates = chain([first, f"{name} ({qual})"], (f"{name} ({qual} {k})" for k in count(2)))
            title = next(c for c in candidates if c not in taken[lang])
            taken[lang].add(title)
            e.titles[lang] = title


def write_kb(kb: KB, path: Path) -> None:
    with open(path, "wb") as f:
        for e in kb.entities:
            f.write(orjson.dumps(e.to_json()) + b"\n")
