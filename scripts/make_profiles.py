"""Derive profiles/paper-*.yaml from the demo profile (params.yaml), so that the three stay in step:
the paper profiles differ only where the paper's configuration differs. Run after editing params.yaml:
    python scripts/make_profiles.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TRAIN = """train:
  max_length: 2048           # Table 6
  global_batch_tokens: 4194304  # 2,048 sequences x 2,048 tokens (Table 6); grad accumulation is derived
  micro_batch_size: 4        # sequences per GPU per forward pass (8 x A100-40GB, ZeRO-3, checkpointing)
  token_budget: 209715200    # 50 steps of 4M tokens ("up to 200M tokens"); sw's smaller corpus gives 20
  epochs: 1
  lr: 5.0e-6                 # Table 6
  lr_schedule: cosine
  warmup_steps: 0
  adam_beta1: 0.9            # Table 6 (the appendix prose says 0.99)
  adam_beta2: 0.95
  adam_epsilon: 1.0e-6       # studio-ousia/leia train.sh passes --adam_epsilon 1e-6 (torch default 1e-8)
  weight_decay: 0.1
  max_grad_norm: 1.0
  bf16: true
  gradient_checkpointing: true
  attn_implementation: flash_attention_2  # pip install 'leia[gpu]'; sdpa works without it
  save_steps: 10             # checkpoint interval for resume; checkpoints/ is not a DVC out
  logging_steps: 1
  cpu_threads: 0
  deepspeed:
    enabled: true
    zero_stage: 3
    offload_optimizer: false
    offload_param: false
  launcher:
    kind: deepspeed          # python | torchrun | deepspeed
    nproc_per_node: 8
    nnodes: 1
    hostfile: null           # deepspeed launcher: "host slots=N" lines (multi-node)
    master_addr: 127.0.0.1   # torchrun multi-node: rank-0 host; run the stage on each node with NODE_RANK set
    master_port: 29500

"""


def _sub(text: str, pattern: str, repl: str) -> str:
    new, n = re.subn(pattern, lambda _: repl, text, count=1, flags=re.S | re.M)
    if n != 1:
        raise SystemExit(f"make_profiles: pattern not found in params.yaml: {pattern!r}")
    return new


def paper(base: str, *, name: str, title: str, langs: list[str], methods: list[str], model: str,
          tasks: dict[str, list[str]]) -> str:  # fmt: skip
    t = base
    t = _sub(
        t, r"\A.*?^profile: demo$", f"# {title}\n# Switch with `leia profile use {name}`.\nprofile: {name}"
    )
    t = _sub(t, r"^strategy: .*?$", "strategy: right              # left | right | replace  (paper §3.1)")
    t = _sub(t, r"^languages: \[.*?\]", f"languages: [{', '.join(langs)}]")
    t = _sub(t, r"^methods: \[.*?\]", f"methods: [{', '.join(methods)}]")
    t = _sub(t, r"^seeds: \[.*?\]", "seeds: [1, 2, 3, 4, 5]")
    t = _sub(
        t,
        r"^  local: \{.*?\}\n  remote: \{\}",
        "  local: {}\n  remote: {wikimedia: https://dumps.wikimedia.org}",
    )
    t = _sub(t, r"^demo_world:\n.*?\n\n", "")
    # Dates on which every downloaded file was published: the 20231001 run holds the wikis'
    # pages-articles and wikidatawiki's wb_items_per_site; the JSON entity dump is dated Mondays (20231002).
    t = _sub(
        t,
        r"^  wikidata_date: .*?$",
        '  wikidata_date: "20231001"  # sitelinks.source json: the weekly JSON dump "20231002" (a Monday)',
    )
    t = _sub(
        t,
        r"^  languages: \[en, .*?\].*?$",
        f"  languages: [{', '.join(langs)}]  # wikis to download + extract (no English text is needed)",
    )
    t = _sub(t, r"^  name_or_path: demo .*?$", f"  name_or_path: {model}  # a hub id or a local path")
    t = _sub(t, r"^train:\n.*?\n\n", TRAIN)
    t = _sub(t, r"^  dtype: auto .*?$", "  dtype: float16             # as the paper")
    block = "".join(f"    {lang}: [{', '.join(ts)}]\n" for lang, ts in tasks.items())
    t = _sub(t, r"^  tasks: .*?\n(    \w+: \[.*?\]\n)+", "  tasks:\n" + block)
    t = _sub(
        t,
        r"^  sources: demo .*?$",
        "  sources: published         # the real datasets: leia/evaluation/README.md",
    )
    t = _sub(t, r"^eval_download: \{\}", "eval_download: {published: data/sources}")
    t = _sub(
        t,
        r"^  source_root: .*?$",
        "  source_root: data/sources  # what eval_data depends on (the published files)",
    )
    return t


def main() -> None:
    base = (ROOT / "params.yaml").read_text(encoding="utf-8")
    langs7 = ["ar", "es", "hi", "ja", "ru", "sw", "zh"]
    ablations = ["leia-left-0.0", "leia-left-0.5", "leia-right-0.0", "leia-replace-0.0", "leia-replace-0.5",
                 "leia-namemask"]  # fmt: skip
    out = {
        "paper-llama2": paper(
            base, name="paper-llama2", langs=langs7, methods=["ft", "leia", *ablations],
            title="Paper §3 (Tables 1, 2, 4/9, 5, 8, 10): LLaMA-2-7B, seven languages, 5 seeds, ablations.",
            model="meta-llama/Llama-2-7b-hf",
            tasks={lang: ["xcodah", "xcsqa"] for lang in [*langs7, "en"]},  # en: the English ceiling
        ),
        "paper-swallow": paper(
            base, name="paper-swallow", langs=["ja"], methods=["ft", "leia"],
            title="Paper §4 (Table 3): Swallow-7B adapted to Japanese, 5 seeds, six Japanese QA datasets.",
            model="tokyotech-llm/Swallow-7b-hf",
            tasks={"ja": ["xcodah", "xcsqa", "jcommonsenseqa", "jaqket", "niilc", "jemhopqa"],
                   "en": ["xcodah", "xcsqa"]},
        ),
    }  # fmt: skip
    (ROOT / "profiles" / "demo.yaml").write_text(base, encoding="utf-8")
    for name, text in out.items():
        (ROOT / "profiles" / f"{name}.yaml").write_text(text, encoding="utf-8")
        print(f"wrote profiles/{name}.yaml")


if __name__ == "__main__":
    main()
