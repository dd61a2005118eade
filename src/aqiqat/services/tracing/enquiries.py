"""Enquiries from relatives: registering them, matching records to them, and the desk's
decisions on each possible match. Every step is a row in the request's status history.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.sources.models import Record
from aqiqat.apps.tracing.models import TracingRequest, TracingStatus, TracingStatusChange
from aqiqat.apps.vocabulary import Sex
from aqiqat.search import Hit, Query, QueryError, SearchIndex
from aqiqat.services.tracing.index import index_of, live_index

# A record scoring this high against an enquiry goes to the desk's queue.
MATCH_SCORE = 0.85
MATCHES_PER_ENQUIRY = 5
REJECTED_NOTE = "rejected by the desk"
ACTIVE = (TracingStatus.OPEN, TracingStatus.POSSIBLE_MATCH)


class EnquiryError(ValueError):
    """The enquiry or decision cannot be recorded as given; nothing was written."""


@dataclass(frozen=True)
class EnquiryDetails:
    enquirer_name: str
    sought_name: str
    enquirer_contact: str = ""
    relationship: str = ""
    sought_sex: str = Sex.UNKNOWN
    sought_birth_year: int | None = None
    sought_place_text: str = ""
    last_seen_on: date | None = None
    last_seen_place_text: str = ""


def enquiry_query(request: TracingRequest) -> Query | None:
    """What the enquiry asks for, as a search; None when its name cannot be searched."""
    try:
        return Query.read(
            request.sought_name,
            born=request.sought_birth_year,
            sex=request.sought_sex if request.sought_sex != Sex.UNKNOWN else "",
            place=request.sought_place_text or request.last_seen_place_text,
        )
    except QueryError:
        return None


def register_request(actor: Any, details: EnquiryDetails) -> TracingRequest:
    """Write the enquiry and search the records already held for the person sought."""
    if not details.enquirer_name.strip() or not details.sought_name.strip():
        raise EnquiryError("an enquiry needs the enquirer's and the sought person's names")
    # Caught up before the transaction: the first build reads every record, and SQLite's
    # write lock should not be held meanwhile.
    index = live_index()
    with transaction.atomic(), acting_as(actor):
        request = TracingRequest.objects.create(
            enquirer_name=details.enquirer_name.strip(),
            enquirer_contact=details.enquirer_contact.strip(),
            relationship=details.relationship.strip(),
            sought_name=details.sought_name.strip(),
            sought_sex=details.sought_sex,
            sought_birth_year=details.sought_birth_year,
            sought_place_text=details.sought_place_text.strip(),
            last_seen_on=details.last_seen_on,
            last_seen_place_text=details.last_seen_place_text.strip(),
            created_by=actor,
        )
        TracingStatusChange.objects.create(
            request=request, status=TracingStatus.OPEN, created_by=actor
        )
        _match(actor, request, index)
    return request


def match_new_records(records: QuerySet[Record], actor: Any = None) -> int:
    """Match newly written records against every open enquiry; returns the matches queued.

    Called by intake inside its transaction, so an import and the matches it raises are
    written together or not at all.
    """
    enquiries = list(TracingRequest.objects.filter(status__in=ACTIVE, retracted_at__isnull=True))
    if not enquiries:
        return 0
    index = index_of(records)
    if not len(index):
        return 0
    with acting_as(actor) if actor is not None else nullcontext():
        return sum(_match(actor, request, index) for request in enquiries)


def rematch_open_requests(actor: Any) -> int:
    """Search all records again for every open enquiry (after a bulk load that bypassed
    intake, such as the demo); returns the matches queued."""
    index = live_index()
    enquiries = TracingRequest.objects.filter(status__in=ACTIVE, retracted_at__isnull=True)
    with transaction.atomic(), acting_as(actor):
        return sum(_match(actor, request, index) for request in enquiries)


def _match(actor: Any, request: TracingRequest, index: SearchIndex) -> int:
    query = enquiry_query(request)
    if query is None:
        return 0
    hits = [h for h in index.search(query, limit=50) if h.score >= MATCH_SCORE]
    if not hits:
        return 0
    records = {
        str(r.pk): r
        for r in Record.objects.filter(pk__in=[h.record_id for h in hits], retracted_at=None)
    }
    known = _already_proposed(request)
    queued = 0
    for hit in hits:
        record = records.get(hit.record_id)
        if record is None:
            continue
        key = str(record.person_id or record.pk)
        if key in known:
            continue
        known.add(key)
        _propose(actor, request, record, hit)
        queued += 1
        if queued >= MATCHES_PER_ENQUIRY:
            break
    if queued and request.status == TracingStatus.OPEN:
        request.status = TracingStatus.POSSIBLE_MATCH
        request.save(update_fields=["status"])
    return queued


def _already_proposed(request: TracingRequest) -> set[str]:
    """Persons (or unlinked records) already put to the desk for this enquiry."""
    known = set()
    for person_id, record_id, record_person in request.history.filter(
        status=TracingStatus.POSSIBLE_MATCH
    ).values_list("person_id", "record_id", "record__person_id"):
        known.add(str(person_id or record_person or record_id))
        if record_id:
            known.add(str(record_id))
    return known


def _propose(actor: Any, request: TracingRequest, record: Record, hit: Hit) -> None:
    TracingStatusChange.objects.create(
        request=request,
        status=TracingStatus.POSSIBLE_MATCH,
        person=record.person,
        record=record,
        score=hit.score,
        note="; ".join(reason.text for reason in hit.reasons),
        created_by=actor,
    )


def pending_matches(request: TracingRequest) -> list[TracingStatusChange]:
    """Possible matches the desk has neither confirmed nor rejected."""
    decided = {
        (c.person_id, c.record_id)
        for c in request.history.exclude(status=TracingStatus.POSSIBLE_MATCH)
        if c.person_id or c.record_id
    }
    return [
        change
        for change in request.history.filter(status=TracingStatus.POSSIBLE_MATCH).select_related(
            "person", "record", "record__source"
        )
        if (change.person_id, change.record_id) not in decided
    ]


def confirm_match(actor: Any, change: TracingStatusChange, note: str = "") -> TracingRequest:
    """The desk has checked the match and told the family the person's status."""
    request = change.request
    person = change.person or (change.record.person if change.record else None)
    if person is None:
        raise EnquiryError("this record is not linked to a person yet; link it before confirming")
    _check_active(request)
    with transaction.atomic(), acting_as(actor):
        TracingStatusChange.objects.create(
            request=request,
            status=TracingStatus.CONFIRMED,
            person=person,
            record=change.record,
            note=note.strip(),
            created_by=actor,
        )
        request.status = TracingStatus.CONFIRMED
        request.matched_person = person
        request.save(update_fields=["status", "matched_person"])
    return request


def reject_match(actor: Any, change: TracingStatusChange, note: str = "") -> TracingRequest:
    """Not the person sought; the enquiry stays open for other matches."""
    request = change.request
    _check_active(request)
    with transaction.atomic(), acting_as(actor):
        TracingStatusChange.objects.create(
            request=request,
            status=TracingStatus.OPEN,
            person=change.person,
            record=change.record,
            note=" — ".join(t for t in (REJECTED_NOTE, note.strip()) if t),
            created_by=actor,
        )
        request.status = (
            TracingStatus.POSSIBLE_MATCH if pending_matches(request) else TracingStatus.OPEN
        )
        request.save(update_fields=["status"])
    return request


def close_request(actor: Any, request: TracingRequest, note: str) -> TracingRequest:
    if request.status == TracingStatus.CLOSED:
        raise EnquiryError("this enquiry is already closed")
    if not note.strip():
        raise EnquiryError("say why the enquiry is closed")
    with transaction.atomic(), acting_as(actor):
        TracingStatusChange.objects.create(
            request=request, status=TracingStatus.CLOSED, note=note.strip(), created_by=actor
        )
        request.status = TracingStatus.CLOSED
        request.save(update_fields=["status"])
    return request


def _check_active(request: TracingRequest) -> None:
    if request.status not in ACTIVE:
        raise EnquiryError(f"this enquiry is {request.status}; it takes no more decisions")
