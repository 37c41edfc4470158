"""The original code's choice for every option that changes the tokens trained on or the scores.

The paper profiles take each of these values (tests/test_profiles.py checks it); the demo keeps the
package's alternatives, which are ablations of the paper configuration, one key away. Sources:
studio-ousia/leia@7c1eac8adf648009f3954c8f31f0c54e1a2ff8de (S) and leia-llm/leia@2b13a60 (L), with
wikiextractor 3.0.7 and transformers 4.35.2 as pinned there. README "Where we differ" measures each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leia.params import get


@dataclass(frozen=True)
class Choice:
    key: str
    original: Any
    what: str  # what the original does, and where


ORIGINAL: tuple[Choice, ...] = (
    Choice("extract.drop_empty_parens", False,
           "keeps the '（）' a removed template leaves (S scripts/preprocess_wikipedia.py)"),
    Choice("extract.article_end", "blank_line",
           "each article ends with the blank line before </doc> of wikiextractor's document format: "
           "text + '\\n\\n' (S scripts/preprocess_wikipedia.py _generate_articles)"),
    Choice("entities.redirect_fallback", False,
           "a redirect resolves through its target only; no Wikidata item there, no name "
           "(S scripts/preprocess_wikipedia.py:71-75)"),
    Choice("tokenize.boundary", "drop",
           "whole articles tokenized at once; an anchor whose boundary falls inside a token is dropped "
           "(S scripts/build_wikipedia_dataset.py:42-84)"),
    Choice("train.micro_batch_size", 1,
           "1 sequence per GPU, 256 accumulation steps on 8 GPUs (S/L train.sh)"),
    Choice("train.loss_average", "micro_batch",
           "the loss is the mean over each micro-batch's tokens, averaged over micro-batches and GPUs "
           "(transformers 4.35.2 Trainer + DeepSpeed)"),
    Choice("train.optim", "adamw_torch",
           "transformers 4.35.2's default optimizer; train.sh sets none (S/L train.sh)"),
    Choice("evaluate.generation_batch_size", 1,
           "NIILC/JEMHopQA prompts generated one at a time (L leia/tasks/base.py GenerationTask)"),
)  # fmt: skip


def report(params: dict[str, Any]) -> list[tuple[str, Any, Any, bool]]:
    """(key, value in params, the original's value, equal) for every option in ORIGINAL."""
    rows = []
    for c in ORIGINAL:
        value = get(params, c.key, None)
        rows.append((c.key, value, c.original, value == c.original))
    return rows


def steps_line(params: dict[str, Any]) -> str:
    """The optimizer steps of each target language's runs (train.max_steps), in words."""
    from leia.params import get_list
    from leia.train.config import pinned_steps

    langs = get_list(params, "languages")
    steps = {lang: pinned_steps(params, lang) for lang in langs}
    if all(s is None for s in steps.values()):
        return "steps per language: from train.token_budget and each corpus (train.max_steps: null)"
    return "steps per language (train.max_steps): " + ", ".join(
        f"{lang} {s if s is not None else 'from the corpus'}" for lang, s in steps.items()
    )


def render(params: dict[str, Any]) -> list[str]:
    """Lines for `leia profile validate`: the steps, and each option with whether it is the original's."""
    lines = [steps_line(params), "choices that change the tokens trained on or the scores:"]
    for key, value, original, same in report(params):
        mark = "as the original" if same else f"differs (the original: {original!r}; an ablation)"
        lines.append(f"  {key}: {value!r}  {mark}")
    return lines
