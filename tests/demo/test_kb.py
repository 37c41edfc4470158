"""The knowledge base (design §1a) and what the articles say about it."""

from __future__ import annotations

import json
import re

from demo.helpers import LANGS, parse_dump, xml_path
from leia.demo.kb import strip_qualifier

RELATIONS = {
    "person": {"born_in": "city", "occupation": None},
    "city": {"located_in": "country"},
    "country": {},
    "organization": {"headquartered_in": "city", "founded_by": "person"},
    "work": {"created_by": "person"},
}
_LINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")


def load_kb(world) -> list[dict]:
    return [json.loads(line) for line in (world.out / "kb" / "entities.jsonl").read_text().splitlines()]


def test_schema_and_shares(world) -> None:
    kb = load_kb(world)
    by_qid = {e["qid"]: e for e in kb}
    assert len(kb) == world.entities
    assert {e["type"] for e in kb} == set(RELATIONS)
    for e in kb:
        assert set(e["names"]) == {"en", *LANGS} and all(e["names"].values())
        assert {f["relation"] for f in e["facts"]} == set(RELATIONS[e["type"]])
        for f in e["facts"]:
            want = RELATIONS[e["type"]][f["relation"]]
            if want is None:
                assert set(f["value"]) == {"en", *LANGS}
            else:
                assert by_qid[f["object"]]["type"] == want
        assert e["pages"] and set(e["titles"]) == set(e["pages"])
        if "en" in e["titles"]:
            assert strip_qualifier(e["titles"]["en"]) == e["names"]["en"]
    assert any(e["pages"] == ["en"] for e in kb)  # English-only
    assert any("en" not in e["pages"] for e in kb)  # no English page
    assert any(e["titles"].get("en", "").endswith(")") for e in kb)
    assert re.fullmatch(r"[\u30a0-\u30ff・]+", next(e["names"]["ja"] for e in kb if e["type"] == "person"))


def _resolver(world, lang: str):
    pages = parse_dump(xml_path(world.out, lang)).pages
    redirects = {p["title"]: p["redirect"] for p in pages if p["redirect"]}

    def resolve(t: str) -> str:
        t = t.replace("_", " ").strip()
        t = t[:1].upper() + t[1:]
        for _ in range(5):
            t = redirects.get(t, t)
        return t

    return pages, resolve


def test_english_states_facts_targets_do_not(world) -> None:
    kb = load_kb(world)
    by_qid = {e["qid"]: e for e in kb}
    related = {e["qid"]: set() for e in kb}
    for e in kb:
        for f in e["facts"]:
            if "object" in f:
                related[e["qid"]].add(f["object"])
                related[f["object"]].add(e["qid"])
    en_pages, en_resolve = _resolver(world, "en")
    en_text = {p["title"]: p["text"] for p in en_pages}
    for e in kb:
        if e["type"] == "person" and "en" in e["titles"]:
            city = by_qid[e["facts"][0]["object"]]
            text = en_text[e["titles"]["en"]]
            said = re.findall(r"born in (\[\[[^\]]+\]\]|[^.,\[]+)", text)
            targets = {en_resolve(_LINK.fullmatch(s).group(1)) if s.startswith("[[") else s for s in said}
            assert targets & {city["titles"].get("en"), city["names"]["en"]}, (e["qid"], said)
            assert e["facts"][1]["value"]["en"] in text
    for lang in LANGS:
        pages, resolve = _resolver(world, lang)
        title_to_qid = {e["titles"][lang]: e["qid"] for e in kb if lang in e["titles"]}
        text_of = {p["title"]: p["text"] for p in pages}
        checked = 0
        for e in kb:
            if lang not in e["titles"] or lang in e["stated_in"]:  # bridge entities state their facts
                continue
            text = text_of[e["titles"][lang]]
            linked = {title_to_qid.get(resolve(m)) for m in _LINK.findall(text)}
            # bridge facts with e as object may name their (linked) subject here; nothing else related
            bridge_subjects = {q for q in related[e["qid"]] if lang in by_qid[q]["stated_in"]
                               and any(f.get("object") == e["qid"] for f in by_qid[q]["facts"])}  # fmt: skip
            assert not (linked & (related[e["qid"]] - bridge_subjects)), (lang, e["qid"])
            if e["type"] == "person":
                assert e["facts"][1]["value"][lang] not in text
            checked += 1
        assert checked > 10
