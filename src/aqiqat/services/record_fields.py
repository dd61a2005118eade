"""Turning one row of a list, read through its column mapping, into Record fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, Sex
from aqiqat.names import (
    ParsedDate,
    ParsedName,
    birth_year_range,
    parse_age,
    parse_date,
    parse_name,
    resolve_place,
)
from aqiqat.names import Sex as NameSex

# Word stems lists use for a person's status, in Russian, Kazakh and English.
STATUS_WORDS = {
    PersonStatus.DETAINED: (
        "detained",
        "arrested",
        "held",
        "in custody",
        "charged",
        "convicted",
        "sentenced",
        "задержа",
        "арестов",
        "содерж",
        "под страж",
        "в ивс",
        "в сизо",
        "обвиняем",
        "осужд",
        "забрали в полиц",
        "ұстал",
        "қамау",
        "қамал",
        "сотталд",
    ),
    PersonStatus.RELEASED: (
        "released",
        "freed",
        "освобожд",
        "отпустил",
        "отпущен",
        "выпустил",
        "под залог",
        "босатыл",
        "босады",
    ),
    PersonStatus.INJURED: ("injured", "wounded", "ранен", "выписан", "жарақат", "жаралан"),
    PersonStatus.IN_HOSPITAL: (
        "in hospital",
        "hospitalised",
        "hospitalized",
        "на лечении",
        "больниц",
        "госпитал",
        "аурухана",
        "емделу",
    ),
    PersonStatus.MISSING: (
        "missing",
        "disappeared",
        "пропал",
        "без вести",
        "не выходит на связь",
        "не можем найти",
        "хабарсыз",
        "хабар-ошарсыз",
        "табылмай",
    ),
    PersonStatus.KILLED: (
        "killed",
        "dead",
        "died",
        "погиб",
        "убит",
        "умер",
        "скончал",
        "қаза",
        "қайтыс",
        "өлтіріл",
    ),
    PersonStatus.FOUND: ("found alive", "найден жив", "тірі табылды"),
}
SEX_WORDS = {
    Sex.MALE: ("m", "м", "male", "муж", "мужской", "ер", "еркек"),
    Sex.FEMALE: ("f", "ж", "female", "жен", "женский", "әйел"),
}


def cell(row: dict[str, str], columns: dict[str, str], name: str) -> str:
    header = columns.get(name)
    return (row.get(header) or "").strip() if header else ""


@dataclass(frozen=True)
class ParsedRow:
    """A row's Record fields, with what the parsers said, for checking and previews."""

    fields: dict[str, Any]
    name: ParsedName
    birth: ParsedDate
    event: ParsedDate
    age_text: str


# Lists repeat the same dates, places and status words thousands of times.
_parse_date = lru_cache(maxsize=65_536)(parse_date)
_parse_age = lru_cache(maxsize=4_096)(parse_age)
_resolve_place = lru_cache(maxsize=16_384)(resolve_place)


def read_row(
    row: dict[str, str],
    columns: dict[str, str],
    default_status: PersonStatus = PersonStatus.UNKNOWN,
) -> ParsedRow:
    """Parse one row once; the raw row itself is kept separately, untouched."""
    full_name = cell(row, columns, "full_name") or " ".join(
        part
        for part in (
            cell(row, columns, "surname"),
            cell(row, columns, "given_name"),
            cell(row, columns, "patronymic"),
        )
        if part
    )
    name = parse_name(full_name)
    place_text = cell(row, columns, "place")
    place = _resolve_place(place_text) if place_text else None
    event = _parse_date(cell(row, columns, "event_date"))
    birth = _parse_date(cell(row, columns, "birth_date"))
    age_text = cell(row, columns, "age")
    age = _parse_age(age_text)
    birth_date, birth_precision = _date_and_precision(birth)
    years = _birth_years(birth, age, event)
    sex = sex_from_text(cell(row, columns, "sex"))
    if sex == Sex.UNKNOWN and name.sex is not None:
        sex = Sex.MALE if name.sex is NameSex.MALE else Sex.FEMALE
    event_date, event_precision = _date_and_precision(event)
    fields = {
        "full_name": full_name,
        "name_script": str(name.script),
        "surname": name.surname.text if name.surname else "",
        "given_name": name.given.text if name.given else "",
        "patronymic": name.patronymic.text if name.patronymic else "",
        "name_key": name.key,
        "birth_date": birth_date,
        "birth_date_precision": birth_precision,
        "birth_year_min": years[0] if years else None,
        "birth_year_max": years[1] if years else None,
        "age": age,
        "event_date": event_date,
        "event_date_precision": event_precision,
        "sex": sex,
        "place_text": place_text,
        "place_id": place.place.id if place else None,
        "claimed_status": status_from_text(cell(row, columns, "status")) or default_status,
        "facility_text": cell(row, columns, "facility"),
        "informant_contact": cell(row, columns, "contact"),
        "testimony": cell(row, columns, "notes"),
    }
    return ParsedRow(fields, name, birth, event, age_text)


def record_fields(
    row: dict[str, str],
    columns: dict[str, str],
    default_status: PersonStatus = PersonStatus.UNKNOWN,
) -> dict[str, Any]:
    """Parsed fields for a Record."""
    return read_row(row, columns, default_status).fields


def _date_and_precision(parsed: ParsedDate) -> tuple[date | None, str]:
    if not parsed.ok or parsed.earliest is None:
        return None, DatePrecision.UNKNOWN
    if parsed.ambiguous:
        return None, DatePrecision.AMBIGUOUS
    return parsed.earliest, DatePrecision(str(parsed.precision))


def _birth_years(birth: ParsedDate, age: int | None, event: ParsedDate) -> tuple[int, int] | None:
    if birth.ok and birth.earliest and birth.latest:
        return birth.earliest.year, birth.latest.year
    if age is not None and event.ok and event.earliest:
        return birth_year_range(age, event)
    return None


@lru_cache(maxsize=4_096)
def status_from_text(text: str) -> PersonStatus | None:
    """The status a cell states; when it names several, the last one mentioned.

    Lists write histories ("задержали, потом отпустили"): the latest word is the current state.
    """
    folded = text.strip().lower()
    best: tuple[int, PersonStatus] | None = None
    for status, stems in STATUS_WORDS.items():
        for stem in stems:
            at = folded.rfind(stem)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, status)
    return best[1] if best else None


def sex_from_text(text: str) -> Sex:
    folded = text.strip().lower().rstrip(".")
    for sex, forms in SEX_WORDS.items():
        if folded in forms:
            return sex
    return Sex.UNKNOWN
