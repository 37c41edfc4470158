"""Download dump files from a mirror: md5-verified, resumable (HTTP Range), retried with backoff.

A file is fetched into `NAME.part` beside its destination and renamed to `NAME` only after its md5
matches the mirror's published md5sums file, so a finished-looking file is always a verified one.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from leia.corpus.dumpfiles import ARCHIVE_ORG, DumpFile, dump_files, mirror_layout, mirror_url
from leia.errors import InputError
from leia.io import write_text
from leia.params import get_float, get_int

log = logging.getLogger(__name__)

USER_AGENT = "leia-reproduction/0.1 (dump download for the LEIA reproduction package; python-urllib)"
BLOCK = 1 << 20
MAX_BACKOFF_S = 60.0


class DumpNotHostedError(InputError):
    """The mirror has no such file (HTTP 404/410, or missing in a local mirror)."""


class _Retryable(Exception):
    """A transient failure: the attempt is retried (resuming from the .part file)."""


def _not_hosted(url: str, mirror: str) -> DumpNotHostedError:
    if mirror.startswith("file:"):
        hint = (
            "the local mirror has no such file; build it first (the demo_world stage / `leia demo-world`) "
            "or point the mirror in `sources` at the right folder"
        )
    else:
        hint = (
            "Wikimedia keeps only the most recent dumps online: choose a newer dump.date/dump.wikidata_date "
            f"(see the dates listed on {mirror}), or use the Internet Archive's copies, which keep old "
            f"dates: sources.remote: {{archive: {{url: {ARCHIVE_ORG}, layout: archive_org}}}}"
        )
    return DumpNotHostedError(url, "not found: the mirror does not (or no longer) host this dump date", hint)


def _open(url: str, offset: int, timeout: float) -> Any:
    headers = {"User-Agent": USER_AGENT}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)


def _classify(e: BaseException, url: str, mirror: str) -> BaseException:
    """Turn a urllib failure into a final error (returned to raise) or a _Retryable."""
    if isinstance(e, urllib.error.HTTPError):
        if e.code in (404, 410):
            return _not_hosted(url, mirror)
        if e.code in (408, 425, 429) or e.code >= 500:
            return _Retryable(f"HTTP {e.code} {e.reason}")
        return InputError(url, f"HTTP {e.code} {e.reason}", "check the mirror in `sources`")
    if isinstance(e, urllib.error.URLError) and isinstance(e.reason, FileNotFoundError):
        return _not_hosted(url, mirror)
    if isinstance(e, (urllib.error.URLError, OSError, http.client.HTTPException)):
        return _Retryable(f"{type(e).__name__}: {e}")
    return e


def _with_retries(
    what: str, fn: Callable[[], Any], *, url: str, mirror: str, retries: int, backoff_s: float
) -> Any:
    for attempt in range(retries + 1):
        try:
            return fn()
        except (urllib.error.URLError, OSError, http.client.HTTPException, _Retryable) as e:
            err = e if isinstance(e, _Retryable) else _classify(e, url, mirror)
            if not isinstance(err, _Retryable):
                raise err from None
            if attempt == retries:
                raise InputError(
                    url,
                    f"{what} failed after {retries + 1} attempts: {err}",
                    "check the network and the mirror in `sources`; running again resumes where it stopped",
                ) from None
            delay = min(MAX_BACKOFF_S, backoff_s * 2**attempt)
            log.warning("%s: %s; retrying in %.1fs (%d/%d)", url, err, delay, attempt + 1, retries)
            time.sleep(delay)
    raise AssertionError("unreachable")


def parse_files_xml(text: str, source: str) -> dict[str, str]:
    """An archive.org item's `<item>_files.xml` → {name: md5} for the files that carry an md5."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise InputError(
            source, f"is not XML: {e}", "check that the mirror's layout is archive_org"
        ) from None
    sums: dict[str, str] = {}
    for node in root.iter("file"):
        md5 = (node.findtext("md5") or "").strip().lower()
        if node.get("name") and re.fullmatch(r"[0-9a-f]{32}", md5):
            sums[node.get("name", "")] = md5
    return sums


def parse_md5sums(text: str, source: str) -> dict[str, str]:
    """`<md5>  <name>` lines (also `<md5> *<name>`) → {name: md5}."""
    sums: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9a-fA-F]{32})\s+\*?(\S.*?)\s*$", line)
        if not m:
            raise InputError(source, f"line {lineno} is not '<md5>  <file name>': {line[:80]!r}")
        sums[m.group(2)] = m.group(1).lower()
    return sums


def fetch_text(url: str, *, mirror: str, timeout: float, retries: int, backoff_s: float) -> str:
    def get_once() -> str:
        with _open(url, 0, timeout) as resp:
            return resp.read().decode("utf-8")

    return _with_retries("download", get_once, url=url, mirror=mirror, retries=retries, backoff_s=backoff_s)


def md5_of(path: Path, h: Any = None) -> Any:
    """The hash object `h` (md5 by default) updated with the file's bytes."""
    h = h or hashlib.md5()
    with open(path, "rb") as f:
        while block := f.read(BLOCK):
            h.update(block)
    return h


def download_file(
    url: str,
    dest: Path,
    md5: str | None,
    *,
    mirror: str,
    algo: str = "md5",
    checksum_from: str = "the mirror's md5sums",
    timeout: float = 60.0,
    retries: int = 5,
    backoff_s: float = 1.0,
    progress: Progress | None = None,
) -> Path:
    """Fetch `url` to `dest` via `dest.part` (resumed if present), verify its `algo` digest against
    `md5` (any hashlib algorithm; None: nothing to verify against yet), rename. Returns `dest`."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        if md5 is not None and md5_of(dest, hashlib.new(algo)).hexdigest() == md5:
            log.info("%s: present and verified", dest)
            return dest
        why = "no checksum is known for it" if md5 is None else f"does not match {algo} {md5}"
        log.warning("%s: exists but %s; downloading it again", dest, why)
        dest.unlink()
    part = dest.with_name(dest.name + ".part")
    task = progress.add_task(dest.name, total=None) if progress is not None else None
    state = {"hash": md5_of(part, hashlib.new(algo)) if part.exists() else hashlib.new(algo)}

    def attempt() -> None:
        offset = part.stat().st_size if part.exists() else 0
        try:
            resp = _open(url, offset, timeout)
        except urllib.error.HTTPError as e:
            if e.code == 416 and offset:  # nothing left to send: the .part is already complete
                return
            raise
        with resp:
            status = resp.status if getattr(resp, "status", None) else 200
            if offset and status == 206:
                m = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range", ""))
                if not m or int(m.group(1)) != offset:
                    raise _Retryable(
                        f"server answered the range request with {resp.headers.get('Content-Range')!r}"
                    )
            elif offset:  # server (or file://) ignores Range: start again from byte 0
                log.info("%s: mirror does not support resuming; restarting from byte 0", url)
                offset = 0
                state["hash"] = hashlib.new(algo)
            length = resp.headers.get("Content-Length")
            expected = int(length) if length is not None else None
            if task is not None:
                progress.update(task, total=None if expected is None else offset + expected, completed=offset)
            got = 0
            with open(part, "ab" if offset else "wb") as f:
                while block := resp.read(BLOCK):
                    try:
                        f.write(block)
                    except OSError as e:  # local disk trouble is not worth retrying
                        raise InputError(
                            part, f"cannot write: {e}", "free disk space or change download.out"
                        ) from None
                    state["hash"].update(block)
                    got += len(block)
                    if task is not None:
                        progress.advance(task, len(block))
            if expected is not None and got < expected:
                raise _Retryable(f"connection closed after {offset + got} of {offset + expected} bytes")

    _with_retries("download", attempt, url=url, mirror=mirror, retries=retries, backoff_s=backoff_s)
    actual = state["hash"].hexdigest()
    if md5 is not None and actual != md5:
        part.unlink(missing_ok=True)
        raise InputError(
            dest,
            f"{algo} mismatch: expected {md5} (from {checksum_from}), got {actual}",
            "the partial download was removed; run the download again, or check the mirror",
        )
    os.replace(part, dest)
    return dest


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TimeRemainingColumn(),
    )  # fmt: skip


def download_all(params: dict[str, Any]) -> list[Path]:
    """Download (or verify) every dump file of a params set; returns the local paths."""
    mirror = mirror_url(params)
    opts = {
        "mirror": mirror,
        "layout": mirror_layout(params),
        "timeout": get_float(params, "download.timeout_s", min=1.0),
        "retries": get_int(params, "download.retries", min=0),
        "backoff_s": get_float(params, "download.backoff_s", 1.0, min=0.0),
    }
    files = dump_files(params)
    sums_cache: dict[str, dict[str, str]] = {}
    done: list[Path] = []
    with _progress() as progress:
        for f in files:
            done.append(_download_one(f, opts, sums_cache, progress))
    return done


def _download_one(
    f: DumpFile, opts: dict[str, Any], sums_cache: dict[str, dict[str, str]], progress: Progress
) -> Path:
    mirror, layout = opts["mirror"], opts["layout"]
    sums_url = f.md5sums_url(mirror, layout)
    if sums_url not in sums_cache:
        text = fetch_text(sums_url, **{k: opts[k] for k in ("mirror", "timeout", "retries", "backoff_s")})
        parse = parse_files_xml if layout == "archive_org" else parse_md5sums
        sums_cache[sums_url] = parse(text, sums_url)
        write_text(
            f.local.with_name(sums_url.rsplit("/", 1)[-1]), text
        )  # kept beside the dump for provenance
    sums = sums_cache[sums_url]
    if f.name not in sums:
        raise InputError(
            sums_url,
            f"does not list {f.name} with an md5",
            "the dump for this date may be unfinished or absent",
        )
    dl = {k: v for k, v in opts.items() if k != "layout"}
    return download_file(f.url(mirror, layout), f.local, sums[f.name], progress=progress,
                         checksum_from=sums_url.rsplit("/", 1)[-1], **dl)  # fmt: skip
