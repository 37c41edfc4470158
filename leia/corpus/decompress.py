"""Parallel decompression of .bz2/.gz dumps into a byte stream, with errors that name the file and offset.

Library readers: indexed_bzip2 (.bz2) and rapidgzip (.gz), both decompress on several threads.
External tools: `lbzip2 -dc` (parallel bzip2, preferred for .bz2 when on PATH: it runs outside this
process) and `pigz -dc` (only used when asked for: pigz cannot decompress in parallel, rapidgzip can).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from leia.errors import InputError, ParamError

TOOLS = ("auto", "library", "external")
_EXTERNAL = {".bz2": ("lbzip2", "-dc", "-n"), ".gz": ("pigz", "-dc", "-p")}
_BZ2_MAGIC = b"BZh"
_GZ_MAGIC = b"\x1f\x8b"


class _Reader(Protocol):
    def read(self, n: int) -> bytes: ...
    def close(self) -> None: ...


def _short(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:200]


class DecompressedStream:
    """Read-only stream of a compressed file's contents; every failure is an InputError naming the file
    and how many decompressed bytes came out before it broke. Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str], *, threads: int = 2, tool: str = "auto") -> None:
        self.path = Path(path)
        self.threads = max(1, threads)
        self.offset = 0  # decompressed bytes delivered so far
        self.kind = self.path.suffix
        if tool not in TOOLS:
            raise ParamError("sitelinks.decompressor", f"is {tool!r}", f"choose one of: {', '.join(TOOLS)}")
        if self.kind not in _EXTERNAL:
            raise InputError(self.path, "unsupported compression", "expected a .bz2 or .gz file")
        if not self.path.is_file():
            raise InputError(self.path, "no such file", "run the download stage first")
        self._check_magic()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lib: _Reader | None = None
        self._raw: BinaryIO | None = None
        self.method = self._choose(tool)
        self._open()

    def _check_magic(self) -> None:
        with open(self.path, "rb") as f:
            head = f.read(3)
        magic = _BZ2_MAGIC if self.kind == ".bz2" else _GZ_MAGIC
        if not head.startswith(magic):
            what = "empty file" if not head else "not a valid " + self.kind[1:] + " file (bad magic bytes)"
            raise InputError(self.path, what, "delete it and download it again")

    def _choose(self, tool: str) -> str:
        exe = _EXTERNAL[self.kind][0]
        if tool == "external":
            if shutil.which(exe) is None:
                raise ParamError("sitelinks.decompressor", f"is 'external' but {exe} is not on PATH",
                                 "install it or use 'auto'")  # fmt: skip
            return exe
        if tool == "auto" and self.kind == ".bz2" and shutil.which(exe) is not None:
            return exe
        return "indexed_bzip2" if self.kind == ".bz2" else "rapidgzip"

    def _open(self) -> None:
        if self.method in ("lbzip2", "pigz"):
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

    def _fail(self, problem: str) -> InputError:
        return InputError(
            self.path,
            f"corrupt or truncated {self.kind[1:]} data after {self.offset:,} decompressed bytes ({problem})",
            "delete the file and download it again",
        )

    def read(self, n: int) -> bytes:
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
        silently at a truncated deflate stream, so compare its compressed position with the file size)."""
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

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for f in (self._proc.stdout, self._proc.stderr):
                if f is not None:
                    f.close()
            self._proc = None
            self._raw = None
        if self._lib is not None:
            self._lib.close()
            self._lib = None

    def __enter__(self) -> DecompressedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
