"""Write a Grid as Markdown (GitHub), LaTeX (booktabs, the paper's layout) and long-format CSV."""

from __future__ import annotations

import csv
import io

from leia.report.tables import Cell, Grid
from leia.report.tasks import task

MISSING_MD = "—"
MISSING_TEX = "--"
MISSING_WORD = "missing"


def _num(x: float) -> str:
    return f"{x:.1f}"


def _groups(grid: Grid) -> list[tuple[str, int]]:
    """Consecutive columns of one task: (task, span)."""
    out: list[tuple[str, int]] = []
    for t, _ in grid.columns:
        if out and out[-1][0] == t:
            out[-1] = (t, out[-1][1] + 1)
        else:
            out.append((t, 1))
    return out


def _two_level(grid: Grid) -> bool:
    return grid.spec.langs in ("each", "each+avg")


def _seeded_row(cells: list[Cell]) -> bool:
    return any(c.entry is not None and c.n is not None and c.n >= 1 and "std" in c.entry for c in cells)


def _ci_text(c: Cell, pm: str, expected_n: int) -> str:
    """The ± part; says n when a cell has fewer seeds than configured (n=1: no interval)."""
    if c.missing or c.entry is None or "std" not in c.entry:
        return ""
    if c.ci is None:
        return "n=1"
    return f"{pm}{_num(c.ci)}" + (f" (n={c.n})" if c.n is not None and c.n < expected_n else "")


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(c: Grid, cell: Cell) -> str:
    if cell.missing:
        text = MISSING_MD
    else:
        text = _num(cell.value) + ("\\*" if cell.star else "") + ("†" if cell.dagger else "")
        if c.spec.ci == "inline" and (ci := _ci_text(cell, "± ", c.expected_n)):
            text += f" {ci}"
    if c.compare and cell.paper is not None:
        paper = _num(cell.paper) + ("\\*" if cell.paper_star else "")
        if c.spec.ci == "inline" and cell.paper_ci is not None:
            paper += f" ± {_num(cell.paper_ci)}"
        delta = f", Δ {cell.diff:+.1f}" if cell.diff is not None else ""
        text += f"<br><sub>paper {paper}{delta}</sub>"
    return text


def markdown(grid: Grid, title: str, caption: str) -> str:
    cols = grid.columns
    if _two_level(grid):
        heads = [f"{task(t).label}<br>{lang}" for t, lang in cols]
    else:
        heads = [task(t).label for t, _ in cols]
    stub_n = len(grid.spec.stub_header)
    lines = [f"**{title}** {caption}", ""]
    lines.append("| " + " | ".join([*grid.spec.stub_header, *heads]) + " |")
    lines.append("|" + "---|" * stub_n + "---:|" * len(cols))
    for stub, cells in zip(grid.stubs, grid.cells, strict=True):
        lines.append("| " + " | ".join([*stub, *(_md_cell(grid, c) for c in cells)]) + " |")
        if grid.spec.ci == "row" and _seeded_row(cells):
            ci_cells = []
            for c in cells:
                text = _ci_text(c, "± ", grid.expected_n)
                if grid.compare and c.paper_ci is not None:
                    text += f"<br><sub>paper ± {_num(c.paper_ci)}</sub>"
                ci_cells.append(text)
            lines.append("| " + " | ".join([""] * stub_n + ci_cells) + " |")
    if not cols:
        lines.append(
            "| " + " | ".join(["(no task of this table is configured in `evaluate.tasks`)"] * stub_n) + " |"
        )
    return "\n".join(lines) + "\n"


# --- LaTeX ------------------------------------------------------------------------------------

_TEX_ESCAPE = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        # symbols the captions use, so the .tex compiles with pdflatex too
        "±": r"$\pm$",
        "α": r"$\alpha$",
        "−": "$-$",
        "—": "--",
        "†": r"$\dagger$",
        "Δ": r"$\Delta$",
    }
)


def tex_escape(text: str) -> str:
    return text.translate(_TEX_ESCAPE)


def _tex_value(c: Cell, inline_ci: bool, expected_n: int) -> str:
    if c.missing:
        return MISSING_TEX
    marks = ("*" if c.star else "") + (r"\dagger" if c.dagger else "")
    text = _num(c.value) + (f"$^{{{marks}}}$" if marks else "")
    if inline_ci and (ci := _ci_text(c, r"$\pm$ ", expected_n)):
        text += f" {ci}"
    return text


def _tex_paper(c: Cell, inline_ci: bool) -> str:
    if c.paper is None:
        return ""
    text = _num(c.paper) + (r"$^{*}$" if c.paper_star else "")
    if inline_ci and c.paper_ci is not None:
        text += rf" $\pm$ {_num(c.paper_ci)}"
    return text


def _tex_row(stub: list[str], values: list[str]) -> str:
    return " & ".join([*stub, *values]) + r" \\"


def latex(grid: Grid, caption: str) -> str:
    spec, cols = grid.spec, grid.columns
    stub_n = len(spec.stub_header)
    inline = spec.ci == "inline"
    out = [r"% requires \usepackage{booktabs}", r"\begin{table*}[t]", r"\centering", r"\small"]
    out.append(r"\begin{tabular}{" + "l" * stub_n + "r" * len(cols) + "}")
    out.append(r"\toprule")
    stub_head = [tex_escape(h).replace(r"p\_skip", r"$p_{\mathrm{skip}}$") for h in spec.stub_header]
    if _two_level(grid):
        groups, rules, start = [], [], stub_n + 1
        for t, span in _groups(grid):
            groups.append(rf"\multicolumn{{{span}}}{{c}}{{{tex_escape(task(t).label)}}}")
            rules.append(rf"\cmidrule(lr){{{start}-{start + span - 1}}}")
            start += span
        out.append(_tex_row([""] * stub_n, groups))
        out.append("".join(rules))
        out.append(_tex_row(stub_head, [lang for _, lang in cols]))
    else:
        out.append(_tex_row(stub_head, [tex_escape(task(t).label) for t, _ in cols]))
    out.append(r"\midrule")
    for stub, cells in zip(grid.stubs, grid.cells, strict=True):
        out.append(
            _tex_row([tex_escape(s) for s in stub], [_tex_value(c, inline, grid.expected_n) for c in cells])
        )
        if spec.ci == "row" and _seeded_row(cells):
            out.append(_tex_row([""] * stub_n, [_ci_text(c, r"$\pm$ ", grid.expected_n) for c in cells]))
        if grid.compare and any(c.paper is not None for c in cells):
            pad = [""] * (stub_n - 1)
            out.append(_tex_row([r"\quad\textit{paper}", *pad], [_tex_paper(c, inline) for c in cells]))
            diffs = ["" if c.diff is None else f"{c.diff:+.1f}" for c in cells]
            out.append(_tex_row([r"\quad$\Delta$", *pad], diffs))
    out += [r"\bottomrule", r"\end{tabular}"]
    out.append(rf"\caption{{{tex_escape(caption)}}}")
    out += [rf"\label{{tab:{spec.key}}}", r"\end{table*}"]
    return "\n".join(out) + "\n"


# --- CSV --------------------------------------------------------------------------------------

CSV_FIELDS = [
    "table", "row", "row_label", "task", "lang", "method", "status", "value", "ci", "n",
    "significant", "significant_paired", "paper_value", "paper_ci", "paper_significant", "diff",
]  # fmt: skip


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def csv_text(grid: Grid) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for (stub, cells), row in zip(zip(grid.stubs, grid.cells, strict=True), grid.spec.rows, strict=True):
        for (t, lang), c in zip(grid.columns, cells, strict=True):
            w.writerow(
                {
                    "table": grid.spec.key,
                    "row": row.key,
                    "row_label": " ".join(s for s in stub if s),
                    "task": t,
                    "lang": lang,
                    "method": c.method or "",
                    "status": MISSING_WORD if c.missing else "ok",
                    "value": _fmt(c.value),
                    "ci": _fmt(c.ci),
                    "n": "" if c.n is None else c.n,
                    "significant": "" if c.missing else c.star,
                    "significant_paired": "" if c.missing else c.dagger,
                    "paper_value": _fmt(c.paper) if grid.compare else "",
                    "paper_ci": _fmt(c.paper_ci) if grid.compare else "",
                    "paper_significant": c.paper_star if grid.compare and c.paper is not None else "",
                    "diff": _fmt(c.diff) if grid.compare else "",
                }
            )
    return buf.getvalue()


def csv_rows(fields: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(fields)
    w.writerows(rows)
    return buf.getvalue()
