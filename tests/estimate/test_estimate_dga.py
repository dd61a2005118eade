"""dga: decomposable graphical models averaged, against the R package's medians."""

from __future__ import annotations

import pytest

from aqiqat.estimate.dga import decomposable_graphs, dga

# dga bma.cr, delta = 2^-J, prior 1/N: median and 95% interval (README table).
R_DGA = {
    "kosovo_4lists": (12595, 9827, 16544),
    "kosovo_3lists_noABA": (7123, 6719, 7563),
    "kosovo_3lists_noOSCE": (10364, 7030, 12836),
    "sparsemse_UKdat_5_5lists": (22992, 10388, 33512),
    "sparsemse_Western_5lists": (2133, 1343, 3876),
    "rcapture_HIV_rome_4lists": (11220, 9404, 14094),
    "rcapture_diabetes_bruno_4lists": (2471, 2376, 2589),
    "dga_madigan_york_5lists": (618, 590, 656),
}


@pytest.mark.parametrize("name", sorted(R_DGA))
def test_it_matches_the_dga_package_within_two_percent(mse, name) -> None:
    median, lower, upper = R_DGA[name]
    result = dga(mse(name))
    assert result.n_hat == pytest.approx(median, rel=0.02)
    assert result.lower == pytest.approx(lower, rel=0.02)
    assert result.upper == pytest.approx(upper, rel=0.02)
    assert not result.warnings


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 61), (5, 822)])
def test_it_averages_over_every_decomposable_graph(lists, count) -> None:
    assert len(decomposable_graphs(lists)) == count


def test_a_cycle_of_four_is_not_decomposable() -> None:
    square = ((0, 1), (0, 3), (1, 2), (2, 3))
    assert all(graph.edges != square for graph in decomposable_graphs(4))


def test_a_posterior_that_reaches_the_edge_of_its_grid_is_flagged(mse) -> None:
    result = dga(mse("kosovo_4lists"), max_unseen=9000)
    assert any("edge of its grid" in w for w in result.warnings)


def test_it_reports_the_leading_graph_for_kosovo(mse) -> None:
    result = dga(mse("kosovo_4lists"))
    top = result.details["top_graphs"][0]
    assert top["graph"] == "EXH*ABA*OSCE + EXH*OSCE*HRW"
    assert top["weight"] > 0.9


def test_it_refuses_six_lists(mse) -> None:
    result = dga(mse("sparsemse_UKdat_6lists"))
    assert result.refused
    assert "3–5 lists" in result.warnings[0]
