"""The DeepSpeed config we render is accepted by DeepSpeed's own config class, after transformers has
filled its "auto" values as the Trainer does. Runs on CPU: without torch.distributed set up,
DeepSpeedConfig takes a world size of 1."""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leia.train.config import DeepSpeed
from leia.train.deepspeed_config import render


@pytest.fixture
def hf_config(tmp_path: Path) -> Iterator[Any]:
    """Render, then let transformers fill "auto" from TrainingArguments and a model's hidden size."""
    from transformers import TrainingArguments
    from transformers.integrations.deepspeed import unset_hf_deepspeed_config

    def make(ds: DeepSpeed, bf16: bool) -> Any:
        args = TrainingArguments(
            output_dir=str(tmp_path), per_device_train_batch_size=2, gradient_accumulation_steps=4,
            learning_rate=1e-5, max_grad_norm=1.0, adam_epsilon=1e-6, weight_decay=0.0, bf16=bf16,
            use_cpu=True, report_to=[], max_steps=10, deepspeed=render(ds, bf16=bf16),
        )  # fmt: skip
        hf = args.hf_deepspeed_config
        model = types.SimpleNamespace(config=types.SimpleNamespace(hidden_size=64))
        hf.trainer_config_finalize(args, model, 10)
        return hf.config

    yield make
    # TrainingArguments registers the config globally (is_deepspeed_zero3_enabled): leave no trace.
    unset_hf_deepspeed_config()


@pytest.mark.parametrize(
    ("stage", "offload_optimizer", "offload_param", "bf16"),
    [(3, False, False, True), (3, True, True, True), (2, True, False, False), (2, False, False, True)],
)
def test_deepspeed_accepts_the_rendered_config(
    hf_config: Any, stage: int, offload_optimizer: bool, offload_param: bool, bf16: bool
) -> None:
    from deepspeed.runtime.config import DeepSpeedConfig

    ds = DeepSpeed(enabled=True, zero_stage=stage, offload_optimizer=offload_optimizer,
                   offload_param=offload_param)  # fmt: skip
    config = DeepSpeedConfig(hf_config(ds, bf16))
    assert config.world_size == 1
    assert config.zero_optimization_stage == stage
    assert config.bfloat16_config.enabled is bf16
    # 2 sequences per device x 4 accumulation steps x 1 process, from TrainingArguments.
    assert (config.train_micro_batch_size_per_gpu, config.gradient_accumulation_steps) == (2, 4)
    assert config.train_batch_size == 8
    assert config.gradient_clipping == 1.0
    zero = config.zero_config
    assert (zero.offload_optimizer is not None) is offload_optimizer
    assert (zero.offload_param is not None) is offload_param
    if stage == 3:  # the final save is one 16-bit HF checkpoint
        assert zero.gather_16bit_weights_on_model_save is True
    if offload_optimizer:  # CPU Adam with the TrainingArguments' hyper-parameters
        assert config.optimizer_name == "adamw"
        assert config.optimizer_params["eps"] == 1e-6 and config.optimizer_params["lr"] == 1e-5
    else:
        assert config.optimizer_name is None  # transformers' torch AdamW


def test_deepspeed_rejects_an_unknown_zero_key(hf_config: Any) -> None:
    """What makes the test above worth having: a misspelt ZeRO key fails here, not on the GPU machine."""
    from deepspeed.runtime.config import DeepSpeedConfig
    from pydantic import ValidationError

    ds = DeepSpeed(enabled=True, zero_stage=3, offload_optimizer=False, offload_param=False)
    config = hf_config(ds, True)
    config["zero_optimization"]["stage3_gather_16bit_weight_on_model_save"] = True  # "weight", not "weights"
    with pytest.raises(ValidationError, match="stage3_gather_16bit_weight_on_model_save"):
        DeepSpeedConfig(config)
