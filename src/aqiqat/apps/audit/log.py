"""Writing audit entries: one per write, and one per read of sensitive fields."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction

from aqiqat.apps.audit.chain import GENESIS_HASH, entry_hash
from aqiqat.apps.audit.models import AuditEntry, AuditHead
from aqiqat.apps.bulk import insert_rows

_acting_user: contextvars.ContextVar[Any] = contextvars.ContextVar("aqiqat_actor", default=None)


def current_actor() -> Any:
    """The authenticated user on whose behalf code runs now, if any."""
    return _acting_user.get()


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _acting_user.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _acting_user.reset(token)


@dataclass(frozen=True)
class PendingEntry:
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]


def describe(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def write_entry(
    *, actor: Any, action: str, obj: models.Model, detail: dict[str, Any] | None = None
) -> AuditEntry:
    object_type, object_id = describe(obj)
    return write_entries(actor, [PendingEntry(action, object_type, object_id, detail or {})])[-1]


def log_sensitive_read(actor: Any, obj: models.Model, fields: Iterable[str]) -> None:
    """Record that `actor` was shown the named sensitive fields of `obj`."""
    shown = sorted(set(fields))
    if shown:
        write_entry(actor=actor, action="view", obj=obj, detail={"fields": shown})


def write_entries(actor: Any, pending: list[PendingEntry]) -> list[AuditEntry]:
    """Append entries to the chain in one transaction, in the given order."""
    if not pending:
        return []
    actor_id = str(actor.pk) if actor is not None else None
    actor_name = actor.get_username() if actor is not None else "system"
    with transaction.atomic():
        head = _locked_head()
        seq, prev = head.last_seq, head.last_hash
        at = datetime.now(UTC)
        entries = []
        for item in pending:
            seq += 1
            digest = entry_hash(
                seq=seq,
                at=at,
                actor_id=actor_id,
                actor_name=actor_name,
                action=item.action,
                object_type=item.object_type,
                object_id=item.object_id,
                detail=item.detail,
                prev_hash=prev,
            )
            entries.append(
                AuditEntry(
                    seq=seq,
                    at=at,
                    actor_id=actor.pk if actor is not None else None,
                    actor_name=actor_name,
                    action=item.action,
                    object_type=item.object_type,
                    object_id=item.object_id,
                    detail=item.detail,
                    prev_hash=prev,
                    entry_hash=digest,
                )
            )
            prev = digest
        insert_rows(entries)
        AuditHead.objects.filter(pk=head.pk).update(last_seq=seq, last_hash=prev)
    return entries


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head
