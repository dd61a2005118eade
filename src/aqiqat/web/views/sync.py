"""Sync for administrators: this instance's keys, its peers, exchanges and what is pending;
and settling decisions that disagree after an exchange."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.linkage import access_pair
from aqiqat.selectors.sync import sync_overview
from aqiqat.services.linkage import DecisionError
from aqiqat.services.sync.conflicts import settle_conflict

NOTE_LIMIT = 1000


@require_GET
def peers(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.ADMIN):
        raise NotFound
    return render(request, "aqiqat/sync_peers.html", {"overview": sync_overview()})


@require_POST
def settle(request: HttpRequest) -> HttpResponse:
    record_a, record_b = access_pair(
        request.user, request.POST.get("record_a", ""), request.POST.get("record_b", "")
    )
    try:
        settle_conflict(
            request.user,
            record_a,
            record_b,
            request.POST.get("verdict", ""),
            request.POST.get("note", "").strip()[:NOTE_LIMIT],
        )
    except DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Conflict settled; the other decisions were retracted."))
    return redirect("review-queue")
