"""Rows inserted in bulk are stored exactly as the ORM stores them (SQLite and PostgreSQL),
whichever values skip the per-field preparation and whichever do not."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from aqiqat.apps.bulk import insert_rows, insert_values
from aqiqat.apps.sources.models import Record
from tests.factories import make_person, make_source

pytestmark = pytest.mark.django_db(transaction=False)


def stored(pk: uuid.UUID) -> tuple[Any, ...]:
    """The row as the database holds it, sealed fields aside (their nonces differ)."""
    columns = [
        str(f.column)
        for f in Record._meta.concrete_fields
        if f.name not in {"id", "raw", "testimony", "medical_details", "informant_contact"}
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} FROM sources_record WHERE id = %s",
            [Record._meta.pk.get_db_prep_value(pk, connection)],
        )
        return tuple(cursor.fetchone())


def test_bulk_rows_are_stored_as_the_orm_stores_them() -> None:
    source, person = make_source(), make_person()
    values: dict[str, Any] = {
        "created_at": timezone.now(),
        "source_id": source.pk,
        "person_id": person.pk,
        "list_record_id": "bulk:7",
        "raw": {"ФИО": "Testov Bulk", "n": 7},
        "full_name": "Testov Bulk",
        "birth_date": dt.date(1990, 5, 17),
        "birth_year_min": 1990,
        "age": 35,
        "link_probability": 0.875,
        "consent_publish": True,
        "testimony": "fictional testimony",
    }
    by_orm = Record.objects.create(id=uuid.uuid4(), **values)
    by_rows = Record(id=uuid.uuid4(), **values)
    insert_rows([by_rows])
    blank = {f.attname: f.get_default() for f in Record._meta.concrete_fields}
    by_values = {**blank, **values, "id": uuid.uuid4(), "age": "35", "birth_date": "1990-05-17"}
    insert_values(Record, [by_values])

    expected = stored(by_orm.pk)
    assert stored(by_rows.pk) == expected
    assert stored(by_values["id"]) == expected  # text converted as the ORM converts it
    again = Record.objects.get(pk=by_values["id"])
    assert (again.raw, again.testimony, again.person_id) == (
        {"ФИО": "Testov Bulk", "n": 7},
        "fictional testimony",
        person.pk,
    )
