"""Chapman's two-list estimator."""

from __future__ import annotations

import numpy as np
import pytest

from aqiqat.estimate import CaptureHistories
from aqiqat.estimate.chapman import chapman


def two_lists(only_a: int, only_b: int, both: int) -> CaptureHistories:
    return CaptureHistories.from_patterns(
        ["A", "B"], [[1, 0], [0, 1], [1, 1]], [only_a, only_b, both]
    )


def test_it_gives_chapmans_formula_and_spells_out_the_independence_caveat() -> None:
    result = chapman(two_lists(80, 60, 20))
    assert result.n_hat == pytest.approx(101 * 81 / 21 - 1)
    assert result.lower is not None and result.upper is not None
    assert 160 <= result.lower < result.n_hat < result.upper
    assert any("independent" in w for w in result.warnings)


def test_its_interval_never_goes_below_the_documented_count() -> None:
    result = chapman(two_lists(5, 4, 2))
    assert result.lower is not None and result.lower >= 11


def test_its_draws_centre_on_the_estimate() -> None:
    result = chapman(two_lists(800, 600, 200))
    assert result.draws is not None
    assert np.median(result.draws) == pytest.approx(result.n_hat, rel=0.01)


def test_it_refuses_lists_that_share_nobody() -> None:
    result = chapman(two_lists(80, 60, 0))
    assert result.refused
    assert "share nobody" in result.warnings[0]


def test_it_refuses_more_than_two_lists(mse) -> None:
    result = chapman(mse("kosovo_4lists"))
    assert result.refused
    assert "exactly two lists" in result.warnings[0]
