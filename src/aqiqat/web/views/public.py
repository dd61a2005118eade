"""Pages anyone may read without logging in: aggregate figures, the memorial, the methods.

Nothing personal here except the memorial's names, shown only with a family's consent.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from aqiqat.disclosure import THRESHOLD, SuppressedTable
from aqiqat.selectors import counts
from aqiqat.selectors.public import PUBLIC_GROUPS, memorial, public_headlines, status_table

METHOD_LANGUAGES = ("en", "ru", "kk")


# Figures and the memorial are not cached by browsers or proxies: a withdrawn consent
# must take the name off at once.
@login_not_required
@require_GET
@cache_control(no_cache=True)
def figures(request: HttpRequest) -> HttpResponse:
    table = status_table()
    return render(
        request,
        "aqiqat/public/figures.html",
        {
            "table": table,
            "lines": _lines(table),
            "headline_rows": public_headlines(table),
            "threshold": THRESHOLD,
            "status_labels": [counts.STATUS_LABELS[group] for group in PUBLIC_GROUPS],
        },
    )


def _lines(table: SuppressedTable) -> list[tuple[str, list[tuple[int | None, bool]], bool]]:
    """Template rows: label; per cell the shown value (None = hidden) and whether it is
    below the threshold (else withheld to protect another cell); whether the totals row."""
    labels = [*table.rows, ""]
    width = len(table.columns) + 1
    return [
        (
            label,
            [(table.shown(i, j), table.primary[i][j]) for j in range(width)],
            i == len(labels) - 1,
        )
        for i, label in enumerate(labels)
    ]


@login_not_required
@require_GET
@cache_control(no_cache=True)
def memorial_page(request: HttpRequest) -> HttpResponse:
    return render(request, "aqiqat/public/memorial.html", {"entries": memorial()})


@login_not_required
@require_GET
@cache_control(public=True, max_age=3600)
def methods(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in METHOD_LANGUAGES else "en"
    return render(
        request,
        "aqiqat/public/methods.html",
        {"body": f"aqiqat/public/methods_{language}.html", "threshold": THRESHOLD},
    )
