from __future__ import annotations

import bz2
import gzip
import os
import shutil
import zlib
from pathlib import Path

import pytest

from leia.corpus import decompress
from leia.corpus.decompress import DecompressedStream, line_chunks
from leia.errors import InputError, ParamError

# Incompressible-ish lines so the compressed files span several blocks.
DATA = b"".join(b"line %d %s\n" % (i, os.urandom(24).hex().encode()) for i in range(20000))
COMPRESSED = {".bz2": bz2.compress(DATA), ".gz": gzip.compress(DATA)}


def _files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for ext, raw in COMPRESSED.items():
        p = tmp_path / f"d{ext}"
        p.write_bytes(raw)
        out[ext] = p
    return out


def _read_all(path: Path, **kw: object) -> bytes:
    with DecompressedStream(path, **kw) as s:  # type: ignore[arg-type]
        return b"".join(iter(lambda: s.read(1 << 20), b""))


@pytest.mark.parametrize("ext", [".bz2", ".gz"])
@pytest.mark.parametrize("threads", [1, 2])
def test_library_readers_roundtrip(tmp_path: Path, ext: str, threads: int) -> None:
    path = _files(tmp_path)[ext]
    assert _read_all(path, threads=threads, tool="library") == DATA


@pytest.mark.parametrize("ext", [".bz2", ".gz"])
@pytest.mark.parametrize("cut", [10, 1000, "half"])
def test_truncated_file_names_file_and_offset(tmp_path: Path, ext: str, cut: object) -> None:
    path = _files(tmp_path)[ext]
    raw = path.read_bytes()
    n = len(raw) // 2 if cut == "half" else len(raw) - int(cut)  # type: ignore[arg-type]
    path.write_bytes(raw[:n])
    with pytest.raises(InputError) as e:
        _read_all(path, tool="library")
    msg = str(e.value)
    assert str(path) in msg and "corrupt or truncated" in msg and "decompressed bytes" in msg


@pytest.mark.parametrize("ext", [".bz2", ".gz"])
def test_corrupt_middle(tmp_path: Path, ext: str) -> None:
    path = _files(tmp_path)[ext]
    raw = bytearray(path.read_bytes())
    mid = len(raw) // 2
    raw[mid : mid + 64] = bytes(b ^ 0x5A for b in raw[mid : mid + 64])
    path.write_bytes(bytes(raw))
    with pytest.raises(InputError, match="corrupt or truncated"):
        _read_all(path, tool="library")


@pytest.mark.parametrize("ext", [".bz2", ".gz"])
def test_not_compressed_or_empty(tmp_path: Path, ext: str) -> None:
    plain = tmp_path / f"plain{ext}"
    plain.write_bytes(b"[\n{}\n]\n")
    with pytest.raises(InputError, match="bad magic"):
        DecompressedStream(plain)
    empty = tmp_path / f"empty{ext}"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        DecompressedStream(empty)


def test_missing_and_unsupported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        DecompressedStream(tmp_path / "nope.gz")
    (tmp_path / "x.xz").write_bytes(b"x")
    with pytest.raises(InputError, match="unsupported"):
        DecompressedStream(tmp_path / "x.xz")
    with pytest.raises(ParamError, match="sitelinks.decompressor"):
        DecompressedStream(tmp_path / "x.xz", tool="fast")


@pytest.fixture
def fake_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for lbzip2/pigz with bzip2/gzip (same -dc interface; -n/-p dropped)."""
    if not (shutil.which("bzip2") and shutil.which("gzip")):
        pytest.skip("bzip2/gzip not on PATH")
    real_start = DecompressedStream._start_external

    def start(self: DecompressedStream, cmd: list[str]) -> None:
        exe = {"lbzip2": "bzip2", "pigz": "gzip"}[cmd[0]]
        real_start(self, [exe, "-dc", cmd[-1]])

    monkeypatch.setattr(DecompressedStream, "_start_external", start)
    monkeypatch.setattr(decompress.shutil, "which", lambda name: f"/usr/bin/{name}")


@pytest.mark.parametrize("ext", [".bz2", ".gz"])
def test_external_tool_roundtrip_and_truncation(tmp_path: Path, ext: str, fake_tools: None) -> None:
    path = _files(tmp_path)[ext]
    with DecompressedStream(path, tool="external") as s:
        assert s.method in ("lbzip2", "pigz")
        assert b"".join(iter(lambda: s.read(1 << 20), b"")) == DATA
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(InputError, match="exited with status"):
        _read_all(path, tool="external")


def test_auto_prefers_lbzip2_for_bz2_only(tmp_path: Path, fake_tools: None) -> None:
    files = _files(tmp_path)
    with DecompressedStream(files[".bz2"]) as s:
        assert s.method == "lbzip2"
    with DecompressedStream(files[".gz"]) as s:
        assert s.method == "rapidgzip"  # pigz cannot decompress in parallel


def test_external_missing_is_param_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decompress.shutil, "which", lambda name: None)
    with pytest.raises(ParamError, match="not on PATH"):
        DecompressedStream(_files(tmp_path)[".gz"], tool="external")


def test_early_close_stops_external_tool(tmp_path: Path, fake_tools: None) -> None:
    path = _files(tmp_path)[".bz2"]
    s = DecompressedStream(path, tool="external")
    assert s.read(100) == DATA[:100]
    proc = s._proc
    s.close()
    assert proc is not None and proc.returncode is not None


@pytest.mark.parametrize("chunk", [7, 1000, 1 << 20])
def test_line_chunks_split_at_newlines(tmp_path: Path, chunk: int) -> None:
    data = DATA[:50000] + b"no newline at end"
    p = tmp_path / "c.gz"
    p.write_bytes(gzip.compress(data))
    with DecompressedStream(p) as s:
        blocks = list(line_chunks(s, chunk))
    assert b"".join(blocks) == data
    assert all(b.endswith(b"\n") for b in blocks[:-1])
    assert zlib.crc32(b"".join(blocks)) == zlib.crc32(data)


def test_plain_file_read_as_is(tmp_path: Path) -> None:
    p = tmp_path / "dump.xml"
    p.write_bytes(DATA[:5000])
    with DecompressedStream(p, tool="external") as s:  # no tool is needed for a plain file
        assert s.method == "plain" and s.read() == DATA[:5000] and s.offset == 5000


def test_bz2_damage_names_stream_and_compressed_byte(tmp_path: Path) -> None:
    path = _files(tmp_path)[".bz2"]
    raw = path.read_bytes()
    path.write_bytes(raw[:-300])
    with pytest.raises(InputError) as e:
        _read_all(path, tool="library")
    assert (
        f"truncated: the file ends at byte {len(raw) - 300} inside the bz2 stream that starts at byte 0"
        in str(e.value)
    )


def test_multistream_cut_just_after_a_stream_header(tmp_path: Path) -> None:
    # indexed_bzip2 ends without an error when the file stops a few bytes into the last stream.
    streams = [bz2.compress(DATA[i : i + 100_000]) for i in range(0, len(DATA), 100_000)]
    path = tmp_path / "multi.bz2"
    path.write_bytes(b"".join(streams))
    assert _read_all(path, tool="library", threads=2) == DATA
    start = len(b"".join(streams[:-1]))
    path.write_bytes(b"".join(streams)[: start + 5])
    with pytest.raises(
        InputError, match=rf"ends at byte {start + 5} inside the bz2 stream that starts at byte {start}"
    ):
        _read_all(path, tool="library", threads=2)
