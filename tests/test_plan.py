"""`leia plan` lists what `dvc repro` would run in every profile before anything exists (where
`dvc repro --dry` stops at the first missing upstream output), with the paper runs' GPU-hours."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leia.cli import app
from leia.params import load_params
from leia.plan import PAPER_TOKENS_PER_GPU_S
from leia.profiles import available, render

ROOT = Path(__file__).resolve().parents[1]
PROFILES = available(ROOT / "profiles")


def test_paper_rate_is_the_papers() -> None:
    # §3.1: ~5 h on 8 A100 for 50 x 4M tokens; Swahili's 20 steps in ~2 h give the same rate
    assert 5 * 3600 * 8 * PAPER_TOKENS_PER_GPU_S == pytest.approx(50 * 2048 * 2048)
    assert 20 * 2048 * 2048 / (PAPER_TOKENS_PER_GPU_S * 8 * 3600) == pytest.approx(2.0)


@pytest.mark.parametrize("profile", PROFILES)
def test_plan_before_anything_exists(profile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for rel in ("dvc.yaml", ".dvc/config"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, tmp_path / rel)
    (tmp_path / "params.yaml").write_text(render(profile, ROOT / "profiles"), encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    monkeypatch.setenv("DVC_SITE_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["plan"])
    assert res.exit_code == 0, res.output
    params = load_params(tmp_path / "params.yaml")
    n_train = len(params["languages"]) * len(params["methods"]) * len(params["seeds"])
    lines = res.output.splitlines()
    assert lines[0].startswith(f"profile '{params['profile']}': ")
    assert lines[1].split() == ["validate", "not", "run", "yet"]  # first, before anything is removed
    assert any(line.split()[0] == "train@…" and line.split()[1] == f"x{n_train}" for line in lines[1:])
    assert "report" in {line.split()[0] for line in lines[1:]}
    gpu = [line for line in lines if line.startswith("GPU time:")]
    if params["base_model"]["name_or_path"] == "demo":
        assert gpu == []
    else:  # the paper's pinned steps (§3.1): 50, Swahili 20
        steps = params["train"]["max_steps"]
        assert {lang: steps[lang] for lang in params["languages"]} == {
            lang: 20 if lang == "sw" else 50 for lang in params["languages"]
        }
        runs = len(params["methods"]) * len(params["seeds"])
        tokens = runs * sum(steps.values()) * params["train"]["global_batch_tokens"]
        hours = tokens / PAPER_TOKENS_PER_GPU_S / 3600
        assert (
            len(gpu) == 1
            and f"{n_train} training run(s)" in gpu[0]
            and f"{hours:,.0f} GPU-hours in all" in gpu[0]
        )
        shown = ", ".join(f"{lang} {steps[lang]}" for lang in params["languages"])
        assert f"steps per language (train.max_steps): {shown}" in lines
    assert not (tmp_path / "data").exists()  # read-only: no stage ran
