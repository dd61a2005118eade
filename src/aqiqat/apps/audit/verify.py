"""Walk the audit chain and report the first entry that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from aqiqat.apps.audit.chain import GENESIS_HASH, entry_hash
from aqiqat.apps.audit.models import AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_chain() -> ChainReport:
    prev = GENESIS_HASH
    expected_seq = 0
    count = 0
    fields = (
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "detail",
        "prev_hash",
        "entry_hash",
    )
    for row in AuditEntry.objects.order_by("seq").values(*fields).iterator(chunk_size=5000):
        expected_seq += 1
        count += 1
        seq = row["seq"]
        if seq != expected_seq:
            return ChainReport(count, f"entry #{expected_seq} is missing (next found: #{seq})")
        if row["prev_hash"] != prev:
            return ChainReport(count, f"entry #{seq} does not follow entry #{seq - 1}")
        digest = entry_hash(
            seq=seq,
            at=row["at"],
            actor_id=str(row["actor_id"]) if row["actor_id"] is not None else None,
            actor_name=row["actor_name"],
            action=row["action"],
            object_type=row["object_type"],
            object_id=row["object_id"],
            detail=row["detail"],
            prev_hash=row["prev_hash"],
        )
        if digest != row["entry_hash"]:
            return ChainReport(count, f"entry #{seq} was altered after it was written")
        prev = row["entry_hash"]
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != expected_seq or head.last_hash != prev):
        return ChainReport(
            count,
            f"the log ends at #{expected_seq} but #{head.last_seq} was written: entries removed",
        )
    return ChainReport(count, None)
