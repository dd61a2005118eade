"""After an import: group its new records into persons, or say how to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aqiqat.apps.sources.models import ImportBatch, Record
from aqiqat.linkage.store import IndexMissing
from aqiqat.services.linkage import link_new_records

# One record at a time costs tens of milliseconds; beyond this a full re-link
# (`aqiqat link --database`) is faster than linking the import record by record.
INCREMENTAL_LIMIT = 1000


@dataclass(frozen=True)
class ImportLinking:
    linked: int
    new_persons: int
    advice: str | None = None  # in the active language


def link_imported(batch: ImportBatch | None, actor: Any) -> ImportLinking:
    """Link the batch's records to existing persons when that is quick; otherwise advise."""
    if batch is None:
        return ImportLinking(0, 0)
    records = list(Record.objects.filter(import_batch=batch, person__isnull=True))
    if not records:
        return ImportLinking(0, 0)
    if len(records) > INCREMENTAL_LIMIT:
        count = len(records)
        return ImportLinking(
            0,
            0,
            ngettext(
                "%(count)d new record is not yet grouped into a person: a full re-link "
                "does it faster than one by one (“Re-link all records” on the review "
                "page, or `aqiqat link --database`)",
                "%(count)d new records are not yet grouped into persons: a full re-link "
                "does it faster than one by one (“Re-link all records” on the review "
                "page, or `aqiqat link --database`)",
                count,
            )
            % {"count": count},
        )
    try:
        links = link_new_records(records, actor)
    except IndexMissing:
        return ImportLinking(
            0,
            0,
            _(
                "records are not yet grouped into persons on this instance: run a full "
                "re-link once (“Re-link all records” on the review page, or "
                "`aqiqat link --database`)"
            ),
        )
    new = sum(1 for link in links if link.match_probability is None)
    return ImportLinking(len(links) - new, new)
