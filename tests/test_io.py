from pathlib import Path

import pytest

from leia.io import atomic_path, write_json


def test_atomic_file_appears_only_on_success(tmp_path: Path) -> None:
    final = tmp_path / "out" / "x.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(final) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert not final.exists()
    assert list((tmp_path / "out").iterdir()) == []  # no temp left behind
    with atomic_path(final) as tmp:
        tmp.write_text("whole")
    assert final.read_text() == "whole"


def test_atomic_dir_replaces_old_only_when_complete(tmp_path: Path) -> None:
    final = tmp_path / "d"
    with atomic_path(final, is_dir=True) as tmp:
        (tmp / "a").write_text("1")
    with pytest.raises(ValueError):
        with atomic_path(final, is_dir=True) as tmp:
            (tmp / "b").write_text("2")
            raise ValueError
    assert sorted(p.name for p in final.iterdir()) == ["a"]
    with atomic_path(final, is_dir=True) as tmp:
        (tmp / "c").write_text("3")
    assert sorted(p.name for p in final.iterdir()) == ["c"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_write_json_is_stable(tmp_path: Path) -> None:
    write_json(tmp_path / "m.json", {"b": 1, "a": "日本"})
    assert (tmp_path / "m.json").read_text(encoding="utf-8") == '{\n  "a": "日本",\n  "b": 1\n}\n'
