"""Long work (an import, a full re-link) run in a thread so a page can show its progress.

The thread has no language of its own: it runs in that of the request that started it, so
its stages, results and errors are written in the user's language.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from aqiqat.services.plain_words import PlainNote

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
    error_detail: str = ""  # technical, for who wants to know what failed

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
    describe: Callable[[Exception], PlainNote] | None = None,
    failed: StrOrPromise | None = None,
    after: Callable[[], None] | None = None,
) -> Job:
    """Run `work(job)` in a thread, in the active language; its return value becomes
    `job.result`.

    An expected error is shown as `describe` tells it (by default its message); any other
    as `failed` (lazy text is written in the job's language), with the error as its detail.
    """
    job = Job(secrets.token_urlsafe(12), str(owner.pk), title, total)
    with _lock:
        _jobs[job.job_id] = job
    language = translation.get_language()

    def run() -> None:
        with translation.override(language):
            try:
                job.result = work(job)
                if job.total:
                    job.done = job.total
            except expected as exc:
                told = (describe or as_is)(exc)
                job.error, job.error_detail = told.text, told.detail
            except Exception as exc:  # the user must see that it failed, and why
                job.error = str(failed) if failed else _("It failed; nothing was written.")
                job.error_detail = f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = True
                if after is not None:
                    after()
                connection.close()

    threading.Thread(target=run, name=f"job-{job.job_id}", daemon=True).start()
    return job


def as_is(error: Exception) -> PlainNote:
    """An error whose message is already in the user's words."""
    return PlainNote(type(error).__name__, str(error))


def job_for(job_id: str, user: Any) -> Job | None:
    with _lock:
        job = _jobs.get(job_id)
    if job is None or job.owner_id != str(user.pk):
        return None
    return job
