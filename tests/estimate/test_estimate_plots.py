"""Report figures: the distribution of N and the list-overlap chart."""

from __future__ import annotations

import pytest

from aqiqat.cli.main import main
from aqiqat.estimate import HistoriesError, Options, estimate
from aqiqat.estimate.plots import plot_estimates, plot_overlaps

FAST = Options(chains=2, burn_in=500, samples=500, thin=2)


def test_it_draws_the_posterior_of_n_with_the_official_figure_as_png_and_svg(mse, tmp_path) -> None:
    report = estimate(mse("kosovo_4lists"), "all", FAST)
    png = plot_estimates(report, tmp_path / "n.png", official=9000)
    svg = plot_estimates(report, tmp_path / "n.svg", official=9000)
    assert png.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in svg.read_bytes()[:500]


def test_it_draws_an_upset_chart_of_the_overlaps(mse, tmp_path) -> None:
    path = plot_overlaps(mse("sparsemse_NewOrl_8lists"), tmp_path / "overlaps.svg")
    assert path.stat().st_size > 1000


def test_only_png_and_svg_are_written(mse, tmp_path) -> None:
    with pytest.raises(HistoriesError, match=r"\.png or \.svg"):
        plot_overlaps(mse("kosovo_4lists"), tmp_path / "overlaps.pdf")


def test_the_cli_writes_both_plots(mse_path, tmp_path) -> None:
    args = ["estimate", str(mse_path("kosovo_3lists_noABA")), "--method", "loglinear"]
    plots = ["--plot", str(tmp_path / "n.png"), "--overlap-plot", str(tmp_path / "o.png")]
    assert main([*args, *plots, "--official", "5000"]) == 0
    assert (tmp_path / "n.png").exists() and (tmp_path / "o.png").exists()
