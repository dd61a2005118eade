"""Importing a list through the web: upload, check, choose columns, import, follow progress."""

from __future__ import annotations

import time
from io import BytesIO

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from aqiqat.apps.sources.models import Record, Source
from aqiqat.names import transliterate
from aqiqat.services.background import job_for

CSV = (
    "№;Ф.И.О.;Дата рождения;Место\r\n"
    "1;ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ;31.01.1995;г. Алматы\r\n"
    "2;КИМ ОЛЬГА;32.13.1990;Талдыкорган\r\n"
    "3;<script>alert(1)</script>;;\r\n"
).encode("cp1251")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, content: bytes = CSV, name: str = "prosecutor.csv"):
    return client.post(
        "/import/",
        {
            "file": SimpleUploadedFile(name, content),
            "source": "prosecutor",
            "kind": "official",
            "encoding": "",
        },
    )


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.AQIQAT_DATA_DIR = tmp_path
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_a_documenter_uploads_checks_and_imports_a_list(personas, data_dir) -> None:
    client = client_for(personas.documenter)
    response = upload(client)
    assert response.status_code == 302
    check_url = response["Location"]
    page = client.get(check_url).content.decode()
    assert "cp1251" in page
    assert 'id="rows-read">3<' in page
    assert "32.13.1990" in page
    assert transliterate("ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ", "kz2021") in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert Record.objects.count() == 0
    columns = {
        "col_record_id": "№",
        "col_full_name": "Ф.И.О.",
        "col_birth_date": "Дата рождения",
        "col_place": "Место",
    }
    started = client.post(check_url, {**columns, "action": "import"})
    assert started.status_code == 302
    job_url = started["Location"]
    deadline = time.monotonic() + 30
    while "import-result" not in (page := client.get(job_url).content.decode()):
        assert "error" not in page.lower() or time.monotonic() < deadline, page
        assert time.monotonic() < deadline, page
        time.sleep(0.2)
    assert "3 new records" in page
    source = Source.objects.get(name="prosecutor")
    assert source.kind == "official"
    assert source.records.count() == 3
    assert Record.objects.get(list_record_id="prosecutor:1").place.gazetteer_id == "kz-almaty"
    assert not list((data_dir / "incoming").iterdir())


@pytest.mark.django_db
def test_changing_the_columns_and_checking_again_uses_them(personas, data_dir) -> None:
    client = client_for(personas.documenter)
    check_url = upload(client)["Location"]
    page = client.post(check_url, {"col_full_name": "Место", "action": "check"}).content.decode()
    assert "Талдыкорган" in page
    assert Record.objects.count() == 0


@pytest.mark.django_db
def test_a_binary_file_is_refused_with_a_reason(personas, data_dir) -> None:
    client = client_for(personas.documenter)
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(200)), "x.csv")
    page = client.get(response["Location"], follow=True).content.decode()
    assert "This file cannot be read" in page
    assert "not text" in page
    assert Record.objects.count() == 0


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    personas, data_dir, settings
) -> None:
    settings.AQIQAT_MAX_UPLOAD_BYTES = 1024
    client = client_for(personas.documenter)
    response = upload(client, CSV * 100)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not (data_dir / "incoming").exists() or not list((data_dir / "incoming").iterdir())


@pytest.mark.django_db
def test_roles_that_do_not_record_and_the_outsider_get_404(personas, data_dir) -> None:
    for user in [personas.viewer, personas.analyst, personas.tracing_desk, personas.outsider]:
        assert client_for(user).get("/import/").status_code == 404
    token_url = upload(client_for(personas.documenter))["Location"]
    assert client_for(personas.admin).get(token_url).status_code == 404


@pytest.mark.django_db
def test_the_upload_page_refuses_an_oversized_file_before_sending_it(personas, settings) -> None:
    settings.AQIQAT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    page = client_for(personas.documenter).get("/import/").content.decode()
    assert 'data-max-bytes="5242880"' in page
    assert 'data-warning="file-too-large"' in page
    assert "aqiqat/upload-limit.js" in page


@pytest.mark.django_db
def test_an_uploaded_workbook_is_kept_encrypted_and_read_through_it(personas, data_dir) -> None:
    workbook = Workbook()
    workbook.active.append(["ФИО", "Телефон"])
    workbook.active.append(["Серікбаев Ерлан", "+7 701 555 01 02"])
    content = BytesIO()
    workbook.save(content)
    client = client_for(personas.documenter)
    check_url = upload(client, content.getvalue(), "list.xlsx")["Location"]
    (kept,) = (data_dir / "incoming").rglob("list.xlsx")
    assert kept.read_bytes().startswith(b"AQIQAT-ENC-1\n")
    assert b"PK" not in kept.read_bytes()[:64]
    page = client.get(check_url).content.decode()
    assert 'id="rows-read">1<' in page
    assert transliterate("Серікбаев Ерлан", "kz2021") in page


def in_language(client: Client, language: str) -> Client:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "encoding", "content", "told", "detail"),
    [
        # Chosen as UTF-8 on the upload form, but saved by Excel in Windows-1251.
        ("ru", "utf-8", CSV, "Этот файл не удаётся прочитать. Файл prosecutor.csv не в той "
         "кодировке текста, в которой его читали (utf-8)", "the text is not valid utf-8"),
        # A DOS export (CP866): in none of the encodings lists arrive in.
        ("ru", "", "№;ФИО\r\n1;ТОКАЕВ НУРЛАН\r\n".encode("cp866") * 30,
         "Файл не в известной кодировке текста (UTF-8, UTF-16, Windows-1251, KOI8-R или "
         "KZ-1048)", "cannot tell the file's text encoding"),
        ("kk", "utf-8", CSV, "Бұл файлды оқу мүмкін емес. prosecutor.csv файлы оқылған мәтін "
         "кодтамасында емес (utf-8)", "the text is not valid utf-8"),
    ],
)  # fmt: skip
def test_a_file_in_the_wrong_encoding_is_refused_in_the_users_language(
    personas, data_dir, language: str, encoding: str, content: bytes, told: str, detail: str
) -> None:
    client = in_language(client_for(personas.documenter), language)
    response = client.post(
        "/import/",
        {"file": SimpleUploadedFile("prosecutor.csv", content), "source": "prosecutor",
         "kind": "official", "encoding": encoding},
    )  # fmt: skip
    page = client.get(response["Location"], follow=True).content.decode()
    assert told in page
    assert "This file cannot be read" not in page
    # The reader's own words are kept for who wants them, escaped.
    assert {"ru": "Технические подробности", "kk": "Техникалық мәліметтер"}[language] in page
    assert detail.replace("'", "&#x27;") in page
    assert not list((data_dir / "incoming").iterdir())


@pytest.mark.django_db
def test_the_problems_of_each_row_are_listed_in_the_users_language(personas, data_dir) -> None:
    client = in_language(client_for(personas.documenter), "ru")
    check_url = upload(client)["Location"]
    columns = {"col_record_id": "№", "col_full_name": "Ф.И.О.", "col_birth_date": "Дата рождения"}
    page = client.post(check_url, {**columns, "action": "check"}).content.decode()
    assert "не удаётся прочитать дату «32.13.1990»: поле останется пустым" in page
    assert "cannot read the date" not in page


@pytest.mark.django_db(transaction=True)
def test_an_import_started_in_russian_reports_its_stage_in_russian(personas, data_dir) -> None:
    client = in_language(client_for(personas.documenter), "ru")
    check_url = upload(client)["Location"]
    columns = {"col_record_id": "№", "col_full_name": "Ф.И.О."}
    job_url = client.post(check_url, {**columns, "action": "import"})["Location"]
    deadline = time.monotonic() + 30
    while "import-result" not in (page := client.get(job_url).content.decode()):
        assert 'role="alert"' not in page, page
        assert time.monotonic() < deadline, page
        time.sleep(0.2)
    assert "Импортировано" in page
    job = job_for(job_url.rstrip("/").rsplit("/", 1)[-1], personas.documenter)
    assert job is not None
    assert job.stage == "связывание новых записей с известными лицами"
