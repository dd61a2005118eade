"""Saved estimates: kept from a run, shown beside the official and documented numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from aqiqat.apps.figures.models import Measure, SavedEstimate
from aqiqat.estimate import Estimate, EstimateReport
from aqiqat.estimate.report import refusal
from aqiqat.selectors import counts
from aqiqat.selectors.access import NotFound
from aqiqat.services.figures import FiguresError, retract_saved_estimate, save_estimate
from tests.cli_process import run_aqiqat


def report(*estimates: Estimate) -> EstimateReport:
    return EstimateReport(documented=180, lists=("morgue", "ngo", "media"), estimates=estimates)


LOGLINEAR = Estimate("loglinear", 301.4, 250.0, 390.2, 0.95, warnings=("few overlaps",))
LCMCR = Estimate("lcmcr", 322.0, 260.0, 455.0, 0.95)


@pytest.mark.django_db
def test_the_most_trusted_method_that_answered_heads_a_saved_run(personas) -> None:
    saved = save_estimate(
        personas.analyst,
        Measure.KILLED,
        report(LOGLINEAR, refusal("dga", 0.95, "too sparse"), LCMCR),
        "database: persons with status killed",
    )
    assert (saved.method, saved.n_hat, saved.lower, saved.upper) == ("lcmcr", 322.0, 260.0, 455.0)
    assert saved.lists == ["morgue", "ngo", "media"]
    assert [r["method"] for r in saved.results] == ["loglinear", "dga", "lcmcr"]
    assert saved.created_by == personas.analyst


@pytest.mark.django_db
def test_a_run_where_every_method_refused_is_not_saved(personas) -> None:
    with pytest.raises(FiguresError, match="no method gave an estimate"):
        save_estimate(
            personas.analyst, Measure.KILLED, report(refusal("lcmcr", 0.95, "x")), "scope"
        )
    assert not SavedEstimate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["documenter", "lawyer", "tracing_desk", "viewer", "outsider"])
def test_only_analysts_and_admins_save_estimates(personas, role) -> None:
    with pytest.raises(NotFound):
        save_estimate(getattr(personas, role), Measure.KILLED, report(LCMCR), "scope")


@pytest.mark.django_db
def test_the_dashboard_shows_the_latest_estimate_with_its_interval_and_method(personas) -> None:
    save_estimate(personas.analyst, Measure.KILLED, report(LOGLINEAR), "scope", "loglinear")
    latest = save_estimate(personas.analyst, Measure.KILLED, report(LCMCR), "scope", "lcmcr")
    client = Client()
    client.force_login(personas.analyst)
    page = client.get(reverse("dashboard")).content.decode()
    assert "322" in page and "260–455" in page and "method lcmcr" in page
    retract_saved_estimate(personas.analyst, latest.pk, "run on a stale linkage")
    killed = next(h for h in counts.headlines() if h.measure == Measure.KILLED)
    assert killed.estimate is not None and killed.estimate.method == "loglinear"


def test_the_estimate_command_saves_a_database_run_for_the_dashboard(tmp_path: Path) -> None:
    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    assert run_aqiqat("demo", "--people", "1500", data_dir=tmp_path).returncode == 0
    saved = run_aqiqat(
        "estimate", "--from-database", "--method", "loglinear", "--save", data_dir=tmp_path
    )
    assert saved.returncode == 0, saved.stderr
    assert "Saved for the dashboard: killed, loglinear" in saved.stderr
    refused = run_aqiqat("estimate", "x.csv", "--save", data_dir=tmp_path)
    assert refused.returncode == 2
    assert "--from-database only" in refused.stderr


@pytest.mark.django_db
def test_an_analyst_retracts_a_saved_estimate_from_the_figures_page(personas) -> None:
    saved = save_estimate(personas.analyst, Measure.KILLED, report(LCMCR), "scope")
    client = Client()
    client.force_login(personas.analyst)
    assert "322" in client.get(reverse("dashboard-figures")).content.decode()
    url = reverse("dashboard-estimate-retract", args=[saved.pk])
    client.post(url, {"reason": ""})
    saved.refresh_from_db()
    assert not saved.is_retracted
    client.post(url, {"reason": "linkage was stale"})
    saved.refresh_from_db()
    assert saved.retraction_reason == "linkage was stale"
    assert "no estimate" in client.get(reverse("dashboard")).content.decode()
