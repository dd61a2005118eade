"""record_interview: the answers kept as typed, events, files, consent, person, audit."""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import Path

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.audit.verify import verify_chain
from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Facility
from aqiqat.apps.sources.models import Record, Source
from aqiqat.services.evidence import evidence_chunks
from aqiqat.services.intake.interview import (
    PROVENANCE_METHOD,
    EvidenceFile,
    InterviewError,
    record_interview,
)
from tests.factories import make_person, make_record
from tests.interview.conftest import interview_answers

pytestmark = pytest.mark.django_db


def test_the_record_keeps_every_answer_exactly_as_typed(personas) -> None:
    answers = interview_answers(full_name="  ТОҚАЕВ  Нұрлан ", birth_date="около 1990", age="")
    record = record_interview(personas.documenter, answers)
    record.refresh_from_db()
    assert record.raw == {key: value for key, value in answers.items() if value}
    assert record.raw["full_name"] == "  ТОҚАЕВ  Нұрлан "
    assert record.full_name == "ТОҚАЕВ  Нұрлан"
    assert record.name_script == "kazakh_cyrillic"
    assert record.name_key == "tokaev nurlan"
    assert (record.birth_year_min, record.birth_year_max) == (1990, 1990)
    assert record.claimed_status == "detained"
    assert record.place is not None and record.place.gazetteer_id == "kz-almaty"
    assert record.informant_contact == "мать, +7 701 000 00 00"
    assert record.testimony == "Забрали с площади, три дня не давали воды."
    assert record.source.kind == Source.Kind.RELATIVE
    assert record.source.channel == Source.Channel.IN_PERSON
    assert record.source.received_on.isoformat() == "2022-01-20"


def test_an_age_is_read_against_the_date_of_what_happened(personas) -> None:
    record = record_interview(personas.documenter, interview_answers(birth_date="", age="31"))
    assert (record.birth_year_min, record.birth_year_max) == (1990, 1991)
    assert record.event_date.isoformat() == "2022-01-06"


def test_each_part_of_what_happened_becomes_an_event_supported_by_the_record(personas) -> None:
    answers = interview_answers(
        released_on="январь 2022",
        charged_on="10.01.2022",
        charge="ст. 272 УК РК",
        ill_treated_on="07.01.2022",
        ill_treated_at="ИВС",
        ill_treated_by="следователь",
        ill_treatment="били дубинками",
        medical_details="сломано ребро; в больницу не пустили",
        missing_since="",
    )
    record = record_interview(personas.documenter, answers)
    events = {event.kind: event for event in Event.objects.all()}
    assert set(events) == {"detention", "release", "charge", "ill_treatment"}
    for event in events.values():
        assert list(event.records.all()) == [record]
        assert event.person == record.person
    detention = events["detention"]
    assert detention.on.isoformat() == "2022-01-06"
    assert detention.on_precision == "day"
    assert detention.place is not None and detention.place.gazetteer_id == "kz-almaty"
    assert detention.perpetrator_unit == "СОБР, в масках"
    assert detention.description == "ИВС ДП г. Алматы"  # no such facility known: kept as typed
    assert events["release"].on_precision == "month"
    assert events["charge"].description == "ст. 272 УК РК"
    ill_treatment = events["ill_treatment"]
    assert ill_treatment.perpetrator_unit == "следователь"
    assert ill_treatment.description == "били дубинками"
    # Injuries and medical help are sensitive: on the record, not on the public timeline.
    assert record.medical_details == "сломано ребро; в больницу не пустили"
    assert "ребро" not in ill_treatment.description


def test_a_facility_the_system_knows_is_linked_by_its_name(personas, acting) -> None:
    facility = Facility.objects.create(
        code="ivs-almaty",
        kind=Facility.Kind.DETENTION,
        name_en="Almaty IVS",
        name_ru="ИВС ДП г. Алматы",
    )
    record = record_interview(personas.documenter, interview_answers(held_at="ивс дп г. алматы"))
    detention = Event.objects.get(kind="detention")
    assert record.facility == facility
    assert detention.facility == facility
    assert detention.description == ""


def test_files_are_stored_with_their_hash_and_a_chain_of_custody(
    personas, evidence_dir: Path
) -> None:
    photo = b"\xff\xd8\xff\xe0 fictional bruise photo"
    report = "Справка: ушиб грудной клетки".encode()
    record = record_interview(
        personas.documenter,
        interview_answers(),
        [
            EvidenceFile(io.BytesIO(photo), "синяк.jpg", "image/jpeg"),
            EvidenceFile(io.BytesIO(report), "справка.txt", "text/plain"),
        ],
    )
    stored = {e.original_name: e for e in Evidence.objects.all()}
    assert set(stored) == {"синяк.jpg", "справка.txt"}
    for name, content in (("синяк.jpg", photo), ("справка.txt", report)):
        evidence = stored[name]
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert evidence.size == len(content)
        assert evidence.record == record
        assert evidence.person == record.person
        assert b"".join(evidence_chunks(evidence)) == content
        assert evidence.custody.get().action == CustodyEntry.Action.RECEIVED
    assert stored["синяк.jpg"].media_type == "image/jpeg"


def test_consent_is_stored_as_yes_no_or_not_asked(personas) -> None:
    record = record_interview(personas.documenter, interview_answers())
    assert record.consent_publish is True
    assert record.consent_share_authorities is False
    assert record.consent_share_international is None


def test_without_a_pick_a_new_person_is_derived_from_the_record(personas) -> None:
    record = record_interview(personas.documenter, interview_answers())
    person = record.person
    assert person is not None
    assert person.display_name == "Тоқаев Нұрлан Ерланұлы"
    assert person.display_name_latin == "Toqaev Nūrlan Erlanūly"
    assert person.sex == "M"
    assert person.birth_year == 1990
    assert person.status == "detained"
    assert person.status_on.isoformat() == "2022-01-06"
    assert person.provenance["method"] == PROVENANCE_METHOD == "created at intake"
    assert person.provenance["record"] == str(record.pk)


def test_a_picked_person_receives_the_record_and_no_person_is_added(personas, acting) -> None:
    known = make_person("Тоқаев Нұрлан Ерланұлы")
    make_record(person=known)
    record = record_interview(personas.documenter, interview_answers(), person_id=str(known.pk))
    assert record.person == known
    assert Person.objects.count() == 1
    assert Event.objects.get().person == known


def test_a_pick_that_does_not_exist_is_refused_and_nothing_is_written(personas) -> None:
    with pytest.raises(InterviewError):
        record_interview(personas.documenter, interview_answers(), person_id=str(uuid.uuid4()))
    assert not Source.objects.exists()
    assert not Record.objects.exists()
    assert not Person.objects.exists()


def test_a_failure_while_storing_a_file_leaves_no_trace_of_the_interview(
    personas, evidence_dir: Path
) -> None:
    class BrokenStream(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError("the phone's upload was cut off")

    with pytest.raises(OSError):
        record_interview(
            personas.documenter,
            interview_answers(),
            [EvidenceFile(BrokenStream(), "video.mp4", "video/mp4")],
        )
    for model in (Source, Record, Person, Event, Evidence):
        assert not model.objects.exists()


def test_every_row_written_is_in_the_audit_log_under_the_documenter(
    personas, evidence_dir: Path
) -> None:
    before = AuditEntry.objects.count()
    record = record_interview(
        personas.documenter,
        interview_answers(),
        [EvidenceFile(io.BytesIO(b"scan"), "scan.pdf", "application/pdf")],
    )
    event = Event.objects.get()
    evidence = Evidence.objects.get()
    entries = AuditEntry.objects.filter(seq__gt=before)
    assert {e.actor for e in entries} == {personas.documenter}
    written = {(e.action, e.object_type, e.object_id) for e in entries}
    assert written >= {
        ("create", "sources.source", str(record.source_id)),
        ("create", "sources.record", str(record.pk)),
        ("create", "people.person", str(record.person_id)),
        ("create", "people.event", str(event.pk)),
        ("link", "people.event", str(event.pk)),
        ("create", "evidence.evidence", str(evidence.pk)),
        ("create", "evidence.custodyentry", str(evidence.custody.get().pk)),
    }
    assert verify_chain().intact


def test_hostile_text_is_stored_verbatim(personas) -> None:
    hostile = '<script>alert("x")</script>=HYPERLINK("http://x")'
    record = record_interview(
        personas.documenter, interview_answers(full_name=hostile, testimony=hostile)
    )
    record.refresh_from_db()
    assert record.raw["full_name"] == hostile
    assert record.raw["testimony"] == hostile
    assert record.testimony == hostile


def test_answers_outside_the_form_are_refused(personas) -> None:
    with pytest.raises(InterviewError, match="unknown answers: is_admin"):
        record_interview(personas.documenter, interview_answers(is_admin="yes"))
    with pytest.raises(InterviewError, match="channel"):
        record_interview(personas.documenter, interview_answers(channel="file"))
    with pytest.raises(InterviewError, match="consent_publish"):
        record_interview(personas.documenter, interview_answers(consent_publish="maybe"))
    assert not Record.objects.exists()
