"""Run ids round-trip for every language code the validator accepts, hyphenated ones included."""

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
