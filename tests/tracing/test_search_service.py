"""Ranked search through the database: scripts, birth years, status, roles, fresh records."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from aqiqat.apps.places.models import Facility
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors.search import (
    SearchRefused,
    check_rate,
    latest_status,
    read_query,
    search_persons,
)
from aqiqat.services.person_events import EventDetails, add_event
from aqiqat.services.person_status import StatusOn, prevailing_status, restate_status
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db


def record(name: str, person=None, **fields):
    from aqiqat.names import parse_name

    parsed = parse_name(name)
    parts = parsed.parts_text()
    return make_record(
        person=person,
        full_name=name,
        surname=parts["surname"] or "",
        given_name=parts["given"] or "",
        patronymic=parts["patronymic"] or "",
        name_key=parsed.key,
        **fields,
    )


def test_a_latin_query_finds_a_person_written_in_kazakh_cyrillic(personas, acting) -> None:
    person = make_person("Серікбаев Ерлан Асқарұлы")
    record("Серікбаев Ерлан Асқарұлы", person, birth_year_min=1995, birth_year_max=1995)
    record("Ахметов Ерлан", birth_year_min=1995, birth_year_max=1995)
    results = search_persons(personas.tracing_desk, read_query("Erlan Serikbayev", born="1995"))
    assert results[0].person == person
    assert results[0].score >= 0.9
    assert any(reason.field == "born" and reason.verdict == "agrees" for reason in results[0].why)


def test_a_record_written_a_moment_ago_is_found(personas, acting) -> None:
    record("Тоқаев Нұрлан")
    assert search_persons(personas.viewer, read_query("Tokaev Nurlan"))
    record("Жақыпов Ержан Дарханович")
    assert search_persons(personas.viewer, read_query("Zhakypov Yerzhan"))


def test_the_status_says_where_and_since_when_and_who_said_so(personas, acting) -> None:
    facility = Facility.objects.create(code="sizo-1", kind="detention", name_en="SIZO No. 1")
    person = make_person("Ким Ольга")
    record(
        "Ким Ольга",
        person,
        claimed_status=PersonStatus.DETAINED,
        facility=facility,
        event_date=date(2022, 1, 7),
    )
    status = search_persons(personas.tracing_desk, read_query("Kim Olga"))[0].status
    assert status.status == PersonStatus.DETAINED
    assert "SIZO No. 1" in status.text and "2022-01-07" in status.text
    assert status.source == "ngo-list"


S = PersonStatus
JAN_5, JAN_6, JAN_20 = date(2022, 1, 5), date(2022, 1, 6), date(2022, 1, 20)


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [
        ((S.KILLED, JAN_5), (S.DETAINED, JAN_20), (S.KILLED, JAN_5)),
        ((S.DETAINED, JAN_6), (S.RELEASED, JAN_20), (S.RELEASED, JAN_20)),
        ((S.MISSING, JAN_6), (S.FOUND, JAN_20), (S.FOUND, JAN_20)),
        ((S.MISSING, None), (S.RELEASED, JAN_6), (S.RELEASED, JAN_6)),
        ((S.INJURED, JAN_6), (S.MISSING, JAN_6), (S.MISSING, JAN_6)),
        ((S.DETAINED, None), (S.UNKNOWN, JAN_20), (S.DETAINED, None)),
    ],
)
def test_the_desk_shows_the_report_that_prevails_as_the_persons_status_does(
    acting, first, second, shown
) -> None:  # type: ignore[no-untyped-def]
    person = make_person("Ким Ольга")
    reports = [StatusOn(status, on, "day" if on else "unknown") for status, on in (first, second)]
    for status, on, precision in reports:
        record(
            "Ким Ольга",
            person,
            claimed_status=status,
            event_date=on,
            event_date_precision=precision,
        )
    desk = latest_status(person, [])
    assert (desk.status, desk.on) == shown == prevailing_status(*reports)[:2]


def test_the_desk_counts_an_undated_event_as_the_person_page_does(personas, acting) -> None:
    person = make_person("Ким Ольга")
    record("Ким Ольга", person, claimed_status=PersonStatus.DETAINED)
    restate_status(acting, person, "linked")
    # Undated, like the detention: of the two undated reports the graver stands.
    add_event(acting, person, EventDetails("disappearance"))
    person.refresh_from_db()
    assert (person.status, person.status_on) == (PersonStatus.MISSING, None)
    [result] = search_persons(personas.tracing_desk, read_query("Kim Olga"))
    assert (result.status.status, result.status.on) == (person.status, person.status_on)
    client = Client()
    client.force_login(personas.tracing_desk)
    desk = client.get("/search/", {"q": "Kim Olga"}).content.decode()
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "<strong>missing</strong>" in desk and "<dd>missing</dd>" in page


def test_a_release_known_to_the_month_is_told_as_the_month(personas, acting) -> None:
    person = make_person("Ким Ольга")
    record(
        "Ким Ольга",
        person,
        claimed_status=PersonStatus.DETAINED,
        event_date=date(2022, 1, 6),
        event_date_precision="day",
    )
    restate_status(acting, person, "linked")
    add_event(acting, person, EventDetails("release", date(2022, 2, 1), "month"))
    [result] = search_persons(personas.tracing_desk, read_query("Kim Olga"))
    assert result.status.text == "released in February 2022"
    answer = result.as_json()
    assert (answer["status_on"], answer["status_on_precision"]) == ("2022-02-01", "month")
    with translation.override("ru"):
        assert "Февраль 2022" in result.status.text and "2022-02" not in result.status.text
    with translation.override("kk"):
        assert "Ақпан 2022" in result.status.text


def test_record_ids_are_shown_only_to_roles_that_read_records(personas, acting) -> None:
    record("Ким Ольга", list_record_id="ngo:7")
    query = read_query("Ким Ольга")
    assert search_persons(personas.documenter, query)[0].record_ids == ["ngo:7"]
    assert search_persons(personas.tracing_desk, query)[0].record_ids == []
    assert search_persons(personas.outsider, query) == []


def test_a_retracted_record_is_not_a_result(personas, acting) -> None:
    old = record("Ким Ольга")
    old.retract(personas.admin, "entered twice")
    assert search_persons(personas.tracing_desk, read_query("Ким Ольга")) == []


@pytest.mark.parametrize(
    ("text", "born", "says"),
    [
        ("", "", "Type the name"),
        ("K", "", "at least a surname"),
        ("x" * 10_000, "", "too long"),
        ("'; DROP TABLE sources_record; --", "", "does not read as a name"),
        ("<script>alert(1)</script>", "", "does not read as a name"),
        ("Ким Ольга", "3000", "in the future"),
        ("Ким Ольга", "95", "four digits"),
    ],
)
def test_bad_input_gets_a_helpful_message(text: str, born: str, says: str) -> None:
    with pytest.raises(SearchRefused) as refused:
        read_query(text, born=born)
    assert says in refused.value.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Тоқаев 1985", "в нём есть цифры"),
        ("☃ Nurlan", "«☃»"),
        ("Nurлан Tokaev", "смешаны буквы двух алфавитов (Nurлан)"),
        ("Неизвестный мужчина", "«Неизвестный» означает ещё не установленного человека"),
    ],
)
def test_why_a_search_is_not_a_name_is_said_in_the_users_language(text: str, says: str) -> None:
    with translation.override("ru"), pytest.raises(SearchRefused) as refused:
        read_query(text)
    assert refused.value.message.startswith("Это не похоже на имя (")
    assert says in refused.value.message
    assert not any(word in refused.value.message for word in ("contains", "mixed", "placeholder"))


def test_searches_are_limited_per_user(personas, settings) -> None:
    from aqiqat.selectors import search

    for _ in range(search.RATE_LIMIT):
        check_rate(personas.viewer)
    with pytest.raises(SearchRefused, match="Too many searches"):
        check_rate(personas.viewer)
    check_rate(personas.documenter)


def test_a_corrected_record_is_shown_by_its_newer_version_only(personas, acting) -> None:
    old = record("Ким Ольга", list_record_id="ngo:3")
    record("Ким Ольга Викторовна", list_record_id="ngo:3", supersedes=old)
    [result] = search_persons(personas.documenter, read_query("Kim Olga"))
    assert result.name == "Ким Ольга Викторовна"


def test_a_saved_index_is_used_only_while_it_fits_the_database(
    personas, acting, tmp_path, monkeypatch, caplog
) -> None:
    from aqiqat.services.tracing import index as live

    monkeypatch.setattr(live, "SNAPSHOT_AFTER", 1)
    path = tmp_path / "search-index.bin"
    record("Тоқаев Нұрлан")
    live.LiveIndex(path).current()
    if connection.vendor != "sqlite":
        # PostgreSQL has no rowid to resume from: it catches up by creation time and
        # keeps no saved index, so a new process always builds one that is current.
        assert not path.exists()
        record("Ким Ольга")
        assert len(live.LiveIndex(path).current()) == 2
        return
    assert path.exists()
    restarted = live.LiveIndex(path)
    record("Ким Ольга")
    found = restarted.current()
    assert len(found) == 2
    assert found.search(read_query("Kim Olga")) and found.search(read_query("Tokaev Nurlan"))
    saved = path.read_bytes()
    # Saved encrypted: no name and not even the header can be read from the file.
    assert "Ким".encode() not in saved and b'"records"' not in saved
    index, meta = live._load_encrypted(path)
    assert meta["records"] == 2
    live._save_encrypted(index, path, {**meta, "records": 7})
    assert len(live.LiveIndex(path).current()) == 2
    assert "another database state" in caplog.text
