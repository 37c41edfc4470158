"""DeepSpeed config rendered from params; "auto" values are filled by transformers from TrainingArguments."""

from __future__ import annotations

from typing import Any

from leia.train.config import DeepSpeed


def render(ds: DeepSpeed, *, bf16: bool) -> dict[str, Any]:
    zero: dict[str, Any] = {"stage": ds.zero_stage, "overlap_comm": True, "contiguous_gradients": True}
    if ds.offload_optimizer:
        zero["offload_optimizer"] = {"device": "cpu", "pin_memory": True}
    if ds.offload_param:
        zero["offload_param"] = {"device": "cpu", "pin_memory": True}
    if ds.zero_stage == 3:
        zero.update(
            stage3_gather_16bit_weights_on_model_save=True,  # the final save is one 16-bit HF checkpoint
            stage3_prefetch_bucket_size="auto",
            stage3_param_persistence_threshold="auto",
            reduce_bucket_size="auto",
        )
    config: dict[str, Any] = {
        "zero_optimization": zero,
        "bf16": {"enabled": bf16},
        "gradient_accumulation_steps": "auto",
        "gradient_clipping": "auto",
        "train_micro_batch_size_per_gpu": "auto",
        "train_batch_size": "auto",
        "steps_per_print": 1_000_000,
        "wall_clock_breakdown": False,
    }
    if ds.offload_optimizer:
        # ZeRO-Offload needs DeepSpeed's CPU Adam (compiled once); without offload transformers' torch
        # AdamW is used, so nothing is compiled.
        config["optimizer"] = {
            "type": "AdamW",
            "params": {"lr": "auto", "betas": "auto", "eps": "auto", "weight_decay": "auto"},
        }
    return config
