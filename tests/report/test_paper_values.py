"""The transcribed paper numbers agree with each other the way the paper says they do."""

from __future__ import annotations

import pytest

from leia.report.paper import paper_document, paper_table
from leia.report.tables import ABLATION_ROWS, LOSS_ROWS, SPECS

LANGS = ("ar", "es", "hi", "ja", "ru", "sw", "zh")


@pytest.mark.parametrize("key", ["table8", "table10"])
def test_avg_columns_are_the_mean_of_the_languages(key: str) -> None:
    for row, cells in paper_table(key).rows.items():
        for task in ("xcodah", "xcsqa"):
            mean = sum(cells[f"{task}/{lang}"] for lang in LANGS) / 7
            assert abs(mean - cells[f"{task}/avg"]) <= 0.06, (key, row, task)


def test_summary_tables_repeat_the_detailed_ones() -> None:
    t1, t8, t5, t10 = (paper_table(k) for k in ("table1", "table8", "table5", "table10"))
    for row, cells in t1.rows.items():
        assert cells == {c: v for c, v in t8.rows[row].items() if c.endswith("/avg")}
    for row, cells in t5.rows.items():
        assert cells == {c: v for c, v in t10.rows[row].items() if c.endswith("/avg")}
    assert t10.rows["enable"] == t8.rows["right-0.5"]  # LEIA = right, p_skip 0.5 (§3.2)


def test_every_spec_has_paper_values_and_matching_row_keys() -> None:
    doc = paper_document()
    assert set(doc["languages"]) == set(LANGS)
    for spec in SPECS:
        t = paper_table(spec.key)
        assert t.profiles and t.section and t.page
        assert set(t.rows) <= {r.key for r in spec.rows}
    assert {r.key for r in ABLATION_ROWS} == set(paper_table("table8").rows)
    assert {r.key for r in LOSS_ROWS} == set(paper_table("table10").rows)
    t2 = paper_table("table2")
    assert len(t2.rows["leia"]) == 14 and t2.rows["leia"]["xcodah/ja"] == 34.9
    assert "xcsqa/hi" not in t2.significant["leia"]  # printed without * in the paper
