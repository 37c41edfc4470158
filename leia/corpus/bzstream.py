"""Read a (multistream) .bz2 file and say exactly which file broke and where when it is corrupt.

Python's bz2.open reports a damaged or truncated dump as a bare "Invalid data stream" or EOFError with
no position. This reader feeds the compressed bytes itself, so it knows the offset of the stream that
failed and how far into the file the damage was detected.
"""

from __future__ import annotations

import bz2
import io
import os
from pathlib import Path

from leia.errors import InputError

CHUNK = 1 << 20
REFINE_STEP = 1 << 10  # precision of the reported offset of damage
REFINE_LIMIT = 256 << 20  # re-read at most this much of a damaged stream to locate it


class CheckedBz2Reader(io.RawIOBase):
    """A raw binary reader over the decompressed contents of a single- or multi-stream .bz2 file."""

    def __init__(self, path: str | os.PathLike[str], chunk: int = CHUNK) -> None:
        super().__init__()
        self.path = Path(path)
        self._f = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        self.size = os.fstat(self._f.fileno()).st_size
        self._chunk = chunk
        self._dec = bz2.BZ2Decompressor()
        self._stream_start = 0
        self._pending = b""  # compressed bytes read but not yet given to the decompressor
        self._offset = 0  # compressed bytes consumed from the file so far
        self._eof = False
        self._any_data = False

    @property
    def compressed_pos(self) -> int:
        """How many compressed bytes have been read (for progress bars)."""
        return self._offset

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
        n = len(buf)
        while not self._eof:
            if self._dec.eof:
                # End of one bz2 stream: a multistream dump continues with the next one.
                self._stream_start = self._offset - len(self._dec.unused_data) - len(self._pending)
                self._pending = self._dec.unused_data + self._pending
                self._dec = bz2.BZ2Decompressor()
            if self._dec.needs_input and not self._pending:
                data = self._f.read(self._chunk)
                if not data:
                    self._finish()
                    return 0
                self._offset += len(data)
                self._pending = data
            feed, self._pending = (self._pending, b"") if self._dec.needs_input else (b"", self._pending)
            try:
                out = self._dec.decompress(feed, max_length=n)
            except (OSError, ValueError) as e:
                at = self._locate_error(self._stream_start, self._offset)
                raise InputError(
                    self.path,
                    f"corrupt bz2 data ({e}) {at} (of {self.size}), in the stream starting at byte "
                    f"{self._stream_start}",
                    "the file is damaged; delete it and run the download stage again",
                ) from None
            if out:
                self._any_data = True
                buf[: len(out)] = out
                return len(out)
        return 0

    def _locate_error(self, start: int, limit: int) -> str:
        """Re-decompress the failing stream in small steps to find where the damage is noticed."""
        coarse = f"between bytes {max(start, limit - self._chunk)} and {limit}"
        if limit - start > REFINE_LIMIT:
            return coarse
        dec = bz2.BZ2Decompressor()
        with open(self.path, "rb") as f:
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

    def _finish(self) -> None:
        self._eof = True
        if not self._dec.eof and (self._stream_start < self._offset or not self._any_data):
            if self.size == 0:
                raise InputError(self.path, "is empty", "delete it and run the download stage again")
            raise InputError(
                self.path,
                f"truncated: the file ends at byte {self.size} inside the bz2 stream that starts at byte "
                f"{self._stream_start}",
                "the download is incomplete; delete it and run the download stage again",
            )

    def close(self) -> None:
        if not self.closed:
            self._f.close()
        super().close()


def open_bz2(path: str | os.PathLike[str]) -> io.BufferedReader:
    """Buffered binary reader over a .bz2 file's decompressed bytes, raising InputError on damage."""
    return io.BufferedReader(CheckedBz2Reader(path), buffer_size=CHUNK)
