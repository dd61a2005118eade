"""Capture histories from the linked persons in the database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.estimate import HistoriesError
from aqiqat.selectors.access import NotFound
from aqiqat.services.demo_data import load_demo
from aqiqat.services.estimation_data import HistoryFilter, histories_from_database
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(personas):
    world = generate(people=600, seed=9)
    load_demo(world, actor=personas.admin)
    return world


def test_each_killed_person_is_counted_once_on_the_lists_that_name_them(personas, demo) -> None:
    histories = histories_from_database(personas.analyst, HistoryFilter(status="killed"))
    killed = Person.objects.filter(status="killed", records__isnull=False).distinct()
    assert histories.documented == killed.count()
    person = killed.first()
    assert person is not None
    sources = set(person.records.values_list("source__name", flat=True))
    mask = sum(1 << histories.lists.index(s) for s in sources)
    assert histories.counts[mask] >= 1
    assert set(histories.lists) <= {lst.name for lst in demo.lists}


def test_retracted_records_do_not_count(personas, demo) -> None:
    before = histories_from_database(personas.analyst, HistoryFilter(status="killed"))
    person = Person.objects.filter(status="killed", records__isnull=False).first()
    assert person is not None
    for record in Record.objects.filter(person=person):
        record.retract(personas.admin, "entered for the wrong person")
    after = histories_from_database(personas.analyst, HistoryFilter(status="killed"))
    assert after.documented == before.documented - 1


def test_region_date_and_source_filters_narrow_the_histories(personas, demo) -> None:
    everyone = histories_from_database(personas.analyst, HistoryFilter(status="killed"))
    almaty = histories_from_database(
        personas.analyst, HistoryFilter(status="killed", region="kz-almaty")
    )
    assert 0 < almaty.documented < everyone.documented
    with pytest.raises(HistoriesError, match="no linked person matches"):
        histories_from_database(
            personas.analyst, HistoryFilter(status="killed", until=date(2021, 12, 31))
        )
    two = histories_from_database(
        personas.analyst, HistoryFilter(status="killed", sources=("morgue", "prosecutor"))
    )
    assert two.lists == ("morgue", "prosecutor")


def test_a_user_who_may_not_read_records_gets_nothing(personas, demo) -> None:
    with pytest.raises(NotFound):
        histories_from_database(personas.viewer, HistoryFilter())
    with pytest.raises(NotFound):
        histories_from_database(personas.outsider, HistoryFilter())


def test_the_estimate_command_reads_the_database(tmp_path: Path) -> None:
    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    assert run_aqiqat("demo", "--people", "3000", data_dir=tmp_path).returncode == 0
    result = run_aqiqat(
        "estimate", "--from-database", "--method", "loglinear", "--json", data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documented"] > 0
    estimate = report["estimates"][0]
    assert estimate["method"] == "loglinear"
    assert estimate["n_hat"] is None or estimate["n_hat"] >= report["documented"]
    both = run_aqiqat("estimate", "x.csv", "--from-database", data_dir=tmp_path)
    assert both.returncode == 2
    assert "not both" in both.stderr
