"""Reports: HTML and real PDFs with the evidence hashes and the audit anchor; access by role."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from aqiqat.apps.audit.models import AuditEntry, AuditHead
from aqiqat.apps.vocabulary import PersonStatus
from tests.dashboard.world import build_world

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_summary_pdf_is_a_real_pdf_with_evidence_hashes_and_the_audit_head(
    personas, acting
) -> None:
    world = build_world(acting)
    response = client_for(personas.admin).get(reverse("report-summary-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = squeeze(pdf_text(response.content))
    assert world.evidence[0].sha256 in text
    head = AuditHead.objects.get()
    entry = AuditEntry.objects.get(seq=head.last_seq)
    assert entry.action == "report" and entry.detail["report"] == "summary"
    assert head.last_hash in text
    assert "Summaryreport" in text


def test_the_summary_names_no_one(personas, acting) -> None:
    world = build_world(acting)
    page = client_for(personas.admin).get(reverse("report-summary")).content.decode()
    for person in world.people:
        assert person.display_name not in page


def test_an_analyst_summary_says_evidence_is_not_listed_for_the_role(personas, acting) -> None:
    world = build_world(acting)
    page = client_for(personas.analyst).get(reverse("report-summary")).content.decode()
    assert world.evidence[0].sha256 not in page
    assert "Your role may not list evidence" in page


def test_the_dossier_pdf_lists_the_persons_evidence_by_hash(personas, acting) -> None:
    world = build_world(acting)
    victim = world.named(PersonStatus.DETAINED)[0]
    response = client_for(personas.lawyer).get(reverse("report-dossier-pdf", args=[victim.pk]))
    assert response.status_code == 200
    text = squeeze(pdf_text(response.content))
    assert world.evidence[0].sha256 in text
    assert squeeze(victim.display_name) in text
    assert AuditHead.objects.get().last_hash in text


def test_generating_a_dossier_is_audited_as_a_read_of_the_person(personas, acting) -> None:
    world = build_world(acting)
    victim = world.named(PersonStatus.DETAINED)[0]
    client_for(personas.lawyer).get(reverse("report-dossier", args=[victim.pk]))
    entry = AuditEntry.objects.filter(object_id=str(victim.pk), action="view").last()
    assert entry is not None
    assert entry.actor_name == personas.lawyer.get_username()
    assert entry.detail["report"] == "dossier"


def test_testimony_reaches_the_dossier_only_for_roles_that_may_read_it(personas, acting) -> None:
    world = build_world(acting)
    victim = world.named(PersonStatus.DETAINED)[0]
    url = reverse("report-dossier", args=[victim.pk])
    assert "Fictional testimony" in client_for(personas.lawyer).get(url).content.decode()
    page = client_for(personas.viewer).get(url).content.decode()
    assert "Fictional testimony" not in page
    assert "withheld from your role" in page


def test_the_outsider_gets_not_found_for_a_dossier(personas, acting) -> None:
    world = build_world(acting)
    client = client_for(personas.outsider)
    for name in ("report-dossier", "report-dossier-pdf"):
        assert client.get(reverse(name, args=[world.people[0].pk])).status_code == 404
    assert not AuditEntry.objects.filter(actor_name="outsider", action="view").exists()


def test_a_report_never_fetches_anything_from_outside() -> None:
    from aqiqat.services.reports.pdf import ExternalResource, static_only_fetcher

    for url in ("http://example.org/x.png", "https://example.org/a.css", "file:///etc/passwd"):
        with pytest.raises(ExternalResource):
            static_only_fetcher(url)
    css = static_only_fetcher("file:///static/aqiqat/report.css")
    assert b"@page" in css["string"]
