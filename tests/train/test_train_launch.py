"""Launcher commands, the rendered DeepSpeed config, and the two benchmarks at a smoke size."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from train_world import params

from leia.train.config import read
from leia.train.deepspeed_config import render
from leia.train.launch import command

REPO = Path(__file__).resolve().parents[2]


def _cfg(**over):
    return read(params(**over), lang="ja", method="leia", seed=1)


def test_torchrun_command_carries_the_launcher_params() -> None:
    cfg = _cfg(train__launcher__kind="torchrun", train__launcher__nproc_per_node=8, train__launcher__nnodes=2)
    cmd = command(cfg.launcher, ["--lang", "ja"])
    assert cmd[:3] == [sys.executable, "-m", "torch.distributed.run"]
    assert "--nproc_per_node=8" in cmd and "--nnodes=2" in cmd and "--master_port=29531" in cmd
    assert cmd[-4:] == ["-m", "leia.train.main", "--lang", "ja"]


def test_deepspeed_command_with_hostfile() -> None:
    cfg = _cfg(train__launcher__kind="deepspeed", train__launcher__hostfile="hosts.txt")
    cmd = command(cfg.launcher, ["--seed", "2"])
    assert cmd[1:3] == ["-m", "deepspeed.launcher.runner"]
    assert cmd[cmd.index("--hostfile") + 1] == "hosts.txt" and "--num_gpus=1" in cmd
    assert cmd[-4:] == ["--module", "leia.train.main", "--seed", "2"]


def test_zero3_config_rendered_from_params() -> None:
    cfg = _cfg(
        train__deepspeed__enabled=True,
        train__launcher__kind="torchrun",
        train__deepspeed__offload_optimizer=True,
    )
    ds = render(cfg.deepspeed, bf16=True)
    z = ds["zero_optimization"]
    assert z["stage"] == 3 and z["stage3_gather_16bit_weights_on_model_save"] is True
    assert z["offload_optimizer"]["device"] == "cpu" and "offload_param" not in z
    assert ds["bf16"] == {"enabled": True} and ds["optimizer"]["type"] == "AdamW"
    assert "optimizer" not in render(_cfg().deepspeed, bf16=False)  # torch AdamW: nothing to compile


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_collate_bench_smoke(capsys) -> None:
    bench = _load("collate")
    from leia.train.data import Corpus
    from leia.train.methods import resolve

    corpus = Corpus.from_table(bench.corpus_table(50, 200))
    tps, n = bench.measure(
        corpus, resolve("leia-namemask", params()), max_length=256, micro_batch=2, seconds=0.2
    )
    assert n > 0 and tps > 0


def test_gpu_bench_cpu_smoke() -> None:
    out = _load("gpu_train").main(["--cpu-smoke", "--steps", "3"])
    assert len(out["log"]) == 3 and out["tokens_per_s"] > 0


def test_deepspeed_parses_the_rendered_config_once_transformers_fills_auto(tmp_path: Path) -> None:
    """The path a ZeRO-3 run takes, up to DeepSpeed's own parser (no GPU, no process group)."""
    from types import SimpleNamespace

    from deepspeed.runtime.config import DeepSpeedConfig
    from transformers import TrainingArguments
    from transformers.integrations.deepspeed import HfTrainerDeepSpeedConfig

    cfg = _cfg(
        train__deepspeed__enabled=True,
        train__launcher__kind="torchrun",
        train__deepspeed__offload_optimizer=True,
        train__deepspeed__offload_param=True,
    )
    args = TrainingArguments(
        output_dir=str(tmp_path),
        per_device_train_batch_size=cfg.micro_batch_size,
        gradient_accumulation_steps=4,
        bf16=True,
        use_cpu=True,
        learning_rate=cfg.lr,
        adam_epsilon=cfg.adam_epsilon,
        weight_decay=cfg.weight_decay,
        max_grad_norm=cfg.max_grad_norm,
        report_to=[],
    )
    hf = HfTrainerDeepSpeedConfig(render(cfg.deepspeed, bf16=True))
    hf.trainer_config_process(args)  # raises if a rendered value contradicts TrainingArguments
    hf.trainer_config_finalize(args, SimpleNamespace(config=SimpleNamespace(hidden_size=128)), 50)
    parsed = DeepSpeedConfig(hf.config)  # raises on an unknown or ill-typed key
    assert parsed.zero_optimization_stage == 3
    assert parsed.train_micro_batch_size_per_gpu == cfg.micro_batch_size
    assert parsed.train_batch_size == cfg.micro_batch_size * 4  # world size 1 here
    assert parsed.gradient_clipping == cfg.max_grad_norm
    assert parsed.optimizer_name == "adamw" and parsed.optimizer_params["eps"] == cfg.adam_epsilon
    assert parsed.zero_config.offload_optimizer.device == "cpu"
    assert parsed.zero_config.offload_param.device == "cpu"
