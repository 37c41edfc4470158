"""scripts/env.sh: offline with a project-local HF cache for the demo profile only."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HF_VARS = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HOME")


def _source(repo: Path, profile: str | None, before: str = "", **env: str) -> dict[str, str]:
    """Source env.sh in a copy whose params.yaml names `profile`; return the resulting environment."""
    (repo / "scripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scripts/env.sh", repo / "scripts/env.sh")
    if profile is not None:
        (repo / "params.yaml").write_text(f"# header\nprofile: {profile}   # comment\nseeds: [1]\n")
    base = {"PATH": "/usr/bin:/bin", "HOME": str(repo / "home"), **env}
    out = subprocess.run(["bash", "-c", f"{before} source scripts/env.sh && env -0"], cwd=repo, env=base,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    return dict(kv.split("=", 1) for kv in out.split("\0") if "=" in kv)


def test_demo_profile_is_offline_with_a_project_cache(tmp_path: Path) -> None:
    env = _source(tmp_path, "demo")
    assert env["HF_HUB_OFFLINE"] == env["TRANSFORMERS_OFFLINE"] == env["HF_DATASETS_OFFLINE"] == "1"
    assert env["HF_HOME"] == str(tmp_path / ".cache/huggingface")
    assert env["PATH"].startswith(str(tmp_path / ".venv/bin") + ":")


@pytest.mark.parametrize("profile", ["paper-llama2", "paper-swallow"])
def test_paper_profiles_use_the_users_hub_cache_and_login(tmp_path: Path, profile: str) -> None:
    env = _source(tmp_path, profile, HF_TOKEN="hf_x")
    assert not any(v in env for v in HF_VARS), {v: env[v] for v in HF_VARS if v in env}
    assert env["HF_TOKEN"] == "hf_x"
    mine = _source(tmp_path, profile, HF_HOME="/data/hf")
    assert mine["HF_HOME"] == "/data/hf"


def test_switching_from_demo_to_paper_undoes_what_env_sh_set(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    _source(demo, "demo")  # writes demo/scripts/env.sh
    env = _source(tmp_path, "paper-llama2", before=f"source {demo}/scripts/env.sh &&")
    assert not any(v in env for v in HF_VARS), {v: env[v] for v in HF_VARS if v in env}
    # ...but a user's own offline setting and cache are left alone
    env = _source(tmp_path, "paper-llama2", HF_HUB_OFFLINE="1", HF_HOME="/data/hf")
    assert env["HF_HUB_OFFLINE"] == "1" and env["HF_HOME"] == "/data/hf"


def test_override_and_default(tmp_path: Path) -> None:
    assert "HF_HUB_OFFLINE" not in _source(tmp_path / "a", "demo", LEIA_OFFLINE="0")
    assert _source(tmp_path / "b", "paper-llama2", LEIA_OFFLINE="1")["HF_HUB_OFFLINE"] == "1"
    assert _source(tmp_path / "c", None)["HF_HUB_OFFLINE"] == "1"  # no params.yaml: the demo default


def test_the_tests_themselves_run_offline() -> None:
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["HF_HOME"] == str(ROOT / ".cache/huggingface")
