"""Turning one row of a list, read through its column mapping, into Record fields."""

from __future__ import annotations

from typing import Any

from aqiqat.apps.vocabulary import PersonStatus, Sex
from aqiqat.names import latin_key, resolve_place

STATUS_WORDS = {
    PersonStatus.DETAINED: (
        "detained",
        "задержан",
        "ұсталды",
        "арестован",
        "held",
        "в ивс",
        "в сизо",
    ),
    PersonStatus.RELEASED: ("released", "освобожд", "босатыл"),
    PersonStatus.INJURED: ("injured", "ранен", "жарақат", "wounded"),
    PersonStatus.IN_HOSPITAL: ("hospital", "больниц", "аурухана", "госпитал"),
    PersonStatus.MISSING: ("missing", "пропал", "хабар-ошарсыз", "disappeared", "без вести"),
    PersonStatus.KILLED: (
        "killed",
        "dead",
        "died",
        "погиб",
        "убит",
        "умер",
        "қаза",
        "қайтыс",
        "death",
    ),
    PersonStatus.FOUND: ("found", "найден", "табылды"),
}
SEX_WORDS = {
    Sex.MALE: ("m", "м", "male", "муж", "мужской", "ер", "еркек"),
    Sex.FEMALE: ("f", "ж", "female", "жен", "женский", "әйел"),
}


def cell(row: dict[str, str], columns: dict[str, str], name: str) -> str:
    header = columns.get(name)
    return (row.get(header) or "").strip() if header else ""


def record_fields(row: dict[str, str], columns: dict[str, str]) -> dict[str, Any]:
    """Parsed fields for a Record; the raw row itself is kept separately, untouched."""
    full_name = cell(row, columns, "full_name") or " ".join(
        part
        for part in (
            cell(row, columns, "surname"),
            cell(row, columns, "given_name"),
            cell(row, columns, "patronymic"),
        )
        if part
    )
    place_text = cell(row, columns, "place")
    place = resolve_place(place_text) if place_text else None
    age_text = cell(row, columns, "age")
    return {
        "full_name": full_name,
        "name_key": latin_key(full_name) if full_name else "",
        "age": int(age_text) if age_text.isdigit() and int(age_text) < 130 else None,
        "sex": _vocabulary(cell(row, columns, "sex"), SEX_WORDS, Sex.UNKNOWN, exact=True),
        "place_text": place_text,
        "place_id": place.place.id if place else None,
        "claimed_status": _vocabulary(
            cell(row, columns, "status"), STATUS_WORDS, PersonStatus.UNKNOWN, exact=False
        ),
        "facility_text": cell(row, columns, "facility"),
        "informant_contact": cell(row, columns, "contact"),
    }


def _vocabulary(text: str, words: dict[Any, tuple[str, ...]], default: Any, *, exact: bool) -> Any:
    folded = text.strip().lower().rstrip(".")
    if not folded:
        return default
    for value, forms in words.items():
        if (folded in forms) if exact else any(form in folded for form in forms):
            return value
    return default
