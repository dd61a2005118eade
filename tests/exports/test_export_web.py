"""The export page and its downloads: login, roles, streaming, audit."""

from __future__ import annotations

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from tests.exports.conftest import KAZAKH, World, read_any, read_pfif

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client: Client, **query: str) -> bytes:
    response = client.get("/export/", query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="aqiqat-records-')
    return b"".join(response.streaming_content)


def test_the_export_page_requires_a_login(personas) -> None:
    response = Client().get("/export/", {"format": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ["viewer", "tracing_desk"])
def test_the_outsider_and_roles_that_cannot_read_records_get_404(personas, world, role) -> None:
    for user in (personas.outsider, getattr(personas, role)):
        client = logged_in(user)
        assert client.get("/export/").status_code == 404
        assert client.get("/export/", {"format": "csv"}).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_navigation_links_to_exports_only_for_roles_that_read_records(personas) -> None:
    assert 'href="/export/"' in logged_in(personas.analyst).get("/people/").content.decode()
    assert 'href="/export/"' not in logged_in(personas.viewer).get("/people/").content.decode()


def test_the_form_offers_sensitive_fields_and_retracted_records_only_where_allowed(
    personas, world
) -> None:
    analyst = logged_in(personas.analyst).get("/export/").content.decode()
    assert 'name="format"' in analyst
    assert "include_sensitive" not in analyst
    assert "include_retracted" not in analyst
    assert "relatives" in analyst
    lawyer = logged_in(personas.lawyer).get("/export/").content.decode()
    assert "include_sensitive" in lawyer
    assert "include_retracted" not in lawyer
    admin = logged_in(personas.admin).get("/export/").content.decode()
    assert "include_retracted" in admin


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json", "hxl"])
def test_each_format_downloads_streamed_and_reads_back(personas, world: World, file_format) -> None:
    data = download(logged_in(personas.analyst), format=file_format)
    rows = read_any(file_format, data)
    assert {row["record_id"] for row in rows} == world.current_ids
    assert KAZAKH in {row["full_name"] for row in rows}


def test_pfif_downloads_as_xml(personas, world: World) -> None:
    response = logged_in(personas.analyst).get("/export/", {"format": "pfif"})
    assert response["Content-Type"] == "application/xml"
    assert len(read_pfif(b"".join(response.streaming_content))) == len(world.current_ids)


def test_a_documenters_sensitive_download_is_audited(personas, world: World) -> None:
    client = logged_in(personas.documenter)
    data = download(client, format="csv", include_sensitive="on", source="ngo-list")
    rows = read_any("csv", data)
    assert {row["source"] for row in rows} == {"ngo-list"}
    assert "Избили в коридоре." in {row["testimony"] for row in rows}
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == personas.documenter
    assert entry.detail["fields"] == ["testimony", "medical_details", "informant_contact"]
    assert entry.detail["records"] == len(rows)


def test_an_analyst_asking_for_sensitive_fields_gets_none(personas, world: World) -> None:
    data = download(logged_in(personas.analyst), format="json", include_sensitive="on")
    assert "Избили".encode() not in data


def test_a_bad_choice_shows_the_form_again_with_the_error(personas, world) -> None:
    client = logged_in(personas.analyst)
    assert client.get("/export/", {"format": "docx"}).status_code == 400
    assert client.get("/export/", {"format": "csv", "source": "<no such>"}).status_code == 400
    assert client.get("/export/", {"format": "csv", "status": "dead"}).status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()
