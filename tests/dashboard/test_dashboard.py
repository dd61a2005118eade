"""The dashboard: analysts and admins only; every count from the data, side by side."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aqiqat.apps.figures.models import Measure, OfficialFigure
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors import counts
from aqiqat.services.figures import FigureInput, record_official_figure
from tests.dashboard.world import add_people, build_world, region

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_analysts_and_admins_see_the_dashboard(personas, acting, role) -> None:
    build_world(acting)
    response = client_for(getattr(personas, role)).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Headline figures" in response.content.decode()


@pytest.mark.parametrize("role", ["documenter", "lawyer", "tracing_desk", "viewer", "outsider"])
def test_other_roles_get_not_found_from_every_dashboard_page(personas, role) -> None:
    client = client_for(getattr(personas, role))
    for url in (
        reverse("dashboard"),
        reverse("dashboard-chart", args=["regions"]),
        reverse("dashboard-documented", args=["killed"]),
        reverse("dashboard-figures"),
        reverse("report-summary"),
        reverse("report-summary-pdf"),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(db) -> None:
    response = Client().get(reverse("dashboard"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_counts_by_region_and_status_match_the_people_recorded(acting) -> None:
    build_world(acting)
    data = counts.region_counts()
    assert data.cells["kz-almaty"]["killed"] == 12
    assert data.cells["kz-almaty"]["still_held"] == 9
    assert data.cells["kz-almaty"]["released"] == 7
    assert data.cells["kz-abai"]["killed"] == 2
    assert data.ever_detained["kz-almaty"] == 16
    assert data.ever_detained["kz-abai"] == 8


def test_a_person_with_no_placed_event_counts_under_region_not_known(acting) -> None:
    build_world(acting)
    add_people(build_world.__globals__["World"](), 3, PersonStatus.MISSING, None)
    assert counts.region_counts().cells[counts.UNKNOWN_REGION]["missing"] == 3


def test_the_cached_counts_change_as_soon_as_a_person_is_added(acting) -> None:
    build_world(acting)
    before = counts.region_counts().cells["kz-almaty"]["killed"]
    add_people(build_world.__globals__["World"](), 1, PersonStatus.KILLED, region("kz-almaty"))
    assert counts.region_counts().cells["kz-almaty"]["killed"] == before + 1


def test_headlines_put_official_documented_and_no_estimate_side_by_side(personas, acting) -> None:
    build_world(acting)
    record_official_figure(
        personas.analyst,
        FigureInput(
            measure=Measure.KILLED,
            value=227,
            said_by="Prosecutor General's Office (fictional test entry)",
            document="Statement",
            stated_on=date(2022, 1, 15),
        ),
    )
    response = client_for(personas.analyst).get(reverse("dashboard"))
    killed = next(h for h in response.context["headline_rows"] if h.measure == Measure.KILLED)
    assert killed.official.value == 227
    assert killed.documented == 14
    assert killed.estimate is None
    page = response.content.decode()
    assert "no estimate" in page
    assert "persons whose current status is killed" in page


def test_a_retracted_official_figure_leaves_the_headline(personas, acting) -> None:
    figure = record_official_figure(
        personas.analyst,
        FigureInput(Measure.KILLED, 230, "Ministry (fictional)", "Briefing", date(2022, 1, 10)),
    )
    client = client_for(personas.analyst)
    response = client.post(
        reverse("dashboard-figure-retract", args=[figure.pk]), {"reason": "typed wrongly"}
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.retraction_reason == "typed wrongly"
    killed = next(h for h in counts.headlines() if h.measure == Measure.KILLED)
    assert killed.official is None


def test_an_analyst_records_an_official_figure_through_the_form(personas) -> None:
    response = client_for(personas.analyst).post(
        reverse("dashboard-figures"),
        {
            "measure": "killed",
            "value": "227",
            "said_by": "Prosecutor General's Office",
            "document": "Statement on the January events",
            "stated_on": "2022-01-15",
        },
    )
    assert response.status_code == 302
    figure = OfficialFigure.objects.get()
    assert (figure.value, figure.created_by) == (227, personas.analyst)


def test_a_figure_dated_in_the_future_is_refused_with_a_message(personas) -> None:
    response = client_for(personas.analyst).post(
        reverse("dashboard-figures"),
        {
            "measure": "killed",
            "value": "5",
            "said_by": "x",
            "document": "y",
            "stated_on": "2999-01-01",
        },
    )
    assert response.status_code == 200
    assert "in the future" in response.content.decode()
    assert not OfficialFigure.objects.exists()


def test_the_documented_number_links_to_the_persons_behind_it(personas, acting) -> None:
    world = build_world(acting)
    response = client_for(personas.analyst).get(reverse("dashboard-documented", args=["killed"]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 14
    killed = world.named(PersonStatus.KILLED)[0]
    assert reverse("person-detail", args=[killed.pk]) in response.content.decode()


def test_charts_are_svg_drawn_from_the_counts(personas, acting) -> None:
    build_world(acting)
    client = client_for(personas.analyst)
    for name in ("regions", "daily"):
        response = client.get(reverse("dashboard-chart", args=[name]))
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content
    assert b"Almaty" in client.get(reverse("dashboard-chart", args=["regions"])).content
    assert client.get(reverse("dashboard-chart", args=["nope"])).status_code == 404


def test_allegations_and_casework_are_counted(personas, acting) -> None:
    build_world(acting)
    response = client_for(personas.analyst).get(reverse("dashboard"))
    assert sum(n for _label, n, _p in response.context["allegations_by_type"]) == 1
    states = dict(response.context["complaint_states"])
    assert states["led to a criminal case"] == 1
    assert dict(response.context["case_statuses"])["registered"] == 1


@pytest.mark.parametrize(
    ("language", "heading", "column"),
    [
        ("ru", "Главные цифры", "всё ещё под стражей"),
        ("kk", "Негізгі сандар", "әлі де ұсталып отыр"),
    ],
)
def test_the_dashboard_speaks_russian_and_kazakh(personas, acting, language, heading, column):
    build_world(acting)
    client = client_for(personas.analyst)
    page = client.get(reverse("dashboard"), headers={"accept-language": language})
    text = page.content.decode()
    assert heading in text and column in text


def test_a_city_of_republican_significance_is_its_own_region_and_a_town_counts_in_its_region(
    db,
) -> None:
    from aqiqat.apps.places.models import Place

    regions = counts.region_of_places()
    almaty = Place.objects.get(gazetteer_id="kz-almaty")
    assert regions[almaty.pk] == almaty
    town = Place.objects.filter(kind=Place.Kind.TOWN).select_related("parent").first()
    assert town is not None and regions[town.pk] == town.parent
    country = Place.objects.get(kind=Place.Kind.COUNTRY)
    assert country.pk not in regions


def test_reads_leave_the_cached_counts_but_the_next_write_renews_them(personas, acting) -> None:
    from aqiqat.apps.audit.log import log_sensitive_read

    world = build_world(acting)
    before = counts.data_version()
    log_sensitive_read(personas.lawyer, world.people[0], ["testimony"])
    assert counts.data_version() == before
    add_people(build_world.__globals__["World"](), 1, PersonStatus.MISSING, None)
    assert counts.data_version() != before
