"""Running an import in the background so the web can show its progress."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection

from aqiqat.lists import ListError, ListSpec
from aqiqat.services.intake.linking import ImportLinking, link_imported
from aqiqat.services.intake.list_import import ImportRefused, ImportResult, import_list


@dataclass
class ImportJob:
    job_id: str
    owner_id: str
    source_name: str
    total_rows: int
    done_rows: int = 0
    finished: bool = False
    result: ImportResult | None = None
    linking: ImportLinking | None = None
    error: str | None = None


_jobs: dict[str, ImportJob] = {}
_lock = threading.Lock()


def start_import_job(
    spec: ListSpec,
    *,
    actor: Any,
    source_kind: str,
    skip_invalid: bool,
    total_rows: int,
    after: Any = None,
) -> ImportJob:
    """Start the import in a thread; the job is visible only to the user who started it."""
    job = ImportJob(secrets.token_urlsafe(12), str(actor.pk), spec.name, total_rows)
    with _lock:
        _jobs[job.job_id] = job

    def progress(rows: int) -> None:
        job.done_rows = rows

    def run() -> None:
        try:
            job.result = import_list(
                spec,
                actor=actor,
                source_kind=source_kind,
                skip_invalid=skip_invalid,
                progress=progress,
            )
            job.linking = link_imported(job.result.batch, actor)
        except (ImportRefused, ListError) as exc:
            job.error = str(exc)
        except Exception as exc:  # the user must see that it failed, and why
            job.error = f"the import failed and nothing was written ({type(exc).__name__}: {exc})"
        finally:
            job.done_rows = job.total_rows if job.error is None else job.done_rows
            job.finished = True
            if after is not None:
                after()
            connection.close()

    threading.Thread(target=run, name=f"import-{job.job_id}", daemon=True).start()
    return job


def job_for(job_id: str, user: Any) -> ImportJob | None:
    with _lock:
        job = _jobs.get(job_id)
    if job is None or job.owner_id != str(user.pk):
        return None
    return job
