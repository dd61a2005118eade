"""Reviewers' merges and splits: applied at once, undone by a new entry, kept by re-links."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import Person, PersonChange
from aqiqat.apps.sources.models import Record
from aqiqat.apps.tracked import ImmutableError
from aqiqat.apps.vocabulary import PersonStatus as S
from aqiqat.demo import generate
from aqiqat.services.demo_data import load_demo
from aqiqat.services.linkage import link_new_records, relink_all
from aqiqat.services.person_changes import (
    ChangeError,
    merge_persons,
    reviewer_pairs,
    split_record,
    undo_change,
)
from aqiqat.services.person_status import StatusOn, prevailing_status
from aqiqat.services.sync.tables import table_by_label
from tests.factories import make_person, make_record, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people(personas):  # type: ignore[no-untyped-def]
    """Two fictional persons of two records each, from one list."""
    source = make_source()
    first, second = make_person("Тестов Алан"), make_person("Пробная Дана")
    records = [
        make_record(source, full_name=name, person=person)
        for name, person in (
            ("Тестов Алан", first),
            ("Testov Alan", first),
            ("Пробная Дана", second),
            ("Probnaya Dana", second),
        )
    ]
    return first, second, records


def _person_of(record: Record) -> Person:
    record.refresh_from_db()
    assert record.person is not None
    return record.person


def test_a_merge_moves_every_record_and_is_an_entry_with_author_and_reason(
    personas, two_people
) -> None:
    first, second, records = two_people
    change = merge_persons(personas.analyst, first, second, "same passport number")
    assert {_person_of(r).pk for r in records} == {first.pk}
    assert change.kind == "merge" and change.created_by == personas.analyst
    assert change.reason == "same passport number"
    assert sorted(change.moved) == sorted(str(r.pk) for r in records[2:])
    moves = AuditEntry.objects.filter(action="link", object_id__in=change.moved)
    assert moves.count() == 2


def test_a_split_gives_the_record_a_person_of_its_own(personas, two_people) -> None:
    first, _, records = two_people
    change = split_record(personas.analyst, first, records[1], "born ten years apart")
    alone = _person_of(records[1])
    assert alone.pk not in (first.pk,) and alone == change.other
    assert _person_of(records[0]) == first
    assert change.stayed == [str(records[0].pk)]


def test_undoing_is_a_new_entry_that_supersedes_and_moves_the_records_back(
    personas, two_people
) -> None:
    first, second, records = two_people
    merge = merge_persons(personas.analyst, first, second, "looked alike")
    undo = undo_change(personas.admin, merge, "different mothers' names")
    assert undo.supersedes == merge and undo.kind == "undo"
    assert {_person_of(r).pk for r in records[2:]} == {second.pk}
    assert {_person_of(r).pk for r in records[:2]} == {first.pk}
    with pytest.raises(ChangeError, match="already been undone"):
        undo_change(personas.admin, merge, "again")
    with pytest.raises(ChangeError, match="cannot be undone"):
        undo_change(personas.admin, undo, "again")


JAN_5, JAN_6, JAN_9, JAN_20 = (
    date(2022, 1, 5),
    date(2022, 1, 6),
    date(2022, 1, 9),
    date(2022, 1, 20),
)

# (the kept person's status, the other's, the status that prevails)
PREVAILING = [
    # A death is final, even when older or undated.
    ((S.UNKNOWN, None), (S.KILLED, JAN_5), (S.KILLED, JAN_5)),
    ((S.KILLED, JAN_5), (S.RELEASED, JAN_9), (S.KILLED, JAN_5)),
    ((S.DETAINED, JAN_9), (S.KILLED, JAN_5), (S.KILLED, JAN_5)),
    ((S.FOUND, JAN_20), (S.KILLED, None), (S.KILLED, None)),
    # Otherwise the later dated report, whichever is graver.
    ((S.DETAINED, JAN_6), (S.RELEASED, JAN_20), (S.RELEASED, JAN_20)),
    ((S.RELEASED, JAN_20), (S.DETAINED, JAN_6), (S.RELEASED, JAN_20)),
    ((S.MISSING, JAN_6), (S.DETAINED, JAN_20), (S.DETAINED, JAN_20)),
    ((S.MISSING, JAN_6), (S.FOUND, JAN_20), (S.FOUND, JAN_20)),
    ((S.FOUND, JAN_6), (S.MISSING, JAN_20), (S.MISSING, JAN_20)),
    ((S.DETAINED, JAN_5), (S.IN_HOSPITAL, JAN_9), (S.IN_HOSPITAL, JAN_9)),
    # An undated report gives way to any dated one, and only replaces no information.
    ((S.RELEASED, JAN_5), (S.INJURED, None), (S.RELEASED, JAN_5)),
    ((S.MISSING, None), (S.RELEASED, JAN_5), (S.RELEASED, JAN_5)),
    ((S.UNKNOWN, None), (S.FOUND, None), (S.FOUND, None)),
    ((S.UNKNOWN, JAN_9), (S.DETAINED, None), (S.DETAINED, None)),
    # On the same date, or both undated, the graver; equally grave, the kept one.
    ((S.DETAINED, JAN_5), (S.MISSING, JAN_5), (S.MISSING, JAN_5)),
    ((S.RELEASED, JAN_5), (S.DETAINED, JAN_5), (S.DETAINED, JAN_5)),
    ((S.DETAINED, None), (S.MISSING, None), (S.MISSING, None)),
    ((S.DETAINED, None), (S.INJURED, None), (S.DETAINED, None)),
    # No information never replaces anything, whatever its date.
    ((S.DETAINED, JAN_5), (S.UNKNOWN, JAN_9), (S.DETAINED, JAN_5)),
    ((S.UNKNOWN, None), (S.UNKNOWN, JAN_5), (S.UNKNOWN, None)),
]


def report(status: str, on: date | None) -> StatusOn:
    return StatusOn(status, on, "day" if on else "unknown")


@pytest.mark.parametrize(("kept", "other", "result"), PREVAILING)
def test_the_rule_gives_the_status_that_prevails(kept, other, result) -> None:  # type: ignore[no-untyped-def]
    assert prevailing_status(report(*kept), report(*other)) == report(*result)


@pytest.mark.parametrize(("kept", "other", "result"), PREVAILING)
def test_a_merge_gives_the_person_kept_the_status_that_prevails_and_undo_gives_it_back(
    personas, two_people, kept, other, result
) -> None:  # type: ignore[no-untyped-def]
    first, second, _records = two_people
    Person.objects.filter(pk=first.pk).update(status=kept[0], status_on=kept[1])
    Person.objects.filter(pk=second.pk).update(status=other[0], status_on=other[1])
    merge = merge_persons(personas.analyst, first, second, "same person")
    first.refresh_from_db()
    assert (first.status, first.status_on) == result
    assert bool(merge.status_change) == (result != kept)
    if result != kept:
        entry = AuditEntry.objects.filter(object_id=str(first.pk), action="update").last()
        assert (
            entry is not None
            and entry.detail["how"] == "merge by a reviewer: the prevailing status"
        )
    undo_change(personas.analyst, merge, "not the same")
    first.refresh_from_db()
    assert (first.status, first.status_on) == kept


def test_the_person_kept_takes_a_death_and_gets_its_own_status_back_on_undo(
    personas, two_people
) -> None:
    first, second, _records = two_people
    Person.objects.filter(pk=second.pk).update(status=S.KILLED, status_on=JAN_5)
    merge = merge_persons(personas.analyst, first, second, "same person")
    first.refresh_from_db()
    assert (first.status, first.status_on) == (S.KILLED, JAN_5)
    assert merge.status_change == {
        "from": ["unknown", None, "unknown"],
        "to": ["killed", "2022-01-05", "unknown"],
    }
    entry = AuditEntry.objects.filter(object_id=str(first.pk), action="update").last()
    assert entry is not None
    assert entry.detail["fields"] == ["status", "status_on", "status_on_precision"]
    undo_change(personas.analyst, merge, "not the same")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.status_on) == (S.UNKNOWN, None)
    assert (second.status, second.status_on) == (S.KILLED, JAN_5)


def test_a_merge_into_the_prevailing_status_changes_nothing_and_undo_leaves_later_changes(
    personas, two_people
) -> None:
    first, second, _records = two_people
    Person.objects.filter(pk=first.pk).update(status=S.KILLED)
    merge = merge_persons(personas.analyst, first, second, "same person")
    assert merge.status_change == {}
    first.refresh_from_db()
    assert first.status == S.KILLED
    undo_change(personas.analyst, merge, "not the same")
    first.refresh_from_db()
    assert first.status == S.KILLED
    # A status changed after the merge (here by hand, as a sync would) is not overwritten.
    Person.objects.filter(pk=first.pk).update(status=S.UNKNOWN)
    Person.objects.filter(pk=second.pk).update(status=S.MISSING)
    again = merge_persons(personas.analyst, first, second, "same person after all")
    Person.objects.filter(pk=first.pk).update(status=S.FOUND, status_on=JAN_9)
    undo_change(personas.analyst, again, "no")
    first.refresh_from_db()
    assert (first.status, first.status_on) == (S.FOUND, JAN_9)


def test_an_entry_cannot_be_edited_in_place(personas, two_people) -> None:
    first, second, _ = two_people
    change = merge_persons(personas.analyst, first, second, "same person")
    change.reason = "something else"
    with pytest.raises(ImmutableError):
        change.save()


def test_it_refuses_a_change_without_reason_or_that_makes_no_sense(personas, two_people) -> None:
    first, second, records = two_people
    with pytest.raises(ChangeError, match="needs a reason"):
        merge_persons(personas.analyst, first, second, "  ")
    with pytest.raises(ChangeError, match="itself"):
        merge_persons(personas.analyst, first, first, "x")
    with pytest.raises(ChangeError, match="does not belong"):
        split_record(personas.analyst, first, records[2], "x")
    split_record(personas.analyst, first, records[1], "x")
    with pytest.raises(ChangeError, match="only record"):
        split_record(personas.analyst, first, records[0], "x")
    assert not PersonChange.objects.filter(kind="merge").exists()


def test_constraints_follow_the_entries_in_order(personas, two_people) -> None:
    first, second, records = two_people
    ids = [str(r.pk) for r in records]
    active = set(ids)
    merge_persons(personas.analyst, first, second, "same")
    same, different = reviewer_pairs(active)
    assert len(same) == 3 and not different
    split = split_record(personas.analyst, first, records[3], "not him")
    same, different = reviewer_pairs(active)
    assert {frozenset(p) for p in different} == {frozenset((ids[3], i)) for i in ids[:3]}
    assert all(ids[3] not in pair for pair in same) and len(same) == 2
    undo_change(personas.analyst, split, "it was him")
    same, different = reviewer_pairs(active)
    assert len(same) == 3 and not different
    # A record no longer active (retracted) is left out of every pair.
    same, different = reviewer_pairs(active - {ids[0]})
    assert all(ids[0] not in pair for pair in same + different)


def test_a_later_merge_lifts_an_earlier_split_between_the_same_records(
    personas, two_people
) -> None:
    first, _, records = two_people
    split = split_record(personas.analyst, first, records[1], "not sure")
    merge_persons(personas.analyst, first, split.other, "sure now")
    same, different = reviewer_pairs({str(r.pk) for r in records})
    assert not different
    assert {frozenset(p) for p in same} == {frozenset((str(records[0].pk), str(records[1].pk)))}


@pytest.fixture
def linked_demo(personas):  # type: ignore[no-untyped-def]
    load_demo(generate(people=400, seed=11), actor=personas.admin)
    relink_all(actor=personas.admin)


def _largest_persons(n: int) -> list[Person]:
    sizes = Counter(Record.objects.values_list("person_id", flat=True))
    return [Person.objects.get(pk=p) for p, size in sizes.most_common(n) if size >= 2]


def test_a_full_relink_keeps_a_reviewers_split(personas, linked_demo) -> None:
    (person,) = _largest_persons(1)
    record = Record.objects.filter(person=person).order_by("pk").first()
    assert record is not None
    change = split_record(personas.analyst, person, record, "a namesake")
    relink_all(actor=personas.admin)
    assert _person_of(record) == change.other
    others = Record.objects.filter(pk__in=change.stayed)
    assert record.pk not in others.values_list("pk", flat=True)
    assert all(r.person_id != record.person_id for r in others)


def test_a_full_relink_keeps_a_reviewers_merge_and_forgets_it_once_undone(
    personas, linked_demo
) -> None:
    first, second = _largest_persons(2)
    records = list(Record.objects.filter(person__in=[first, second]))
    merge = merge_persons(personas.analyst, first, second, "one person under two spellings")
    relink_all(actor=personas.admin)
    assert len({_person_of(r).pk for r in records}) == 1
    undo_change(personas.analyst, merge, "two people after all")
    relink_all(actor=personas.admin)
    assert len({_person_of(r).pk for r in records}) == 2


def test_a_new_record_linked_incrementally_leaves_a_split_record_where_it_is(
    personas, linked_demo
) -> None:
    (person,) = _largest_persons(1)
    record = Record.objects.filter(person=person).order_by("pk").first()
    assert record is not None
    change = split_record(personas.analyst, person, record, "a namesake")
    copy = Record.objects.create(
        source=record.source,
        raw=record.raw,
        full_name=record.full_name,
        list_record_id=f"{record.list_record_id}-again",
        created_by=personas.admin,
    )
    link_new_records([copy], actor=personas.admin)
    assert _person_of(record) == change.other
    assert all(r.person_id == person.pk for r in Record.objects.filter(pk__in=change.stayed))


def test_merges_and_splits_travel_to_other_offices_as_immutable_rows() -> None:
    table = table_by_label()["people.personchange"]
    assert {c.attname for c in table.mutable} == set(PersonChange.RETRACTION_FIELDS)
    assert {"kind", "person_id", "other_id", "moved", "stayed", "reason", "supersedes_id"} <= {
        c.attname for c in table.fixed
    }
