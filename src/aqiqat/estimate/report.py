"""What an estimation run returns: one `Estimate` per method, gathered in a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Estimate:
    """One method's answer, or its honest refusal (`n_hat` None, reason in `warnings`).

    `draws` are samples that represent the uncertainty of N (posterior draws, or draws
    from a normalised likelihood); strata are combined by adding them.
    """

    method: str
    n_hat: float | None
    lower: float | None
    upper: float | None
    level: float
    warnings: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    draws: npt.NDArray[np.float64] | None = field(default=None, repr=False, compare=False)

    @property
    def refused(self) -> bool:
        return self.n_hat is None

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md `--json` shape for one estimate."""
        return {
            "method": self.method,
            "n_hat": _rounded(self.n_hat),
            "lower": _rounded(self.lower),
            "upper": _rounded(self.upper),
            "level": self.level,
            "warnings": list(self.warnings),
        }


def refusal(method: str, level: float, *reasons: str) -> Estimate:
    """An estimate that declines to give a number, saying why."""
    return Estimate(method, None, None, None, level, warnings=tuple(reasons))


@dataclass(frozen=True)
class EstimateReport:
    """All estimates for one set of capture histories (and per stratum, if stratified)."""

    documented: int
    lists: tuple[str, ...]
    estimates: tuple[Estimate, ...]
    strata: dict[str, EstimateReport] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def by_method(self, method: str) -> Estimate:
        for item in self.estimates:
            if item.method == method:
                return item
        raise KeyError(method)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md `--json` shape: `{"documented", "estimates": [...]}`."""
        return {
            "documented": self.documented,
            "estimates": [item.to_json() for item in self.estimates],
        }


def _rounded(value: float | None) -> float | None:
    if value is None:
        return None
    return round(float(value), 1)
