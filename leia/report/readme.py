"""reports/README.md: what ran, the plain verdict (did LEIA beat FT, was it significant), the index."""

from __future__ import annotations

from typing import Any

from leia.report.analysis import all_zero
from leia.report.config import Setup, StatsConfig
from leia.report.tables import model_label
from leia.report.tasks import task

TABLE_NAMES = {
    "table1": "Table 1: average over languages per method configuration",
    "table2": "Table 2: X-CODAH and X-CSQA per language",
    "table3": "Table 3: Japanese datasets",
    "table5": "Table 5: loss on English entity names enabled vs. disabled (average)",
    "table8": "Table 8: method configurations per language",
    "table10": "Table 10: loss on English entity names enabled vs. disabled, per language",
    "table9": "Table 9 (cf. Table 4): X-CODAH examples LEIA gets right and FT wrong",
}


def _p(x: float | None, entry: dict[str, Any] | None = None, key: str = "") -> str:
    """A p-value, or n/a with the reason there is none (never a bare 0.0 from a degenerate test)."""
    if x is not None:
        return f"{x:.3g}" if x >= 1e-3 else f"{x:.1e}"
    note = (entry or {}).get("note", "")
    if (entry or {}).get("n", 0) < 2 and not key.startswith("p_paired"):
        return "n/a (n=1)"
    if "zero variance" in note and not key.startswith("p_paired"):
        return "n/a (zero variance over seeds)"
    return "n/a"


def verdict(stats: dict[str, dict], s: Setup, cfg: StatsConfig) -> list[str]:
    """Plain sentences plus a per task/language table comparing LEIA with FT."""
    pairs, zero = [], all_zero(stats, s)
    for t in s.all_tasks():
        for lang in s.langs_for(t):
            leia, ft = stats.get(f"{t}/{lang}/leia"), stats.get(f"{t}/{lang}/ft")
            if leia and ft and (t, lang) not in zero:
                pairs.append((t, lang, leia, ft))
    flagged = []
    if zero:
        names = ", ".join(f"{task(t).label} ({lang})" for t, lang in zero)
        flagged = [
            "",
            f"Not counted: {names}: every model (base, FT and LEIA) scores 0, so the benchmark does not "
            "separate them at this scale.",
        ]
    if not pairs:
        return ["**No task/language has both LEIA and FT runs with a nonzero score: no verdict.**", *flagged]
    wins = sum(leia["mean"] > ft["mean"] for _, _, leia, ft in pairs)
    sig_ft = sum((leia.get("p_vs_ft") or 1.0) < cfg.alpha for _, _, leia, ft in pairs)
    star = sum(bool(leia.get("significant")) for _, _, leia, _ in pairs)
    paired = sum((leia.get("p_paired_vs_ft") or 1.0) < cfg.alpha for _, _, leia, _ in pairs)
    big = sum(
        leia["mean"] - ft["mean"] >= 0.05 and (leia.get("p_vs_ft") or 1.0) < cfg.alpha
        for _, _, leia, ft in pairs
    )
    n = len(pairs)
    beat = "yes" if wins == n else "no" if wins == 0 else "mixed"
    lines = [
        f"**Did LEIA beat FT on this run? {beat}: LEIA's mean over seeds is higher in {wins} of {n} "
        f"task/language pairs.**",
        "",
        f"**Was it significant? Against FT (Welch t-test, one-sided, α = {cfg.alpha}) in {sig_ft} of {n}; "
        f"against every baseline (`*`: FT, the base model and chance) in {star} of {n}.** The paper marks "
        "`*` for an improvement \"statistically significant compared to all baselines\" without naming "
        "the test; these t-tests are this package's choice."
        + (f" The paired per-example {cfg.paired_test} test finds LEIA better than FT in {paired} of {n}."
           if cfg.paired_test != "none" else ""),
        "",
        f"**By a clear margin (at least 5 points, and significant against FT) in {big} of {n}.**",
        "",
        "| task | lang | FT | LEIA | Δ (points) | p vs FT (Welch) | p vs FT (paired) | `*` |",
        "|---|---|---:|---:|---:|---:|---:|:---:|",
    ]  # fmt: skip
    for t, lang, leia, ft in pairs:
        d = 100 * (leia["mean"] - ft["mean"])
        lines.append(
            f"| {task(t).label} | {lang} | {100 * ft['mean']:.1f} | {100 * leia['mean']:.1f} | {d:+.1f} | "
            f"{_p(leia.get('p_vs_ft'), leia, 'p_vs_ft')} | "
            f"{_p(leia.get('p_paired_vs_ft'), leia, 'p_paired')} | "
            f"{'*' if leia.get('significant') else ''} |"
        )
    if any(leia.get("n", 0) < 2 for _, _, leia, _ in pairs):
        lines += ["", "Some cells have a single seed: no interval and no t-test there (marked n=1)."]
    return lines + flagged


def ceiling(stats: dict[str, dict], s: Setup) -> list[str]:
    """The base model in the control languages (English): what transfer to the targets aims for."""
    rows = []
    for lang in s.control:
        for t in s.tasks.get(lang, []):
            base = stats.get(f"{t}/{lang}/base")
            if base is None:
                continue
            chance = stats.get(f"{t}/{lang}/random", {}).get("mean")
            targets = []
            for target in s.langs_for(t):
                for m in ("ft", "leia"):
                    if e := stats.get(f"{t}/{target}/{m}"):
                        targets.append(f"{target} {m.upper()} {100 * e['mean']:.1f}")
            rows.append(
                f"| {task(t).label} | {lang} | {100 * base['mean']:.1f} | "
                + ("—" if chance is None else f"{100 * chance:.1f}")
                + f" | {', '.join(targets) or '—'} |"
            )
    if not rows:
        return []
    return [
        "",
        f"**English ceiling.** The base model evaluated in {', '.join(s.control)} on the same kind of "
        "questions: what it knows in the language it learnt the facts in, the ceiling that transfer to "
        "the target languages aims for.",
        "",
        "| task | lang | base model | chance | target languages (mean over seeds) |",
        "|---|---|---:|---:|---|",
        *rows,
    ]


def readme(
    stats: dict[str, dict],
    s: Setup,
    cfg: StatsConfig,
    params: dict[str, Any],
    sections: list[tuple[str, str]],
    missing: list[str],
    run_models: list[str],
    has_loss: bool,
) -> str:
    demo = s.profile == "demo"
    out = ["# Results report", ""]
    out.append(
        "Regenerated by `dvc repro` (stage `report`) from `metrics/stats.json` and `results/eval/`; "
        "do not edit by hand."
    )
    if demo:
        out += [
            "",
            "> **Demo profile.** A tiny model trained on a generated world: the numbers show that the "
            "pipeline works end to end and are not comparable with the paper's.",
        ]
    expected = {"models/base", *(f"models/{lang}/{m}/seed{x}" for lang in s.languages
                                 for m in s.methods for x in s.seeds)}  # fmt: skip
    odd = [m for m in run_models if m not in expected]
    out += [
        "",
        "## Configuration",
        "",
        f"- Profile: `{s.profile}`; base model `{s.model}` ({model_label(s.model)}); dumps {s.dump_date} "
        f"(Wikipedia), {s.wikidata_date} (Wikidata)",
        f"- Languages: {', '.join(s.languages)}; methods: {', '.join(s.methods)}; seeds: {s.seeds}; "
        f"LEIA: strategy `{params.get('strategy')}`, p_skip {params.get('p_skip')}, "
        f"mask_name_loss {params.get('mask_name_loss')}",
        "- Tuned models: `models/{lang}/{method}/seed{seed}`"
        + (f"; runs naming other models: {', '.join(f'`{m}`' for m in odd)}" if odd else ""),
        f"- Statistics: mean over seeds, {cfg.confidence:.0%} t-interval (n−1 dof); one-sided "
        f"({cfg.alternative}) tests at α = {cfg.alpha}: Welch t-test vs FT, one-sample t-test vs the base "
        f"model and chance (`*`); paired per-example test: {cfg.paired_test} "
        f"({cfg.paired_resamples} resamples, seed {cfg.seed}) vs FT and base (`†`).",
        "",
        "## Verdict",
        "",
        *verdict(stats, s, cfg),
        *ceiling(stats, s),
        "",
        "## Missing runs",
        "",
    ]
    if missing:
        out.append(
            f"{len(missing)} configured run(s) have no results; their cells are marked — in every table:"
        )
        out += ["", *(f"- `{r}`" for r in missing)]
    else:
        out.append("None: every configured run has results.")
    out += ["", "## Index", ""]
    for key, _ in sections:
        name = TABLE_NAMES.get(key, key)
        out.append(f"- {name}: [md](tables/{key}.md) · [tex](tables/{key}.tex) · [csv](tables/{key}.csv)")
    out += [
        "- Figure: scores per language with CI error bars: [figures/scores.png](figures/scores.png)",
        "- Figure: training-loss curves per method: [figures/loss.png](figures/loss.png)"
        + ("" if has_loss else " (no training logs were found: the figure says so)"),
        "- Per-cell statistics with every p-value: `metrics/stats.json`, `results/stats.csv`; score and "
        "p vs FT per cell: `metrics/compare.json` (`dvc metrics show`, `leia compare`)",
        "",
        "## Figures",
        "",
        "![scores per language](figures/scores.png)",
        "",
        "![training loss](figures/loss.png)",
        "",
        "The losses of FT and LEIA are over different token streams (LEIA's includes the inserted "
        "English names and, unless `mask_name_loss`, their prediction), so the curves show training "
        "health, not which method is better.",
        "",
        "## Tables",
        "",
    ]
    for _, md in sections:
        out += [md, ""]
    return "\n".join(out).rstrip() + "\n"
