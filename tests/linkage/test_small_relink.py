"""A fresh office's first small list can be linked: too few records to estimate the prior
from (Splink then estimates 0 and fails on its logarithm) get a sensible one instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record, Source
from aqiqat.linkage import link
from aqiqat.linkage.model import FALLBACK_PRIOR, MAX_PRIOR, comparisons
from aqiqat.linkage.records import LinkRecord
from aqiqat.lists import ListSpec
from aqiqat.selectors import count_cells
from aqiqat.services.intake.list_import import import_list
from aqiqat.services.linkage import relink_all

COLUMNS = {"record_id": "№", "full_name": "ФИО", "birth_date": "Дата рождения", "status": "Статус"}
# Fictional persons: the first written twice, and a namesake born nineteen years before.
ROWS = [
    ("Тестов Арман Болатович", "12.03.1990", "задержан"),
    ("Тестов Арман Болатович", "12.03.1990", "освобожден"),
    ("Тестов Арман Болатович", "05.06.1971", "задержан"),
    ("Пробная Дана Ерлановна", "02.11.1985", "задержана"),
    ("Вымышленов Кайрат Сакенович", "30.07.1979", ""),
]


def records_of(rows: list[tuple[str, str, str]]) -> list[LinkRecord]:
    return [
        LinkRecord(str(i), "first", full_name=name, birth_date=born)
        for i, (name, born, _status) in enumerate(rows)
    ]


@pytest.mark.parametrize("rows", [ROWS[2:4], ROWS[2:], ROWS], ids=["2", "3", "5"])
def test_a_handful_of_records_link_with_a_prior_kept_sound(rows) -> None:  # type: ignore[no-untyped-def]
    result = link(records_of(rows))
    assert result.scorer is not None
    assert FALLBACK_PRIOR <= result.scorer.prior <= MAX_PRIOR
    # An EM run that found no pairs leaves the model whole (Splink trims it to train).
    assert set(result.scorer.weights) == {c.name for c in comparisons()}
    clusters = dict(zip(result.clusters["record_id"], result.clusters["cluster_id"], strict=True))
    if len(rows) == len(ROWS):
        assert clusters["0"] == clusters["1"] != clusters["2"]
        assert len(set(clusters.values())) == 4
    else:
        assert len(set(clusters.values())) == len(rows)


def import_small(folder: Path, actor) -> list[Record]:  # type: ignore[no-untyped-def]
    path = folder / "first.csv"
    lines = [",".join(COLUMNS.values()), *(f"{i},{','.join(r)}" for i, r in enumerate(ROWS, 1))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_list(ListSpec("first", path, None, COLUMNS), actor=actor, source_kind=Source.Kind.NGO)
    return list(Record.objects.order_by("list_record_id"))


@pytest.mark.django_db
def test_a_first_small_list_on_an_empty_database_is_linked(acting, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.AQIQAT_DATA_DIR = tmp_path
    records = import_small(tmp_path, acting)
    summary = relink_all(acting)
    assert (summary.records, summary.persons) == (5, 4)
    for record in records:
        record.refresh_from_db()
    assert records[0].person_id == records[1].person_id != records[2].person_id
    assert Person.objects.filter(merged_into__isnull=True).count() == 4
    # Both reports undated: the graver prevails; the dashboard counts follow.
    person = Person.objects.get(pk=records[0].person_id)
    assert (person.status, person.status_on) == ("detained", None)
    assert count_cells.kept_counts() == +count_cells.contributions()
    # A second re-link changes nothing.
    again = relink_all(acting)
    assert (again.persons, again.records_moved, again.statuses_changed) == (4, 0, 0)


@pytest.mark.django_db
def test_a_re_link_with_no_records_yet_says_so_and_changes_nothing(acting) -> None:  # type: ignore[no-untyped-def]
    summary = relink_all(acting)
    assert (summary.records, summary.persons, summary.persons_created) == (0, 0, 0)
    assert [note.text for note in summary.notes] == [
        "There are no records yet: import a list or record an interview first."
    ]
    assert not Person.objects.exists()
