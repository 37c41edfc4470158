import unicodedata

import pytest
from fuzzywuzzy import fuzz

from leia.evaluation.char_f1 import char_f1

# Values fuzzywuzzy 0.18 + python-Levenshtein gives (llm-jp-eval's metric); rapidfuzz differs on some.
KNOWN = [
    ("東京", "東京", 1.0),
    ("東京都", "東京", 0.8),
    ("ヴェルモラ", "ヴェルモラ市", 0.91),
    ("1932年12月13日", "1932年12月13日", 1.0),
    ("ＡＢＣ", "abc", 1.0),  # NFKC folds full-width letters; fuzzywuzzy lower-cases
    ("J・K・ローリング", "J.K.ローリング", 1.0),  # punctuation is dropped by fuzzywuzzy's processing
    ("画家", "詩人", 0.0),
    ("", "", 1.0),  # fuzzywuzzy: equal strings score 100 before its empty-string check
    ("!!", "??", 1.0),  # both become empty after its processing: equal, so 100
    ("", "東京", 0.0),
    ("moscow russia", "russia moscow", 1.0),  # token *sort*
]


@pytest.mark.parametrize(("pred", "gold", "expected"), KNOWN)
def test_known_values(pred: str, gold: str, expected: float) -> None:
    assert char_f1(pred, gold) == pytest.approx(expected)


@pytest.mark.parametrize(("pred", "gold", "_"), KNOWN)
def test_is_fuzzywuzzy_token_sort_ratio_after_nfkc(pred: str, gold: str, _: float) -> None:
    nfkc = unicodedata.normalize
    assert char_f1(pred, gold) == fuzz.token_sort_ratio(nfkc("NFKC", pred), nfkc("NFKC", gold)) / 100


def test_uses_python_levenshtein() -> None:
    from fuzzywuzzy import fuzz as f

    assert f.SequenceMatcher.__module__ == "fuzzywuzzy.StringMatcher"
