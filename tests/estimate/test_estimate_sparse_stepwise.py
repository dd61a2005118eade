"""The stepwise sparse-data method must reproduce SparseMSE's estimatepopulation.0."""

from __future__ import annotations

import numpy as np
import pytest

from aqiqat.estimate import CaptureHistories
from aqiqat.estimate.sparse_stepwise import _design, mle_exists_and_identifiable, sparse_stepwise

# SparseMSE estimatepopulation.0, stepwise, pthresh 0.02 (README table).
SPARSEMSE = {
    "kosovo_4lists": (14342, 12541, 16540),
    "sparsemse_UKdat_5_5lists": (11313, 9884, 13027),
    "sparsemse_UKdat_6lists": (11418, 9977, 13146),
    "sparsemse_Western_5lists": (2483, 1657, 3830),
    "rcapture_HIV_rome_4lists": (11125, 9520, 13068),
    "rcapture_diabetes_bruno_4lists": (2279, 2252, 2311),
    "dga_madigan_york_5lists": (610, 593, 631),
}


@pytest.mark.parametrize("name", sorted(SPARSEMSE))
def test_it_matches_sparsemse_on_the_reference_cases(mse, name) -> None:
    n_hat, lower, upper = SPARSEMSE[name]
    result = sparse_stepwise(mse(name))
    assert result.n_hat == pytest.approx(n_hat, rel=0.002)
    assert result.lower == pytest.approx(lower, rel=0.002)
    assert result.upper == pytest.approx(upper, rel=0.002)


def test_it_adds_the_pairs_in_sparsemses_order_on_kosovo(mse) -> None:
    result = sparse_stepwise(mse("kosovo_4lists"))
    assert result.details["pairs"] == ["ABA*OSCE", "OSCE*HRW", "EXH*OSCE", "EXH*ABA", "EXH*HRW"]


def test_pairs_that_share_nobody_become_structural_zeros_and_are_reported(mse) -> None:
    result = sparse_stepwise(mse("sparsemse_Ned_6lists"))
    assert any("share nobody" in w for w in result.warnings)


def test_the_linear_program_detects_an_infinite_mle() -> None:
    # Every pair in a three-list model fits the observed cells exactly, so the empty
    # two-list cells would need infinite negative parameters.
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"],
        [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]],
        [10, 10, 10, 0, 0, 0, 5],
    )
    pairs = [0b011, 0b101, 0b110]
    assert not mle_exists_and_identifiable(_design(histories, pairs))
    assert mle_exists_and_identifiable(_design(histories, []))


def test_its_draws_follow_its_interval(mse) -> None:
    result = sparse_stepwise(mse("rcapture_HIV_rome_4lists"))
    assert result.draws is not None
    assert np.quantile(result.draws, 0.975) == pytest.approx(result.upper, rel=0.03)
