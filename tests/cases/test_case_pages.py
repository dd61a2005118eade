"""Complaint and case pages: who sees what, filing, opening a case, status changes,
conflicts between two users, lists with filters and search, and the outsider's 404."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.services.accounts import create_user
from aqiqat.services.cases.cases import add_status_change
from tests.cases.conftest import logged_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_documenter_files_a_complaint_with_its_copy_from_the_person_page(personas) -> None:
    person = make_person("Серікбаев Ерлан Асқарұлы")
    client = logged_in(personas.documenter)
    assert (
        f"/people/{person.pk}/complaints/new/"
        in client.get(f"/people/{person.pk}/").content.decode()
    )
    response = client.post(
        f"/people/{person.pk}/complaints/new/",
        {
            "filed_by": "Серікбаева Гүлнар (mother, fictional)",
            "authority": "prosecutor",
            "authority_name": "Demo city prosecutor's office",
            "filed_on": "2022-01-20",
            "summary": "Beaten in the holding cell (fictional).",
            "document": SimpleUploadedFile("жалоба.pdf", b"%PDF-1.4 fictional", "application/pdf"),
        },
        follow=True,
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get(person=person)
    assert complaint.document.original_name == "жалоба.pdf"
    html = response.content.decode()
    assert "an answer is due by 2022-02-19" in html
    assert complaint.document.sha256 in html


def test_a_complaint_with_a_missing_date_is_refused_and_what_was_typed_is_kept(personas) -> None:
    person = make_person()
    response = logged_in(personas.documenter).post(
        f"/people/{person.pk}/complaints/new/",
        {"filed_by": "Гүлнар (fictional)", "authority": "ombudsman", "summary": "Кept text"},
    )
    assert response.status_code == 400
    assert "Кept text" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_lawyer_opens_a_case_on_a_complaint_and_moves_it_through_its_statuses(
    personas, complaint_for
) -> None:
    complaint = complaint_for(personas.lawyer)
    client = logged_in(personas.lawyer)
    response = client.post(
        f"/complaints/{complaint.pk}/open-case/",
        {
            "version": complaint.version,
            "number": "227500000099",
            "authority": "prosecutor",
            "opened_on": "2022-02-01",
            "article": "146",
        },
        follow=True,
    )
    case = Case.objects.get(number="227500000099")
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    for status, on in (("under_investigation", "2022-03-01"), ("in_court", "2022-09-01")):
        case.refresh_from_db()
        response = client.post(
            f"/cases/{case.pk}/status/",
            {
                "version": case.version,
                "status": status,
                "on": on,
                "note": "",
                "document": SimpleUploadedFile("решение.pdf", status.encode(), "application/pdf"),
            },
            follow=True,
        )
        assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == "in_court"
    html = response.content.decode()
    assert "Status recorded: in court." in html
    assert html.count("решение.pdf") == 2


def test_the_second_of_two_users_editing_a_case_gets_a_clear_message_and_keeps_their_entry(
    personas, case_for
) -> None:
    case = case_for()
    seen = case.version
    add_status_change(personas.lawyer, case, seen, "under_investigation", date(2022, 3, 1))
    response = logged_in(personas.admin).post(
        f"/cases/{case.pk}/status/",
        {"version": seen, "status": "closed", "on": "2022-04-01", "note": "Мой текст сохранён"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case while you were editing it" in html
    assert "Мой текст сохранён" in html
    assert f'name="version" value="{seen + 1}"' in html
    case.refresh_from_db()
    assert case.status == "under_investigation"


def test_a_stale_follow_up_of_a_complaint_is_refused_with_the_same_message(
    personas, complaint_for
) -> None:
    complaint = complaint_for()
    client = logged_in(personas.admin)
    first = client.post(
        f"/complaints/{complaint.pk}/follow-up/",
        {"version": 1, "answered_on": "2022-02-10", "answer_note": "refused to open a case"},
    )
    assert first.status_code == 302
    second = client.post(
        f"/complaints/{complaint.pk}/follow-up/", {"version": 1, "answer_note": "other"}
    )
    assert second.status_code == 409
    assert "Someone else changed this complaint" in second.content.decode()
    complaint.refresh_from_db()
    assert complaint.answer_note == "refused to open a case"


def test_a_lawyer_sees_only_the_cases_assigned_to_them(personas, case_for) -> None:
    mine = case_for(number="227500000001")
    other_lawyer, _ = create_user("lawyer-two", role="lawyer", password=personas.password)
    theirs = case_for(lawyer=other_lawyer, number="227500000002")
    client = logged_in(personas.lawyer)
    listing = client.get("/cases/").content.decode()
    assert "227500000001" in listing
    assert "227500000002" not in listing
    assert client.get(f"/cases/{mine.pk}/").status_code == 200
    assert client.get(f"/cases/{theirs.pk}/").status_code == 404
    theirs_complaint = theirs.complaints.get()
    assert client.get(f"/complaints/{theirs_complaint.pk}/").status_code == 404
    assert (
        client.post(
            f"/cases/{theirs.pk}/status/", {"version": 1, "status": "closed", "on": "2022-03-01"}
        ).status_code
        == 404
    )
    assert "227500000002" in logged_in(personas.admin).get("/cases/").content.decode()


def test_each_role_reaches_the_case_work_pages_its_permissions_allow(personas, case_for) -> None:
    case = case_for()
    complaint = case.complaints.get()
    expected = {
        "admin": (200, 200, 200, 200),
        "lawyer": (200, 200, 200, 200),
        "documenter": (200, 404, 200, 404),
        "analyst": (404, 404, 404, 404),
        "tracing_desk": (404, 404, 404, 404),
        "viewer": (404, 404, 404, 404),
    }
    for role, codes in expected.items():
        client = logged_in(getattr(personas, role))
        got = tuple(
            client.get(url).status_code
            for url in (
                "/complaints/",
                "/cases/",
                f"/complaints/{complaint.pk}/",
                f"/cases/{case.pk}/",
            )
        )
        assert got == codes, role


def test_the_outsider_gets_404_on_every_case_work_page(personas, case_for) -> None:
    case = case_for()
    complaint = case.complaints.get()
    client = logged_in(personas.outsider)
    for url in (
        "/complaints/",
        "/complaints/overdue/",
        "/cases/",
        f"/complaints/{complaint.pk}/",
        f"/cases/{case.pk}/",
        f"/evidence/{uuid.uuid4()}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/complaints/{complaint.pk}/follow-up/",
        f"/complaints/{complaint.pk}/open-case/",
        f"/cases/{case.pk}/status/",
        f"/cases/{case.pk}/details/",
        f"/cases/{case.pk}/lawyers/",
    ):
        assert client.post(url, {"version": 1}).status_code == 404, url


def test_a_missing_case_and_a_forbidden_case_answer_alike(personas, case_for) -> None:
    case = case_for()
    other_lawyer, _ = create_user("lawyer-three", role="lawyer", password=personas.password)
    client = logged_in(other_lawyer)
    forbidden = client.get(f"/cases/{case.pk}/")
    missing = client.get(f"/cases/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_only_an_admin_assigns_lawyers(personas, case_for) -> None:
    case = case_for()
    other_lawyer, _ = create_user("lawyer-four", role="lawyer", password=personas.password)
    assert (
        logged_in(personas.lawyer)
        .post(f"/cases/{case.pk}/lawyers/", {"version": case.version, "lawyers": [other_lawyer.pk]})
        .status_code
        == 404
    )
    response = logged_in(personas.admin).post(
        f"/cases/{case.pk}/lawyers/", {"version": case.version, "lawyers": [other_lawyer.pk]}
    )
    assert response.status_code == 302
    assert list(case.lawyers.all()) == [other_lawyer]
    assert logged_in(personas.lawyer).get(f"/cases/{case.pk}/").status_code == 404
