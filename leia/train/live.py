"""dvclive logging from the Trainer (loss, lr, grad norm, the step count); no dvc.yaml is written.

Throughput (tokens/s, MFU on GPU) is wall-clock: it goes to stderr and to the summary `train()` returns,
never into dvclive/ or the model folder, so that a re-run on another machine writes identical files."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

# Dense bf16 peak per GPU (FLOP/s), for MFU.
PEAK_FLOPS = {"H100": 989e12, "H200": 989e12, "A100": 312e12, "A10G": 125e12, "L4": 121e12}


def peak_flops() -> float | None:
    import torch

    if not torch.cuda.is_available():
        return None
    name = torch.cuda.get_device_name()
    return next((v for k, v in PEAK_FLOPS.items() if k in name), None)


def flops_per_token(config: Any, n_params: int, seq_len: int) -> float:
    """Model FLOPs per token: 6N (N without the input embedding) + attention 12·L·d·T (PaLM, App. B)."""
    n = n_params - config.vocab_size * config.hidden_size
    return 6.0 * n + 12.0 * config.num_hidden_layers * config.hidden_size * seq_len


def _drop_rows_after(out: Path, step: int) -> None:
    """A resumed run re-does the steps after its checkpoint: drop what the killed run logged for them."""
    for tsv in (out / "plots" / "metrics").rglob("*.tsv"):
        lines = tsv.read_text().splitlines(keepends=True)
        keep = lines[:1] + [ln for ln in lines[1:] if int(ln.split("\t", 1)[0]) <= step]
        if len(keep) != len(lines):
            tsv.write_text("".join(keep))


class LiveLogger(TrainerCallback):
    def __init__(
        self,
        out: Path | None,
        *,
        steps: int,
        tokens_per_step: int,
        flops_per_token: float,
        world_size: int,
        run: str = "",
    ) -> None:
        self.out = out
        self.steps = steps
        self.tokens_per_step = tokens_per_step
        self.flops_per_token = flops_per_token
        self.world_size = world_size
        self.run = run
        self.peak = peak_flops()
        self.live: Any = None
        self.history: list[dict[str, float]] = []  # deterministic: loss, lr, grad norm
        self.timing: list[dict[str, float]] = []  # wall-clock: tokens/s, MFU (never written to DVC outputs)

    def on_train_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if state.is_world_process_zero and self.out is not None:
            from dvclive import Live

            if state.global_step > 0:
                _drop_rows_after(self.out, state.global_step)

            self.live = Live(str(self.out), resume=state.global_step > 0, dvcyaml=False, save_dvc_exp=False)
            # The optimizer steps of the whole run, equal for every method of a language.
            self.live.log_metric("schedule/steps", self.steps, plot=False)
            self.live.log_metric("schedule/tokens_per_step", self.tokens_per_step, plot=False)
        self._t = time.perf_counter()
        self._step = state.global_step

    def on_log(
        self, args: Any, state: Any, control: Any, logs: dict[str, float] | None = None, **kw: Any
    ) -> None:
        if not state.is_world_process_zero or not logs or "loss" not in logs:
            return
        now = time.perf_counter()
        steps = max(1, state.global_step - self._step)
        tps = self.tokens_per_step * steps / max(now - self._t, 1e-9)
        self._t, self._step = now, state.global_step
        row = {"loss": logs["loss"], "lr": logs.get("learning_rate", float("nan"))}
        if "grad_norm" in logs:
            row["grad_norm"] = float(logs["grad_norm"])
        timing = {"step": state.global_step, "tokens_per_s": tps}
        if self.peak:
            timing["mfu"] = tps * self.flops_per_token / (self.peak * self.world_size)
        if self.live is not None:
            self.live.step = state.global_step
            for k, v in row.items():
                self.live.log_metric(f"train/{k}", float(v))
            self.live.next_step()
        self.history.append({"step": state.global_step, **row})
        self.timing.append(timing)

    def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if self.live is not None:
            self.live.end()
        if state.is_world_process_zero and self.timing:
            tps = sum(r["tokens_per_s"] for r in self.timing) / len(self.timing)
            mfu = [r["mfu"] for r in self.timing if "mfu" in r]
            extra = f", MFU {100 * sum(mfu) / len(mfu):.1f}%" if mfu else ""
            print(f"{self.run}: {state.global_step} steps, {tps:,.0f} tokens/s{extra}", file=sys.stderr)
