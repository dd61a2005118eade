"""The demo world: a fictional population and the sources that report on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Sex = Literal["M", "F"]
Fate = Literal["detained", "released", "injured", "missing", "killed"]
FacilityKind = Literal["detention", "hospital", "morgue"]
EventKind = Literal[
    "detention",
    "transfer",
    "release",
    "charge",
    "sentence",
    "ill_treatment",
    "injury",
    "death",
    "disappearance",
    "found",
]
SourceKind = Literal[
    "official", "ngo", "media", "relative", "morgue", "hospital", "detention_facility"
]
FileFormat = Literal["csv", "xlsx", "json"]
Authority = Literal["prosecutor", "ombudsman", "un_body", "international_ngo"]
ComplaintAbout = Literal["ill_treatment", "killing", "disappearance", "detention"]
ComplaintStatus = Literal[
    "registered",
    "under_investigation",
    "suspended",
    "closed",
    "charges_brought",
    "in_court",
    "verdict",
]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One fictional human being, with the name as written in their own documents."""

    truth_id: str
    sex: Sex
    ethnicity: str
    surname: str
    given: str
    patronymic: str
    birth_date: date
    home_place_id: str
    fate: Fate
    father_given: str = ""  # in the name pool's own spelling; "" when no patronymic
    father_id: str | None = None


@dataclass(frozen=True, slots=True)
class DemoFacility:
    """A detention centre, hospital or morgue in one place."""

    facility_id: str
    kind: FacilityKind
    name_ru: str
    name_kk: str
    name_en: str
    place_id: str


@dataclass(frozen=True, slots=True)
class DemoEvent:
    """What happened to one person, on one day."""

    truth_id: str
    kind: EventKind
    on: date
    place_id: str
    facility_id: str | None
    note: str


@dataclass(frozen=True, slots=True)
class DemoList:
    """One source's list, cell by cell as its file holds it, with the truth behind each row."""

    name: str
    source_kind: SourceKind
    title: str
    file_format: FileFormat
    encoding: str
    columns: dict[str, str]
    rows: list[dict[str, str]]
    truth_ids: list[str]
    reports_deaths: bool = True

    @property
    def headers(self) -> list[str]:
        """The file's header row, in column order."""
        return list(self.columns.values())

    @property
    def file_name(self) -> str:
        """The list's file name, relative to the mapping file."""
        return f"lists/{self.name}.{self.file_format}"


@dataclass(frozen=True, slots=True)
class DemoComplaint:
    """A complaint filed for one person, and what became of it.

    A complaint that led to a case has a case number and the case's status history; one
    answered without a case has `answered_on`; one with neither is still waiting.
    """

    truth_id: str
    filed_by: str
    authority: Authority
    filed_on: date
    case_number: str | None
    status_history: list[tuple[ComplaintStatus, date]]
    about: ComplaintAbout = "ill_treatment"
    facility_id: str | None = None
    answered_on: date | None = None


@dataclass(frozen=True, slots=True)
class DemoTracingRequest:
    """A relative's enquiry; truth_id is None when the sought person is not in the world."""

    truth_id: str | None
    enquirer_name: str
    relationship: str
    enquirer_contact: str
    sought_name: str
    sought_birth_year: int | None
    last_seen_on: date | None
    last_seen_place_id: str | None


@dataclass(slots=True)
class DemoWorld:
    """Everything generate() makes for one seed."""

    seed: int
    people: list[DemoPerson]
    facilities: list[DemoFacility]
    events: list[DemoEvent]
    lists: list[DemoList]
    complaints: list[DemoComplaint] = field(default_factory=list)
    tracing_requests: list[DemoTracingRequest] = field(default_factory=list)
