"""Audit every report generated and print the chain's head in it, so the report is anchored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from aqiqat.apps.audit.log import PendingEntry, write_entries


@dataclass(frozen=True)
class Anchor:
    """The audit entry that records this report's generation: its number and hash."""

    seq: int
    entry_hash: str
    at: datetime


def anchor_report(
    user: Any,
    kind: str,
    object_type: str,
    object_id: str,
    detail: dict[str, Any],
    action: str = "report",
) -> Anchor:
    """Write the report's own audit entry; it becomes the chain head the report prints."""
    entry = write_entries(
        user, [PendingEntry(action, object_type, object_id, {"report": kind, **detail})]
    )[-1]
    return Anchor(entry.seq, entry.entry_hash, timezone.localtime(entry.at))
