"""CPU kernel dispatch: does pinning AVX2 (leia/cpu_kernels.py) change results, and what does it cost?

Runs 30 steps of a demo-sized Llama in a fresh process per setting and prints the first/last loss, a
hash of the final weights and the time. Different hashes between `native` and `avx2` on an AVX512
machine show that the dispatch alone changes results (the cross-machine difference); the times show
the cost of pinning.  Usage: PYTHONPATH=. python bench/cpu_kernels.py
"""

from __future__ import annotations

import os
import subprocess
import sys

STEP = r"""
import hashlib, time, torch
from transformers import LlamaConfig, LlamaForCausalLM
torch.set_num_threads(1); torch.manual_seed(0)
cfg = LlamaConfig(vocab_size=2000, hidden_size=128, intermediate_size=344, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=4, attn_implementation="sdpa")
m = LlamaForCausalLM(cfg); opt = torch.optim.AdamW(m.parameters(), lr=3e-3, eps=1e-6)
g = torch.Generator().manual_seed(0); t = time.perf_counter(); losses = []
for _ in range(30):
    x = torch.randint(0, 2000, (16, 128), generator=g)
    loss = m(input_ids=x, labels=x).loss; loss.backward(); opt.step(); opt.zero_grad()
    losses.append(loss.item())
dt = time.perf_counter() - t
h = hashlib.sha256(b"".join(p.detach().numpy().tobytes() for p in m.parameters())).hexdigest()[:12]
print(f"loss {losses[0]:.8f} -> {losses[-1]:.8f}  weights {h}  {dt:.2f} s  "
      f"(ATen {torch.backends.cpu.get_cpu_capability()})")
"""

SETTINGS = {
    "native": {"LEIA_NATIVE_CPU_KERNELS": "1"},
    "avx2 (leia default)": {},
    "no SIMD, MKL compatible": {"ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE"},
}


def main() -> None:
    for name, extra in SETTINGS.items():
        env = {k: v for k, v in os.environ.items() if k not in ("ATEN_CPU_CAPABILITY", "MKL_CBWR")}
        env.update(extra)
        code = "import leia\n" + STEP  # `import leia` pins the kernels unless told not to
        cmd = [sys.executable, "-c", code]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        print(f"{name:26s} {out.stdout.strip()}")


if __name__ == "__main__":
    main()
