"""The checked-in profiles validate and resolve without running anything (the paper's included)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leia.errors import ParamError
from leia.params import load_params
from leia.profiles import available, render, resolve
from leia.validate import validate_params

ROOT = Path(__file__).resolve().parents[1]
PROFILES = available(ROOT / "profiles")


def test_profiles_exist() -> None:
    assert set(PROFILES) >= {"demo", "paper-llama2", "paper-swallow"}


def test_params_yaml_is_the_demo_profile() -> None:
    assert (ROOT / "params.yaml").read_bytes() == (ROOT / "profiles" / "demo.yaml").read_bytes()


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_validates(profile: str) -> None:
    validate_params(resolve(profile, ROOT / "profiles"), source=f"profiles/{profile}.yaml")


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        (("strategy",), "middle", "'strategy'"),
        (("p_skip",), 1.5, "'p_skip'"),
        (("methods",), ["ft", "leia-sideways-0.5"], "'methods'"),
        (("train", "global_batch_tokens"), 1000, "train.global_batch_tokens"),
        (("languages",), ["ja", "Japanese"], "'languages'"),
        (("languages",), ["xx"], "parameter 'languages': unknown language code 'xx'"),
        (("languages",), ["ja", "ar", "xx"], "parameter 'languages': unknown language code 'xx'"),
        (("languages",), ["ja", "ja"], "'languages': lists a language twice"),
        # no benchmark exists in Korean: its evaluation would have nothing to run
        (("languages",), ["ja", "ko"], "'languages': lists 'ko', which none of evaluate.tasks"),
        (("evaluate", "tasks"), ["nosuchtask"], "'evaluate.tasks': unknown task"),
        (("evaluate", "tasks"), ["xcodah", "mmlu"], "'evaluate.tasks': unknown task.*mmlu"),
        (("evaluate", "tasks"), {"ja": ["xcodah"]}, "'evaluate.tasks': is \\{"),
        (("evaluate", "tasks"), ["niilc"], "'languages': lists 'sw', which none of evaluate.tasks"),
        (("base_model", "pretrain_wikis"), [], "'base_model.pretrain_wikis': is \\[\\] but"),
        (
            ("base_model", "name_or_path"),
            "meta-llama/Llama-2-7b-hf",
            "'base_model.pretrain_wikis': is \\['en'\\]",
        ),
        (("sources", "remote"), {"w": "https://dumps.wikimedia.org"}, "'sources'"),
        (("evaluate", "control"), ["ja"], "'evaluate.control': lists 'ja', a target language"),
        (("evaluate", "control"), ["en", "ko"], "'evaluate.control': lists 'ko', which none of"),
    ],
)
def test_bad_values_are_named(key: tuple[str, ...], value: object, named: str) -> None:
    params = copy.deepcopy(resolve("demo", ROOT / "profiles"))
    node = params
    for k in key[:-1]:
        node = node[k]
    node[key[-1]] = value
    with pytest.raises(ParamError, match=named):
        validate_params(params)


@pytest.mark.parametrize("profile", PROFILES)
def test_dag_resolves(profile: str, tmp_path: Path) -> None:
    """`dvc stage list` over the profile: every matrix/foreach and ${...} resolves."""
    for rel in ("dvc.yaml", ".dvc/config"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((ROOT / rel).read_bytes())
    (tmp_path / "params.yaml").write_text(render(profile, ROOT / "profiles"), encoding="utf-8")
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_SITE_CACHE_DIR=str(tmp_path / ".cache"))
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    dvc = Path(sys.executable).parent / "dvc"
    proc = subprocess.run(
        [str(dvc), "stage", "list", "--all"], cwd=tmp_path, env=env, text=True, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    names = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    params = load_params(tmp_path / "params.yaml")
    n_train = len(params["languages"]) * len(params["methods"]) * len(params["seeds"])
    assert sum(n.startswith("train@") for n in names) == n_train
    assert sum(n.startswith("evaluate@") for n in names) == n_train
    assert ("demo_world@demo" in names) == bool(params["sources"]["local"])
    assert {"sitelinks", "stats", "report", "base_model", "eval_data"} <= names


def test_paper_deepspeed_config_renders() -> None:
    from leia.train.config import read
    from leia.train.deepspeed_config import render

    params = resolve("paper-llama2", ROOT / "profiles")
    cfg = read(params, lang="ja", method="leia", seed=1)
    ds = render(cfg.deepspeed, bf16=cfg.bf16)
    assert ds["zero_optimization"]["stage"] == 3
    assert ds["bf16"]["enabled"] is True
    assert ds["zero_optimization"]["stage3_gather_16bit_weights_on_model_save"] is True
    json.dumps(ds)  # what DeepSpeed reads


@pytest.mark.parametrize(
    ("source", "date", "wikidata_date", "named"),
    [
        ("sql", "20231001", "20231001", None),
        ("json", "20231001", "20231002", None),  # the weekly JSON entity dump of Monday 2023-10-02
        ("sql", "20231001", "20231002", "'dump.wikidata_date'.*wb_items_per_site.*use e.g. 20231001"),
        ("json", "20231001", "20231001", "'dump.wikidata_date'.*a Sunday.*use e.g. 20230925"),
        ("sql", "20231005", "20231001", "'dump.date'.*1st and the 20th"),
        ("sql", "20231020", "20231020", None),
    ],
)
def test_paper_dates_are_publication_dates(
    source: str, date: str, wikidata_date: str, named: str | None
) -> None:
    """Real mirrors hold files only for the dump runs (1st, 20th) and the Monday JSON dumps."""
    params = copy.deepcopy(resolve("paper-swallow", ROOT / "profiles"))
    params["sitelinks"]["source"] = source
    params["dump"].update(date=date, wikidata_date=wikidata_date)
    if named is None:
        validate_params(params)
    else:
        with pytest.raises(ParamError, match=named):
            validate_params(params)


def test_demo_world_takes_any_date() -> None:
    params = copy.deepcopy(resolve("demo", ROOT / "profiles"))
    params["dump"].update(date="20231005", wikidata_date="20231003")
    validate_params(params)  # the demo world writes its files for whatever dates it is given
