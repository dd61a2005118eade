"""Reading records in bulk (lists, exports), as the user's role allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, Sensitive, has_role, may_see
from aqiqat.apps.sources.models import Record

SENSITIVE_RECORD_FIELDS = {
    Sensitive.TESTIMONY: ("testimony",),
    Sensitive.MEDICAL: ("medical_details",),
    Sensitive.CONTACTS: ("informant_contact",),
}


@dataclass(frozen=True)
class RecordFilters:
    """What to select. The two `include_*` wishes are honoured for admins only."""

    source: str = ""
    status: str = ""
    include_retracted: bool = False
    include_superseded: bool = False


def sensitive_fields_for(user: Any) -> tuple[str, ...]:
    """The sensitive Record fields this user's roles may see, in a fixed order."""
    return tuple(
        field
        for group in Sensitive
        if may_see(user, group)
        for field in SENSITIVE_RECORD_FIELDS[group]
    )


def hide_retracted(records: QuerySet[Record]) -> QuerySet[Record]:
    """Without retracted records and the records of retracted sources.

    Only admins may read what was retracted; every selector applies this for everyone else.
    """
    return records.filter(retracted_at__isnull=True, source__retracted_at__isnull=True)


def records_visible_to(user: Any, filters: RecordFilters | None = None) -> QuerySet[Record]:
    """The records a user may read in bulk, current ones only unless an admin asks for more.

    A record is current when it is not retracted and no live correction supersedes it; a
    correction that was itself retracted leaves the record it replaced current again.
    """
    wanted = filters or RecordFilters()
    if not user.has_perm("sources.view_record"):
        return Record.objects.none()
    admin = has_role(user, Role.ADMIN)
    records: QuerySet[Record] = Record.objects.all()
    if not (admin and wanted.include_retracted):
        records = hide_retracted(records)
    if not (admin and wanted.include_superseded):
        records = records.filter(
            Q(superseded_by__isnull=True) | Q(superseded_by__retracted_at__isnull=False)
        )
    if wanted.source:
        records = records.filter(source__name=wanted.source)
    if wanted.status:
        records = records.filter(claimed_status=wanted.status)
    return records.order_by("created_at", "id")
