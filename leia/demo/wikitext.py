"""Wikitext pages of one wiki: entity articles, redirects, and the special pages.

English articles state the knowledge-base facts; target-language articles mention and link
entities without stating them (design §1a). Both carry the markup real articles have.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from leia.demo import facts as F
from leia.demo.kb import KB, Entity
from leia.demo.langs import script_of
from leia.demo.lexicon import OCC_PLURAL_EN, OCCUPATIONS, WORK_KINDS, lexicon
from leia.demo.names import name_joiner
from leia.demo.namespaces import wiki_info
from leia.demo.specials import Special, cycle_titles, infobox_title

REDIRECT_SHARE, CHAIN_SHARE = 0.35, 0.3
# Sentences in a target-language article that mention (and link) other entities without stating a
# fact, as many again that link two others: each link is a place where LEIA inserts an English name.
TARGET_MENTIONS = (6, 10)
# Questions about other entities after an article's own (see WikiBuilder._stated_facts).
QUIZ_OTHERS = 3


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


@dataclass(slots=True)
class Page:
    ns: int
    title: str  # full title, namespace prefix included
    text: str
    redirect: str | None = None  # target title of a redirect page


class Index:
    """Look-ups shared by every wiki: facts in both directions."""

    def __init__(self, kb: KB) -> None:
        self.by_qid = kb.by_qid()
        self.reverse: dict[str, dict[str, list[str]]] = {}
        self.related: dict[str, set[str]] = {e.qid: set() for e in kb.entities}
        for e in kb.entities:
            for f in e.facts:
                if "object" in f:
                    self.reverse.setdefault(f["object"], {}).setdefault(f["relation"], []).append(e.qid)
                    self.related[e.qid].add(f["object"])
                    self.related[f["object"]].add(e.qid)

    def objects(self, e: Entity, relation: str) -> Entity | None:
        f = e.fact(relation)
        return self.by_qid[f["object"]] if f and "object" in f else None

    def subjects(self, e: Entity, relation: str) -> list[Entity]:
        return [self.by_qid[q] for q in self.reverse.get(e.qid, {}).get(relation, [])]


class WikiBuilder:
    def __init__(self, kb: KB, index: Index, specials: list[Special], lang: str, rnd: random.Random) -> None:
        self.kb, self.index, self.lang, self.rnd = kb, index, lang, rnd
        self.info, self.lex = wiki_info(lang), lexicon(lang)
        self.cased = lang == "en" or script_of(lang) in ("latin", "cyrillic", "greek")
        self.specials = {s.key: s for s in specials}
        self.with_page = [e for e in kb.entities if lang in e.titles]
        self.taken = {e.titles[lang] for e in self.with_page}
        self.taken |= {self._full(*s.titles[lang]) for s in specials if lang in s.titles}
        self.alts: dict[str, list[str]] = {}
        self.redirect_pages: dict[str, list[Page]] = {}
        self._plan_redirects()

    # --- titles and links ---------------------------------------------------------------
    def _full(self, ns: int, title: str) -> str:
        return self.info.prefix(ns) + title

    def special_title(self, key: str) -> str | None:
        s = self.specials.get(key)
        return self._full(*s.titles[self.lang]) if s and self.lang in s.titles else None

    def _alt(self, e: Entity, level: int) -> str:
        name, lang = e.names[self.lang], self.lang
        joiner = name_joiner(lang)
        if e.type == "person" and (joiner or " ") in name:
            given, family = name.split(joiner or " ", 1)
            if level == 1:
                return given + family if joiner else f"{given[0]}. {family}"
            return f"{family}、{given}" if lang == "ja" else f"{family}, {given}"
        qual = self.lex.qualifier[e.type]
        qual = qual.capitalize() if self.cased else qual
        return f"{qual} {name}" if level == 1 else f"{name} ({qual} {e.qid[1:]})"

    def _redirect(self, source: str, target: str) -> Page:
        word = "#REDIRECT" if self.lang == "ja" and self.rnd.random() < 0.3 else self.info.redirect_word
        tail = "\n\n{{R from alternative name}}" if self.lang == "en" and self.rnd.random() < 0.5 else ""
        return Page(0, source, f"{word} [[{target}]]{tail}", target)

    def _plan_redirects(self) -> None:
        rnd = self.rnd
        for e in self.with_page:
            if rnd.random() >= REDIRECT_SHARE:
                continue
            a1 = self._alt(e, 1)
            if a1 in self.taken:
                continue
            self.taken.add(a1)
            pages = [self._redirect(a1, e.titles[self.lang])]
            self.alts[e.qid] = [a1]
            if rnd.random() < CHAIN_SHARE:  # a double redirect: a2 -> a1 -> article
                a2 = self._alt(e, 2)
                if a2 not in self.taken:
                    self.taken.add(a2)
                    pages.append(self._redirect(a2, a1))
                    self.alts[e.qid].append(a2)
            self.redirect_pages[e.qid] = pages

    def link(self, e: Entity) -> str:
        """Link markup for `e` as editors write it: direct, piped, via a redirect, odd spellings."""
        lang, r = self.lang, self.rnd.random()
        name = e.names[lang]
        title = e.titles.get(lang)
        if title is None:  # no article here: a red link or plain text
            return f"[[{name}]]" if r < 0.3 else name
        alts = self.alts.get(e.qid)
        if alts and r < 0.15:
            alt = alts[int(r * 100) % len(alts)]
            return f"[[{alt}|{name}]]" if r < 0.1 else f"[[{alt}]]"
        if r < 0.18 and self.cased:
            return f"[[{title[0].lower()}{title[1:]}|{name}]]"
        if r < 0.21 and " " in title:
            return f"[[{title.replace(' ', '_')}|{name}]]"
        if r < 0.24:
            return f"[[{title}#{self.lex.headings['history']}|{name}]]"
        return f"[[{title}]]" if title == name else f"[[{title}|{name}]]"

    def _random_other(self, e: Entity) -> Entity:
        """An entity unrelated to `e` by any fact, so that a mention states nothing evaluated."""
        pool = self.with_page if self.rnd.random() < 0.85 else self.kb.entities
        related = self.index.related[e.qid]
        for _ in range(8):
            o = pool[self.rnd.randrange(len(pool))]
            if o.qid != e.qid and o.qid not in related:
                return o
        return o

    def _neutral(self, e: Entity, k: int) -> list[str]:
        x = e.names[self.lang]
        out = []
        for _ in range(k):
            tpl = self.lex.neutral[self.rnd.randrange(len(self.lex.neutral))]
            out.append(tpl.format(x=x, y=self.link(self._random_other(e))))
        return out

    def _pairs(self, e: Entity, k: int) -> list[str]:
        """Sentences that mention (and link) two other entities unrelated to each other by any fact."""
        out = []
        for _ in range(k):
            y = self._random_other(e)
            for _ in range(8):  # unrelated to y and to the article's subject
                z = self._random_other(y)
                if z.qid != e.qid and z.qid not in self.index.related[e.qid]:
                    break
            else:
                continue
            tpl = self.lex.neutral[self.rnd.randrange(len(self.lex.neutral))]
            out.append(tpl.format(x=self.link(y), y=self.link(z)))
        return out

    # --- shared markup ------------------------------------------------------------------
    def _category(self, name: str) -> str:
        prefix = self.info.namespaces[14]
        if self.info.category_alias and self.rnd.random() < 0.3:
            prefix = self.info.category_alias
        return f"[[{prefix}:{name}]]"

    def _file(self, e: Entity) -> str:
        prefix = self.info.namespaces[6]
        if self.rnd.random() < 0.2:
            prefix = self.info.file_alias
        # captions sometimes link elsewhere: real dumps have links inside File: links
        subject = self.link(self._random_other(e)) if self.rnd.random() < 0.3 else e.names[self.lang]
        caption = self.lex.file_caption.format(x=subject)
        return f"[[{prefix}:{e.names['en']} {e.qid}.jpg|thumb|right|{caption}]]"

    def _ref(self, e: Entity) -> str:
        extra = "和書|" if self.lang == "ja" else ""
        return (
            f"<ref>{{{{Cite web|{extra}url=https://example.org/{self.lang}/{e.qid}|title={e.names[self.lang]}"
            f"|access-date=2023-09-01}}}}</ref>"
        )

    def _tail(self, e: Entity, see_also: list[str], categories: list[str]) -> list[str]:
        h = self.lex.headings
        lines = ["", f"== {h['see_also']} ==", *(f"* {s}" for s in see_also)]
        lines += [
            "",
            f"== {h['references']} ==",
            "{{Reflist}}" if self.rnd.random() < 0.5 else "<references />",
        ]
        lines += [
            "",
            f"== {h['external']} ==",
            f"* [https://example.org/{self.lang}/{e.qid} {self.lex.website}]",
        ]
        lines += ["", *categories]
        return lines

    def _infobox(self, e: Entity, fields: list[tuple[str, str]]) -> list[str]:
        title = infobox_title(self.lang, e.type)
        return ["{{" + title, *(f"| {k} = {v}" for k, v in fields), "}}"]

    # --- articles -----------------------------------------------------------------------
    def _stated_facts(self, e: Entity) -> list[str]:
        """Paragraphs stating e's own facts in this wiki's language: every phrasing of each fact, then a
        quiz: e's facts as questions and answers, followed by those of QUIZ_OTHERS other entities whose
        facts this wiki states, so that a run of questions about different entities (a few-shot
        prompt) is ordinary text, not something a small model meets first in the evaluation."""
        lang, name, out = self.lang, e.names[self.lang], []
        for f in e.facts:
            obj = self.link(self.index.by_qid[f["object"]]) if "object" in f else f["value"][lang]
            out.append(" ".join(F.statements(lang, f["relation"], name, obj)))
        quiz = [e]
        for _ in range(QUIZ_OTHERS):
            o = self.with_page[self.rnd.randrange(len(self.with_page))]
            if lang in o.stated_in and o.facts:
                quiz.append(o)
        for x in quiz:
            f = x.facts[self.rnd.randrange(len(x.facts))] if x is not e else None
            for g in x.facts if f is None else [f]:
                ans = self.index.by_qid[g["object"]].names[lang] if "object" in g else g["value"][lang]
                out.append(F.qa(lang, g["relation"], x.names[lang], ans))
        return out

    def _facts_of_linked(self, e: Entity) -> str:
        """Bridge facts that have `e` as their object, stated in e's article with the subject linked
        ("[[X]] was born in E"), as articles name their notable people: the subject's English name is
        then inserted beside a fact sentence. Facts of held-out subjects are never stated here."""
        out = []
        for relation in F.RELATIONS:
            for x in self.index.subjects(e, relation):
                if self.lang in x.stated_in and self.lang in x.titles:
                    out.append(F.statements(self.lang, relation, self.link(x), e.names[self.lang])[0])
        return " ".join(out)

    def english_article(self, e: Entity) -> str:
        ix, name = self.index, e.names["en"]
        link = self.link
        facts: list[str] = []
        box: list[tuple[str, str]] = [("name", name)]
        cats = [self._category(self.lex.category_of[e.type])]
        see_also: list[str] = []
        if e.type == "person":
            city, occ = ix.objects(e, "born_in"), OCCUPATIONS[e.occupation]
            assert city is not None
            box += [("birth_place", link(city)), ("occupation", occ)]
            lead = f"'''{name}''' was {_a(occ)} born in {link(city)}."
            country = ix.objects(city, "located_in")
            facts.append(f"{name} was born in {link(city)}, a city in {link(country)}." if country else "")
            facts.append(f"{name} worked as {_a(occ)}.")
            facts += [f"{name} created ''{link(w)}''." for w in ix.subjects(e, "created_by")[:3]]
            facts += [f"{name} founded the {link(o)}." for o in ix.subjects(e, "founded_by")[:3]]
            see_also.append(f"[[List of {OCC_PLURAL_EN[e.occupation]}]]")
            cats.append(self._category(OCC_PLURAL_EN[e.occupation].capitalize()))
        elif e.type == "city":
            country = ix.objects(e, "located_in")
            assert country is not None
            box.append(("country", link(country)))
            lead = f"'''{name}''' is a city in {link(country)}."
            born = ix.subjects(e, "born_in")[:4]
            if born:
                facts.append(f"Notable people born in {name} include {', '.join(link(p) for p in born)}.")
            facts += [
                f"The {link(o)} is headquartered in {name}." for o in ix.subjects(e, "headquartered_in")[:3]
            ]
        elif e.type == "country":
            lead = f"'''{name}''' is a country."
            cities = ix.subjects(e, "located_in")[:5]
            if cities:
                facts.append(f"Cities in {name} include {', '.join(link(c) for c in cities)}.")
            see_also.append(f"[[{lexicon('en').list_countries}]]")
        elif e.type == "organization":
            city, founder = ix.objects(e, "headquartered_in"), ix.objects(e, "founded_by")
            assert city is not None and founder is not None
            box += [("headquarters", link(city)), ("founder", link(founder))]
            lead = f"The '''{name}''' is an organization headquartered in {link(city)}."
            facts.append(f"It was founded by {link(founder)}. {founder.names['en']} founded the {name}.")
        else:
            creator, kind = ix.objects(e, "created_by"), WORK_KINDS[e.kind]
            assert creator is not None
            box.append(("author", link(creator)))
            lead = f"'''''{name}''''' is {_a(kind)} created by {link(creator)}."
            facts.append(f"''{name}'' was created by {link(creator)}.")
        h = self.lex.headings
        lines = [
            "{{Short description|" + e.type.capitalize() + " in the demo world}}",
            *self._infobox(e, box),
        ]
        lines += [lead + self._ref(e), self._file(e), "", f"== {h['history']} =="]
        lines += [" ".join(f for f in facts if f)]
        for paragraph in self._stated_facts(e):
            lines += ["", paragraph]
        if self.rnd.random() < 0.3:
            lines.append("<!-- please keep this section short -->")
        lines += ["", f"== {h['overview']} ==", " ".join(self._neutral(e, self.rnd.randint(1, 4)))]
        see_also.append(self.link(self._random_other(e)))
        return "\n".join(lines + self._tail(e, see_also, cats))

    def target_article(self, e: Entity, extra_links: list[str]) -> str:
        lex, name = self.lex, e.names[self.lang]
        lead = lex.lead.format(name=name, en=e.names["en"], type=lex.type_noun[e.type])
        lines = [*self._infobox(e, [("name", name)]), lead + self._ref(e)]
        if self.rnd.random() < 0.5:
            lines.append(self._file(e))
        body = self._neutral(e, self.rnd.randint(*TARGET_MENTIONS))
        body += self._pairs(e, self.rnd.randint(*TARGET_MENTIONS))
        for x in extra_links:  # links to list/bridge/cycle pages, inside prose so they are extracted
            tpl = lex.neutral[self.rnd.randrange(len(lex.neutral))]
            body.append(tpl.format(x=name, y=x))
        if self.rnd.random() < 0.2:
            body.append(f"[https://example.org/archive/{e.qid} {lex.website}]")
        lines += ["", f"== {lex.headings['overview']} ==", " ".join(body)]
        if self.lang in e.stated_in:  # a bridge entity: its facts are stated here too
            for paragraph in self._stated_facts(e):
                lines += ["", paragraph]
        mentioned = self._facts_of_linked(e)
        if mentioned:
            lines += ["", mentioned]
        see_also = [self.link(self._random_other(e))]
        lc = self.special_title("list_countries")
        if lc:
            see_also.append(f"[[{lc}]]")
        return "\n".join(lines + self._tail(e, see_also, [self._category(lex.category_of[e.type])]))

    # --- the whole wiki -----------------------------------------------------------------
    def _extra_links(self) -> Iterator[list[str]]:
        """For target wikis, some articles link the list, bridge and redirect-cycle pages."""
        keys = ["list_countries", "bridge_category", "bridge_template", "bridge_portal"]
        targets = [t for t in (self.special_title(k) for k in keys) if t]
        first = True
        while True:
            links: list[str] = []
            if first:
                links = [f"[[{t}]]" for t in targets] + [f"[[{cycle_titles(self.lang)[0]}]]"]
                first = False
            elif targets and self.rnd.random() < 0.08:
                links = [f"[[{targets[self.rnd.randrange(len(targets))]}]]"]
            yield links

    def pages(self) -> Iterator[Page]:
        english = self.lang == "en"
        extra = self._extra_links()
        for e in self.with_page:
            text = self.english_article(e) if english else self.target_article(e, next(extra))
            yield Page(0, e.titles[self.lang], text)
            yield from self.redirect_pages.get(e.qid, ())
        yield from self._special_pages()
        a, b = cycle_titles(self.lang)
        yield self._redirect(a, b)
        yield self._redirect(b, a)

    def _special_pages(self) -> Iterator[Page]:
        lex, kb = self.lex, self.kb
        for key, s in self.specials.items():
            if self.lang not in s.titles:
                continue
            ns, short = s.titles[self.lang]
            full = self._full(ns, short)
            if key == "list_countries":
                items = [
                    f"* {self.link(c)}" for c in kb.entities if c.type == "country" and self.lang in c.titles
                ]
                text = "\n".join([f"'''{short}'''", "", *items])
            elif key.startswith("list_occ_"):
                i = int(key.rsplit("_", 1)[1])
                people = [p for p in self.with_page if p.type == "person" and p.occupation == i]
                text = "\n".join(
                    [f"This is a list of {OCC_PLURAL_EN[i]}.", "", *(f"* {self.link(p)}" for p in people)]
                )
            elif ns == 14:
                text = (
                    f"{short}.\n\n{self._category(lex.category_of['person'])}"
                    if key == "bridge_category"
                    else short
                )
            elif ns == 10:
                text = (
                    '<includeonly>{| class="infobox"\n! {{{name|{{PAGENAME}}}}}\n|}</includeonly>'
                    f"<noinclude>\n{{{{Documentation}}}}\n{self._category('Templates')}\n</noinclude>"
                )
            elif key.startswith("bridge_") or key == "escape":  # main-namespace articles
                other = self.with_page[self.rnd.randrange(len(self.with_page))] if self.with_page else None
                text = f"'''{short}'''"
                if other is not None:
                    text += "\n\n" + lex.neutral[0].format(x=short, y=self.link(other))
            else:
                text = f"'''{short}'''\n\n[https://example.org/{self.lang}/about {lex.website}]"
            yield Page(ns, full, text)
