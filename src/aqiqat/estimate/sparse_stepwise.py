"""Stepwise two-way log-linear fitting for sparse lists (Chan, Silverman & Vincent 2021).

Starting from independence, the two-list effect whose overlap is least compatible with
the current fit (one-sided Poisson p-value of the overlap total) is added while that
p-value is below a threshold, skipping effects that would make the MLE infinite or
unidentifiable (the linear-programming test of Fienberg & Rinaldo 2012). Pairs of
lists that share nobody are handled as in the paper: their cells are structural zeros.
This is what SparseMSE's `estimatepopulation.0` computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse, stats

from aqiqat.estimate.glm import fit_poisson_batch
from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.report import Estimate, refusal

METHOD = "sparse"
DEFAULT_THRESHOLD = 0.02

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Design:
    matrix: Array
    counts: Array
    masks: npt.NDArray[np.int64]
    empty_pairs: tuple[int, ...]


def _design(histories: CaptureHistories, pairs: list[int]) -> _Design:
    """Design for main effects plus `pairs`, dropping cells of pairs that share nobody."""
    masks = np.arange(1, 1 << histories.n_lists)
    keep = np.ones(masks.size, dtype=bool)
    empty: list[int] = []
    present: list[int] = []
    for pair in pairs:
        if histories.counts[(np.arange(histories.counts.size) & pair) == pair].sum() == 0:
            empty.append(pair)
            keep &= (masks & pair) != pair
        else:
            present.append(pair)
    masks = masks[keep]
    columns = np.array([0, *(1 << j for j in range(histories.n_lists)), *present])
    matrix = ((masks[:, None] & columns[None, :]) == columns[None, :]).astype(np.float64)
    counts = histories.counts[masks].astype(np.float64)
    return _Design(matrix, counts, masks, tuple(empty))


def mle_exists_and_identifiable(design: _Design) -> bool:
    """Fienberg-Rinaldo check: some strictly positive table shares the sufficient statistics.

    Maximise s subject to X'x = X'y, x >= s, x >= 0; the MLE is finite only if s > 0.
    Identifiability needs the design to have full column rank.
    """
    x, y = design.matrix, design.counts
    n_cells, n_params = x.shape
    if np.linalg.matrix_rank(x) < n_params:
        return False
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    equality = np.hstack([x.T, np.zeros((n_params, 1))])
    # Sparse, since with many lists a dense identity over the cells would not fit in memory.
    inequality = sparse.hstack(
        [-sparse.identity(n_cells, format="csr"), sparse.csr_matrix(np.ones((n_cells, 1)))]
    ).tocsr()
    result = optimize.linprog(
        objective,
        A_ub=inequality,
        b_ub=np.zeros(n_cells),
        A_eq=equality,
        b_eq=x.T @ y,
        bounds=[(0, None)] * (n_cells + 1),
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > 1e-9)


def sparse_stepwise(
    histories: CaptureHistories, level: float = 0.95, threshold: float = DEFAULT_THRESHOLD
) -> Estimate:
    """SparseMSE's stepwise estimate, with its Wald interval on the log unseen count."""
    if histories.n_lists < 3:
        return refusal(METHOD, level, "the stepwise method needs at least three lists")
    all_pairs = [(1 << i) | (1 << j) for i, j in combinations(range(histories.n_lists), 2)]
    masks = np.arange(histories.counts.size)
    overlap_totals = {p: int(histories.counts[(masks & p) == p].sum()) for p in all_pairs}
    chosen: list[int] = []
    design = _design(histories, chosen)
    fit = fit_poisson_batch(design.matrix[None], design.counts)
    while True:
        fitted = fit.fitted[0]
        best_p, best_pair = 1.0, -1
        for pair in all_pairs:
            if pair in chosen:
                continue
            expected = float(fitted[(design.masks & pair) == pair].sum())
            observed = overlap_totals[pair]
            p_value = min(
                float(stats.poisson.cdf(observed, expected)),
                float(stats.poisson.sf(observed - 1, expected)),
            )
            if p_value < best_p and not mle_exists_and_identifiable(
                _design(histories, [*chosen, pair])
            ):
                p_value = 1.0
            if p_value < best_p:
                best_p, best_pair = p_value, pair
        if best_pair < 0 or best_p >= threshold:
            break
        chosen.append(best_pair)
        design = _design(histories, chosen)
        fit = fit_poisson_batch(design.matrix[None], design.counts)

    documented = histories.documented
    log_unseen = float(fit.coef[0, 0])
    spread = math.sqrt(max(float(fit.cov_intercept[0]), 0.0))
    z = float(stats.norm.ppf(0.5 + level / 2))
    names = [
        "*".join(histories.lists[j] for j in range(histories.n_lists) if (pair >> j) & 1)
        for pair in chosen
    ]
    warnings: list[str] = []
    if design.empty_pairs:
        warnings.append(
            "some chosen pairs of lists share nobody and are treated as structural zeros: "
            + ", ".join(
                "*".join(histories.lists[j] for j in range(histories.n_lists) if (p >> j) & 1)
                for p in design.empty_pairs
            )
        )
    rng = np.random.default_rng(0)
    return Estimate(
        METHOD,
        documented + math.exp(log_unseen),
        documented + math.exp(log_unseen - z * spread),
        documented + math.exp(log_unseen + z * spread),
        level,
        warnings=tuple(warnings),
        details={"pairs": names, "threshold": threshold, "log_unseen_se": spread},
        draws=documented + np.exp(log_unseen + spread * rng.standard_normal(4000)),
    )
