"""Base model stage: the demo's tiny English-pretrained Llama, or a hub id / local path saved as-is.

Both use the tokenizer stage's output (models/tokenizer) and copy its files into models/base, so that
training and evaluation find tokenizer and model in one folder."""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from leia.errors import InputError, ParamError
from leia.io import atomic_path, write_json
from leia.params import get_float, get_int
from leia.train import tokenizer as tokenizer_stage


@dataclass(frozen=True)
class DemoSpec:
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_heads: int
    max_length: int
    steps: int
    batch_size: int
    lr: float
    seed: int
    cpu_threads: int

    @classmethod
    def read(cls, params: dict[str, Any]) -> DemoSpec:
        d = "base_model.demo."
        spec = cls(
            hidden_size=get_int(params, d + "hidden_size", min=8),
            intermediate_size=get_int(params, d + "intermediate_size", min=8),
            num_layers=get_int(params, d + "num_layers", min=1),
            num_heads=get_int(params, d + "num_heads", min=1),
            max_length=get_int(params, d + "max_length", min=8),
            steps=get_int(params, d + "steps", min=1),
            batch_size=get_int(params, d + "batch_size", min=1),
            lr=get_float(params, d + "lr", min=0.0),
            seed=get_int(params, d + "seed", min=0),
            cpu_threads=get_int(params, d + "cpu_threads", 0, min=0),
        )
        if spec.hidden_size % spec.num_heads:
            raise ParamError(d + "num_heads", f"must divide hidden_size {spec.hidden_size}")
        return spec


def build_demo(spec: DemoSpec, tokenizer: Path, english: list[str], out: Path) -> dict[str, float]:
    """Pretrain a small Llama on English with the demo tokenizer; save it with the tokenizer's files."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    if not english:
        raise InputError("data/extracted/en.parquet", "has no English text to pretrain on")
    from leia.train.trainer import set_cpu_threads

    set_cpu_threads(spec.cpu_threads, torch.cuda.is_available())
    tok: Any = tokenizer_stage.load(tokenizer, "demo")
    torch.manual_seed(spec.seed)
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=spec.hidden_size,
        intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.num_layers,
        num_attention_heads=spec.num_heads,
        num_key_value_heads=spec.num_heads,
        max_position_embeddings=max(spec.max_length, 2048),
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,
        attn_implementation="sdpa",
    )
    model = LlamaForCausalLM(config)
    stream = _english_stream(tok, english)
    metrics = pretrain(model, stream, spec)
    with atomic_path(out, is_dir=True) as tmp:
        model.save_pretrained(tmp)
        tokenizer_stage.copy_files(tokenizer, tmp)
        write_json(tmp / "leia_source.json", {"name_or_path": "demo", "pretrain": metrics})
    return metrics


def _english_stream(tok: Any, texts: list[str]) -> np.ndarray:
    """Each article after a BOS, no EOS: how LLaMA marks documents, and what the LEIA/FT tuning feeds."""
    enc = tok(texts, add_special_tokens=False)["input_ids"]
    bos = tok.bos_token_id
    return np.fromiter((t for ids in enc for t in (bos, *ids)), dtype=np.int64)


def pretrain(model: Any, stream: np.ndarray, spec: DemoSpec) -> dict[str, float]:
    """A lean CPU loop (seeded): random windows of the English stream, AdamW + cosine, bar shows the loss."""
    import torch
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    n_win = len(stream) - spec.max_length - 1
    if n_win <= 0:
        raise InputError("data/extracted/en.parquet", f"fewer than {spec.max_length} English tokens")
    rng = np.random.default_rng(spec.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=spec.lr, betas=(0.9, 0.95), weight_decay=0.1)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 20) * 0.5 * (1 + math.cos(math.pi * s / spec.steps))
    )
    model.train()
    first = last = float("nan")
    t0 = time.perf_counter()
    cols = (
        TextColumn("pretrain demo base"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} loss {task.fields[loss]}"),
        TimeRemainingColumn(),
    )
    with Progress(*cols, transient=False) as bar:
        task = bar.add_task("pretrain", total=spec.steps, loss="-")
        for step in range(spec.steps):
            starts = rng.integers(0, n_win, size=spec.batch_size)
            batch = torch.from_numpy(np.stack([stream[s : s + spec.max_length] for s in starts]))
            loss = model(input_ids=batch, labels=batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            last = float(loss.detach())
            first = last if step == 0 else first
            bar.update(task, advance=1, loss=f"{last:.3f}")
    # Wall-clock time goes to the log only: models/base is a DVC output and must not change between runs.
    print(f"pretrained the demo base model in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return {"first_loss": first, "final_loss": last, "tokens": len(stream)}


def load_pretrained(
    name_or_path: str, out: Path, tokenizer: Path = tokenizer_stage.TOKENIZER_DIR
) -> dict[str, Any]:
    """A hub id (gated meta-llama needs HF_TOKEN or `hf auth login`) or a local folder, saved into `out`
    with the tokenizer stage's files."""
    from transformers import AutoModelForCausalLM

    from leia.train.hub import explain_load_error

    tokenizer_stage.check_built_for(tokenizer, name_or_path)  # before a download of many gigabytes
    try:
        model = AutoModelForCausalLM.from_pretrained(name_or_path, dtype="auto")
    except OSError as e:
        raise explain_load_error(name_or_path, e) from None
    vocab = len(tokenizer_stage.load(tokenizer, name_or_path))
    rows = model.get_input_embeddings().weight.shape[0]
    if vocab > rows:
        raise InputError(
            tokenizer,
            f"the tokenizer has {vocab} tokens but {name_or_path!r} has only {rows} embedding rows",
            "rebuild it from the same model: dvc repro tokenizer",
        )
    source = {"name_or_path": name_or_path, "revision": getattr(model.config, "_commit_hash", None)}
    with atomic_path(out, is_dir=True) as tmp:
        model.save_pretrained(tmp)
        tokenizer_stage.copy_files(tokenizer, tmp)
        write_json(tmp / "leia_source.json", source)
    return source


def run(
    params: dict[str, Any], out: Path = Path("models/base"), tokenizer: Path = tokenizer_stage.TOKENIZER_DIR
) -> dict[str, Any]:
    name = tokenizer_stage.name_or_path(params)
    if name != "demo":
        return load_pretrained(name, out, tokenizer)
    spec = DemoSpec.read(params)
    en = tokenizer_stage.EXTRACTED_DIR / "en.parquet"
    if not en.exists():
        raise InputError(en, "not found", "run the extract stage for en first")
    return build_demo(spec, tokenizer, tokenizer_stage.read_texts([en]), out)
