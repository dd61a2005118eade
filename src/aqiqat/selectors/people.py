"""Reading persons, their records and events, as the user's role allows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, Sensitive, has_role, may_see
from aqiqat.apps.audit.log import log_sensitive_read
from aqiqat.apps.people.models import Event, LinkDecision, Person
from aqiqat.apps.sources.models import Record
from aqiqat.names import transliterate
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.records import hide_retracted, sensitive_fields_for


def access_person(user: Any, person_id: uuid.UUID | str) -> Person:
    if not user.has_perm("people.view_person"):
        raise NotFound
    try:
        return Person.objects.get(pk=person_id)
    except (Person.DoesNotExist, ValueError) as exc:
        raise NotFound from exc


def search_people(user: Any, query: str) -> QuerySet[Person]:
    if not user.has_perm("people.view_person"):
        return Person.objects.none()
    people = Person.objects.all()
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


def person_page(user: Any, person: Person) -> dict[str, Any]:
    """Everything the person page shows to this user; sensitive reads are audited."""
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
    if shown:
        log_sensitive_read(user, person, shown)
    events: QuerySet[Event] = person.events.select_related("place", "facility")
    if not has_role(user, Role.ADMIN):
        events = events.filter(retracted_at__isnull=True)
    return {
        "person": person,
        "records": rows,
        "events": events.order_by("on", "created_at"),
        "name_latin": transliterate(person.display_name, "kz2021"),
        "decisions": link_decisions(user, [row.record for row in rows]),
    }


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
