"""download: a real HTTP server on 127.0.0.1 (with Range support) serving a temporary mirror."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from httpmirror import MirrorServer, base, serve

from leia.corpus.download import DumpNotHostedError, download_all, download_file
from leia.corpus.dumpfiles import all_urls, dump_files
from leia.errors import InputError, ParamError
from leia.profiles import available, resolve

PROFILES = Path(__file__).resolve().parents[2] / "profiles"

DATE, WD = "20231001", "20231002"


@pytest.fixture()
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    rng = __import__("random").Random(0)
    for lang in ("en", "ja"):
        d = root / f"{lang}wiki" / DATE
        d.mkdir(parents=True)
        name = f"{lang}wiki-{DATE}-pages-articles-multistream.xml.bz2"
        data = rng.randbytes(300_000 if lang == "ja" else 5_000)
        (d / name).write_bytes(data)
        (d / f"{lang}wiki-{DATE}-md5sums.txt").write_text(
            f"{hashlib.md5(data).hexdigest()}  {name}\n{'0' * 32}  {lang}wiki-{DATE}-stub-articles.xml.gz\n"
        )
    d = root / "wikidatawiki" / WD
    d.mkdir(parents=True)
    name = f"wikidatawiki-{WD}-wb_items_per_site.sql.gz"
    data = rng.randbytes(20_000)
    (d / name).write_bytes(data)
    (d / f"wikidatawiki-{WD}-md5sums.txt").write_text(f"{hashlib.md5(data).hexdigest()} *{name}\n")
    return root


@pytest.fixture()
def server(mirror: Path) -> Iterator[MirrorServer]:
    with serve(mirror) as srv:
        yield srv


def params(mirror: str, out: Path, **download: Any) -> dict[str, Any]:
    return {
        "languages": ["ja"],
        "sources": {"local": {}, "remote": {"test": mirror}},
        "dump": {"date": DATE, "wikidata_date": WD},
        "base_model": {"name_or_path": "demo", "pretrain_wikis": ["en"]},
        "download": {"out": str(out), "retries": 3, "backoff_s": 0.0, "timeout_s": 10, **download},
        "sitelinks": {"source": "sql"},
    }


def ja_path(srv_root: Path) -> tuple[str, bytes]:
    rel = f"/jawiki/{DATE}/jawiki-{DATE}-pages-articles-multistream.xml.bz2"
    return rel, (srv_root / rel.lstrip("/")).read_bytes()


def test_download_all_verified(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    paths = download_all(params(base(server), out))
    assert [p.relative_to(out).as_posix() for p in paths] == [
        f"en/enwiki-{DATE}-pages-articles-multistream.xml.bz2",
        f"ja/jawiki-{DATE}-pages-articles-multistream.xml.bz2",
        f"wikidata/wikidatawiki-{WD}-wb_items_per_site.sql.gz",
    ]
    rel, data = ja_path(mirror)
    assert (out / "ja" / Path(rel).name).read_bytes() == data
    assert (out / "ja" / f"jawiki-{DATE}-md5sums.txt").exists()
    assert not list(out.rglob("*.part"))
    # A second run verifies what is there and fetches only the small md5sums files.
    server.requests.clear()
    download_all(params(base(server), out))
    assert all(p.endswith("md5sums.txt") for p, _ in server.requests)


def test_resume_from_part_uses_range(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    rel, data = ja_path(mirror)
    dest = tmp_path / "ja" / Path(rel).name
    dest.parent.mkdir()
    dest.with_name(dest.name + ".part").write_bytes(data[:123_456])
    download_file(base(server) + rel, dest, hashlib.md5(data).hexdigest(), mirror=base(server), backoff_s=0)
    assert server.requests == [(rel, "bytes=123456-")]
    assert dest.read_bytes() == data and not dest.with_name(dest.name + ".part").exists()


def test_complete_part_gets_416_and_is_verified(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    rel, data = ja_path(mirror)
    dest = tmp_path / Path(rel).name
    dest.with_name(dest.name + ".part").write_bytes(data)
    download_file(base(server) + rel, dest, hashlib.md5(data).hexdigest(), mirror=base(server), backoff_s=0)
    assert dest.read_bytes() == data


def test_retries_resume_after_dropped_connections(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    rel, data = ja_path(mirror)
    server.failures[rel] = 2
    dest = tmp_path / Path(rel).name
    download_file(base(server) + rel, dest, hashlib.md5(data).hexdigest(), mirror=base(server), retries=3,
                  backoff_s=0)  # fmt: skip
    assert dest.read_bytes() == data
    ranges = [r for p, r in server.requests if p == rel]
    assert len(ranges) == 3 and ranges[0] is None
    assert all(r is not None and r.startswith("bytes=") for r in ranges[1:])


def test_gives_up_after_retries(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    rel, data = ja_path(mirror)
    server.failures[rel], server.fail_mode = 10, "503"
    with pytest.raises(InputError, match=r"failed after 3 attempts: HTTP 503"):
        download_file(
            base(server) + rel, tmp_path / "x.bz2", "0" * 32, mirror=base(server), retries=2, backoff_s=0
        )
    assert not (tmp_path / "x.bz2").exists()


def test_server_without_range_restarts(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    server.ranges = False
    rel, data = ja_path(mirror)
    dest = tmp_path / Path(rel).name
    dest.with_name(dest.name + ".part").write_bytes(b"garbage" * 100)
    download_file(base(server) + rel, dest, hashlib.md5(data).hexdigest(), mirror=base(server), backoff_s=0)
    assert dest.read_bytes() == data


def test_missing_date_404(server: MirrorServer, tmp_path: Path) -> None:
    p = params(base(server), tmp_path / "dumps")
    p["dump"]["date"] = "20200101"
    with pytest.raises(DumpNotHostedError) as e:
        download_all(p)
    msg = str(e.value)
    assert "enwiki/20200101/enwiki-20200101-md5sums.txt" in msg
    assert "no longer" in msg and "newer dump.date" in msg
    assert "{archive: {url: https://archive.org/download, layout: archive_org}}" in msg


def test_checksum_mismatch(server: MirrorServer, mirror: Path, tmp_path: Path) -> None:
    rel, data = ja_path(mirror)
    dest = tmp_path / Path(rel).name
    with pytest.raises(InputError) as e:
        download_file(base(server) + rel, dest, "f" * 32, mirror=base(server), backoff_s=0)
    msg = str(e.value)
    assert str(dest) in msg and "f" * 32 in msg and hashlib.md5(data).hexdigest() in msg
    assert not dest.exists() and not dest.with_name(dest.name + ".part").exists()


def test_local_folder_mirror(mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "dumps"
    paths = download_all(params(str(mirror), out))
    assert len(paths) == 3 and all(p.exists() for p in paths)
    p = params(mirror.as_uri(), tmp_path / "d2")
    p["dump"]["wikidata_date"] = "20000101"
    with pytest.raises(DumpNotHostedError, match="demo-world"):
        download_all(p)


def test_paper_urls() -> None:
    p = params("https://dumps.wikimedia.org/", Path("data/dumps"))
    p["sitelinks"]["source"] = "json"
    assert all_urls(p) == [
        f"https://dumps.wikimedia.org/enwiki/{DATE}/enwiki-{DATE}-pages-articles-multistream.xml.bz2",
        f"https://dumps.wikimedia.org/enwiki/{DATE}/enwiki-{DATE}-md5sums.txt",
        f"https://dumps.wikimedia.org/jawiki/{DATE}/jawiki-{DATE}-pages-articles-multistream.xml.bz2",
        f"https://dumps.wikimedia.org/jawiki/{DATE}/jawiki-{DATE}-md5sums.txt",
        f"https://dumps.wikimedia.org/wikidatawiki/entities/{WD}/wikidata-{WD}-all.json.bz2",
        f"https://dumps.wikimedia.org/wikidatawiki/entities/{WD}/wikidata-{WD}-md5sums.txt",
    ]
    assert dump_files(p)[-1].local == Path(f"data/dumps/wikidata/wikidata-{WD}-all.json.bz2")


_URL = re.compile(
    r"^https://[a-z0-9.-]+(/[\w.-]+)*/(\w+wiki/\d{8}/\w+wiki-\d{8}-[\w.-]+"
    r"|wikidatawiki/(entities/)?\d{8}/wikidata(wiki)?-\d{8}-[\w.-]+)$"
)


@pytest.mark.parametrize("profile", available(PROFILES))
def test_profile_urls_well_formed(profile: str) -> None:
    prof = resolve(profile, PROFILES)
    urls = all_urls(prof)
    # every target wiki, en for the demo base model only, and the Wikidata file (each with its md5s)
    wikis = len(prof["languages"]) + (prof["base_model"]["name_or_path"] == "demo")
    assert len(urls) == 2 * (wikis + 1)
    mirror = str(next(iter({**prof["sources"]["local"], **prof["sources"]["remote"]}.values())))
    if urlsplit(mirror).scheme in ("http", "https"):
        assert all(_URL.match(u) for u in urls), urls
    else:
        assert all(u.startswith("file:///") for u in urls)


def test_bad_params() -> None:
    p = params("ftp://example.com", Path("x"))
    with pytest.raises(ParamError, match="sources"):
        all_urls(p)
    p = params("https://x", Path("x"))
    p["dump"]["date"] = "2023-10-01"
    with pytest.raises(ParamError, match="dump.date"):
        all_urls(p)
    p["dump"]["date"] = DATE
    p["sitelinks"]["source"] = "xml"
    with pytest.raises(ParamError, match="sitelinks.source"):
        all_urls(p)


# --- the Internet Archive's layout: one item per dump, md5s in the item's _files.xml ----------------


def _files_xml(item_dir: Path, extra: str = "") -> str:
    """`<item>_files.xml` as archive.org writes it: every original file with size, md5, crc32, sha1."""
    rows = "".join(
        f'  <file name="{p.name}" source="original">\n    <size>{p.stat().st_size}</size>\n'
        f"    <md5>{hashlib.md5(p.read_bytes()).hexdigest()}</md5>\n    <crc32>00000000</crc32>\n"
        f"    <sha1>{hashlib.sha1(p.read_bytes()).hexdigest()}</sha1>\n"
        "    <format>Unknown</format>\n  </file>\n"
        for p in sorted(item_dir.iterdir())
    )
    meta = f'  <file name="{item_dir.name}_meta.xml" source="metadata">\n    <format>Metadata</format>\n'
    meta += "  </file>\n"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<files>\n{rows}{meta}{extra}</files>\n'


@pytest.fixture()
def archive(mirror: Path, tmp_path: Path) -> Path:
    """The wikimedia-layout mirror re-laid as archive.org items: {db}-{date}/ with {db}-{date}_files.xml."""
    root = tmp_path / "archive"
    for run in sorted(p for p in mirror.glob("*/*") if p.is_dir()):
        item = root / f"{run.parent.name}-{run.name}"
        item.mkdir(parents=True)
        for f in run.iterdir():
            if not f.name.endswith("md5sums.txt"):
                (item / f.name).write_bytes(f.read_bytes())
        (item / f"{item.name}_files.xml").write_text(_files_xml(item))
    return root


def archive_params(url: str, out: Path) -> dict[str, Any]:
    p = params(url, out)
    p["sources"]["remote"] = {"archive": {"url": url, "layout": "archive_org"}}
    return p


def test_archive_org_layout_verified(archive: Path, tmp_path: Path) -> None:
    with serve(archive) as srv:
        done = download_all(archive_params(base(srv), tmp_path / "dumps"))
        paths = [p for p, _ in srv.requests]
    assert [p.name for p in done] == ["enwiki-20231001-pages-articles-multistream.xml.bz2",
                                      "jawiki-20231001-pages-articles-multistream.xml.bz2",
                                      "wikidatawiki-20231002-wb_items_per_site.sql.gz"]  # fmt: skip
    assert "/jawiki-20231001/jawiki-20231001_files.xml" in paths
    assert "/jawiki-20231001/jawiki-20231001-pages-articles-multistream.xml.bz2" in paths
    assert (tmp_path / "dumps/ja/jawiki-20231001_files.xml").is_file()  # kept for provenance
    for p in done:
        assert (
            p.read_bytes()
            == (archive / f"{p.name.split('-')[0]}-{p.name.split('-')[1]}" / p.name).read_bytes()
        )


def test_archive_org_resume_and_checksum_failure(archive: Path, tmp_path: Path) -> None:
    item = archive / "jawiki-20231001"
    name = "jawiki-20231001-pages-articles-multistream.xml.bz2"
    rel = f"/jawiki-20231001/{name}"
    with serve(archive) as srv:
        srv.failures[rel] = 1  # cut half way: the retry resumes with a Range request
        download_all(archive_params(base(srv), tmp_path / "a"))
        ranges = [r for p, r in srv.requests if p == rel]
        assert ranges[0] is None and ranges[1] == f"bytes={len((item / name).read_bytes()) // 2}-"
        # the item's md5 no longer matches the file: refused, and nothing is left behind
        xml = (item / "jawiki-20231001_files.xml").read_text()
        good = hashlib.md5((item / name).read_bytes()).hexdigest()
        (item / "jawiki-20231001_files.xml").write_text(xml.replace(good, "0" * 32))
        with pytest.raises(
            InputError, match="md5 mismatch: expected 0{32} \\(from jawiki-20231001_files.xml\\)"
        ):
            download_all(archive_params(base(srv), tmp_path / "b"))
    dest = tmp_path / "b/ja" / name
    assert not dest.exists() and not dest.with_name(name + ".part").exists()


def test_archive_org_missing_item_and_unlisted_file(archive: Path, tmp_path: Path) -> None:
    with serve(archive) as srv:
        p = archive_params(base(srv), tmp_path / "dumps")
        p["dump"]["date"] = "20200101"
        with pytest.raises(DumpNotHostedError, match="enwiki-20200101/enwiki-20200101_files.xml"):
            download_all(p)
        xml = archive / "jawiki-20231001/jawiki-20231001_files.xml"
        xml.write_text(
            re.sub(r'<file name="jawiki-20231001-pages[^>]*>.*?</file>\n', "", xml.read_text(), flags=re.S)
        )
        with pytest.raises(
            InputError, match="does not list jawiki-20231001-pages-articles-multistream.xml.bz2"
        ):
            download_all(archive_params(base(srv), tmp_path / "dumps"))


def test_archive_org_urls_for_the_paper_dates() -> None:
    p = resolve("paper-swallow", PROFILES)
    p["sources"]["remote"] = {"archive": {"url": "https://archive.org/download", "layout": "archive_org"}}
    urls = all_urls(p)
    assert (
        "https://archive.org/download/jawiki-20231001/jawiki-20231001-pages-articles-multistream.xml.bz2"
        in urls
    )
    assert "https://archive.org/download/jawiki-20231001/jawiki-20231001_files.xml" in urls
    assert (
        "https://archive.org/download/wikidatawiki-20231001/wikidatawiki-20231001-wb_items_per_site.sql.gz"
        in urls
    )


def test_unknown_layout() -> None:
    p = archive_params("https://example.org", Path("x"))
    p["sources"]["remote"]["archive"]["layout"] = "s3"
    with pytest.raises(ParamError, match="unknown mirror layout 's3'"):
        all_urls(p)
