"""A full re-link started from the web, followed on its progress page."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.services.demo_data import load_demo


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def relink_and_wait(client: Client) -> str:
    """Start a re-link and follow its page until the outcome; the page then."""
    started = client.post("/review/relink/")
    assert started.status_code == 302
    deadline = time.monotonic() + 120
    while "relink-result" not in (page := client.get(started["Location"]).content.decode()):
        assert 'role="alert"' not in page, page
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return page


@pytest.mark.django_db(transaction=True)
def test_an_analyst_relinks_the_database_and_sees_the_outcome(personas, settings, tmp_path) -> None:
    settings.AQIQAT_DATA_DIR = tmp_path
    load_demo(generate(people=200, seed=5), actor=personas.admin)
    client = client_for(personas.analyst)
    assert "Start the re-link" in client.get("/review/relink/").content.decode()
    page = relink_and_wait(client)
    assert "records form" in page
    assert not Record.objects.filter(person__isnull=True).exists()
    assert (tmp_path / "linkage").is_dir()


@pytest.mark.django_db
def test_only_analysts_and_admins_may_relink(personas) -> None:
    for user in (personas.documenter, personas.viewer, personas.tracing_desk, personas.lawyer):
        assert client_for(user).get("/review/relink/").status_code == 404
        assert client_for(user).post("/review/relink/").status_code == 404
    assert client_for(personas.admin).get("/review/relink/").status_code == 200
