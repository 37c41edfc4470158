"""Sitelinks from the Wikidata JSON dump: `[`, one entity per line ending with `,`, `]`.

Only the sitelinks are parsed. `"sitelinks":` is a top-level key near the end of each line (a bare
`"sitelinks":` cannot occur inside a JSON string, whose quotes are escaped), so the line's tail from that
key is itself a JSON object once `{` is put in front of it; orjson parses just that. Lines whose tail names
none of the wanted sites are skipped before any parsing. Anything unexpected falls back to parsing the
whole line, and a line that still does not parse is reported as malformed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import orjson

from leia.corpus.chunks import ChunkResult, split_lines

_SITELINKS = b'"sitelinks":'
_ID = re.compile(rb'"id":"(Q[0-9]+)"')
_QID = re.compile(r"Q[0-9]+")
_HEAD = 256  # the top-level "id" comes right after "type" at the start of each line


@lru_cache(maxsize=8)
def _keys(sites: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    return tuple((s, b'"' + s.encode() + b'":') for s in sites)


def _fast(line: bytes, at: int) -> tuple[str, Any] | None:
    m = _ID.search(line, 0, _HEAD)
    if m is None or line.find(b"{", 1, m.start()) >= 0:  # not the top-level id
        return None
    try:
        obj = orjson.loads(b"{" + line[at:])
    except orjson.JSONDecodeError:  # the key was not top-level, or the line is broken
        return None
    return m.group(1).decode(), obj.get("sitelinks")


def _full(line: bytes) -> tuple[str, Any] | None:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        return None
    return obj["id"], obj.get("sitelinks", {})


def parse_json_chunk(chunk: bytes, sites: tuple[str, ...]) -> ChunkResult:
    """Parse a block of whole dump lines; keep (qid, site, title) for the wanted sites."""
    keys = _keys(sites)
    out = ChunkResult()
    lines, out.lines = split_lines(chunk)
    for i, line in enumerate(lines[: out.lines]):
        line = line.strip()
        if line.endswith(b","):
            line = line[:-1]
        if not line or line == b"[" or line == b"]":
            continue
        if not (line.startswith(b"{") and line.endswith(b"}")):
            out.bad.append(i)
            continue
        at = line.rfind(_SITELINKS)
        if at < 0:  # properties and lexemes have no sitelinks
            out.records += 1
            continue
        tail = line[at:]
        wanted = [(s, k) for s, k in keys if k in tail]
        if not wanted:
            out.records += 1
            continue
        parsed = _fast(line, at) or _full(line)
        if parsed is None or not isinstance(parsed[1], dict):
            out.bad.append(i)
            continue
        qid, links = parsed
        out.records += 1
        if not _QID.fullmatch(qid):
            continue
        for site, _ in wanted:
            link = links.get(site)
            if isinstance(link, dict) and isinstance(link.get("title"), str):
                out.add(qid, site, link["title"])
    return out
