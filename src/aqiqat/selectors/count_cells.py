"""What each person adds to the aggregate counts, and the kept counts themselves.

The dashboard, public pages and summary report count persons (by status and by the place
of their earliest placed event), detentions, persons by day and ill-treatment allegations.
All of these are sums over persons: each person listed (not merged away) adds one
`Contribution`. `aqiqat.services.counts` keeps the sums in `CountCell` rows by adding a
person's new contribution and taking away its old one whenever a service changes it, so
reading them needs no scan of persons or events. The same function computes the
contributions of a few persons (for such a change) and of all (for a full recount), so
the kept counts and a recount cannot disagree in how they count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import CountCell, CountStamp, Event, Person

# Counts are keyed by (name, key); keys join their parts with "|".
PERSONS = "persons"  # key: place id ("" when none) | status
DETAINED = "detained"  # key: place id; persons with a current detention event
DAILY = "daily"  # key: kind | ISO date; persons with such an event that day
ALLEGATIONS_BY_TYPE = "alleg_type"  # key: allegation type; events
PEOPLE_BY_TYPE = "alleg_type_people"  # key: allegation type; persons
ALLEGATIONS_BY_FACILITY = "alleg_facility"  # key: facility id ("" when none); events
PEOPLE_BY_FACILITY = "alleg_facility_people"  # key: facility id; persons

DAILY_KINDS = (
    Event.Kind.DETENTION,
    Event.Kind.RELEASE,
    Event.Kind.INJURY,
    Event.Kind.DISAPPEARANCE,
    Event.Kind.DEATH,
)

Contribution = Counter[tuple[str, str]]

# Audit entries of these types never change a person's status or events, so the kept
# counts stay exact across them. Any other write (a new type too) leaves the counts to be
# recomputed until a service that keeps them runs again.
NEUTRAL_TYPES = (
    "sources.record",
    "sources.source",
    "sources.importbatch",
    "people.linkdecision",
    "people.personchange",
    "cases.complaint",
    "cases.case",
    "cases.casestatuschange",
    "cases.answerdeadline",
    "evidence.evidence",
    "evidence.custodyentry",
    "tracing.tracingrequest",
    "tracing.tracingstatuschange",
    "figures.officialfigure",
    "figures.savedestimate",
    "figures.memorialconsent",
    "places.place",
    "places.facility",
    "accounts.user",
)
# Actions that change no data at all (as counts.READS, which imports this module).
READS = ("view", "report", "export", "login", "logout", "login_failed", "not_found")


def current_events() -> QuerySet[Event]:
    return Event.objects.filter(retracted_at__isnull=True, superseded_by__isnull=True)


def _sort_key(on: date | None, created_at: Any, pk: Any) -> tuple[Any, ...]:
    # Dated events first, earliest first, as on the person's timeline.
    return (on is None, on or date.min, created_at, str(pk))


def contributions(person_ids: Iterable[Any] | None = None) -> Contribution:
    """What these persons (every person when None) add to the counts together."""
    persons = Person.objects.filter(merged_into__isnull=True)
    events = current_events().filter(person__isnull=False)
    if person_ids is not None:
        wanted = list(person_ids)
        persons = persons.filter(pk__in=wanted)
        events = events.filter(person__in=wanted)
    status = dict(persons.values_list("pk", "status").iterator(chunk_size=10_000))
    by_person: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    rows = events.values_list(
        "person_id", "kind", "on", "place_id", "facility_id", "allegation_type", "created_at", "pk"
    )
    for row in rows.iterator(chunk_size=10_000):
        if row[0] in status:
            by_person[row[0]].append(row[1:])
    total: Contribution = Counter()
    for pk, person_status in status.items():
        _add_person(total, person_status, by_person.get(pk, []))
    return total


def _add_person(total: Contribution, status: str, events: list[tuple[Any, ...]]) -> None:
    placed = [e for e in events if e[2] is not None]
    first = min(placed, key=lambda e: _sort_key(e[1], e[5], e[6])) if placed else None
    place = str(first[2]) if first else ""
    total[(PERSONS, f"{place}|{status}")] += 1
    if any(e[0] == Event.Kind.DETENTION for e in events):
        total[(DETAINED, place)] += 1
    days = {f"{kind}|{on.isoformat()}" for kind, on, *_ in events if on and kind in DAILY_KINDS}
    for key in days:
        total[(DAILY, key)] += 1
    alleged = [e for e in events if e[0] == Event.Kind.ILL_TREATMENT]
    for name, people, values in (
        (ALLEGATIONS_BY_TYPE, PEOPLE_BY_TYPE, [e[4] for e in alleged]),
        (ALLEGATIONS_BY_FACILITY, PEOPLE_BY_FACILITY, [str(e[3] or "") for e in alleged]),
    ):
        for value in values:
            total[(name, value)] += 1
        for value in set(values):
            total[(people, value)] += 1


def stamp() -> int | None:
    return CountStamp.objects.filter(pk=1).values_list("seq", flat=True).first()


def exact_at(seq: int | None) -> bool:
    """Whether counts stamped at audit entry `seq` are still exact: no write since then
    could have changed a person's status or events."""
    if seq is None:
        return False
    later = AuditEntry.objects.filter(seq__gt=seq).exclude(action__in=READS)
    return not later.exclude(object_type__in=NEUTRAL_TYPES).exists()


def kept_counts() -> Contribution | None:
    """The kept counts, or None when a write since they were last kept may have changed them."""
    # No transaction: on SQLite it would take the write lock. The stamp is read before and
    # after instead; stamps only grow, so the same stamp twice means no kept change
    # committed in between and the cells belong to it.
    seq = stamp()
    if not exact_at(seq):
        return None
    cells = Counter(
        {(name, key): n for name, key, n in CountCell.objects.values_list("name", "key", "n")}
    )
    if stamp() != seq:
        return None
    return +cells


def person_counts() -> Contribution:
    """Every count over persons: kept ones when exact, else a recount of every person."""
    kept = kept_counts()
    return kept if kept is not None else contributions()
