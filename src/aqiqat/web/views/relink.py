"""A full re-link of the database, started from the web and followed on a progress page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.selectors.access import NotFound
from aqiqat.services.background import Job, job_for, start_job
from aqiqat.services.linkage import RelinkSummary, relink_all


def _require_linker(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ANALYST, Role.ADMIN):
        raise NotFound


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    _require_linker(request)
    if request.method == "POST":
        user: Any = request.user

        def work(job: Job) -> RelinkSummary:
            def progress(stage: str) -> None:
                job.stage = stage

            return relink_all(user, progress=progress)

        job = start_job(
            user, "re-link", work, failed=gettext_lazy("The re-link failed; nothing was changed.")
        )
        return redirect("relink-job", job_id=job.job_id)
    return render(request, "aqiqat/relink.html")


@require_GET
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    _require_linker(request)
    found = job_for(job_id, request.user)
    if found is None:
        raise NotFound
    return render(request, "aqiqat/relink_job.html", {"job": found})
