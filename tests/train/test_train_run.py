"""Training runs on the tiny world: loss falls, seeds repeat, special rows start at the mean, resume."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import torch
import yaml
from train_world import augment_fn, params

from leia.train.config import read
from leia.train.trainer import plan, prepare_checkpoints, train


def run(p: dict, method: str = "leia", seed: int = 1, **kw) -> dict:
    cfg = read(p, lang="ja", method=method, seed=seed)
    corpus, sched = plan(cfg)
    prepare_checkpoints(cfg, sched)
    return train(cfg, corpus, sched, augment_fn=augment_fn(), **kw)


def losses(summary: dict) -> list[float]:
    return [row["loss"] for row in summary["log"]]


def test_loss_falls_and_outputs_are_written(run_dir: Path) -> None:
    s = run(params())
    got = losses(s)
    assert s["schedule"]["steps"] == len(got) >= 5
    assert got[-1] < got[0] - 0.1
    out = run_dir / "models/ja/leia/seed1"
    assert (out / "model.safetensors").exists() and (out / "tokenizer.json").exists()
    assert json.loads((out / "leia_run.json").read_text())["method"]["strategy"] == "right"
    assert (run_dir / "dvclive/ja-leia-seed1/plots/metrics/train/loss.tsv").exists()
    assert not list(run_dir.rglob("dvc.yaml")), "the logger must not write a dvc.yaml"
    assert not (run_dir / "checkpoints/ja/leia/seed1").exists(), "finished runs leave no checkpoints"


def test_same_seed_same_first_losses(run_dir: Path) -> None:
    a, b, c = (losses(run(params(), seed=s))[:3] for s in (1, 1, 2))
    assert a == b
    assert a != c


def test_special_rows_are_the_mean_at_step_zero(world: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    from leia.train.special_tokens import add_translate_tokens

    for tied in (False, True):
        tok = AutoTokenizer.from_pretrained(world / "models/base")
        model = AutoModelForCausalLM.from_pretrained(world / "models/base")
        if tied:
            model = LlamaForCausalLM(
                model.config.__class__(**{**model.config.to_dict(), "tie_word_embeddings": True})
            )
            assert model.get_output_embeddings().weight is model.get_input_embeddings().weight
        n = len(tok)
        before_in = model.get_input_embeddings().weight[:n].detach().clone()
        before_out = model.get_output_embeddings().weight[:n].detach().clone()
        o, c = add_translate_tokens(model, tok)
        assert (o, c) == (n, n + 1) and tok.convert_ids_to_tokens([o, c]) == ["<translate>", "</translate>"]
        for w, before in ((model.get_input_embeddings().weight, before_in),
                          (model.get_output_embeddings().weight, before_out)):  # fmt: skip
            assert w.shape[0] == n + 2
            assert torch.allclose(w[:n], before)
            assert torch.allclose(w[o], before.mean(0), atol=1e-6) and torch.allclose(w[c], w[o])
        assert tok("<translate>x</translate>", add_special_tokens=False)["input_ids"][0] == o


class Kill:
    """Simulates a kill right after step `at` was logged (the checkpoint of step at-1 is on disk)."""

    def __init__(self, at: int) -> None:
        self.at = at

    def __getattr__(self, name):  # every other TrainerCallback event: do nothing
        return lambda *a, **k: None

    def on_log(self, args, state, control, **kw):
        if state.global_step == self.at:
            raise KeyboardInterrupt("killed")


def test_rerun_after_kill_resumes_from_last_checkpoint(run_dir: Path, tmp_path_factory) -> None:
    p = params(train__save_steps=2)
    with pytest.raises(KeyboardInterrupt):
        run(p, callbacks=[Kill(5)])
    ck = run_dir / "checkpoints/ja/leia/seed1"
    assert (ck / "checkpoint-4").is_dir() and not (run_dir / "models/ja/leia/seed1").exists()
    resumed = run(p)
    assert resumed["resumed_from"].endswith("checkpoint-4")
    rows = (run_dir / "dvclive/ja-leia-seed1/plots/metrics/train/loss.tsv").read_text().splitlines()[1:]
    assert [int(r.split("\t")[0]) for r in rows] == list(range(1, resumed["steps_run"] + 1))
    shutil.rmtree(run_dir / "dvclive")
    full = run(p)
    assert full["resumed_from"] is None
    tail = losses(full)[4:]
    assert losses(resumed) == pytest.approx(tail, rel=1e-5)


def test_checkpoints_of_other_params_are_not_resumed(run_dir: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        run(params(train__save_steps=2), callbacks=[Kill(3)])
    s = run(params(train__save_steps=2, train__lr=1.0e-3))
    assert s["resumed_from"] is None


def test_stage_entry_point_trains_ft(run_dir: Path) -> None:
    from leia.train.main import main

    (run_dir / "params.yaml").write_text(yaml.safe_dump(params()))
    main(["--lang", "ja", "--method", "ft", "--seed", "1"])
    run_info = json.loads((run_dir / "models/ja/ft/seed1/leia_run.json").read_text())
    assert run_info["method"]["strategy"] == "none"


def test_base_model_from_a_local_path(world: Path, run_dir: Path) -> None:
    from transformers import AutoModelForCausalLM

    from leia.train.base_model import run as base

    source = base(params(base_model__name_or_path=str(world / "models/base")), out=Path("models/copy"))
    assert source["name_or_path"] == str(world / "models/base")
    m = AutoModelForCausalLM.from_pretrained("models/copy")
    ref = AutoModelForCausalLM.from_pretrained(world / "models/base")
    assert torch.equal(m.get_input_embeddings().weight, ref.get_input_embeddings().weight)


def test_base_model_demo_pretraining_learned(world: Path) -> None:
    info = json.loads((world / "models/base/leia_source.json").read_text())
    assert info["name_or_path"] == "demo"
    assert info["pretrain"]["final_loss"] < info["pretrain"]["first_loss"] - 0.5


@pytest.mark.e2e
def test_deepspeed_zero3_two_processes(run_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """torchrun --nproc_per_node 2 (gloo, CPU) + ZeRO-3 for a few steps; the gathered model reloads."""
    import socket

    from transformers import AutoModelForCausalLM

    from leia.train.main import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    repo = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("TORCH_EXTENSIONS_DIR", str(repo / ".cache/torch_extensions"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    method = "leia"
    p = params(
        train__launcher__kind="torchrun",
        train__launcher__nproc_per_node=2,
        train__launcher__master_port=port,
        train__deepspeed__enabled=True,
        train__token_budget=1024,
    )
    (run_dir / "params.yaml").write_text(yaml.safe_dump(p))
    main(["--lang", "ja", "--method", method, "--seed", "1"])
    out = run_dir / f"models/ja/{method}/seed1"
    info = json.loads((out / "leia_run.json").read_text())
    assert info["world_size"] == 2 and info["schedule"]["grad_accum"] == 1
    model = AutoModelForCausalLM.from_pretrained(out)
    assert model.get_input_embeddings().weight.shape[0] == info["special_token_ids"][1] + 1
    assert os.path.exists(run_dir / f"dvclive/ja-{method}-seed1/metrics.json")
