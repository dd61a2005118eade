"""The analysts' dashboard, its charts, the persons behind each count, and official figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aqiqat.apps.figures.models import SavedEstimate
from aqiqat.apps.tracked import RetractionError
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.dashboard import (
    access_dashboard,
    dashboard_data,
    documented_page,
    official_figures,
    saved_estimates,
)
from aqiqat.services.background import Job, job_for, start_job
from aqiqat.services.estimation_data import HistoryFilter
from aqiqat.services.figures import (
    FigureInput,
    FiguresError,
    estimate_from_database,
    record_official_figure,
    retract_official_figure,
    retract_saved_estimate,
)
from aqiqat.services.reports.charts import CHARTS, chart_svg
from aqiqat.web.forms.figures import EstimateForm, OfficialFigureForm, RetractForm


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = dashboard_data(request.user)
    if request.user.has_perm("figures.add_savedestimate"):
        context["estimate_form"] = EstimateForm()
    return render(request, "aqiqat/dashboard.html", context)


def _require_estimator(request: HttpRequest) -> None:
    access_dashboard(request.user)
    if not request.user.has_perm("figures.add_savedestimate"):
        raise NotFound


@require_http_methods(["GET", "POST"])
def run_estimate(request: HttpRequest) -> HttpResponse:
    """Estimate from the database in the background; the job page shows the outcome."""
    _require_estimator(request)
    form = EstimateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = HistoryFilter(
            status=data["status"],
            region=data["region"].gazetteer_id if data["region"] else None,
            since=data["since"],
            until=data["until"],
        )
        user: Any = request.user
        method = data["method"]

        def work(job: Job) -> SavedEstimate:
            job.stage = _("estimating")
            return estimate_from_database(user, wanted, method)

        job = start_job(
            user,
            "estimate",
            work,
            expected=(FiguresError,),
            failed=_("the estimate failed and nothing was saved"),
        )
        return redirect("dashboard-estimate-job", job_id=job.job_id)
    status = 400 if form.is_bound else 200
    return render(request, "aqiqat/dashboard_estimate.html", {"form": form}, status=status)


@require_GET
def estimate_job(request: HttpRequest, job_id: str) -> HttpResponse:
    _require_estimator(request)
    found = job_for(job_id, request.user)
    if found is None:
        raise NotFound
    return render(request, "aqiqat/dashboard_estimate_job.html", {"job": found})


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
    label, means, page = documented_page(
        request.user,
        measure,
        request.GET.get("page"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
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
