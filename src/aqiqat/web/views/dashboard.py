"""The analysts' dashboard, its charts, the persons behind each count, and official figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aqiqat.apps.tracked import RetractionError
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.dashboard import (
    access_dashboard,
    dashboard_data,
    documented_page,
    official_figures,
    saved_estimates,
)
from aqiqat.services.figures import (
    FigureInput,
    FiguresError,
    record_official_figure,
    retract_official_figure,
    retract_saved_estimate,
)
from aqiqat.services.reports.charts import CHARTS, chart_svg
from aqiqat.web.forms.figures import OfficialFigureForm, RetractForm


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "aqiqat/dashboard.html", dashboard_data(request.user))


@require_GET
def chart(request: HttpRequest, name: str) -> HttpResponse:
    access_dashboard(request.user)
    if name not in CHARTS:
        raise NotFound
    response = HttpResponse(chart_svg(name), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def documented(request: HttpRequest, measure: str) -> HttpResponse:
    label, means, page = documented_page(request.user, measure, request.GET.get("page"))
    return render(
        request,
        "aqiqat/dashboard_documented.html",
        {"label": label, "means": means, "page": page, "measure": measure},
    )


@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest) -> HttpResponse:
    on_file = official_figures(request.user)
    may_add = request.user.has_perm("figures.add_officialfigure")
    form = OfficialFigureForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if form is None:
            raise NotFound
        if form.is_valid():
            try:
                record_official_figure(request.user, FigureInput(**form.cleaned_data))
            except FiguresError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The official figure was recorded."))
                return redirect("dashboard-figures")
    return render(
        request,
        "aqiqat/dashboard_figures.html",
        {"figures": on_file, "form": form, "estimates": saved_estimates(request.user)},
    )


@require_POST
def retract_figure(request: HttpRequest, figure_id: str) -> HttpResponse:
    access_dashboard(request.user)
    form = RetractForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the figure is retracted."))
        return redirect("dashboard-figures")
    try:
        retract_official_figure(request.user, figure_id, form.cleaned_data["reason"])
    except RetractionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The figure was retracted; it stays on file, marked."))
    return redirect("dashboard-figures")


@require_POST
def retract_estimate(request: HttpRequest, estimate_id: str) -> HttpResponse:
    access_dashboard(request.user)
    form = RetractForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the estimate is retracted."))
        return redirect("dashboard-figures")
    try:
        retract_saved_estimate(request.user, estimate_id, form.cleaned_data["reason"])
    except RetractionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The estimate was retracted; the one before it shows again."))
    return redirect("dashboard-figures")
