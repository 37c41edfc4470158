"""The `train:` section read and validated up front, so bad values fail before any model is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leia import contract
from leia.errors import ParamError
from leia.params import get, get_bool, get_choice, get_float, get_int
from leia.train.methods import Method, resolve

ATTN = ("sdpa", "flash_attention_2", "eager")
LAUNCHERS = ("python", "torchrun", "deepspeed")
# studio-ousia/leia@7c1eac8 train.sh passes --adam_epsilon 1e-6 (transformers' default is 1e-8).
ADAM_EPSILON = 1e-6
# tokens: transformers 5 averages the loss over every label token of an optimizer step (all micro-batches
# and devices); micro_batch: the mean over each micro-batch's tokens, averaged over micro-batches and
# devices, as transformers 4.35.2 + DeepSpeed did for the original code.
LOSS_AVERAGES = ("tokens", "micro_batch")
OPTIMS = ("auto", "adamw_torch", "adamw_torch_fused")


@dataclass(frozen=True)
class Launcher:
    kind: str
    nproc_per_node: int
    nnodes: int
    hostfile: str | None
    master_addr: str
    master_port: int

    @property
    def world_size(self) -> int:
        return self.nproc_per_node * self.nnodes


@dataclass(frozen=True)
class DeepSpeed:
    enabled: bool
    zero_stage: int
    offload_optimizer: bool
    offload_param: bool


@dataclass(frozen=True)
class TrainConfig:
    lang: str
    method: Method
    seed: int
    max_length: int
    global_batch_tokens: int
    micro_batch_size: int
    token_budget: int
    max_steps: int | None  # pinned steps for this language (train.max_steps), else derived
    epochs: int
    lr: float
    lr_schedule: str
    warmup_steps: int
    adam_beta1: float
    adam_beta2: float
    adam_epsilon: float
    weight_decay: float
    max_grad_norm: float
    loss_average: str  # tokens | micro_batch (LOSS_AVERAGES)
    optim: str  # auto | an HF optimizer name (OPTIMS)
    bf16: bool
    gradient_checkpointing: bool
    attn_implementation: str
    save_steps: int
    logging_steps: int
    cpu_threads: int
    deepspeed: DeepSpeed
    launcher: Launcher
    base_model: Path
    tokenized: Path
    out: Path
    checkpoints: Path
    dvclive: Path

    @property
    def run_id(self) -> str:
        return contract.run_id(self.lang, self.method.name, self.seed)


def _positive(params: dict[str, Any], key: str, default: float) -> float:
    value = get_float(params, key, default, min=0.0)
    if value <= 0.0:
        raise ParamError(key, f"must be > 0, got {value}", f"the original code uses {default}")
    return value


def read(params: dict[str, Any], *, lang: str, method: str, seed: int) -> TrainConfig:
    """Validate every training parameter; raises ParamError naming the key."""
    m = resolve(method, params)
    t = "train."
    hostfile = get(params, t + "launcher.hostfile", None)
    if hostfile is not None and not isinstance(hostfile, str):
        raise ParamError(t + "launcher.hostfile", f"must be a path or null, got {hostfile!r}")
    launcher = Launcher(
        kind=get_choice(params, t + "launcher.kind", LAUNCHERS),
        nproc_per_node=get_int(params, t + "launcher.nproc_per_node", min=1),
        nnodes=get_int(params, t + "launcher.nnodes", min=1),
        hostfile=hostfile,
        master_addr=str(get(params, t + "launcher.master_addr", "127.0.0.1")),
        master_port=get_int(params, t + "launcher.master_port", min=1),
    )
    if launcher.kind == "python" and launcher.world_size > 1:
        raise ParamError(
            t + "launcher.kind", "is 'python' but nproc_per_node x nnodes > 1", "use torchrun or deepspeed"
        )
    ds = DeepSpeed(
        enabled=get_bool(params, t + "deepspeed.enabled"),
        zero_stage=get_int(params, t + "deepspeed.zero_stage", min=0),
        offload_optimizer=get_bool(params, t + "deepspeed.offload_optimizer", False),
        offload_param=get_bool(params, t + "deepspeed.offload_param", False),
    )
    if ds.zero_stage > 3:
        raise ParamError(t + "deepspeed.zero_stage", f"must be 0..3, got {ds.zero_stage}")
    if ds.enabled and launcher.kind == "python":
        raise ParamError(
            t + "deepspeed.enabled",
            "DeepSpeed needs a distributed launcher",
            "set train.launcher.kind to torchrun or deepspeed (nproc_per_node 1 is fine)",
        )
    schedule = get_choice(params, t + "lr_schedule", ("cosine", "linear", "constant"))
    return TrainConfig(
        lang=lang,
        method=m,
        seed=seed,
        max_length=get_int(params, t + "max_length", min=8),
        global_batch_tokens=get_int(params, t + "global_batch_tokens", min=1),
        micro_batch_size=get_int(params, t + "micro_batch_size", min=1),
        token_budget=get_int(params, t + "token_budget", min=1),
        max_steps=pinned_steps(params, lang),
        epochs=get_int(params, t + "epochs", 1, min=1),
        lr=get_float(params, t + "lr", min=0.0),
        lr_schedule=schedule,
        warmup_steps=get_int(params, t + "warmup_steps", min=0),
        adam_beta1=get_float(params, t + "adam_beta1", min=0.0, max=1.0),
        adam_beta2=get_float(params, t + "adam_beta2", min=0.0, max=1.0),
        adam_epsilon=_positive(params, t + "adam_epsilon", ADAM_EPSILON),
        weight_decay=get_float(params, t + "weight_decay", min=0.0),
        max_grad_norm=get_float(params, t + "max_grad_norm", min=0.0),
        loss_average=get_choice(params, t + "loss_average", LOSS_AVERAGES, "tokens"),
        optim=get_choice(params, t + "optim", OPTIMS, "auto"),
        bf16=get_bool(params, t + "bf16"),
        gradient_checkpointing=get_bool(params, t + "gradient_checkpointing"),
        attn_implementation=get_choice(params, t + "attn_implementation", ATTN),
        save_steps=get_int(params, t + "save_steps", min=0),
        logging_steps=get_int(params, t + "logging_steps", 1, min=1),
        cpu_threads=get_int(params, t + "cpu_threads", 0, min=0),
        deepspeed=ds,
        launcher=launcher,
        base_model=Path("models/base"),
        tokenized=Path(f"data/tokenized/{lang}.parquet"),
        out=contract.model_dir(lang, method, seed),
        checkpoints=contract.checkpoints_dir(lang, method, seed),
        dvclive=contract.dvclive_dir(lang, method, seed),
    )


def pinned_steps(params: dict[str, Any], lang: str) -> int | None:
    """train.max_steps: null (steps from token_budget and the corpus) or {language: steps}, one entry
    for every language of `languages`."""
    key = "train.max_steps"
    value = get(params, key, None)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ParamError(
            key, f"is {value!r}", "use null or a mapping {language: steps}, e.g. {ja: 50, sw: 20}"
        )
    if lang not in value:
        raise ParamError(
            key, f"has no entry for {lang!r}", f"add '{lang}: <steps>' or set train.max_steps: null"
        )
    steps = value[lang]
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ParamError(f"{key}.{lang}", f"is {steps!r}", "use a positive number of optimizer steps")
    return steps


def optimizer(name: str, cuda: bool) -> str:
    """The HF optimizer for train.optim: auto is the fused AdamW on CUDA, torch's AdamW elsewhere."""
    if name == "auto":
        return "adamw_torch_fused" if cuda else "adamw_torch"
    return name


def check_attn(name: str) -> None:
    """flash_attention_2 only when the package imports; say how to get it otherwise."""
    if name != "flash_attention_2":
        return
    try:
        import flash_attn  # noqa: F401
    except ImportError:
        raise ParamError(
            "train.attn_implementation",
            "is flash_attention_2 but the flash_attn package is not importable",
            "pip install 'leia[gpu]' on a CUDA machine, or use sdpa (PyTorch's own flash kernels)",
        ) from None
