"""Finding what changed here since the last look, and giving each change a clock.

Database triggers note every write to a synced row in `sync_change`, whatever path made it
(a form, an import, a re-link). A scan takes those notes, compares each noted row's mutable
fields with the values sync last saw, and stamps the differences with a new clock and
sequence number; new rows are stamped as made here. Its cost follows the writes since the
last scan, not the size of the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, router, transaction

from aqiqat.apps.bulk import insert_values
from aqiqat.apps.sync import triggers
from aqiqat.apps.sync.models import Applying, Change, FieldVersion, SyncRow
from aqiqat.services.sync.clock import advance
from aqiqat.services.sync.tables import USER, References, Table, m2m_sets, tables

CHUNK = 5000


def mutable_values(
    table: Table,
    row: dict[str, Any],
    sets: dict[str, dict[Any, list[str]]],
    outs: list[tuple[str, Callable[[Any], Any]]],
) -> dict[str, Any]:
    """A row's mutable fields as they travel (`outs`: each column's References.out)."""
    values = {name: out(row[name]) for name, out in outs}
    for name in table.m2m:
        values[name] = sets[name].get(row["id"], [])
    return values


def user_columns(table: Table) -> set[str]:
    return {c.attname for c in table.mutable if c.kind == USER}


def scan(instance_id: str) -> int:
    """Stamp every local change noted since the last scan; returns how many rows were stamped."""
    refs = References(instance_id)
    with transaction.atomic():
        marked = _take_marks()
        stamp: tuple[str, int] | None = None
        created: list[dict[str, Any]] = []
        changed: list[SyncRow] = []
        versions: list[FieldVersion] = []
        for table in tables():
            ids = marked.get(table.label)
            if not ids:
                continue
            users = user_columns(table)
            outs = [(c.attname, refs.out_function(c)) for c in table.mutable]
            for rows, known, sets in _noted_rows(table, ids):
                for row in rows:
                    values = mutable_values(table, row, sets, outs)
                    sync_row = known.get(row["id"])
                    if sync_row is None:
                        stamp = stamp or advance(instance_id)
                        created.append(
                            {
                                "row_id": row["id"],
                                "model": table.label,
                                "origin": instance_id,
                                "origin_user": refs.user_names.get(row["created_by_id"], ""),
                                "seq": stamp[1],
                                "via": "",
                                "state": {name: [v, stamp[0]] for name, v in values.items()},
                            }
                        )
                        continue
                    differing = [
                        name
                        for name, value in values.items()
                        if sync_row.state.get(name, [None])[0] != value
                        # A user unknown here was stored as None: that is not a change.
                        and not (name in users and value is None)
                    ]
                    if not differing:
                        continue
                    stamp = stamp or advance(instance_id)
                    for name in differing:
                        old = sync_row.state.get(name)
                        if old is not None:
                            versions.append(_version(table, row["id"], name, *old))
                        sync_row.state[name] = [values[name], stamp[0]]
                        versions.append(_version(table, row["id"], name, values[name], stamp[0]))
                    sync_row.seq, sync_row.via = stamp[1], ""
                    changed.append(sync_row)
        save_sync_rows(created, changed)
        FieldVersion.objects.bulk_create(versions, batch_size=2000, ignore_conflicts=True)
    return len(created) + len(changed)


@contextmanager
def merging() -> Iterator[None]:
    """Writes made inside are a merge's own, whose clocks it sets: they are not noted as
    local changes. Only within a transaction, so no other transaction ever sees it."""
    if not transaction.get_connection(router.db_for_write(Applying)).in_atomic_block:
        raise RuntimeError("merging() must run inside a transaction")
    marker = Applying.objects.create()
    try:
        yield
    finally:
        Applying.objects.filter(pk=marker.pk).delete()


def save_sync_rows(created: list[dict[str, Any]], changed: list[SyncRow]) -> None:
    """Insert new sync rows (given as values) and write the state, sequence and source of
    changed ones."""
    for start in range(0, len(created), CHUNK):
        insert_values(SyncRow, created[start : start + CHUNK])
    if not changed:
        return
    connection = connections[router.db_for_write(SyncRow)]
    state_field = SyncRow._meta.get_field("state")
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(SyncRow._meta.db_table)} SET state = %s, seq = %s, via = %s "  # noqa: S608
        "WHERE row_id = %s"
    )
    row_id_field = SyncRow._meta.pk
    with connection.cursor() as cursor:
        for start in range(0, len(changed), CHUNK):
            cursor.executemany(
                sql,
                [
                    (
                        state_field.get_db_prep_save(row.state, connection),
                        row.seq,
                        row.via,
                        row_id_field.get_db_prep_save(row.row_id, connection),
                    )
                    for row in changed[start : start + CHUNK]
                ],
            )


def _take_marks() -> dict[str, set[Any]]:
    """The rows noted as written since the last scan, by model; the notes are removed."""
    connection = connections[router.db_for_write(Change)]
    if not triggers.expected() <= triggers.installed(connection):
        # Something other than `aqiqat migrate` rebuilt a table, or went back past the change
        # log's migration: put the triggers back and compare every row once, since writes
        # made meanwhile were not noted.
        triggers.install(connection)
        triggers.mark_every_row(connection)
    marked: dict[str, set[Any]] = {}
    seen: list[int] = []
    for mark_id, label, row_id in Change.objects.values_list("id", "model", "row_id").order_by(
        "id"
    ):
        seen.append(mark_id)
        marked.setdefault(label, set()).add(row_id)
    # Delete exactly what was read, in runs of consecutive ids: a note written meanwhile by
    # another transaction (with an id in between) stays for the next scan.
    for first, last in _runs(seen):
        Change.objects.filter(id__gte=first, id__lte=last).delete()
    return marked


def _runs(ids: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive runs in sorted ids, as (first, last)."""
    if not ids:
        return
    first = previous = ids[0]
    for value in ids[1:]:
        if value != previous + 1:
            yield first, previous
            first = value
        previous = value
    yield first, previous


def _noted_rows(
    table: Table, ids: set[Any]
) -> Iterator[tuple[list[dict[str, Any]], dict[Any, SyncRow], dict[str, dict[Any, list[str]]]]]:
    """The noted rows' current values, with their sync rows and many-to-many sets, in chunks."""
    names = ["id", "created_by_id", *(c.attname for c in table.mutable)]
    manager = table.model._base_manager
    if most_of(table, len(ids)):
        rows = [row for row in manager.values(*names).iterator(CHUNK) if row["id"] in ids]
        known = {
            row.row_id: row
            for row in SyncRow.objects.filter(model=table.label)
            .only("row_id", "state")
            .iterator(CHUNK)
        }
        yield rows, known, m2m_sets(table)
        return
    ordered = list(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        rows = list(manager.filter(pk__in=chunk).values(*names))
        known = {
            row.row_id: row
            for row in SyncRow.objects.filter(row_id__in=chunk).only("row_id", "state")
        }
        yield rows, known, m2m_sets(table, chunk)


def most_of(table: Table, wanted: int) -> bool:
    """Whether `wanted` rows are most of the table: then one pass over it reads faster than
    many lookups by key (as for the first bundle to a new peer)."""
    return wanted > CHUNK and wanted * 2 >= table.model._base_manager.count()


def _version(table: Table, row_id: Any, field: str, value: Any, hlc: str) -> FieldVersion:
    return FieldVersion(row_id=row_id, model=table.label, field=field, value=value, hlc=hlc)
