"""The one row model every export format writes: a record as a flat row of typed cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from aqiqat.apps.sources.models import Record
from aqiqat.apps.vocabulary import DatePrecision
from aqiqat.names import transliterate

Cell = str | int | bool | None
Row = dict[str, Cell]


@dataclass(frozen=True)
class Column:
    name: str
    hxl: str
    value: Callable[[Record], Cell]


def date_text(value: date | None, precision: str) -> str:
    """A date written only as precisely as it is known: 2022-01-05, 2022-01 or 2022."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()


def utc_text(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _list_name(record: Record) -> str:
    # Ids from a list are "<list>:<id or row>"; the id part may itself hold colons.
    return record.list_record_id.partition(":")[0] if record.list_record_id else ""


BASE_COLUMNS: tuple[Column, ...] = (
    Column("record_id", "#meta+id", lambda r: r.public_id),
    Column("list", "#meta+list", _list_name),
    Column("source", "#meta+source", lambda r: r.source.name),
    Column("source_kind", "#meta+source+type", lambda r: r.source.kind),
    Column("entered_at", "#date+entered", lambda r: utc_text(r.created_at)),
    Column("full_name", "#affected+name", lambda r: r.full_name),
    Column("name_latin", "#affected+name+latin", lambda r: transliterate(r.full_name, "kz2021")),
    Column("name_script", "#affected+name+script", lambda r: r.name_script),
    Column("surname", "#affected+name+family", lambda r: r.surname),
    Column("given_name", "#affected+name+given", lambda r: r.given_name),
    Column("patronymic", "#affected+name+patronymic", lambda r: r.patronymic),
    Column("sex", "#affected+sex", lambda r: r.sex),
    Column("birth_date", "#date+birth", lambda r: date_text(r.birth_date, r.birth_date_precision)),
    Column("birth_date_precision", "#date+birth+precision", lambda r: r.birth_date_precision),
    Column("birth_year_min", "#date+birth+year+min", lambda r: r.birth_year_min),
    Column("birth_year_max", "#date+birth+year+max", lambda r: r.birth_year_max),
    Column("age", "#affected+age", lambda r: r.age),
    Column("place", "#loc+name", lambda r: r.place_text),
    Column("place_id", "#loc+code", lambda r: r.place.gazetteer_id if r.place else ""),
    Column("place_en", "#loc+name+i_en", lambda r: r.place.name_en if r.place else ""),
    Column(
        "event_date", "#date+occurred", lambda r: date_text(r.event_date, r.event_date_precision)
    ),
    Column("event_date_precision", "#date+occurred+precision", lambda r: r.event_date_precision),
    Column("status", "#status", lambda r: r.claimed_status),
    Column("facility", "#loc+facility+name", lambda r: r.facility_text),
    Column("facility_id", "#loc+facility+code", lambda r: r.facility.code if r.facility else ""),
    Column("person_id", "#affected+id", lambda r: str(r.person_id) if r.person_id else ""),
    Column("consent_publish", "#meta+consent+publish", lambda r: r.consent_publish),
    Column(
        "consent_share_authorities",
        "#meta+consent+authorities",
        lambda r: r.consent_share_authorities,
    ),
    Column(
        "consent_share_international",
        "#meta+consent+international",
        lambda r: r.consent_share_international,
    ),
)

# Only for admins who asked for retracted records: without them such rows would pass as live.
RETRACTION_COLUMNS: tuple[Column, ...] = (
    Column("retracted_at", "#meta+retracted+date", lambda r: utc_text(r.retracted_at)),
    Column("retraction_reason", "#meta+retracted+reason", lambda r: r.retraction_reason),
)

SENSITIVE_COLUMNS: dict[str, Column] = {
    "testimony": Column("testimony", "#description+testimony", lambda r: r.testimony),
    "medical_details": Column(
        "medical_details", "#description+medical", lambda r: r.medical_details
    ),
    "informant_contact": Column(
        "informant_contact", "#contact+informant", lambda r: r.informant_contact
    ),
}


def to_row(record: Record, columns: tuple[Column, ...]) -> Row:
    return {column.name: column.value(record) for column in columns}
