"""Title normalisation by MediaWiki's rules and siteinfo parsing."""

from __future__ import annotations

import pytest
from mwxml import siteinfo

from leia.corpus.titles import is_foreign_prefix, normalize_title, parse_siteinfo, upper_first
from leia.errors import InputError

JA = parse_siteinfo(siteinfo("ja"), "ja.xml")
SENSITIVE = parse_siteinfo(siteinfo("en", case="case-sensitive"), "wikt.xml")


def test_siteinfo() -> None:
    assert (JA.dbname, JA.lang, JA.host, JA.case) == ("jawiki", "ja", "ja.wikipedia.org", "first-letter")
    assert JA.namespaces["ノート"] == 1 and JA.namespaces["talk"] == 1  # local and canonical names
    assert JA.namespace_names[14] == "Category"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("tokyo_tower", "Tokyo tower"),
        ("  new   York_ city ", "New York city"),
        ("東京", "東京"),
        (":東京", "東京"),
        ("ßtraße", "ßtraße"),  # PHP leaves ß alone; Python's upper() would make it 'SS'
        ("élan", "Élan"),
        ("category:foo_bar", "Category:Foo bar"),
        ("ノート:abc", "ノート:Abc"),
        ("talk:abc", "ノート:Abc"),  # canonical name -> the wiki's own name
        ("re:zero", "Re:zero"),  # not a namespace: only the first letter of the whole title
    ],
)
def test_normalize_first_letter(raw: str, expected: str) -> None:
    assert normalize_title(raw, JA) == expected


def test_case_sensitive_wiki_keeps_case() -> None:
    assert normalize_title("iPhone_x", SENSITIVE) == "iPhone x"


def test_upper_first_empty() -> None:
    assert upper_first("") == ""


def test_foreign_prefixes() -> None:
    assert is_foreign_prefix("en", JA) and is_foreign_prefix("wikt", JA) and is_foreign_prefix("zh-yue", JA)
    assert not is_foreign_prefix("ja", JA) and not is_foreign_prefix("re", JA)


def test_siteinfo_errors() -> None:
    with pytest.raises(InputError, match="bad.xml: no <siteinfo>"):
        parse_siteinfo("<mediawiki><page>", "bad.xml")
    with pytest.raises(InputError, match="malformed <siteinfo> header at line 2"):
        parse_siteinfo("<mediawiki>\n<siteinfo><dbname>x</siteinfo>", "bad.xml")
