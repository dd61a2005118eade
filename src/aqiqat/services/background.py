"""Long work (an import, a full re-link) run in a thread so a page can show its progress."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass
class Job:
    """One piece of background work, visible only to the user who started it."""

    job_id: str
    owner_id: str
    title: str
    total: int | None = None
    done: int = 0
    stage: str = ""
    finished: bool = False
    result: Any = None
    error: str | None = None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start_job(
    owner: Any,
    title: str,
    work: Callable[[Job], Any],
    *,
    total: int | None = None,
    expected: tuple[type[Exception], ...] = (),
    failed: str = "it failed and nothing was written",
    after: Callable[[], None] | None = None,
) -> Job:
    """Run `work(job)` in a thread; its return value becomes `job.result`.

    Expected errors are shown as they are; any other is shown with `failed` before it.
    """
    job = Job(secrets.token_urlsafe(12), str(owner.pk), title, total)
    with _lock:
        _jobs[job.job_id] = job

    def run() -> None:
        try:
            job.result = work(job)
            if job.total:
                job.done = job.total
        except expected as exc:
            job.error = str(exc)
        except Exception as exc:  # the user must see that it failed, and why
            job.error = f"{failed} ({type(exc).__name__}: {exc})"
        finally:
            job.finished = True
            if after is not None:
                after()
            connection.close()

    threading.Thread(target=run, name=f"job-{job.job_id}", daemon=True).start()
    return job


def job_for(job_id: str, user: Any) -> Job | None:
    with _lock:
        job = _jobs.get(job_id)
    if job is None or job.owner_id != str(user.pk):
        return None
    return job
