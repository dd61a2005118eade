"""A full re-link started from the web, followed on its progress page."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client

from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.services.background import job_for
from aqiqat.services.demo_data import load_demo
from tests.linkage.test_small_relink import import_small


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


def follow(client: Client, job_url: str) -> str:
    """The job's page once the re-link has ended, well or not."""
    deadline = time.monotonic() + 120
    while "relink-result" not in (page := client.get(job_url).content.decode()):
        if 'role="alert"' in page:
            return page
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return page


@pytest.mark.django_db(transaction=True)
def test_a_relink_started_in_russian_tells_its_stages_and_failure_in_russian(
    personas, settings, tmp_path
) -> None:
    settings.AQIQAT_DATA_DIR = tmp_path
    import_small(tmp_path, personas.admin)
    client = client_for(personas.analyst)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ru"
    job_url = client.post("/review/relink/")["Location"]
    assert 'id="relink-result"' in follow(client, job_url)
    job = job_for(job_url.rstrip("/").rsplit("/", 1)[-1], personas.analyst)
    assert job is not None
    # The core's last stage ("clustering"), as the page showed it while it ran.
    assert job.stage == "группировка записей по лицам"
    # A data folder that cannot hold the candidate index: the re-link fails before it
    # changes anything, and says so in Russian with the error as detail.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    settings.AQIQAT_DATA_DIR = blocked
    page = follow(client, client.post("/review/relink/")["Location"])
    assert "Повторное связывание не удалось; ничего не изменено." in page
    assert "Технические подробности" in page and "Error: " in page
