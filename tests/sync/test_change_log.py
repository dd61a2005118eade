"""The change log that lets sync find local changes without reading the whole database (run
on SQLite and on PostgreSQL): every write path is noted, a merge's own writes are not, and a
scan reads only what was noted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aqiqat.apps.bulk import insert_rows
from aqiqat.apps.people.models import Event
from aqiqat.apps.sources.models import Record
from aqiqat.apps.sync.models import Change, SyncRow
from aqiqat.apps.sync.triggers import drop, expected, install, installed
from aqiqat.services.sync.peers import my_identity
from aqiqat.services.sync.tracker import merging, scan
from tests.factories import make_record, make_source

pytestmark = pytest.mark.django_db(transaction=False)


def noted() -> set[tuple[str, str]]:
    return {(label, str(row_id)) for label, row_id in Change.objects.values_list("model", "row_id")}


def test_every_synced_table_and_many_to_many_set_has_its_triggers() -> None:
    scan(my_identity().public.instance_id)
    assert "sync_mark_people_event_records_delete" in expected()
    assert expected() <= installed(connection)
    install(connection)  # again, as every migrate does: replaced, not duplicated
    assert expected() <= installed(connection)


def test_triggers_found_missing_are_put_back_and_every_row_compared_once() -> None:
    me = my_identity().public.instance_id
    record = make_record(make_source(), full_name="Testov Unwatched")
    scan(me)
    drop(connection)  # as a table rebuilt by hand, or a migration gone back and forth
    assert not installed(connection)
    Record.objects.filter(pk=record.pk).update(retraction_reason="written while unwatched")
    assert not Change.objects.exists()
    scan(me)
    assert expected() <= installed(connection)
    state = SyncRow.objects.get(row_id=record.pk).state
    assert state["retraction_reason"][0] == "written while unwatched"


def test_every_write_path_is_noted_and_a_scan_takes_the_notes(personas: Any) -> None:
    me = my_identity().public.instance_id
    source = make_source()
    saved = make_record(source, full_name="Testov Saved")
    scan(me)
    assert not Change.objects.exists()

    bulk = Record(
        source=source, list_record_id="bulk:1", raw={}, full_name="Fictivova Bulk", testimony=""
    )
    insert_rows([bulk])
    assert noted() == {("sources.record", str(bulk.pk))}
    Record.objects.filter(pk=saved.pk).update(retraction_reason="queryset update")
    assert ("sources.record", str(saved.pk)) in noted()
    event = Event.objects.create(kind="detention", description="fictional")
    scan(me)
    event.records.add(saved)
    assert noted() == {("people.event", str(event.pk))}
    scan(me)
    event.records.remove(saved)
    assert noted() == {("people.event", str(event.pk))}
    saved.retract(personas.admin, "a fictional correction")
    assert ("sources.record", str(saved.pk)) in noted()

    scan(me)
    assert not Change.objects.exists()
    assert SyncRow.objects.filter(row_id=bulk.pk).exists()
    state = SyncRow.objects.get(row_id=saved.pk).state
    assert state["retraction_reason"][0] == "a fictional correction"


def test_a_merges_own_writes_are_not_noted_but_others_are() -> None:
    scan(my_identity().public.instance_id)
    source = make_source()
    with transaction.atomic():
        with merging():
            merged = make_record(source, full_name="Testov Merged")
        local = make_record(source, full_name="Testov Local")
    assert ("sources.record", str(merged.pk)) not in noted()
    assert ("sources.record", str(local.pk)) in noted()


def test_a_scan_after_one_edit_reads_one_row_whatever_the_database_holds() -> None:
    me = my_identity().public.instance_id
    source = make_source()
    records = [
        Record(source=source, list_record_id=f"many:{n}", raw={}, full_name=f"Demov {n}")
        for n in range(300)
    ]
    insert_rows(records)
    assert scan(me) == 301  # the source and its records, new here
    Record.objects.filter(pk=records[7].pk).update(retraction_reason="one fictional edit")
    with CaptureQueriesContext(connection) as queries:
        assert scan(me) == 1
    record_reads = [q["sql"] for q in queries.captured_queries if "sources_record" in q["sql"]]
    assert record_reads and all("WHERE" in sql for sql in record_reads)
    assert len(queries.captured_queries) < 15
    assert SyncRow.objects.get(row_id=records[7].pk).state["retraction_reason"][0] == (
        "one fictional edit"
    )
