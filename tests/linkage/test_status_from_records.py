"""Linkage gives a person the report that prevails of its status and what its records claim
(a death is final, otherwise the later dated report), counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.figures.models import Measure
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record, Source
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.demo import generate
from aqiqat.lists import ListSpec
from aqiqat.selectors import count_cells
from aqiqat.selectors.counts import documented_counts
from aqiqat.services.demo_data import load_demo
from aqiqat.services.intake.interview import record_interview
from aqiqat.services.intake.linking import link_imported
from aqiqat.services.intake.list_import import import_list
from aqiqat.services.linkage import STATUS_HOW, decide_link, relink_all
from aqiqat.services.person_changes import split_record
from aqiqat.services.person_status import status_of
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db

COLUMNS = {
    "record_id": "№",
    "full_name": "ФИО",
    "birth_date": "Дата рождения",
    "event_date": "Дата",
    "status": "Статус",
}
# Fictional persons: the interview's son, and two others no one else reports.
NURLAN = ("Тоқаев Нұрлан Ерланұлы", "12.03.1990")
OTHERS = [("Жұмабаева Айгерім Сәкенқызы", "02.11.1985"), ("Пробный Арман Олегович", "30.07.1979")]


@pytest.fixture
def data_dir(settings, acting, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A data folder, and a small demo world, linked, around the lists each test imports
    (the linkage model needs more than a handful of records to be trained)."""
    settings.AQIQAT_DATA_DIR = tmp_path
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    load_demo(generate(people=200, seed=5), actor=acting)
    relink_all(acting)
    return tmp_path


def import_rows(
    folder: Path, name: str, kind: str, rows: list[tuple[str, str, str, str]], actor
) -> list[Record]:  # type: ignore[no-untyped-def]
    """Import a list of (name, birth date, date, status) rows; its records, in row order."""
    path = folder / f"{name}.csv"
    lines = [",".join(COLUMNS.values()), *(f"{i},{','.join(r)}" for i, r in enumerate(rows, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = import_list(ListSpec(name, path, None, COLUMNS), actor=actor, source_kind=kind).batch
    records = Record.objects.filter(import_batch=batch)
    # Ids are "<list>:<row>": sorted as text, row 10 would come before row 2.
    return sorted(records, key=lambda r: int(r.list_record_id.rpartition(":")[2]))


def morgue(folder: Path, actor, people: list[tuple[str, str]], died: str) -> list[Record]:  # type: ignore[no-untyped-def]
    # A morgue register lists the dead without saying so: its kind says it.
    rows = [(name, born, died, "") for name, born in people]
    return import_rows(folder, "morgue", Source.Kind.MORGUE, rows, actor)


def assert_exact() -> None:
    """The kept counts are in force and equal to counting every person afresh."""
    kept = count_cells.kept_counts()
    assert kept is not None, "the change left the counts to be recounted"
    assert kept == +count_cells.contributions()


def status_entries(person: Person) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.filter(
            action="update", object_type="people.person", object_id=str(person.pk)
        )
        if "status" in e.detail.get("fields", [])
    ]


def interviewed(actor, status: str, **answers: str) -> Record:  # type: ignore[no-untyped-def]
    return record_interview(actor, interview_answers(status=status, **answers))


def test_a_morgue_list_linked_counts_its_dead_on_the_day_they_died(acting, data_dir) -> None:
    records = morgue(data_dir, acting, [NURLAN, *OTHERS], "07.01.2022")
    killed_before = documented_counts()[Measure.KILLED]
    summary = relink_all(acting)
    persons = {r.pk: Person.objects.get(records=r) for r in records}
    assert {(p.status, p.status_on) for p in persons.values()} == {
        (PersonStatus.KILLED, date(2022, 1, 7))
    }
    assert summary.statuses_changed >= len(records)
    # Each counted once; a re-link may also split a person two lists reported killed.
    killed = Person.objects.filter(status=PersonStatus.KILLED, merged_into__isnull=True)
    assert {p.pk for p in persons.values()} <= set(killed.values_list("pk", flat=True))
    assert documented_counts()[Measure.KILLED] == killed.count() >= killed_before + len(records)
    assert_exact()
    (entry,) = status_entries(next(iter(persons.values())))
    assert entry.detail["how"] == STATUS_HOW
    assert (entry.detail["from"], entry.detail["to"]) == (
        [PersonStatus.UNKNOWN, None, "unknown"],
        [PersonStatus.KILLED, "2022-01-07", "day"],
    )
    # A second re-link finds nothing that prevails over what it gave: no new entries.
    assert relink_all(acting).statuses_changed == 0


def test_a_person_detained_at_an_interview_and_found_in_a_morgue_list_is_killed(
    personas, acting, data_dir
) -> None:
    told = interviewed(acting, PersonStatus.DETAINED)
    person = told.person
    assert (person.status, person.status_on) == (PersonStatus.DETAINED, date(2022, 1, 6))
    dead, *_ = morgue(data_dir, acting, [NURLAN, *OTHERS], "09.01.2022")
    decide_link(personas.analyst, told, dead, "same")
    relink_all(acting)
    dead.refresh_from_db()
    person.refresh_from_db()
    assert dead.person_id == person.pk
    assert (person.status, person.status_on) == (PersonStatus.KILLED, date(2022, 1, 9))
    killed = documented_counts()[Measure.KILLED]
    assert killed == Person.objects.filter(status=PersonStatus.KILLED).count()
    # The morgue record moving away again leaves the death where it was: a death is final,
    # and a record's claim stays with the person until a report prevails over it. (A second
    # interview keeps the person with the larger group.)
    again = record_interview(acting, interview_answers(), person_id=person.pk)
    decide_link(personas.analyst, told, again, "same")
    decide_link(personas.analyst, told, dead, "different")
    relink_all(acting)
    dead.refresh_from_db()
    person.refresh_from_db()
    assert dead.person_id != person.pk
    assert person.status == PersonStatus.KILLED
    assert Person.objects.get(pk=dead.person_id).status == PersonStatus.KILLED
    assert documented_counts()[Measure.KILLED] == killed + 1


def test_a_person_killed_is_not_lowered_by_a_detention_list(personas, acting, data_dir) -> None:
    told = interviewed(
        acting, PersonStatus.KILLED, detained_on="", killed_on="05.01.2022", killed_at="Алматы"
    )
    person = told.person
    assert (person.status, person.status_on) == (PersonStatus.KILLED, date(2022, 1, 5))
    held, *_ = import_rows(
        data_dir,
        "detention",
        Source.Kind.DETENTION_FACILITY,
        [(*NURLAN, "06.01.2022", "задержан"), *((*p, "06.01.2022", "задержан") for p in OTHERS)],
        acting,
    )
    assert held.claimed_status == PersonStatus.DETAINED
    decide_link(personas.analyst, told, held, "same")
    relink_all(acting)
    held.refresh_from_db()
    person.refresh_from_db()
    assert held.person_id == person.pk
    assert (person.status, person.status_on) == (PersonStatus.KILLED, date(2022, 1, 5))
    assert status_entries(person) == []


def test_records_linked_one_by_one_raise_their_persons_and_keep_the_counts(
    acting, data_dir
) -> None:
    told = interviewed(acting, PersonStatus.DETAINED)
    import_rows(
        data_dir,
        "prosecutor",
        Source.Kind.OFFICIAL,
        [(*p, "06.01.2022", "задержан") for p in OTHERS],
        acting,
    )
    relink_all(acting)
    killed_before = documented_counts()[Measure.KILLED]
    late = import_rows(
        data_dir,
        "late-morgue",
        Source.Kind.MORGUE,
        [(*NURLAN, "10.01.2022", ""), ("Вымышленная Сая Ивановна", "01.01.1970", "10.01.2022", "")],
        acting,
    )
    outcome = link_imported(late[0].import_batch, acting)
    assert (outcome.linked, outcome.new_persons) == (1, 1)
    known, stranger = (Record.objects.get(pk=r.pk) for r in late)
    assert known.person_id == told.person_id
    for record in (known, stranger):
        person = Person.objects.get(pk=record.person_id)
        assert (person.status, person.status_on) == (PersonStatus.KILLED, date(2022, 1, 10))
        assert status_entries(person)[-1].detail["how"] == STATUS_HOW
    assert documented_counts()[Measure.KILLED] == killed_before + 2
    assert_exact()


def test_a_record_split_off_takes_its_claimed_status_to_its_new_person(
    personas, acting, data_dir
) -> None:
    told = interviewed(acting, PersonStatus.UNKNOWN, detained_on="")
    dead, *_ = morgue(data_dir, acting, [NURLAN, *OTHERS], "09.01.2022")
    decide_link(personas.analyst, told, dead, "same")
    relink_all(acting)
    person = Person.objects.get(pk=told.person_id)
    assert person.status == PersonStatus.KILLED
    change = split_record(personas.analyst, person, Record.objects.get(pk=dead.pk), "a namesake")
    alone = change.other
    assert alone is not None
    alone.refresh_from_db()
    person.refresh_from_db()
    assert (alone.status, alone.status_on) == (PersonStatus.KILLED, date(2022, 1, 9))
    assert person.status == PersonStatus.KILLED
    assert_exact()


JAN_5, JAN_6, JAN_7, JAN_20, FEB_1, FEB_15 = (
    date(2022, 1, 5),
    date(2022, 1, 6),
    date(2022, 1, 7),
    date(2022, 1, 20),
    date(2022, 2, 1),
    date(2022, 2, 15),
)
S = PersonStatus
# Fictional persons each reported by two lists: (name, born, the first list's (status,
# date), the second's, the status that prevails).
TWO_REPORTS = [
    # A later release brings the person back from an earlier detention.
    (
        "Сапарова Дина Маратовна",
        "14.02.1991",
        ("задержана", "06.01.2022"),
        ("освобождена", "20.01.2022"),
        (S.RELEASED, JAN_20),
    ),
    (
        "Ерғалиев Тимур Асқарұлы",
        "03.05.1988",
        ("пропал", "06.01.2022"),
        ("задержан", "20.01.2022"),
        (S.DETAINED, JAN_20),
    ),
    (
        "Нуртаева Алия Бериковна",
        "21.09.1995",
        ("пропала без вести", "06.01.2022"),
        ("found alive", "20.01.2022"),
        (S.FOUND, JAN_20),
    ),
    # A death is final, even when reported with an older date.
    (
        "Пробнов Марат Ильич",
        "11.11.1980",
        ("погиб", "05.01.2022"),
        ("задержан", "20.01.2022"),
        (S.KILLED, JAN_5),
    ),
    # An undated report gives way to a dated one, and still replaces no information.
    (
        "Тестова Гульнара Сериковна",
        "07.07.1977",
        ("задержана", ""),
        ("освобождена", "06.01.2022"),
        (S.RELEASED, JAN_6),
    ),
    (
        "Примерова Сауле Ахметовна",
        "02.02.1986",
        ("", "06.01.2022"),
        ("задержана", ""),
        (S.DETAINED, None),
    ),
    # On the same date, the graver.
    (
        "Вымышленов Кайрат Болатович",
        "30.01.1999",
        ("ранен", "07.01.2022"),
        ("пропал", "07.01.2022"),
        (S.MISSING, JAN_7),
    ),
    # No information never replaces a report, even a later one.
    (
        "Условнов Ержан Даниярович",
        "19.04.1993",
        ("задержан", "06.01.2022"),
        ("", "20.01.2022"),
        (S.DETAINED, JAN_6),
    ),
    # A date known only to the month: after an earlier day it is later; where the month
    # and a day in it overlap, the graver news stands, with its date as precise as given.
    (
        "Месяцева Жанар Ерлановна",
        "08.08.1994",
        ("задержана", "06.01.2022"),
        ("освобождена", "02.2022"),
        (S.RELEASED, FEB_1, "month"),
    ),
    (
        "Днёв Олжас Кайратович",
        "17.10.1987",
        ("задержан", "15.02.2022"),
        ("освобождён", "02.2022"),
        (S.DETAINED, FEB_15, "day"),
    ),
    (
        "Февральская Алия Бахытовна",
        "23.06.1996",
        ("задержана", "02.2022"),
        ("освобождена", "15.02.2022"),
        (S.DETAINED, FEB_1, "month"),
    ),
]


def report_rows(which: int) -> list[tuple[str, str, str, str]]:
    return [(name, born, case[which][1], case[which][0]) for name, born, *case in TWO_REPORTS]


@pytest.mark.parametrize("one_by_one", [False, True], ids=["re-link", "after import"])
def test_linkage_gives_each_person_the_report_that_prevails(acting, data_dir, one_by_one) -> None:  # type: ignore[no-untyped-def]
    first = import_rows(data_dir, "first-list", Source.Kind.NGO, report_rows(0), acting)
    if one_by_one:
        relink_all(acting)
        second = import_rows(data_dir, "second-list", Source.Kind.NGO, report_rows(1), acting)
        assert link_imported(second[0].import_batch, acting).linked == len(TWO_REPORTS)
    else:
        second = import_rows(data_dir, "second-list", Source.Kind.NGO, report_rows(1), acting)
        relink_all(acting)
    for (name, *_, prevails), a, b in zip(TWO_REPORTS, first, second, strict=True):
        a.refresh_from_db()
        b.refresh_from_db()
        assert a.person_id == b.person_id, name
        person = Person.objects.get(pk=a.person_id)
        assert status_of(person)[: len(prevails)] == prevails, name
    assert_exact()
    # What prevails stays: a re-link changes none of them again.
    relink_all(acting)
    for (name, *_, prevails), a in zip(TWO_REPORTS, first, strict=True):
        person = Person.objects.get(records=a)
        assert status_of(person)[: len(prevails)] == prevails, name
