"""Interview suggestions ranked by the search's ranker; the search limit shared by processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from aqiqat.apps.people.models import Person
from aqiqat.names import transliterate
from aqiqat.selectors.search import read_query, search_persons
from aqiqat.selectors.suggestions import suggest_people
from aqiqat.services.tracing.rate import RATE_FILE, count_search
from tests.factories import make_person
from tests.tracing.test_search_service import record

NOW = 1_800_000_000.0  # a fixed moment, so no test straddles two windows


def person_with_record(name: str, born: int | None = None) -> Person:
    person = make_person(name, display_name_latin=transliterate(name, "kz2021"), birth_year=born)
    record(name, person, birth_year_min=born, birth_year_max=born)
    return person


@pytest.mark.django_db
def test_a_person_without_records_is_suggested_by_the_display_name(personas, acting) -> None:
    person_with_record("Ахметов Ерлан")
    by_hand = make_person(
        "Тоқаев Нұрлан Ерланұлы", display_name_latin="Toqaev Nūrlan Erlanūly", birth_year=1990
    )
    found = suggest_people(personas.documenter, "Tokayev Nurlan", born=1990)
    assert [s.person for s in found] == [by_hand]
    assert found[0].born_agrees is True
    assert found[0].written == "Тоқаев Нұрлан Ерланұлы"
    for typed in ("ТОҚАЕВ НҰРЛАН", "тоқаев нұрлан", "Toqaev Nūrlan", "Токаев"):
        assert by_hand in [s.person for s in suggest_people(personas.documenter, typed)], typed


@pytest.mark.django_db
def test_suggestions_rank_persons_as_the_desk_search_does(personas, acting) -> None:
    people = [
        person_with_record("Серікбаев Ерлан Асқарұлы", 1995),
        person_with_record("Серікбаев Ерлан Болатұлы", 1970),
        person_with_record("Серикбаева Айгуль", 1995),
        person_with_record("Серікбаев Ержан", 1994),
    ]
    searched = search_persons(personas.documenter, read_query("Serikbayev Erlan", born="1995"))
    suggested = suggest_people(personas.documenter, "Serikbayev Erlan", born=1995)
    assert [r.person for r in searched] == [s.person for s in suggested]
    assert [r.score for r in searched] == [s.score for s in suggested]
    assert suggested[0].person == people[0]
    assert people[2] not in [s.person for s in suggested]


@pytest.mark.django_db
def test_a_surname_spelt_with_the_other_sex_ending_is_still_suggested(personas, acting) -> None:
    woman = person_with_record("Соловьёва Татьяна Владимировна", 1970)
    found = suggest_people(personas.documenter, "Соловьёв Татьяна Владимировна", born=1970)
    assert [s.person for s in found] == [woman]
    assert found[0].score < 0.85


def test_threads_counting_at_once_lose_no_search() -> None:
    user = uuid.uuid4()
    counts: list[int] = []
    lock = threading.Lock()

    def search() -> None:
        n = count_search(user, 60, now=NOW)
        with lock:
            counts.append(n)

    threads = [threading.Thread(target=search) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 41))


def test_another_process_counts_toward_the_same_users_limit() -> None:
    user = uuid.uuid4()
    other = textwrap.dedent(
        f"""
        from django.conf import settings
        settings.configure(SECRET_KEY={settings.SECRET_KEY!r},
                           AQIQAT_DATA_DIR={str(settings.AQIQAT_DATA_DIR)!r})
        from aqiqat.services.tracing.rate import count_search
        print(max(count_search({str(user)!r}, 60, now={NOW}) for _ in range(25)))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", other], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "25"
    assert count_search(str(user), 60, now=NOW) == 26
    assert count_search(str(user), 60, now=NOW + 60) == 1
    assert count_search(str(uuid.uuid4()), 60, now=NOW + 60) == 1


def test_the_count_file_holds_no_user_id_and_only_the_current_window() -> None:
    user = uuid.uuid4()
    count_search(user, 60, now=NOW)
    count_search(user, 60, now=NOW + 120)
    data = (Path(settings.AQIQAT_DATA_DIR) / RATE_FILE).read_bytes()
    assert str(user).encode() not in data
    import sqlite3

    with sqlite3.connect(Path(settings.AQIQAT_DATA_DIR) / RATE_FILE) as db:
        windows = {w for (w,) in db.execute("SELECT window FROM searches")}
    assert windows == {int((NOW + 120) // 60)}
