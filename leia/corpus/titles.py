"""MediaWiki page titles: siteinfo of a dump, title normalisation, and which link prefixes leave the wiki."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from leia.errors import InputError

# Wikipedia language editions (interwiki prefixes that point at another wiki). A link target starting
# with one of these (other than the wiki's own language) leaves the wiki and is not an entity anchor.
WIKIPEDIA_LANGUAGES = frozenset(
    """
    aa ab ace ady af ak als alt am ami an ang anp ar arc ary arz as ast atj av avk awa ay az azb ba ban
    bar bat-smg bbc bcl be be-tarask be-x-old bew bg bh bi bjn blk bm bn bo bpy br bs btm bug bxr ca
    cbk-zam cdo ce ceb ch cho chr chy ckb co cr crh cs csb cu cv cy da dag de dga din diq dsb dtp dty
    dv dz ee el eml en eo es et eu ext fa fat ff fi fiu-vro fj fo fon fr frp frr fur fy ga gag gan gcr
    gd gl glk gn gom gor got gpe gsw gu guc gur guw gv ha hak haw he hi hif ho hr hsb ht hu hy hyw hz
    ia iba id ie ig igl ii ik ilo inh io is it iu ja jam jbo jv ka kaa kab kbd kbp kcg kg kge ki kj kk
    kl km kn knc ko koi kr krc ks ksh ku kus kv kw ky la lad lb lbe lez lfn lg li lij lld lmo ln lo lrc
    lt ltg lv lzh mad mai map-bms mdf mg mh mhr mi min mk ml mn mni mnw mo mos mr mrj ms mt mus mwl my
    myv mzn na nah nan nap nds nds-nl ne new ng nia nl nn no nov nqo nr nrm nso nup nv ny oc olo om or
    os pa pag pam pap pcd pcm pdc pfl pi pih pl pms pnb pnt ps pt pwn qu rm rmy rn ro roa-rup roa-tara
    rsk ru rue rup rw sa sah sat sc scn sco sd se sg sgs sh shi shn shy si simple sk skr sl sm smn sn so
    sq sr srn ss st stq su sv sw szl szy ta tay tcy tdd te tet tg th ti tig tk tl tly tn to tok tpi tr
    trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls vo vro wa war wo wuu xal xh xmf yi yo yue
    za zea zgh zh zh-classical zh-min-nan zh-yue zu
    """.split()
)

# Sister projects and other wikis reachable through the interwiki map.
OTHER_PROJECTS = frozenset(
    """
    b c commons d foundation incubator m mediawikiwiki meta metawikimedia mw n oldwikisource outreach
    phab phabricator q s species testwiki v voy wikibooks wikidata wikifunctions wikimedia wikinews
    wikiquote wikisource wikispecies wikiversity wikivoyage wikt wiktionary wmf f wikitech
    """.split()
)

_WS = re.compile(r"[\s_]+")


@dataclass(frozen=True)
class SiteInfo:
    """What a dump's <siteinfo> says about its wiki (enough to normalise titles and spot own-wiki URLs)."""

    dbname: str
    lang: str
    host: str  # e.g. "ja.wikipedia.org"
    case: str  # "first-letter" or "case-sensitive"
    namespaces: dict[str, int] = field(default_factory=dict)  # lower-cased name -> key (canonical too)
    namespace_names: dict[int, str] = field(default_factory=dict)  # key -> name as written in siteinfo


def parse_siteinfo(header: str, path: object) -> SiteInfo:
    """Parse the dump's opening `<mediawiki …><siteinfo>…</siteinfo>` text (everything up to its end)."""
    end = header.find("</siteinfo>")
    if end < 0:
        raise InputError(path, "no <siteinfo> at the start of the dump", "is this a MediaWiki XML dump?")
    try:
        root = ET.fromstring(header[: end + len("</siteinfo>")] + "</mediawiki>")
    except ET.ParseError as e:
        line, col = e.position
        raise InputError(path, f"malformed <siteinfo> header at line {line}, column {col}: {e}") from None
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    site = root.find(f"{ns}siteinfo")
    if site is None:
        raise InputError(path, "no <siteinfo> header at the start of the dump")
    return siteinfo_from_element(site, ns, path)


def siteinfo_from_element(site: ET.Element, ns: str, path: object) -> SiteInfo:
    """Build SiteInfo from a parsed <siteinfo> element (`ns` is the '{uri}' tag prefix, or '')."""
    dbname = (site.findtext(f"{ns}dbname") or "").strip()
    base = (site.findtext(f"{ns}base") or "").strip()
    case = (site.findtext(f"{ns}case") or "first-letter").strip()
    host = urlsplit(base).hostname or ""
    lang = dbname[: -len("wiki")].replace("_", "-") if dbname.endswith("wiki") else host.split(".")[0]
    if not lang:
        raise InputError(path, "<siteinfo> has neither <dbname> nor <base>: cannot tell the wiki's language")
    namespaces: dict[str, int] = {}
    names: dict[int, str] = {}
    for el in site.iter(f"{ns}namespace"):
        key = int(el.get("key", "0"))
        name = (el.text or "").strip()
        if name:
            namespaces[_WS.sub(" ", name).lower()] = key
            names[key] = name
    # Canonical English names are valid on every wiki.
    for key, name in _CANONICAL_NAMESPACES.items():
        namespaces.setdefault(name.lower(), key)
    return SiteInfo(dbname=dbname, lang=lang, host=host or f"{lang}.wikipedia.org", case=case,
                    namespaces=namespaces, namespace_names=names)  # fmt: skip


_CANONICAL_NAMESPACES = {
    -2: "Media", -1: "Special", 1: "Talk", 2: "User", 3: "User talk", 4: "Project", 5: "Project talk",
    6: "File", 7: "File talk", 8: "MediaWiki", 9: "MediaWiki talk", 10: "Template", 11: "Template talk",
    12: "Help", 13: "Help talk", 14: "Category", 15: "Category talk", 100: "Portal", 101: "Portal talk",
    118: "Draft", 119: "Draft talk", 828: "Module", 829: "Module talk",
}  # fmt: skip


def upper_first(s: str) -> str:
    """MediaWiki's first-letter rule: upper-case the first character only when that stays one character
    (PHP leaves 'ß' or 'ŉ' alone where Python's upper() would expand them)."""
    if not s:
        return s
    head = s[0].upper()
    return head + s[1:] if len(head) == 1 else s


def normalize_title(title: str, site: SiteInfo) -> str:
    """`_`→space, whitespace collapsed and trimmed, a leading ':' dropped, namespace written as in
    siteinfo, first letter (of the namespace and of the page name) upper-cased on first-letter wikis."""
    title = " ".join(title.replace("_", " ").split()).lstrip(":").lstrip()
    if not title:
        return title
    first_letter = site.case == "first-letter"
    colon = title.find(":")
    if colon > 0:
        key = site.namespaces.get(title[:colon].rstrip().lower())
        if key is not None and key != 0:
            name = site.namespace_names.get(key) or _CANONICAL_NAMESPACES.get(key, title[:colon].rstrip())
            rest = title[colon + 1 :].lstrip()
            return f"{name}:{upper_first(rest) if first_letter else rest}"
    return upper_first(title) if first_letter else title


def is_foreign_prefix(prefix: str, site: SiteInfo) -> bool:
    """Does `prefix:` (lower-cased) send a link to another wiki (another language or a sister project)?"""
    if prefix == site.lang:
        return False
    return prefix in WIKIPEDIA_LANGUAGES or prefix in OTHER_PROJECTS
