"""Figures: per-language scores with CI error bars per task; training-loss curves per method."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers and in DVC stages
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from leia.io import atomic_path  # noqa: E402
from leia.report.config import Setup  # noqa: E402
from leia.report.tasks import task  # noqa: E402

BARS = (("base", "#8c8c8c"), ("ft", "#1f77b4"), ("leia", "#ff7f0e"))
plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "legend.fontsize": 9})


def _grid(n: int, width: float, height: float) -> tuple[plt.Figure, np.ndarray]:
    ncols = min(n, 3)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes


def _save(fig: plt.Figure, path: Path) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=150, bbox_inches="tight", format="png")
    plt.close(fig)


def accuracy_figure(
    stats: dict[str, dict], setup: Setup, labels: dict[str, str], ci_key: str, confidence: float, path: Path
) -> None:
    """One panel per task: base, FT and LEIA per language (mean over seeds, t-interval bars)."""
    tasks = setup.all_tasks() or ["(none)"]
    fig, axes = _grid(len(tasks), 4.2, 3.4)
    width = 0.26
    for ax, t in zip(axes.flat, tasks, strict=False):
        langs = setup.langs_for(t)
        x = np.arange(len(langs))
        for i, (method, color) in enumerate(BARS):
            entries = [stats.get(f"{t}/{lang}/{method}") for lang in langs]
            means = np.array([100 * e["mean"] if e else np.nan for e in entries])
            errs = np.array([100 * e[ci_key] if e and e.get(ci_key) is not None else np.nan for e in entries])
            pos = x + (i - 1) * width
            ax.bar(pos, np.nan_to_num(means), width, yerr=errs, capsize=3, color=color, label=labels[method])
            for p, m in zip(pos, means, strict=True):
                if np.isnan(m):
                    ax.text(
                        p, 1, "missing", rotation=90, ha="center", va="bottom", fontsize=8, color="#c00000"
                    )
        chance = [stats.get(f"{t}/{lang}/random", {}).get("mean") for lang in langs]
        for xi, c in zip(x, chance, strict=True):
            if c:
                ax.hlines(
                    100 * c, xi - 1.6 * width, xi + 1.6 * width, colors="k", linestyles="--", linewidth=1
                )
        ax.set_xticks(x, langs)
        ax.set_title(task(t).label)
        ax.set_ylabel("char F1 (%)" if task(t).metric == "char_f1" else "accuracy (%)")
        ax.set_ylim(0, max(5.0, ax.get_ylim()[1] * 1.1))
        ax.grid(axis="y", alpha=0.3)
    handles, names = axes.flat[0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="k", linestyle="--", linewidth=1))
    names.append("chance")
    fig.legend(
        handles, names, loc="lower center", ncol=len(names), bbox_to_anchor=(0.5, -0.02), frameon=False
    )
    fig.suptitle(
        f"Scores per language (mean over seeds; error bars: {confidence:.0%} t-interval over seeds)", y=1.0
    )
    fig.tight_layout(rect=(0, 0.05, 1, 0.97))
    _save(fig, path)


def loss_figure(curves: dict[str, dict[str, list[pd.DataFrame]]], langs: list[str], path: Path) -> None:
    """One panel per language: the training loss per method, mean over seeds with a min-max band."""
    langs = langs or ["(none)"]
    fig, axes = _grid(len(langs), 4.6, 3.4)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, lang in zip(axes.flat, langs, strict=False):
        methods = curves.get(lang, {})
        for i, (method, frames) in enumerate(sorted(methods.items())):
            wide = pd.concat([f.set_index("step")["value"] for f in frames], axis=1).sort_index()
            color = colors[i % len(colors)]
            ax.plot(
                wide.index, wide.mean(axis=1), color=color, label=f"{method} (n={len(frames)})", linewidth=1.5
            )
            if len(frames) > 1:
                ax.fill_between(
                    wide.index, wide.min(axis=1), wide.max(axis=1), color=color, alpha=0.2, linewidth=0
                )
        if not methods:
            ax.text(
                0.5,
                0.5,
                "no training logs",
                ha="center",
                va="center",
                transform=ax.transAxes,
                color="#c00000",
            )
        else:
            ax.legend()
        ax.set_title(f"training loss ({lang})")
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    _save(fig, path)
