"""Records to the columns the model compares: romanised keys, year ranges, gazetteer ids.

Every text goes through aqiqat.names, so that Тоқаев, ТОКАЕВ and Tokayev arrive as one key
and «05.01.1995», «1995 г.р.» and «27» (years old) arrive as comparable year ranges.
Missing values are None (never ""), because Splink treats two empty strings as agreeing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from aqiqat.linkage.records import LinkRecord
from aqiqat.names import (
    ParsedDate,
    Precision,
    birth_year_range,
    parse_age,
    parse_date,
    parse_name,
    phonetic_key,
    word_key,
)
from aqiqat.names.places import default_gazetteer

if TYPE_CHECKING:
    import pandas as pd

# Column order of the prepared table; the model (model.py) compares these.
PREPARED_COLUMNS = (
    "unique_id", "list", "sur", "sur_ph", "giv", "giv_ph", "giv_i", "fat", "fat_i", "sex",
    "by_min", "by_max", "bdate", "place", "area", "eday", "idn", "addr", "addr_num",
    "addr_main",
)  # fmt: skip

# Words morgues and hospitals write instead of a name: they say nobody knows who it is.
_PLACEHOLDER_WORDS = frozenset(
    word_key(w)
    for w in (
        "неизвестный", "неизвестная", "неизвестен", "неопознанный", "неопознанная",
        "неустановленный", "неустановленная", "белгісіз", "unknown", "unidentified",
    )
)  # fmt: skip
_MALE = frozenset({"м", "м.", "муж", "муж.", "мужской", "ер", "еркек", "m", "male", "man"})
_FEMALE = frozenset({"ж", "ж.", "жен", "жен.", "женский", "әйел", "f", "female", "woman", "w"})
_AGE_RANGE = re.compile(r"^\s*(\d{1,3})\s*[-–—]\s*(\d{1,3})")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{2,4}\s*$")
# A place mentioned inside a facility's name is trusted only when it matches exactly.
_EXACT_PLACE = 1.0
MIN_PLACE_CONFIDENCE = 0.75
# Words that say what kind of street or dwelling follows, not which: «ул. Абая» and «Абая
# көшесі» are one street. Compared as keys, so that every script drops them alike.
_ADDRESS_TYPE_WORDS = frozenset(
    word_key(w)
    for w in (
        "ул", "улица", "пр", "пр-т", "проспект", "пер", "переулок", "бул", "бульвар", "мкр",
        "микрорайон", "д", "дом", "кв", "квартира", "г", "город", "пос", "поселок", "көше",
        "көшесі", "даңғылы", "шағын", "ауданы", "үй", "пәтер", "street", "st", "road", "rd",
        "avenue", "ave", "lane", "place", "pl", "drive", "dr", "apt", "flat", "house",
    )
)  # fmt: skip
_ADDRESS_SPLIT = re.compile(r"[\W_]+")
# An id number shorter than this is a list's own counter or a slip, not a document number.
_MIN_ID_LENGTH = 5
# «~20», «около 20»: ages given as round figures are widened by this many years each way.
_APPROXIMATE_AGE_SLACK = 2


def _none(text: str) -> str | None:
    return text or None


@lru_cache(maxsize=262_144)
def _name_columns(full: str) -> tuple[Any, ...]:
    """sur, sur_ph, giv, giv_ph, giv_i, fat, fat_i, name_sex for one written name."""
    parsed = parse_name(full)
    if not parsed.ok or any(word_key(w) in _PLACEHOLDER_WORDS for w in full.split()):
        return (None,) * 8
    sur = giv = giv_i = fat = fat_i = None
    if parsed.surname is not None and parsed.surname.key and not parsed.surname.initial:
        sur = parsed.surname_stem
    if parsed.given is not None and parsed.given.key:
        giv_i = parsed.given.key[0]
        giv = None if parsed.given.initial else parsed.given.key
    if parsed.patronymic is not None and parsed.patronymic.key:
        fat_i = parsed.patronymic.key[0]
        fat = None if parsed.patronymic.initial else _none(parsed.father_key)
    return (
        sur,
        _none(phonetic_key(sur)) if sur else None,
        giv,
        _none(phonetic_key(giv)) if giv else None,
        giv_i,
        fat,
        fat_i,
        parsed.sex.value if parsed.sex is not None else None,
    )


def id_number_key(text: str) -> str | None:
    """An identity-document number as compared: letters and digits only, one case
    («8901 05-300 123» and «890105300123» are one IIN). Placeholders such as «нет»,
    «000000000000» or a bare «5» are no number."""
    key = "".join(ch for ch in text.casefold() if ch.isalnum())
    if len(key) < _MIN_ID_LENGTH or not any(ch.isdigit() for ch in key) or len(set(key)) == 1:
        return None
    return key


@lru_cache(maxsize=131_072)
def address_keys(text: str) -> tuple[str | None, str | None, str | None]:
    """An address as compared: its words as romanised keys without street-type words, in
    alphabetical order (the order lists write them in varies); its numbers alone (house,
    flat, postcode); and its longest number, the postcode or house number rather than a
    flat or floor, which survives when a list writes only part of the address."""
    words: list[str] = []
    numbers: list[str] = []
    for token in _ADDRESS_SPLIT.split(text.casefold()):
        if not token:
            continue
        if any(ch.isdigit() for ch in token):
            digits = "".join(ch for ch in token if ch.isdigit()).lstrip("0")
            if digits:
                numbers.append(digits)
            continue
        key = word_key(token)
        if key and key not in _ADDRESS_TYPE_WORDS:
            words.append(key)
    tokens = sorted(words + numbers)
    main = max(numbers, key=lambda n: (len(n), n)) if numbers else None
    return (" ".join(tokens) or None), (" ".join(sorted(numbers)) or None), main


def _full_name(record: LinkRecord) -> str:
    """The name to parse: the full name, or the parts joined so that the order is known."""
    if record.full_name:
        return record.full_name
    rest = " ".join(p for p in (record.given_name, record.patronymic) if p)
    if record.surname and rest:
        return f"{record.surname}, {rest}"  # the comma tells parse_name the surname is first
    return record.surname or rest


def _sex(text: str) -> str | None:
    folded = text.strip().casefold()
    if folded in _MALE:
        return "male"
    if folded in _FEMALE:
        return "female"
    return None


@lru_cache(maxsize=131_072)
def _date(text: str, day_first: bool | None) -> ParsedDate | None:
    parsed = parse_date(text, day_first=day_first)
    return parsed if parsed.ok and parsed.earliest is not None else None


def _day_number(parsed: ParsedDate | None) -> int | None:
    if parsed is None or parsed.precision is not Precision.DAY or parsed.ambiguous:
        return None
    assert parsed.earliest is not None
    return parsed.earliest.toordinal()


@lru_cache(maxsize=65_536)
def _age_years(text: str, on_ordinal: int) -> tuple[int, int] | None:
    """Birth-year range from an age («27», «~20», «15-25») on the day of the event."""
    on = date.fromordinal(on_ordinal)
    match = _AGE_RANGE.match(text)
    if match:
        low, high = sorted((int(match[1]), int(match[2])))
        return birth_year_range(high, on)[0], birth_year_range(low, on)[1]
    age = parse_age(text.lstrip("~≈ ").removeprefix("около").strip())
    if age is None:
        return None
    first, last = birth_year_range(age, on)
    if not text.strip().isdigit():
        first, last = first - _APPROXIMATE_AGE_SLACK, last + _APPROXIMATE_AGE_SLACK
    return first, last


@lru_cache(maxsize=1)
def _areas() -> dict[str, str]:
    """Place id → its top-level unit below the country (a region, or a city of its own)."""
    gazetteer = default_gazetteer()
    areas: dict[str, str] = {}
    for place in gazetteer.places:
        current = place
        while current.parent_id is not None:
            parent = gazetteer.by_id.get(current.parent_id)
            if parent is None or parent.kind == "country":
                break
            current = parent
        areas[place.id] = current.id
    return areas


@lru_cache(maxsize=65_536)
def _place(text: str) -> str | None:
    match = default_gazetteer().resolve(text) if text else None
    if match is None or match.confidence < MIN_PLACE_CONFIDENCE or match.place.kind == "country":
        return None
    return match.place.id


@lru_cache(maxsize=65_536)
def _place_in_facility(text: str) -> str | None:
    """«Городская больница № 3 г. Алматы» names Almaty: the last word that is a place."""
    gazetteer = default_gazetteer()
    for word in reversed(re.split(r"[\s,.()«»\"]+", text)):
        if len(word) < 3:
            continue
        match = gazetteer.resolve(word)
        exact = match is not None and match.how == "exact" and match.confidence >= _EXACT_PLACE
        if exact and match is not None and match.place.kind != "country":
            return match.place.id
    return None


def day_first_by_list(records: Sequence[LinkRecord]) -> dict[tuple[str, str], bool | None]:
    """Whether each list writes «05/01/1995» day first, judged from its unambiguous dates.

    A list that ever writes 25/01 is day-first; one that writes 01/25 is month-first; a list
    that does both, or neither, stays undecided and its ambiguous dates are left unread.
    """
    seen: dict[tuple[str, str], set[bool]] = {}
    for record in records:
        for column in ("birth_date", "event_date"):
            m = _SLASH_DATE.match(getattr(record, column))
            if m is None:
                continue
            first, second = int(m[1]), int(m[2])
            votes = seen.setdefault((record.list_name, column), set())
            if first > 12 >= second:
                votes.add(True)
            elif second > 12 >= first:
                votes.add(False)
    return {key: next(iter(v)) if len(v) == 1 else None for key, v in seen.items()}


def prepare_row(
    record: LinkRecord, day_first: dict[tuple[str, str], bool | None] | None = None
) -> dict[str, Any]:
    """The prepared columns of one record (see PREPARED_COLUMNS)."""
    order = day_first or {}
    sur, sur_ph, giv, giv_ph, giv_i, fat, fat_i, name_sex = _name_columns(_full_name(record))
    event = _date(record.event_date, order.get((record.list_name, "event_date")))
    eday = _day_number(event)
    born = _date(record.birth_date, order.get((record.list_name, "birth_date")))
    by_min = by_max = bdate = None
    if born is not None:
        assert born.earliest is not None and born.latest is not None
        by_min, by_max = born.earliest.year, born.latest.year
        if born.precision is Precision.DAY and not born.ambiguous:
            bdate = born.earliest.isoformat()
    elif record.age and event is not None and event.earliest is not None:
        years = _age_years(record.age, event.earliest.toordinal())
        if years is not None:
            by_min, by_max = years
    place = _place(record.place) if record.place else None
    if place is None and record.facility:
        place = _place_in_facility(record.facility)
    addr, addr_num, addr_main = address_keys(record.address) if record.address else (None,) * 3
    return {
        "unique_id": record.record_id,
        "list": record.list_name,
        "sur": sur,
        "sur_ph": sur_ph,
        "giv": giv,
        "giv_ph": giv_ph,
        "giv_i": giv_i,
        "fat": fat,
        "fat_i": fat_i,
        "sex": _sex(record.sex) or name_sex,
        "by_min": by_min,
        "by_max": by_max,
        "bdate": bdate,
        "place": place,
        "area": _areas().get(place) if place else None,
        "eday": eday,
        "idn": id_number_key(record.id_number) if record.id_number else None,
        "addr": addr,
        "addr_num": addr_num,
        "addr_main": addr_main,
    }


def prepare(records: Iterable[LinkRecord]) -> pd.DataFrame:
    """The prepared table: one row per record, columns as in PREPARED_COLUMNS."""
    import pandas as pd

    items = list(records)
    order = day_first_by_list(items)
    columns: dict[str, list[Any]] = {c: [] for c in PREPARED_COLUMNS}
    for record in items:
        for column, value in prepare_row(record, order).items():
            columns[column].append(value)
    frame = pd.DataFrame(columns)
    for column in ("by_min", "by_max", "eday"):
        frame[column] = frame[column].astype("Int64")
    for column in PREPARED_COLUMNS:
        if column not in ("by_min", "by_max", "eday"):
            frame[column] = frame[column].astype("string")
    return frame
