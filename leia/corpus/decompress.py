"""Every dump is read through here: .bz2 (single- or multi-stream), .gz or plain, as one byte stream,
decompressed on several threads, with errors that name the file and where it broke.

Library readers: indexed_bzip2 (.bz2) and rapidgzip (.gz), both decompress on several threads.
External tools: `lbzip2 -dc` (parallel bzip2, preferred for .bz2 when on PATH: it runs outside this
process) and `pigz -dc` (only used when asked for: pigz cannot decompress in parallel, rapidgzip can).

The parallel readers say little about damage (indexed_bzip2 raises a bare "std::exception", and stops
without a word at a file cut just after a stream header), so for .bz2 the standard library's decoder
re-reads the file on failure, and the last stream at the end, to say which stream broke and at which
compressed byte.
"""

from __future__ import annotations

import bz2
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from leia.errors import InputError, ParamError

TOOLS = ("auto", "library", "external")
CHUNK = 1 << 20
PLAIN = (".xml", ".json", ".sql", ".txt")  # read as they are
_EXTERNAL = {".bz2": ("lbzip2", "-dc", "-n"), ".gz": ("pigz", "-dc", "-p")}
_BZ2_MAGIC = b"BZh"
_GZ_MAGIC = b"\x1f\x8b"
# A bz2 stream starts byte-aligned with "BZh" + block size, then a block (pi) or the end marker (sqrt pi).
_BZ2_STREAM = re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)")
DIAGNOSE_LIMIT = 256 << 20  # on failure, re-read at most this much compressed data to locate the damage
TAIL_CHECK = 16 << 20  # at EOF, re-read the last stream if it starts within this many bytes of the end
REFINE_STEP = 1 << 10  # precision of the reported offset of damage


class _Reader(Protocol):
    def read(self, n: int) -> bytes: ...
    def close(self) -> None: ...


def _short(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:200]


class DecompressedStream:
    """Read-only stream of a dump's contents; every failure is an InputError naming the file and how many
    decompressed bytes came out before it broke (for .bz2 also the compressed byte and the stream). Use as
    a context manager. `param` is the params key that chose `tool`, named when it is wrong."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        threads: int = 2,
        tool: str = "auto",
        param: str = "sitelinks.decompressor",
    ) -> None:
        self.path = Path(path)
        self.threads = max(1, threads)
        self.offset = 0  # decompressed bytes delivered so far
        self.kind = self.path.suffix
        if tool not in TOOLS:
            raise ParamError(param, f"is {tool!r}", f"choose one of: {', '.join(TOOLS)}")
        if self.kind not in _EXTERNAL and self.kind not in PLAIN:
            raise InputError(
                self.path,
                "unsupported compression",
                f"expected a .bz2 or .gz file, or plain {'/'.join(PLAIN)}",
            )
        if not self.path.is_file():
            raise InputError(self.path, "no such file", "run the download stage first")
        self._check_magic()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lib: _Reader | None = None
        self._raw: BinaryIO | None = None
        self.method = self._choose(tool, param)
        self._open()

    def _check_magic(self) -> None:
        with open(self.path, "rb") as f:
            head = f.read(3)
        if not head:
            raise InputError(self.path, "empty file", "delete it and download it again")
        if self.kind in PLAIN:
            return
        magic = _BZ2_MAGIC if self.kind == ".bz2" else _GZ_MAGIC
        if not head.startswith(magic):
            raise InputError(
                self.path,
                f"not a valid {self.kind[1:]} file (bad magic bytes)",
                "delete it and download it again",
            )

    def _choose(self, tool: str, param: str) -> str:
        if self.kind in PLAIN:
            return "plain"
        exe = _EXTERNAL[self.kind][0]
        if tool == "external":
            if shutil.which(exe) is None:
                raise ParamError(param, f"is 'external' but {exe} is not on PATH", "install it or use 'auto'")
            return exe
        if tool == "auto" and self.kind == ".bz2" and shutil.which(exe) is not None:
            return exe
        return "indexed_bzip2" if self.kind == ".bz2" else "rapidgzip"

    def _open(self) -> None:
        if self.method == "plain":
            self._raw = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        elif self.method in ("lbzip2", "pigz"):
            exe, dc, nflag = _EXTERNAL[self.kind]
            cmd = [exe, dc, nflag, str(self.threads), str(self.path)]
            self._start_external(cmd)
        elif self.method == "indexed_bzip2":
            import indexed_bzip2

            self._lib = indexed_bzip2.open(str(self.path), parallelization=self.threads)
        else:
            import rapidgzip

            self._lib = rapidgzip.open(str(self.path), parallelization=self.threads)

    def _start_external(self, cmd: list[str]) -> None:
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        self._raw = self._proc.stdout

    def _fail(self, problem: str, where: str | None = None) -> InputError:
        if where is None and self.kind == ".bz2":
            where = bz2_damage(self.path)
        return InputError(
            self.path,
            f"corrupt or truncated {self.kind[1:]} data after {self.offset:,} decompressed bytes ({problem})"
            + (f": {where}" if where else ""),
            "delete the file and download it again",
        )

    def read(self, n: int = -1) -> bytes:
        """Up to `n` decompressed bytes (b"" at the end); all the rest when n < 0."""
        if n < 0:
            return b"".join(iter(lambda: self.read(CHUNK), b""))
        try:
            if self._raw is not None:
                data = self._raw.read(n)
            else:
                assert self._lib is not None
                data = self._lib.read(n)
        except InputError:
            raise
        except Exception as e:  # the readers raise RuntimeError/ValueError with C++ messages
            raise self._fail(_short(e)) from None
        if not data:
            self._check_end()
        self.offset += len(data)
        return data

    def _check_end(self) -> None:
        """At EOF: an external tool must exit 0; rapidgzip must have consumed the whole file (it stops
        silently at a truncated deflate stream, so compare its compressed position with the file size);
        indexed_bzip2 stops silently at a file cut inside a stream header, so the last stream is re-read."""
        if self._proc is not None:
            rc = self._proc.wait()
            if rc != 0:
                err = (self._proc.stderr.read() if self._proc.stderr else b"").decode(errors="replace")
                raise self._fail(f"{self.method} exited with status {rc}: {err.strip()[:200]}")
        elif self.method == "rapidgzip":
            tell = getattr(self._lib, "tell_compressed", None)
            if tell is not None:
                bits, size = tell(), self.path.stat().st_size * 8
                if bits != size:
                    raise self._fail(
                        f"the gzip stream ends at compressed byte {bits // 8:,} of {size // 8:,}"
                    )
        elif self.method == "indexed_bzip2":
            size = self.path.stat().st_size
            start = _last_stream_start(self.path, size, TAIL_CHECK)
            if start is not None and (where := _bz2_scan(self.path, start, size)) is not None:
                raise self._fail("the reader stopped early", where)

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for f in (self._proc.stdout, self._proc.stderr):
                if f is not None:
                    f.close()
            self._proc = None
        elif self._raw is not None:
            self._raw.close()
        self._raw = None
        if self._lib is not None:
            self._lib.close()
            self._lib = None

    def __enter__(self) -> DecompressedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dump(path: str | os.PathLike[str], *, threads: int = 2, tool: str = "auto") -> DecompressedStream:
    """A dump's decompressed bytes (see DecompressedStream), with the choice of decompressor left to auto."""
    return DecompressedStream(path, threads=threads, tool=tool)


def line_chunks(stream: DecompressedStream, chunk_bytes: int) -> Iterator[bytes]:
    """Yield blocks of about `chunk_bytes` that end at a newline (the last one may not)."""
    rest = b""
    while True:
        block = stream.read(chunk_bytes)
        if not block:
            if rest:
                yield rest
            return
        cut = block.rfind(b"\n")
        if cut < 0:
            rest += block  # a line longer than a block: keep reading until it ends
            continue
        yield rest + block[: cut + 1]
        rest = block[cut + 1 :]


def bz2_damage(path: Path) -> str | None:
    """Where a damaged .bz2 file breaks, found by re-reading it with the standard library's decoder: the
    whole file when it is small enough, else from the last stream header in the last DIAGNOSE_LIMIT bytes
    (a cut download is the common case). None when nothing was found within those limits."""
    size = path.stat().st_size
    start = 0 if size <= DIAGNOSE_LIMIT else _last_stream_start(path, size, DIAGNOSE_LIMIT)
    return None if start is None else _bz2_scan(path, start, size)


def _last_stream_start(path: Path, size: int, window: int) -> int | None:
    """Offset of the last bz2 stream header within the last `window` bytes of the file, if any."""
    base = max(0, size - window)
    with open(path, "rb") as f:
        f.seek(base)
        tail = f.read(window)
    found = None
    for m in _BZ2_STREAM.finditer(tail):
        found = m.start()
    return None if found is None else base + found


def _bz2_scan(path: Path, start: int, size: int) -> str | None:
    """Decompress (and discard) the streams from byte `start` to the end; describe the first damage."""
    dec = bz2.BZ2Decompressor()
    stream = start  # where the current stream starts
    data = b""
    with open(path, "rb") as f:
        f.seek(start)
        while True:
            if not data:
                data = f.read(CHUNK)
                if not data:
                    break
            try:
                dec.decompress(data, max_length=CHUNK)  # bounded output per call keeps memory flat
                while not dec.eof and not dec.needs_input:
                    dec.decompress(b"", max_length=CHUNK)
            except (OSError, ValueError) as e:
                return (
                    f"corrupt bz2 data ({e}) {_locate(path, stream, f.tell())} (of {size}), in the stream "
                    f"starting at byte {stream}"
                )
            data = b""
            if dec.eof:  # a multistream file continues with the next stream
                data, stream = dec.unused_data, f.tell() - len(dec.unused_data)
                dec = bz2.BZ2Decompressor()
    if stream < size:  # bytes after the last complete stream that do not finish one
        return f"truncated: the file ends at byte {size} inside the bz2 stream that starts at byte {stream}"
    return None


def _locate(path: Path, start: int, limit: int) -> str:
    """Re-decompress the failing stream in small steps to find where the damage is noticed."""
    coarse = f"between bytes {max(start, limit - CHUNK)} and {limit}"
    if limit - start > DIAGNOSE_LIMIT:
        return coarse
    dec = bz2.BZ2Decompressor()
    with open(path, "rb") as f:
        f.seek(start)
        pos = start
        while pos < limit and not dec.eof:
            piece = f.read(min(REFINE_STEP, limit - pos))
            if not piece:
                break
            try:
                dec.decompress(piece)
            except (OSError, ValueError):
                return f"between bytes {pos} and {pos + len(piece)}"
            pos += len(piece)
    return coarse
