"""The person page: timeline, allegations, complaints and cases, evidence, tracing
requests, and the forms that add to it without overwriting anything."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import Event
from aqiqat.apps.tracing.models import TracingRequest
from aqiqat.selectors.people import PersonPage, person_page
from aqiqat.services.person_events import EventDetails, add_event
from tests.cases.conftest import logged_in
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db

TESTIMONY = "Бил дубинкой по ногам в коридоре ИВС (вымышленное показание)"


@pytest.fixture
def person(personas):
    person = make_person("Серікбаев Ерлан Асқарұлы")
    actor = personas.documenter
    add_event(actor, person, EventDetails("detention", date(2022, 1, 6), "day"))
    add_event(actor, person, EventDetails("release", date(2022, 2, 1), "month"))
    add_event(
        actor,
        person,
        EventDetails(
            "ill_treatment",
            date(2022, 1, 7),
            "day",
            allegation_type="beating",
            description=TESTIMONY,
        ),
    )
    return person


def test_the_timeline_runs_in_date_order_with_each_date_as_precise_as_known(
    personas, person
) -> None:
    page = person_page(personas.viewer, person)
    assert isinstance(page, PersonPage)
    assert [(v.event.kind, v.date_text) for v in page.timeline] == [
        ("detention", "2022-01-06"),
        ("ill_treatment", "2022-01-07"),
        ("release", "February 2022"),
    ]
    html = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    timeline = html[html.index('<ol class="timeline">') :]
    assert timeline.index("2022-01-06") < timeline.index("February 2022")
    assert "month only" in html


@pytest.mark.parametrize(
    ("language", "month"), [("en", "February 2022"), ("ru", "Февраль 2022"), ("kk", "Ақпан 2022")]
)
def test_a_status_known_to_the_month_is_shown_as_the_month_not_as_its_first_day(
    personas, person, language, month
) -> None:
    person.refresh_from_db()
    assert (person.status, person.status_on_precision) == ("released", "month")
    client = logged_in(personas.viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (f"/people/{person.pk}/", "/people/", f"/reports/people/{person.pk}/"):
        html = client.get(url).content.decode()
        assert f" · {month}" in html, url
        assert "2022-02-01" not in html, url


def test_allegation_testimony_is_shown_only_to_roles_that_may_read_testimony(
    personas, person
) -> None:
    viewer = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert TESTIMONY not in viewer
    assert "testimony not shown to your role" in viewer
    assert "beating" in viewer
    assert not AuditEntry.objects.filter(action="view", actor=personas.viewer).exists()
    lawyer = logged_in(personas.lawyer).get(f"/people/{person.pk}/").content.decode()
    assert TESTIMONY in lawyer
    read = AuditEntry.objects.get(action="view", actor=personas.lawyer)
    assert read.detail == {"fields": ["event:testimony"]}


def test_a_documenter_adds_an_allegation_from_the_person_page(personas) -> None:
    person = make_person("Ахметова Динара")
    response = logged_in(personas.documenter).post(
        f"/people/{person.pk}/events/",
        {
            "kind": "ill_treatment",
            "allegation_type": "threats",
            "on": "январь 2022",
            "perpetrator_unit": "вымышленный ОМОН",
            "description": "Угрожали (вымышленно)",
        },
        follow=True,
    )
    assert response.status_code == 200
    event = Event.objects.get(person=person)
    assert (event.kind, event.allegation_type, event.on, event.on_precision) == (
        "ill_treatment",
        "threats",
        date(2022, 1, 1),
        "month",
    )
    assert event.created_by == personas.documenter
    assert "Added to the timeline" in response.content.decode()


def test_an_allegation_without_its_kind_is_refused_and_what_was_typed_is_kept(personas) -> None:
    person = make_person("Ахметова Динара")
    response = logged_in(personas.documenter).post(
        f"/people/{person.pk}/events/",
        {"kind": "ill_treatment", "on": "07.01.2022", "description": "Показание сохранено"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what kind of ill-treatment is alleged." in html
    assert "Показание сохранено" in html
    assert not Event.objects.exists()


def test_an_unreadable_event_date_is_refused_with_a_message(personas) -> None:
    person = make_person("Ахметова Динара")
    response = logged_in(personas.documenter).post(
        f"/people/{person.pk}/events/", {"kind": "detention", "on": "вчера утром-ish 55"}
    )
    assert response.status_code == 400
    assert "Cannot read this date" in response.content.decode()


def test_roles_without_event_rights_cannot_add_events(personas) -> None:
    person = make_person()
    for user in (personas.viewer, personas.analyst, personas.outsider):
        response = logged_in(user).post(f"/people/{person.pk}/events/", {"kind": "detention"})
        assert response.status_code == 404
    assert not Event.objects.exists()


def test_attached_evidence_is_listed_with_its_sha256(personas) -> None:
    person = make_person()
    content = b"fictional medical certificate"
    response = logged_in(personas.lawyer).post(
        f"/people/{person.pk}/evidence/",
        {
            "file": SimpleUploadedFile("справка.txt", content, "text/plain"),
            "description": "медицинская справка",
        },
        follow=True,
    )
    sha = hashlib.sha256(content).hexdigest()
    assert Evidence.objects.get(person=person).sha256 == sha
    html = response.content.decode()
    assert sha in html
    assert "справка.txt" in html
    evidence = Evidence.objects.get(person=person)
    detail = logged_in(personas.documenter).get(f"/evidence/{evidence.pk}/").content.decode()
    assert sha in detail
    assert "received" in detail


def test_a_person_page_shows_complaints_with_the_current_case_status(
    personas, case_for, complaint_for
) -> None:
    case = case_for()
    person = case.complaints.get().person
    complaint_for(person=person, filed_on=date(2021, 12, 1), authority="ombudsman")
    lawyer = logged_in(personas.lawyer).get(f"/people/{person.pk}/").content.decode()
    assert "case 227500000001" in lawyer
    assert "registered" in lawyer
    # The ombudsman complaint is neither followed nor filed by this lawyer, nor led to a case.
    assert "ombudsman" not in lawyer
    documenter = logged_in(personas.documenter).get(f"/people/{person.pk}/").content.decode()
    assert "a case was opened (not shown to your role)" in documenter
    assert "overdue by" in documenter
    assert f"/cases/{case.pk}/" not in documenter
    viewer = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "Complaints and cases" not in viewer


def test_tracing_requests_show_the_enquirers_contact_only_to_roles_that_may_see_it(
    personas,
) -> None:
    person = make_person()
    TracingRequest.objects.create(
        enquirer_name="Серікбаева Гүлнар",
        enquirer_contact="+7 700 000 1234",
        sought_name="Серікбаев Ерлан",
        matched_person=person,
    )
    desk = logged_in(personas.tracing_desk).get(f"/people/{person.pk}/").content.decode()
    assert "+7 700 000 1234" in desk
    assert AuditEntry.objects.get(action="view", actor=personas.tracing_desk).detail == {
        "fields": ["tracing:enquirer_contact"]
    }
    viewer = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "Серікбаева Гүлнар" not in viewer


def test_records_keep_their_source_as_written_with_the_transliteration_beside(personas) -> None:
    person = make_person()
    make_record(person=person, full_name="Серікбаев Ерлан Асқарұлы")
    html = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "Серікбаев Ерлан Асқарұлы" in html
    assert '<span class="latin">Serıkbaev Erlan Asqarūly</span>' in html


def test_the_outsider_gets_404_on_every_person_page_action(personas) -> None:
    person = make_person()
    client = logged_in(personas.outsider)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert client.post(f"/people/{person.pk}/evidence/", {}).status_code == 404
    assert client.get(f"/people/{person.pk}/complaints/new/").status_code == 404
