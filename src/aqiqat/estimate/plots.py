"""Figures for reports: the posterior of N per method, and an UpSet-style overlap chart.

matplotlib is imported only here, through `Figure` (no pyplot, no global backend), so
the analysis core stays light and plotting works on a server without a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from aqiqat.estimate.histories import CaptureHistories, HistoriesError
from aqiqat.estimate.report import EstimateReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = (".png", ".svg")
MAX_PATTERNS = 30


def _save(figure: Figure, path: str | Path) -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise HistoriesError(f"{target}: plots are written as .png or .svg")
    figure.savefig(target, dpi=150, bbox_inches="tight")
    return target


def plot_estimates(
    report: EstimateReport,
    path: str | Path,
    official: float | None = None,
    title: str = "Estimated total",
) -> Path:
    """The distribution of N for each method, with the documented and official counts."""
    from matplotlib.figure import Figure

    shown = [
        (e.method, e.n_hat, e.lower, e.upper, e.draws)
        for e in report.estimates
        if e.n_hat is not None
        and e.lower is not None
        and e.upper is not None
        and e.draws is not None
    ]
    figure = Figure(figsize=(8, 1.2 + 1.3 * max(len(shown), 1)))
    axes = figure.subplots()
    ends = [float(report.documented)]
    if official is not None:
        ends.append(official)
    for *_, draws in shown:
        ends.extend(float(q) for q in np.quantile(draws, [0.005, 0.995]))
    bins = np.linspace(min(ends), max(ends), 80)
    for row, (_, n_hat, lower, upper, draws) in enumerate(shown):
        density, edges = np.histogram(draws, bins=bins, density=True)
        scaled = density / density.max() * 0.8 if density.max() > 0 else density
        axes.fill_between(edges[:-1], row, row + scaled, step="post", alpha=0.6)
        axes.plot([lower, upper], [row - 0.08] * 2, color="black", linewidth=2)
        axes.plot([n_hat], [row - 0.08], marker="o", color="black")
    axes.axvline(report.documented, color="grey", linestyle="--", label="documented")
    if official is not None:
        axes.axvline(official, color="firebrick", label="official figure")
    axes.set_yticks(range(len(shown)), [method for method, *_ in shown])
    axes.set_ylim(-0.4, max(len(shown), 1))
    axes.set_xlabel("N (documented and undocumented)")
    axes.set_title(title)
    axes.legend(loc="upper right", frameon=False)
    return _save(figure, path)


def plot_overlaps(histories: CaptureHistories, path: str | Path) -> Path:
    """UpSet-style chart: people per capture pattern, and which lists make each pattern."""
    from matplotlib.figure import Figure

    masks = [m for m in np.argsort(-histories.counts, kind="stable") if histories.counts[m] > 0]
    masks = masks[:MAX_PATTERNS]
    n_lists = histories.n_lists
    figure = Figure(figsize=(max(6, 0.35 * len(masks) + 3), 2.5 + 0.35 * n_lists))
    grid = figure.add_gridspec(2, 2, height_ratios=(3, 0.5 + 0.3 * n_lists), width_ratios=(1, 4))
    bars = figure.add_subplot(grid[0, 1])
    dots = figure.add_subplot(grid[1, 1], sharex=bars)
    totals = figure.add_subplot(grid[1, 0], sharey=dots)
    positions = np.arange(len(masks))
    bars.bar(positions, [histories.counts[m] for m in masks], color="#444444")
    bars.set_ylabel("people")
    bars.set_title(f"{histories.documented:,} documented people by the lists they are on")
    bars.tick_params(labelbottom=False)
    for x, mask in enumerate(masks):
        members = [j for j in range(n_lists) if (mask >> j) & 1]
        dots.scatter([x] * n_lists, range(n_lists), color="#dddddd", s=30)
        dots.scatter([x] * len(members), members, color="black", s=30)
        if len(members) > 1:
            dots.plot([x, x], [min(members), max(members)], color="black")
    dots.set_yticks(range(n_lists), histories.lists)
    dots.tick_params(labelbottom=False, bottom=False)
    dots.invert_yaxis()
    totals.barh(range(n_lists), histories.list_totals(), color="#888888")
    totals.invert_xaxis()
    totals.set_xlabel("on list")
    totals.tick_params(labelleft=False)
    return _save(figure, path)
