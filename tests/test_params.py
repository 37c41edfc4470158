from pathlib import Path

import pytest

from leia.errors import InputError, ParamError
from leia.params import get, get_choice, get_float, get_int, load_params

P = {"train": {"lr": 5e-6, "steps": 3, "flag": True}, "strategy": "right"}


def test_get_dotted_and_missing() -> None:
    assert get(P, "train.lr") == 5e-6
    assert get(P, "train.nope", 7) == 7
    with pytest.raises(ParamError, match="'train.nope'"):
        get(P, "train.nope")


def test_typed_getters_name_the_key() -> None:
    with pytest.raises(ParamError, match="'strategy'.*left, right"):
        get_choice({"strategy": "middle"}, "strategy", ["left", "right"])
    with pytest.raises(ParamError, match=r"'p_skip'.*\[0.0, 1.0\]"):
        get_float({"p_skip": 1.5}, "p_skip", min=0.0, max=1.0)
    with pytest.raises(ParamError, match="'train.flag'.*integer"):
        get_int(P, "train.flag")
    assert get_int(P, "train.steps", min=1) == 3


def test_load_params_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such params file"):
        load_params(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\nb: 3\n")
    with pytest.raises(InputError, match="not valid YAML at line"):
        load_params(bad)
