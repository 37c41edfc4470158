"""The model wrapper: lm-eval 0.4's HFLM, tokenizing as the tools behind the paper's numbers did.

lm-eval 0.4 defaults differ from those tools in two ways that change scores with SentencePiece tokenizers
(LLaMA-2, Swallow): it lets the tokenizer prepend BOS to every context, and it encodes a continuation
jointly with its context, so `回答：準備する` yields `準備する` without the word-start piece `▁`.
Every tool the paper used encodes without special tokens and the continuation on its own:
- X-CSQA / X-CODAH: studio-ousia/leia@7c1eac8adf648009f3954c8f31f0c54e1a2ff8de `leia/tasks/base.py`
  (`LoglikelihoodTask._compute_results`: `encode(..., add_special_tokens=False)` for both; an empty
  context is `[eos_token_id]`).
- JCommonsenseQA / JAQKET: Stability-AI/lm-evaluation-harness@9b42d412d040084bb270ca87199b7da9a91a9d7d
  `lm_eval/base.py` (`BaseLM.loglikelihood` encodes context and continuation separately) with
  `lm_eval/models/gpt2.py` / `huggingface.py` (`add_special_tokens=False` for causal models).
- NIILC / JEMHopQA: leia-llm/leia@2b13a60c5de2ad73aa1ae6f48cbe9ac2a8e82eb9 `leia/tasks/base.py`
  (`GenerationTask._compute_results`: the prompt encoded with `add_special_tokens=False`).

Run the task files with this wrapper from the command line with
`python -m leia.evaluation.lm --model leia-hf --model_args pretrained=M ...` (the lm_eval CLI, with this
model registered).
"""

from __future__ import annotations

from typing import Any

from lm_eval.api.registry import register_model
from lm_eval.models.huggingface import HFLM


@register_model("leia-hf")
class PaperTokenizationLM(HFLM):
    """HFLM without BOS, with each continuation encoded on its own; an empty context is EOS.
    `generation_batch_size` (NIILC, JEMHopQA) overrides `batch_size` for generation: the authors generated
    one prompt at a time, and batching pads prompts, which changes float16 results."""

    def __init__(self, generation_batch_size: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("add_bos_token", False)
        super().__init__(**kwargs)
        self.generation_batch_size = generation_batch_size
        if self.custom_prefix_token_id is None:
            # X-CODAH's empty context: the original code scores each choice after EOS, not BOS.
            self.custom_prefix_token_id = self.tokenizer.eos_token_id

    def _create_tokenizer(self, pretrained: Any, tokenizer: Any, *args: Any, **kwargs: Any) -> None:
        # HFLM would call AutoTokenizer, which in transformers 5 rebuilds LLaMA-2's tokenizer with other
        # ids for every string that starts with a space; load tokenizer.json as published instead.
        if tokenizer is not None and not isinstance(tokenizer, str):
            self.tokenizer = tokenizer
            return
        from leia import hf_tokenizer

        name = tokenizer or (pretrained if isinstance(pretrained, str) else self.model.name_or_path)
        self.tokenizer = hf_tokenizer.load(hf_tokenizer.resolve(name))

    def generate_until(self, requests: list[Any], disable_tqdm: bool = False) -> list[str]:
        if self.generation_batch_size is None:
            return super().generate_until(requests, disable_tqdm=disable_tqdm)
        batch_size = self.batch_size_per_gpu
        self.batch_size_per_gpu = self.generation_batch_size
        try:
            return super().generate_until(requests, disable_tqdm=disable_tqdm)
        finally:
            self.batch_size_per_gpu = batch_size

    def _encode_pair(self, context: str, continuation: str) -> tuple[list[int], list[int]]:
        # No moving of trailing context spaces into the continuation either: the tools did not.
        return (
            self.tok_encode(context, add_special_tokens=False),
            self.tok_encode(continuation, add_special_tokens=False),
        )


if __name__ == "__main__":
    from lm_eval.__main__ import cli_evaluate

    cli_evaluate()
