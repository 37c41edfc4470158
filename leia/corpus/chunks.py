"""What a sitelinks parser returns for one block of dump lines (shared by the JSON and SQL parsers)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChunkResult:
    """Sitelinks found in one block of lines, plus the counts the caller needs for errors and metrics."""

    qids: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    lines: int = 0  # newline-terminated lines in the block (a final unterminated line counts too)
    records: int = 0  # entities (JSON) or INSERT statements (SQL) that parsed
    bad: list[int] = field(default_factory=list)  # 0-based line indices within the block that were malformed

    def add(self, qid: str, site: str, title: str) -> None:
        self.qids.append(qid)
        self.sites.append(site)
        self.titles.append(title)


def split_lines(chunk: bytes) -> tuple[list[bytes], int]:
    """The block's lines and how many there are (a trailing newline does not start another line)."""
    parts = chunk.split(b"\n")
    return parts, len(parts) - (1 if chunk.endswith(b"\n") else 0)
