"""Recording an interview: one source, one record as typed, its events and its files."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from django.db import models, transaction
from django.utils import timezone

from aqiqat.apps.audit.log import acting_as, write_entry
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.sources.models import Record, Source
from aqiqat.apps.vocabulary import DatePrecision, PersonStatus
from aqiqat.names import transliterate
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.people import access_person
from aqiqat.services.counts import counts_kept
from aqiqat.services.evidence import store_evidence
from aqiqat.services.person_status import take_events
from aqiqat.services.record_fields import record_fields
from aqiqat.services.tracing.enquiries import match_new_records


class InterviewError(ValueError):
    """The answers cannot be recorded as given; nothing was written."""


@dataclass(frozen=True)
class EventSection:
    """The answers that describe one kind of event, by their keys."""

    kind: Event.Kind
    on: str
    place: str = ""
    unit: str = ""
    facility: str = ""
    detail: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in (self.on, self.place, self.unit, self.facility, self.detail) if k)


EVENT_SECTIONS: tuple[EventSection, ...] = (
    EventSection(
        Event.Kind.DETENTION,
        on="detained_on",
        place="detained_at",
        unit="detained_by",
        facility="held_at",
    ),
    EventSection(Event.Kind.RELEASE, on="released_on"),
    EventSection(Event.Kind.CHARGE, on="charged_on", detail="charge"),
    EventSection(Event.Kind.INJURY, on="injured_on", place="injured_at"),
    EventSection(Event.Kind.DEATH, on="killed_on", place="killed_at"),
    EventSection(Event.Kind.DISAPPEARANCE, on="missing_since", place="last_seen_at"),
    EventSection(
        Event.Kind.ILL_TREATMENT,
        on="ill_treated_on",
        place="ill_treated_at",
        unit="ill_treated_by",
        detail="ill_treatment",
    ),
)

# The record's own answers, read through a mapping like a list row's cells. The record's
# date is that of the first event told (see _columns).
RECORD_COLUMNS = {
    "full_name": "full_name",
    "birth_date": "birth_date",
    "age": "age",
    "sex": "sex",
    "place": "place",
    "facility": "held_at",
    "contact": "informant_contact",
    "notes": "testimony",
    # Not a list column: named so the person page hides the raw cell from other roles.
    "medical": "medical_details",
}
CONSENT_KEYS = ("consent_publish", "consent_share_authorities", "consent_share_international")
CONSENT_VALUES = {"yes": True, "no": False, "not_asked": None}
ANSWER_KEYS = frozenset(
    {
        *RECORD_COLUMNS.values(),
        *(key for section in EVENT_SECTIONS for key in section.keys),
        "status",
        "source_kind",
        "channel",
        "received_on",
        *CONSENT_KEYS,
    }
)
INTERVIEW_CHANNELS = (Source.Channel.IN_PERSON, Source.Channel.PHONE, Source.Channel.MESSENGER)
# The event that dates a person's status, when the interview told of one.
STATUS_EVENTS = {
    PersonStatus.DETAINED: Event.Kind.DETENTION,
    PersonStatus.RELEASED: Event.Kind.RELEASE,
    PersonStatus.INJURED: Event.Kind.INJURY,
    PersonStatus.MISSING: Event.Kind.DISAPPEARANCE,
    PersonStatus.KILLED: Event.Kind.DEATH,
}
PROVENANCE_METHOD = "created at intake"


@dataclass(frozen=True)
class EvidenceFile:
    """A file handed over at the interview, as uploaded."""

    stream: BinaryIO
    name: str
    media_type: str


def record_interview(
    actor: Any,
    answers: Mapping[str, str],
    files: Sequence[EvidenceFile] = (),
    person_id: str | uuid.UUID | None = None,
) -> Record:
    """Write the interview in one transaction and return its record.

    `answers` are the documenter's entries, keyed as in ANSWER_KEYS and exactly as typed;
    empty answers are left out of the record. With `person_id` (a suggestion she picked) the
    record joins that person; otherwise a new person is derived from the record.
    """
    unknown = sorted(set(answers) - ANSWER_KEYS)
    if unknown:
        raise InterviewError(f"unknown answers: {', '.join(unknown)}")
    raw = {key: value for key, value in answers.items() if value.strip()}
    if not raw.get("full_name"):
        raise InterviewError("an interview needs the person's name")
    status = _choice(PersonStatus, raw.get("status", PersonStatus.UNKNOWN), "status")
    kind = _choice(Source.Kind, raw.get("source_kind", ""), "source_kind")
    channel = _choice(Source.Channel, raw.get("channel", ""), "channel")
    if channel not in INTERVIEW_CHANNELS:
        raise InterviewError(f"channel: an interview is not received by {channel}")
    received_on = _received_on(raw.get("received_on", ""))
    consents = {key: _consent(raw.get(key, "not_asked"), key) for key in CONSENT_KEYS}

    with transaction.atomic(), acting_as(actor):
        person = _picked_person(actor, person_id) if person_id else None
        with counts_kept(person.pk if person else None) as touched:
            source = Source.objects.create(
                name=f"interview-{received_on.isoformat()}-{uuid.uuid4().hex[:12]}",
                kind=kind,
                channel=channel,
                received_on=received_on,
                description="interview recorded with the interview form",
                mapping={"columns": _columns(raw)},
            )
            fields = record_fields(raw, source.mapping["columns"], PersonStatus(status))
            facility = _facility(fields["facility_text"])
            record = Record(
                source=source,
                raw=raw,
                place=_place(fields.pop("place_id")),
                facility=facility,
                medical_details=raw.get("medical_details", "").strip(),
                **fields,
                **consents,
            )
            events = [
                _event(section, raw, facility)
                for section in EVENT_SECTIONS
                if any(raw.get(key) for key in section.keys)
            ]
            if person is None:
                person = _new_person(record, events)
                touched.add(person.pk)
            record.person = person
            record.save()
            for event in events:
                event.person = person
                event.save()
                event.records.add(record)
                # Adding to a many-to-many relation does not go through the audited save.
                write_entry(
                    actor=actor, action="link", obj=event, detail={"record": str(record.pk)}
                )
            take_events(actor, person, events, "interview: the prevailing status")
            for upload in files:
                store_evidence(
                    upload.stream,
                    original_name=upload.name,
                    media_type=upload.media_type or "application/octet-stream",
                    actor=actor,
                    person=person,
                    record=record,
                    description="handed over at an interview",
                )
        match_new_records(Record.objects.filter(pk=record.pk), actor)
    return record


def _columns(raw: Mapping[str, str]) -> dict[str, str]:
    columns = dict(RECORD_COLUMNS)
    dated = [section.on for section in EVENT_SECTIONS if raw.get(section.on)]
    # An age told at the interview is an age on the day of the first event told, or on the
    # day of the interview when no event has a date.
    columns["event_date"] = dated[0] if dated else "received_on"
    return columns


def _event(section: EventSection, raw: dict[str, str], facility: Facility | None) -> Event:
    columns = {"event_date": section.on}
    if section.place:
        columns["place"] = section.place
    parsed = record_fields(raw, columns)
    details = [raw.get(section.detail, "").strip()] if section.detail else []
    if section.facility and raw.get(section.facility) and facility is None:
        # A facility the gazetteer does not know is kept as she typed it.
        details.append(raw[section.facility].strip())
    return Event(
        kind=section.kind,
        on=parsed["event_date"],
        on_precision=parsed["event_date_precision"],
        place=_place(parsed["place_id"]),
        facility=facility if section.facility else None,
        perpetrator_unit=raw.get(section.unit, "").strip() if section.unit else "",
        description="\n".join(text for text in details if text),
    )


def _new_person(record: Record, events: list[Event]) -> Person:
    years = (record.birth_year_min, record.birth_year_max)
    status_kind = STATUS_EVENTS.get(PersonStatus(record.claimed_status))
    dated = next((e for e in events if e.kind == status_kind and e.on), None)
    return Person.objects.create(
        display_name=record.full_name,
        display_name_latin=transliterate(record.full_name, "kz2021"),
        sex=record.sex,
        birth_year=years[0] if years[0] is not None and years[0] == years[1] else None,
        status=record.claimed_status,
        status_on=dated.on if dated else None,
        status_on_precision=dated.on_precision if dated else DatePrecision.UNKNOWN,
        provenance={
            "method": PROVENANCE_METHOD,
            "record": str(record.pk),
            "birth_years": list(years) if years[0] is not None else None,
        },
    )


def _picked_person(actor: Any, person_id: str | uuid.UUID) -> Person:
    # Checked as the actor: a picked id she may not see is refused like a missing one.
    try:
        return access_person(actor, person_id)
    except NotFound as exc:
        raise InterviewError("the person picked is not known") from exc


def _place(gazetteer_id: str | None) -> Place | None:
    return Place.objects.filter(gazetteer_id=gazetteer_id).first() if gazetteer_id else None


def _facility(text: str) -> Facility | None:
    """The one facility whose name she picked or typed in full, in any of its languages."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    # Compared in Python: SQLite folds the case of ASCII letters only.
    found = [
        facility
        for facility in Facility.objects.all()
        if wanted
        in {
            name.casefold()
            for name in (facility.code, facility.name_en, facility.name_ru, facility.name_kk)
        }
    ]
    return found[0] if len(found) == 1 else None


def _choice(choices: type[models.TextChoices], value: str, key: str) -> str:
    if value in choices.values:
        return value
    raise InterviewError(f"{key}: {value!r} is not one of the choices")


def _consent(value: str, key: str) -> bool | None:
    if value not in CONSENT_VALUES:
        raise InterviewError(f"{key}: answer yes, no or not_asked")
    return CONSENT_VALUES[value]


def _received_on(value: str) -> date:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else timezone.localdate()
    except ValueError as exc:
        raise InterviewError(f"received_on: {value!r} is not a date (YYYY-MM-DD)") from exc
