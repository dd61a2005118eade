"""Merging two persons and splitting a record off a person, from the person page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.linkage import access_change, may_review
from aqiqat.selectors.people import access_person
from aqiqat.services.person_changes import ChangeError, merge_persons, split_record, undo_change

REASON_LIMIT = 1000
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _reviewed_person(request: HttpRequest, person_id: str) -> Person:
    person = access_person(request.user, person_id)
    if not may_review(request.user):
        raise NotFound
    return person


def _reason(request: HttpRequest) -> str:
    return request.POST.get("reason", "").strip()[:REASON_LIMIT]


def _refused(request: HttpRequest, person: Person, reason: object) -> HttpResponse:
    messages.error(request, str(reason))
    return redirect("person-detail", person.pk)


def _done(request: HttpRequest, person: Person, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("person-detail", person.pk)


@require_POST
def split(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _reviewed_person(request, person_id)
    record = Record.objects.filter(
        pk__in=_UUID.findall(request.POST.get("record", ""))[:1], person=person
    ).first()
    if record is None:
        return _refused(request, person, _("Choose one of this person's records."))
    try:
        change = split_record(request.user, person, record, _reason(request))
    except ChangeError as exc:
        return _refused(request, person, exc)
    return _done(
        request,
        person,
        _("%(name)s now has a person of their own; a re-link keeps them apart.")
        % {"name": record.full_name or change.other},
    )


@require_POST
def merge(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _reviewed_person(request, person_id)
    # The other person's identifier, or the address of their page, pasted as it is.
    found = _UUID.findall(request.POST.get("other", ""))
    try:
        other = access_person(request.user, found[-1]) if found else None
    except NotFound:
        other = None
    if other is None:
        unknown = _("No person has this identifier: copy it from the other person's page.")
        return _refused(request, person, unknown)
    try:
        merge_persons(request.user, person, other, _reason(request))
    except ChangeError as exc:
        return _refused(request, person, exc)
    return _done(
        request,
        person,
        _("The records of %(name)s are now this person's; a re-link keeps them together.")
        % {"name": other.display_name or other.pk},
    )


@require_POST
def undo(request: HttpRequest, person_id: str, change_id: str) -> HttpResponse:
    person = _reviewed_person(request, person_id)
    change = access_change(request.user, person, change_id)
    try:
        undo_change(request.user, change, _reason(request))
    except ChangeError as exc:
        return _refused(request, person, exc)
    return _done(request, person, _("Undone; the records are back where they were."))
