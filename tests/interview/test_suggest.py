"""Suggesting persons already recorded while a name is typed, across scripts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from aqiqat.apps.people.models import Person
from aqiqat.names import parse_name, transliterate
from aqiqat.selectors.suggestions import suggest_people
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db

URL = "/people/suggest/"


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    """Suggestions read the process-wide search index; the database is rolled back under it."""
    from aqiqat.services.tracing.index import reset_live_index

    reset_live_index()
    yield
    reset_live_index()


def spelled(person: Person, full_name: str, **fields: str) -> None:
    """A record with its name key, as intake and imports write it."""
    make_record(person=person, full_name=full_name, name_key=parse_name(full_name).key, **fields)


def recorded(name: str, born: int | None = None, **fields: str) -> Person:
    person = make_person(name, display_name_latin=transliterate(name, "kz2021"), birth_year=born)
    spelled(person, name, **fields)
    return person


def suggested(user, query: str, born: str = "") -> list[dict]:
    client = Client()
    client.force_login(user)
    response = client.get(URL, {"q": query, "born": born})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()["results"]


def test_a_latin_spelling_suggests_the_person_written_in_cyrillic(personas, acting) -> None:
    tokaev = recorded("Тоқаев Нұрлан Ерланұлы")
    recorded("Токаева Айгуль Ерлановна")
    recorded("Серікбаев Ерлан Асқарұлы")
    results = suggested(personas.documenter, "Nurlan Tokayev")
    assert [r["name"] for r in results] == ["Тоқаев Нұрлан Ерланұлы"]
    first = results[0]
    assert first["id"] == str(tokaev.pk)
    assert first["latin"] == "Toqaev Nūrlan Erlanūly"
    assert first["url"] == f"/people/{tokaev.pk}/"


def test_a_person_is_found_by_any_of_the_spellings_of_their_records(personas, acting) -> None:
    person = recorded("Тоқаев Нұрлан Ерланұлы")
    spelled(person, "TOKAEV NURLAN ERLANOVICH")
    results = suggested(personas.documenter, "Токаев Нурлан")
    assert [r["id"] for r in results] == [str(person.pk)]


def test_the_birth_year_puts_the_right_namesake_first(personas, acting) -> None:
    recorded("Тоқаев Нұрлан", born=1962)
    younger = recorded("Тоқаев Нұрлан", born=1990)
    results = suggested(personas.documenter, "Tokaev Nurlan", born="1991")
    assert results[0]["id"] == str(younger.pk)
    assert results[0]["born_agrees"] is True
    assert results[1]["born_agrees"] is False
    assert results[0]["score"] > results[1]["score"]


def test_the_answer_holds_no_sensitive_field(personas, acting) -> None:
    recorded(
        "Тоқаев Нұрлан",
        testimony="TESTIMONY",
        medical_details="MEDICAL",
        informant_contact="CONTACT",
    )
    client = Client()
    client.force_login(personas.documenter)
    body = client.get(URL, {"q": "Tokaev Nurlan"}).content.decode()
    for secret in ("TESTIMONY", "MEDICAL", "CONTACT"):
        assert secret not in body


def test_a_retracted_record_suggests_nothing_except_to_admins(personas, acting) -> None:
    person = make_person("Ким Ольга")
    spelled(person, "Ким Ольга")
    record = person.records.get()
    record.retract(acting, "entered twice")
    assert suggested(personas.documenter, "Kim Olga") == []
    assert [r["id"] for r in suggested(personas.admin, "Kim Olga")] == [str(person.pk)]


def test_text_that_is_no_name_suggests_nothing(personas, acting) -> None:
    recorded("Тоқаев Нұрлан")
    assert suggested(personas.documenter, "") == []
    assert suggested(personas.documenter, "12345") == []
    assert suggested(personas.documenter, "<script>") == []


def test_the_outsider_gets_404_and_the_selector_gives_nothing(personas, acting) -> None:
    recorded("Тоқаев Нұрлан")
    client = Client()
    client.force_login(personas.outsider)
    response = client.get(URL, {"q": "Tokaev Nurlan"})
    assert response.status_code == 404
    assert "Тоқаев" not in response.content.decode()
    assert suggest_people(personas.outsider, "Tokaev Nurlan") == []


def test_suggestions_require_a_login(personas) -> None:
    response = Client().get(URL, {"q": "Tokaev"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
