"""Reading persons, their records and events, as the user's role allows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, Sensitive, has_role, may_see
from aqiqat.apps.audit.log import log_sensitive_read
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import Event, LinkDecision, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.tracing.models import TracingRequest
from aqiqat.apps.vocabulary import partial_date_text
from aqiqat.names import transliterate
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.cases import cases_visible_to, complaints_visible_to, days_overdue
from aqiqat.selectors.evidence import evidence_visible_to
from aqiqat.selectors.records import hide_retracted, sensitive_fields_for


def access_person(user: Any, person_id: uuid.UUID | str) -> Person:
    if not user.has_perm("people.view_person"):
        raise NotFound
    try:
        return Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValueError) as exc:
        raise NotFound from exc


def person_event(person: Person, event_id: uuid.UUID | str) -> Event:
    """One of the person's events, retracted ones not; "not found" for any other."""
    found = person.events.filter(pk=event_id, retracted_at__isnull=True).first()
    if found is None:
        raise NotFound
    return found


def event_versions(event: Event) -> list[Event]:
    """Every version of this event, the first entry first and the one that stands last."""
    versions = [event]
    while versions[0].supersedes_id is not None:
        versions.insert(
            0,
            Event.objects.select_related("place", "facility", "created_by").get(
                pk=versions[0].supersedes_id
            ),
        )
    while (
        newer := Event.objects.select_related("place", "facility", "created_by")
        .filter(supersedes=versions[-1])
        .first()
    ) is not None:
        versions.append(newer)
    return versions


def search_people(user: Any, query: str) -> QuerySet[Person]:
    if not user.has_perm("people.view_person"):
        return Person.objects.none()
    # Merged-away persons are left out: their records and events are with the person kept.
    people = Person.objects.filter(merged_into__isnull=True)
    if query:
        matching_records = Record.objects.filter(
            Q(full_name__icontains=query) | Q(name_key__icontains=query)
        ).values("person_id")
        people = people.filter(
            Q(display_name__icontains=query)
            | Q(display_name_latin__icontains=query)
            | Q(pk__in=matching_records)
        )
    return people.order_by("display_name_latin", "display_name", "id")


def visible_records(user: Any, person: Person) -> QuerySet[Record]:
    records: QuerySet[Record] = person.records.select_related(
        "source", "place", "facility"
    ).order_by("created_at")
    if not has_role(user, Role.ADMIN):
        records = hide_retracted(records)
    return records


# Mapped columns whose cells are sensitive even in the raw row ("medical" is mapped by the
# interview form, not by lists).
SENSITIVE_COLUMNS = {
    "contact": Sensitive.CONTACTS,
    # An identity number or a home address finds the person as surely as a phone number.
    "id_number": Sensitive.CONTACTS,
    "address": Sensitive.CONTACTS,
    "notes": Sensitive.TESTIMONY,
    "medical": Sensitive.MEDICAL,
}


@dataclass(frozen=True)
class RecordView:
    record: Record
    latin: str
    sensitive: dict[str, str]
    raw_cells: list[tuple[str, str]]


def _raw_cells(user: Any, record: Record, shown: set[str]) -> list[tuple[str, str]]:
    """The source's cells as received, without those the user may not see."""
    columns: dict[str, str] = record.source.mapping.get("columns", {})
    hidden = set()
    for canonical, group in SENSITIVE_COLUMNS.items():
        header = columns.get(canonical)
        if header is None:
            continue
        if may_see(user, group):
            if record.raw.get(header):
                shown.add(f"raw:{canonical}")
        else:
            hidden.add(header)
    return [(str(k), str(v)) for k, v in record.raw.items() if k not in hidden]


@dataclass(frozen=True)
class EventView:
    """An event on the timeline; an allegation's description is withheld from roles that
    may not read testimony."""

    event: Event
    date_text: str
    description: str
    withheld: bool
    corrected: bool = False  # a newer version of it stands


@dataclass(frozen=True)
class ComplaintView:
    complaint: Complaint
    case: Case | None  # None when there is none or the user may not see it
    case_hidden: bool
    days_overdue: int


@dataclass(frozen=True)
class TracingView:
    request: TracingRequest
    contact: str  # "" unless the user may see contacts


@dataclass(frozen=True)
class PersonPage:
    """Everything the person page (and the dossier built on it) shows to one user."""

    person: Person
    name_latin: str
    records: list[RecordView]
    timeline: list[EventView]
    allegations: list[EventView]
    complaints: list[ComplaintView]
    evidence: list[Evidence]
    tracing: list[TracingView]
    decisions: list[DecisionView]


def person_page(user: Any, person: Person) -> PersonPage:
    """Everything the person page shows to this user; sensitive reads are audited once."""
    allowed = sensitive_fields_for(user)
    rows = []
    shown: set[str] = set()
    for record in visible_records(user, person):
        sensitive = {}
        for field in allowed:
            value = getattr(record, field)
            if value:
                sensitive[field] = value
                shown.add(field)
        rows.append(
            RecordView(
                record,
                transliterate(record.full_name, "kz2021"),
                sensitive,
                _raw_cells(user, record, shown),
            )
        )
    timeline, allegations = _events(user, person, shown)
    tracing = _tracing(user, person, shown)
    if shown:
        log_sensitive_read(user, person, shown)
    return PersonPage(
        person=person,
        name_latin=transliterate(person.display_name, "kz2021"),
        records=rows,
        timeline=timeline,
        allegations=allegations,
        complaints=_complaints(user, person),
        evidence=_evidence(user, person),
        tracing=tracing,
        decisions=link_decisions(user, [row.record for row in rows]),
    )


def _events(user: Any, person: Person, shown: set[str]) -> tuple[list[EventView], list[EventView]]:
    """The timeline in date order (undated last), and the ill-treatment allegations."""
    events: QuerySet[Event] = person.events.select_related("place", "facility", "supersedes")
    if not has_role(user, Role.ADMIN):
        events = events.filter(retracted_at__isnull=True)
    testimony = may_see(user, Sensitive.TESTIMONY)
    timeline, allegations = [], []
    rows = list(events)
    corrected = {e.supersedes_id for e in rows if e.supersedes_id and not e.is_retracted}
    for event in sorted(rows, key=lambda e: (e.on is None, e.on or date.min, e.created_at)):
        alleged = event.kind == Event.Kind.ILL_TREATMENT
        withheld = alleged and bool(event.description) and not testimony
        if alleged and event.description and testimony:
            shown.add("event:testimony")
        view = EventView(
            event,
            partial_date_text(event.on, event.on_precision, localized=True),
            "" if withheld else event.description,
            withheld,
            event.pk in corrected,
        )
        timeline.append(view)
        if alleged and not view.corrected:
            allegations.append(view)
    return timeline, allegations


def _complaints(user: Any, person: Person) -> list[ComplaintView]:
    complaints = complaints_visible_to(user).filter(person=person).select_related("case")
    visible_cases = set(
        cases_visible_to(user)
        .filter(pk__in=[c.case_id for c in complaints if c.case_id])
        .values_list("pk", flat=True)
    )
    return [
        ComplaintView(
            complaint,
            complaint.case if complaint.case_id in visible_cases else None,
            complaint.case_id is not None and complaint.case_id not in visible_cases,
            days_overdue(complaint),
        )
        for complaint in complaints.order_by("filed_on", "created_at")
    ]


def _evidence(user: Any, person: Person) -> list[Evidence]:
    return list(evidence_visible_to(user).filter(person=person).order_by("created_at"))


def _tracing(user: Any, person: Person, shown: set[str]) -> list[TracingView]:
    if not user.has_perm("tracing.view_tracingrequest"):
        return []
    contacts = may_see(user, Sensitive.CONTACTS)
    requests: QuerySet[TracingRequest] = person.tracing_requests.all()
    if not has_role(user, Role.ADMIN):
        requests = requests.filter(retracted_at__isnull=True)
    views = []
    for request in requests.order_by("created_at"):
        if contacts and request.enquirer_contact:
            shown.add("tracing:enquirer_contact")
        views.append(TracingView(request, request.enquirer_contact if contacts else ""))
    return views


@dataclass(frozen=True)
class DecisionView:
    decision: LinkDecision
    this_record: Record
    other_record: Record


def link_decisions(user: Any, records: list[Record]) -> list[DecisionView]:
    """Reviewers' current decisions that touch these records: what made (or split) the person."""
    if not records or not user.has_perm("people.view_linkdecision"):
        return []
    ids = {record.pk for record in records}
    by_id = {record.pk: record for record in records}
    decisions = (
        LinkDecision.objects.filter(Q(record_a__in=ids) | Q(record_b__in=ids))
        .filter(superseded_by__isnull=True, retracted_at__isnull=True)
        .select_related("record_a__source", "record_b__source", "created_by")
        .order_by("-created_at")
    )
    views = []
    for decision in decisions:
        mine = decision.record_a if decision.record_a_id in ids else decision.record_b
        other = decision.record_b if mine is decision.record_a else decision.record_a
        views.append(DecisionView(decision, by_id.get(mine.pk, mine), other))
    return views
