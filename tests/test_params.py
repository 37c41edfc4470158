from pathlib import Path

import pytest

from leia.errors import ArgumentError, InputError, ParamError
from leia.params import get, get_choice, get_float, get_int, load_params, param_keys

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


def test_param_keys_names_the_key_a_library_argument_came_from() -> None:
    with pytest.raises(ParamError) as e, param_keys({"p_skip": "methods.leia.p_skip"}):
        raise ArgumentError("p_skip", "must be in [0, 1], got 2", "e.g. 0.5")
    assert str(e.value) == "parameter 'methods.leia.p_skip': must be in [0, 1], got 2 (e.g. 0.5)"
    assert e.value.key == "methods.leia.p_skip"
    with pytest.raises(ArgumentError, match="^size must"), param_keys({"p_skip": "p_skip"}):
        raise ArgumentError("size", "must be >= 20")  # not the caller's to rename
