"""A person's current status: the one rule that chooses between two reports of it, and the
one audited way to change it.

A merge, linkage, a split, a new event and the demo loader all give a person the report
that prevails between what it had and what is newly known of it (another person's status,
a record's claimed status, what an event says); a corrected event has it worked out again
from what stands. The rule: a death is final; otherwise the later dated report, so a
release listed after a detention brings the person back; a report without a date only
fills in for none; on the same date the graver. The tracing desk ranks its reports by the same rule
(`status_precedence`). Every change is an audit entry on the person with the status before
and after and how it came about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.vocabulary import STATUS_SEVERITY, PersonStatus

StatusOn = tuple[str, date | None]
NO_INFORMATION: StatusOn = (PersonStatus.UNKNOWN, None)
BATCH = 2000
# What an event says of the person's status; other kinds (ill-treatment, say) say nothing.
EVENT_STATUS: dict[str, str] = {
    Event.Kind.DETENTION: PersonStatus.DETAINED,
    Event.Kind.TRANSFER: PersonStatus.DETAINED,
    Event.Kind.SENTENCE: PersonStatus.DETAINED,
    Event.Kind.RELEASE: PersonStatus.RELEASED,
    Event.Kind.INJURY: PersonStatus.INJURED,
    Event.Kind.DEATH: PersonStatus.KILLED,
    Event.Kind.DISAPPEARANCE: PersonStatus.MISSING,
    Event.Kind.FOUND: PersonStatus.FOUND,
}


def status_precedence(status: StatusOn) -> tuple[int, date, int]:
    """How a report of a person's status ranks, higher prevailing: any death above any
    other report, whatever the dates (a death is final); then the later date, a report
    without one below every dated report; on the same date, the graver (STATUS_SEVERITY).
    No information ranks below everything, so it never replaces a report."""
    name, on = status
    if name == PersonStatus.UNKNOWN:
        return 0, date.min, 0
    final = 2 if name == PersonStatus.KILLED else 1
    return final, on or date.min, STATUS_SEVERITY.get(name, 0)


def prevailing_status(kept: StatusOn, other: StatusOn) -> StatusOn:
    """The report of the two that stands (see `status_precedence`); on a tie, the kept one."""
    return other if status_precedence(other) > status_precedence(kept) else kept


def claimed(record: Record) -> StatusOn | None:
    """What the record says of the person's status, on the date of the event it reports;
    None when it says nothing (no information is no claim, even with a date)."""
    if record.claimed_status == PersonStatus.UNKNOWN:
        return None
    return record.claimed_status, record.event_date


def stored(status: StatusOn) -> list[str | None]:
    """The status as the audit log keeps it."""
    return [status[0], status[1].isoformat() if status[1] else None]


@dataclass(frozen=True)
class StatusChange:
    person_id: Any
    was: StatusOn
    to: StatusOn


def set_statuses(actor: Any, changes: Iterable[StatusChange], how: str) -> int:
    """Write these persons' new statuses in batches, one audit entry each; returns how many.

    The caller keeps the dashboard counts (`counts_kept` with these persons, or `recount`).
    """
    done = 0
    batch: list[StatusChange] = []
    for change in changes:
        if change.to == change.was:
            continue
        batch.append(change)
        if len(batch) >= BATCH:
            done += _write(actor, batch, how)
            batch = []
    if batch:
        done += _write(actor, batch, how)
    return done


def _write(actor: Any, batch: list[StatusChange], how: str) -> int:
    Person.objects.bulk_update(
        [Person(pk=c.person_id, status=c.to[0], status_on=c.to[1]) for c in batch],
        ["status", "status_on"],
    )
    write_entries(
        actor,
        [
            PendingEntry(
                "update",
                "people.person",
                str(c.person_id),
                {
                    "fields": ["status", "status_on"],
                    "from": stored(c.was),
                    "to": stored(c.to),
                    "how": how,
                },
            )
            for c in batch
        ],
    )
    return len(batch)


def set_status(actor: Any, person: Person, to: StatusOn, how: str) -> None:
    """Give one person a new status (the object passed in follows)."""
    set_statuses(actor, [StatusChange(person.pk, (person.status, person.status_on), to)], how)
    person.status, person.status_on = to


def add_claims(claims: dict[Any, StatusOn], person_id: Any, records: Iterable[Record]) -> None:
    """Fold what these records claim into `claims[person_id]` (no information when absent);
    a person whose records claim nothing is left out."""
    claim = prevailing_of_records(claims.get(person_id, NO_INFORMATION), records)
    if claim != NO_INFORMATION:
        claims[person_id] = claim


def prevailing_of_records(start: StatusOn, records: Iterable[Record]) -> StatusOn:
    """What prevails of `start` and what each record claims."""
    status = start
    for record in records:
        claim = claimed(record)
        if claim is not None:
            status = prevailing_status(status, claim)
    return status


def read_statuses(person_ids: list[Any]) -> dict[Any, StatusOn]:
    """The persons' statuses as stored, read in batches."""
    found: dict[Any, StatusOn] = {}
    for start in range(0, len(person_ids), BATCH):
        rows = Person.objects.filter(pk__in=person_ids[start : start + BATCH]).values_list(
            "pk", "status", "status_on"
        )
        found.update({pk: (status, on) for pk, status, on in rows})
    return found


def status_changes(claims: dict[Any, StatusOn], known: dict[Any, StatusOn]) -> list[StatusChange]:
    """The persons whose status gives way to their claims, and to what; statuses not in
    `known` (e.g. persons just created) are read from the database."""
    current = {**read_statuses([pk for pk in claims if pk not in known]), **known}
    changes = []
    for pk, claim in claims.items():
        was = current.get(pk, NO_INFORMATION)
        to = prevailing_status(was, claim)
        if to != was:
            changes.append(StatusChange(pk, was, to))
    return changes


def event_claim(event: Event) -> StatusOn | None:
    """What the event says of the person's status, on its date; None when it says nothing."""
    status = EVENT_STATUS.get(event.kind)
    return None if status is None else (status, event.on)


def prevailing_of_events(start: StatusOn, events: Iterable[Event]) -> StatusOn:
    """What prevails of `start` and what each event says."""
    status = start
    for event in events:
        claim = event_claim(event)
        if claim is not None:
            status = prevailing_status(status, claim)
    return status


def _settle(actor: Any, person: Person, status: StatusOn, how: str) -> None:
    if status != (person.status, person.status_on):
        set_status(actor, person, status, how)


def take_events(actor: Any, person: Person, events: Iterable[Event], how: str) -> None:
    """Give the person what prevails of its status and what these new events say."""
    _settle(actor, person, prevailing_of_events((person.status, person.status_on), events), how)


def restate_status(actor: Any, person: Person, how: str) -> None:
    """Work the person's status out again from everything that stands: its records'
    claims and its events that are neither corrected nor withdrawn (after a correction,
    which can take back what an event said)."""
    standing = {"person": person, "retracted_at__isnull": True, "superseded_by__isnull": True}
    status = prevailing_of_records(NO_INFORMATION, Record.objects.filter(**standing))
    status = prevailing_of_events(status, Event.objects.filter(**standing))
    person.refresh_from_db(fields=["status", "status_on"])
    _settle(actor, person, status, how)
