"""An analyst runs an estimate from the database on the dashboard; it is saved or refused."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.figures.models import SavedEstimate
from aqiqat.demo import generate
from aqiqat.selectors.access import NotFound
from aqiqat.services.demo_data import load_demo
from aqiqat.services.estimation_data import HistoryFilter
from aqiqat.services.figures import FiguresError, estimate_from_database
from tests.web.test_pages import logged_in


def follow_job(client: Client, url: str) -> str:
    deadline = time.monotonic() + 300
    while 'http-equiv="refresh"' in (page := client.get(url).content.decode()):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return page


@pytest.mark.django_db(transaction=True)
def test_an_analyst_estimates_from_the_dashboard_and_it_is_saved(personas) -> None:
    load_demo(generate(people=1500, seed=3), actor=personas.admin)
    client = logged_in(personas.analyst)
    assert "Estimate from the database" in client.get("/dashboard/").content.decode()
    started = client.post("/dashboard/estimate/", {"status": "killed", "method": "loglinear"})
    assert started.status_code == 302
    page = follow_job(client, started["Location"])
    assert 'id="estimate-result"' in page, page
    saved = SavedEstimate.objects.get()
    assert (saved.measure, saved.method, saved.created_by) == (
        "killed",
        "loglinear",
        personas.analyst,
    )
    assert saved.scope.startswith("database: persons with status killed")
    assert AuditEntry.objects.filter(
        action="create", object_type="figures.savedestimate", object_id=str(saved.pk)
    ).exists()
    assert "loglinear" in client.get("/dashboard/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_data_that_cannot_support_an_estimate_is_refused_in_words(personas) -> None:
    client = logged_in(personas.analyst)
    started = client.post(
        "/dashboard/estimate/", {"status": "missing", "method": "all", "since": "2022-01-01"}
    )
    page = follow_job(client, started["Location"])
    assert 'role="alert"' in page
    assert "The data cannot support an estimate, so none was saved" in page
    assert not SavedEstimate.objects.exists()


@pytest.mark.django_db
def test_the_form_refuses_a_period_that_ends_before_it_starts(personas) -> None:
    response = logged_in(personas.analyst).post(
        "/dashboard/estimate/",
        {"status": "killed", "method": "all", "since": "2022-02-01", "until": "2022-01-01"},
    )
    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()


@pytest.mark.django_db
def test_only_analysts_and_admins_may_run_one(personas) -> None:
    for user in (personas.documenter, personas.lawyer, personas.viewer, personas.tracing_desk):
        assert logged_in(user).post("/dashboard/estimate/", {"status": "killed"}).status_code == 404
        with pytest.raises(NotFound):
            estimate_from_database(user, HistoryFilter(status="killed"))


@pytest.mark.django_db
def test_a_status_without_a_headline_is_refused(personas) -> None:
    with pytest.raises(FiguresError, match="no headline figure"):
        estimate_from_database(
            personas.analyst, HistoryFilter(status="released", since=date(2022, 1, 1))
        )
