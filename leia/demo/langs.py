"""Language codes the demo world accepts, and the script each one is written in."""

from __future__ import annotations

import re

from leia.errors import ArgumentError

# ISO 639-1 codes (each has, or could have, a Wikipedia) plus three-letter Wikipedia codes in common use.
_ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de "
    "dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie "
    "ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg "
    "mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro "
    "ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty "
    "ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
)
_WIKI_3 = (
    "ace ady als alt ami ang anp arc ary arz ast atj avk awa azb ban bar bcl bjn blk bpy bug bxr cbk ceb "
    "chr chy ckb crh csb diq dsb dty eml ext fat frp frr fur gag gan gcr glk gom gor got guc gur guw hak "
    "haw hif hsb hyw ilo inh jam jbo kaa kab kbd kbp kcg koi krc ksh lad lbe lez lfn lij lld lmo ltg mad "
    "mai mdf mhr min mni mnw mrj mwl myv mzn nah nap nds new nia nov nqo nrm nso olo pag pam pap pcd pcm "
    "pdc pfl pih pms pnb pnt rmy rue sah sat scn sco shi shn skr smn srn stq szl szy tay tcy tet trv tum "
    "tyv udm vec vep vls war wuu xal xmf yue zea zgh"
)
KNOWN_CODES = frozenset(_ISO_639_1.split()) | frozenset(_WIKI_3.split())

# Scripts with a transliteration table in leia.demo.names; every other code is written in Latin.
_SCRIPTS = {
    "ja": "katakana",
    "zh": "han",
    "yue": "han",
    "wuu": "han",
    "gan": "han",
    "ko": "hangul",
    "el": "greek",
    "he": "hebrew",
    "yi": "hebrew",
    **dict.fromkeys(
        ("ru", "uk", "bg", "be", "sr", "mk", "kk", "ky", "tg", "mn", "tt", "ba", "cv", "sah"), "cyrillic"
    ),
    **dict.fromkeys(
        ("ar", "fa", "ur", "ps", "arz", "ary", "ckb", "azb", "mzn", "glk", "pnb", "skr"), "arabic"
    ),
    **dict.fromkeys(("hi", "mr", "ne", "sa", "new", "mai", "bh", "awa", "anp"), "devanagari"),
}

_CODE_RE = re.compile(r"[a-z]{2,3}")


def script_of(lang: str) -> str:
    """The script names are written in for `lang` ('latin' when there is no dedicated table)."""
    return _SCRIPTS.get(lang, "latin")


def check_languages(languages: list[str]) -> list[str]:
    """Validate target-language codes (not 'en', which is always written); return them de-duplicated."""
    if not languages:
        raise ArgumentError("languages", "is empty", "name at least one target language, e.g. ja and sw")
    out: list[str] = []
    for lang in languages:
        if not isinstance(lang, str) or not _CODE_RE.fullmatch(lang):
            raise ArgumentError(
                "languages", f"{lang!r} is not a Wikipedia language code", "use a code such as ja, sw, ar"
            )
        if lang == "en":
            raise ArgumentError("languages", "'en' is always written", "list only the target languages")
        if lang not in KNOWN_CODES:
            raise ArgumentError(
                "languages", f"unknown language code {lang!r}", "use an ISO 639-1 or Wikipedia code"
            )
        if lang not in out:
            out.append(lang)
    return out
