"""eval_download: the six evaluation sets from a local HTTP mirror on 127.0.0.1 laid out as
`{mirror}/{host}/{path}` of each real URL; pinned checksums, trust on first use, resume, unpacking."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from httpmirror import MirrorServer, base, serve

from leia.contract import TASKS
from leia.corpus import eval_download as ed
from leia.errors import InputError
from leia.profiles import render

ALL_TASKS = ["xcodah", "xcsqa", "jcommonsenseqa", "jaqket", "niilc", "jemhopqa"]


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for task in ("X-CSQA", "X-CODAH"):
            for lang in ("en", "jap"):
                z.writestr(f"X-CSR_datasets/{task}/{lang}/dev.jsonl", f'{{"id": "{task}-{lang}"}}\n')
    return buf.getvalue()


def _content(f: ed.EvalFile) -> bytes:
    if f.unzip_expect:
        return _zip()
    return f"{f.dataset} {f.dest} ".encode() * 2000


@pytest.fixture()
def files(monkeypatch: pytest.MonkeyPatch) -> tuple[ed.EvalFile, ...]:
    """The real manifest (URLs, destinations), with the pinned sha256 of stand-in contents."""
    fake = tuple(
        ed.EvalFile(
            f.dataset,
            f.url,
            f.dest,
            hashlib.sha256(_content(f)).hexdigest() if f.sha256 else None,
            f.unzip_expect,
        )  # fmt: skip
        for f in ed.FILES
    )
    monkeypatch.setattr(ed, "FILES", fake)
    return fake


@pytest.fixture()
def mirror(tmp_path: Path, files: tuple[ed.EvalFile, ...]) -> Path:
    root = tmp_path / "mirror"
    for f in files:
        u = urlsplit(f.url)
        p = root / u.netloc / u.path.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(_content(f))
    return root


@pytest.fixture()
def server(mirror: Path) -> Any:
    with serve(mirror) as srv:
        yield srv


def _params(tmp: Path, tasks: list[str] = ALL_TASKS, languages: tuple[str, ...] = ("ja",)) -> dict[str, Any]:
    src = tmp / "sources"
    paths = {"xcsr": src / "xcsr", "jglue": src / "JGLUE", "jaqket": src / "jaqket",
             "niilc": src / "niilc-qa", "jemhopqa": src / "JEMHopQA"}  # fmt: skip
    return {
        "languages": list(languages),
        "evaluate": {"tasks": tasks, "paths": {k: str(v) for k, v in paths.items()}},
        "download": {"retries": 2, "backoff_s": 0.0, "timeout_s": 10},
    }


def test_real_manifest_is_pinned() -> None:
    """GitHub sources at full commits; every pinned checksum is a sha256; the rest are unversioned URLs."""
    for f in ed.FILES:
        if "githubusercontent" in f.url:
            assert f.sha256 and len(f.sha256) == 64 and "/main/" not in f.url and "/master/" not in f.url
            assert any(c in f.url for c in (ed.JGLUE_COMMIT, ed.NIILC_COMMIT, ed.JEMHOPQA_COMMIT))
        else:
            assert f.sha256 is None, f.url
    assert {f.dataset for f in ed.FILES} == {t.dataset for t in TASKS.values()}


def test_downloads_verifies_unpacks_and_records(server: MirrorServer, tmp_path: Path) -> None:
    lock = tmp_path / "eval-sources.sha256"
    params = _params(tmp_path)
    got = ed.fetch_eval_data(params, lock=lock, mirror=base(server))
    assert len(got) == len(ed.FILES)
    src = tmp_path / "sources"
    # where eval_data's loaders read them (leia/evaluation/sources.py)
    for rel in ("xcsr/X-CSR_datasets/X-CSQA/jap/dev.jsonl", "xcsr/X-CSR_datasets/X-CODAH/en/dev.jsonl",
                "JGLUE/datasets/jcommonsenseqa-v1.1/valid-v1.1.json", "jaqket/aio_01/dev1_questions.json",
                "jaqket/aio_01/candidate_entities.json.gz", "niilc-qa/data/NIILC-ECQA2015_test.xml",
                "JEMHopQA/corpus/dev.json"):  # fmt: skip
        assert (src / rel).is_file(), rel
    recorded = ed.read_lock(lock)
    unpinned = [f for f in ed.FILES if f.sha256 is None]
    assert set(recorded) == {f.url for f in unpinned} and len(unpinned) == 4
    for f in unpinned:
        assert recorded[f.url] == hashlib.sha256(_content(f)).hexdigest()
    # a second run downloads nothing: every file is present and verified
    n = len(server.requests)
    ed.fetch_eval_data(params, lock=lock, mirror=base(server))
    assert len(server.requests) == n


def test_only_the_datasets_the_tasks_need(server: MirrorServer, tmp_path: Path) -> None:
    got = ed.fetch_eval_data(_params(tmp_path, ["xcodah"], ("sw",)), lock=tmp_path / "l", mirror=base(server))
    assert [p.name for p in got] == ["xcsr_datasets.zip"]


def test_pinned_checksum_mismatch(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    f = next(f for f in ed.FILES if f.dataset == "niilc")
    u = urlsplit(f.url)
    (mirror / u.netloc / u.path.lstrip("/")).write_bytes(b"tampered")
    with pytest.raises(InputError, match="sha256 mismatch: expected .* pinned checksum"):
        ed.fetch_eval_data(_params(tmp_path, ["niilc"]), lock=tmp_path / "l", mirror=base(server))
    dest = tmp_path / "sources/niilc-qa/data/NIILC-ECQA2015_test.xml"
    assert not dest.exists() and not dest.with_name(dest.name + ".part").exists()


def test_recorded_checksum_is_enforced(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    lock = tmp_path / "eval-sources.sha256"
    params = _params(tmp_path, ["jaqket"])
    ed.fetch_eval_data(params, lock=lock, mirror=base(server))
    f = next(f for f in ed.FILES if f.dest.endswith("dev1_questions.json"))
    u = urlsplit(f.url)
    (mirror / u.netloc / u.path.lstrip("/")).write_bytes(b"a different file")
    (tmp_path / "sources/jaqket" / f.dest).unlink()
    with pytest.raises(InputError, match="no longer serves what .*eval-sources.sha256 recorded"):
        ed.fetch_eval_data(params, lock=lock, mirror=base(server))


def test_resumes_after_a_cut_connection(server: MirrorServer, tmp_path: Path) -> None:
    f = next(f for f in ed.FILES if f.dataset == "jemhopqa")
    path = "/" + urlsplit(f.url).netloc + urlsplit(f.url).path
    server.failures[path] = 1  # the first answer stops half way through the body
    ed.fetch_eval_data(_params(tmp_path, ["jemhopqa"]), lock=tmp_path / "l", mirror=base(server))
    ranges = [r for p, r in server.requests if p == path]
    assert ranges[0] is None and ranges[1] == f"bytes={len(_content(f)) // 2}-"
    assert (tmp_path / "sources/JEMHopQA/corpus/dev.json").read_bytes() == _content(f)


def test_zip_without_the_expected_layout(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    f = next(f for f in ed.FILES if f.unzip_expect)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("other/readme.txt", "x")
    u = urlsplit(f.url)
    (mirror / u.netloc / u.path.lstrip("/")).write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="are not there"):
        ed.fetch_eval_data(_params(tmp_path, ["xcsqa"]), lock=tmp_path / "l", mirror=base(server))


@pytest.mark.parametrize("profile", ["demo", "paper-swallow", "paper-llama2"])
def test_stage_only_in_paper_profiles_and_feeds_eval_data(profile: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    for rel in ("dvc.yaml", ".dvc/config"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((root / rel).read_bytes())
    (tmp_path / "params.yaml").write_text(render(profile, root / "profiles"), encoding="utf-8")
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_SITE_CACHE_DIR=str(tmp_path / ".cache"))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    dvc = str(Path(sys.executable).parent / "dvc")
    proc = subprocess.run(
        [dvc, "dag", "--md", "eval_data"], cwd=tmp_path, env=env, text=True, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    assert ("eval_download@published" in proc.stdout) == profile.startswith("paper"), proc.stdout
