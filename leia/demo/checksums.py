"""Checksum files as dumps.wikimedia.org publishes them: `*-md5sums.txt`, `*-sha1sums.txt`
("<hex>  <filename>" lines) and `dumpstatus.json`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

_CHUNK = 1 << 20


def file_hashes(path: Path) -> tuple[str, str]:
    md5, sha1 = hashlib.md5(), hashlib.sha1()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            md5.update(chunk)
            sha1.update(chunk)
    return md5.hexdigest(), sha1.hexdigest()


def write_sums(
    folder: Path, prefix: str, files: list[Path], *, sha1: bool = True
) -> dict[str, tuple[str, str]]:
    """Write `{prefix}-md5sums.txt` (and `-sha1sums.txt`) for `files`; return name -> (md5, sha1)."""
    hashes = {p.name: file_hashes(p) for p in sorted(files)}
    (folder / f"{prefix}-md5sums.txt").write_text("".join(f"{m}  {n}\n" for n, (m, _) in hashes.items()))
    if sha1:
        (folder / f"{prefix}-sha1sums.txt").write_text("".join(f"{s}  {n}\n" for n, (_, s) in hashes.items()))
    return hashes


def write_dumpstatus(folder: Path, url_dir: str, job: str, files: list[Path], updated: str) -> None:
    """`dumpstatus.json`: the job that made `files`, plus the checksum-file jobs, as the real one."""
    prefix = url_dir.strip("/").replace("/", "-")  # jawiki/20231001 -> jawiki-20231001
    sums = write_sums(folder, prefix, files)

    def entry(p: Path, with_hashes: bool) -> dict:
        d: dict = {"size": p.stat().st_size, "url": f"/{url_dir.strip('/')}/{p.name}"}
        if with_hashes:
            m, s = sums[p.name] if p.name in sums else file_hashes(p)
            d |= {"md5": m, "sha1": s}
        return d

    md5f, sha1f = folder / f"{prefix}-md5sums.txt", folder / f"{prefix}-sha1sums.txt"
    status = {
        "jobs": {
            job: {
                "status": "done",
                "updated": updated,
                "files": {p.name: entry(p, True) for p in sorted(files)},
            },
            "md5sums": {"status": "done", "updated": updated, "files": {md5f.name: entry(md5f, True)}},
            "sha1sums": {"status": "done", "updated": updated, "files": {sha1f.name: entry(sha1f, True)}},
        },
        "version": "0.8",
    }
    (folder / "dumpstatus.json").write_text(json.dumps(status, indent=None, sort_keys=True) + "\n")
