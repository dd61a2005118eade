"""An import, and the linking of its records, as background work with progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aqiqat.lists import ListError, ListSpec
from aqiqat.services.background import Job, as_is, start_job
from aqiqat.services.intake.linking import ImportLinking, link_imported
from aqiqat.services.intake.list_import import ImportRefused, ImportResult, import_list
from aqiqat.services.intake.list_messages import plain_list_error
from aqiqat.services.plain_words import PlainNote


@dataclass(frozen=True)
class ImportOutcome:
    imported: ImportResult
    linking: ImportLinking


def start_import_job(
    spec: ListSpec,
    *,
    actor: Any,
    source_kind: str,
    skip_invalid: bool,
    total_rows: int,
    after: Any = None,
) -> Job:
    def work(job: Job) -> ImportOutcome:
        def progress(rows: int) -> None:
            job.done = rows

        imported = import_list(
            spec,
            actor=actor,
            source_kind=source_kind,
            skip_invalid=skip_invalid,
            progress=progress,
        )
        job.stage = _("linking the new records to known persons")
        return ImportOutcome(imported, link_imported(imported.batch, actor))

    return start_job(
        actor,
        spec.name,
        work,
        total=total_rows,
        expected=(ImportRefused, ListError),
        describe=_refusal,
        failed=gettext_lazy("The import failed; nothing was written."),
        after=after,
    )


def _refusal(error: Exception) -> PlainNote:
    return plain_list_error(error) if isinstance(error, ListError) else as_is(error)
