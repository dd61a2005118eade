"""What a source said is kept: records are never edited in place nor deleted."""

from __future__ import annotations

import pytest

from aqiqat.apps.sources.models import Record
from aqiqat.apps.tracked import DeletionForbidden, ImmutableError, RetractionError
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db


def test_a_record_cannot_be_edited_in_place(acting) -> None:
    record = make_record(full_name="ТОКАЕВ НУРЛАН")
    record.full_name = "Токаев Нурлан"
    with pytest.raises(ImmutableError, match="superseding"):
        record.save()
    assert Record.objects.get(pk=record.pk).full_name == "ТОКАЕВ НУРЛАН"


def test_a_bulk_update_cannot_rewrite_records(acting) -> None:
    record = make_record(full_name="ТОКАЕВ НУРЛАН")
    with pytest.raises(ImmutableError):
        Record.objects.filter(pk=record.pk).update(full_name="changed")
    assert Record.objects.get(pk=record.pk).full_name == "ТОКАЕВ НУРЛАН"


def test_a_correction_supersedes_the_old_record_which_stays(acting) -> None:
    old = make_record(full_name="Токаев Нурлна")
    new = make_record(source=old.source, full_name="Токаев Нурлан", supersedes=old)
    assert old.superseded_by == new
    assert Record.objects.get(pk=old.pk).full_name == "Токаев Нурлна"


def test_linking_a_record_to_a_person_is_allowed(acting) -> None:
    record = make_record()
    person = make_person()
    record.person = person
    record.link_probability = 0.97
    record.save()
    assert Record.objects.get(pk=record.pk).person == person


def test_records_cannot_be_deleted_one_by_one_or_in_bulk(acting) -> None:
    record = make_record()
    with pytest.raises(DeletionForbidden, match="retract"):
        record.delete()
    with pytest.raises(DeletionForbidden):
        Record.objects.all().delete()
    assert Record.objects.filter(pk=record.pk).exists()


def test_a_retraction_needs_a_reason(acting) -> None:
    record = make_record()
    with pytest.raises(RetractionError, match="reason"):
        record.retract(acting, "   ")
    record.retract(acting, "informant withdrew the report")
    stored = Record.objects.get(pk=record.pk)
    assert stored.is_retracted
    assert stored.retraction_reason == "informant withdrew the report"
    assert stored.retracted_by == acting
    with pytest.raises(RetractionError, match="already"):
        stored.retract(acting, "again")


def test_every_row_records_who_created_it_and_when(acting) -> None:
    record = make_record()
    assert record.created_by == acting
    assert record.created_at is not None
    assert len(str(record.pk)) == 36
