"""Stopping a training run early on request, with a checkpoint to resume from.

A scheduler's time limit or preemption comes as a signal to the job script (leia.cluster.slurm), which
creates the file named by $LEIA_STOP_FILE. After every optimizer step rank 0 looks for it and every
rank takes its answer (one all-reduce of a flag), so all ranks save the same checkpoint and stop at the
same step; the stage then exits with leia.errors.Preempted and, run again, resumes from it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

STOP_FILE_ENV = "LEIA_STOP_FILE"


class StopOnRequest(TrainerCallback):
    def __init__(self) -> None:
        path = os.environ.get(STOP_FILE_ENV)
        self.path = Path(path) if path else None
        self.stopped = False

    def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
        if self.path is None:
            return
        import torch
        import torch.distributed as dist

        flag = torch.tensor([float(state.is_world_process_zero and self.path.exists())], device=args.device)
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        if flag.item() and state.global_step < state.max_steps:
            control.should_save = True
            control.should_training_stop = True
            self.stopped = True
