"""The counts kept beside the data stay equal to a full recount through every kind of change."""

from __future__ import annotations

import re
from datetime import date

import pytest

from aqiqat.apps.audit.log import log_sensitive_read
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors import count_cells, counts
from aqiqat.selectors.dashboard import NAME_ORDER
from aqiqat.services.counts import recount
from aqiqat.services.person_changes import merge_persons, split_record, undo_change
from aqiqat.services.person_events import EventDetails, add_event
from aqiqat.services.reports.charts import chart_svg
from tests.dashboard.world import build_world, region
from tests.factories import make_person, make_record, make_source
from tests.web.test_pages import logged_in

pytestmark = pytest.mark.django_db


def assert_exact() -> None:
    """The kept counts are in force and equal to counting every person afresh."""
    kept = count_cells.kept_counts()
    assert kept is not None, "a kept change left the counts to be recounted"
    assert kept == +count_cells.contributions()


@pytest.fixture
def world(personas, acting):  # type: ignore[no-untyped-def]
    made = build_world(personas.admin)
    source = make_source()
    first = make_person("Тестов Алан", status=PersonStatus.DETAINED)
    second = make_person("Пробная Дана", status=PersonStatus.KILLED)
    records = [
        make_record(source, full_name=name, person=person)
        for name, person in (
            ("Тестов Алан", first),
            ("Testov Alan", first),
            ("Пробная Дана", second),
        )
    ]
    Event.objects.create(
        person=second, kind=Event.Kind.DEATH, on=date(2022, 1, 6), place=region("kz-almaty")
    )
    recount()
    return made, first, second, records


def test_service_writes_keep_the_counts_equal_to_a_recount(personas, world) -> None:
    made, first, second, records = world
    assert_exact()
    add_event(
        personas.documenter,
        first,
        EventDetails(kind=Event.Kind.DETENTION, on=date(2022, 1, 5), place=region("kz-almaty")),
    )
    assert_exact()
    add_event(
        personas.documenter,
        made.people[0],
        EventDetails(kind=Event.Kind.ILL_TREATMENT, on=date(2022, 1, 8), allegation_type="beating"),
    )
    assert_exact()
    merge = merge_persons(personas.analyst, first, second, "same person, two spellings")
    assert_exact()
    split = split_record(personas.analyst, first, records[1], "a namesake")
    assert_exact()
    undo_change(personas.analyst, split, "the split was a mistake")
    assert_exact()
    undo_change(personas.analyst, merge, "not the same after all")
    assert_exact()


def test_a_merged_away_person_is_not_counted_and_comes_back_on_undo(personas, world) -> None:
    _made, first, second, _records = world
    before = counts.documented_counts()
    change = merge_persons(personas.analyst, first, second, "same person")
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    # One person, not two: the person kept is now the one killed, no longer one detained.
    after = counts.documented_counts()
    assert after["killed"] == before["killed"]
    assert after["still_held"] == before["still_held"] - 1
    assert_exact()
    # Its death moved with it to the person kept.
    assert Event.objects.filter(person=first, kind=Event.Kind.DEATH).count() == 1
    undo_change(personas.analyst, change, "different people")
    second.refresh_from_db()
    assert second.merged_into_id is None
    assert counts.documented_counts() == before
    assert_exact()
    assert Event.objects.filter(person=second, kind=Event.Kind.DEATH).count() == 1


def test_merging_a_killed_person_into_one_without_information_keeps_the_killed_count(
    personas, world
) -> None:
    _made, _first, _second, _records = world
    source = make_source("hospital-list")
    unknown = make_person("Белгісіз Асан")
    killed = make_person("Белгісіз Асан", status=PersonStatus.KILLED, status_on=date(2022, 1, 7))
    make_record(source, full_name="Белгісіз Асан", person=unknown)
    make_record(source, full_name="Белгiсiз Асан", person=killed)
    recount()
    before = counts.documented_counts()
    change = merge_persons(personas.analyst, unknown, killed, "same man, morgue list")
    assert counts.documented_counts() == before
    assert_exact()
    page = logged_in(personas.analyst).get("/dashboard/documented/killed/").content.decode()
    assert f"/people/{unknown.pk}/" in page and f"/people/{killed.pk}/" not in page
    undo_change(personas.analyst, change, "two men of one name")
    assert counts.documented_counts() == before
    assert_exact()


def test_a_write_that_keeps_no_counts_is_counted_afresh_until_the_next_kept_one(
    personas, world
) -> None:
    made, first, _second, _records = world
    before = counts.documented_counts()
    # A status changed outside the services that keep counts (as a sync brings one).
    person = Person.objects.get(pk=made.named(PersonStatus.DETAINED)[0].pk)
    person.status = PersonStatus.RELEASED
    person.save()
    assert count_cells.kept_counts() is None
    after = counts.documented_counts()
    assert after["still_held"] == before["still_held"] - 1
    add_event(personas.documenter, first, EventDetails(kind=Event.Kind.RELEASE))
    assert_exact()
    assert counts.documented_counts() == after


def test_reads_and_case_work_leave_the_kept_counts_in_force(personas, world) -> None:
    _made, first, _second, _records = world
    log_sensitive_read(personas.admin, first, ["testimony"])
    make_source("another-list")
    assert_exact()


def test_a_chart_is_drawn_again_when_its_numbers_change(personas, world) -> None:
    _made, first, _second, _records = world
    before = chart_svg("regions")
    make_source("a-list-that-changes-no-count")
    assert chart_svg("regions") == before
    # A first event with a place moves the person from "region not known" to Almaty.
    add_event(
        personas.documenter,
        first,
        EventDetails(kind=Event.Kind.INJURY, on=date(2022, 1, 5), place=region("kz-almaty")),
    )
    assert chart_svg("regions") != before


def test_the_documented_list_pages_forward_and_back_through_every_person_once(personas) -> None:
    # Many share a name, so the order falls back on the key.
    for i in range(120):
        make_person(f"Тестов {i % 7}", display_name_latin=f"Testov {i % 7}", status="killed")
    client = logged_in(personas.analyst)
    url, seen, pages = "/dashboard/documented/killed/", [], []
    while url:
        page = client.get(url).content.decode()
        rows = re.findall(r'href="/people/([0-9a-f-]+)/"', page)
        pages.append((url, rows))
        seen.extend(rows)
        found = re.search(r'href="(\?page=\d+&amp;after=[0-9a-f-]+)"', page)
        url = (
            "/dashboard/documented/killed/" + found.group(1).replace("&amp;", "&") if found else ""
        )
    assert [len(rows) for _url, rows in pages] == [50, 50, 20]
    assert len(set(seen)) == 120
    names = list(
        Person.objects.filter(status="killed").order_by(*NAME_ORDER).values_list("pk", flat=True)
    )
    assert seen == [str(pk) for pk in names]
    last = client.get(pages[-1][0]).content.decode()
    back = re.search(r'href="(\?page=\d+&amp;before=[0-9a-f-]+)"', last)
    assert back is not None
    again = client.get("/dashboard/documented/killed/" + back.group(1).replace("&amp;", "&"))
    assert re.findall(r'href="/people/([0-9a-f-]+)/"', again.content.decode()) == pages[1][1]
