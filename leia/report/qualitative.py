"""Table 4/9: examples LEIA answers correctly and FT does not, drawn at random with a fixed seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leia.report.collect import read_samples, run_id


@dataclass
class Examples:
    task: str
    lang: str
    seed: int | None  # the training seed whose FT and LEIA runs are compared
    candidates: int  # how many examples LEIA got right and FT wrong
    rows: list[dict[str, str]] = field(default_factory=list)
    note: str = ""


def _answer(rec: pd.Series, key: str) -> str:
    """The chosen (or gold) answer as text: an index into `choices`, or the text itself."""
    value: Any = rec.get(key)
    choices = rec.get("choices")
    if isinstance(choices, (list, tuple)) and not isinstance(value, bool):
        if isinstance(value, (int, np.integer)) and 0 <= int(value) < len(choices):
            return str(choices[int(value)])
        if isinstance(value, str) and value.isdigit() and int(value) < len(choices) and value not in choices:
            return str(choices[int(value)])
    return "" if value is None else str(value)


def draw(eval_dir: Path, lang: str, task_key: str, seeds: list[int], k: int, seed: int) -> Examples:
    """Pick k examples (doc_id order, then a seeded draw) from the first seed with both runs logged."""
    for s in sorted(seeds):
        ft = read_samples(eval_dir, run_id(lang, "ft", s), task_key)
        leia = read_samples(eval_dir, run_id(lang, "leia", s), task_key)
        if ft is None or leia is None:
            continue
        common = leia.index.intersection(ft.index)
        wins = [d for d in common if leia.at[d, "_score"] >= 1.0 and ft.at[d, "_score"] < 1.0]
        wins.sort(key=str)
        out = Examples(task_key, lang, s, len(wins))
        if not wins:
            out.note = "no example where LEIA is right and FT wrong"
            return out
        rng = np.random.default_rng(seed)
        chosen = [wins[i] for i in rng.choice(len(wins), size=min(k, len(wins)), replace=False)]
        if len(chosen) < k:
            out.note = f"only {len(chosen)} such examples exist"
        for d in chosen:
            out.rows.append(
                {
                    "doc_id": str(d),
                    "question": str(leia.loc[d].get("question") or "").strip(),
                    "gold": _answer(leia.loc[d], "gold").strip(),
                    "ft": _answer(ft.loc[d], "pred").strip(),
                    "leia": _answer(leia.loc[d], "pred").strip(),
                }
            )
        return out
    note = f"missing: no {task_key} samples for both {lang}-ft-seedN and {lang}-leia-seedN (seeds {seeds})"
    return Examples(task_key, lang, None, 0, note=note)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_examples(ex: Examples, label: str, title: str, caption: str) -> tuple[str, str, str]:
    """(markdown, latex, csv) of the drawn examples: the question once, then the gold answer and
    each model's choice (the paper's Table 4 shows the completed sentences of its two models)."""
    from leia.report.render import csv_rows, tex_escape

    heads = ("Question", "Gold", f"{label}+FT's choice", "LEIA's choice")
    md = [f"**{title}** {caption}", "", "| " + " | ".join(heads) + " |", "|---|---|---|---|"]
    cols = ("question", "gold", "ft", "leia")
    md += ["| " + " | ".join(_md_escape(r[k]) for k in cols) + " |" for r in ex.rows]
    if not ex.rows:
        md.append(f"| — | — | {ex.note or 'missing'} | — |")
    tex = [
        r"% requires \usepackage{booktabs}; Japanese text needs xelatex/lualatex with a CJK font",
        r"\begin{table}[t]",
        r"\centering",
        r"\small",
        r"\begin{tabular}{p{0.37\linewidth}p{0.17\linewidth}p{0.17\linewidth}p{0.17\linewidth}}",
        r"\toprule",
        " & ".join(tex_escape(h) for h in heads) + r" \\",
        r"\midrule",
    ]
    tex += [" & ".join(tex_escape(r[k]) for k in cols) + r" \\" for r in ex.rows]
    if not ex.rows:
        tex.append(rf"\multicolumn{{4}}{{c}}{{{tex_escape(ex.note or 'missing')}}} \\")
    tex += [r"\bottomrule", r"\end{tabular}", rf"\caption{{{tex_escape(caption)}}}", r"\label{tab:table9}"]
    tex.append(r"\end{table}")
    fields = ["task", "lang", "seed", "doc_id", "question", "gold", "ft_prediction", "leia_prediction"]
    rows = [[ex.task, ex.lang, ex.seed, r["doc_id"], *(r[k] for k in cols)] for r in ex.rows]
    return "\n".join(md) + "\n", "\n".join(tex) + "\n", csv_rows(fields, rows)
