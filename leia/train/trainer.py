"""One training run: model + tokens, the packed on-the-fly dataset, transformers' Trainer, the final save.

The Trainer brings what a lean loop would have to re-implement: DeepSpeed ZeRO (and its 16-bit save),
gradient accumulation, DDP, bf16 autocast, gradient checkpointing and resume from checkpoints.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from leia import hf_tokenizer
from leia.errors import Preempted
from leia.io import atomic_path, write_json
from leia.train.config import TrainConfig, check_attn, optimizer
from leia.train.data import AugmentFn, Collator, Corpus, corpus_tokens, make_dataset
from leia.train.schedule import Schedule, derive

FINGERPRINT = "leia_fingerprint.json"


def plan(cfg: TrainConfig, world_size: int | None = None) -> tuple[Corpus, Schedule]:
    """Everything that can fail on parameters or inputs, before any model is loaded."""
    check_attn(cfg.attn_implementation)
    corpus = Corpus.read(cfg.tokenized)
    sched = derive(
        global_batch_tokens=cfg.global_batch_tokens,
        max_length=cfg.max_length,
        micro_batch_size=cfg.micro_batch_size,
        world_size=world_size or cfg.launcher.world_size,
        token_budget=cfg.token_budget,
        corpus_tokens=cfg.epochs * corpus_tokens(corpus),  # the same for every method
        steps=cfg.max_steps,
    )
    return corpus, sched


def fingerprint(cfg: TrainConfig, sched: Schedule) -> str:
    """Checkpoints are reused only by the same run: same params, schedule and inputs' sizes."""
    d = asdict(cfg)
    d.pop("launcher")
    blob = json.dumps({"cfg": d, "sched": asdict(sched)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def prepare_checkpoints(cfg: TrainConfig, sched: Schedule) -> None:
    """Drop checkpoints written by a different configuration (they would be resumed otherwise)."""
    fp = fingerprint(cfg, sched)
    marker = cfg.checkpoints / FINGERPRINT
    if cfg.checkpoints.exists():
        old = json.loads(marker.read_text())["fingerprint"] if marker.exists() else None
        if old != fp:
            shutil.rmtree(cfg.checkpoints)
    cfg.checkpoints.mkdir(parents=True, exist_ok=True)
    write_json(marker, {"fingerprint": fp, "run": cfg.run_id})


def _last_checkpoint(folder: Path) -> str | None:
    from transformers.trainer_utils import get_last_checkpoint

    return get_last_checkpoint(str(folder)) if folder.is_dir() else None


def set_cpu_threads(n: int, cuda: bool) -> None:
    """On CPU, small models run fastest on few threads: idle OpenMP threads spin and, on a shared
    machine, one thread was ~20x faster than two here. 0 keeps PyTorch's default (all cores)."""
    import torch

    if n and not cuda:
        torch.set_num_threads(n)


def _checkpointing_kwargs(args_cls: Any, on: bool) -> dict[str, Any]:
    """transformers 5 renamed gradient_checkpointing to activation_checkpointing; accept both."""
    name = "activation" if "activation_checkpointing" in args_cls.__dataclass_fields__ else "gradient"
    kwargs = {"use_reentrant": False} if on else None
    return {f"{name}_checkpointing": on, f"{name}_checkpointing_kwargs": kwargs}


def save_tokenizer(tok: Any, base_model: Path, out: Path) -> None:
    """The trained run's tokenizer (with <translate> tokens), and the base model's SentencePiece model
    beside it, so that every later load of the run (leia.hf_tokenizer.load) is checked against it."""
    tok.save_pretrained(out)
    sp_model = Path(base_model) / hf_tokenizer.SP_MODEL
    if sp_model.is_file():
        shutil.copyfile(sp_model, out / hf_tokenizer.SP_MODEL)


def train(
    cfg: TrainConfig,
    corpus: Corpus,
    sched: Schedule,
    *,
    augment_fn: AugmentFn | None = None,
    max_steps: int | None = None,
    callbacks: list[Any] | None = None,
    dvclive: bool = True,
) -> dict[str, Any]:
    """Run (or resume) the training and write cfg.out; returns a summary (losses per step, schedule) and,
    under "timing", the throughput per logged step (wall-clock, kept out of every written file)."""
    import torch
    from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

    from leia.train.deepspeed_config import render
    from leia.train.live import LiveLogger, flops_per_token
    from leia.train.special_tokens import add_translate_tokens
    from leia.train.stop import StopOnRequest

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world != cfg.launcher.world_size:  # a hand-started torchrun: the accumulation follows the real size
        sched = derive(
            global_batch_tokens=cfg.global_batch_tokens,
            max_length=cfg.max_length,
            micro_batch_size=cfg.micro_batch_size,
            world_size=world,
            token_budget=cfg.token_budget,
            corpus_tokens=sched.train_tokens,
            steps=cfg.max_steps,
        )
    cuda = torch.cuda.is_available()
    set_cpu_threads(cfg.cpu_threads, cuda)
    # TrainingArguments first: with ZeRO-3 it makes from_pretrained load the weights already partitioned.
    args = TrainingArguments(
        output_dir=str(cfg.checkpoints),
        max_steps=max_steps or sched.steps,
        per_device_train_batch_size=cfg.micro_batch_size,
        gradient_accumulation_steps=sched.grad_accum,
        learning_rate=cfg.lr,
        lr_scheduler_type=cfg.lr_schedule,
        warmup_steps=cfg.warmup_steps,
        adam_beta1=cfg.adam_beta1,
        adam_beta2=cfg.adam_beta2,
        adam_epsilon=cfg.adam_epsilon,
        weight_decay=cfg.weight_decay,
        max_grad_norm=cfg.max_grad_norm,
        optim=optimizer(cfg.optim, cuda),
        bf16=cfg.bf16,
        **_checkpointing_kwargs(TrainingArguments, cfg.gradient_checkpointing),
        logging_steps=cfg.logging_steps,
        save_strategy="steps" if cfg.save_steps else "no",
        save_steps=cfg.save_steps or 500,
        save_total_limit=1,
        seed=cfg.seed,
        data_seed=cfg.seed,
        report_to=[],
        dataloader_num_workers=0,
        remove_unused_columns=False,
        deepspeed=render(cfg.deepspeed, bf16=cfg.bf16) if cfg.deepspeed.enabled else None,
        use_cpu=not cuda,
        disable_tqdm=not os.isatty(2),
        ddp_find_unused_parameters=False,
    )
    _ = args.device  # sets up torch.distributed now, so zero.Init below sees the real world size
    if cfg.deepspeed.enabled:
        import deepspeed

        deepspeed.init_distributed(dist_backend="nccl" if cuda else "gloo")  # wraps the existing group
    tok = hf_tokenizer.load(cfg.base_model)  # tokenizer.json as published
    model = AutoModelForCausalLM.from_pretrained(
        cfg.base_model, dtype=torch.float32, attn_implementation=cfg.attn_implementation
    )
    model.config.use_cache = False
    open_id, close_id = add_translate_tokens(model, tok, seed=cfg.seed)
    if tok.bos_token_id is None:
        from leia.errors import InputError

        raise InputError(
            cfg.base_model,
            "the tokenizer has no BOS token",
            "packing starts each article with BOS, as the original code does: use a tokenizer with one",
        )
    dataset = make_dataset(
        corpus=corpus,
        method=cfg.method,
        seed=cfg.seed,
        max_length=cfg.max_length,
        bos_id=tok.bos_token_id,
        open_id=open_id,
        close_id=close_id,
        augment_fn=augment_fn,
    )
    n_params = sum(p.ds_numel if hasattr(p, "ds_numel") else p.numel() for p in model.parameters())
    logger = LiveLogger(
        cfg.dvclive if dvclive else None,
        steps=max_steps or sched.steps,
        tokens_per_step=sched.tokens_per_step,
        flops_per_token=flops_per_token(model.config, n_params, cfg.max_length),
        world_size=world,
        run=cfg.run_id,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=dataset,
        data_collator=Collator(cfg.method.mask_name_loss),
        callbacks=[logger, *(callbacks or [])],
    )
    if cfg.loss_average == "micro_batch":
        # No num_items_in_batch: the model's loss is its micro-batch mean, which the Trainer divides by
        # the accumulation steps and DDP/DeepSpeed average over devices (transformers 4.35.2's loss).
        trainer.model_accepts_loss_kwargs = False
    stop = StopOnRequest()  # a scheduler's time limit: save a checkpoint, stop, resume when run again
    trainer.add_callback(stop)
    resume = _last_checkpoint(cfg.checkpoints)
    result = trainer.train(resume_from_checkpoint=resume)
    if stop.stopped:
        raise Preempted(
            f"{cfg.run_id}: stopped on request ({stop.path} appeared) after step {result.global_step} of "
            f"{sched.steps}, with a checkpoint in {cfg.checkpoints}: run the stage again to resume"
        )
    staging = cfg.checkpoints / "final"
    if cfg.bf16 and not cfg.deepspeed.enabled:  # ZeRO-3 gathers 16-bit weights itself
        trainer.model.to(torch.bfloat16)
    trainer.save_model(str(staging))  # collective under ZeRO-3: every rank calls it
    summary = {
        "run": cfg.run_id,
        "method": asdict(cfg.method),
        "schedule": asdict(sched),
        "steps_run": result.global_step,
        "resumed_from": resume,
        "train_loss": result.training_loss,
        "log": logger.history,
        "special_token_ids": [open_id, close_id],
        "world_size": world,
    }
    if trainer.is_world_process_zero():
        save_tokenizer(tok, cfg.base_model, staging)
        (staging / "training_args.bin").unlink(missing_ok=True)  # a pickle; leia_run.json says it all
        write_json(staging / "leia_run.json", summary)  # no wall-clock figures: a DVC output
        with atomic_path(cfg.out, is_dir=True) as tmp:
            tmp.rmdir()
            shutil.move(str(staging), tmp)
        shutil.rmtree(cfg.checkpoints, ignore_errors=True)  # the run is complete; nothing left to resume
    return {**summary, "timing": logger.timing}
