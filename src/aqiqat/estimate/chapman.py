"""Chapman's (1951) nearly unbiased two-list estimator."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.report import Estimate, refusal

METHOD = "chapman"
INDEPENDENCE_CAVEAT = (
    "Chapman assumes the two lists are independent and everyone is equally likely to be "
    "listed; lists that tend to find the same people (positive dependence) make this an "
    "underestimate, lists that find different people an overestimate, and two lists "
    "cannot test it"
)


def chapman(
    histories: CaptureHistories, level: float = 0.95, n_draws: int = 4000, seed: int = 0
) -> Estimate:
    """Chapman's N with a log-normal interval on the unseen count (Chao 1987)."""
    if histories.n_lists != 2:
        return refusal(
            METHOD,
            level,
            f"Chapman's estimator needs exactly two lists; these histories have "
            f"{histories.n_lists} (use the log-linear or LCMCR methods)",
        )
    n1, n2 = (int(total) for total in histories.list_totals())
    both = histories.overlap(0, 1)
    if both == 0:
        return refusal(METHOD, level, "the two lists share nobody, so N cannot be estimated")
    documented = histories.documented
    n_hat = (n1 + 1) * (n2 + 1) / (both + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - both) * (n2 - both) / ((both + 1) ** 2 * (both + 2))
    unseen = n_hat - documented
    z = float(stats.norm.ppf(0.5 + level / 2))
    warnings = [INDEPENDENCE_CAVEAT]
    if unseen <= 0 or variance <= 0:
        lower = upper = n_hat
        draws = np.full(n_draws, n_hat)
    else:
        # The unseen count is positive and skewed, so the interval is built on its log
        # scale; that also keeps the lower end above the documented count.
        spread = math.sqrt(math.log1p(variance / unseen**2))
        factor = math.exp(z * spread)
        lower = documented + unseen / factor
        upper = documented + unseen * factor
        rng = np.random.default_rng(seed)
        draws = documented + unseen * np.exp(rng.normal(0.0, spread, size=n_draws))
    if both < 10:
        warnings.append(f"only {both} people are on both lists; the interval is rough")
    return Estimate(
        METHOD,
        n_hat,
        lower,
        upper,
        level,
        warnings=tuple(warnings),
        details={"n1": n1, "n2": n2, "both": both, "variance": variance},
        draws=draws,
    )
