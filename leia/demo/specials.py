"""Wikidata items that are not knowledge-base entities: list pages, categories, templates, project
pages, and target-language articles whose English sitelink is a Category:/Template:/Portal: page.
They exercise the paper's name filters ('List of …', 'Category:', 'Template:', …)."""

from __future__ import annotations

from dataclasses import dataclass, field

from leia.demo.lexicon import OCC_PLURAL_EN, TYPES, lexicon

# target-language titles of the 'bridge' articles (main namespace) whose English page is not an article
_BRIDGES = {
    "bridge_category": (14, "Fictional people", {"ja": "架空の人物", "sw": "Watu wa kubuni"}),
    "bridge_template": (10, "Navbox places", {"ja": "場所の案内", "sw": "Mwongozo wa mahali"}),
    "bridge_portal": (100, "Geography", {"ja": "地理学", "sw": "Jiografia"}),
}
_ABOUT = {"en": "About", "ja": "ウィキペディアについて", "sw": "Kuhusu"}
_INFOBOX_JA = {"person": "人物", "city": "都市", "country": "国", "organization": "組織", "work": "作品"}
# a title with every character MySQL and XML dumps must escape
ESCAPE_TITLE = "O'Rell's \"Night\\Day\" & Dawn (song)"


@dataclass
class Special:
    key: str
    qid: str
    titles: dict[str, tuple[int, str]]  # wiki -> (namespace, title without prefix)
    extra_sitelinks: dict[str, str] = field(default_factory=dict)  # sites we do not write dumps for


def infobox_title(lang: str, etype: str) -> str:
    return f"基礎情報 {_INFOBOX_JA[etype]}" if lang == "ja" else f"Infobox {etype}"


def build_specials(wikis: list[str], first_qid: int) -> list[Special]:
    targets = [w for w in wikis if w != "en"]
    out: list[Special] = []

    def add(key: str, titles: dict[str, tuple[int, str]], extra: dict[str, str] | None = None) -> None:
        out.append(Special(key, f"Q{first_qid + len(out)}", titles, extra or {}))

    add("list_countries", {w: (0, lexicon(w).list_countries) for w in wikis}, {"dewiki": "Liste der Staaten"})
    for i, plural in enumerate(OCC_PLURAL_EN):
        add(f"list_occ_{i}", {"en": (0, f"List of {plural}")})
        add(
            f"cat_occ_{i}",
            {"en": (14, plural.capitalize())},
            {"commonswiki": f"Category:{plural.capitalize()}"},
        )
    for t in TYPES:
        add(f"cat_{t}", {w: (14, lexicon(w).category_of[t]) for w in wikis})
        add(f"tpl_infobox_{t}", {w: (10, infobox_title(w, t)) for w in wikis})
    add("tpl_cite", {w: (10, "Cite web") for w in wikis})
    add("about", {w: (4, _ABOUT.get(w, "About")) for w in wikis})
    for key, (ns, en_title, local) in _BRIDGES.items():
        titles = {"en": (ns, en_title)}
        for w in targets:
            titles[w] = (0, local.get(w, f"{lexicon(w).category_of['person']} {key[7:]}".capitalize()))
        add(key, titles)
    add("escape", {"en": (0, ESCAPE_TITLE)}, {"dewiki": ESCAPE_TITLE})
    return out


def cycle_titles(lang: str) -> tuple[str, str]:
    """Two redirects that point at each other (real dumps have a few)."""
    base = {"ja": "循環転送", "sw": "Kuelekeza mduara"}.get(lang, "Circular redirect")
    return f"{base} A", f"{base} B"
