"""An import run in the background speaks the language of the user who started it: its
stage, a list that cannot be read, and an import that failed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.utils import translation

from aqiqat.apps.sources.models import Record
from aqiqat.lists import ListSpec
from aqiqat.services.background import Job
from aqiqat.services.intake.import_jobs import start_import_job

pytestmark = pytest.mark.django_db(transaction=True)

COLUMNS = {"record_id": "№", "full_name": "ФИО"}


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.AQIQAT_DATA_DIR = tmp_path
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path


def started_in(language: str, spec: ListSpec, actor) -> Job:  # type: ignore[no-untyped-def]
    """Start the import as a request in `language` does, and wait for it to end."""
    with translation.override(language):
        job = start_import_job(
            spec, actor=actor, source_kind="ngo", skip_invalid=False, total_rows=1
        )
    deadline = time.monotonic() + 30
    while not job.finished:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return job


def cp1251_list(path: Path) -> Path:
    path.write_bytes("№;ФИО\r\n1;Токаев Нурлан\r\n".encode("cp1251"))
    return path


def test_its_stage_and_advice_are_in_the_users_language(acting, data_dir: Path) -> None:
    spec = ListSpec("ngo", cp1251_list(data_dir / "ngo.csv"), None, COLUMNS)
    job = started_in("ru", spec, acting)
    assert job.error is None, job.error_detail
    assert job.stage == "связывание новых записей с известными лицами"
    # No re-link has run on this instance yet: the import says what to do, in Russian.
    assert job.result.linking.advice.startswith("на этом экземпляре записи ещё не сгруппированы")
    assert Record.objects.count() == 1
    # A thread started outside any request writes English, as before.
    again = ListSpec("ngo2", cp1251_list(data_dir / "ngo2.csv"), None, COLUMNS)
    assert started_in("en", again, acting).stage == "linking the new records to known persons"


def test_a_list_it_cannot_read_is_told_in_plain_words_with_the_detail(
    acting, data_dir: Path
) -> None:
    spec = ListSpec("ngo", cp1251_list(data_dir / "ngo.csv"), "utf-8", COLUMNS)
    job = started_in("kk", spec, acting)
    assert job.error is not None
    assert job.error.startswith("ngo.csv файлы оқылған мәтін кодтамасында емес (utf-8)")
    assert job.error_detail.startswith("ngo.csv: the text is not valid utf-8")
    assert not Record.objects.exists()


def test_an_import_that_failed_says_so_in_the_users_language(acting, data_dir: Path) -> None:
    spec = ListSpec("ngo", data_dir / "gone.csv", None, COLUMNS)
    job = started_in("ru", spec, acting)
    assert job.error == "Импорт не удался; ничего не записано."
    assert job.error_detail.startswith("FileNotFoundError: ")
