"""Correcting an event on the person page: a new version, the old one kept and marked."""

from __future__ import annotations

from datetime import date

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import Event
from aqiqat.apps.places.models import Place
from aqiqat.apps.sources.models import Record
from aqiqat.selectors import count_cells
from aqiqat.services.counts import recount
from aqiqat.services.person_events import (
    EventConflict,
    EventDetails,
    EventError,
    correct_event,
    latest_version,
)
from tests.factories import make_person, make_record
from tests.web.test_pages import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(personas):  # type: ignore[no-untyped-def]
    person = make_person("Тестов Алан")
    record = make_record(person=person, full_name="Тестов Алан")
    found = Event.objects.create(
        person=person, kind=Event.Kind.DETENTION, on=date(2022, 1, 6), on_precision="day"
    )
    found.records.add(record)
    recount()
    return found


def almaty() -> Place:
    return Place.objects.get(gazetteer_id="kz-almaty")


def correction(**changes: str) -> dict[str, str]:
    return {"kind": "detention", "on": "05.01.2022", "reason": "the family's papers", **changes}


def test_a_documenter_corrects_the_date_and_place_and_both_versions_stay(personas, event) -> None:
    client = logged_in(personas.documenter)
    url = f"/people/{event.person_id}/events/{event.pk}/correct/"
    page = client.get(url).content.decode()
    assert 'value="06.01.2022"' in page
    response = client.post(url, correction(place=str(almaty().pk)))
    assert response.status_code == 302
    newer = latest_version(event)
    assert newer.pk != event.pk and newer.supersedes_id == event.pk
    assert (newer.on, newer.place, newer.kind) == (date(2022, 1, 5), almaty(), "detention")
    assert list(newer.records.all()) == list(Record.objects.filter(person=event.person))
    entry = AuditEntry.objects.get(action="correct", object_id=str(newer.pk))
    assert entry.detail["reason"] == "the family's papers"
    assert set(entry.detail["fields"]) == {"on", "place_id"}
    person_page = client.get(f"/people/{event.person_id}/").content.decode()
    assert "corrected: see the newer entry" in person_page
    assert person_page.count("event-detention") == 2
    # The counts moved from the old date to the new without a recount.
    kept = count_cells.kept_counts()
    assert kept is not None and kept == +count_cells.contributions()
    assert kept[(count_cells.DAILY, "detention|2022-01-05")] == 1
    assert kept[(count_cells.DAILY, "detention|2022-01-06")] == 0


def test_a_correction_needs_a_reason_and_a_change(personas, event) -> None:
    client = logged_in(personas.documenter)
    url = f"/people/{event.person_id}/events/{event.pk}/correct/"
    response = client.post(url, correction(reason=""))
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    response = client.post(url, correction(on="06.01.2022"))
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert latest_version(event).pk == event.pk


def test_the_second_of_two_corrections_of_one_version_is_refused(personas, event) -> None:
    first = correct_event(
        personas.documenter,
        event,
        EventDetails(kind=Event.Kind.DETENTION, on=date(2022, 1, 5)),
        "first",
    )
    with pytest.raises(EventConflict) as refused:
        correct_event(
            personas.admin, event, EventDetails(kind=Event.Kind.RELEASE), "second, from the same"
        )
    assert refused.value.latest == first
    response = logged_in(personas.documenter).post(
        f"/people/{event.person_id}/events/{event.pk}/correct/", correction(on="04.01.2022")
    )
    assert response.status_code == 409
    assert "while you were editing" in response.content.decode()
    assert Event.objects.filter(person=event.person).count() == 2


def test_only_the_persons_own_event_can_be_corrected(personas, event) -> None:
    other = make_person("Пробная Дана")
    response = logged_in(personas.documenter).get(f"/people/{other.pk}/events/{event.pk}/correct/")
    assert response.status_code == 404
    with pytest.raises(EventError):
        correct_event(personas.documenter, event, EventDetails(kind="detention"), "  ")
