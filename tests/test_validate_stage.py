"""The `validate` stage runs before every other stage, so a bad value or a user's folder in
`sources.local` stops `dvc repro` before DVC removes any output (checked with real DVC runs)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import yaml

from leia.errors import InputError, ParamError
from leia.profiles import available, render, resolve
from leia.validate import DEMO_WORLD_MARK, check_generated_outputs

ROOT = Path(__file__).resolve().parents[1]
PROFILES = available(ROOT / "profiles")
DVC = Path(sys.executable).parent / "dvc"


def _repo(tmp_path: Path, params: dict | None = None, profile: str = "demo") -> Path:
    """A git + DVC repo with this project's dvc.yaml and the validate stage's files."""
    spec = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
    code = [d for d in spec["stages"]["validate"]["deps"] if (ROOT / d).is_file()]  # its import closure
    for rel in ("dvc.yaml", ".dvc/config", *code):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, tmp_path / rel)
    if params is None:
        (tmp_path / "params.yaml").write_text(render(profile, ROOT / "profiles"), encoding="utf-8")
    else:
        (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def _dvc(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_SITE_CACHE_DIR=str(repo / ".cache"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(DVC), *args], cwd=repo, env=env, text=True, capture_output=True, timeout=120)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_stage_runs_after_validate(profile: str, tmp_path: Path) -> None:
    from dvc.repo import Repo

    repo = _repo(tmp_path, profile=profile)
    with Repo(str(repo)) as r:
        graph = r.index.graph  # edges point from a stage to the stages it depends on
        stages = {s.name: s for s in graph.nodes}
        upstream = {name: {u.name for u in nx.descendants(graph, s)} for name, s in stages.items()}
    assert "validate" in stages and upstream["validate"] == set()
    assert len(stages) > 10
    lacking = sorted(name for name, ups in upstream.items() if name != "validate" and "validate" not in ups)
    assert lacking == []


@pytest.mark.parametrize("profile", PROFILES)
def test_validate_stage_runs_under_every_profile(profile: str, tmp_path: Path) -> None:
    """The real `validate` stage under each profile: every params key a stage declares is in the
    profile's params.yaml (DVC refuses to run otherwise: issue 18 found the paper profiles failing
    here), and `dvc repro --dry -f` lists every stage. Plain `--dry` stops at the first stage whose input
    another stage has not made yet (treeverse/dvc#9021); `leia plan` is the dry run for that case."""
    repo = _repo(tmp_path, profile=profile)
    proc = _dvc(repo, "repro", "validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / "data" / "params.validated").is_file()
    dry = _dvc(repo, "repro", "--dry", "-f")
    assert dry.returncode == 0, dry.stdout[-2000:] + dry.stderr[-2000:]
    names = set(re.findall(r"Running stage '([^']+)'", dry.stdout))
    assert {"validate", "report"} <= names and any(n.startswith("train@") for n in names)


def test_bad_train_value_fails_before_the_model_is_touched(tmp_path: Path) -> None:
    params = resolve("demo", ROOT / "profiles")
    params["train"]["lr"] = "fast"
    repo = _repo(tmp_path, params)
    model = repo / "models" / "ja" / "ft" / "seed1" / "model.safetensors"
    model.parent.mkdir(parents=True)
    model.write_bytes(b"weights")
    proc = _dvc(repo, "repro", "train@ja-ft-1")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "parameter 'train.lr'" in out and "failed to reproduce 'validate'" in out
    assert "Running stage 'validate'" in out and "Running stage 'demo_world" not in out
    assert model.read_bytes() == b"weights"


def test_user_folder_in_sources_local_is_refused_and_kept(tmp_path: Path) -> None:
    params = resolve("demo", ROOT / "profiles")
    params["sources"]["local"] = {"mine": "data/my_real_mirror"}
    params["evaluate"]["source_root"] = "data/my_real_mirror/eval"
    repo = _repo(tmp_path, params)
    mine = repo / "data" / "my_real_mirror" / "jawiki" / "dump.xml.bz2"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my only copy")
    proc = _dvc(repo, "repro", "demo_world@mine")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "was not written by the demo world" in out
    assert "sources.local.mine" in out and "Running stage 'demo_world@mine'" not in out
    assert mine.read_bytes() == b"my only copy"


def test_generated_folders_pass(tmp_path: Path) -> None:
    params = {"sources": {"local": {"demo": "data/mirror"}, "remote": {}}}
    check_generated_outputs(params, tmp_path)  # absent: the demo world creates it
    (tmp_path / "data" / "mirror").mkdir(parents=True)
    check_generated_outputs(params, tmp_path)  # empty: nothing to lose
    (tmp_path / "data" / "mirror" / DEMO_WORLD_MARK).parent.mkdir()
    (tmp_path / "data" / "mirror" / DEMO_WORLD_MARK).write_text("{}\n")
    check_generated_outputs(params, tmp_path)  # the demo world's own: regenerated
    (tmp_path / "data" / "file").write_text("x")
    with pytest.raises(ParamError, match="sources.local.f"):
        check_generated_outputs({"sources": {"local": {"f": "data/file"}}}, tmp_path)
    (tmp_path / "data" / "mirror" / DEMO_WORLD_MARK).unlink()
    with pytest.raises(InputError, match="not written by the demo world"):
        check_generated_outputs(params, tmp_path)
