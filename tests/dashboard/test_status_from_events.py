"""A person's status follows the events entered on the person page and at an interview,
by the rule merges and linkage follow (a death is final, otherwise the later dated report),
and a corrected event gives back what it had said; the dashboard counts stay exact."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import Event, Person
from aqiqat.selectors import count_cells
from aqiqat.services.counts import recount
from aqiqat.services.intake.interview import record_interview
from aqiqat.services.person_events import EventDetails, add_event, correct_event
from tests.factories import make_person
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db


def persons_by_status() -> Counter[str]:
    kept = count_cells.kept_counts()
    assert kept is not None and kept == +count_cells.contributions()
    counted: Counter[str] = Counter()
    for (name, key), value in kept.items():
        if name == count_cells.PERSONS:
            counted[key.split("|")[1]] += value
    return counted


def status(person: Person) -> tuple[str, date | None]:
    person.refresh_from_db()
    return person.status, person.status_on


def test_a_release_after_a_detention_brings_the_person_back_from_still_held(personas) -> None:
    person = make_person("Тестов Алан")
    recount()
    add_event(personas.documenter, person, EventDetails("detention", date(2022, 1, 6)))
    assert status(person) == ("detained", date(2022, 1, 6))
    assert persons_by_status()["detained"] == 1
    add_event(personas.documenter, person, EventDetails("release", date(2022, 1, 20)))
    assert status(person) == ("released", date(2022, 1, 20))
    assert persons_by_status()["detained"] == 0
    entry = AuditEntry.objects.filter(object_id=str(person.pk), action="update").last()
    assert entry is not None and entry.detail["how"] == "event: the prevailing status"
    # A detention entered late for an earlier day changes nothing; ill-treatment says nothing.
    add_event(personas.documenter, person, EventDetails("detention", date(2022, 1, 7)))
    add_event(
        personas.documenter,
        person,
        EventDetails("ill_treatment", date(2022, 1, 8), allegation_type="beating"),
    )
    assert status(person) == ("released", date(2022, 1, 20))


def test_a_death_stays_whatever_is_entered_after_it(personas) -> None:
    person = make_person("Тестов Алан")
    recount()
    add_event(personas.documenter, person, EventDetails("death", date(2022, 1, 6)))
    add_event(personas.documenter, person, EventDetails("detention", date(2022, 1, 9)))
    assert status(person) == ("killed", date(2022, 1, 6))
    assert persons_by_status()["killed"] == 1


def test_a_death_entered_by_mistake_and_corrected_gives_the_status_back(personas) -> None:
    person = make_person("Тестов Алан")
    recount()
    add_event(personas.documenter, person, EventDetails("detention", date(2022, 1, 6)))
    mistaken = add_event(personas.documenter, person, EventDetails("death", date(2022, 1, 8)))
    assert status(person)[0] == "killed"
    correct_event(
        personas.documenter,
        mistaken,
        EventDetails("injury", date(2022, 1, 8)),
        "the morgue list named another man",
    )
    assert status(person) == ("injured", date(2022, 1, 8))
    counted = persons_by_status()
    assert (counted["killed"], counted["injured"]) == (0, 1)
    assert Event.objects.filter(person=person, kind="death").exists()  # kept, as corrected


def test_an_interview_about_a_known_person_brings_the_status_up_to_date(personas) -> None:
    person = make_person("Тестов Алан")
    add_event(personas.documenter, person, EventDetails("detention", date(2022, 1, 6)))
    recount()
    record_interview(
        personas.documenter,
        interview_answers(full_name="Тестов Алан", status="released", released_on="20.01.2022"),
        person_id=person.pk,
    )
    assert status(person) == ("released", date(2022, 1, 20))
    assert persons_by_status()["released"] == 1
