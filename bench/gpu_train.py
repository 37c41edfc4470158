"""GPU training throughput and MFU through the real training path (leia.train.trainer.train).

A LLaMA-7B-shaped model (hidden 4096, 32 heads, FFN 11008, vocabulary 32,000 + the 2 LEIA tokens,
sequences of 2,048) with fewer layers so it fits one GPU; bf16 + sdpa + gradient checkpointing, LEIA
insertion on the fly, fused AdamW. MFU = tokens/s x (6N + 12·L·d·T) / peak (989 TFLOP/s on H100),
N without the input embedding; the first steps (warm-up) are left out of the mean.

    python bench/gpu_train.py                 # on the GPU, < 5 min
    python bench/gpu_train.py --cpu-smoke     # a tiny shape on CPU (the test suite runs this)

Needs torch + transformers (+ numpy, pyyaml); not pyarrow, dvclive or deepspeed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SHAPES = {
    "7b": dict(hidden=4096, heads=32, ffn=11008, vocab=32000, seq=2048, layers=8, micro=4, accum=8, steps=10),
    "smoke": dict(hidden=64, heads=4, ffn=172, vocab=500, seq=128, layers=2, micro=2, accum=2, steps=4),
}


def tokenizer(vocab: int) -> Any:
    """A fast tokenizer with exactly `vocab` entries (ids 0-3 special), as LLaMA's 32,000."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = {t: i for i, t in enumerate(["<unk>", "<s>", "</s>", "<pad>"])}
    words.update({f"w{i}": i for i in range(4, vocab)})
    tok = Tokenizer(models.WordLevel(vocab=words, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )


def corpus(vocab: int, tokens: int, seed: int = 0) -> Any:
    """Wikipedia-shaped synthetic articles (~800 tokens, an anchor every ~20, names of 1-5 tokens)."""
    from leia.train.data import Corpus

    rng = np.random.default_rng(seed)
    lengths = np.clip(rng.normal(800, 200, tokens // 800 + 1).astype(np.int64), 64, None)
    id_off = np.r_[0, np.cumsum(lengths)]
    ids = rng.integers(4, vocab, id_off[-1], dtype=np.int32)
    starts, ends, anc_off = [], [], [0]
    for n in lengths:
        s = np.sort(rng.choice(np.arange(0, n - 3, 4), size=n // 20, replace=False))
        starts.append(s)
        ends.append(s + rng.integers(1, 4, len(s)))
        anc_off.append(anc_off[-1] + len(s))
    n_anchor = anc_off[-1]
    name_len = rng.integers(1, 6, n_anchor)
    return Corpus(
        ids=ids,
        id_off=id_off,
        starts=np.concatenate(starts),
        ends=np.concatenate(ends),
        anc_off=np.asarray(anc_off, np.int64),
        names=rng.integers(4, vocab, int(name_len.sum()), dtype=np.int32),
        name_off=np.r_[0, np.cumsum(name_len)],
    )


def params(shape: dict, *, bf16: bool, checkpointing: bool, attn: str) -> dict:
    return {
        "strategy": "right",
        "p_skip": 0.5,
        "mask_name_loss": False,
        "train": {
            "max_length": shape["seq"],
            "global_batch_tokens": shape["seq"] * shape["micro"] * shape["accum"],
            "micro_batch_size": shape["micro"],
            "token_budget": shape["seq"] * shape["micro"] * shape["accum"] * shape["steps"],
            "lr": 5.0e-6,
            "lr_schedule": "cosine",
            "warmup_steps": 0,
            "adam_beta1": 0.9,
            "adam_beta2": 0.95,
            "weight_decay": 0.1,
            "max_grad_norm": 1.0,
            "bf16": bf16,
            "gradient_checkpointing": checkpointing,
            "attn_implementation": attn,
            "save_steps": 0,
            "deepspeed": {"enabled": False, "zero_stage": 3},
            "launcher": {"kind": "python", "nproc_per_node": 1, "nnodes": 1, "master_port": 29500},
        },
    }


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cpu-smoke", action="store_true", help="tiny shape on CPU, fp32, no checkpointing")
    p.add_argument("--layers", type=int, help="decoder layers (7B has 32; default 8 fits an 80 GB GPU)")
    p.add_argument("--micro-batch", type=int, help="sequences per forward pass")
    p.add_argument("--accum", type=int, help="micro-batches per optimizer step")
    p.add_argument("--steps", type=int, help="optimizer steps (the first 2 are warm-up)")
    p.add_argument("--attn", default="sdpa", choices=["sdpa", "flash_attention_2", "eager"])
    p.add_argument("--no-checkpointing", action="store_true")
    a = p.parse_args(argv)

    import torch

    shape = dict(SHAPES["smoke" if a.cpu_smoke else "7b"])
    for key, val in (("layers", a.layers), ("micro", a.micro_batch), ("accum", a.accum), ("steps", a.steps)):
        if val:
            shape[key] = val
    cuda = torch.cuda.is_available()
    if not cuda and not a.cpu_smoke:
        p.error("no GPU here: use --cpu-smoke")
    root = Path(tempfile.mkdtemp(prefix="leia-gpu-bench-"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return _run(shape, a.attn, a.cpu_smoke or a.no_checkpointing, cuda, root)
    finally:
        os.chdir(cwd)
        shutil.rmtree(root, ignore_errors=True)


def _run(shape: dict, attn: str, no_checkpointing: bool, cuda: bool, root: Path) -> dict:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from leia.train.config import read
    from leia.train.schedule import derive
    from leia.train.trainer import train

    bf16 = cuda
    t0 = time.perf_counter()
    config = LlamaConfig(
        vocab_size=shape["vocab"], hidden_size=shape["hidden"], intermediate_size=shape["ffn"],
        num_hidden_layers=shape["layers"], num_attention_heads=shape["heads"],
        num_key_value_heads=shape["heads"], max_position_embeddings=shape["seq"], tie_word_embeddings=False,
        bos_token_id=1, eos_token_id=2, pad_token_id=3,
    )  # fmt: skip
    with torch.device("cuda" if cuda else "cpu"):
        model = LlamaForCausalLM(config).to(torch.bfloat16 if bf16 else torch.float32)
    model.save_pretrained("models/base")
    tokenizer(shape["vocab"]).save_pretrained("models/base")
    del model
    if cuda:
        torch.cuda.empty_cache()
    print(f"built and saved the base model in {time.perf_counter() - t0:.1f} s ({root})")

    cfg = read(
        params(shape, bf16=bf16, checkpointing=not no_checkpointing, attn=attn),
        lang="xx", method="leia", seed=1,
    )  # fmt: skip
    tokens = cfg.token_budget * 2
    data = corpus(shape["vocab"], tokens)
    sched = derive(
        global_batch_tokens=cfg.global_batch_tokens, max_length=cfg.max_length,
        micro_batch_size=cfg.micro_batch_size, world_size=1, token_budget=cfg.token_budget,
        corpus_tokens=data.n_tokens,
    )  # fmt: skip
    summary = train(cfg, data, sched, dvclive=False)
    log = summary["timing"][2:] or summary["timing"]
    tps = float(np.mean([r["tokens_per_s"] for r in log]))
    mfu = [r["mfu"] for r in log if "mfu" in r]
    device = torch.cuda.get_device_name() if cuda else "cpu"
    n_layers, d = shape["layers"], shape["hidden"]
    print(
        f"device {device} | layers {n_layers} hidden {d} ffn {shape['ffn']} seq {shape['seq']} "
        f"micro {shape['micro']} x accum {shape['accum']} | steps {len(summary['log'])}"
    )
    print(
        f"tokens/s {tps:,.0f}"
        + (f" | MFU {100 * float(np.mean(mfu)):.1f}%" if mfu else " | MFU n/a (no GPU peak)")
    )
    if cuda:
        print(f"peak memory {torch.cuda.max_memory_allocated() / 2**30:.1f} GiB")
    return {"tokens_per_s": tps, "mfu": float(np.mean(mfu)) if mfu else None, "log": summary["log"]}


if __name__ == "__main__":
    main()
