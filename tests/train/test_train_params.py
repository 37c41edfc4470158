"""Methods, schedule and parameter refusals (all before any model is loaded)."""

from __future__ import annotations

import pytest
from train_world import REPO, params

from leia.errors import ParamError
from leia.train import trainer
from leia.train.config import check_attn, read
from leia.train.main import main
from leia.train.methods import resolve
from leia.train.schedule import derive


def test_methods_resolve() -> None:
    p = params()
    assert resolve("ft", p).inserts is False
    leia = resolve("leia", p)
    assert (leia.strategy, leia.p_skip, leia.mask_name_loss) == ("right", 0.5, False)
    assert resolve("leia-namemask", p).mask_name_loss is True
    abl = resolve("leia-replace-0.0", p)
    assert (abl.strategy, abl.p_skip) == ("replace", 0.0)


@pytest.mark.parametrize(
    ("over", "method", "key"),
    [
        ({"strategy": "middle"}, "leia", "strategy"),
        ({"p_skip": 1.5}, "leia", "p_skip"),
        ({"p_skip": -0.1}, "ft", "p_skip"),
        ({}, "leia-up-0.5", "methods"),
        ({"train__launcher__kind": "slurm"}, "ft", "train.launcher.kind"),
        ({"train__deepspeed__enabled": True}, "ft", "train.deepspeed.enabled"),
        ({"train__max_length": "long"}, "ft", "train.max_length"),
        ({"train__adam_epsilon": 0.0}, "leia", "train.adam_epsilon"),
        ({"train__adam_epsilon": "1e-6"}, "ft", "train.adam_epsilon"),  # YAML reads 1e-6 as a string
    ],
)
def test_bad_params_name_the_key(over: dict, method: str, key: str) -> None:
    with pytest.raises(ParamError) as e:
        read(params(**over), lang="ja", method=method, seed=1)
    assert e.value.key == key
    assert key in str(e.value)


def test_steps_match_the_paper() -> None:
    kw = dict(global_batch_tokens=2048 * 2048, max_length=2048, micro_batch_size=4, world_size=8)
    big = derive(token_budget=50 * 2048 * 2048, corpus_tokens=10**9, **kw)
    assert (big.steps, big.grad_accum, big.sequences_per_step) == (50, 64, 2048)
    sw = derive(token_budget=50 * 2048 * 2048, corpus_tokens=83_000_000, **kw)
    assert sw.steps == 20


def test_batch_that_does_not_divide_is_refused() -> None:
    with pytest.raises(ParamError, match="train.global_batch_tokens") as e:
        derive(
            global_batch_tokens=4096, max_length=256, micro_batch_size=3, world_size=1, token_budget=1,
            corpus_tokens=1,
        )  # fmt: skip
    assert "256 x 3 x 1" in str(e.value)


def test_adam_epsilon_is_the_originals() -> None:
    """studio-ousia/leia@7c1eac8 train.sh passes --adam_epsilon 1e-6: every profile, and the default."""
    from leia.params import load_params
    from leia.profiles import resolve
    from leia.train.config import ADAM_EPSILON

    assert ADAM_EPSILON == 1e-6
    assert "adam_epsilon" not in params()["train"]
    assert read(params(), lang="ja", method="ft", seed=1).adam_epsilon == 1e-6
    assert read(params(train__adam_epsilon=1e-8), lang="ja", method="ft", seed=1).adam_epsilon == 1e-8
    assert load_params(REPO / "params.yaml")["train"]["adam_epsilon"] == 1e-6
    for name in ("demo", "paper-llama2", "paper-swallow"):
        assert resolve(name, REPO / "profiles")["train"]["adam_epsilon"] == 1e-6, name


def test_every_method_of_a_language_trains_the_same_steps(run_dir) -> None:
    """Steps come from the target-language corpus alone: LEIA's insertions add tokens, not steps
    (paper §3: 50 steps, Swahili 20, for every method). A budget above the corpus makes the corpus the
    limit, where inserted tokens used to add steps."""
    methods = ("ft", "leia", "leia-namemask", "leia-right-0.0", "leia-left-0.5", "leia-replace-0.0")
    for budget in (10**9, 1024):
        p = params(train__token_budget=budget, train__epochs=1)
        scheds = {m: trainer.plan(read(p, lang="ja", method=m, seed=1))[1] for m in methods}
        assert len(set(scheds.values())) == 1, scheds
    corpus, sched = trainer.plan(read(params(train__token_budget=10**9, train__epochs=2), lang="ja",
                                      method="leia", seed=1))  # fmt: skip
    assert sched.train_tokens == 2 * (corpus.n_tokens + corpus.n_articles)


def test_flash_attention_missing_is_a_clear_error() -> None:
    pytest.importorskip("torch")
    try:
        import flash_attn  # noqa: F401

        pytest.skip("flash_attn is installed here")
    except ImportError:
        pass
    with pytest.raises(ParamError, match="train.attn_implementation"):
        check_attn("flash_attention_2")


@pytest.mark.parametrize(
    ("over", "key"),
    [({"p_skip": 2.0}, "p_skip"), ({"train__micro_batch_size": 3}, "train.global_batch_tokens")],
)
def test_stage_refuses_before_loading_a_model(run_dir, monkeypatch, over: dict, key: str) -> None:
    import yaml

    (run_dir / "params.yaml").write_text(yaml.safe_dump(params(**over)))

    def boom(*a, **k):
        raise AssertionError("a model was loaded despite bad parameters")

    monkeypatch.setattr(trainer, "train", boom)
    monkeypatch.setattr("transformers.AutoModelForCausalLM.from_pretrained", boom)
    with pytest.raises(ParamError) as e:
        main(["--lang", "ja", "--method", "leia", "--seed", "1"])
    assert e.value.key == key


def test_method_specs_change_only_for_methods_that_read_the_changed_key() -> None:
    from leia.train.methods import method_specs

    base = {"strategy": "right", "p_skip": 0.5, "mask_name_loss": False,
            "methods": ["ft", "leia", "leia-left-0.0", "leia-namemask"]}  # fmt: skip
    before = method_specs(base)
    after = method_specs({**base, "strategy": "left"})
    assert before["ft"] == after["ft"] and before["leia-left-0.0"] == after["leia-left-0.0"]
    assert after["leia"]["strategy"] == "left" and after["leia-namemask"]["strategy"] == "left"
    assert before["leia"] == {"name": "leia", "strategy": "right", "p_skip": 0.5, "mask_name_loss": False}


def test_pinned_steps_per_language() -> None:
    from leia.train.config import optimizer, pinned_steps

    p = {"train": {"max_steps": {"ja": 50, "sw": 20}}}
    assert (pinned_steps(p, "ja"), pinned_steps(p, "sw")) == (50, 20)
    assert pinned_steps({"train": {"max_steps": None}}, "ja") is None
    with pytest.raises(ParamError, match="train.max_steps': has no entry for 'ar'"):
        pinned_steps(p, "ar")
    with pytest.raises(ParamError, match=r"train.max_steps.ja"):
        pinned_steps({"train": {"max_steps": {"ja": 0}}}, "ja")
    kw = dict(global_batch_tokens=2048 * 2048, max_length=2048, micro_batch_size=1, world_size=8)
    sw = derive(token_budget=50 * 2048 * 2048, corpus_tokens=10**6, steps=20, **kw)
    assert (sw.steps, sw.grad_accum) == (20, 256)  # the original's 1 x 256 x 8 GPUs
    assert (
        optimizer("auto", cuda=True) == "adamw_torch_fused" and optimizer("auto", cuda=False) == "adamw_torch"
    )
    assert optimizer("adamw_torch", cuda=True) == "adamw_torch"
