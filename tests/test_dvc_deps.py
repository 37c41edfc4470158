"""dvc.yaml's deps are exact: code deps are the stage script's import closure, params deps only the
keys that can change a stage's outputs (scripts/sync_deps.py --write fixes the first two)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from leia.depgraph import code_dep_drift, import_closure, params_keys, stage_bodies, validate_params

ROOT = Path(__file__).resolve().parent.parent

# Keys that change speed, memory, logging or retries but not what a stage writes. Every other key of
# params.yaml must be a params dep of some stage, so a new key has to be placed on one side or the other.
NOT_RESULT_KEYS = {
    "train.save_steps",
    "train.logging_steps",
    "train.cpu_threads",
    "train.gradient_checkpointing",
    "train.launcher",
    "base_model.demo.cpu_threads",
    "extract.processes",  # wikiextractor writes pages in input order whatever the process count
    "sitelinks.processes",
    "sitelinks.decompressor",
    "entities.batch_articles",
    "tokenize.batch_size",
    "download.retries",
    "download.backoff_s",
    "download.timeout_s",
    "evaluate.batch_size",
    "slurm",  # where and with what resources jobs run, not what they compute
}


def _dvc() -> dict:
    return yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))


def _covers(dep: str, key: str) -> bool:
    """DVC compares a params dep's whole value: `train` covers `train.logging_steps`."""
    return key == dep or key.startswith(dep + ".")


def _leaves(d: dict, prefix: str = "") -> list[str]:
    out = []
    for k, v in d.items():
        key = prefix + str(k)
        out += _leaves(v, key + ".") if isinstance(v, dict) and v else [key]
    return out


def test_code_deps_are_each_stage_scripts_import_closure() -> None:
    drift = code_dep_drift(_dvc())
    assert not drift, f"run `python scripts/sync_deps.py --write`; differences: {drift}"


def test_validate_tracks_every_key_another_stage_depends_on() -> None:
    dvc = _dvc()
    assert params_keys(stage_bodies(dvc)["validate"]) == validate_params(dvc)


@pytest.fixture(scope="module")
def resolved_params() -> dict[str, list[str]]:
    """Each resolved stage (foreach/matrix expanded by DVC itself) -> its params.yaml keys."""
    from dvc.dependency.param import ParamsDependency
    from dvc.repo import Repo

    with Repo(str(ROOT)) as repo:
        return {
            st.addressing: [k for d in st.deps if isinstance(d, ParamsDependency) for k in d.params]
            for st in repo.index.stages
        }


@pytest.mark.parametrize(
    "key",
    ["train.logging_steps", "train.launcher.master_port", "train.save_steps", "train.cpu_threads"],
)
def test_a_key_that_cannot_change_results_leaves_every_stage_up_to_date(
    resolved_params: dict[str, list[str]], key: str
) -> None:
    assert any(s.startswith("train@") for s in resolved_params)
    hit = {s: [d for d in deps if _covers(d, key)] for s, deps in resolved_params.items()}
    assert not {s: d for s, d in hit.items() if d}, f"changing {key} would make these stages rerun"


def test_training_depends_on_what_changes_the_model(resolved_params: dict[str, list[str]]) -> None:
    train = next(deps for s, deps in resolved_params.items() if s.startswith("train@"))
    for key in ("train.lr", "train.token_budget", "train.deepspeed.zero_stage", "train.adam_epsilon"):
        assert any(_covers(d, key) for d in train), key


def test_every_params_key_is_a_dependency_or_known_not_to_change_results() -> None:
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    deps = {k for body in stage_bodies(_dvc()).values() for k in params_keys(body)}
    unplaced = [
        k
        for k in _leaves(params)
        if not any(_covers(d, k) for d in deps) and not any(_covers(n, k) for n in NOT_RESULT_KEYS)
    ]
    assert not unplaced, f"make {unplaced} a params dep of the stage they affect, or add to NOT_RESULT_KEYS"
    stale = [n for n in NOT_RESULT_KEYS if any(_covers(d, n) or _covers(n, d) for d in deps)]
    assert not stale, f"listed as not changing results yet a params dep: {stale}"


def test_import_closure_follows_lazy_relative_and_package_imports(tmp_path: Path) -> None:
    for rel, text in {
        "leia/__init__.py": "",
        "leia/sub/__init__.py": "",
        "leia/sub/a.py": "from . import b\n",
        "leia/sub/b.py": "def f():\n    from leia.sub.c import x\n    import json\n",
        "leia/sub/c.py": "x = 1\n",
        "leia/sub/unused.py": "",
        "stages/s.py": "from leia.sub import a\nimport os\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert import_closure("stages/s.py", tmp_path) == [
        "leia/__init__.py",
        "leia/sub/__init__.py",
        "leia/sub/a.py",
        "leia/sub/b.py",
        "leia/sub/c.py",
        "stages/s.py",
    ]


def test_no_param_is_named_like_a_field_dvc_drops_from_its_run_cache_key() -> None:
    """DVC 3.67 computes the run-cache key with `dict_sha256(..., exclude=[Meta.PARAM_SIZE,
    Meta.PARAM_NFILES])` (dvc/stage/cache.py), which drops every mapping key named `size` or `nfiles`,
    params included: changing `demo_world.size` reran nothing and restored the old world."""
    from dvc_data.hashfile.meta import Meta

    from leia.profiles import available, resolve

    for name in available(ROOT / "profiles"):
        clashing = [k for k in _leaves(resolve(name, ROOT / "profiles"))
                    if k.rsplit(".", 1)[-1] in (Meta.PARAM_SIZE, Meta.PARAM_NFILES)]  # fmt: skip
        assert clashing == [], (name, clashing)
