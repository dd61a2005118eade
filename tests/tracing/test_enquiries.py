"""Enquiries: the reverse search at registration, matches from imports and interviews, the
desk's decisions and the status history."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.apps.tracing.models import TracingStatus
from aqiqat.lists import ListSpec
from aqiqat.services.intake.interview import record_interview
from aqiqat.services.intake.list_import import import_list
from aqiqat.services.tracing.enquiries import (
    EnquiryDetails,
    EnquiryError,
    close_request,
    confirm_match,
    pending_matches,
    register_request,
    reject_match,
)
from tests.factories import make_person, make_record
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_dir(settings, tmp_path: Path) -> Path:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path / "evidence"


def enquiry(actor, name: str = "Tokayev Nurlan", born: int | None = 1990):
    return register_request(
        actor,
        EnquiryDetails(
            enquirer_name="Тоқаева Айгүл",
            enquirer_contact="+7 000 000 00 00",
            relationship="mother",
            sought_name=name,
            sought_birth_year=born,
        ),
    )


def history(request) -> list[str]:
    return [change.status for change in request.history.order_by("created_at")]


def test_a_new_enquiry_immediately_searches_the_records_held(personas, acting) -> None:
    person = make_person("Тоқаев Нұрлан Ерланұлы")
    make_record(
        person=person,
        full_name="Тоқаев Нұрлан Ерланұлы",
        surname="Тоқаев",
        given_name="Нұрлан",
        patronymic="Ерланұлы",
        birth_year_min=1990,
        birth_year_max=1990,
    )
    request = enquiry(personas.tracing_desk)
    assert request.status == TracingStatus.POSSIBLE_MATCH
    assert history(request) == ["open", "possible_match"]
    [match] = pending_matches(request)
    assert match.person == person and match.score >= 0.85


def test_an_enquiry_with_no_match_stays_open(personas, acting) -> None:
    request = enquiry(personas.tracing_desk)
    assert request.status == TracingStatus.OPEN
    assert history(request) == ["open"]


def test_an_interview_recorded_later_is_matched_to_the_open_enquiry(personas, acting) -> None:
    request = enquiry(personas.tracing_desk)
    record = record_interview(personas.documenter, interview_answers())
    request.refresh_from_db()
    assert request.status == TracingStatus.POSSIBLE_MATCH
    assert pending_matches(request)[0].record == record


def test_an_imported_list_is_matched_to_open_enquiries(
    personas, acting, tmp_path: Path, evidence_dir
) -> None:
    request = enquiry(personas.tracing_desk, "Серикбаев Ерлан", born=1995)
    path = tmp_path / "ngo.csv"
    path.write_text("№;ФИО;Год рождения\n1;Иванов Пётр;1980\n2;SERIKBAYEV YERLAN;1995\n", "utf-8")
    columns = {"record_id": "№", "full_name": "ФИО", "birth_date": "Год рождения"}
    import_list(ListSpec("ngo", path, "utf-8", columns), actor=personas.admin)
    request.refresh_from_db()
    assert request.status == TracingStatus.POSSIBLE_MATCH
    assert [m.record.list_record_id for m in pending_matches(request)] == ["ngo:2"]


def test_confirming_a_match_records_the_person_and_the_step(personas, acting) -> None:
    request = enquiry(personas.tracing_desk)
    record_interview(personas.documenter, interview_answers())
    request.refresh_from_db()
    request = confirm_match(personas.tracing_desk, pending_matches(request)[0], "told by phone")
    assert request.status == TracingStatus.CONFIRMED
    assert request.matched_person is not None
    assert history(request) == ["open", "possible_match", "confirmed"]
    close_request(personas.tracing_desk, request, "family informed")
    assert history(request)[-1] == "closed"


def test_a_rejected_match_reopens_the_enquiry_and_is_not_proposed_again(personas, acting) -> None:
    request = enquiry(personas.tracing_desk)
    record_interview(personas.documenter, interview_answers())
    request.refresh_from_db()
    request = reject_match(personas.tracing_desk, pending_matches(request)[0], "other father")
    assert request.status == TracingStatus.OPEN
    assert pending_matches(request) == []
    assert history(request) == ["open", "possible_match", "open"]


def test_an_unlinked_record_cannot_be_confirmed_until_linked(personas, acting) -> None:
    make_record(
        full_name="Тоқаев Нұрлан", surname="Тоқаев", given_name="Нұрлан", birth_year_min=1990
    )
    request = enquiry(personas.tracing_desk)
    with pytest.raises(EnquiryError, match="not linked"):
        confirm_match(personas.tracing_desk, pending_matches(request)[0])


def test_matching_again_queues_records_loaded_without_intake(personas, acting) -> None:
    from aqiqat.apps.tracing.models import TracingRequest, TracingStatusChange
    from aqiqat.services.tracing.enquiries import rematch_open_requests

    request = TracingRequest.objects.create(enquirer_name="Мать", sought_name="Kim Olga")
    TracingStatusChange.objects.create(request=request, status=TracingStatus.OPEN)
    make_record(full_name="Ким Ольга", surname="Ким", given_name="Ольга")
    assert rematch_open_requests(personas.tracing_desk) == 1
    assert rematch_open_requests(personas.tracing_desk) == 0
    request.refresh_from_db()
    assert request.status == TracingStatus.POSSIBLE_MATCH
