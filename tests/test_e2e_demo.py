"""End to end: `dvc repro` of the embedded demo in a scratch copy of the repository, from scratch.

Every tracked output (reports/, metrics/, results/, dvclive/) is deleted before `dvc repro`, so what
is asserted was regenerated: the stats and report stages must run and cover every configured run, and
the base model must know its world in English (the positive control: an evaluation that ignored the
model, or swapped labels, would score at chance), and LEIA must beat FT where the demo shows it does.
The paper's bar itself (LEIA - FT >= 5 points, significant, in 3 of the 4 X-CODAH/X-CSQA cells) is not
reached by the demo and is not asserted: docs/demo-world.md records what was measured.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scratch_repo import run, scratch_demo_repo

CEILING = 0.80  # the base model's English score on its own world (the positive control)


@pytest.fixture(scope="module")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    dst = tmp_path_factory.mktemp("demo") / "repo"
    env = scratch_demo_repo(dst)
    run(["dvc", "repro"], dst, env)
    return dst, env


@pytest.mark.e2e
def test_demo_base_model_knows_its_world_in_english(demo_repo: tuple[Path, dict[str, str]]) -> None:
    stats = json.loads((demo_repo[0] / "metrics" / "stats.json").read_text())
    for task in ("xcodah", "xcsqa"):
        assert stats[f"{task}/en/base"]["mean"] >= CEILING, (task, stats[f"{task}/en/base"])


@pytest.mark.e2e
def test_demo_stats_cover_every_configured_run(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo = demo_repo[0]
    stats = json.loads((repo / "metrics" / "stats.json").read_text())
    for task in ("xcodah", "xcsqa"):
        for lang in ("ja", "sw"):
            for method in ("ft", "leia"):
                entry = stats[f"{task}/{lang}/{method}"]
                assert entry["n"] == 3 and 0.0 <= entry["mean"] <= 1.0, (task, lang, method, entry)
    readme = (repo / "reports" / "README.md").read_text(encoding="utf-8")
    assert "English ceiling" in readme and "None: every configured run has results." in readme


@pytest.mark.e2e
def test_demo_leia_beats_ft(demo_repo: tuple[Path, dict[str, str]]) -> None:
    """What the demo shows of the paper's finding, regenerated: LEIA's mean above FT's in at least 3 of
    the 4 X-CODAH/X-CSQA x ja/sw cells, and at least one cell at the paper's bar (>= 5 points, Welch
    one-sided p < 0.05). With no insertion (p_skip 1.0, the negative control) every difference is 0.0,
    so a broken augmentation, swapped labels or an evaluation that ignores the model fails here. The
    bar in 3 of 4 cells is not reached by the demo (docs/demo-world.md)."""
    stats = json.loads((demo_repo[0] / "metrics" / "stats.json").read_text())
    cells = {(t, lang): stats[f"{t}/{lang}/leia"] for t in ("xcodah", "xcsqa") for lang in ("ja", "sw")}
    gains = {cell: s["mean"] - stats[f"{cell[0]}/{cell[1]}/ft"]["mean"] for cell, s in cells.items()}
    assert sum(g > 0 for g in gains.values()) >= 3, gains
    at_bar = [cell for cell, g in gains.items() if g >= 0.05 and cells[cell]["p_vs_ft"] < 0.05]
    assert at_bar, (gains, {cell: s["p_vs_ft"] for cell, s in cells.items()})


@pytest.mark.e2e
def test_demo_repro_renders_reports(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = demo_repo
    readme = (repo / "reports" / "README.md").read_text(encoding="utf-8")
    assert "LEIA" in readme and "FT" in readme
    for name in ("table2", "table3"):
        for ext in ("md", "tex", "csv"):
            assert (repo / "reports" / "tables" / f"{name}.{ext}").stat().st_size > 0
    assert list((repo / "reports" / "figures").glob("*.png")), "no figure rendered"
    stats = json.loads((repo / "metrics" / "stats.json").read_text())
    assert any("/leia" in key for key in stats), stats.keys()


@pytest.mark.e2e
def test_demo_repro_is_up_to_date_and_metrics_readable(demo_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = demo_repo
    status = run(["dvc", "status"], repo, env).stdout
    assert "changed" not in status, status
    shown = run(["dvc", "metrics", "show", "--json"], repo, env).stdout
    assert "metrics/compare.json" in shown and "dvclive" not in shown  # the compared figures only
