"""Inserting many new rows at once, cheaply."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connections, models, router


def insert_rows(objects: Sequence[models.Model]) -> None:
    """One INSERT executed for many rows of one model, bypassing the ORM's per-field
    compiler: imports and the audit log write a row per record, and the ORM's generic
    machinery costs more than the work itself. Objects must be complete (keys set)."""
    if not objects:
        return
    model = type(objects[0])
    names = [field.attname for field in model._meta.concrete_fields]
    _execute(model, ([getattr(obj, name) for name in names] for obj in objects))
    connection = connections[router.db_for_write(model)]
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> None:
    """insert_rows for rows given as {attname: value} for every concrete field: for many
    rows, building model instances costs more than writing them."""
    names = [field.attname for field in model._meta.concrete_fields]
    _execute(model, ([row[name] for name in names] for row in rows))


# Fields whose database value is the Python value itself when it has this exact type, or is
# None; their subclasses (encrypted text, say) may transform it, so only these exact classes
# qualify. Keys, dates and times are given as they are only when empty.
_AS_IS: dict[type[models.Field[Any, Any]], type] = {
    models.ForeignKey: type(None),
    models.OneToOneField: type(None),
    models.UUIDField: type(None),
    models.DateField: type(None),
    models.DateTimeField: type(None),
    models.FloatField: float,
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.SmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.BooleanField: bool,
}


def as_is_type(field: models.Field[Any, Any]) -> type | None:
    """The Python type whose values this field stores, and converts to Python, unchanged."""
    return _AS_IS.get(type(field))


def _preparer(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any]:
    """field.get_db_prep_save for one column, skipped where it would return the value as it is
    (it costs more than the insert itself for wide rows)."""
    prepare = field.get_db_prep_save
    kind = as_is_type(field)
    if kind is None:
        return lambda value: prepare(value, connection)
    return lambda value: (
        value if value is None or type(value) is kind else prepare(value, connection)
    )


def _execute(model: type[models.Model], rows: Iterable[list[Any]]) -> None:
    meta = model._meta
    # The wrapper itself, not the thread-local proxy: it is asked once per cell.
    connection = connections[router.db_for_write(model)]
    fields = meta.concrete_fields
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    preparers = [_preparer(field, connection) for field in fields]
    prepared = [
        [prepare(value) for prepare, value in zip(preparers, row, strict=True)] for row in rows
    ]
    if not prepared:
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)
