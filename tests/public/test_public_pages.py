"""Public pages: open to anyone, aggregate only, small cells suppressed, memorial by consent."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aqiqat.apps.figures.models import MemorialConsent
from aqiqat.apps.tracked import RetractionError
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors.access import NotFound
from aqiqat.services.figures import (
    FiguresError,
    record_memorial_consent,
    withdraw_memorial_consent,
)
from tests.dashboard.world import build_world, region

pytestmark = pytest.mark.django_db

PUBLIC = ("public-figures", "public-memorial", "public-methods")


@pytest.mark.parametrize("name", PUBLIC)
def test_anonymous_visitors_see_the_public_pages(name) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PUBLIC)
def test_the_outsider_sees_the_public_pages_too(personas, name) -> None:
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(reverse(name)).status_code == 200


def test_anonymous_visitors_see_nothing_else(personas, acting) -> None:
    world = build_world(acting)
    client = Client()
    person = world.people[0]
    for url in (
        reverse("person-list"),
        reverse("person-detail", args=[person.pk]),
        reverse("dashboard"),
        reverse("report-summary"),
        reverse("report-dossier", args=[person.pk]),
        reverse("memorial-consents", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_the_figures_page_names_no_one(acting) -> None:
    world = build_world(acting)
    page = Client().get(reverse("public-figures")).content.decode()
    for person in world.people:
        assert person.display_name not in page
    assert "Әлімбеков" not in page


def public_cells(page: str) -> list[str]:
    body = page.split('class="figures public-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td>(.*?)</td>", body, flags=re.S)


def test_a_small_cell_is_shown_as_fewer_than_five_and_its_totals_do_not_give_it_away(
    acting,
) -> None:
    build_world(acting)  # the second region has 2 killed
    response = Client().get(reverse("public-figures"))
    page = response.content.decode()
    assert "fewer than 5" in page
    table = response.context["table"]
    abai = table.rows.index("Abai Region")
    killed = table.columns.index("killed")
    assert table.shown(abai, killed) is None
    # The row total and the column total cannot both be shown along with every other cell.
    row_hidden = sum(table.hidden[abai])
    col_hidden = sum(line[killed] for line in table.hidden)
    assert row_hidden >= 2 and col_hidden >= 2
    cells = public_cells(page)
    assert ">2<" not in "".join(f">{c}<" for c in cells)


def test_the_documented_headline_is_withheld_when_its_table_total_is(acting) -> None:
    build_world(acting)
    response = Client().get(reverse("public-figures"))
    table = response.context["table"]
    killed = next(h for h in response.context["headline_rows"] if h.measure == "killed")
    total = table.shown(len(table.rows), table.columns.index("killed"))
    assert killed.documented == total


def test_the_memorial_lists_only_the_consented_and_not_withdrawn(personas, acting) -> None:
    world = build_world(acting)
    killed = world.named(PersonStatus.KILLED)
    consented, withdrawn, silent = killed[0], killed[1], killed[2]
    record_memorial_consent(personas.documenter, consented, "his mother", date(2022, 3, 1))
    taken_back = record_memorial_consent(
        personas.documenter, withdrawn, "her brother", date(2022, 3, 2)
    )
    withdraw_memorial_consent(personas.documenter, taken_back.pk, "the family asked")
    page = Client().get(reverse("public-memorial")).content.decode()
    assert consented.display_name in page
    assert withdrawn.display_name not in page
    assert silent.display_name not in page
    assert "2022-01-06" in page  # the date of death, and nothing more personal


def test_consent_is_only_for_the_killed_and_needs_who_gave_it(personas, acting) -> None:
    world = build_world(acting)
    held = world.named(PersonStatus.DETAINED)[0]
    with pytest.raises(FiguresError, match="killed"):
        record_memorial_consent(personas.documenter, held, "mother", date(2022, 3, 1))
    with pytest.raises(FiguresError, match="who gave consent"):
        record_memorial_consent(
            personas.documenter, world.named(PersonStatus.KILLED)[0], " ", date(2022, 3, 1)
        )


@pytest.mark.parametrize("role", ["analyst", "lawyer", "tracing_desk", "viewer", "outsider"])
def test_only_documenters_and_admins_record_consent(personas, acting, role) -> None:
    world = build_world(acting)
    killed = world.named(PersonStatus.KILLED)[0]
    with pytest.raises(NotFound):
        record_memorial_consent(getattr(personas, role), killed, "mother", date(2022, 3, 1))
    client = Client()
    client.force_login(getattr(personas, role))
    url = reverse("memorial-consents", args=[killed.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"given_by": "mother", "given_on": "2022-03-01"}).status_code == 404
    assert not MemorialConsent.objects.exists()


def test_a_documenter_records_and_withdraws_consent_through_the_pages(personas, acting) -> None:
    world = build_world(acting)
    killed = world.named(PersonStatus.KILLED)[0]
    client = Client()
    client.force_login(personas.documenter)
    url = reverse("memorial-consents", args=[killed.pk])
    response = client.post(url, {"given_by": "his mother", "given_on": "2022-03-01"})
    assert response.status_code == 302
    consent = MemorialConsent.objects.get()
    assert killed.display_name in Client().get(reverse("public-memorial")).content.decode()
    withdraw = reverse("memorial-consent-withdraw", args=[consent.pk])
    assert client.post(withdraw, {"reason": ""}).status_code == 302
    consent.refresh_from_db()
    assert not consent.is_retracted
    client.post(withdraw, {"reason": "the family changed its mind"})
    consent.refresh_from_db()
    assert consent.retraction_reason == "the family changed its mind"
    assert killed.display_name not in Client().get(reverse("public-memorial")).content.decode()
    with pytest.raises(RetractionError):
        withdraw_memorial_consent(personas.documenter, consent.pk, "again")


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "How we count"), ("ru", "Как мы считаем"), ("kk", "Біз қалай санаймыз")],
)
def test_the_methods_page_speaks_three_languages(language, heading) -> None:
    response = Client(headers={"accept-language": language}).get(reverse("public-methods"))
    assert heading in response.content.decode()
    assert "Manrique-Vallier" in response.content.decode()


def test_public_pages_work_without_javascript(acting) -> None:
    build_world(acting)
    for name in PUBLIC:
        page = Client().get(reverse(name)).content.decode()
        assert "<script" not in page


def test_a_headline_withheld_to_protect_a_small_cell_says_withheld_not_fewer_than_five(
    acting,
) -> None:
    from tests.dashboard.world import World, add_people

    world = World()
    almaty = region("kz-almaty")
    for status in (PersonStatus.DETAINED, PersonStatus.RELEASED, PersonStatus.UNKNOWN):
        add_people(world, 10, status, almaty)
    add_people(world, 30, PersonStatus.KILLED, almaty)
    add_people(world, 9, PersonStatus.MISSING, almaty)
    add_people(world, 2, PersonStatus.INJURED, almaty)  # the one small total
    response = Client().get(reverse("public-figures"))
    rows = {h.measure: h for h in response.context["headline_rows"]}
    assert rows["injured"].documented is None and not rows["injured"].withheld
    # The totals row has one small total, so its smallest other total is withheld too.
    assert rows["missing"].documented is None and rows["missing"].withheld
    assert "withheld" in response.content.decode()


def test_browsers_are_told_to_check_the_memorial_again_each_time(db) -> None:
    response = Client().get(reverse("public-memorial"))
    assert "no-cache" in response["Cache-Control"]
