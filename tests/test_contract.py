"""The contract: run ids round-trip for every language code the validator accepts (hyphenated ones
included), and every task names a dataset each profile can read."""

from __future__ import annotations

import pytest

from leia.contract import LANG_CODE, parse_run_id, run_id


@pytest.mark.parametrize(
    ("rid", "parsed"),
    [
        ("zh-yue-leia-seed1", ("zh-yue", "leia", 1)),
        ("zh-min-nan-base", ("zh-min-nan", "base", None)),
        ("ja-leia-left-0.5-seed3", ("ja", "leia-left-0.5", 3)),
        ("sw-ft-seed2", ("sw", "ft", 2)),
        ("be-x-old-leia-namemask-seed10", ("be-x-old", "leia-namemask", 10)),
        ("en-base", ("en", "base", None)),
    ],
)
def test_parse_run_id_and_back(rid: str, parsed: tuple) -> None:
    assert parse_run_id(rid) == parsed
    assert LANG_CODE.match(parsed[0])
    assert run_id(*parsed) == rid


@pytest.mark.parametrize("bad", ["ja", "ja-leia", "JA-ft-seed1", "ja-other-seed1", "ja-ft-seed", "-ft-seed1"])
def test_not_a_run_id(bad: str) -> None:
    with pytest.raises(ValueError, match="not a run id"):
        parse_run_id(bad)


@pytest.mark.parametrize("profile", ["demo", "paper-llama2", "paper-swallow"])
def test_every_task_can_be_read_in_every_profile(profile: str) -> None:
    """Each task's dataset has a folder in evaluate.paths, a demo copy, and a how-to-get hint."""
    from pathlib import Path

    from leia.contract import TASKS
    from leia.evaluation.sources import DEMO_SUBDIR, HOW_TO_GET
    from leia.profiles import resolve

    paths = resolve(profile, Path(__file__).resolve().parents[1] / "profiles")["evaluate"]["paths"]
    datasets = {t.dataset for t in TASKS.values()}
    assert datasets <= set(paths) and datasets <= set(DEMO_SUBDIR) and datasets <= set(HOW_TO_GET)
    japanese_only = {k for k, t in TASKS.items() if t.languages == ("ja",)}
    assert japanese_only == {"jcommonsenseqa", "jaqket", "niilc", "jemhopqa"}  # paper §4, Table 3
    # X-CSR's 16 languages (Lin et al. 2021, Table 1): en, zh, de, es, fr, it, jap, nl, pl, pt, ru, ar, vi,
    # hi, sw, ur
    assert set(TASKS["xcodah"].languages) == set(TASKS["xcsqa"].languages) == {
        "en", "zh", "de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "ar", "vi", "hi", "sw", "ur"
    }  # fmt: skip
