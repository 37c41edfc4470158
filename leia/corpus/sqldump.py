"""Sitelinks from `wikidatawiki-{wd}-wb_items_per_site.sql.gz` (a mysqldump of one table).

Rows come as multi-row statements, one per line:
    INSERT INTO `wb_items_per_site` VALUES (1,42,'enwiki','Douglas Adams'),(2,42,'dewiki','…'),…;
with columns (ips_row_id, ips_item_id, ips_site_id, ips_site_page) and MySQL string escaping.

One compiled regex per line finds only the rows of wanted sites. It cannot start inside a string value:
a row of a wanted site needs the bare quotes of `,'enwiki','`, and a quote inside a MySQL string is always
escaped (`\\'`) or doubled (`''`). The string pattern is the unrolled `[^'\\\\]*(?:(?:\\\\.|'')[^'\\\\]*)*`,
so it never backtracks exponentially.
"""

from __future__ import annotations

import re
from functools import lru_cache

from leia.corpus.chunks import ChunkResult, split_lines

_STRING = rb"[^'\\]*(?:(?:\\.|'')[^'\\]*)*"
_INSERT = b"INSERT INTO "
# MySQL's escape sequences; any other escaped character stands for itself. `\%` and `\_` keep the backslash.
_ESCAPES = {
    b"0": b"\x00", b"b": b"\x08", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"Z": b"\x1a",
    b"%": b"\\%", b"_": b"\\_",
}  # fmt: skip
_UNESCAPE = re.compile(rb"\\(.)|''", re.DOTALL)


@lru_cache(maxsize=8)
def row_pattern(sites: tuple[str, ...]) -> re.Pattern[bytes]:
    alt = b"|".join(re.escape(s.encode()) for s in sorted(sites, key=len, reverse=True))
    return re.compile(rb"\([0-9]+,([0-9]+),'(" + alt + rb")','(" + _STRING + rb")'\)", re.DOTALL)


def _unescape_one(m: re.Match[bytes]) -> bytes:
    c = m.group(1)
    if c is None:
        return b"'"
    return _ESCAPES.get(c, c)


def unescape(value: bytes) -> bytes:
    """Undo MySQL string escaping (`\\'`, `\\\\`, `\\n`, …, and doubled quotes `''`)."""
    if b"\\" not in value and b"''" not in value:
        return value
    return _UNESCAPE.sub(_unescape_one, value)


def parse_sql_chunk(chunk: bytes, sites: tuple[str, ...]) -> ChunkResult:
    """Parse a block of whole dump lines; keep (qid, site, title) of the rows of wanted sites."""
    pattern = row_pattern(sites)
    out = ChunkResult()
    lines, out.lines = split_lines(chunk)
    for i, line in enumerate(lines[: out.lines]):
        if not line.startswith(_INSERT):
            continue
        if not line.rstrip().endswith(b");"):  # a cut-off statement
            out.bad.append(i)
            continue
        out.records += 1
        for item, site, title in pattern.findall(line):
            out.add("Q" + item.decode(), site.decode(), unescape(title).decode("utf-8", "replace"))
    return out
