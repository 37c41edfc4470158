"""Stats and report stages on synthetic runs in the evaluation stage's exact formats."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from leia.profiles import resolve
from leia.report.analysis import compute
from leia.report.collect import load_runs
from leia.report.config import setup, stats_config
from leia.report.pipeline import run_report, run_stats

from .conftest import make_world, write_run

PROFILES = Path(__file__).resolve().parents[2] / "profiles"

FT_LEIA = {"ft": 0.0, "leia": 0.1}
TASKS = {"ja": ["xcodah", "xcsqa", "jcommonsenseqa", "niilc"], "sw": ["xcodah", "xcsqa"]}


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _run_all(root: Path, params: dict) -> tuple[dict, list[str], Path]:
    entries, missing = run_stats(
        params, root / "results" / "eval", root / "metrics" / "stats.json", root / "results" / "stats.csv"
    )
    out = root / "reports"
    ev, live = root / "results" / "eval", root / "dvclive"
    run_report(params, root / "metrics" / "stats.json", ev, live, out, PROFILES)
    return entries, missing, out


def _paper_params(root: Path, profile: str, langs: dict[str, list[str]], seeds: list[int]) -> dict:
    """A checked-in paper profile, narrowed to a few languages/seeds (which keeps it comparable)."""
    params = make_world(root, langs=langs, methods=FT_LEIA, seeds=seeds)
    paper = resolve(profile, PROFILES)
    paper.update(languages=list(langs), seeds=seeds, methods=["ft", "leia"])
    paper["evaluate"]["tasks"] = params["evaluate"]["tasks"]
    paper["stats"]["paired_resamples"] = params["stats"]["paired_resamples"]
    return paper


def test_stats_and_report_end_to_end(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs=TASKS, methods={"ft": 0.0, "leia": 0.25}, seeds=[1, 2, 3], n=80)
    entries, missing, out = _run_all(tmp_path, params)
    assert missing == []
    leia = entries["xcodah/ja/leia"]
    assert set(leia) >= {"mean", "std", "ci95", "n", "p_vs_ft", "p_vs_base", "p_vs_random", "significant"}
    assert leia["n"] == 3 and leia["p_vs_ft"] < 0.05 and leia["significant"] is True
    assert leia["p_paired_vs_ft"] < 0.05 and leia["significant_paired"] is True
    assert entries["xcodah/ja/random"]["mean"] == pytest.approx(0.25)  # 1/len(choices) from samples
    assert entries["niilc/ja/random"]["mean"] == 0.0
    assert "p_vs_ft" not in entries["xcodah/ja/ft"]
    assert entries["xcodah/avg/leia"]["n_langs"] == 2
    assert "jcommonsenseqa/avg/leia" in entries  # ja only -> average over its one language
    # DVC metrics must be plain JSON (no NaN)
    text = (tmp_path / "metrics" / "stats.json").read_text()
    assert "NaN" not in text and json.loads(text)
    rows = list(csv.DictReader((tmp_path / "results" / "stats.csv").open()))
    assert {r["method"] for r in rows} == {"ft", "leia"} and rows[0]["seeds"] == "1 2 3"

    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for key in ("table1", "table2", "table3", "table5", "table8", "table9", "table10"):
        assert {f"tables/{key}.md", f"tables/{key}.tex", f"tables/{key}.csv"} <= files
    assert {"figures/scores.png", "figures/loss.png", "README.md"} <= files
    readme = (out / "README.md").read_text()
    assert "Did LEIA beat FT on this run? yes" in readme and "Demo profile" in readme
    assert "Profile: `demo`" in readme and "20231001" in readme and "seeds: [1, 2, 3]" in readme
    assert "paper's `*`" not in readme and "without naming the test" in readme  # it names none
    t2 = (out / "tables" / "table2.md").read_text()
    assert "\\*" in t2 and "±" in t2 and "paper " not in t2  # demo: never compared with the paper
    tex = (out / "tables" / "table2.tex").read_text()
    assert r"\toprule" in tex and r"\multicolumn" in tex and r"$^{*" in tex and r"$\pm$" in tex
    t9 = list(csv.DictReader((out / "tables" / "table9.csv").open()))
    assert len(t9) == 3 and all(r["leia_prediction"] != r["ft_prediction"] for r in t9)


def test_missing_runs_are_marked_never_filled(tmp_path: Path) -> None:
    skip = {f"sw-leia-seed{s}" for s in (1, 2, 3)} | {"sw-base", "ja-ft-seed3"}
    params = make_world(tmp_path, langs=TASKS, methods={"ft": 0.0, "leia": 0.2}, seeds=[1, 2, 3], skip=skip)
    params["methods"] = ["ft", "leia", "leia-left-0.0"]  # configured, never run
    entries, missing, out = _run_all(tmp_path, params)
    never = {f"{lang}-leia-left-0.0-seed{s}" for lang in ("ja", "sw") for s in (1, 2, 3)}
    assert set(missing) == skip | never
    assert entries["xcodah/ja/ft"]["n"] == 2
    assert "xcodah/sw/leia" not in entries and "xcodah/avg/leia" not in entries
    assert "baseline base missing" in entries["xcodah/sw/ft"]["note"]
    rows = list(csv.DictReader((out / "tables" / "table2.csv").open()))
    cell = {(r["row"], r["task"], r["lang"]): r for r in rows}
    sw_leia = cell[("leia", "xcodah", "sw")]
    assert sw_leia["status"] == "missing" and sw_leia["value"] == ""
    assert cell[("base", "xcodah", "sw")]["status"] == "missing"
    assert cell[("leia", "xcodah", "ja")]["status"] == "ok"
    md = (out / "tables" / "table2.md").read_text()
    assert "—" in md and "missing" in md and "(n=2)" in md  # partial seeds are said, not hidden
    t8 = list(csv.DictReader((out / "tables" / "table8.csv").open()))
    by_row = {}
    for r in t8:
        by_row.setdefault(r["row"], set()).add(r["status"])
    assert by_row["left-0.5"] == {"missing"} and by_row["left-0.0"] == {"missing"}
    assert "ok" in by_row["right-0.5"]  # `leia` is right/0.5
    assert (out / "tables" / "table8.tex").read_text().count("--") > 10
    readme = (out / "README.md").read_text()
    assert "`sw-base`" in readme and "Missing runs" in readme


def _scores(acc: float, n: int = 100) -> np.ndarray:
    k = round(acc * n)
    return np.array([1.0] * k + [0.0] * (n - k))


@pytest.mark.parametrize(("base", "star"), [(0.45, True), (0.55, False)])
def test_star_needs_every_baseline(tmp_path: Path, base: float, star: bool) -> None:
    ev = tmp_path / "eval"
    write_run(ev, "ja", "base", None, {"xcodah": _scores(base)})
    for seed, (f, le) in enumerate([(0.40, 0.50), (0.41, 0.52), (0.42, 0.51)], 1):
        write_run(ev, "ja", "ft", seed, {"xcodah": _scores(f)})
        write_run(ev, "ja", "leia", seed, {"xcodah": _scores(le)})
    params = make_world(tmp_path / "unused", langs={}, methods={}, seeds=[])
    params.update(languages=["ja"], methods=["ft", "leia"], seeds=[1, 2, 3])
    params["evaluate"] = {"tasks": ["xcodah"]}
    entries, _ = compute(load_runs(ev), stats_config(params), setup(params), ev)
    e = entries["xcodah/ja/leia"]
    assert e["p_vs_ft"] < 0.01 and e["p_vs_random"] < 0.01
    assert (e["p_vs_base"] < 0.05) is star
    assert e["significant"] is star


def test_single_seed_has_no_interval_and_says_so(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs={"ja": ["xcodah"]}, methods={"ft": 0.0, "leia": 0.3}, seeds=[7])
    entries, _, out = _run_all(tmp_path, params)
    e = entries["xcodah/ja/leia"]
    assert e["n"] == 1 and e["ci95"] is None and e["std"] is None and e["p_vs_ft"] is None
    assert e["significant"] is False and "n=1" in e["note"]
    assert e["p_paired_vs_ft"] is not None  # per-example test still works with one seed
    assert "n=1" in (out / "tables" / "table2.md").read_text()


def test_paper_numbers_only_for_the_paper_profile(tmp_path: Path) -> None:
    params = _paper_params(tmp_path, "paper-llama2", {"ja": ["xcodah", "xcsqa"]}, [1, 2])
    entries, _, out = _run_all(tmp_path, params)
    rows = {(r["row"], r["task"], r["lang"]): r for r in _csv(out / "tables" / "table2.csv")}
    leia = rows[("leia", "xcodah", "ja")]
    assert float(leia["paper_value"]) == 34.9 and leia["paper_significant"] == "True"
    assert float(leia["diff"]) == pytest.approx(100 * entries["xcodah/ja/leia"]["mean"] - 34.9, abs=1e-3)
    assert "paper 34.9" in (out / "tables" / "table2.md").read_text()
    assert r"\textit{paper}" in (out / "tables" / "table2.tex").read_text()
    t3 = {(r["row"], r["task"]): r for r in csv.DictReader((out / "tables" / "table3.csv").open())}
    assert t3[("leia", "xcodah")]["paper_value"] == ""  # Table 3 is the Swallow profile's
    # our average is over ja only, the paper's over seven languages: not comparable
    t8 = {(r["row"], r["task"], r["lang"]): r for r in _csv(out / "tables" / "table8.csv")}
    assert float(t8[("right-0.5", "xcodah", "ja")]["paper_value"]) == 35.0
    assert t8[("right-0.5", "xcodah", "avg")]["paper_value"] == ""
    assert all(r["paper_value"] == "" for r in _csv(out / "tables" / "table1.csv"))


def test_table_rows_follow_method_configurations(tmp_path: Path) -> None:
    methods = {"ft": 0.0, "leia": 0.1, "leia-left-0.0": 0.05, "leia-namemask": 0.08}
    params = make_world(tmp_path, langs={"ja": ["xcodah", "xcsqa"]}, methods=methods, seeds=[1, 2])
    entries, _, out = _run_all(tmp_path, params)
    t1 = {(r["row"], r["task"]): r for r in csv.DictReader((out / "tables" / "table1.csv").open())}
    assert t1[("left-0.0", "xcodah")]["method"] == "leia-left-0.0"
    assert t1[("right-0.5", "xcodah")]["method"] == "leia"
    assert t1[("replace-0.5", "xcodah")]["status"] == "missing"
    got = float(t1[("left-0.0", "xcodah")]["value"])
    assert math.isclose(got, 100 * entries["xcodah/avg/leia-left-0.0"]["mean"], abs_tol=1e-3)
    t5 = {(r["row"], r["task"]): r["method"] for r in csv.DictReader((out / "tables" / "table5.csv").open())}
    assert t5[("enable", "xcodah")] == "leia" and t5[("disable", "xcodah")] == "leia-namemask"
    # every LEIA variant is tested against FT too
    assert entries["xcodah/ja/leia-namemask"]["p_vs_ft"] is not None


def test_figures_are_png_files(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs={"ja": ["xcodah", "niilc"]}, methods=FT_LEIA, seeds=[1, 2])
    _, _, out = _run_all(tmp_path, params)
    for name in ("scores.png", "loss.png"):
        data = (out / "figures" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_bad_metrics_file_names_the_file(tmp_path: Path) -> None:
    from leia.errors import InputError

    run = tmp_path / "ja-leia-seed1"
    run.mkdir()
    info = {"lang": "ja", "method": "leia", "seed": 2}
    (run / "metrics.json").write_text(json.dumps({"run": info, "results": {}}))
    with pytest.raises(InputError, match="ja-leia-seed2"):
        load_runs(tmp_path)
    with pytest.raises(InputError, match="no .*metrics.json"):
        load_runs(tmp_path / "nothing")


def test_stats_and_report_read_only_the_configured_runs(tmp_path: Path) -> None:
    """Leftover runs (seed 3, a dropped method, an unlisted task) must not enter stats or report."""
    methods = {"ft": 0.0, "leia": 0.2, "leia-left-0.0": 0.1}
    params = make_world(tmp_path, langs={"ja": ["xcodah", "xcsqa"]}, methods=methods, seeds=[1, 2, 3])
    params.update(seeds=[1, 2], methods=["ft", "leia"])
    params["evaluate"] = {"tasks": ["xcodah"]}
    entries, missing, out = _run_all(tmp_path, params)
    assert missing == []
    assert entries["xcodah/ja/leia"]["n"] == 2 and entries["xcodah/ja/ft"]["n"] == 2
    assert not any("leia-left" in k or k.startswith("xcsqa/") for k in entries)
    rows = _csv(tmp_path / "results" / "stats.csv")
    assert {r["seeds"] for r in rows} == {"1 2"}
    readme = (out / "README.md").read_text()
    assert "seeds: [1, 2]" in readme and "None: every configured run has results" in readme
    # a configured seed without results is reported missing, not silently skipped
    params["seeds"] = [1, 2, 4]
    entries, missing, out = _run_all(tmp_path, params)
    assert set(missing) == {"ja-ft-seed4", "ja-leia-seed4"} and entries["xcodah/ja/leia"]["n"] == 2
    assert "`ja-leia-seed4`" in (out / "README.md").read_text()


@pytest.mark.parametrize("key", ["seeds", "methods", "languages"])
def test_empty_configuration_fails_naming_the_key(tmp_path: Path, key: str) -> None:
    from leia.errors import ParamError

    params = make_world(tmp_path, langs={"ja": ["xcodah"]}, methods=FT_LEIA, seeds=[1, 2])
    _run_all(tmp_path, params)  # results exist: the empty list alone must fail
    params[key] = []
    with pytest.raises(ParamError, match=f"'{key}': is empty"):
        run_stats(params, tmp_path / "results" / "eval", tmp_path / "s.json", tmp_path / "s.csv")
    with pytest.raises(ParamError, match=f"'{key}': is empty"):
        run_report(params, tmp_path / "metrics" / "stats.json", tmp_path / "results" / "eval",
                   tmp_path / "dvclive", tmp_path / "out")  # fmt: skip
    assert not (tmp_path / "s.json").exists() and not (tmp_path / "out").exists()


def test_paper_numbers_hidden_when_the_configuration_departs_from_the_profile(tmp_path: Path) -> None:
    """`dvc exp run -S strategy=left` keeps profile: paper-llama2 but is no longer the paper's run."""
    params = _paper_params(tmp_path, "paper-llama2", {"ja": ["xcodah", "xcsqa"]}, [1, 2])
    params["strategy"] = "left"
    _, _, out = _run_all(tmp_path, params)
    assert all(r["paper_value"] == "" for r in _csv(out / "tables" / "table2.csv"))
    md = (out / "tables" / "table2.md").read_text()
    assert "paper 34.9" not in md and "departs from profile 'paper-llama2'" in md
    assert "strategy: 'left' vs 'right'" in md


def test_captions_say_single_runs_and_cite_no_estimated_page(tmp_path: Path) -> None:
    params = _paper_params(tmp_path, "paper-llama2", {"ja": ["xcodah", "xcsqa"]}, [1, 2])
    _, _, out = _run_all(tmp_path, params)
    for key in ("table1", "table2", "table3", "table5", "table8", "table10"):
        md = (out / "tables" / f"{key}.md").read_text()
        assert "single training runs" in md if key != "table2" and key != "table3" else "single" not in md
        assert not re.search(r"\bp\. \d", md), key  # paper_values.yaml's pages are estimates


def test_all_zero_tasks_are_flagged_not_counted(tmp_path: Path) -> None:
    ev = tmp_path / "results" / "eval"
    zeros = np.zeros(40)
    write_run(ev, "ja", "base", None, {"xcodah": _scores(0.4, 40), "niilc": zeros})
    for seed, (f, le) in enumerate([(0.40, 0.50), (0.42, 0.52)], 1):
        write_run(ev, "ja", "ft", seed, {"xcodah": _scores(f, 40), "niilc": zeros})
        write_run(ev, "ja", "leia", seed, {"xcodah": _scores(le, 40), "niilc": zeros})
    params = make_world(tmp_path / "unused", langs={}, methods={}, seeds=[1])
    params.update(languages=["ja"], methods=["ft", "leia"], seeds=[1, 2])
    params["evaluate"] = {"tasks": ["xcodah", "niilc"]}
    entries, _, out = _run_all(tmp_path, params)
    # zero variance: no t-test, so no p = 0.0 (or 1.0) beside a note
    niilc = entries["niilc/ja/leia"]
    assert niilc["p_vs_ft"] is None and niilc["p_vs_base"] is None and "zero variance" in niilc["note"]
    readme = (out / "README.md").read_text()
    assert "higher in 1 of 1 task/language pairs" in readme
    assert "Not counted: NIILC (ja): every model" in readme
    assert "| NIILC |" not in readme.split("## Missing runs")[0]
    assert "Every model scores 0 on NIILC (ja)" in (out / "tables" / "table3.md").read_text()
    config = readme.split("## Configuration")[1].split("## Verdict")[0]
    assert "models/ja/ft/seed1" not in config and len(config.strip().splitlines()) <= 5


def test_table9_shows_question_gold_and_both_choices(tmp_path: Path) -> None:
    params = make_world(tmp_path, langs={"ja": ["xcodah"]}, methods={"ft": 0.0, "leia": 0.3}, seeds=[1])
    _, _, out = _run_all(tmp_path, params)
    rows = _csv(out / "tables" / "table9.csv")
    assert rows and all(r["question"].startswith("ja question") for r in rows)
    for r in rows:
        assert r["leia_prediction"] == r["gold"] != r["ft_prediction"]
        assert r["question"] not in r["ft_prediction"] and r["ft_prediction"].startswith("choice ")
    md = (out / "tables" / "table9.md").read_text()
    assert "| Question | Gold | Base+FT's choice | LEIA's choice |" in md


def test_english_control_is_read_and_reported(tmp_path: Path) -> None:
    """evaluate.control: the base model's English run is a configured run (missing if absent), its
    scores land in stats.json as task/en/base, and the report states them as the ceiling."""
    params = make_world(tmp_path, langs={"ja": ["xcodah", "xcsqa"]}, methods=FT_LEIA, seeds=[1, 2])
    params["evaluate"]["control"] = ["en"]  # runs evaluate.tasks' xcodah and xcsqa, as ja
    _, missing = run_stats(params, tmp_path / "results" / "eval", tmp_path / "m.json", tmp_path / "s.csv")
    assert missing == ["en-base"]
    rng = np.random.default_rng(1)
    en = {t: (rng.random(50) < 0.9).astype(float) for t in ("xcodah", "xcsqa")}
    write_run(tmp_path / "results" / "eval", "en", "base", None, en)
    entries, missing, out = _run_all(tmp_path, params)
    assert missing == []
    for t in ("xcodah", "xcsqa"):
        assert entries[f"{t}/en/base"]["mean"] == pytest.approx(float(np.mean(en[t])))
    assert "en/leia" not in " ".join(entries)  # only the base model runs in a control language
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "English ceiling" in readme and f"{100 * np.mean(en['xcodah']):.1f}" in readme
