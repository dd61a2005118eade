"""Canary: unique strings written through every path that stores personal data must not
appear in any byte of the database, its WAL and SHM, the data folder (evidence, indexes,
uploads), the temporary folder, a backup or the log (embedded database, SQLCipher). On
PostgreSQL, strings written into the sensitive fields must not appear in any row as the
server returns it (sync's own copies included), nor in the server's files for the database
and its WAL."""

from __future__ import annotations

import io
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from aqiqat.apps.people.models import Person
from aqiqat.apps.sync.models import FieldVersion, SyncRow
from aqiqat.apps.tracing.models import TracingRequest
from aqiqat.demo import generate
from aqiqat.lists import ListSpec
from aqiqat.selectors.cases import CaseFilters, complaint_list
from aqiqat.services.backup import write_backup
from aqiqat.services.cases.cases import CaseDetails, add_status_change, open_case
from aqiqat.services.cases.common import Upload
from aqiqat.services.cases.complaints import (
    ComplaintDetails,
    FollowUp,
    follow_up,
    register_complaint,
)
from aqiqat.services.crypto.values import PREFIX
from aqiqat.services.demo_data import load_demo
from aqiqat.services.intake.interview import EvidenceFile, record_interview
from aqiqat.services.intake.list_import import import_list
from aqiqat.services.intake.uploads import discard_upload, keep_upload, upload_opener
from aqiqat.services.linkage import relink_all
from aqiqat.services.sync.tracker import scan
from aqiqat.services.tracing import index as live
from aqiqat.services.tracing.enquiries import EnquiryDetails, close_request, register_request
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db(transaction=True)
embedded_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="byte-scans the embedded (SQLCipher) database"
)


def canary(label: str) -> str:
    # Cyrillic and Latin parts, as real names are; unique so no other test can write it.
    return f"Канарейкин{label}{secrets.token_hex(4)}"


@pytest.fixture
def folder(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    data.mkdir()
    settings.AQIQAT_DATA_DIR = data
    settings.AQIQAT_EVIDENCE_DIR = data / "evidence"
    temp = tmp_path / "temp"
    temp.mkdir()
    # Every temporary file made by the code under test lands where the scan looks.
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    log = logging.FileHandler(data / "aqiqat.log", encoding="utf-8")
    log.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(log)
    root.setLevel(logging.DEBUG)
    try:
        yield tmp_path
    finally:
        root.removeHandler(log)
        root.setLevel(previous)
        log.close()


def scanned_files(top: Path) -> list[Path]:
    database = Path(connection.settings_dict["NAME"])
    files = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]
    files += [path for path in top.rglob("*") if path.is_file()]
    return [path for path in files if path.exists()]


def hits(top: Path, secrets_written: list[str]) -> list[tuple[str, str]]:
    found = []
    for path in scanned_files(top):
        content = path.read_bytes()
        for text in secrets_written:
            if text.encode("utf-8") in content:
                found.append((text, str(path)))
    return found


@embedded_only
def test_nothing_written_through_any_path_can_be_read_from_the_disk(
    personas, acting, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linkage needs a few hundred records to train on; the demo's are fictional.
    load_demo(generate(people=300, seed=5), actor=personas.admin)
    name, testimony, contact = canary("Имя"), canary("Показания"), canary("Контакт")
    listed, evidence_text, enquirer = canary("Список"), canary("Справка"), canary("Мать")
    written = [name, testimony, contact, listed, evidence_text, enquirer]

    record_interview(
        personas.documenter,
        interview_answers(
            full_name=f"{name} Нұрлан", testimony=testimony, informant_contact=contact
        ),
        files=[
            EvidenceFile(
                io.BytesIO(f"Справка: {evidence_text}".encode()), "spravka.txt", "text/plain"
            )
        ],
    )
    csv = f"№;ФИО;Год рождения\n1;{listed} Ерлан;1995\n2;Иванов Пётр;1980\n".encode()
    token, path = keep_upload([csv], "list.csv")
    columns = {"record_id": "№", "full_name": "ФИО", "birth_date": "Год рождения"}
    import_list(
        ListSpec("canary-list", path, "utf-8", columns, upload_opener(path)), actor=personas.admin
    )
    discard_upload(token)
    register_request(
        personas.tracing_desk,
        EnquiryDetails(enquirer_name=enquirer, enquirer_contact=contact, sought_name=name),
    )
    relink_all(actor=personas.admin)
    assert (folder / "data" / "linkage" / "index.sqlite3").exists()
    monkeypatch.setattr(live, "SNAPSHOT_AFTER", 1)
    snapshot = folder / "data" / "search-index.bin"
    found = live.LiveIndex(snapshot).current()
    assert snapshot.exists() and len(found) >= 3
    backup = folder / "data" / "backups" / "office.aqiqat-backup"
    backup.parent.mkdir()
    write_backup(backup, "canary backup passphrase 2022")
    logging.getLogger("aqiqat").warning("canary run finished")

    assert (folder / "data" / "aqiqat.log").read_text(encoding="utf-8")
    assert len(scanned_files(folder)) >= 8
    assert hits(folder, written) == []


@embedded_only
def test_the_scan_finds_a_canary_written_in_plain_text(folder: Path) -> None:
    """The scan itself works: a plain file with the canary is found."""
    text = canary("Проверка")
    (folder / "data" / "plain.txt").write_text(f"x {text} y", encoding="utf-8")
    assert hits(folder, [text]) == [(text, str(folder / "data" / "plain.txt"))]


def test_an_upload_waiting_for_confirmation_is_not_readable(folder: Path) -> None:
    listed = canary("Ожидание")
    _token, path = keep_upload([f"№;ФИО\n1;{listed}\n".encode()], "waiting.csv")
    assert hits(folder, [listed]) == []
    with upload_opener(path)() as plain:
        assert listed.encode() in plain.read()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="scans what the PostgreSQL server stores"
)


def write_through_sensitive_fields(personas) -> tuple[str, list[str]]:
    """Canaries written through the interview, a list import and the tracing desk into the
    sensitive fields only, then taken into sync's bookkeeping (a scan, a change of the
    enquirer's contact so both versions are kept, another scan); returns the person's name
    (stored in plain on PostgreSQL, so the scans must find it) and the canaries that must
    not be found."""
    name = canary("Имя")
    testimony, contact, medical = canary("Показания"), canary("Контакт"), canary("Перелом")
    allegation, noted, listed_contact = canary("Пытки"), canary("Примечание"), canary("Телефон")
    enquirer, enquirer_contact, desk_note = canary("Мать"), canary("Почта"), canary("Паспорт")
    record_interview(
        personas.documenter,
        interview_answers(
            full_name=f"{name} Нұрлан",
            testimony=testimony,
            informant_contact=contact,
            medical_details=medical,
            ill_treated_on="07.01.2022",
            ill_treatment=allegation,
        ),
    )
    folder = Path(tempfile.mkdtemp())
    listed = folder / "list.csv"
    listed.write_text(
        f"№;ФИО;Телефон;Примечание\n1;Иванов Пётр;{listed_contact};{noted}\n", encoding="utf-8"
    )
    columns = {"record_id": "№", "full_name": "ФИО", "contact": "Телефон", "notes": "Примечание"}
    import_list(ListSpec("canary-list", listed, "utf-8", columns), actor=personas.admin)
    request = register_request(
        personas.tracing_desk,
        EnquiryDetails(enquirer_name=enquirer, enquirer_contact=enquirer_contact, sought_name=name),
    )
    close_request(personas.tracing_desk, request, desk_note)
    case_texts = write_case_work(personas, Person.objects.get(records__full_name__startswith=name))
    scan("canary-office")
    new_contact = canary("Новый")
    TracingRequest.objects.filter(pk=request.pk).update(enquirer_contact=new_contact)
    scan("canary-office")
    return name, [testimony, contact, medical, allegation, noted, listed_contact, enquirer,
                  enquirer_contact, desk_note, new_contact, *case_texts]  # fmt: skip


def write_case_work(personas, person: Person) -> list[str]:
    """Canaries written by a lawyer into a complaint (summary, the authority's answer), the
    case it led to (a status note with a document: its file name and description) and the
    document's custody; returns them."""
    summary, answer, step = canary("Избит"), canary("Отказ"), canary("Эксперт")
    file_name, description = canary("Снимок"), canary("Побои")
    complaint = register_complaint(
        personas.lawyer,
        ComplaintDetails(
            person=person,
            filed_by="Вымышленный адвокат",
            authority="prosecutor",
            filed_on=date(2022, 1, 20),
            summary=summary,
        ),
    )
    follow_up(personas.lawyer, complaint, complaint.version, FollowUp(answer_note=answer))
    complaint.refresh_from_db()
    case = open_case(
        personas.lawyer, complaint, complaint.version, CaseDetails("227500000777", "prosecutor")
    )
    document = Upload(io.BytesIO(b"%PDF-1.4 scan"), f"{file_name}.pdf", "application/pdf")
    add_status_change(
        personas.lawyer,
        case,
        case.version,
        "under_investigation",
        date(2022, 3, 1),
        step,
        Upload(document.stream, document.name, document.media_type, description),
    )
    found = complaint_list(personas.lawyer, CaseFilters(query=summary))
    assert [c.pk for c in found] == [complaint.pk]  # found by the sealed summary's word
    return [summary, answer, step, file_name, description]


def rows_as_text(tables: list[str] | None = None) -> str:
    """Every row of every table of this database (or of `tables`) as the server returns
    it, read with SQL that no model field sits in."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(table_name) FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = tables or [row[0] for row in cursor.fetchall()]
        parts = []
        for table in tables:
            cursor.execute(f"SELECT t::text FROM {table} AS t")
            parts.extend(row[0] for row in cursor.fetchall())
    return "\n".join(parts)


def server_files() -> list[Path]:
    """The server's files for this database and its write-ahead log, after a checkpoint."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute(
            "SELECT current_setting('data_directory'), oid FROM pg_database "
            "WHERE datname = current_database()"
        )
        data_dir, oid = cursor.fetchone()
    top = Path(data_dir)
    return [
        path
        for folder in (top / "base" / str(oid), top / "pg_wal")
        for path in folder.rglob("*")
        if path.is_file()
    ]


@postgresql_only
def test_postgresql_returns_no_sensitive_field_in_plain_text(personas, acting) -> None:
    name, sensitive = write_through_sensitive_fields(personas)
    stored = rows_as_text()
    assert name in stored  # names are not field-encrypted: the scan sees plain text
    assert [text for text in sensitive if text in stored] == []


@postgresql_only
def test_postgresql_files_and_wal_hold_no_sensitive_field_in_plain_text(personas, acting) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('data_directory')")
        if not os.access(cursor.fetchone()[0], os.R_OK):
            pytest.skip("the PostgreSQL server's files are not readable from here")
    name, sensitive = write_through_sensitive_fields(personas)
    files = server_files()
    contents = [path.read_bytes() for path in files]
    assert any(name.encode() in content for content in contents)
    found = [
        (text, str(path))
        for path, content in zip(files, contents, strict=True)
        for text in sensitive
        if text.encode() in content
    ]
    assert found == []


def test_sync_bookkeeping_holds_no_sensitive_field_in_plain_text(personas, acting) -> None:
    """Sync keeps its own copy of every mutable field (an enquirer's name and contact) and
    each version of it: sealed in the database, whole in Python."""
    name, sensitive = write_through_sensitive_fields(personas)
    enquirer, old_contact, new_contact = sensitive[6], sensitive[7], sensitive[9]
    request = TracingRequest.objects.get(sought_name=name)
    state = SyncRow.objects.get(row_id=request.pk).state
    assert (state["enquirer_name"][0], state["enquirer_contact"][0]) == (enquirer, new_contact)
    versions = FieldVersion.objects.filter(row_id=request.pk, field="enquirer_contact")
    assert {version.value for version in versions} == {old_contact, new_contact}

    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM sync_syncrow")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT value FROM sync_fieldversion WHERE value IS NOT NULL")
        stored += [row[0] for row in cursor.fetchall()]
    assert stored and all(text.startswith(PREFIX) for text in stored)
    everything = "\n".join(stored)
    assert [text for text in sensitive if text in everything] == []
