"""Filing complaints, opening cases, status changes, deadlines and optimistic locking."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import pytest
from django.db import connection

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.cases.models import AnswerDeadline, Case, CaseStatusChange, Complaint
from aqiqat.apps.places.models import Facility, Place
from aqiqat.selectors.case_text import MAX_SEALED, MAX_TEXT, sealed_words
from aqiqat.selectors.cases import CaseFilters, complaint_list
from aqiqat.services.cases.cases import (
    CaseDetails,
    add_status_change,
    assign_lawyers,
    open_case,
    update_case,
)
from aqiqat.services.cases.complaints import FollowUp, follow_up
from aqiqat.services.cases.errors import CaseWorkError, EditConflict
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.values import PREFIX
from tests.cases.conftest import document
from tests.crypto.folders import SESSION_DATA_KEY
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_complaint_is_due_an_answer_after_the_default_thirty_days(complaint_for) -> None:
    complaint = complaint_for(filed_on=date(2022, 1, 20))
    assert complaint.answer_due_on == date(2022, 2, 19)


def test_an_authoritys_own_deadline_and_a_complaints_own_days_decide_the_due_date(
    personas, complaint_for
) -> None:
    AnswerDeadline.objects.create(authority="ombudsman", days=10)
    by_rule = complaint_for(authority="ombudsman", filed_on=date(2022, 3, 1))
    own = complaint_for(authority="ombudsman", filed_on=date(2022, 3, 1), answer_due_days=3)
    assert by_rule.answer_due_on == date(2022, 3, 11)
    assert own.answer_due_on == date(2022, 3, 4)


def test_a_complaint_without_who_filed_it_is_refused_and_nothing_is_written(
    personas, complaint_for
) -> None:
    with pytest.raises(CaseWorkError, match="who filed"):
        complaint_for(filed_by="   ")
    assert not Complaint.objects.exists()


def test_a_complaint_dated_in_the_future_is_refused(personas, complaint_for) -> None:
    with pytest.raises(CaseWorkError, match="future"):
        complaint_for(filed_on=date.today() + timedelta(days=2))


def test_a_lawyer_who_files_a_complaint_follows_it(personas, complaint_for) -> None:
    assert complaint_for(personas.lawyer).lawyer == personas.lawyer
    assert complaint_for(personas.documenter).lawyer is None


def test_only_a_lawyer_can_follow_a_complaint(personas, complaint_for) -> None:
    with pytest.raises(CaseWorkError, match="not a lawyer"):
        complaint_for(lawyer=personas.viewer)


def test_a_complaint_takes_its_region_from_the_facility_concerned(personas, complaint_for) -> None:
    region = Place.objects.create(
        gazetteer_id="demo-region",
        kind="region",
        name_kk="Демо облысы",
        name_ru="Демо область",
        name_en="Demo Region",
    )
    city = Place.objects.create(
        gazetteer_id="demo-city",
        kind="city",
        parent=region,
        name_kk="Демо",
        name_ru="Демо",
        name_en="Demo City",
    )
    facility = Facility.objects.create(
        code="demo-ivs", kind="detention", name_en="Demo holding cell", place=city
    )
    assert complaint_for(facility=facility).region == region


def test_opening_a_case_registers_it_and_assigns_the_lawyers(personas, case_for) -> None:
    case = case_for()
    assert case.status == Case.Status.REGISTERED
    assert case.status_on == date(2022, 2, 1)
    assert list(case.lawyers.all()) == [personas.lawyer]
    complaint = case.complaints.get()
    assert complaint.case == case
    assert complaint.version == 2


def test_a_second_complaint_with_the_same_case_number_joins_the_existing_case(
    personas, case_for, complaint_for
) -> None:
    first = case_for(number="227500000777")
    other = complaint_for(person=make_person("Ахметова Динара"))
    joined = open_case(
        personas.lawyer,
        other,
        other.version,
        CaseDetails("227500000777", "prosecutor", date(2022, 2, 1)),
    )
    assert joined == first
    assert Case.objects.count() == 1
    assert first.complaints.count() == 2
    assert CaseStatusChange.objects.filter(case=first).count() == 1


def test_status_changes_move_the_case_and_keep_its_whole_history(personas, case_for) -> None:
    case = case_for()
    add_status_change(personas.lawyer, case, case.version, "under_investigation", date(2022, 3, 1))
    add_status_change(personas.lawyer, case, case.version, "suspended", date(2022, 6, 1))
    # Entered late, an earlier step goes into the history without becoming the status.
    add_status_change(personas.lawyer, case, case.version, "charges_brought", date(2022, 4, 1))
    case.refresh_from_db()
    assert (case.status, case.status_on) == ("suspended", date(2022, 6, 1))
    assert [c.status for c in case.status_changes.order_by("on")] == [
        "registered",
        "under_investigation",
        "charges_brought",
        "suspended",
    ]


def test_a_status_change_keeps_its_document_by_hash(personas, case_for) -> None:
    case = case_for()
    content = b"%PDF-1.4 fictional decision to suspend\n"
    change = add_status_change(
        personas.lawyer,
        case,
        case.version,
        "suspended",
        date(2022, 5, 1),
        document=document(content),
    )
    assert change.document.sha256 == hashlib.sha256(content).hexdigest()
    assert change.document.person == case.complaints.get().person


def test_a_status_change_before_the_case_was_opened_is_refused(personas, case_for) -> None:
    case = case_for()
    with pytest.raises(CaseWorkError, match="before the case was opened"):
        add_status_change(personas.lawyer, case, case.version, "closed", date(2021, 12, 1))
    assert case.status_changes.count() == 1


def test_two_edits_from_the_same_version_never_lose_an_update(personas, case_for) -> None:
    case = case_for()
    seen = case.version
    mine = Case.objects.get(pk=case.pk)
    theirs = Case.objects.get(pk=case.pk)
    add_status_change(personas.lawyer, mine, seen, "under_investigation", date(2022, 3, 1))
    with pytest.raises(EditConflict) as conflict:
        update_case(personas.admin, theirs, seen, CaseDetails("227500000001-X", "prosecutor", None))
    assert conflict.value.current_version == seen + 1
    assert "Someone else changed this case" in str(conflict.value)
    case.refresh_from_db()
    assert case.status == "under_investigation"
    assert case.number == "227500000001"


def test_a_follow_up_from_an_old_version_is_refused_and_the_newer_answer_kept(
    personas, complaint_for
) -> None:
    complaint = complaint_for()
    old = complaint.version
    follow_up(personas.admin, complaint, old, FollowUp(answered_on=date(2022, 2, 10)))
    stale = Complaint.objects.get(pk=complaint.pk)
    with pytest.raises(EditConflict):
        follow_up(personas.admin, stale, old, FollowUp(answer_note="overwrites nothing"))
    complaint.refresh_from_db()
    assert complaint.answered_on == date(2022, 2, 10)
    assert complaint.answer_note == ""


def test_only_lawyers_can_be_assigned_to_a_case(personas, case_for) -> None:
    case = case_for()
    with pytest.raises(CaseWorkError, match="not a lawyer"):
        assign_lawyers(personas.admin, case, case.version, [personas.documenter])
    assert list(case.lawyers.all()) == [personas.lawyer]


def test_every_case_work_write_is_in_the_audit_chain(personas, case_for) -> None:
    case = case_for()
    add_status_change(personas.lawyer, case, case.version, "closed", date(2022, 3, 1))
    assign_lawyers(personas.admin, case, case.version, [])
    entries = AuditEntry.objects.filter(object_id=str(case.pk))
    assert entries.filter(action="create", actor=personas.lawyer).exists()
    assert entries.filter(action="update", actor=personas.admin, detail={"lawyers": []}).exists()
    assert (
        AuditEntry.objects.filter(
            object_type="cases.casestatuschange", actor=personas.lawyer
        ).count()
        == 2
    )
    assert AuditEntry.objects.filter(object_type="cases.complaint", action="create").exists()


def test_a_complaint_keeps_names_and_numbers_as_keys_and_its_summary_only_as_tokens(
    personas, complaint_for
) -> None:
    complaint = complaint_for(summary="Избит в ИВС №3; Избит снова")
    words = complaint.search_text.split()
    assert {"serikbaev", "erlan", "askaruli"} <= set(words)
    assert complaint.search_text.isascii()
    assert not {"izbit", "ivs", "3", "snova"} & set(words)
    tokens = complaint.sealed_words.split()
    # izbit (once), v, ivs, 3, snova: five distinct words, none readable.
    assert len(tokens) == 5 and all(len(token) == 13 for token in tokens)
    assert not {"izbit", "ivs", "snova", "избит"} & set(tokens)
    with connection.cursor() as cursor:
        key = complaint.pk.hex if connection.vendor == "sqlite" else complaint.pk
        cursor.execute("SELECT summary FROM cases_complaint WHERE id = %s", [key])
        assert cursor.fetchone()[0].startswith(PREFIX)


def test_a_complaint_is_found_by_whole_words_of_its_summary_and_answer_in_either_script(
    personas, complaint_for
) -> None:
    beaten = complaint_for(summary="Избит в ИВС №3 сотрудниками")
    other = complaint_for(person=make_person("Ким Ольга"), summary="Задержана на площади")
    follow_up(
        personas.documenter,
        other,
        other.version,
        FollowUp(answer_note="Отказано в возбуждении дела"),
    )

    def found(query: str) -> list[str]:
        return [c.pk for c in complaint_list(personas.admin, CaseFilters(query=query))]

    assert found("избит") == [beaten.pk]
    assert found("IZBIT ivs") == [beaten.pk]
    assert found("Серікбаев избит") == [beaten.pk]  # a name's key and a summary's token
    assert found("отказано") == [other.pk]  # the authority's answer, added later
    assert found("площади Ким") == [other.pk]
    assert found("изби") == []  # sealed words are found whole, not by their start
    assert found("избит площади") == []


def test_sealed_words_are_keyed_to_the_data_folder(personas, complaint_for) -> None:
    """Another key (another office) makes other tokens: they are not a plain hash."""
    complaint = complaint_for(summary="Избит")
    ours = complaint.sealed_words
    keyring.lock()
    try:
        keyring.unlock(secrets.token_bytes(32))
        assert sealed_words(["Избит"], Complaint) != ours
        assert sealed_words(["Избит"], Complaint) == sealed_words(["IZBIT"], Complaint)
    finally:
        keyring.lock()
        keyring.unlock(SESSION_DATA_KEY)


def test_a_very_long_summary_keeps_the_search_text_within_an_index_entry(
    personas, complaint_for
) -> None:
    summary = " ".join(f"слово{n}" for n in range(5000))
    complaint = complaint_for(summary=summary)
    assert len(complaint.search_text) <= MAX_TEXT
    # Within PostgreSQL's 2,704-byte limit for the (search_text, sealed_words, id) entry.
    assert MAX_SEALED - 14 <= len(complaint.sealed_words) <= MAX_SEALED
    assert MAX_TEXT + MAX_SEALED + 100 < 2704
    assert Complaint.objects.filter(pk=complaint.pk).exists()
