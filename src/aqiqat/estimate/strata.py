"""Combine per-stratum estimates into one for the whole population.

Strata (regions, periods, sex...) are estimated separately because capture patterns
differ between them; the total is the sum, and its interval comes from adding
independent draws of each stratum's N, so uncertainty adds up the way it should.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from aqiqat.estimate.report import Estimate, refusal

# Bayesian methods report posterior medians; the others report a point estimate that
# is better summed directly.
MEDIAN_METHODS = frozenset({"lcmcr", "dga"})
COMBINED_DRAWS = 8000


def combine_strata(
    method: str, per_stratum: Mapping[str, Estimate], level: float, seed: int = 0
) -> Estimate:
    """The total over strata, or a refusal naming the strata that could not be estimated."""
    refused = {name: e for name, e in per_stratum.items() if e.refused or e.draws is None}
    if refused:
        reasons = [
            f"stratum {name!r}: {e.warnings[0] if e.warnings else 'no estimate'}"
            for name, e in refused.items()
        ]
        return refusal(
            method,
            level,
            "the total cannot be estimated because some strata cannot be",
            *reasons,
        )
    rng = np.random.default_rng(seed)
    total = np.zeros(COMBINED_DRAWS)
    for item in per_stratum.values():
        assert item.draws is not None
        total += rng.choice(item.draws, size=COMBINED_DRAWS, replace=True)
    tail = (1.0 - level) / 2.0
    lower, upper = (float(q) for q in np.quantile(total, [tail, 1.0 - tail]))
    if method in MEDIAN_METHODS:
        n_hat = float(np.median(total))
    else:
        n_hat = float(sum(e.n_hat or 0.0 for e in per_stratum.values()))
    warnings = [
        f"stratum {name!r}: {warning}" for name, e in per_stratum.items() for warning in e.warnings
    ]
    return Estimate(
        method,
        n_hat,
        lower,
        upper,
        level,
        warnings=tuple(warnings),
        details={
            "strata": {
                name: {"n_hat": e.n_hat, "lower": e.lower, "upper": e.upper}
                for name, e in per_stratum.items()
            }
        },
        draws=total,
    )
