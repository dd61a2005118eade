"""The audit trail of a person, for administrators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aqiqat.selectors.audit_trail import TRAIL_LIMIT, person_audit_trail


@require_GET
def person_trail(request: HttpRequest, person_id: str) -> HttpResponse:
    person, entries = person_audit_trail(request.user, person_id)
    context = {"person": person, "entries": entries, "limit": TRAIL_LIMIT}
    return render(request, "aqiqat/person_audit.html", context)
