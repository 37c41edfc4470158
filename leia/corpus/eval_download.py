"""Download the six published evaluation sets at pinned versions, verify them, unpack them where
`eval_data` reads them (`evaluate.paths.*`).

Checksums come from two places:
- GitHub files are fetched at a pinned commit, so their bytes are the git blob at that commit: the
  sha256 below was computed from those blobs (JGLUE, niilc-qa, JEMHopQA) and is always enforced.
- JAQKET's files and the X-CSR zip are served from unversioned URLs with no published checksum. Their
  sha256 is recorded on first download in `eval-sources.sha256` (trust on first use) and enforced from
  then on; committing that file makes every later download, on any machine, check against it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from leia.contract import TASKS, eval_tasks
from leia.corpus.download import _progress, download_file
from leia.errors import InputError, ParamError
from leia.io import write_text
from leia.params import get, get_float, get_int

log = logging.getLogger(__name__)

LOCK = Path("eval-sources.sha256")
# JGLUE: the last commit with JCommonsenseQA v1.1, the one before "Bump version to v1.2.0"
JGLUE_COMMIT = "28cfe195676a8b9c3e991a5f2aac05c6f87e2b3f"
NIILC_COMMIT = "b6d47968b2e301a5e953fb1922a08ed56099646b"
JEMHOPQA_COMMIT = "fed5024f4f39f02727e699cb7ccb67935a779a5a"
_RAW = "https://raw.githubusercontent.com"
# The AIO 1st files, as kumapo/JAQKET-dataset@29b42a42 JAQKET.py (the JP harness loader) fetches them
_JAQKET = "https://jaqket.s3.ap-northeast-1.amazonaws.com/data/aio_01"


@dataclass(frozen=True)
class EvalFile:
    dataset: str  # key of evaluate.paths
    url: str
    dest: str  # relative to evaluate.paths[dataset]
    sha256: str | None  # None: unversioned source, recorded in eval-sources.sha256 on first download
    unzip_expect: tuple[str, ...] = ()  # a zip: unpack it beside itself; these paths must then exist


FILES: tuple[EvalFile, ...] = (
    EvalFile("xcsr", "https://inklab.usc.edu/XCSR/xcsr_datasets.zip", "xcsr_datasets.zip", None,
             ("X-CSR_datasets/X-CSQA/en/dev.jsonl", "X-CSR_datasets/X-CODAH/en/dev.jsonl")),
    EvalFile("jglue", f"{_RAW}/yahoojapan/JGLUE/{JGLUE_COMMIT}/datasets/jcommonsenseqa-v1.1/train-v1.1.json",
             "datasets/jcommonsenseqa-v1.1/train-v1.1.json",
             "9b55fae5ecb3aedd6f8ce5bc09196c3b629864668ec6c18eee4d65c0aa48229e"),
    EvalFile("jglue", f"{_RAW}/yahoojapan/JGLUE/{JGLUE_COMMIT}/datasets/jcommonsenseqa-v1.1/valid-v1.1.json",
             "datasets/jcommonsenseqa-v1.1/valid-v1.1.json",
             "0d8d76f3bfa0d174866939882faccdd01fbc2bcd5a76c43748ba0c40a7b3b8d4"),
    EvalFile("jaqket", f"{_JAQKET}/train_questions.json", "aio_01/train_questions.json", None),
    EvalFile("jaqket", f"{_JAQKET}/dev1_questions.json", "aio_01/dev1_questions.json", None),
    EvalFile("jaqket", f"{_JAQKET}/candidate_entities.json.gz", "aio_01/candidate_entities.json.gz", None),
    EvalFile("niilc", f"{_RAW}/mynlp/niilc-qa/{NIILC_COMMIT}/data/NIILC-ECQA2015_test.xml",
             "data/NIILC-ECQA2015_test.xml",
             "4a787463961db87e56e496c49cb40ca59f26d220e3ccc48588ad65b0dd4ce0d2"),
    EvalFile("jemhopqa", f"{_RAW}/aiishii/JEMHopQA/{JEMHOPQA_COMMIT}/corpus/dev.json", "corpus/dev.json",
             "2f3b8a518ca3051fc002f343ba3c26f6f3be902464061b43c30c5a1d37a9269a"),
)  # fmt: skip


def read_lock(path: Path) -> dict[str, str]:
    """`<sha256>  <url>` lines → {url: sha256}."""
    sums: dict[str, str] = {}
    if not path.exists():
        return sums
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.fullmatch(r"([0-9a-f]{64})\s+(\S+)\s*", line)
        if not m:
            raise InputError(f"{path}:{lineno}", f"not '<sha256>  <url>': {line[:80]!r}",
                             "fix or delete the line; it is re-recorded on the next download")  # fmt: skip
        sums[m.group(2)] = m.group(1)
    return sums


def _write_lock(path: Path, sums: dict[str, str]) -> None:
    head = ("# sha256 of evaluation files whose sources publish none, recorded on first download\n"
            "# (trust on first use; see leia/corpus/eval_download.py). Commit this file.\n")  # fmt: skip
    write_text(path, head + "".join(f"{h}  {u}\n" for u, h in sorted(sums.items())))


def via_mirror(url: str, mirror: str | None) -> str:
    """`https://host/path` fetched as `{mirror}/host/path` when a mirror is given (tests, local caches)."""
    if not mirror:
        return url
    parts = urlsplit(url)
    return f"{mirror.rstrip('/')}/{parts.netloc}{parts.path}"


def needed(params: dict[str, Any]) -> dict[str, Path]:
    """{dataset: folder} for every dataset that `evaluate.tasks` runs in a target or control language."""
    paths = get(params, "evaluate.paths")
    if not isinstance(paths, dict):
        raise ParamError(
            "evaluate.paths", f"is {paths!r}", "map each dataset to its folder, e.g. xcsr: data/sources/xcsr"
        )
    out: dict[str, Path] = {}
    for names in eval_tasks(params).values():
        for task in names:
            ds = TASKS[task].dataset
            if not paths.get(ds):
                raise ParamError(f"evaluate.paths.{ds}", "is not set", f"the folder {task} is read from")
            out[ds] = Path(str(paths[ds]))
    return out


def _unzip(zip_path: Path, expect: tuple[str, ...]) -> None:
    """Unpack into the zip's folder (members staged in a temporary folder, then moved into place)."""
    folder = zip_path.parent
    tmp = folder / ".unpack.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            target = (tmp / name).resolve()
            if not target.is_relative_to(tmp.resolve()):
                raise InputError(zip_path, f"member {name!r} would land outside {folder}", "check the source")
        z.extractall(tmp)
    for top in tmp.iterdir():
        dest = folder / top.name
        if dest.is_dir():
            shutil.rmtree(dest)
        elif dest.exists():
            dest.unlink()
        os.replace(top, dest)
    tmp.rmdir()
    missing = [e for e in expect if not (folder / e).is_file()]
    if missing:
        hint = "the archive's layout changed: leia/evaluation/README.md gives the expected one"
        raise InputError(zip_path, f"unpacked, but {missing} are not there", hint)


def fetch_eval_data(params: dict[str, Any], *, lock: Path = LOCK, mirror: str | None = None) -> list[Path]:
    """Download (or verify) every file of the datasets `evaluate.tasks` needs; returns their paths."""
    roots = needed(params)
    opts = {
        "timeout": get_float(params, "download.timeout_s", 60.0, min=1.0),
        "retries": get_int(params, "download.retries", 5, min=0),
        "backoff_s": get_float(params, "download.backoff_s", 1.0, min=0.0),
    }
    recorded = read_lock(lock)
    done: list[Path] = []
    with _progress() as progress:
        for f in FILES:
            if f.dataset not in roots:
                continue
            dest = roots[f.dataset] / f.dest
            known = f.sha256 or recorded.get(f.url)
            where = "the pinned checksum in leia/corpus/eval_download.py" if f.sha256 else f"{lock}"
            try:
                download_file(via_mirror(f.url, mirror), dest, known, algo="sha256", checksum_from=where,
                              mirror=mirror or f.url, progress=progress, **opts)  # fmt: skip
            except InputError as e:
                if f.sha256 or known is None or "mismatch" not in str(e):
                    raise
                raise InputError(dest, f"{e}".split(": ", 1)[1].split(" (the partial")[0],
                                 f"{f.url} no longer serves what {lock} recorded: if the source changed on "
                                 "purpose, delete its line there and run again; otherwise check the network "
                                 "or mirror") from None  # fmt: skip
            if known is None:
                digest = hashlib.sha256(dest.read_bytes()).hexdigest()
                recorded[f.url] = digest
                _write_lock(lock, recorded)
                log.warning("%s: its source publishes no checksum; recorded sha256 %s in %s (trust on first "
                            "use): commit %s so that later downloads are checked against it",
                            f.url, digest, lock, lock)  # fmt: skip
            if f.unzip_expect:
                _unzip(dest, f.unzip_expect)
            done.append(dest)
    return done
