"""Turn wikiextractor's `<a href="…">label</a>` output into plain text plus anchor offsets and targets.

No HTML parser: one compiled regex splits an article into text/href/label pieces and the offsets come
from cumulative lengths, so the only Python-level loop is per anchor (not per character). Targets are
resolved once per distinct href (cached), since the same targets recur throughout a wiki.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from itertools import accumulate
from urllib.parse import parse_qs, urlsplit

from leia.corpus.titles import SiteInfo, is_foreign_prefix, normalize_title, upper_first

# wikiextractor writes exactly this form; its hrefs are percent-encoded, so they never contain '"'.
ANCHOR_RE = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)

_URL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
# Schemes MediaWiki accepts for external links that have no '//' after them.
_BARE_SCHEMES = frozenset("bitcoin geo magnet mailto matrix news sip sips sms tel urn xmpp".split())

_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Parentheses a removed template leaves empty: '東京（{{lang-en|Tokyo}}）' is '東京（）' after
# wikiextractor --no-templates. They hold no anchor, so removing them first keeps the offsets right.
EMPTY_PARENS = re.compile(r"\s?[（(]\s*[）)]")


def _decode_run(m: re.Match[str]) -> str:
    return bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace")


def unquote(s: str) -> str:
    """urllib.parse.unquote, decoding each run of %XX escapes at once (urllib loops per escape in Python).
    A run never splits a UTF-8 character: the bytes of one character are all escaped together."""
    if "%" not in s:
        return s
    n = len(s) // 3
    if len(s) == 3 * n and s[::3] == "%" * n:  # all escapes (non-Latin titles): decode in one call
        digits = s.replace("%", "")
        if len(digits) == 2 * n and digits.isascii() and digits.isalnum():
            try:
                return bytes.fromhex(digits).decode("utf-8", "replace")
            except ValueError:
                pass
    return _ESCAPES.sub(_decode_run, s)


CACHE_MAX = 2_000_000  # distinct hrefs remembered (about 0.5 GB at most)

# Why a link is not kept as an anchor (its label stays in the text).
FRAGMENT, FOREIGN, EMPTY = 0, 1, 2
DROP_REASONS = ("fragment_only", "other_wiki_or_external", "empty")


@dataclass
class LinkResolver:
    """Map an href from wikiextractor to a normalised same-wiki title, or to a drop reason (int)."""

    site: SiteInfo
    _cache: dict[str, str | int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._first_letter = self.site.case == "first-letter"
        lang = self.site.lang
        self._own_hosts = {self.site.host.lower(), f"{lang}.wikipedia.org", f"{lang}.m.wikipedia.org"}

    def __call__(self, href: str) -> str | int:
        hit = self._cache.get(href)
        if hit is None:
            if len(self._cache) >= CACHE_MAX:  # bound memory on huge wikis; refills with the common ones
                self._cache.clear()
            hit = self._cache[href] = self._resolve(href)
        return hit

    def _resolve(self, href: str) -> str | int:
        if not (
            "%3A" in href or "%23" in href or "%26" in href or "%25" in href or "%3a" in href
            or ":" in href or "#" in href or "&" in href or href.startswith("/")
        ):  # fmt: skip
            # The common case, a plain title: no ':', '#', '&', '%' or URL; wikiextractor escapes all four.
            title = " ".join(unquote(href).replace("_", " ").split())
            if not title:
                return EMPTY
            return upper_first(title) if self._first_letter else title
        target = unquote(href)  # undo wikiextractor's quoting
        if "&" in target:
            target = html.unescape(target)
        if "%" in target:  # MediaWiki itself percent-decodes link targets ([[A%20B]] is "A B")
            target = unquote(target)
        target = target.strip()
        if target.startswith("#"):
            return FRAGMENT
        if _URL_RE.match(target):
            target = self._own_wiki_path(target)
            if target is None:
                return FOREIGN
        elif target.startswith("/wiki/"):
            target = target[len("/wiki/") :]
        target = target.split("#", 1)[0]
        if not target.strip():
            return FRAGMENT if "#" in href or "%23" in href else EMPTY
        # Interwiki prefixes: w:, the wiki's own language (ja:, :ja:) lead back here; others leave it.
        for _ in range(3):
            head, sep, rest = target.lstrip(": ").partition(":")
            if not sep:
                break
            prefix = head.strip().lower()
            if prefix in self.site.namespaces:
                break
            if prefix == "w" or prefix == self.site.lang:
                target = rest
                continue
            if is_foreign_prefix(prefix, self.site) or (prefix in _BARE_SCHEMES and head == prefix):
                return FOREIGN
            break
        title = normalize_title(target, self.site)
        return title if title else EMPTY

    def _own_wiki_path(self, url: str) -> str | None:
        """`https://ja.wikipedia.org/wiki/X` → `X` on jawiki; any other URL → None."""
        if url.startswith("//"):
            url = "https:" + url
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or (parts.hostname or "") not in self._own_hosts:
            return None
        if parts.path.startswith("/wiki/"):
            return parts.path[len("/wiki/") :]
        if parts.path == "/w/index.php":
            titles = parse_qs(parts.query).get("title")
            return titles[0] if titles else None
        return None


@dataclass
class ParsedArticle:
    text: str
    starts: list[int]
    ends: list[int]
    targets: list[str]
    dropped: list[int]  # count per drop reason (index = FRAGMENT, FOREIGN, EMPTY)


def parse_article(html_text: str, resolve: LinkResolver, *, drop_empty_parens: bool = True) -> ParsedArticle:
    """Strip the anchors of one article, keeping their labels, and resolve their targets; empty
    parentheses left by removed templates go too unless `drop_empty_parens` is false (the original)."""
    if drop_empty_parens and ("（" in html_text or "(" in html_text):
        html_text = EMPTY_PARENS.sub("", html_text)
    parts = ANCHOR_RE.split(html_text)
    if len(parts) == 1:
        return ParsedArticle(html_text, [], [], [], [0, 0, 0])
    hrefs = parts[1::3]
    del parts[1::3]  # parts is now text0, label1, text1, label2, text2, ...
    cum = list(accumulate(map(len, parts)))
    text = "".join(parts)
    starts = cum[0:-1:2]  # start of label i = end of the text piece before it
    ends = cum[1::2]
    cache = resolve._cache
    targets = [cache[h] if h in cache else resolve(h) for h in hrefs]
    if set(map(type, targets)) == {str} and all(map(int.__sub__, ends, starts)):
        return ParsedArticle(text, starts, ends, targets, [0, 0, 0])  # type: ignore[arg-type]
    # Some links are dropped (rare per article): filter, and count why.
    dropped = [0, 0, 0]
    keep: list[int] = []
    for i, (t, s, e) in enumerate(zip(targets, starts, ends, strict=True)):
        if t.__class__ is int:
            dropped[t] += 1  # type: ignore[index]
        elif s == e:
            dropped[EMPTY] += 1
        else:
            keep.append(i)
    return ParsedArticle(
        text,
        [starts[i] for i in keep],
        [ends[i] for i in keep],
        [targets[i] for i in keep],
        dropped,  # type: ignore[misc]
    )
