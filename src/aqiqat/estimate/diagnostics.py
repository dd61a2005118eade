"""MCMC convergence diagnostics: split R-hat and effective sample size (Gelman et al. 2013)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def _split(chains: Array) -> Array:
    """Halve each chain so that drift within a chain shows up as disagreement."""
    half = chains.shape[1] // 2
    return np.concatenate([chains[:, :half], chains[:, half : 2 * half]], axis=0)


def split_rhat(chains: Array) -> float:
    """Potential scale reduction of draws shaped (chains, draws); near 1 when mixed."""
    parts = _split(np.asarray(chains, dtype=np.float64))
    n = parts.shape[1]
    within = parts.var(axis=1, ddof=1).mean()
    between = n * parts.mean(axis=1).var(ddof=1)
    if within == 0:
        return 1.0 if between == 0 else float("inf")
    pooled = (n - 1) / n * within + between / n
    return float(np.sqrt(pooled / within))


def effective_sample_size(chains: Array) -> float:
    """Multi-chain ESS with Geyer's initial monotone sequence of autocorrelation pairs."""
    parts = _split(np.asarray(chains, dtype=np.float64))
    m, n = parts.shape
    centred = parts - parts.mean(axis=1, keepdims=True)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    autocov = np.fft.irfft(spectrum * np.conj(spectrum), n=size, axis=1)[:, :n] / n
    within = autocov[:, 0].mean() * n / (n - 1)
    if within == 0:
        return float(m * n)
    pooled = (n - 1) / n * within + parts.mean(axis=1).var(ddof=1)
    rho = 1.0 - (within - autocov.mean(axis=0)) / pooled
    rho[0] = 1.0
    total = 0.0
    previous_pair = np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair < 0:
            break
        pair = min(pair, previous_pair)
        total += pair
        previous_pair = pair
    tau = max(2.0 * total - 1.0, 1.0 / np.log10(max(m * n, 10)))
    return float(m * n / tau)
