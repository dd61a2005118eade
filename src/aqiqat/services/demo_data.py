"""Putting a generated demo world (aqiqat.demo) into the database, in bulk, with audit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.bulk import insert_rows
from aqiqat.apps.cases.models import AnswerDeadline, Case, CaseStatusChange, Complaint
from aqiqat.apps.figures.models import Measure, MemorialConsent, OfficialFigure
from aqiqat.apps.people.models import AllegationType, Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.sources.models import Record, Source
from aqiqat.apps.tracing.models import TracingRequest, TracingStatus, TracingStatusChange
from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, Sex
from aqiqat.demo.model import DemoList, DemoPerson, DemoWorld
from aqiqat.names import transliterate
from aqiqat.selectors.case_text import search_text
from aqiqat.services.cases.common import region_of
from aqiqat.services.cases.complaints import index_complaint_text
from aqiqat.services.cases.deadlines import due_on
from aqiqat.services.counts import recount
from aqiqat.services.gazetteer import sync_gazetteer
from aqiqat.services.person_status import (
    StatusOn,
    add_claims,
    assign,
    set_statuses,
    status_changes,
    status_of,
)
from aqiqat.services.record_fields import record_fields

BATCH = 2000
PROVENANCE = {
    "method": "demo ground truth (fictional data)",
    "note": "Demo persons are grouped by the generator's truth, not by linkage.",
}
FATE_STATUS = {
    "detained": PersonStatus.DETAINED,
    "released": PersonStatus.RELEASED,
    "injured": PersonStatus.INJURED,
    "missing": PersonStatus.MISSING,
    "killed": PersonStatus.KILLED,
}
SOURCE_KIND = {
    "official": Source.Kind.OFFICIAL,
    "ngo": Source.Kind.NGO,
    "media": Source.Kind.MEDIA,
    "relative": Source.Kind.RELATIVE,
    "morgue": Source.Kind.MORGUE,
    "hospital": Source.Kind.HOSPITAL,
    "detention_facility": Source.Kind.DETENTION_FACILITY,
}

# What each kind of demo complaint says, in the language such complaints are written in.
COMPLAINT_SUMMARY = {
    "ill_treatment": "Жалоба на избиение и пытки в месте содержания (вымышленная).",
    "killing": "Заявление о возбуждении уголовного дела по факту гибели (вымышленное).",
    "disappearance": "Заявление о розыске: местонахождение неизвестно (вымышленное).",
    "detention": "Жалоба на незаконное задержание и отказ в адвокате (вымышленная).",
}
# The generator's notes on ill-treatment, and the kind of ill-treatment each alleges.
ALLEGATION_BY_NOTE = {
    "alleges beatings during questioning": AllegationType.BEATING,
    "alleges beatings on arrest": AllegationType.BEATING,
    "alleges being held in a stress position": AllegationType.STRESS_POSITIONS,
}
# Days an authority has to answer in the demo (the prosecutor keeps the default 30).
DEMO_DEADLINES = {"ombudsman": 30, "un_body": 90, "international_ngo": 60}

M = TypeVar("M", bound=models.Model)


class DemoAlreadyLoaded(Exception):
    """The database already holds records; the demo is only for an empty one."""


@dataclass(frozen=True)
class DemoSummary:
    people: int
    records: int
    sources: int
    events: int
    complaints: int
    tracing_requests: int


def database_is_empty() -> bool:
    return not Record.objects.exists()


def load_demo(
    world: DemoWorld, actor: Any = None, progress: Callable[[str, int], None] | None = None
) -> DemoSummary:
    """Load the whole world in one transaction: all of it or nothing."""
    report = progress or (lambda _stage, _n: None)
    with transaction.atomic():
        if not database_is_empty():
            raise DemoAlreadyLoaded(
                "the database already holds records; the demo needs an empty one"
            )
        places = sync_gazetteer()
        facilities = _bulk(
            actor,
            (
                Facility(
                    code=f.facility_id,
                    kind=f.kind,
                    name_ru=f.name_ru,
                    name_kk=f.name_kk,
                    name_en=f.name_en,
                    place=places.get(f.place_id),
                    created_by=actor,
                )
                for f in world.facilities
            ),
        )
        facility_by_code = {f.code: f for f in facilities}
        reported = {truth for lst in world.lists for truth in lst.truth_ids}
        people = {p.truth_id: p for p in world.people if p.truth_id in reported}
        # A fate stands as of the person's last event (a release, a death, a sentence).
        last_event: dict[str, date] = {}
        for e in world.events:
            last_event[e.truth_id] = max(e.on, last_event.get(e.truth_id, e.on))
        persons = {
            truth: person
            for truth, person in zip(
                people,
                _bulk(
                    actor, (_person(p, last_event.get(p.truth_id), actor) for p in people.values())
                ),
                strict=True,
            )
        }
        report("people", len(persons))
        record_count = 0
        claims: dict[Any, StatusOn] = {}
        for demo_list in world.lists:
            source = _bulk(actor, [_source(demo_list, actor)])[0]
            loaded = _bulk(
                actor, _records(demo_list, source, persons, places, facility_by_code, actor)
            )
            for record in loaded:
                if record.person_id is not None:
                    add_claims(claims, record.person_id, [record])
            record_count += len(loaded)
            report(demo_list.name, len(demo_list.rows))
        _follow_claims(persons, claims, actor)
        events = _bulk(
            actor,
            (
                Event(
                    person=persons[e.truth_id],
                    kind=e.kind,
                    on=e.on,
                    on_precision="day",
                    place=places.get(e.place_id),
                    facility=facility_by_code.get(e.facility_id or ""),
                    allegation_type=ALLEGATION_BY_NOTE.get(e.note, "")
                    if e.kind == "ill_treatment"
                    else "",
                    description=e.note,
                    created_by=actor,
                )
                for e in world.events
                if e.truth_id in persons
            ),
        )
        report("events", len(events))
        complaints = _load_complaints(world, persons, facility_by_code, actor)
        requests = _load_tracing(world, persons, places, actor)
        _load_figures(persons, actor)
        recount()
    return DemoSummary(
        people=len(persons),
        records=record_count,
        sources=len(world.lists),
        events=len(events),
        complaints=complaints,
        tracing_requests=requests,
    )


def _person(p: DemoPerson, fate_on: date | None, actor: Any) -> Person:
    name = " ".join(part for part in (p.surname, p.given, p.patronymic) if part)
    return Person(
        display_name=name,
        display_name_latin=transliterate(name, "kz2021"),
        sex=Sex.MALE if p.sex == "M" else Sex.FEMALE,
        birth_year=p.birth_date.year,
        status=FATE_STATUS[p.fate],
        status_on=fate_on,
        # The generator dates its events to the day.
        status_on_precision=DatePrecision.DAY if fate_on else DatePrecision.UNKNOWN,
        provenance=PROVENANCE,
        created_by=actor,
    )


def _follow_claims(persons: dict[str, Person], claims: dict[Any, StatusOn], actor: Any) -> None:
    """Give each person what prevails of its fate and what its records claim, as linkage
    would give it, so that a re-link of the demo moves statuses only where its persons
    differ from the generator's."""
    by_pk = {person.pk: person for person in persons.values()}
    changes = status_changes(claims, {pk: status_of(p) for pk, p in by_pk.items()})
    set_statuses(actor, changes, "demo load: the prevailing status of its records")
    for change in changes:
        assign(by_pk[change.person_id], change.to)


def _source(demo_list: DemoList, actor: Any) -> Source:
    return Source(
        name=demo_list.name,
        kind=SOURCE_KIND.get(demo_list.source_kind, Source.Kind.OTHER),
        description=f"{demo_list.title} (fictional demo list)",
        channel=Source.Channel.FILE,
        file_name=demo_list.file_name,
        mapping={"columns": demo_list.columns, "encoding": demo_list.encoding},
        created_by=actor,
    )


def _records(
    demo_list: DemoList,
    source: Source,
    persons: dict[str, Person],
    places: dict[str, Place],
    facilities: dict[str, Facility],
    actor: Any,
) -> Iterable[Record]:
    id_header = demo_list.columns.get("record_id")
    # A morgue register lists the dead even where no column says so.
    default_status = (
        PersonStatus.KILLED if source.kind == Source.Kind.MORGUE else PersonStatus.UNKNOWN
    )
    for row_number, (row, truth) in enumerate(
        zip(demo_list.rows, demo_list.truth_ids, strict=True), start=1
    ):
        local_id = row.get(id_header, "") if id_header else ""
        fields = record_fields(row, demo_list.columns, default_status)
        fields["place"] = places.get(fields.pop("place_id", None) or "")
        yield Record(
            source=source,
            list_record_id=f"{demo_list.name}:{local_id or row_number}",
            raw=row,
            person=persons.get(truth),
            created_by=actor,
            **fields,
        )


def _load_complaints(
    world: DemoWorld, persons: dict[str, Person], facilities: dict[str, Facility], actor: Any
) -> int:
    """Complaints with their answers, cases and histories, kept as the services keep them."""
    _bulk(
        actor,
        (
            AnswerDeadline(authority=authority, days=days, created_by=actor)
            for authority, days in DEMO_DEADLINES.items()
        ),
    )
    complaints: list[Complaint] = []
    cases: list[Case] = []
    changes: list[CaseStatusChange] = []
    for demo in world.complaints:
        person = persons.get(demo.truth_id)
        if person is None:
            continue
        case = None
        if demo.case_number:
            status, status_on = demo.status_history[-1] if demo.status_history else ("", None)
            case = Case(
                number=demo.case_number,
                authority=demo.authority,
                opened_on=demo.status_history[0][1] if demo.status_history else None,
                status=status,
                status_on=status_on,
                search_text=search_text(
                    (
                        demo.case_number,
                        person.display_name,
                        person.display_name_latin,
                        demo.filed_by,
                    )
                ),
                created_by=actor,
            )
            cases.append(case)
            changes.extend(
                CaseStatusChange(case=case, status=status, on=on, created_by=actor)
                for status, on in demo.status_history
            )
        facility = facilities.get(demo.facility_id or "")
        complaint = Complaint(
            person=person,
            filed_by=demo.filed_by,
            authority=demo.authority,
            filed_on=demo.filed_on,
            summary=COMPLAINT_SUMMARY[demo.about],
            facility=facility,
            region=region_of(facility.place) if facility is not None else None,
            answer_due_on=due_on(demo.filed_on, demo.authority),
            answered_on=demo.answered_on,
            case=case,
            created_by=actor,
        )
        index_complaint_text(complaint)
        complaints.append(complaint)
    _bulk(actor, cases)
    _bulk(actor, changes)
    _bulk(actor, complaints)
    return len(complaints)


def _load_tracing(
    world: DemoWorld, persons: dict[str, Person], places: dict[str, Place], actor: Any
) -> int:
    requests = _bulk(
        actor,
        (
            TracingRequest(
                enquirer_name=t.enquirer_name,
                enquirer_contact=t.enquirer_contact,
                relationship=t.relationship,
                sought_name=t.sought_name,
                sought_birth_year=t.sought_birth_year,
                last_seen_on=t.last_seen_on,
                last_seen_place_text=_place_name(places, t.last_seen_place_id),
                created_by=actor,
            )
            for t in world.tracing_requests
        ),
    )
    history: dict[str, list[TracingStatusChange]] = defaultdict(list)
    for request in requests:
        history[str(request.pk)].append(
            TracingStatusChange(request=request, status=TracingStatus.OPEN, created_by=actor)
        )
    _bulk(actor, [change for changes in history.values() for change in changes])
    return len(requests)


def _place_name(places: dict[str, Place], place_id: str | None) -> str:
    place = places.get(place_id or "")
    return place.name_ru if place else ""


def _bulk(actor: Any, objects: Iterable[M]) -> list[M]:
    """bulk_create in batches, with one audit entry per created row."""
    created: list[M] = []
    batch: list[M] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            created.extend(_flush(actor, batch))
            batch = []
    if batch:
        created.extend(_flush(actor, batch))
    return created


def _flush(actor: Any, batch: list[M]) -> list[M]:
    insert_rows(batch)
    label = type(batch[0])._meta.label_lower
    write_entries(
        actor, [PendingEntry("create", label, str(obj.pk), {"via": "demo"}) for obj in batch]
    )
    return batch


# The official toll is a public figure about a public event; everything else is fictional.
OFFICIAL_TOLL = {
    "value": 227,
    "said_by": "Prosecutor General's Office",
    "document": "Prosecutor General's Office statement on the January events",
    "stated_on": date(2022, 1, 15),
}
MEMORIAL_CONSENTS = 12


def _load_figures(persons: dict[str, Person], actor: Any) -> None:
    """The official toll, and a few families' (fictional) consent to the memorial."""
    _bulk(
        actor,
        [OfficialFigure(measure=Measure.KILLED, created_by=actor, **OFFICIAL_TOLL)],
    )
    killed = [p for p in persons.values() if p.status == PersonStatus.KILLED]
    _bulk(
        actor,
        (
            MemorialConsent(
                person=person,
                given_by="a relative (fictional demo consent)",
                given_on=date(2022, 3, 1),
                created_by=actor,
            )
            for person in killed[:MEMORIAL_CONSENTS]
        ),
    )
