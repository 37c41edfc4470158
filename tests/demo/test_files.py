"""Checksums, determinism, other scripts, and wikiextractor 3.1.0 on the generated dumps."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from demo.helpers import DATE, LANGS, WD, make, xml_path


def _digests(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _check_sums(folder: Path, prefix: str, names: set[str]) -> None:
    for algo in ("md5", "sha1"):
        lines = (folder / f"{prefix}-{algo}sums.txt").read_text().splitlines()
        got = dict(reversed(line.split("  ", 1)) for line in lines)
        assert set(got) == names
        for name, digest in got.items():
            assert hashlib.new(algo, (folder / name).read_bytes()).hexdigest() == digest


def test_checksums_verify(world) -> None:
    for lang in ["en", *LANGS]:
        folder = world.out / f"{lang}wiki" / DATE
        stem = f"{lang}wiki-{DATE}-pages-articles-multistream"
        _check_sums(folder, f"{lang}wiki-{DATE}", {f"{stem}.xml.bz2", f"{stem}-index.txt.bz2"})
        status = json.loads((folder / "dumpstatus.json").read_text())
        assert status["version"] == "0.8"
        job = status["jobs"]["articlesmultistreamdump"]
        assert job["status"] == "done"
        info = job["files"][f"{stem}.xml.bz2"]
        data = (folder / f"{stem}.xml.bz2").read_bytes()
        assert info["size"] == len(data) and info["md5"] == hashlib.md5(data).hexdigest()
        assert info["url"] == f"/{lang}wiki/{DATE}/{stem}.xml.bz2"
    ent = world.out / "wikidatawiki" / "entities" / WD
    _check_sums(ent, f"wikidata-{WD}", {f"wikidata-{WD}-all.json.bz2", f"wikidata-{WD}-all.json.gz"})
    table = world.out / "wikidatawiki" / WD
    _check_sums(table, f"wikidatawiki-{WD}", {f"wikidatawiki-{WD}-wb_items_per_site.sql.gz"})
    status = json.loads((table / "dumpstatus.json").read_text())
    assert status["jobs"]["wbitemspersitetable"]["status"] == "done"


def test_same_seed_same_bytes_other_seed_differs(world, tmp_path: Path) -> None:
    again = make(tmp_path / "again")
    assert _digests(again.out) == _digests(world.out)
    other = _digests(make(tmp_path / "other", seed=1).out)
    mine = _digests(world.out)
    assert set(other) == set(mine)
    assert all(other[k] != mine[k] for k in mine if "eval" not in k)


def test_other_languages_and_scripts(tmp_path: Path) -> None:
    s = make(tmp_path / "w", size=20, langs=["zh", "ar", "ru", "es", "hi"])
    kb = [json.loads(x) for x in (s.out / "kb" / "entities.jsonl").read_text().splitlines()]
    names = {lang: " ".join(e["names"][lang] for e in kb) for lang in ("zh", "ar", "ru", "hi")}
    assert any("\u4e00" <= c <= "\u9fff" for c in names["zh"])
    assert any("\u0600" <= c <= "\u06ff" for c in names["ar"])
    assert any("\u0400" <= c <= "\u04ff" for c in names["ru"])
    assert any("\u0900" <= c <= "\u097f" for c in names["hi"])
    from demo.helpers import parse_dump

    for lang in ("zh", "ar", "es"):
        assert len(parse_dump(xml_path(s.out, lang)).pages) == s.pages[lang] > 0


def _extract(path: Path, out: Path) -> list[dict]:
    cmd = [
        sys.executable,
        "-m",
        "wikiextractor.WikiExtractor",
        "--links",
        "--html-safe",
        "",
        "--no-templates",
    ]
    cmd += ["--json", "--processes", "1", "-o", str(out), str(path)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return [json.loads(line) for f in sorted(out.rglob("wiki_*")) for line in f.read_text().splitlines()]


@pytest.mark.parametrize("lang", ["en", *LANGS])
def test_wikiextractor_extracts_every_article_with_links(world, lang: str, tmp_path: Path) -> None:
    docs = _extract(xml_path(world.out, lang), tmp_path / "x")
    assert len(docs) == world.articles[lang]
    kb = [json.loads(x) for x in (world.out / "kb" / "entities.jsonl").read_text().splitlines()]
    articles = {e["titles"][lang] for e in kb if lang in e["titles"]}
    extracted = {d["title"]: d["text"] for d in docs}
    assert articles <= set(extracted)
    # every entity article keeps links in its prose (list pages keep none: wikiextractor drops list items)
    assert all('<a href="' in extracted[t] for t in articles)
    text = "\n".join(d["text"] for d in docs)
    assert "[[" not in text and "{{" not in text and "&lt;a" not in text
