"""A person's current status: the one rule that chooses between two reports of it, and the
one audited way to change it.

A merge, linkage, a split, a new event and the demo loader all give a person the report
that prevails between what it had and what is newly known of it (another person's status,
a record's claimed status, what an event says); a corrected event has it worked out again
from what stands. The rule: a death is final; otherwise the later dated report, so a
release listed after a detention brings the person back; a report without a date only
fills in for none; on the same date the graver. The tracing desk answers by the same
functions (`prevailing_report`), so it says what the person page says. Every change is an
audit entry on the person with the status before and after and how it came about.

A date known only to the month or the year stands for that whole period. When two reports'
periods overlap ("released, February 2022" and "detained 15 February 2022"), which came
later is unknown, and the graver news stands: released or found counts from the first day
of its month or year, any graver report to the last day. So "detained 15 February" prevails
over "released, February", and "detained, February" over "released 15 February". Counting
overlapping periods as one date would make the outcome depend on the order reports arrive
in (15 and 20 February both overlap February, not each other); one day per report keeps it
the same in any order. The cost: of two grave reports, or two of release and finding, the
one counted later stands even if the other is graver ("detained, February" over "missing
10 February"). On the same day, the graver, then the more precise.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, TypeVar

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.vocabulary import STATUS_SEVERITY, DatePrecision, PersonStatus


class StatusOn(NamedTuple):
    """One report of a person's status: what it says, on which date, and how precisely
    the date is known (a DatePrecision, "unknown" when undated)."""

    status: str
    on: date | None = None
    precision: str = DatePrecision.UNKNOWN


NO_INFORMATION = StatusOn(PersonStatus.UNKNOWN)
# The Person fields that hold its status, written together.
STATUS_FIELDS = ["status", "status_on", "status_on_precision"]
BATCH = 2000
# Released or found: a report of them known only to the month or year counts from the
# period's first day, any graver one to its last day (see the module's docstring).
LEAST_GRAVE = STATUS_SEVERITY[PersonStatus.RELEASED]
COARSE: dict[str, int] = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2}
DAY = 3
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


def report(status: str, on: date | None, precision: str) -> StatusOn:
    """A report as the rule compares it: undated, its precision is "unknown" whatever was
    given (a list's ambiguous date is kept as no date)."""
    return StatusOn(status, on, precision if on is not None else DatePrecision.UNKNOWN)


def status_of(person: Person) -> StatusOn:
    """The person's status as stored."""
    return report(person.status, person.status_on, person.status_on_precision)


def assign(person: Person, status: StatusOn) -> None:
    """Put the status on the object (not the database)."""
    person.status, person.status_on, person.status_on_precision = status


def counts_on(status: StatusOn) -> date:
    """The day a dated report counts as: its own day; for a month or a year, the first day
    of it for released or found and the last day for graver news. A date of unknown
    precision counts as a day."""
    on = status.on
    if on is None:
        return date.min
    grave = STATUS_SEVERITY.get(status.status, 0) > LEAST_GRAVE
    if status.precision == DatePrecision.YEAR:
        return date(on.year, 12, 31) if grave else date(on.year, 1, 1)
    if status.precision == DatePrecision.MONTH:
        last = calendar.monthrange(on.year, on.month)[1]
        return date(on.year, on.month, last if grave else 1)
    return on


def status_precedence(status: StatusOn) -> tuple[int, date, int, int]:
    """How a report of a person's status ranks, higher prevailing: any death above any
    other report, whatever the dates (a death is final); then the later day it counts on
    (`counts_on`), a report without a date below every dated report; on the same day, the
    graver (STATUS_SEVERITY), then the more precise date. No information ranks below
    everything, so it never replaces a report."""
    if status.status == PersonStatus.UNKNOWN:
        return 0, date.min, 0, 0
    final = 2 if status.status == PersonStatus.KILLED else 1
    fineness = 0 if status.on is None else COARSE.get(status.precision, DAY)
    return final, counts_on(status), STATUS_SEVERITY.get(status.status, 0), fineness


def prevailing_status(kept: StatusOn, other: StatusOn) -> StatusOn:
    """The report of the two that stands (see `status_precedence`); on a tie, the kept one."""
    return other if status_precedence(other) > status_precedence(kept) else kept


def claimed(record: Record) -> StatusOn | None:
    """What the record says of the person's status, on the date of the event it reports;
    None when it says nothing (no information is no claim, even with a date)."""
    if record.claimed_status == PersonStatus.UNKNOWN:
        return None
    return report(record.claimed_status, record.event_date, record.event_date_precision)


def stored(status: StatusOn) -> list[str | None]:
    """The status as the audit log keeps it: [status, ISO date or None, precision]."""
    return [status.status, status.on.isoformat() if status.on else None, status.precision]


def from_stored(values: list[str | None]) -> StatusOn:
    """A status as the audit log keeps it; entries written before status dates had a
    precision hold two values, and their precision is unknown."""
    name, on, *precision = values
    return report(
        str(name),
        date.fromisoformat(on) if on else None,
        precision[0] if precision and precision[0] else DatePrecision.UNKNOWN,
    )


def is_stored(status: StatusOn, values: list[str | None]) -> bool:
    """Whether the audit log's values are this status (compared as far as they go)."""
    return stored(status)[: len(values)] == values


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
        [
            Person(
                pk=c.person_id,
                status=c.to.status,
                status_on=c.to.on,
                status_on_precision=c.to.precision,
            )
            for c in batch
        ],
        STATUS_FIELDS,
    )
    write_entries(
        actor,
        [
            PendingEntry(
                "update",
                "people.person",
                str(c.person_id),
                {
                    "fields": STATUS_FIELDS,
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
    set_statuses(actor, [StatusChange(person.pk, status_of(person), to)], how)
    assign(person, to)


def add_claims(claims: dict[Any, StatusOn], person_id: Any, records: Iterable[Record]) -> None:
    """Fold what these records claim into `claims[person_id]` (no information when absent);
    a person whose records claim nothing is left out."""
    claim = prevailing_of_records(claims.get(person_id, NO_INFORMATION), records)
    if claim != NO_INFORMATION:
        claims[person_id] = claim


def prevailing_of_records(start: StatusOn, records: Iterable[Record]) -> StatusOn:
    """What prevails of `start` and what each record claims."""
    return prevailing_report(start, told_by(records=records))[0]


Teller = TypeVar("Teller")


def prevailing_report(
    start: StatusOn, reports: Iterable[tuple[StatusOn, Teller]]
) -> tuple[StatusOn, Teller | None]:
    """What prevails of `start` and these reports, and the first of them that tells it
    (None when none does, e.g. a stored status whose record has left the person)."""
    status, teller = start, None
    for claim, told in reports:
        if status_precedence(claim) > status_precedence(status):
            status, teller = claim, told
        elif teller is None and claim == status:
            teller = told
    return status, teller


def told_by(
    records: Iterable[Record] = (), events: Iterable[Event] = ()
) -> Iterator[tuple[StatusOn, Record | Event]]:
    """What each event and each record says of the person's status, with who said it;
    those that say nothing are left out. Events first: on a tie an event, a fact entered
    on the person, stands for a record."""
    for event in events:
        said = event_claim(event)
        if said is not None:
            yield said, event
    for record in records:
        claim = claimed(record)
        if claim is not None:
            yield claim, record


def read_statuses(person_ids: list[Any]) -> dict[Any, StatusOn]:
    """The persons' statuses as stored, read in batches."""
    found: dict[Any, StatusOn] = {}
    for start in range(0, len(person_ids), BATCH):
        rows = Person.objects.filter(pk__in=person_ids[start : start + BATCH]).values_list(
            "pk", *STATUS_FIELDS
        )
        found.update({pk: report(status, on, precision) for pk, status, on, precision in rows})
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
    return None if status is None else report(status, event.on, event.on_precision)


def _settle(actor: Any, person: Person, status: StatusOn, how: str) -> None:
    if status != status_of(person):
        set_status(actor, person, status, how)


def take_events(actor: Any, person: Person, events: Iterable[Event], how: str) -> None:
    """Give the person what prevails of its status and what these new events say."""
    _settle(actor, person, prevailing_report(status_of(person), told_by(events=events))[0], how)


def restate_status(actor: Any, person: Person, how: str) -> None:
    """Work the person's status out again from everything that stands: its records'
    claims and its events that are neither corrected nor withdrawn (after a correction,
    which can take back what an event said)."""
    standing = {"person": person, "retracted_at__isnull": True, "superseded_by__isnull": True}
    reports = told_by(Record.objects.filter(**standing), Event.objects.filter(**standing))
    status = prevailing_report(NO_INFORMATION, reports)[0]
    person.refresh_from_db(fields=STATUS_FIELDS)
    _settle(actor, person, status, how)
