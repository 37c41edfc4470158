"""The two stages: `stats` (runs -> metrics/stats.json, results/stats.csv) and `report` (-> reports/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.progress import Progress

from leia.errors import LeiaError
from leia.io import atomic_path
from leia.profiles import PROFILE_DIR, resolve
from leia.report import figures, render, statsfile
from leia.report.analysis import compute
from leia.report.collect import DVCLIVE_DIR, EVAL_DIR, Run, load_runs, read_loss, run_id
from leia.report.config import Setup, StatsConfig, report_config, setup, stats_config
from leia.report.paper import differences
from leia.report.qualitative import draw, render_examples
from leia.report.readme import readme
from leia.report.tables import SPECS, Grid, build, model_label
from leia.report.tasks import task

REPORT_DIR = Path("reports")


def expected_runs(s: Setup) -> list[str]:
    out = []
    for lang in s.languages:
        out.append(run_id(lang, "base", None))
        out += [run_id(lang, m, seed) for m in s.methods for seed in s.seeds]
    out += [run_id(lang, "base", None) for lang in s.control if lang not in s.languages]
    return out


def configured_runs(eval_dir: Path, s: Setup) -> list[Run]:
    """The runs params configure (languages x methods x seeds, plus base) that have results, each
    holding only the tasks `evaluate.tasks` lists for its language; leftovers are ignored."""
    runs = load_runs(eval_dir, expected_runs(s))
    for r in runs:
        r.scores = {t: sc for t, sc in r.scores.items() if t in s.tasks.get(r.lang, [])}
    return runs


def run_stats(
    params: dict[str, Any],
    eval_dir: Path = EVAL_DIR,
    json_path: Path = statsfile.STATS_JSON,
    csv_path: Path = statsfile.STATS_CSV,
    compare_path: Path | None = None,
) -> tuple[dict[str, dict], list[str]]:
    """Compute and write the statistics; returns (entries, expected run ids that are missing)."""
    cfg, s = stats_config(params), setup(params)
    runs = configured_runs(eval_dir, s)
    present = {r.run_id for r in runs}
    with Progress(transient=True) as bar:
        job = bar.add_task("statistics", total=None)
        entries, table = compute(runs, cfg, s, eval_dir, lambda what: bar.update(job, description=what))
    statsfile.write(entries, table, json_path, csv_path, compare_path)
    return entries, [r for r in expected_runs(s) if r not in present]


# --- report -----------------------------------------------------------------------------------


def leia_config(params: dict[str, Any]) -> str:
    mask = "blocked" if params.get("mask_name_loss") else "on"
    return f"strategy {params.get('strategy')}, p_skip {params.get('p_skip')}, loss on English names {mask}"


def caption(grid: Grid, s: Setup, cfg: StatsConfig, params: dict[str, Any]) -> str:
    spec, label = grid.spec, model_label(s.model)
    parts = [spec.what]
    if spec.langs in ("avg", "each+avg"):
        parts.append(f"avg = mean of the per-language means over {', '.join(s.languages)}.")
    parts.append(f"Trained models: mean over seeds {s.seeds}; LEIA = {leia_config(params)}.")
    if spec.ci != "none":
        parts.append(
            f"± = half-width of the {cfg.confidence:.0%} t-interval over seeds (n−1 degrees of freedom); "
            "(n=k) = only k seeds have results; n=1 = one seed, no interval."
        )
    if any(r.marks for r in spec.rows):
        parts.append(
            f"* = better than every baseline (one-sided, α = {cfg.alpha}): Welch t-test against {label}+FT, "
            f"one-sample t-test against {label} and chance "
            "(tests of this package; none is named in the paper)."
        )
        if cfg.paired_test != "none":
            parts.append(
                f"† = paired per-example {cfg.paired_test} test (pooled over seeds, {cfg.paired_resamples} "
                f"resamples) significant against both {label}+FT and {label}."
            )
    parts.append("— = missing: no runs for this cell (never filled in).")
    src = grid.paper.source()
    if grid.compare:
        parts.append(f"Small print under each number: the paper's value ({src}) and Δ = ours − paper.")
    elif not grid.paper.matches(s.profile):
        parts.append(
            f"The paper's numbers ({src}) are not compared: profile '{s.profile}' is not the paper's "
            f"configuration for this table ({', '.join(grid.paper.profiles)})."
        )
    elif grid.config_diffs is None:
        parts.append(
            f"The paper's numbers ({src}) are not compared: profiles/{s.profile}.yaml could not be read, "
            "so the configuration cannot be checked against it."
        )
    else:
        shown = "; ".join(grid.config_diffs[:4]) + ("; …" if len(grid.config_diffs) > 4 else "")
        parts.append(
            f"The paper's numbers ({src}) are not compared: this run departs from profile '{s.profile}' "
            f"(ours vs profile: {shown})."
        )
    if grid.paper.single_run:
        parts.append(
            "The paper's values in this table are single training runs (every X-CODAH value is a "
            "multiple of 1/3 %), not means over seeds."
        )
    return " ".join(parts + grid.notes)


def config_differences(params: dict[str, Any], profiles_dir: Path) -> list[str] | None:
    """How params depart from profile {profile} (resolved); None if it is absent or unreadable."""
    try:
        return differences(params, resolve(str(params.get("profile")), profiles_dir))
    except LeiaError:
        return None


def _write_table(out: Path, key: str, md: str, tex: str, csv: str) -> None:
    (out / "tables").mkdir(parents=True, exist_ok=True)
    for ext, text in (("md", md), ("tex", tex), ("csv", csv)):
        (out / "tables" / f"{key}.{ext}").write_text(text, encoding="utf-8")


def _loss_curves(s: Setup, dvclive_dir: Path, metric: str) -> dict[str, dict[str, list]]:
    curves: dict[str, dict[str, list]] = {}
    for lang in s.languages:
        for m in s.methods:
            frames = [read_loss(dvclive_dir, run_id(lang, m, seed), metric) for seed in s.seeds]
            frames = [f for f in frames if f is not None]
            if frames:
                curves.setdefault(lang, {})[m] = frames
    return curves


def _models(eval_dir: Path, s: Setup) -> list[str]:
    seen = set()
    for rid in expected_runs(s):
        p = Path(eval_dir) / rid / "metrics.json"
        if not p.exists():
            continue
        model = json.loads(p.read_text(encoding="utf-8")).get("run", {}).get("model")
        if model:
            seen.add(str(model))
    return sorted(seen)


def run_report(
    params: dict[str, Any],
    stats_json: Path = statsfile.STATS_JSON,
    eval_dir: Path = EVAL_DIR,
    dvclive_dir: Path = DVCLIVE_DIR,
    out: Path = REPORT_DIR,
    profiles_dir: Path = PROFILE_DIR,
) -> list[str]:
    """Render every table, figure and the README into `out` (replaced as a whole); returns its files."""
    cfg, rcfg, s = stats_config(params), report_config(params), setup(params)
    stats = statsfile.read(stats_json)
    label = model_label(s.model)
    diffs = config_differences(params, profiles_dir)
    with atomic_path(out, is_dir=True) as tmp:
        sections: list[tuple[str, str]] = []
        for spec in SPECS:
            grid = build(spec, stats, s, params, cfg.ci_key, diffs)
            title = f"Table {spec.key.removeprefix('table')}."
            cap = caption(grid, s, cfg, params)
            md = render.markdown(grid, title, cap)
            _write_table(tmp, spec.key, md, render.latex(grid, cap), render.csv_text(grid))
            sections.append((spec.key, md))
        k, lang, t = rcfg.qualitative_examples, rcfg.qualitative_lang, rcfg.qualitative_task
        ex = draw(eval_dir, lang, t, s.seeds, k, rcfg.seed)
        cap = (
            f"{task(t).label} ({lang}) examples that LEIA answers correctly and {label}+FT does not: "
            f"{len(ex.rows)} drawn at random (report.seed = {rcfg.seed}) from the {ex.candidates} such "
            f"examples of training seed {ex.seed}: the question, the gold answer and each model's choice. "
            "(The paper's Table 4 shows English translations of its Table 9; "
            "translations are not produced here.)" + (f" Note: {ex.note}." if ex.note else "")
        )
        md, tex, csv = render_examples(ex, label, "Table 9 (cf. Table 4).", cap)
        _write_table(tmp, "table9", md, tex, csv)
        sections.append(("table9", md))
        labels = {"base": label, "ft": f"{label}+FT", "leia": "LEIA"}
        figures.accuracy_figure(stats, s, labels, cfg.ci_key, cfg.confidence, tmp / "figures" / "scores.png")
        curves = _loss_curves(s, dvclive_dir, rcfg.loss_metric)
        figures.loss_figure(curves, s.languages, tmp / "figures" / "loss.png")
        missing = [r for r in expected_runs(s) if not (Path(eval_dir) / r / "metrics.json").exists()]
        text = readme(stats, s, cfg, params, sections, missing, _models(eval_dir, s), bool(curves))
        (tmp / "README.md").write_text(text, encoding="utf-8")
        files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
    return files


# --- the operations, as the stages and the `leia` commands run them ---------------------------------


def stats_operation(params: dict[str, Any]) -> None:
    """Stage `stats` / `leia stats`: results/eval -> metrics/compare.json, metrics/stats.json and
    results/stats.csv; warns on stderr about configured runs without results."""
    import sys

    entries, missing = run_stats(params, compare_path=statsfile.COMPARE_JSON)
    print(f"stats: {len(entries)} entries -> metrics/compare.json, metrics/stats.json, results/stats.csv")
    if missing:
        names = ", ".join(missing)
        print(f"warning: {len(missing)} configured run(s) have no results: {names}", file=sys.stderr)


def report_operation(params: dict[str, Any], out: Path = REPORT_DIR) -> None:
    """Stage `report` / `leia report`: metrics/stats.json, results/eval and dvclive -> `out`."""
    files = run_report(params, out=Path(out))
    print(f"report: {len(files)} files -> {out}/ (start at {out}/README.md)")
