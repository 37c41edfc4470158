"""Base model stage: the demo's tiny English-pretrained Llama, or a hub id / local path saved as-is."""

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
from leia.params import get, get_float, get_int


@dataclass(frozen=True)
class DemoSpec:
    vocab_size: int
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
            vocab_size=get_int(params, d + "vocab_size", min=300),
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


def read_texts(paths: list[Path]) -> list[str]:
    import pyarrow.parquet as pq

    texts: list[str] = []
    for p in paths:
        if not p.exists():
            raise InputError(p, "not found", "run the extract stage first")
        texts += [t for t in pq.read_table(p, columns=["text"])["text"].to_pylist() if t]
    return texts


def build_demo(spec: DemoSpec, tokenizer_texts: list[str], english: list[str], out: Path) -> dict[str, float]:
    """Train the tokenizer on every demo language, pretrain a small Llama on English, save both."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from leia.train.demo_tokenizer import train_tokenizer

    if not english:
        raise InputError("data/extracted/en.parquet", "has no English text to pretrain on")
    from leia.train.trainer import set_cpu_threads

    set_cpu_threads(spec.cpu_threads, torch.cuda.is_available())
    tok: Any = train_tokenizer(tokenizer_texts, spec.vocab_size)
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
        tok.save_pretrained(tmp)
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


def _hub_causes(e: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from (transformers wraps hub errors in OSError)."""
    chain: list[BaseException] = []
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__
    return chain


def explain_load_error(name_or_path: str, e: BaseException) -> ParamError:
    """Name the real reason a hub id did not load: offline mode, no network, gated, no token, no repo."""
    import huggingface_hub
    from huggingface_hub import constants
    from huggingface_hub.errors import (
        GatedRepoError,
        LocalEntryNotFoundError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    key = "base_model.name_or_path"
    page = f"https://huggingface.co/{name_or_path}"
    chain = _hub_causes(e)
    first = f"{e}".splitlines()[0] if f"{e}" else type(e).__name__

    def has(*types: type[BaseException]) -> bool:
        return any(isinstance(c, types) for c in chain)

    offline = constants.HF_HUB_OFFLINE
    token = huggingface_hub.get_token()
    where = f"HF_HOME={constants.HF_HOME}"
    if has(OfflineModeIsEnabled) or (offline and has(LocalEntryNotFoundError)):
        return ParamError(
            key,
            f"{name_or_path!r} is not in the Hugging Face cache ({where}) and offline mode is on "
            "(HF_HUB_OFFLINE)",
            "scripts/env.sh turns offline mode on only for the demo profile: after `leia profile use ...`, "
            "source scripts/env.sh again (or unset HF_HUB_OFFLINE TRANSFORMERS_OFFLINE), or point "
            "base_model.name_or_path at a local folder",
        )
    if has(GatedRepoError):
        if token is None:
            return ParamError(
                key,
                f"{name_or_path!r} is a gated model and no Hugging Face token was found "
                f"(HF_TOKEN unset, no `hf auth login` token under {where})",
                f"accept the licence at {page}, then run `hf auth login` or export HF_TOKEN",
            )
        return ParamError(
            key,
            f"{name_or_path!r} is a gated model and the account of the token in use has no access to it",
            f"accept the licence at {page} with that account (approval can take a while), "
            "or use a token of an account that has access",
        )
    if has(RevisionNotFoundError):
        return ParamError(key, f"{name_or_path!r}: {first}", f"check the revisions listed at {page}")
    if has(RepositoryNotFoundError):
        hint = "check the spelling (a local folder must exist; a hub id reads owner/name)"
        if token is None:
            hint += "; a private repository also needs `hf auth login` or HF_TOKEN"
        return ParamError(key, f"{name_or_path!r} is neither a local folder nor a model on the hub", hint)
    if has(LocalEntryNotFoundError, ConnectionError, TimeoutError) or any(
        type(c).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")) for c in chain
    ):
        return ParamError(
            key,
            f"cannot reach the Hugging Face hub ({constants.ENDPOINT}) and {name_or_path!r} is not in the "
            f"cache ({where})",
            "check the network or proxy (HTTPS_PROXY), or download the model where there is network "
            "(`hf download <id>`) into the same HF_HOME, or point base_model.name_or_path at a local folder",
        )
    return ParamError(
        key,
        f"cannot load {name_or_path!r}: {first}",
        "a local folder or hub id; gated models need the licence accepted on the hub and a token",
    )


def load_pretrained(name_or_path: str, out: Path) -> dict[str, Any]:
    """A hub id (gated meta-llama needs HF_TOKEN or `hf auth login`) or a local folder, saved into `out`."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(name_or_path)
        model = AutoModelForCausalLM.from_pretrained(name_or_path, dtype="auto")
    except OSError as e:
        raise explain_load_error(name_or_path, e) from None
    source = {"name_or_path": name_or_path, "revision": getattr(model.config, "_commit_hash", None)}
    with atomic_path(out, is_dir=True) as tmp:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
        write_json(tmp / "leia_source.json", source)
    return source


def run(params: dict[str, Any], out: Path = Path("models/base")) -> dict[str, Any]:
    name = get(params, "base_model.name_or_path")
    if not isinstance(name, str) or not name:
        raise ParamError("base_model.name_or_path", f"must be 'demo', a hub id or a path, got {name!r}")
    if name != "demo":
        return load_pretrained(name, out)
    spec = DemoSpec.read(params)
    extracted = sorted(Path("data/extracted").glob("*.parquet"))
    en = Path("data/extracted/en.parquet")
    if en not in extracted:
        raise InputError(en, "not found", "run the extract stage for en first")
    return build_demo(spec, read_texts(extracted), read_texts([en]), out)
