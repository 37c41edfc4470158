"""`dvc plots show` on this repository: a few figures with FT and LEIA overlaid, on a page that loads
nothing from the network (DVC's vega plots load vega from a CDN and are blank offline)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DVC = str(Path(sys.executable).parent / "dvc")
PAGE = ROOT / ".dvc" / "plots" / "page.html"
# A script, stylesheet, image or frame fetched over the network (also scheme-relative `//host/...`).
REMOTE = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.I,
)


def _top_level_plots() -> list[str]:
    spec = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))
    return [p if isinstance(p, str) else next(iter(p)) for p in spec.get("plots", [])]


def test_the_remote_pattern_catches_what_dvc_adds_for_vega_plots() -> None:
    from dvc_render.vega import VegaRenderer

    assert len(REMOTE.findall(VegaRenderer.SCRIPTS)) == 3
    assert not REMOTE.search('<img src="static/workspace_reports_figures_loss.png">')


def test_plots_are_the_reports_overlaid_figures() -> None:
    plots = _top_level_plots()
    assert 1 <= len(plots) <= 4, plots
    for p in plots:
        assert p.startswith("reports/figures/") and p.endswith(".png"), p
        assert (ROOT / p).is_file(), f"{p}: the report stage writes it; run `dvc repro report`"


def test_page_template_loads_nothing_from_the_network() -> None:
    html = PAGE.read_text(encoding="utf-8")
    assert "{plot_divs}" in html  # DVC refuses a template without it
    assert not re.search(r"https?://", html)
    config = (ROOT / ".dvc" / "config").read_text(encoding="utf-8")
    assert re.search(r"^\s*html_template\s*=\s*plots/page\.html\s*$", config, re.M), ".dvc/config"


def test_dvc_plots_show_renders_the_figures_offline(tmp_path: Path) -> None:
    out = tmp_path / "plots"
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_SITE_CACHE_DIR=str(tmp_path / "site"))
    r = subprocess.run(
        [DVC, "plots", "show", "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>LEIA: DVC plots</title>" in html  # .dvc/config's page, not DVC's default
    assert not REMOTE.findall(html)
    assert "vegaEmbed" not in html  # a vega plot would need vega's JavaScript: no stage declares plots
    shown = re.findall(r'<img src="([^"]+)"', html)
    expected = {"workspace_" + p.replace("/", "_") for p in _top_level_plots()}
    assert {Path(s).name for s in shown} == expected
    for s in shown:
        assert (out / s).stat().st_size > 0, s
