"""Poisson log-linear fits by IRLS, many models at once.

Fitting thousands of small GLMs one by one is dominated by Python overhead, so models
with the same number of parameters are stacked and solved with batched linear algebra.
The iteration and stopping rule follow R's `glm.fit` (start at y + 0.1, stop when the
deviance changes by less than 1e-8 relative), so fits that run off to infinite
parameters (zero cells) stop where R's would.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, xlogy

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class BatchFit:
    """Fits of B models: coefficients (B, p), fitted means (B, C) and statistics (B,)."""

    coef: Array
    fitted: Array
    deviance: Array
    loglik: Array
    converged: npt.NDArray[np.bool_]
    iterations: npt.NDArray[np.int64]
    cov_intercept: Array


def poisson_deviance(y: Array, mu: Array) -> Array:
    return np.asarray(2.0 * np.sum(xlogy(y, y) - xlogy(y, mu) - (y - mu), axis=-1))


# Largest batch, in design-matrix entries, fitted at once: bounds memory with many lists.
BATCH_ENTRIES = 8_000_000


def fit_poisson_batch(design: Array, y: Array, max_iter: int = 200, tol: float = 1e-8) -> BatchFit:
    """Fit log E[y] = X b for every design in the batch.

    `design` is (B, C, p); `y` is (C,) shared by all models or (B, C) one per model.
    """
    n_models, n_cells, n_params = design.shape
    step = max(1, BATCH_ENTRIES // (n_cells * n_params))
    if n_models <= step:
        return _fit_chunk(design, y, max_iter, tol)
    counts = np.broadcast_to(y, (n_models, n_cells))
    parts = [
        _fit_chunk(design[i : i + step], counts[i : i + step], max_iter, tol)
        for i in range(0, n_models, step)
    ]
    return BatchFit(
        *(
            np.concatenate([getattr(part, name) for part in parts])
            for name in BatchFit.__dataclass_fields__
        )
    )


def _fit_chunk(design: Array, y: Array, max_iter: int, tol: float) -> BatchFit:
    n_models, n_cells, n_params = design.shape
    counts = np.broadcast_to(y, (n_models, n_cells)).astype(np.float64)
    mu = counts + 0.1
    eta = np.log(mu)
    coef = np.zeros((n_models, n_params))
    deviance = poisson_deviance(counts, mu)
    converged = np.zeros(n_models, dtype=bool)
    iterations = np.zeros(n_models, dtype=np.int64)
    info_inv00 = np.full(n_models, np.nan)
    eye = np.eye(n_params)
    active = np.arange(n_models)
    for _ in range(max_iter):
        x = design[active]
        weights = mu[active]
        working = eta[active] + (counts[active] - weights) / weights
        xtw = np.swapaxes(x, 1, 2) * weights[:, None, :]
        info = xtw @ x
        # A fitted mean collapsing towards zero makes the information matrix
        # near-singular; a ridge far below any real curvature keeps solve() defined
        # without moving well-posed fits.
        scale = np.trace(info, axis1=1, axis2=2) / n_params
        info += eye * (1e-13 * scale)[:, None, None]
        rhs = xtw @ working[:, :, None]
        new_coef = np.linalg.solve(info, rhs)[:, :, 0]
        new_eta = np.clip(np.einsum("bcp,bp->bc", x, new_coef), -700.0, 700.0)
        new_mu = np.exp(new_eta)
        new_dev = poisson_deviance(counts[active], new_mu)
        coef[active] = new_coef
        eta[active] = new_eta
        mu[active] = new_mu
        iterations[active] += 1
        done = np.abs(new_dev - deviance[active]) / (np.abs(new_dev) + 0.1) < tol
        deviance[active] = new_dev
        if done.any():
            finished = active[done]
            converged[finished] = True
            info_inv00[finished] = _inverse_corner(x[done], new_mu[done], eye)
        active = active[~done]
        if active.size == 0:
            break
    if active.size:
        info_inv00[active] = _inverse_corner(design[active], mu[active], eye)
    loglik = np.sum(xlogy(counts, mu) - mu - gammaln(counts + 1.0), axis=1)
    return BatchFit(coef, mu, deviance, loglik, converged, iterations, info_inv00)


def _inverse_corner(x: Array, mu: Array, eye: Array) -> Array:
    """Variance of the intercept: the (0, 0) entry of the inverse information."""
    info = (np.swapaxes(x, 1, 2) * mu[:, None, :]) @ x
    scale = np.trace(info, axis1=1, axis2=2) / info.shape[1]
    info += eye * (1e-13 * scale)[:, None, None]
    unit = np.zeros((x.shape[0], info.shape[1], 1))
    unit[:, 0, 0] = 1.0
    return np.asarray(np.linalg.solve(info, unit)[:, 0, 0])
