"""A status date carries its precision: how reports known to the month or year compare with
dated ones, that the person keeps the precision, and the migration that fills it in."""

from __future__ import annotations

import uuid
from datetime import date
from itertools import permutations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aqiqat.apps.people.models import Person, PersonChange
from aqiqat.apps.vocabulary import PersonStatus as S
from aqiqat.services.person_changes import undo_change
from aqiqat.services.person_events import EventDetails, add_event
from aqiqat.services.person_status import StatusOn, prevailing_report, prevailing_status
from tests.factories import make_person, make_record


def day(status: str, month: int, of: int) -> StatusOn:
    return StatusOn(status, date(2022, month, of), "day")


def month(status: str, number: int) -> StatusOn:
    return StatusOn(status, date(2022, number, 1), "month")


def year(status: str, number: int = 2022) -> StatusOn:
    return StatusOn(status, date(number, 1, 1), "year")


# (one report, another, the one that prevails whichever comes first)
MIXED = [
    # Periods apart: the later one, as for days.
    (day(S.DETAINED, 1, 6), month(S.RELEASED, 2), month(S.RELEASED, 2)),
    (month(S.DETAINED, 1), day(S.RELEASED, 2, 1), day(S.RELEASED, 2, 1)),
    (year(S.RELEASED, 2021), day(S.DETAINED, 1, 6), day(S.DETAINED, 1, 6)),
    (year(S.DETAINED, 2021), month(S.FOUND, 1), month(S.FOUND, 1)),
    # Overlapping: which came later is unknown, and the graver news stands.
    (month(S.RELEASED, 2), day(S.DETAINED, 2, 15), day(S.DETAINED, 2, 15)),
    (month(S.DETAINED, 2), day(S.RELEASED, 2, 15), month(S.DETAINED, 2)),
    (month(S.DETAINED, 2), day(S.RELEASED, 2, 28), month(S.DETAINED, 2)),
    (month(S.RELEASED, 2), day(S.MISSING, 2, 1), day(S.MISSING, 2, 1)),
    (year(S.RELEASED), month(S.DETAINED, 3), month(S.DETAINED, 3)),
    (year(S.MISSING), day(S.FOUND, 12, 31), year(S.MISSING)),
    (year(S.INJURED), month(S.RELEASED, 12), year(S.INJURED)),
    # A death is final, whatever its precision.
    (year(S.KILLED, 2021), day(S.RELEASED, 2, 15), year(S.KILLED, 2021)),
    # Equally grave news on the same day: the more precise date.
    (month(S.RELEASED, 2), day(S.RELEASED, 2, 1), day(S.RELEASED, 2, 1)),
    (month(S.DETAINED, 2), day(S.DETAINED, 2, 28), day(S.DETAINED, 2, 28)),
    # An undated report still gives way to one known only to the year.
    (StatusOn(S.MISSING), year(S.RELEASED), year(S.RELEASED)),
]


@pytest.mark.parametrize(("one", "other", "prevails"), MIXED)
def test_dates_of_different_precision_compare_by_the_period_they_stand_for(
    one: StatusOn, other: StatusOn, prevails: StatusOn
) -> None:
    assert prevailing_status(one, other) == prevails
    assert prevailing_status(other, one) == prevails


def test_the_status_is_the_same_in_whatever_order_the_reports_come() -> None:
    # February overlaps the 10th and the 20th, which do not overlap each other: counted
    # as "the same date" pairwise, the outcome would depend on the order.
    reports = [day(S.MISSING, 2, 10), month(S.DETAINED, 2), day(S.RELEASED, 2, 20)]
    outcomes = set()
    for order in permutations(reports):
        status = StatusOn(S.UNKNOWN)
        for report in order:
            status = prevailing_status(status, report)
        outcomes.add(status)
        assert prevailing_report(StatusOn(S.UNKNOWN), ((r, r) for r in order)) == (status, status)
    assert outcomes == {month(S.DETAINED, 2)}


@pytest.mark.django_db
def test_an_event_known_to_the_month_gives_the_person_its_month(acting) -> None:
    person = make_person("Тестов Марат")
    add_event(acting, person, EventDetails("detention", date(2022, 1, 6), "day"))
    add_event(acting, person, EventDetails("release", date(2022, 2, 1), "month"))
    person.refresh_from_db()
    assert (person.status, person.status_on, person.status_on_precision) == (
        S.RELEASED,
        date(2022, 2, 1),
        "month",
    )
    # A detention on a day of that month is graver news than the release in it.
    add_event(acting, person, EventDetails("detention", date(2022, 2, 15), "day"))
    person.refresh_from_db()
    assert (person.status, person.status_on_precision) == (S.DETAINED, "day")


@pytest.mark.django_db
def test_undoing_a_merge_recorded_before_dates_had_a_precision_gives_the_status_back(
    personas,
) -> None:
    kept, other = make_person("Тестов Алан"), make_person("Пробная Дана")
    make_record(person=kept, full_name="Тестов Алан")
    Person.objects.filter(pk=kept.pk).update(
        status=S.KILLED, status_on=date(2022, 1, 5), status_on_precision="day"
    )
    # As a merge wrote it then: two values, no precision.
    merge = PersonChange.objects.create(
        kind=PersonChange.Kind.MERGE,
        person=kept,
        other=other,
        moved=[],
        stayed=[],
        status_change={"from": ["detained", "2022-01-06"], "to": ["killed", "2022-01-05"]},
        reason="same person",
    )
    undo_change(personas.analyst, merge, "not the same")
    kept.refresh_from_db()
    assert (kept.status, kept.status_on, kept.status_on_precision) == (
        S.DETAINED,
        date(2022, 1, 6),
        "unknown",
    )


BEFORE = [("people", "0008_personchange_status_change"), ("sources", "0004_seal_sensitive_values")]


@pytest.mark.django_db(transaction=True)
def test_persons_dated_before_get_the_precision_of_the_report_that_set_their_status() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Person = old.get_model("people", "Person")
    Record = old.get_model("sources", "Record")
    Event = old.get_model("people", "Event")
    source = old.get_model("sources", "Source").objects.create(
        id=uuid.uuid4(), name="ngo-list", kind="ngo", channel="file"
    )

    def person(status: str, on: date | None) -> uuid.UUID:
        return Person.objects.create(id=uuid.uuid4(), status=status, status_on=on).pk

    def record(person_id: uuid.UUID, status: str, on: date, precision: str) -> None:
        Record.objects.create(
            id=uuid.uuid4(),
            source=source,
            person_id=person_id,
            full_name="Тестов",
            claimed_status=status,
            event_date=on,
            event_date_precision=precision,
        )

    feb = date(2022, 2, 1)
    month = person("released", feb)
    record(month, "released", feb, "month")
    record(month, "detained", date(2022, 1, 6), "day")
    finest = person("released", feb)
    record(finest, "released", feb, "month")
    record(finest, "released", feb, "day")
    from_event = person("killed", date(2022, 1, 1))
    Event.objects.create(
        id=uuid.uuid4(),
        person_id=from_event,
        kind="death",
        on=date(2022, 1, 1),
        on_precision="year",
    )
    mid_month = person("detained", date(2022, 1, 6))
    first_of_month = person("missing", feb)
    undated = person("detained", None)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = dict(
        executor.loader.project_state(executor.loader.graph.leaf_nodes())
        .apps.get_model("people", "Person")
        .objects.values_list("pk", "status_on_precision")
    )
    assert stored[month] == "month"
    assert stored[finest] == "day"
    assert stored[from_event] == "year"
    # No report left: every way in writes a month or year as its first day, so the 6th
    # is a day; a first of the month may be either, and stays unknown.
    assert stored[mid_month] == "day"
    assert stored[first_of_month] == "unknown"
    assert stored[undated] == "unknown"
