"""What the launcher starts in tests/cluster/test_multinode.py: join the process group, all-reduce the
ranks, write what each rank saw (world size, sum) to $MEET_OUT/rank{N}."""

import os

import torch
import torch.distributed as dist

dist.init_process_group("gloo")
total = torch.tensor([dist.get_rank() + 1.0])
dist.all_reduce(total)
with open(os.path.join(os.environ["MEET_OUT"], f"rank{dist.get_rank()}"), "w") as f:
    f.write(f"{dist.get_world_size()} {total.item():g}")
dist.destroy_process_group()
