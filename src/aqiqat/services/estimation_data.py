"""Capture histories built from the linked persons in the database, for estimation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.estimate import CaptureHistories, HistoriesError
from aqiqat.estimate.linkage_variants import histories_from_people
from aqiqat.selectors.access import NotFound


@dataclass(frozen=True)
class HistoryFilter:
    """Which persons count: their status, and optionally where and when (from their records)."""

    status: str = "killed"
    region: str | None = None
    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"persons with status {self.status}"]
        if self.region:
            parts.append(f"in {self.region}")
        if self.since or self.until:
            parts.append(f"dated {self.since or '…'} to {self.until or '…'}")
        if self.sources:
            parts.append(f"lists {', '.join(self.sources)}")
        return "database: " + ", ".join(parts)


def histories_from_database(user: Any, wanted: HistoryFilter) -> CaptureHistories:
    """One capture pattern per person: the sources whose current records are linked to them.

    Only records linked to a person count (unlinked records are reports, not people yet);
    retracted and superseded records never count.
    """
    if not user.has_perm("people.view_person") or not user.has_perm("sources.view_record"):
        raise NotFound
    persons = Person.objects.filter(status=wanted.status, merged_into__isnull=True)
    records = Record.objects.filter(
        person__in=persons,
        retracted_at__isnull=True,
        superseded_by__isnull=True,
        source__retracted_at__isnull=True,
    )
    if wanted.sources:
        records = records.filter(source__name__in=wanted.sources)
    rows = records.values_list(
        "person_id",
        "source__name",
        "place__gazetteer_id",
        "place__parent__gazetteer_id",
        "event_date",
    )
    seen_on: dict[Any, set[str]] = defaultdict(set)
    in_scope: set[Any] = set()
    for person_id, source, place, parent, on in rows.iterator(chunk_size=5000):
        seen_on[person_id].add(source)
        if _matches(wanted, place, parent, on):
            in_scope.add(person_id)
    if not in_scope:
        raise HistoriesError(f"no linked person matches ({wanted.describe()})")
    notes = (
        f"{len(in_scope):,} linked persons; records not yet linked to a person are not counted",
    )
    return histories_from_people(
        (seen_on[person] for person in in_scope),
        lists=sorted(wanted.sources) if wanted.sources else None,
        source=wanted.describe(),
        notes=notes,
    )


def _matches(wanted: HistoryFilter, place: str | None, parent: str | None, on: date | None) -> bool:
    if wanted.region and wanted.region not in (place, parent):
        return False
    if wanted.since and (on is None or on < wanted.since):
        return False
    return not (wanted.until and (on is None or on > wanted.until))
