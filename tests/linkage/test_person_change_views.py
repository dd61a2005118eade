"""Merging and splitting from the person page, per role."""

from __future__ import annotations

import pytest
from django.test import Client

from aqiqat.apps.people.models import PersonChange
from aqiqat.apps.sources.models import Record
from tests.factories import make_person, make_record, make_source

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(personas):  # type: ignore[no-untyped-def]
    source = make_source()
    first, second = make_person("Тестов Алан"), make_person("Пробная Дана")
    make_record(source, full_name="Тестов Алан", person=first)
    make_record(source, full_name="Testov Alan", person=first)
    make_record(source, full_name="Пробная Дана", person=second)
    return first, second


def _split(client: Client, person, reason: str = "a namesake"):  # type: ignore[no-untyped-def]
    record = Record.objects.filter(person=person).order_by("full_name").first()
    assert record is not None
    response = client.post(
        f"/people/{person.pk}/split/", {"record": str(record.pk), "reason": reason}
    )
    return record, response


@pytest.mark.parametrize("role", ["outsider", "viewer", "documenter", "lawyer"])
def test_roles_that_may_not_review_get_404_and_change_nothing(personas, people, role) -> None:
    first, second = people
    client = logged_in(getattr(personas, role))
    _, response = _split(client, first)
    assert response.status_code == 404
    merge = client.post(f"/people/{first.pk}/merge/", {"other": str(second.pk), "reason": "x"})
    assert merge.status_code == 404
    assert not PersonChange.objects.exists()


def test_the_outsider_gets_404_for_undo_and_for_the_person_page(personas, people) -> None:
    first, second = people
    change = PersonChange.objects.create(
        kind="merge", person=first, other=second, moved=[], stayed=[], reason="x"
    )
    outsider = logged_in(personas.outsider)
    assert outsider.get(f"/people/{first.pk}/").status_code == 404
    response = outsider.post(f"/people/{first.pk}/changes/{change.pk}/undo/", {"reason": "x"})
    assert response.status_code == 404
    assert not PersonChange.objects.filter(kind="undo").exists()


def test_a_viewer_sees_the_person_without_the_merge_and_split_section(personas, people) -> None:
    first, _ = people
    page = logged_in(personas.viewer).get(f"/people/{first.pk}/").content.decode()
    assert "Тестов Алан" in page
    assert "Merges and splits" not in page and "Split off" not in page


def test_an_analyst_splits_a_record_off_and_the_page_shows_who_why_and_when(
    personas, people
) -> None:
    first, _ = people
    client = logged_in(personas.analyst)
    record, response = _split(client, first, "born ten years apart")
    assert response.status_code == 302 and response["Location"] == f"/people/{first.pk}/"
    record.refresh_from_db()
    assert record.person_id != first.pk
    page = client.get(f"/people/{first.pk}/").content.decode()
    assert "Split off" in page and "born ten years apart" in page
    assert personas.analyst.get_username() in page
    assert "now has a person of their own" in page
    other_page = client.get(f"/people/{record.person_id}/").content.decode()
    assert "Split from" in other_page


def test_an_analyst_merges_a_person_by_pasting_its_address_and_undoes_it(personas, people) -> None:
    first, second = people
    client = logged_in(personas.analyst)
    response = client.post(
        f"/people/{first.pk}/merge/",
        {"other": f"http://127.0.0.1:8000/people/{second.pk}/", "reason": "one person"},
    )
    assert response.status_code == 302
    assert not Record.objects.filter(person=second).exists()
    change = PersonChange.objects.get(kind="merge")
    page = client.get(f"/people/{first.pk}/").content.decode()
    assert "Merged in" in page and "one person" in page and "Пробная Дана" in page
    undo = client.post(f"/people/{first.pk}/changes/{change.pk}/undo/", {"reason": "two people"})
    assert undo.status_code == 302
    assert Record.objects.filter(person=second).count() == 1
    page = client.get(f"/people/{first.pk}/").content.decode()
    assert "Undone by" in page and "two people" in page


def test_bad_input_gets_a_clear_message_and_changes_nothing(personas, people) -> None:
    first, _ = people
    client = logged_in(personas.analyst)
    _, response = _split(client, first, reason="")
    assert response.status_code == 302
    page = client.get(f"/people/{first.pk}/").content.decode()
    assert "needs a reason" in page
    unknown = client.post(
        f"/people/{first.pk}/merge/",
        {"other": "00000000-0000-0000-0000-000000000000", "reason": "x"},
        follow=True,
    )
    assert "No person has this identifier" in unknown.content.decode()
    itself = client.post(
        f"/people/{first.pk}/merge/", {"other": str(first.pk), "reason": "x"}, follow=True
    )
    assert "cannot be merged with itself" in itself.content.decode()
    assert not PersonChange.objects.exists()
