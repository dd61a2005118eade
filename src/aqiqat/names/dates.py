"""Dates and ages as lists write them, with how precise they are.

Numeric dates are read here so that ambiguity is visible: «05/01/1995» could be 5 January
or 1 May, and is returned with both readings rather than a guess. Dotted dates
(«05.01.1995») follow the day-first convention of Kazakh and Russian records and are not
ambiguous. Dates with month names (Russian, Kazakh, English) are read by dateparser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

MAX_LENGTH = 60
EARLIEST_YEAR = 1880


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class ParsedDate:
    input: str
    earliest: date | None = None
    latest: date | None = None
    precision: Precision | None = None
    ambiguous: bool = False
    readings: tuple[date, ...] = ()  # both day/month readings when ambiguous
    approximate: bool = False
    unparseable: str | None = None

    @property
    def ok(self) -> bool:
        return self.unparseable is None

    @property
    def value(self) -> date | None:
        """The date itself, when it is known to the day and not ambiguous."""
        if self.precision is Precision.DAY and not self.ambiguous:
            return self.earliest
        return None


_APPROXIMATE = re.compile(
    r"^(около|примерно|прим\.?|ок\.|шамамен|circa|ca\.?|c\.|about|approx\.?|~)\s*",
    re.IGNORECASE,
)
# Trailing words meaning «year» or «year of birth»: 1995 г.р., 1995 ж.т., 1995 года.
_YEAR_WORDS = re.compile(
    r"\s*(г\.?\s*р\.?|года?|годов|гг?\.?|ж\.?\s*т\.?|жылы|жылғы|жыл|ж\.?|y\.?\s*o\.?b\.?|year)$",
    re.IGNORECASE,
)
# A time of day after the date says nothing more about the day.
_TIME = re.compile(r"[\sT,]+(в\s+)?\d{1,2}:\d{2}(:\d{2})?\s*$")
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./\-])(\d{1,2})\2(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# Kazakh official order: «2022 жылғы 9 қаңтар».
_KAZAKH_ORDER = re.compile(r"^(\d{4})\s*(?:жылғы|жылы|ж\.)\s*(\d{1,2})\s+(\S+)$", re.IGNORECASE)
_KAZAKH_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
    "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip


def _bad(text: str, reason: str) -> ParsedDate:
    return ParsedDate(input=text, unparseable=reason)


def _day(text: str, year: int, month: int, day: int, approximate: bool) -> ParsedDate | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return ParsedDate(text, d, d, Precision.DAY, approximate=approximate)


def _month(text: str, year: int, month: int, approximate: bool) -> ParsedDate | None:
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return ParsedDate(text, first, last, Precision.MONTH, approximate=approximate)


def _year(text: str, year: int, approximate: bool) -> ParsedDate:
    return ParsedDate(
        text, date(year, 1, 1), date(year, 12, 31), Precision.YEAR, approximate=approximate
    )


def _full_year(two_digits: int, reference: date) -> int:
    """«95» is 1995 and «05» is 2005: the latest century that is not in the future."""
    year = 2000 + two_digits
    return year if year <= reference.year else year - 100


def parse_date(
    text: str, *, day_first: bool | None = None, reference: date | None = None
) -> ParsedDate:
    """Parse a date with its precision; never raises.

    `day_first=True` reads «05/01/1995» as 5 January (the source is known to write day
    first); `False` reads it as 1 May; None leaves it ambiguous. `reference` (default
    today) settles two-digit years and rejects dates in the future.
    """
    if not isinstance(text, str):
        return _bad(str(text), "not text")
    ref = reference or date.today()
    raw = " ".join(text.split())
    if not raw:
        return _bad(text, "empty")
    if len(raw) > MAX_LENGTH:
        return _bad(text, f"too long for a date ({len(raw)} characters)")
    approx_match = _APPROXIMATE.match(raw)
    approximate = approx_match is not None
    core = raw[approx_match.end() :] if approx_match else raw
    core = _YEAR_WORDS.sub("", _TIME.sub("", core)).strip()
    result = _numeric(text, core, day_first, ref, approximate)
    if result is None and any(ch.isalpha() for ch in core):
        result = _with_month_name(text, core, approximate)
    if result is None:
        if any(ch.isalpha() for ch in core) and _names_a_day_without_year(core):
            return _bad(text, "no year")
        return _bad(text, "not a date in any known form")
    if result.unparseable is None and result.earliest is not None:
        if result.earliest.year < EARLIEST_YEAR:
            return _bad(text, f"year {result.earliest.year} is implausibly early")
        if result.earliest > ref:
            return _bad(text, f"in the future ({result.earliest.isoformat()})")
    return result


def _numeric(
    text: str, core: str, day_first: bool | None, ref: date, approximate: bool
) -> ParsedDate | None:
    if m := _YEAR.match(core):
        return _year(text, int(m[1]), approximate)
    if m := _ISO.match(core):
        return _day(text, int(m[1]), int(m[2]), int(m[3]), approximate) or _bad(text, "no such day")
    if m := _MONTH_YEAR.match(core):
        return _month(text, int(m[2]), int(m[1]), approximate) or _bad(text, "no such month")
    m = _NUMERIC.match(core)
    if m is None:
        return None
    first, sep, second, year_text = int(m[1]), m[2], int(m[3]), m[4]
    year = int(year_text) if len(year_text) == 4 else _full_year(int(year_text), ref)
    day_month = _day(text, year, second, first, approximate)
    month_day = _day(text, year, first, second, approximate)
    if day_first is None and sep == ".":
        day_first = True
    if day_first is True:
        return day_month or _bad(text, "no such day")
    if day_first is False:
        return month_day or _bad(text, "no such day")
    if day_month is None or month_day is None or first == second:
        return day_month or month_day or _bad(text, "no such day")
    assert day_month.earliest is not None and month_day.earliest is not None
    readings = tuple(sorted((day_month.earliest, month_day.earliest)))
    return ParsedDate(
        text,
        readings[0],
        readings[1],
        Precision.DAY,
        ambiguous=True,
        readings=readings,
        approximate=approximate,
    )


@lru_cache(maxsize=2)
def _parser(require_year: bool = True) -> DateDataParser:
    # Imported here: dateparser takes a while to load and most callers never need it.
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"}
    if require_year:
        settings["REQUIRE_PARTS"] = ["year"]
    return DateDataParser(languages=["ru", "kk", "en"], settings=settings)


def _names_a_day_without_year(core: str) -> bool:
    if re.search(r"\d{4}", core):
        return False
    words = " ".join(_kazakh_month_stem(w) for w in core.split())
    try:
        return _parser(require_year=False).get_date_data(words).date_obj is not None
    except (ValueError, OverflowError):
        return False


def _kazakh_month_stem(word: str) -> str:
    """«қаңтардағы» → «қаңтар»: Kazakh adds case endings to the month name."""
    low = word.lower()
    for month in _KAZAKH_MONTHS:
        if low.startswith(month):
            return month
    return word


def _with_month_name(text: str, core: str, approximate: bool) -> ParsedDate | None:
    if m := _KAZAKH_ORDER.match(core):
        core = f"{m[2]} {m[3]} {m[1]}"
    core = " ".join(_kazakh_month_stem(w) for w in core.split())
    try:
        found = _parser().get_date_data(core)
    except (ValueError, OverflowError):
        return None
    if found.date_obj is None:
        return None
    d = found.date_obj.date()
    if found.period == "year":
        return _year(text, d.year, approximate)
    if found.period == "month":
        return _month(text, d.year, d.month, approximate)
    return ParsedDate(text, d, d, Precision.DAY, approximate=approximate)


_AGE = re.compile(
    r"^(?:age|возраст|жасы|жас)?\s*:?\s*(?:около|примерно|шамамен|about|~)?\s*(\d{1,3})\s*"
    r"(?:лет|года?|г\.?|жаста|жас|y\.?\s*o\.?|years?(?:\s+old)?|yrs?)?\.?$",
    re.IGNORECASE,
)
MAX_AGE = 120


def parse_age(text: str | int) -> int | None:
    """An age in years from «25», «25 лет», «25 жаста», «25 y.o.»; None if it is not one."""
    if isinstance(text, int):
        return text if 0 <= text <= MAX_AGE else None
    if not isinstance(text, str):
        return None
    m = _AGE.match(text.strip())
    if m is None:
        return None
    age = int(m[1])
    return age if age <= MAX_AGE else None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def birth_date_range(age: int, on: date | ParsedDate) -> tuple[date, date]:
    """Earliest and latest birth dates of someone `age` years old on a date.

    A date known only to the month or year widens the range accordingly.
    """
    if isinstance(on, ParsedDate):
        if on.earliest is None or on.latest is None:
            raise ValueError(f"cannot use an unparseable date ({on.unparseable})")
        start, end = on.earliest, on.latest
    else:
        start = end = on
    earliest = _years_before(start, age + 1) + timedelta(days=1)
    latest = _years_before(end, age)
    return earliest, latest


def birth_year_range(age: int, on: date | ParsedDate) -> tuple[int, int]:
    """The birth years possible for someone `age` years old on a date (25 on 9.1.2022 →
    1996-1997)."""
    earliest, latest = birth_date_range(age, on)
    return earliest.year, latest.year
