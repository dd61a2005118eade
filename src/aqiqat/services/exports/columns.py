"""The one row model every export format writes: a record as a flat row of typed cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aqiqat.apps.vocabulary import partial_date_text
from aqiqat.names import transliterate

Cell = str | int | bool | None
Row = dict[str, Cell]
# One record as read from the database: Record field names (and source__name…) to values.
Values = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    hxl: str
    fields: tuple[str, ...]
    value: Callable[[Values], Cell]


def text(name: str, hxl: str, field: str = "") -> Column:
    """A text column; missing values (no related place, say) are empty text."""
    source = field or name
    return Column(name, hxl, (source,), lambda v: v[source] or "")


def typed(name: str, hxl: str, field: str = "") -> Column:
    """A number or yes/no column, kept empty (None) when unknown."""
    source = field or name
    return Column(name, hxl, (source,), lambda v: v[source])


def dated(name: str, hxl: str, field: str) -> Column:
    precision = f"{field}_precision"
    return Column(
        name, hxl, (field, precision), lambda v: partial_date_text(v[field], v[precision])
    )


def utc_text(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def moment(name: str, hxl: str, field: str) -> Column:
    return Column(name, hxl, (field,), lambda v: utc_text(v[field]))


BASE_COLUMNS: tuple[Column, ...] = (
    # The id scripts know a record by, as Record.public_id gives it.
    Column(
        "record_id",
        "#meta+id",
        ("list_record_id", "id"),
        lambda v: v["list_record_id"] or str(v["id"]),
    ),
    # Ids from a list are "<list>:<id or row>"; the id part may itself hold colons.
    Column(
        "list", "#meta+list", ("list_record_id",), lambda v: v["list_record_id"].partition(":")[0]
    ),
    text("source", "#meta+source", "source__name"),
    text("source_kind", "#meta+source+type", "source__kind"),
    moment("entered_at", "#date+entered", "created_at"),
    text("full_name", "#affected+name"),
    Column(
        "name_latin",
        "#affected+name+latin",
        ("full_name",),
        lambda v: transliterate(v["full_name"], "kz2021"),
    ),
    text("name_script", "#affected+name+script"),
    text("surname", "#affected+name+family"),
    text("given_name", "#affected+name+given"),
    text("patronymic", "#affected+name+patronymic"),
    text("sex", "#affected+sex"),
    dated("birth_date", "#date+birth", "birth_date"),
    text("birth_date_precision", "#date+birth+precision"),
    typed("birth_year_min", "#date+birth+year+min"),
    typed("birth_year_max", "#date+birth+year+max"),
    typed("age", "#affected+age"),
    text("place", "#loc+name", "place_text"),
    text("place_id", "#loc+code", "place__gazetteer_id"),
    text("place_en", "#loc+name+i_en", "place__name_en"),
    dated("event_date", "#date+occurred", "event_date"),
    text("event_date_precision", "#date+occurred+precision"),
    text("status", "#status", "claimed_status"),
    text("facility", "#loc+facility+name", "facility_text"),
    text("facility_id", "#loc+facility+code", "facility__code"),
    Column("person_id", "#affected+id", ("person_id",), lambda v: str(v["person_id"] or "")),
    typed("consent_publish", "#meta+consent+publish"),
    typed("consent_share_authorities", "#meta+consent+authorities"),
    typed("consent_share_international", "#meta+consent+international"),
)

# Only for admins who asked for retracted records: without them such rows would pass as live.
RETRACTION_COLUMNS: tuple[Column, ...] = (
    moment("retracted_at", "#meta+retracted+date", "retracted_at"),
    text("retraction_reason", "#meta+retracted+reason"),
)

SENSITIVE_COLUMNS: dict[str, Column] = {
    "testimony": text("testimony", "#description+testimony"),
    "medical_details": text("medical_details", "#description+medical"),
    "informant_contact": text("informant_contact", "#contact+informant"),
}


def fields_of(columns: tuple[Column, ...]) -> list[str]:
    """The database fields the columns read, each once, for QuerySet.values()."""
    return list(dict.fromkeys(field for column in columns for field in column.fields))


def to_row(values: Values, columns: tuple[Column, ...]) -> Row:
    return {column.name: column.value(values) for column in columns}
