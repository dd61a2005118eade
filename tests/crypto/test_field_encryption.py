"""Sensitive fields are sealed by Aqiqat before they reach the database (SQLite and
PostgreSQL alike), open only with the data key, and refuse what they cannot do."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from aqiqat.apps.people.models import Event
from aqiqat.apps.sources.models import Record
from aqiqat.apps.sync.models import FieldVersion, SyncRow
from aqiqat.apps.tracing.models import TracingRequest, TracingStatusChange
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.values import PREFIX, UnreadableValue
from aqiqat.services.sync.tracker import save_sync_rows
from tests.crypto.folders import SESSION_DATA_KEY
from tests.factories import make_record

TESTIMONY = "Его били в коридоре ИВС, свидетель — сосед по камере"
CONTACT = "+7 701 555 01 02, сестра Айгерим"


def stored(table: str, column: str, pk: Any) -> Any:
    """The column's value as the database holds it, read around the model field."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s",
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def relock() -> Iterator[None]:
    yield
    keyring.unlock(SESSION_DATA_KEY)


@pytest.mark.django_db
def test_sensitive_fields_are_stored_sealed_and_read_back_as_written() -> None:
    raw = {"ФИО": "Серікбаев Ерлан", "Примечание": TESTIMONY, "Телефон": CONTACT}
    record = make_record(
        raw=raw, testimony=TESTIMONY, medical_details="перелом ребра", informant_contact=CONTACT
    )
    for column in ("raw", "testimony", "medical_details", "informant_contact"):
        text = stored("sources_record", column, record.pk)
        assert text.startswith(PREFIX)
        assert "Серікбаев" not in text and "ИВС" not in text and "701" not in text
    again = Record.objects.get(pk=record.pk)
    assert (again.testimony, again.informant_contact) == (TESTIMONY, CONTACT)
    # The raw row keeps its column order (jsonb would have sorted the keys).
    assert list(again.raw.items()) == list(raw.items())
    assert Record.objects.filter(pk=record.pk).values_list("testimony", flat=True)[0] == TESTIMONY


@pytest.mark.django_db
def test_the_same_text_is_sealed_differently_each_time() -> None:
    first, second = make_record(testimony=TESTIMONY), make_record(testimony=TESTIMONY)
    assert stored("sources_record", "testimony", first.pk) != stored(
        "sources_record", "testimony", second.pk
    )


@pytest.mark.django_db
def test_a_sealed_value_moved_to_another_column_or_changed_does_not_open() -> None:
    record = make_record(testimony=TESTIMONY, medical_details="перелом")
    sealed = stored("sources_record", "testimony", record.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sources_record SET medical_details = %s WHERE id = %s",
            [sealed, record.pk.hex if connection.vendor == "sqlite" else record.pk],
        )
    with pytest.raises(UnreadableValue, match=r"sources\.record\.medical_details"):
        Record.objects.get(pk=record.pk)
    flipped = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sources_record SET medical_details = %s, testimony = %s WHERE id = %s",
            ["", flipped, record.pk.hex if connection.vendor == "sqlite" else record.pk],
        )
    with pytest.raises(UnreadableValue, match="does not open"):
        Record.objects.get(pk=record.pk)


@pytest.mark.django_db
def test_a_plain_value_left_in_an_encrypted_column_is_an_error_not_garbage() -> None:
    record = make_record()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sources_record SET testimony = %s WHERE id = %s",
            ["plain", record.pk.hex if connection.vendor == "sqlite" else record.pk],
        )
    with pytest.raises(UnreadableValue, match=r"not encrypted.*aqiqat migrate"):
        Record.objects.get(pk=record.pk)


@pytest.mark.django_db
def test_a_locked_instance_refuses_to_read_or_write_with_a_clear_message(relock: None) -> None:
    record = make_record(testimony=TESTIMONY)
    Record.objects.filter(pk=record.pk).exists()  # the connection is open before the lock
    keyring.lock()
    with pytest.raises(keyring.Locked, match=r"sources\.record\.testimony is encrypted and Aqiqat"):
        list(Record.objects.filter(pk=record.pk).values_list("testimony", flat=True))
    with pytest.raises(keyring.Locked, match="locked: unlock it with the passphrase"):
        TracingRequest(enquirer_name="Серікбаева Гүлнар", sought_name="Ерлан").save()


@pytest.mark.django_db
def test_searching_inside_an_encrypted_field_is_refused_not_silently_empty() -> None:
    make_record(testimony=TESTIMONY)
    with pytest.raises(FieldError, match="Unsupported lookup 'exact'"):
        Record.objects.filter(testimony=TESTIMONY).count()
    with pytest.raises(FieldError, match="Unsupported lookup 'icontains'"):
        TracingRequest.objects.filter(enquirer_contact__icontains="701").count()
    assert Record.objects.filter(testimony__isnull=False).count() == 1


BEFORE = [
    ("sources", "0002_import_batches"),
    ("tracing", "0002_status_change_record_and_score"),
    ("people", "0005_person_merged_into_counts"),
]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_values_written_by_the_previous_schema_are_sealed_by_the_migration() -> None:
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    source = old.get_model("sources", "Source").objects.create(
        id=uuid.uuid4(), name="old-list", kind="ngo", channel="file"
    )
    raw = {"ФИО": "Серікбаев Ерлан", "Телефон": CONTACT, "nested": [1, {"a": None}]}
    record = old.get_model("sources", "Record").objects.create(
        id=uuid.uuid4(),
        source=source,
        full_name="Серікбаев Ерлан",
        raw=raw,
        testimony=TESTIMONY,
        informant_contact=CONTACT,
    )
    untouched = old.get_model("sources", "Record").objects.create(
        id=uuid.uuid4(), source=source, full_name="Иванов Пётр", raw={}
    )
    request = old.get_model("tracing", "TracingRequest").objects.create(
        id=uuid.uuid4(),
        enquirer_name="Серікбаева Гүлнар",
        enquirer_contact=CONTACT,
        sought_name="Серікбаев Ерлан",
    )
    change = old.get_model("tracing", "TracingStatusChange").objects.create(
        id=uuid.uuid4(), request=request, status="open", note="сверили паспорт сестры"
    )
    person = old.get_model("people", "Person").objects.create(
        id=uuid.uuid4(), display_name="Серікбаев Ерлан"
    )
    event = old.get_model("people", "Event").objects.create(
        id=uuid.uuid4(), person=person, kind="ill_treatment", description=TESTIMONY
    )

    migrate()

    for table, column, pk in (
        ("sources_record", "raw", record.pk),
        ("sources_record", "testimony", record.pk),
        ("sources_record", "informant_contact", record.pk),
        ("sources_record", "raw", untouched.pk),
        ("tracing_tracingrequest", "enquirer_name", request.pk),
        ("tracing_tracingrequest", "enquirer_contact", request.pk),
        ("tracing_tracingstatuschange", "note", change.pk),
        ("people_event", "description", event.pk),
    ):
        assert stored(table, column, pk).startswith(PREFIX), (table, column)
    assert stored("sources_record", "medical_details", untouched.pk) == ""
    migrated = Record.objects.get(pk=record.pk)
    assert (migrated.raw, migrated.testimony, migrated.informant_contact) == (
        raw,
        TESTIMONY,
        CONTACT,
    )
    assert Record.objects.get(pk=untouched.pk).raw == {}
    enquiry = TracingRequest.objects.get(pk=request.pk)
    assert (enquiry.enquirer_name, enquiry.enquirer_contact) == ("Серікбаева Гүлнар", CONTACT)
    assert TracingStatusChange.objects.get(pk=change.pk).note == "сверили паспорт сестры"
    assert Event.objects.get(pk=event.pk).description == TESTIMONY

    # Going back opens the values again for the old schema, and forward seals them anew.
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    assert old.get_model("sources", "Record").objects.get(pk=record.pk).raw == raw
    assert stored("sources_record", "testimony", record.pk) == TESTIMONY
    migrate()
    assert Record.objects.get(pk=record.pk).testimony == TESTIMONY


# The ASCII part of CONTACT: plain JSON may hold the rest as \u escapes.
PHONE = CONTACT.split(",")[0]


def stored_sync_values() -> list[str]:
    """Sync's copies as the database holds them, read around the model fields."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM sync_syncrow")
        found = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT value FROM sync_fieldversion WHERE value IS NOT NULL")
        return found + [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_sync_copies_written_by_the_previous_schema_are_sealed_by_the_migration() -> None:
    executor = migrate([("sync", "0002_change_log")])
    old = executor.loader.project_state([("sync", "0002_change_log")]).apps
    row_id = uuid.uuid4()
    state = {
        "enquirer_name": ["Серікбаева Гүлнар", "0001-a"],
        "enquirer_contact": [CONTACT, "0002-a"],
        "status": ["open", "0001-a"],
    }
    old.get_model("sync", "SyncRow").objects.create(
        row_id=row_id, model="tracing.tracingrequest", origin="a", seq=1, state=state
    )
    versions = old.get_model("sync", "FieldVersion").objects
    for value, hlc in (("+7 700 000 00 00", "0001-a"), (CONTACT, "0002-a"), (None, "0003-a")):
        versions.create(
            row_id=row_id, model="tracing.tracingrequest", field="enquirer_contact",
            value=value, hlc=hlc,
        )  # fmt: skip

    migrate()

    sealed = stored_sync_values()
    assert len(sealed) == 3 and all(text.startswith(PREFIX) for text in sealed)
    assert not any(PHONE in text for text in sealed)
    assert SyncRow.objects.get(row_id=row_id).state == state
    assert dict(FieldVersion.objects.filter(row_id=row_id).values_list("hlc", "value")) == {
        "0001-a": "+7 700 000 00 00",
        "0002-a": CONTACT,
        "0003-a": None,
    }

    # Going back opens them again for the old schema; forward seals them anew.
    executor = migrate([("sync", "0002_change_log")])
    old = executor.loader.project_state([("sync", "0002_change_log")]).apps
    assert old.get_model("sync", "SyncRow").objects.get(row_id=row_id).state == state
    assert PHONE in "".join(stored_sync_values())
    migrate()
    assert SyncRow.objects.get(row_id=row_id).state == state
    assert not any(PHONE in text for text in stored_sync_values())


@pytest.mark.django_db
def test_sync_rows_inserted_and_updated_as_an_import_writes_them_are_sealed() -> None:
    """The writer an import uses for received rows (new ones inserted from plain values,
    known ones updated in place) seals their state too, not only the ORM's save."""
    row_id, hlc = uuid.uuid4(), "0001-a"
    save_sync_rows(
        [
            {
                "row_id": row_id,
                "model": "tracing.tracingrequest",
                "origin": "a",
                "origin_user": "",
                "seq": 1,
                "via": "a",
                "state": {"enquirer_contact": [CONTACT, hlc]},
            }
        ],
        [],
    )
    assert PHONE not in stored_sync_values()[0]
    received = SyncRow.objects.get(row_id=row_id)
    assert received.state == {"enquirer_contact": [CONTACT, hlc]}

    received.state["enquirer_contact"] = ["+7 702 000 11 22", "0002-b"]
    save_sync_rows([], [received])
    (text,) = stored_sync_values()
    assert text.startswith(PREFIX) and "702 000" not in text
    assert SyncRow.objects.get(row_id=row_id).state["enquirer_contact"][0] == "+7 702 000 11 22"
