"""The interview form in the web: who may use it, validation, uploads, what others see."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from tests.factories import make_person, make_record
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db

URL = "/records/new/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def saved_person(personas, **changes: str) -> Person:
    return saved_person_with(personas, interview_answers(**changes))


def saved_person_with(personas, answers: dict) -> Person:
    response = logged_in(personas.documenter).post(URL, answers)
    assert response.status_code == 302, response.content.decode()
    return Record.objects.get(source__name__startswith="interview-").person


@pytest.mark.parametrize("role", ["documenter", "admin"])
def test_documenters_and_admins_get_the_form(personas, role: str) -> None:
    page = logged_in(getattr(personas, role)).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="full_name"' in html
    assert "May this be published?" in html
    assert 'enctype="multipart/form-data"' in html
    assert "/static/aqiqat/suggest.js" in html
    assert "<script>" not in html and "onclick" not in html and "style=" not in html


@pytest.mark.parametrize("role", ["viewer", "analyst", "tracing_desk", "lawyer", "outsider"])
def test_every_other_role_and_the_outsider_get_404(personas, role: str) -> None:
    client = logged_in(getattr(personas, role))
    assert client.get(URL).status_code == 404
    assert client.post(URL, interview_answers()).status_code == 404
    assert not Record.objects.exists()
    assert "New interview" not in client.get("/people/").content.decode()


def test_the_form_requires_a_login(personas) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_saved_interview_opens_the_person_page_with_a_confirmation(personas) -> None:
    client = logged_in(personas.documenter)
    response = client.post(URL, interview_answers(), follow=True)
    person = Record.objects.get().person
    assert response.redirect_chain == [(f"/people/{person.pk}/", 302)]
    html = response.content.decode()
    assert "The interview with Тоқаев Нұрлан Ерланұлы was saved" in html
    assert "Toqaev Nūrlan Erlanūly" in html
    assert "detention" in html


def test_errors_are_shown_next_to_their_fields_and_every_answer_comes_back(personas) -> None:
    answers = interview_answers(
        detained_on="32.13.2022",
        released_on="05/01/2022",
        age="about thirty",
        testimony="Её сын не вернулся домой.\nМы искали его в больницах.",
    )
    del answers["consent_publish"]
    response = logged_in(personas.documenter).post(URL, answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some answers need attention" in html
    assert '<li><a href="#id_detained_on">Detained on</a></li>' in html
    assert '<li><a href="#id_consent_publish">May this be published?</a></li>' in html
    assert 'id="id_detained_on_error">Cannot read this date.' in html
    assert 'id="id_released_on_error">This can be read day-first or month-first.' in html
    assert 'id="id_age_error">Write the age as a number of years' in html
    assert "Choose yes, no or not asked." in html
    assert 'value="Тоқаев Нұрлан Ерланұлы"' in html
    assert 'value="32.13.2022"' in html
    assert "Её сын не вернулся домой.\nМы искали его в больницах.</textarea>" in html
    assert 'value="no" id="id_consent_share_authorities_1" required checked' in html
    assert not Record.objects.exists()


def test_a_name_of_spaces_only_is_refused(personas) -> None:
    response = logged_in(personas.documenter).post(URL, interview_answers(full_name="   "))
    assert response.status_code == 400
    assert "Write the person&#x27;s name" in response.content.decode()


def test_a_file_over_the_limit_is_refused_with_a_message_and_the_answers_stay(
    personas, settings, tmp_path: Path
) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    settings.AQIQAT_MAX_UPLOAD_BYTES = 1000
    answers = {
        **interview_answers(),
        "evidence": [
            SimpleUploadedFile("small.jpg", b"x" * 100, "image/jpeg"),
            SimpleUploadedFile("video.mp4", b"x" * 5000, "video/mp4"),
        ],
    }
    response = logged_in(personas.documenter).post(URL, answers)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Too large, not saved: video.mp4. One file may be at most 1000" in html
    assert 'value="Тоқаев Нұрлан Ерланұлы"' in html
    assert 'data-max-bytes="1000"' in html
    assert not Evidence.objects.exists()
    assert not Record.objects.exists()
    assert not list((tmp_path / "evidence").glob("**/*"))


def test_files_within_the_limit_are_kept_as_evidence(personas, settings, tmp_path: Path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    answers = {
        **interview_answers(),
        "evidence": [SimpleUploadedFile("справка.pdf", b"%PDF-1.4 fictional", "application/pdf")],
    }
    person = saved_person_with(personas, answers)
    evidence = Evidence.objects.get()
    assert evidence.person == person
    assert evidence.original_name == "справка.pdf"
    assert evidence.media_type == "application/pdf"


SECRETS = {
    "testimony": "TESTIMONY-Забрали с площади",
    "medical_details": "MEDICAL-сломано ребро",
    "informant_contact": "CONTACT-+7 701 000 00 00",
}


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("documenter", {"testimony", "medical_details", "informant_contact"}),
        ("admin", {"testimony", "medical_details", "informant_contact"}),
        ("lawyer", {"testimony", "medical_details"}),
        ("tracing_desk", {"informant_contact"}),
        ("analyst", set()),
        ("viewer", set()),
    ],
)
def test_sensitive_answers_are_shown_only_to_roles_that_may_see_them(
    personas, role: str, visible: set[str]
) -> None:
    person = saved_person(personas, **SECRETS)
    html = logged_in(getattr(personas, role)).get(f"/people/{person.pk}/").content.decode()
    shown = {field for field, secret in SECRETS.items() if secret in html}
    assert shown == visible


def test_the_outsider_cannot_see_the_saved_person(personas) -> None:
    person = saved_person(personas)
    assert logged_in(personas.outsider).get(f"/people/{person.pk}/").status_code == 404


def test_hostile_text_is_kept_and_shown_escaped(personas) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    person = saved_person(personas, full_name=hostile, place=hostile)
    html = logged_in(personas.documenter).get(f"/people/{person.pk}/").content.decode()
    assert hostile not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert Record.objects.get().raw["full_name"] == hostile


def test_a_picked_person_gets_the_record(personas, acting) -> None:
    known = make_person("Тоқаев Нұрлан Ерланұлы")
    make_record(person=known)
    person = saved_person(personas, person_id=str(known.pk))
    assert person == known
    assert Person.objects.count() == 1


def test_the_picked_person_is_still_shown_after_a_failed_submit(personas, acting) -> None:
    known = make_person("Тоқаев Нұрлан Ерланұлы", display_name_latin="Toqaev Nūrlan Erlanūly")
    answers = interview_answers(person_id=str(known.pk), detained_on="not a date")
    html = logged_in(personas.documenter).post(URL, answers).content.decode()
    assert f'name="person_id" value="{known.pk}"' in html
    assert f'href="/people/{known.pk}/">Тоқаев Нұрлан Ерланұлы' in html


def test_a_post_without_the_csrf_token_is_refused(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.documenter)
    assert client.post(URL, interview_answers()).status_code == 403
    assert not Record.objects.exists()
