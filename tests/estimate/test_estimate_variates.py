"""The samplers' own random variates and convergence diagnostics."""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest
from scipy import stats
from scipy.special import digamma, polygamma

from aqiqat.estimate.diagnostics import effective_sample_size, split_rhat
from aqiqat.estimate.variates import (
    beta_variate,
    binomial,
    gamma_variate,
    log_gamma_variate,
    next_uint64,
    seed_state,
    standard_normal,
    uniform,
)


@numba.njit
def _binomials(state: np.ndarray, size: int, n: int, p: float) -> np.ndarray:
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = binomial(state, n, p)
    return out


@numba.njit
def _log_gammas(state: np.ndarray, size: int, shape: float) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = log_gamma_variate(state, shape)
    return out


@numba.njit
def _gammas(state: np.ndarray, size: int, shape: float) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = gamma_variate(state, shape)
    return out


@numba.njit
def _betas(state: np.ndarray, size: int, a: float, b: float) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = beta_variate(state, a, b)
    return out


@numba.njit
def _uniforms(state: np.ndarray, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = uniform(state)
    return out


@numba.njit
def _normals(state: np.ndarray, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = standard_normal(state)
    return out


@numba.njit
def _words(state: np.ndarray, size: int) -> np.ndarray:
    out = np.empty(size, dtype=np.uint64)
    for i in range(size):
        out[i] = next_uint64(state)
    return out


def test_the_generator_is_xoshiro256_plus_plus() -> None:
    # The reference implementation's first outputs from the state 1, 2, 3, 4.
    words = _words(np.array([1, 2, 3, 4], dtype=np.uint64), 6)
    assert words.tolist() == [
        41943041,
        58720359,
        3588806011781223,
        3591011842654386,
        9228616714210784205,
        9973669472204895162,
    ]


def test_the_generator_is_reproducible_and_seeds_differ() -> None:
    first = _uniforms(seed_state(np.random.default_rng(5)), 1000)
    again = _uniforms(seed_state(np.random.default_rng(5)), 1000)
    other = _uniforms(seed_state(np.random.default_rng(6)), 1000)
    assert np.array_equal(first, again)
    assert not np.any(first == other)


def test_uniforms_are_uniform_and_independent_of_their_neighbours() -> None:
    draws = _uniforms(seed_state(np.random.default_rng(2)), 400_000)
    assert draws.min() >= 0.0 and draws.max() < 1.0
    assert stats.kstest(draws, "uniform").pvalue > 1e-4
    # Pairs of successive draws fill a 20 x 20 grid evenly.
    cells = (draws[0::2] * 20).astype(int) * 20 + (draws[1::2] * 20).astype(int)
    observed = np.bincount(cells, minlength=400)
    assert stats.chisquare(observed).pvalue > 1e-4


def test_the_normal_sampler_has_the_normal_distribution_tails_included() -> None:
    draws = _normals(seed_state(np.random.default_rng(9)), 1_000_000)
    assert stats.kstest(draws, "norm").pvalue > 1e-4
    # Beyond 3.654 the ziggurat switches to its tail method; 1 in 3,900 draws lands there.
    tail = float(np.mean(np.abs(draws) > 3.6541528853610088))
    expected = 2.0 * float(stats.norm.sf(3.6541528853610088))
    assert tail == pytest.approx(expected, rel=5 * math.sqrt(1.0 / (expected * draws.size)))
    beyond = np.abs(draws[np.abs(draws) > 3.6541528853610088])
    conditional = stats.truncnorm(3.6541528853610088, np.inf)
    assert stats.kstest(beyond, conditional.cdf).pvalue > 1e-4


@pytest.mark.parametrize(
    ("n", "p"),
    [(1000, 0.5), (1000, 0.01), (10, 0.3), (1000, 0.0001), (50, 0.9), (200, 0.06), (5000, 0.37)],
)
def test_the_binomial_sampler_has_the_binomial_distribution(n, p) -> None:
    draws = _binomials(seed_state(np.random.default_rng(7)), 200_000, n, p)
    low, high = (int(v) for v in stats.binom.ppf([1e-6, 1 - 1e-6], n, p))
    support = np.arange(low, high + 1)
    observed = np.array([(draws == k).sum() for k in support])
    expected = stats.binom.pmf(support, n, p) * draws.size
    enough = expected > 5
    chi2 = float(((observed[enough] - expected[enough]) ** 2 / expected[enough]).sum())
    assert stats.chi2.sf(chi2, enough.sum() - 1) > 1e-4
    assert draws.min() >= 0 and draws.max() <= n


def test_the_binomial_sampler_handles_the_edges() -> None:
    state = seed_state(np.random.default_rng(1))
    assert _binomials(state, 5, 0, 0.5).tolist() == [0] * 5
    assert _binomials(state, 5, 7, 1.0).tolist() == [7] * 5
    assert _binomials(state, 5, 7, 0.0).tolist() == [0] * 5


@pytest.mark.parametrize("shape", [0.001, 0.3, 2.0, 400.0])
def test_log_gamma_variates_are_logs_of_gamma_draws(shape) -> None:
    draws = _log_gammas(seed_state(np.random.default_rng(3)), 100_000, shape)
    assert np.all(np.isfinite(draws))
    # E[log G] = digamma(shape) for G ~ Gamma(shape, 1).
    tolerance = 5 * math.sqrt(float(polygamma(1, shape)) / draws.size)
    assert draws.mean() == pytest.approx(float(digamma(shape)), abs=tolerance)


@pytest.mark.parametrize("shape", [1.0, 1.7, 12.0, 5000.0])
def test_the_gamma_sampler_has_the_gamma_distribution(shape) -> None:
    draws = _gammas(seed_state(np.random.default_rng(11)), 100_000, shape)
    assert stats.kstest(draws, stats.gamma(shape).cdf).pvalue > 1e-4


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (2.0, 40.0), (300.0, 4000.0), (7.0, 1.5)])
def test_the_beta_sampler_has_the_beta_distribution(a, b) -> None:
    draws = _betas(seed_state(np.random.default_rng(12)), 100_000, a, b)
    assert stats.kstest(draws, stats.beta(a, b).cdf).pvalue > 1e-4


def test_rhat_is_near_one_for_mixed_chains_and_large_for_stuck_ones() -> None:
    rng = np.random.default_rng(0)
    mixed = rng.normal(size=(4, 2000))
    stuck = mixed + np.array([0.0, 0.0, 0.0, 3.0])[:, None]
    assert split_rhat(mixed) < 1.01
    assert split_rhat(stuck) > 1.2


def test_ess_counts_independent_draws_and_discounts_autocorrelated_ones() -> None:
    rng = np.random.default_rng(0)
    independent = rng.normal(size=(4, 5000))
    assert effective_sample_size(independent) == pytest.approx(20_000, rel=0.1)
    rho = 0.9
    chains = np.zeros((4, 5000))
    for t in range(1, 5000):
        chains[:, t] = rho * chains[:, t - 1] + rng.normal(size=4)
    expected = 20_000 * (1 - rho) / (1 + rho)
    assert effective_sample_size(chains) == pytest.approx(expected, rel=0.25)
