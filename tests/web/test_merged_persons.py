"""A person a reviewer merged into another is no longer listed, found or counted."""

from __future__ import annotations

import pytest

from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors.people import search_people
from aqiqat.selectors.suggestions import suggest_people
from aqiqat.services.person_changes import merge_persons, undo_change
from tests.factories import make_person, make_record, make_source
from tests.web.test_pages import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(personas):  # type: ignore[no-untyped-def]
    source = make_source()
    keep = make_person("Тестов Алан", display_name_latin="Testov Alan")
    other = make_person(
        "Тестоф Аланн", display_name_latin="Testof Alann", status=PersonStatus.KILLED
    )
    make_record(source, full_name="Тестов Алан", person=keep)
    make_record(source, full_name="Тестоф Аланн", person=other)
    change = merge_persons(personas.analyst, keep, other, "same person, misspelt")
    return keep, other, change


def test_the_people_list_and_its_search_leave_a_merged_person_out(personas, merged) -> None:
    keep, other, _change = merged
    page = logged_in(personas.documenter).get("/people/").content.decode()
    assert "Тестов Алан" in page and "Тестоф Аланн" not in page
    # Its spelling now finds the person kept, through the record that moved there.
    assert list(search_people(personas.documenter, "Тестоф")) == [keep]
    suggested = {s.person.pk for s in suggest_people(personas.documenter, "Тестоф Аланн")}
    assert other.pk not in suggested


def test_the_documented_list_and_count_leave_a_merged_person_out(personas, merged) -> None:
    # The person kept took the merged one's status (killed), so it is listed once, in its place.
    page = logged_in(personas.analyst).get("/dashboard/documented/killed/").content.decode()
    assert "Тестоф Аланн" not in page and "Тестов Алан" in page
    assert "1 person" in page


def test_a_merged_persons_page_points_to_the_person_kept(personas, merged) -> None:
    keep, other, _change = merged
    page = logged_in(personas.documenter).get(f"/people/{other.pk}/").content.decode()
    assert "merged this person into another" in page
    assert f"/people/{keep.pk}/" in page


def test_undoing_the_merge_lists_the_person_again(personas, merged) -> None:
    _keep, other, change = merged
    undo_change(personas.analyst, change, "not the same person")
    assert other in search_people(personas.documenter, "Тестоф")
