"""Server-side SVG charts for the dashboard and reports: they work without JavaScript.

Every chart has a table beside it with the same numbers; the chart is a reading aid.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from aqiqat.selectors import counts
from aqiqat.selectors.dashboard import daily_table, region_rows

# No display: draw to files only.
matplotlib.use("Agg")

# Text stays text in the SVG (searchable, translatable, small); no fonts are embedded.
matplotlib.rcParams["svg.fonttype"] = "none"
COLOURS = ("#7a4b94", "#3b7dbf", "#d98c1f", "#8c8c8c", "#b8322c", "#c9c9c9")


WIDTH = 8.0
# Inches per character of a 10-point tick label, a little wider than DejaVu Sans's
# average so that long Cyrillic region names are not clipped.
CHARACTER_INCHES = 0.09


def _svg(figure: Figure, left: float, bottom: float, right: float = 0.25) -> bytes:
    """The figure as SVG, with margins in inches set by the caller: matplotlib's "tight"
    layout draws the whole figure twice to measure it, which doubled a dashboard redraw."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=min(0.6, left / width),
        right=1 - right / width,
        bottom=min(0.5, bottom / height),
        top=1 - 0.45 / height,
    )
    out = io.BytesIO()
    figure.savefig(out, format="svg")
    return out.getvalue()


def stacked_bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> bytes:
    """Horizontal bars, one per label, stacked by series (e.g. regions by status).

    Each series is one collection of rectangles rather than a patch per bar: adding and
    drawing a hundred separate patches was most of the drawing time.
    """
    height = max(2.5, 0.32 * len(labels) + 1.2)
    figure = Figure(figsize=(WIDTH, height))
    axes = figure.subplots()
    left = [0] * len(labels)
    positions = list(range(len(labels)))[::-1]
    legend = []
    for (name, values), colour in zip(series, COLOURS, strict=False):
        boxes = [
            [(x, y - 0.4), (x + width, y - 0.4), (x + width, y + 0.4), (x, y + 0.4)]
            for x, width, y in zip(left, values, positions, strict=True)
            if width
        ]
        axes.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="none"))
        legend.append(Patch(color=colour, label=name))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlim(0, max(left, default=0) * 1.02 or 1)
    axes.set_ylim(-0.6, max(len(labels), 1) - 0.4)
    axes.set_yticks(positions, labels)
    axes.set_title(title, loc="left")
    if series and labels:
        # Beside the bars, not over them.
        axes.legend(
            handles=legend,
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            fontsize="small",
            frameon=False,
        )
    axes.spines[["top", "right"]].set_visible(False)
    longest = max((len(str(label)) for label in labels), default=0)
    widest = max((len(name) for name, _values in series), default=0)
    return _svg(
        figure,
        left=0.25 + CHARACTER_INCHES * longest,
        bottom=0.45,
        right=0.55 + 0.85 * CHARACTER_INCHES * widest,
    )


def daily_lines(
    title: str, days: Sequence[date], series: Sequence[tuple[str, Sequence[int]]]
) -> bytes:
    """One line per series over days (e.g. persons detained, injured, killed per day)."""
    figure = Figure(figsize=(WIDTH, 3.2))
    axes = figure.subplots()
    for (name, values), colour in zip(series, COLOURS, strict=False):
        # matplotlib's stubs do not list dates, which it plots on a date axis.
        axes.plot(
            list(days),  # type: ignore[arg-type]
            values,
            label=name,
            color=colour,
            marker="o",
            markersize=3,
        )
    axes.set_title(title, loc="left")
    if series:
        axes.legend(loc="upper right", fontsize="small", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return _svg(figure, left=0.7, bottom=0.95)


CHARTS = ("regions", "daily")


def chart_svg(name: str) -> bytes:
    """A dashboard chart in the current language, drawn again only when its numbers change.

    Drawing takes far longer than counting, and most writes (a record, a complaint, an
    event that changes no one's status) leave a chart's numbers as they were.
    """
    if name not in CHARTS:
        raise KeyError(name)
    title, labels, series = counts.cached(
        f"chart-data:{name}:{get_language()}", lambda: _data(name)
    )
    digest = hashlib.sha256(repr((name, title, labels, series)).encode()).hexdigest()
    key = f"aqiqat:chart:{digest}"
    drawn = cache.get(key)
    if drawn is None:
        draw = stacked_bars if name == "regions" else daily_lines
        drawn = draw(title, labels, series)
        cache.set(key, drawn, counts.CACHE_SECONDS)
    return drawn


def _data(name: str) -> tuple[str, list[Any], list[tuple[str, list[int]]]]:
    """A chart's title, labels and series, in the current language."""
    if name == "regions":
        rows = region_rows(counts.region_counts())
        series = [
            (str(counts.STATUS_LABELS[group]), [row.cells[i] for row in rows])
            for i, group in enumerate(counts.STATUS_GROUPS)
        ]
        return _("Persons by region and current status"), [row.label for row in rows], series
    table = daily_table(counts.daily_counts())
    days = [day for day, _values in table.rows]
    series = [
        (kind, [values[i] for _day, values in table.rows]) for i, kind in enumerate(table.kinds)
    ]
    return _("Persons with an event of each kind, per day"), days, series
