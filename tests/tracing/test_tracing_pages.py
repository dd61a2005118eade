"""The tracing desk in the web: search page and API, enquiries, decisions, the answer."""

from __future__ import annotations

import pytest
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.tracing.models import TracingRequest, TracingStatus
from aqiqat.selectors import search
from aqiqat.services.tracing.enquiries import EnquiryDetails, register_request
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def kim_olga(**fields):
    person = make_person("Ким Ольга Викторовна", status="detained")
    make_record(
        person=person,
        full_name="Ким Ольга Викторовна",
        surname="Ким",
        given_name="Ольга",
        patronymic="Викторовна",
        birth_year_min=1990,
        birth_year_max=1990,
        list_record_id="ngo:12",
        testimony="Били в ИВС.",
        **fields,
    )
    return person


def test_the_desk_finds_a_person_by_a_latin_spelling(personas, acting) -> None:
    person = kim_olga()
    page = logged_in(personas.tracing_desk).get("/search/", {"q": "Kim Olga", "born": "1990"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ким Ольга Викторовна" in text and f"/people/{person.pk}/" in text
    assert "Били" not in text and "ngo:12" not in text


def test_the_api_gives_scores_reasons_and_role_dependent_record_ids(personas, acting) -> None:
    person = kim_olga()
    desk = logged_in(personas.tracing_desk).get("/api/search", {"q": "KIM OLGA"}).json()
    [result] = desk["results"]
    assert result["person_id"] == str(person.pk)
    assert result["record_ids"] == []
    assert result["why"] and result["score"] > 0.8
    documenter = logged_in(personas.documenter).get("/api/search", {"q": "KIM OLGA"}).json()
    assert documenter["results"][0]["record_ids"] == ["ngo:12"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "K"},
        {"q": "Ким " * 2500},
        {"q": "Robert'); DROP TABLE students;--"},
        {"q": "<img src=x onerror=alert(1)>"},
        {"q": "Ким Ольга", "born": "3000"},
    ],
)
def test_bad_input_gets_a_message_not_a_stack_trace(personas, params) -> None:
    response = logged_in(personas.tracing_desk).get("/api/search", params)
    assert response.status_code == 400
    assert response.json()["error"]
    page = logged_in(personas.tracing_desk).get("/search/", params | {"x": "1"})
    assert page.status_code in (200, 400)
    assert "<img src=x" not in page.content.decode()


def test_too_many_searches_get_a_clear_429(personas, settings) -> None:
    client = logged_in(personas.viewer)
    for _ in range(search.RATE_LIMIT):
        client.get("/api/search", {"q": "Ким Ольга"})
    response = client.get("/api/search", {"q": "Ким Ольга"})
    assert response.status_code == 429
    assert "Too many searches" in response.json()["error"]


def test_the_outsider_gets_404_everywhere(personas, acting) -> None:
    enquiry = register_request(
        personas.tracing_desk, EnquiryDetails(enquirer_name="Мать", sought_name="Ким Ольга")
    )
    outsider = logged_in(personas.outsider)
    for url in [
        "/search/?q=Kim",
        "/api/search?q=Kim",
        "/tracing/",
        "/tracing/enquiries/new/",
        f"/tracing/enquiries/{enquiry.pk}/",
        f"/tracing/enquiries/{enquiry.pk}/answer/",
    ]:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/tracing/enquiries/{enquiry.pk}/decide/").status_code == 404


def test_registering_an_enquiry_searches_at_once_and_fills_the_queue(personas, acting) -> None:
    kim_olga()
    desk = logged_in(personas.tracing_desk)
    response = desk.post(
        "/tracing/enquiries/new/",
        {
            "enquirer_name": "Ким Виктор",
            "enquirer_contact": "+7 000 111 22 33",
            "relationship": "father",
            "sought_name": "Kim Olga",
            "sought_sex": "F",
            "sought_birth_year": "1990",
        },
    )
    enquiry = TracingRequest.objects.get()
    assert response["Location"] == f"/tracing/enquiries/{enquiry.pk}/"
    assert enquiry.status == TracingStatus.POSSIBLE_MATCH
    queue = desk.get("/tracing/").content.decode()
    assert "Possible match for enquiry" in queue and "Ким Ольга Викторовна" in queue


def test_the_contact_is_shown_to_the_desk_audited_and_hidden_from_viewers(personas, acting) -> None:
    enquiry = register_request(
        personas.tracing_desk,
        EnquiryDetails(
            enquirer_name="Мать", enquirer_contact="+7 000 999", sought_name="Ким Ольга"
        ),
    )
    page = logged_in(personas.tracing_desk).get(f"/tracing/enquiries/{enquiry.pk}/")
    assert "+7 000 999" in page.content.decode()
    assert AuditEntry.objects.filter(action="view", object_id=str(enquiry.pk)).exists()
    assert logged_in(personas.viewer).get(f"/tracing/enquiries/{enquiry.pk}/").status_code == 404


def test_the_desk_confirms_and_the_family_answer_tells_only_what_may_be_told(
    personas, acting
) -> None:
    kim_olga(claimed_status="detained", facility_text="ИВС Алматы")
    enquiry = register_request(
        personas.tracing_desk, EnquiryDetails(enquirer_name="Мать", sought_name="Kim Olga")
    )
    desk = logged_in(personas.tracing_desk)
    before = desk.get(f"/tracing/enquiries/{enquiry.pk}/answer/").content.decode()
    assert "no confirmed information yet" in before
    change = enquiry.history.get(status="possible_match")
    desk.post(
        f"/tracing/enquiries/{enquiry.pk}/decide/",
        {"change": str(change.pk), "action": "confirm", "note": "told by phone"},
    )
    enquiry.refresh_from_db()
    assert enquiry.status == TracingStatus.CONFIRMED
    answer = desk.get(f"/tracing/enquiries/{enquiry.pk}/answer/").content.decode()
    assert "ИВС Алматы" in answer
    assert "ngo-list" not in answer and "Били" not in answer and "ngo:12" not in answer


def test_a_documenter_may_register_but_not_decide(personas, acting) -> None:
    kim_olga()
    enquiry = register_request(
        personas.documenter, EnquiryDetails(enquirer_name="Мать", sought_name="Kim Olga")
    )
    change = enquiry.history.get(status="possible_match")
    response = logged_in(personas.documenter).post(
        f"/tracing/enquiries/{enquiry.pk}/decide/", {"change": str(change.pk), "action": "confirm"}
    )
    assert response.status_code == 404


def test_the_enquiry_form_explains_what_is_wrong_and_saves_nothing(personas) -> None:
    response = logged_in(personas.tracing_desk).post(
        "/tracing/enquiries/new/",
        {"enquirer_name": "Мать", "sought_name": "K", "sought_birth_year": "3000"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least a surname" in page and "in the future" in page
    assert not TracingRequest.objects.exists()


def test_namesakes_beyond_the_results_are_counted_and_the_desk_is_told_to_narrow(
    personas, acting, settings
) -> None:
    given_names = (
        "Ерлан Нұрлан Асқар Бауыржан Дәурен Ержан Марат Серік Талғат Арман Қайрат Ғалым Бекзат"
    )
    for given in given_names.split():
        person = make_person(f"Ахметов {given}")
        make_record(
            person=person,
            full_name=f"Ахметов {given}",
            surname="Ахметов",
            given_name=given,
            birth_year_min=1995,
            birth_year_max=1995,
        )
    found = search.search_persons(personas.tracing_desk, search.read_query("Akhmetov", born="1995"))
    assert len(found) == search.RESULTS
    assert found.as_good_not_shown == 3
    client = logged_in(personas.tracing_desk)
    page = client.get("/search/", {"q": "Akhmetov", "born": "1995"}).content.decode()
    assert "3 more records match as well as the last person shown" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get("/search/", {"q": "Akhmetov", "born": "1995"}).content.decode()
    assert "Ещё 3 записи подходят так же" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.get("/api/v1/search", {"q": "Akhmetov", "born": "1995"}).json()
    assert answer["more_as_good"] == 3
    narrowed = client.get("/api/v1/search", {"q": "Akhmetov Serik", "born": "1995"}).json()
    assert narrowed["more_as_good"] == 0
