"""An import, and the linking of its records, as background work with progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aqiqat.lists import ListError, ListSpec
from aqiqat.services.background import Job, start_job
from aqiqat.services.intake.linking import ImportLinking, link_imported
from aqiqat.services.intake.list_import import ImportRefused, ImportResult, import_list


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
        job.stage = "linking"
        return ImportOutcome(imported, link_imported(imported.batch, actor))

    return start_job(
        actor,
        spec.name,
        work,
        total=total_rows,
        expected=(ImportRefused, ListError),
        failed="the import failed and nothing was written",
        after=after,
    )
