"""The review queue: two records side by side; the reviewer says same, different or unsure."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aqiqat.selectors.linkage import access_pair, decision_conflicts, review_queue
from aqiqat.services.linkage import DecisionError, decide_link

NOTE_LIMIT = 1000


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    items = review_queue(request.user)
    context = {"items": items, "current": items[:1], "conflicts": decision_conflicts(request.user)}
    return render(request, "aqiqat/review_queue.html", context)


@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    record_a, record_b = access_pair(
        request.user, request.POST.get("record_a", ""), request.POST.get("record_b", "")
    )
    try:
        decide_link(
            request.user,
            record_a,
            record_b,
            request.POST.get("verdict", ""),
            request.POST.get("note", "").strip()[:NOTE_LIMIT],
        )
    except DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Decision recorded; the next re-link applies it."))
    return redirect("review-queue")
