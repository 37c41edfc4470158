"""llm-jp-eval's character F1, reproduced exactly (fuzzywuzzy 0.18 + python-Levenshtein).

llm-jp-eval v1.0.0 scores a generated answer as `fuzz.token_sort_ratio(pred, gold) / 100` after NFKC
normalisation of both strings. rapidfuzz/thefuzz differ on some inputs (their token_sort_ratio uses a
different ratio and preprocessing), so only fuzzywuzzy is used here.
"""

from __future__ import annotations

import unicodedata
import warnings

with warnings.catch_warnings():  # fuzzywuzzy warns when Levenshtein is missing; it is a dependency here
    warnings.simplefilter("ignore")
    from fuzzywuzzy import fuzz


def normalize(text: str) -> str:
    """llm-jp-eval's `normalize`: Unicode NFKC."""
    return unicodedata.normalize("NFKC", text)


def char_f1(pred: str, gold: str) -> float:
    """Character-based F-measure in [0, 1] as llm-jp-eval computes it."""
    return fuzz.token_sort_ratio(normalize(pred), normalize(gold)) / 100
