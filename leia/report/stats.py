"""The statistics behind the paper's tables: t intervals, Welch / one-sample t-tests, paired tests.

All tests are one- or two-sided per `alternative` ("greater" = the method beats the baseline).
Degenerate inputs get None instead of NaN: fewer than two seeds -> no interval and no t-test; zero
variance (every seed scores the same, e.g. 0 on a benchmark the model cannot do) -> no t-test either,
since the t statistic is undefined and a p of 0 or 1 would read as evidence.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from itertools import product

import numpy as np
from scipy import stats as sps

ALTERNATIVES = ("greater", "less", "two-sided")


@dataclass(frozen=True)
class Summary:
    mean: float
    std: float | None  # sample standard deviation (n-1); None for n=1
    ci: float | None  # half-width of the t interval; None for n=1
    n: int


def _constant(x: np.ndarray) -> bool:
    """All values equal up to float noise (a mean of 0.4s has a variance of 1e-33, not 0)."""
    return float(np.ptp(x)) <= 1e-12 * max(1.0, float(np.abs(x).max()))


def summarize(values: np.ndarray | list[float], confidence: float = 0.95) -> Summary:
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("no values to summarize")
    if x.size == 1:
        return Summary(float(x[0]), None, None, 1)
    std = 0.0 if _constant(x) else float(x.std(ddof=1))
    t = float(sps.t.ppf((1.0 + confidence) / 2.0, x.size - 1))
    return Summary(float(x.mean()), std, t * std / math.sqrt(x.size), int(x.size))


def welch(
    a: np.ndarray | list[float], b: np.ndarray | list[float], alternative: str = "greater"
) -> float | None:
    """Welch's unequal-variance t-test of mean(a) vs mean(b); None if either side has < 2 values
    or both have zero variance."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < 2 or b.size < 2 or (_constant(a) and _constant(b)):
        return None
    with warnings.catch_warnings():  # a constant side (float-noise variance) is fine for Welch
        warnings.filterwarnings("ignore", "Precision loss", RuntimeWarning)
        return float(sps.ttest_ind(a, b, equal_var=False, alternative=alternative).pvalue)


def one_sample(a: np.ndarray | list[float], mu: float, alternative: str = "greater") -> float | None:
    """One-sample t-test of mean(a) against a fixed value; None with < 2 values or zero variance."""
    a = np.asarray(a, dtype=float)
    if a.size < 2 or _constant(a):
        return None
    return float(sps.ttest_1samp(a, mu, alternative=alternative).pvalue)


def _tail(null: np.ndarray, observed: float, alternative: str) -> np.ndarray:
    eps = 1e-12 * max(1.0, abs(observed))  # float noise must not break ties (identical -> p = 1)
    if alternative == "greater":
        return null >= observed - eps
    if alternative == "less":
        return null <= observed + eps
    return np.abs(null) >= abs(observed) - eps


def paired_permutation(
    diffs: np.ndarray, alternative: str, resamples: int, rng: np.random.Generator, chunk: int = 2000
) -> float:
    """Sign-flip permutation test of mean(diffs) = 0 over paired per-example differences.

    Exact (all 2^n sign patterns) when that is no more than `resamples`; otherwise Monte Carlo
    with the +1 correction, p = (1 + hits) / (1 + resamples), which never reports 0.
    """
    d = np.asarray(diffs, dtype=float)
    observed = float(d.mean())
    if d.size <= 20 and 2**d.size <= resamples:
        signs = np.array(list(product((1.0, -1.0), repeat=d.size)))
        return float(_tail(signs @ d / d.size, observed, alternative).mean())
    hits, done, total = 0, 0, float(d.sum())
    while done < resamples:
        m = min(chunk, resamples - done)
        # one random bit per sign: sum(s_i d_i) with s = 2b - 1 is 2 b.d - sum(d)
        raw = np.frombuffer(rng.bytes(m * ((d.size + 7) // 8)), dtype=np.uint8).reshape(m, -1)
        bits = np.unpackbits(raw, axis=1, count=d.size).astype(np.float64)
        hits += int(_tail((2.0 * (bits @ d) - total) / d.size, observed, alternative).sum())
        done += m
    return (1.0 + hits) / (1.0 + resamples)


def paired_bootstrap(
    diffs: np.ndarray, alternative: str, resamples: int, rng: np.random.Generator, chunk: int = 2000
) -> float:
    """Paired bootstrap over examples: resampled mean differences, centred on the observed one,
    give the null distribution; p = (1 + hits) / (1 + resamples)."""
    d = np.asarray(diffs, dtype=float)
    observed = float(d.mean())
    hits, done = 0, 0
    while done < resamples:
        m = min(chunk, resamples - done)
        idx = rng.integers(0, d.size, size=(m, d.size))
        hits += int(_tail(d[idx].mean(axis=1) - observed, observed, alternative).sum())
        done += m
    return (1.0 + hits) / (1.0 + resamples)


PAIRED_TESTS = {"permutation": paired_permutation, "bootstrap": paired_bootstrap}
