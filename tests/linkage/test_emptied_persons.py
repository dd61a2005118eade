"""A person a re-link leaves without records: an empty shell is no longer listed or counted
and points to the person that has its records; one that keeps events, complaints or other
entries stays."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.cases.models import Complaint
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors import count_cells
from aqiqat.selectors.people import search_people
from aqiqat.services.counts import recount
from aqiqat.services.linkage import relink_all
from aqiqat.services.linkage_notes import PERSONS_EMPTIED, PERSONS_KEPT_EMPTY
from tests.factories import make_person
from tests.linkage.test_small_relink import import_small
from tests.web.test_pages import logged_in

pytestmark = pytest.mark.django_db


def persons_counted() -> int:
    counts = count_cells.kept_counts()
    assert counts is not None and counts == +count_cells.contributions()
    return sum(n for (name, _key), n in counts.items() if name == count_cells.PERSONS)


@pytest.fixture
def twins(acting, settings, tmp_path) -> tuple[Person, Person]:  # type: ignore[no-untyped-def]
    """Two persons for one man written twice, as an earlier re-link or a sync could leave
    them: the next re-link joins his two records."""
    settings.AQIQAT_DATA_DIR = tmp_path
    records = import_small(tmp_path, acting)
    relink_all(acting)
    first = Person.objects.get(pk=Record.objects.get(pk=records[0].pk).person_id)
    twin = make_person("Тестов Арман Болатович", status=PersonStatus.DETAINED)
    Record.objects.filter(pk=records[1].pk).update(person=twin)
    recount()
    assert persons_counted() == 5
    return first, twin


def settle(pair: tuple[Person, Person]) -> tuple[Person, Person]:
    """The person that has the records after the re-link, and the one left without."""
    for person in pair:
        person.refresh_from_db()
    kept, left = sorted(pair, key=lambda p: p.records.exists(), reverse=True)
    assert kept.records.count() == 2 and not left.records.exists()
    return kept, left


def test_a_person_left_with_nothing_is_no_longer_listed_or_counted(personas, acting, twins) -> None:  # type: ignore[no-untyped-def]
    summary = relink_all(acting)
    kept, left = settle(twins)
    assert summary.persons_emptied == 1
    assert (left.merged_into_id, kept.merged_into_id) == (kept.pk, None)
    assert left.provenance["emptied"] is True
    assert persons_counted() == 4
    listed = set(search_people(personas.documenter, ""))
    assert kept in listed and left not in listed
    # Audited like a reviewer's merge, with how it came about.
    entry = AuditEntry.objects.get(object_type="people.person", object_id=str(left.pk),
                                   detail__to=str(kept.pk))  # fmt: skip
    assert entry.action == "update" and entry.detail["how"].startswith("re-link")
    (note,) = [n for n in summary.notes if n.kind == PERSONS_EMPTIED]
    assert note.text.startswith("1 person was left without records")
    assert str(left.pk) in note.detail
    page = logged_in(personas.documenter).get(f"/people/{left.pk}/").content.decode()
    assert "A re-link found that every record of this person belongs to another" in page
    assert "A reviewer merged" not in page and f"/people/{kept.pk}/" in page
    # The next re-link finds nothing more to do.
    again = relink_all(acting)
    assert again.persons_emptied == 0
    assert not {PERSONS_EMPTIED, PERSONS_KEPT_EMPTY} & {n.kind for n in again.notes}
    assert persons_counted() == 4


def add_event(person: Person, actor: Any) -> None:
    Event.objects.create(person=person, kind=Event.Kind.DETENTION, on=date(2022, 1, 6),
                         created_by=actor)  # fmt: skip


def add_complaint(person: Person, actor: Any) -> None:
    Complaint.objects.create(person=person, filed_by="сестра", filed_on=date(2022, 1, 20),
                             authority="prosecutor", created_by=actor)  # fmt: skip


@pytest.mark.parametrize("attach", [add_event, add_complaint], ids=["event", "complaint"])
def test_a_person_left_without_records_who_keeps_an_entry_stays(  # type: ignore[no-untyped-def]
    personas, acting, twins, attach
) -> None:
    for person in twins:
        attach(person, acting)
    recount()
    summary = relink_all(acting)
    _kept, left = settle(twins)
    assert summary.persons_emptied == 0 and left.merged_into_id is None
    assert persons_counted() == 5
    assert left in set(search_people(personas.documenter, ""))
    (note,) = [n for n in summary.notes if n.kind == PERSONS_KEPT_EMPTY]
    assert note.text.startswith("1 person has no records left but keeps events")
    assert str(left.pk) in note.detail


def test_the_note_on_emptied_persons_speaks_russian(acting, twins) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("ru"):
        summary = relink_all(acting)
    (note,) = [n for n in summary.notes if n.kind == PERSONS_EMPTIED]
    assert note.text.startswith("1 лицо осталось без записей")
