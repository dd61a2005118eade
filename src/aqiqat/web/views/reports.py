"""Reports as HTML and PDF: the summary for an international body, and a person's dossier."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from aqiqat.selectors.dashboard import access_dashboard
from aqiqat.services.reports.dossier import dossier as person_dossier
from aqiqat.services.reports.pdf import html_to_pdf
from aqiqat.services.reports.summary import summary_report


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], pdf_name: str | None
) -> HttpResponse:
    context = {**context, "generated_at": timezone.localtime(), "as_pdf": pdf_name is not None}
    if pdf_name is None:
        return render(request, template, context)
    html = render_to_string(template, context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    access_dashboard(request.user)
    context = summary_report(request.user, "html")
    return _respond(request, "aqiqat/reports/summary.html", context, None)


@require_GET
def summary_pdf(request: HttpRequest) -> HttpResponse:
    access_dashboard(request.user)
    context = summary_report(request.user, "pdf")
    name = f"aqiqat-summary-{timezone.localdate():%Y-%m-%d}.pdf"
    return _respond(request, "aqiqat/reports/summary.html", context, name)


@require_GET
def dossier(request: HttpRequest, person_id: str) -> HttpResponse:
    context = person_dossier(request.user, person_id, "html")
    return _respond(request, "aqiqat/reports/dossier.html", context, None)


@require_GET
def dossier_pdf(request: HttpRequest, person_id: str) -> HttpResponse:
    context = person_dossier(request.user, person_id, "pdf")
    name = f"aqiqat-dossier-{context['person'].pk}.pdf"
    return _respond(request, "aqiqat/reports/dossier.html", context, name)
