"""One hash over everything that syncs, to compare instances (by phone, or in tests)."""

from __future__ import annotations

import hashlib
import json

from aqiqat.apps.sync.models import SyncRow
from aqiqat.services.sync.peers import my_identity
from aqiqat.services.sync.tables import References, tables
from aqiqat.services.sync.tracker import scan


def content_digest() -> tuple[str, int]:
    """SHA-256 over every synced row (fixed fields, mutable fields and their clocks, origin)
    in a fixed order, and the number of rows. Instances that hold the same data agree."""
    me = my_identity().public.instance_id
    scan(me)
    refs = References(me)
    digest = hashlib.sha256()
    count = 0
    for table in tables():
        states = {
            row_id: (origin, user, state)
            for row_id, origin, user, state in SyncRow.objects.filter(
                model=table.label
            ).values_list("row_id", "origin", "origin_user", "state")
        }
        names = ["id", *(c.attname for c in table.fixed)]
        for row in table.model._base_manager.order_by("pk").values(*names).iterator(2000):
            origin, user, state = states[row["id"]]
            fixed = {c.attname: refs.out(c, row[c.attname]) for c in table.fixed}
            line = [table.label, str(row["id"]), origin, user, fixed, state]
            digest.update(json.dumps(line, sort_keys=True, default=str).encode())
            count += 1
    return digest.hexdigest(), count
