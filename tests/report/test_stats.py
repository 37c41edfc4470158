"""Golden values: intervals and p-values against numbers computed by hand (closed forms for the
t distribution with 2 and 4 degrees of freedom, numerical integration of the t density for Welch's
fractional degrees of freedom), not by the scipy calls under test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leia.report.stats import one_sample, paired_bootstrap, paired_permutation, summarize, welch

LEIA = [0.33, 0.35, 0.34, 0.36, 0.32]  # mean 0.34, sum of squares 0.001, s^2 = 0.00025
FT = [0.30, 0.31, 0.29, 0.31, 0.30]  # mean 0.302, sum of squares 0.00028, s^2 = 0.00007


def t4_upper(t: float) -> float:
    """P(T > t) for 4 degrees of freedom, closed form."""
    u = 1 + t * t / 4
    return 0.5 - 0.375 * (t / math.sqrt(u)) * (1 - t * t / (12 * u))


def test_interval_n5_hand_computed() -> None:
    s = summarize(LEIA, 0.95)
    assert s.n == 5
    assert s.mean == pytest.approx(0.34)
    assert s.std == pytest.approx(math.sqrt(0.00025))
    # t_{0.975, 4} = 2.776445105 (bisection on the closed-form CDF); se = sqrt(0.00025 / 5)
    assert s.ci == pytest.approx(2.776445105 * math.sqrt(0.00005), rel=1e-8)
    assert s.ci == pytest.approx(0.0196324316, rel=1e-8)


def test_interval_n3_hand_computed() -> None:
    s = summarize([0.30, 0.33, 0.36], 0.95)  # sd 0.03; t_{0.975, 2} = 4.302652730
    assert s.ci == pytest.approx(4.302652730 * 0.03 / math.sqrt(3), rel=1e-8)
    assert s.ci == pytest.approx(0.0745241314, rel=1e-8)


def test_welch_hand_computed() -> None:
    # t = 0.038 / sqrt(0.00005 + 0.000014) = 4.75; df = 64e-6^2 / ((50e-6^2 + 14e-6^2) / 4) = 6.0771513
    # p = integral of the t(6.0771513) density above 4.75 (Simpson, 2e5 panels) = 0.00152630089
    assert welch(LEIA, FT, "greater") == pytest.approx(0.00152630089, rel=1e-6)
    assert welch(LEIA, FT, "two-sided") == pytest.approx(2 * 0.00152630089, rel=1e-6)
    assert welch(FT, LEIA, "greater") == pytest.approx(1 - 0.00152630089, rel=1e-6)


def test_one_sample_hand_computed() -> None:
    t_base = 0.04 / math.sqrt(0.00005)  # vs a base model at 0.30: t = 5.656854
    assert one_sample(LEIA, 0.30, "greater") == pytest.approx(0.00240633917, rel=1e-7)
    assert one_sample(LEIA, 0.30, "greater") == pytest.approx(t4_upper(t_base), rel=1e-9)
    t_chance = 0.09 / math.sqrt(0.00005)  # vs chance 0.25: t = 12.7279
    assert one_sample(LEIA, 0.25, "greater") == pytest.approx(0.000109755710, rel=1e-6)
    assert one_sample(LEIA, 0.25, "greater") == pytest.approx(t4_upper(t_chance), rel=1e-9)


def test_degenerate_cases() -> None:
    assert summarize([0.5]).ci is None and summarize([0.5]).std is None
    assert welch([0.5], FT) is None and one_sample([0.5], 0.3) is None
    # zero variance: the t statistic is undefined; no p of 0.0 that would read as evidence
    assert welch([0.4, 0.4], [0.3, 0.3]) is None and welch([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]) is None
    assert one_sample([0.4, 0.4, 0.4], 0.4) is None and one_sample([0.4, 0.4], 0.3) is None
    assert summarize([0.4, 0.4]).ci == 0.0
    # one side constant, the other not: Welch is still defined
    assert 0.0 < welch([0.40, 0.40, 0.40], [0.30, 0.32, 0.31]) < 0.01


@pytest.mark.parametrize("test", [paired_permutation, paired_bootstrap])
def test_paired_identical_predictions_give_p_one(test) -> None:
    rng = np.random.default_rng(0)
    assert test(np.zeros(300), "greater", 2000, rng) == pytest.approx(1.0)
    assert test(np.zeros(300), "two-sided", 2000, rng) == pytest.approx(1.0)


def test_permutation_exact_enumeration() -> None:
    # five examples, all improved: only 1 of the 2^5 sign patterns reaches the observed mean
    assert paired_permutation(np.ones(5), "greater", 10000, np.random.default_rng(0)) == 1 / 32
    assert paired_permutation(np.ones(5), "two-sided", 10000, np.random.default_rng(0)) == 2 / 32


def test_paired_tests_detect_a_clear_gain_and_not_a_loss() -> None:
    rng = np.random.default_rng(1)
    d = (rng.random(400) < 0.3).astype(float) - (rng.random(400) < 0.1).astype(float)  # +0.2 on average
    for test in (paired_permutation, paired_bootstrap):
        assert test(d, "greater", 2000, np.random.default_rng(2)) < 0.01
        assert test(-d, "greater", 2000, np.random.default_rng(2)) > 0.9
    # the +1 correction never reports zero
    assert paired_permutation(d, "greater", 500, np.random.default_rng(3)) == pytest.approx(1 / 501)


def test_paired_seeded_reproducible() -> None:
    d = np.random.default_rng(5).normal(0.01, 0.5, 200)
    a = paired_permutation(d, "greater", 3000, np.random.default_rng(9))
    b = paired_permutation(d, "greater", 3000, np.random.default_rng(9))
    assert a == b and 0.0 < a < 1.0
