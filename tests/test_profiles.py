from pathlib import Path

import pytest

from leia.errors import ParamError
from leia.profiles import available, use

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "profiles").mkdir()
    for p in (ROOT / "profiles").glob("*.yaml"):
        (tmp_path / "profiles" / p.name).write_bytes(p.read_bytes())
    (tmp_path / "params.yaml").write_bytes((ROOT / "profiles" / "demo.yaml").read_bytes())
    return tmp_path


def test_use_switches_and_keeps_user_edits(repo: Path) -> None:
    assert {"demo", "paper-llama2", "paper-swallow"} <= set(available(repo))
    assert use("paper-swallow", repo) is None  # params.yaml was a profile: nothing to keep
    assert (repo / "params.yaml").read_bytes() == (repo / "profiles" / "paper-swallow.yaml").read_bytes()
    edited = (repo / "params.yaml").read_text().replace("seeds: [1, 2, 3, 4, 5]", "seeds: [7]")
    (repo / "params.yaml").write_text(edited)
    backup = use("demo", repo)
    assert backup is not None and backup.read_text() == edited
    assert (repo / "params.yaml").read_bytes() == (repo / "profiles" / "demo.yaml").read_bytes()


def test_unknown_profile_is_named(repo: Path) -> None:
    with pytest.raises(ParamError, match="'profile'.*paper-llama2"):
        use("paper-llama3", repo)
