"""Bayesian latent-class capture-recapture (LCMCR, Manrique-Vallier 2016).

People belong to latent classes with their own list-capture probabilities; the class
weights come from a truncated stick-breaking Dirichlet process (K classes, concentration
alpha ~ Gamma(a, b)), capture probabilities from Beta(1, 1), and N from a prior
proportional to 1/N. The Gibbs sampler works on counts per capture pattern: the class
memberships of the people sharing a pattern are exchangeable, so a multinomial split
of each pattern's count replaces one categorical draw per person. That is the same
chain as the per-person sampler of the R package, at a fraction of the cost. Each sweep
builds one table of class weight times pattern likelihood (products, no logs), which
serves the unseen count and every pattern's split.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
import numpy.typing as npt

from aqiqat.estimate.diagnostics import effective_sample_size, split_rhat
from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.report import Estimate, refusal
from aqiqat.estimate.variates import (
    State,
    beta_variate,
    binomial,
    gamma_variate,
    log_gamma_variate,
    seed_state,
    uniform,
)

METHOD = "lcmcr"
K_DEFAULT = 10
A_DEFAULT = 0.25
B_DEFAULT = 0.25
RHAT_LIMIT = 1.05
ESS_FLOOR = 400

# Once this few people of a capture pattern are left to place, they are placed one by one:
# cheaper than one binomial draw per remaining class.
SMALL_COUNT = 16
# Below this, a pattern's class weights are recomputed in logs.
TINY = 1e-250

Progress = Callable[[int, int], None]


@numba.njit(cache=True, error_model="numpy", inline="always")
def _order_heaviest_first(weights: npt.NDArray[np.float64], order: npt.NDArray[np.int64]) -> None:
    """Insertion sort of class indices by weight; nearly sorted from the last sweep."""
    for i in range(1, order.size):
        current = order[i]
        j = i - 1
        while j >= 0 and weights[order[j]] < weights[current]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = current


@numba.njit(cache=True, error_model="numpy", inline="always")
def _multinomial_into(
    state: State,
    total: int,
    probs: npt.NDArray[np.float64],
    order: npt.NDArray[np.int64],
    out: npt.NDArray[np.int64],
    cumulative: npt.NDArray[np.float64],
) -> None:
    """Split `total` over classes with probabilities proportional to `probs`.

    Classes are visited in `order` (heaviest first): successive binomials take the
    bulk, then the last few people are placed one at a time among the classes left.
    Both are exact draws from the conditional multinomial. `cumulative` is scratch space
    of the size of `probs`.
    """
    remaining = total
    mass = 0.0
    for k in range(probs.size):
        mass += probs[k]
        out[k] = 0
    last = order.size - 1
    i = 0
    while remaining > SMALL_COUNT and i < last:
        k = order[i]
        share = probs[k] / mass
        if share >= 1.0:
            drawn = remaining
        elif share <= 0.0:
            drawn = 0
        else:
            drawn = binomial(state, remaining, share)
        out[k] = drawn
        remaining -= drawn
        mass -= probs[k]
        i += 1
        if mass <= 0.0:
            return
    if i == last:
        out[order[last]] = remaining
        return
    running = 0.0
    for s in range(i, last):
        running += probs[order[s]]
        cumulative[s] = running
    for _ in range(remaining):
        # Counting the cumulative weights below the target instead of stopping at the
        # first above it: no branch to mispredict.
        target = uniform(state) * mass
        s = i
        for t in range(i, last):
            s += cumulative[t] <= target
        out[order[s]] += 1


@numba.njit(cache=True, error_model="numpy", inline="always")
def _stick_breaking(
    state: State,
    in_class: npt.NDArray[np.int64],
    alpha: float,
    log_pi: npt.NDArray[np.float64],
) -> float:
    """Draw log class weights given class sizes; returns sum of log(1 - V_k), k < K.

    V_k ~ Beta(1 + n_k, alpha + sum of later n). An empty class has the closed form
    1 - V = U^(1 / b); otherwise V is a ratio of gamma draws, kept in log space when the
    second shape is below one, so V within rounding of 1 still has a finite log(1 - V).
    """
    n_classes = in_class.size
    later = 0
    for k in range(n_classes):
        later += in_class[k]
    log_rest = 0.0
    for k in range(n_classes - 1):
        later -= in_class[k]
        rest_shape = alpha + later
        if in_class[k] == 0:
            log_not_v = math.log(uniform(state)) / rest_shape
            log_v = math.log(-math.expm1(log_not_v))
        elif rest_shape >= 1.0:
            first = gamma_variate(state, 1.0 + in_class[k])
            second = gamma_variate(state, rest_shape)
            log_total = math.log(first + second)
            log_v = math.log(first) - log_total
            log_not_v = math.log(second) - log_total
        else:
            first_log = math.log(gamma_variate(state, 1.0 + in_class[k]))
            second_log = log_gamma_variate(state, rest_shape)
            top = max(first_log, second_log)
            log_total = top + math.log(math.exp(first_log - top) + math.exp(second_log - top))
            log_v = first_log - log_total
            log_not_v = second_log - log_total
        log_pi[k] = log_v + log_rest
        log_rest += log_not_v
    log_pi[n_classes - 1] = log_rest
    return log_rest


@numba.njit(cache=True, error_model="numpy", inline="always")
def _beta_one_plus(state: State, successes: int, failures: int) -> float:
    """Beta(1 + successes, 1 + failures), with the cheap closed forms where they exist."""
    if successes == 0 and failures == 0:
        return uniform(state)
    if successes == 0:
        return 1.0 - uniform(state) ** (1.0 / (1.0 + failures))
    if failures == 0:
        return uniform(state) ** (1.0 / (1.0 + successes))
    return beta_variate(state, 1.0 + successes, 1.0 + failures)


@numba.njit(cache=True, error_model="numpy")
def _weights_in_logs(
    log_pi: npt.NDArray[np.float64],
    lam: npt.NDArray[np.float64],
    missed: npt.NDArray[np.float64],
    pattern: npt.NDArray[np.int64],
    row: npt.NDArray[np.float64],
) -> None:
    """Class weights of one pattern, up to a common factor, where the products underflow."""
    top = -np.inf
    for k in range(row.size):
        lp = log_pi[k]
        for j in range(pattern.size):
            lp += math.log(max(lam[j, k] if pattern[j] else missed[j, k], 1e-300))
        row[k] = lp
        top = max(top, lp)
    for k in range(row.size):
        row[k] = math.exp(row[k] - top)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _run_chain(
    rng: np.random.Generator,
    patterns: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    n_classes: int,
    a_alpha: float,
    b_alpha: float,
    burn_in: int,
    n_samples: int,
    thin: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """One chain; returns N and alpha every `thin` iterations after the burn-in."""
    n_patterns, n_lists = patterns.shape
    documented = 0
    for m in range(n_patterns):
        documented += counts[m]
    # Start every class near each list's share of the documented people, jittered so
    # the classes can separate: random starts far from the data need a long burn-in.
    lam = np.empty((n_lists, n_classes))
    for j in range(n_lists):
        listed = 0
        for m in range(n_patterns):
            listed += counts[m] * patterns[m, j]
        share = listed / documented
        for k in range(n_classes):
            lam[j, k] = min(max(share * rng.uniform(0.8, 1.2), 0.01), 0.99)
    # Every draw but the unseen count and alpha (one each a sweep) comes from the inlined
    # generator.
    state = seed_state(rng)
    alpha = 1.0
    log_pi = np.empty(n_classes)
    _stick_breaking(state, np.zeros(n_classes, dtype=np.int64), alpha, log_pi)
    missed = np.empty((n_lists, n_classes))
    # Row m: class weight times the likelihood of pattern m in that class; the last row
    # is the unseen pattern. Products, not sums of logs, which are slower; a row that
    # underflows (extreme capture probabilities on many lists) is redone in logs.
    weights = np.empty((n_patterns + 1, n_classes))
    # Every pattern's split visits the classes heaviest first by class weight: one sort
    # a sweep instead of one a pattern, and the order still finishes most splits early.
    class_weights = np.empty(n_classes)
    order = np.arange(n_classes)
    split = np.empty(n_classes, dtype=np.int64)
    cumulative = np.empty(n_classes)
    in_class = np.empty(n_classes, dtype=np.int64)
    on_list = np.empty((n_lists, n_classes), dtype=np.int64)
    out_n = np.empty(n_samples)
    out_alpha = np.empty(n_samples)
    unseen = n_patterns
    total_iter = burn_in + n_samples * thin
    stored = 0
    for it in range(total_iter):
        for j in range(n_lists):
            for k in range(n_classes):
                missed[j, k] = 1.0 - lam[j, k]
        for k in range(n_classes):
            class_weights[k] = math.exp(log_pi[k])
            weights[unseen, k] = class_weights[k]
        for m in range(n_patterns):
            row = weights[m]
            for k in range(n_classes):
                row[k] = weights[unseen, k]
            for j in range(n_lists):
                factor = lam[j] if patterns[m, j] else missed[j]
                for k in range(n_classes):
                    row[k] *= factor[k]
            if row.sum() < TINY:
                _weights_in_logs(log_pi, lam, missed, patterns[m], row)
        unseen_prob = 0.0
        for k in range(n_classes):
            for j in range(n_lists):
                weights[unseen, k] *= missed[j, k]
            unseen_prob += weights[unseen, k]
        unseen_prob = min(unseen_prob, 1.0 - 1e-12)

        # Unseen people: N - n given the parameters; then every pattern's people, the
        # unseen included, split over the classes.
        n0 = rng.negative_binomial(documented, 1.0 - unseen_prob)
        for k in range(n_classes):
            in_class[k] = 0
            for j in range(n_lists):
                on_list[j, k] = 0
        _order_heaviest_first(class_weights, order)
        for m in range(n_patterns + 1):
            _multinomial_into(
                state, n0 if m == unseen else counts[m], weights[m], order, split, cumulative
            )
            for k in range(n_classes):
                in_class[k] += split[k]
            if m < unseen:
                for j in range(n_lists):
                    if patterns[m, j]:
                        for k in range(n_classes):
                            on_list[j, k] += split[k]

        for j in range(n_lists):
            for k in range(n_classes):
                lam[j, k] = _beta_one_plus(state, on_list[j, k], in_class[k] - on_list[j, k])

        log_rest = _stick_breaking(state, in_class, alpha, log_pi)
        alpha = rng.gamma(a_alpha + n_classes - 1, 1.0 / (b_alpha - log_rest))

        if it >= burn_in and (it - burn_in) % thin == 0:
            out_n[stored] = documented + n0
            out_alpha[stored] = alpha
            stored += 1
    return out_n, out_alpha


def lcmcr(
    histories: CaptureHistories,
    level: float = 0.95,
    n_classes: int = K_DEFAULT,
    a_alpha: float = A_DEFAULT,
    b_alpha: float = B_DEFAULT,
    chains: int = 4,
    burn_in: int = 10_000,
    samples: int = 10_000,
    thin: int = 10,
    seed: int = 0,
    progress: Progress | None = None,
) -> Estimate:
    """Posterior median and equal-tailed interval of N over several chains."""
    if histories.n_lists < 3:
        return refusal(
            METHOD,
            level,
            "the latent-class model is not identified with fewer than three lists",
        )
    observed = histories.observed_counts()
    keep = observed > 0
    patterns = histories.patterns()[keep]
    counts = observed[keep].astype(np.int64)
    streams = np.random.SeedSequence(seed).spawn(chains)
    draws = np.empty((chains, samples))
    alphas = np.empty((chains, samples))

    def run(chain: int) -> int:
        draws[chain], alphas[chain] = _run_chain(
            np.random.default_rng(streams[chain]),
            patterns,
            counts,
            n_classes,
            a_alpha,
            b_alpha,
            burn_in,
            samples,
            thin,
        )
        return chain

    # The sampler releases the GIL, so chains run side by side on separate cores.
    workers = max(1, min(chains, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, _ in enumerate(pool.map(run, range(chains)), start=1):
            if progress is not None:
                progress(done, chains)
    tail = (1.0 - level) / 2.0
    pooled = draws.ravel()
    median = float(np.median(pooled))
    lower, upper = (float(q) for q in np.quantile(pooled, [tail, 1.0 - tail]))
    log_draws = np.log(draws)
    rhat = split_rhat(log_draws) if chains > 1 else float("nan")
    ess = effective_sample_size(log_draws)
    chain_medians = [float(m) for m in np.median(draws, axis=1)]
    warnings: list[str] = []
    if chains > 1 and (not math.isfinite(rhat) or rhat > RHAT_LIMIT):
        warnings.append(
            f"the chains disagree (R-hat {rhat:.2f} > {RHAT_LIMIT}); chain medians "
            + ", ".join(f"{m:,.0f}" for m in chain_medians)
            + ": the posterior is multimodal or the run is too short; do not rely on one number"
        )
    if ess < ESS_FLOOR:
        warnings.append(
            f"only {ess:.0f} effective draws; run longer chains before quoting the interval"
        )
    if histories.n_lists == 3:
        warnings.append(
            "three lists identify the latent-class model weakly; results can change a lot "
            "between seeds"
        )
    return Estimate(
        METHOD,
        median,
        lower,
        upper,
        level,
        warnings=tuple(warnings),
        details={
            "K": n_classes,
            "a": a_alpha,
            "b": b_alpha,
            "chains": chains,
            "burn_in": burn_in,
            "iterations": samples * thin,
            "thin": thin,
            "rhat": rhat,
            "ess": ess,
            "chain_medians": chain_medians,
            "alpha_median": float(np.median(alphas)),
        },
        draws=pooled,
    )
