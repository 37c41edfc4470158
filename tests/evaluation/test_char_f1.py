import pytest

from leia.evaluation.char_f1 import char_f1

# Expected values worked out by hand, not by calling fuzzywuzzy. llm-jp-eval v1.0.0 scores
# fuzz.token_sort_ratio(pred, gold) / 100 after NFKC; in fuzzywuzzy 0.18 (fuzz.py, utils.py) that is:
# full_process (lower-case; every non-alphanumeric character becomes a space; strip), split on spaces,
# sort the tokens, join with one space, then python-Levenshtein's ratio
#   round(100 * (len(a) + len(b) - indel(a, b)) / (len(a) + len(b)))
# with indel = insertions + deletions (a substitution costs 2). Two equal strings score 100 before the
# empty-string check; an empty processed string scores 0 otherwise.
KNOWN = [
    ("東京", "東京", 1.0),
    ("東京都", "東京", 0.8),  # 3 + 2 = 5 characters, one deletion: 4/5
    ("ヴェルモラ", "ヴェルモラ市", 0.91),  # 5 + 6 = 11, one insertion: 10/11 = 90.9 -> 91
    ("abcd", "abce", 0.75),  # 4 + 4 = 8, one substitution = indel 2: 6/8
    ("東京タワー", "東京スカイツリー", 0.46),  # 5 + 8 = 13, common 東京ー (3): indel 7: 6/13 = 46.2 -> 46
    ("1932年12月13日", "1932年12月13日", 1.0),
    ("ＡＢＣ", "abc", 1.0),  # NFKC folds full-width letters; fuzzywuzzy lower-cases
    ("J・K・ローリング", "J.K.ローリング", 1.0),  # punctuation is dropped by fuzzywuzzy's processing
    ("画家", "詩人", 0.0),  # nothing in common: indel = 4 = 2 + 2
    ("", "", 1.0),  # fuzzywuzzy: equal strings score 100 before its empty-string check
    ("!!", "??", 1.0),  # both become empty after its processing: equal, so 100
    ("", "東京", 0.0),
    ("moscow russia", "russia moscow", 1.0),  # token *sort*
]


@pytest.mark.parametrize(("pred", "gold", "expected"), KNOWN)
def test_known_values(pred: str, gold: str, expected: float) -> None:
    assert char_f1(pred, gold) == pytest.approx(expected)


def test_uses_python_levenshtein() -> None:
    from fuzzywuzzy import fuzz as f

    assert f.SequenceMatcher.__module__ == "fuzzywuzzy.StringMatcher"
