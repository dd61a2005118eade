"""Inserting many new rows at once, cheaply."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router


def insert_rows(objects: Sequence[models.Model]) -> None:
    """One INSERT executed for many rows of one model, bypassing the ORM's per-field
    compiler: imports and the audit log write a row per record, and the ORM's generic
    machinery costs more than the work itself. Objects must be complete (keys set)."""
    if not objects:
        return
    model = type(objects[0])
    meta = model._meta
    # The wrapper itself, not the thread-local proxy: it is asked once per cell.
    connection = connections[router.db_for_write(model)]
    fields = meta.concrete_fields
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
