"""Finding what changed here since the last look, and giving each change a clock.

The database is the truth: whatever path wrote a row (a form, an import, a re-link), a
scan compares each synced row's mutable fields with the values sync last saw, and stamps
the differences with a new clock and sequence number. New rows are stamped as made here.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aqiqat.apps.sync.models import FieldVersion, SyncRow
from aqiqat.services.sync.clock import advance
from aqiqat.services.sync.tables import USER, References, Table, m2m_sets, tables


def mutable_values(
    table: Table, row: dict[str, Any], sets: dict[str, dict[Any, list[str]]], refs: References
) -> dict[str, Any]:
    """A row's mutable fields as they travel."""
    values = {c.attname: refs.out(c, row[c.attname]) for c in table.mutable}
    for name in table.m2m:
        values[name] = sets[name].get(row["id"], [])
    return values


def user_columns(table: Table) -> set[str]:
    return {c.attname for c in table.mutable if c.kind == USER}


def scan(instance_id: str, only: frozenset[str] | None = None) -> int:
    """Stamp every local change since the last scan (in the tables named by `only`, or all);
    returns how many rows were stamped."""
    refs = References(instance_id)
    with transaction.atomic():
        stamp: tuple[str, int] | None = None
        created: list[SyncRow] = []
        changed: list[SyncRow] = []
        versions: list[FieldVersion] = []
        for table in tables():
            if only is not None and table.label not in only:
                continue
            names = ["id", "created_by_id", *(c.attname for c in table.mutable)]
            known = {
                row.row_id: row
                for row in SyncRow.objects.filter(model=table.label).only("row_id", "state")
            }
            sets = m2m_sets(table)
            users = user_columns(table)
            for row in table.model._base_manager.values(*names).iterator(chunk_size=5000):
                values = mutable_values(table, row, sets, refs)
                sync_row = known.get(row["id"])
                if sync_row is None:
                    stamp = stamp or advance(instance_id)
                    created.append(
                        SyncRow(
                            row_id=row["id"],
                            model=table.label,
                            origin=instance_id,
                            origin_user=refs.user_names.get(row["created_by_id"], ""),
                            seq=stamp[1],
                            state={name: [value, stamp[0]] for name, value in values.items()},
                        )
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
        SyncRow.objects.bulk_create(created, batch_size=2000)
        SyncRow.objects.bulk_update(changed, ["state", "seq", "via"], batch_size=2000)
        FieldVersion.objects.bulk_create(versions, batch_size=2000, ignore_conflicts=True)
    return len(created) + len(changed)


def _version(table: Table, row_id: Any, field: str, value: Any, hlc: str) -> FieldVersion:
    return FieldVersion(row_id=row_id, model=table.label, field=field, value=value, hlc=hlc)
