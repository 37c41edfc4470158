"""The demo world keeps its promise (docs/demo-world.md): every fact the evaluation sets ask about is
stated in English only. No sentence of any target-language page names both the subject and the answer
of an asked fact, so the only route from a target-language name to the fact is the English name that
LEIA inserts. The same scanner finds every asked fact in the English dump and every bridge fact in the
target dumps, so it is not blind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from demo.helpers import LANGS, parse_dump, xml_path
from leia.demo.eval_sets import askable, held_out
from leia.demo.world import WorldSummary

# sentence ends: 。？, or . ! ? after a word of 2+ letters (not the initial in "D. Vulu"), or a line end
_SENTENCE = re.compile(r"(?<=[。？])|(?<=[^\s.]{2}[.!?])\s+|\n")
_MARKUP = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]|'{2,}")  # [[Title|label]] -> label, bold/italics


class Wiki:
    """A dump's sentences (link labels kept, markup dropped) and each page title's redirect aliases."""

    def __init__(self, root: Path, lang: str) -> None:
        pages = parse_dump(xml_path(root, lang)).pages
        self.sentences: list[str] = []
        redirects: dict[str, str] = {}
        for page in pages:
            if page["redirect"]:
                redirects[page["title"]] = page["redirect"]
                continue
            text = _MARKUP.sub(lambda m: m.group(1) or "", page["text"])
            self.sentences += [s for s in _SENTENCE.split(text) if s.strip()]
        self.aliases: dict[str, set[str]] = {}
        for source in redirects:  # a link may name an entity by any redirect to its page
            target, seen = source, set()
            while target in redirects and target not in seen:
                seen.add(target)
                target = redirects[target]
            self.aliases.setdefault(target, set()).add(source)

    def forms(self, entity: dict, lang: str) -> set[str]:
        title = entity.get("titles", {}).get(lang)
        return {entity["names"][lang], *([title] if title else []), *self.aliases.get(title, ())}


def _facts(kb: list[dict], lang: str, wiki: Wiki, which) -> list[tuple[str, frozenset, frozenset]]:
    """(subject name, subject forms, answer forms) in `lang` of the facts of the entities selected."""
    by_qid = {e["qid"]: e for e in kb}
    out = []
    for e in kb:
        if not which(e):
            continue
        for f in e["facts"]:
            answer = wiki.forms(by_qid[f["object"]], lang) if "object" in f else {f["value"][lang]}
            out.append((e["names"][lang], frozenset(wiki.forms(e, lang)), frozenset(answer)))
    return out


def _stated(facts: list, wiki: Wiki) -> list[tuple[str, str]]:
    """(subject, sentence) for each fact some sentence states: a form of the subject and of the answer."""
    return [
        (name, sent)
        for name, subj, ans in facts
        for sent in wiki.sentences
        if any(x in sent for x in subj) and any(a in sent for a in ans)
    ]


@pytest.fixture(scope="module")
def kb(world: WorldSummary) -> list[dict]:
    lines = (Path(world.out) / "kb" / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines]


@pytest.mark.parametrize("lang", LANGS)
def test_asked_facts_are_never_stated_in_a_target_wiki(
    world: WorldSummary, kb: list[dict], lang: str
) -> None:
    wiki = Wiki(Path(world.out), lang)
    asked = _facts(kb, lang, wiki, lambda e: askable(e, lang))
    assert len(asked) >= 20, "too few asked facts for the check to mean anything"
    leaks = _stated(asked, wiki)
    assert not leaks, f"{len(leaks)} asked fact(s) stated in {lang}wiki, e.g. {leaks[:3]}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_scanner_sees_stated_facts(world: WorldSummary, kb: list[dict], lang: str) -> None:
    # Every asked fact is stated in English (where the base model learns it) ...
    en = Wiki(Path(world.out), "en")
    asked_en = _facts(kb, "en", en, lambda e: askable(e, lang))
    assert {name for name, _ in _stated(asked_en, en)} == {name for name, _, _ in asked_en}
    # ... and the bridge facts, which teach the target language how facts are said, in the target wiki.
    wiki = Wiki(Path(world.out), lang)
    bridge = _facts(kb, lang, wiki, lambda e: lang in e["stated_in"] and not held_out(e))
    assert bridge, "the world has no bridge facts"
    assert {name for name, _ in _stated(bridge, wiki)} == {name for name, _, _ in bridge}
