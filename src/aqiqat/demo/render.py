"""How sources write things: dates in several formats and languages, typos, Latin names."""

from __future__ import annotations

import random
from datetime import date

from aqiqat.names import transliterate

RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
KK_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыэюя"
_LATIN = "abcdefghijklmnopqrstuvwxyz"

_dates: dict[int, date] = {}
_formatted: dict[tuple[str, int], str] = {}
_latin: dict[tuple[str, str], str] = {}


def day(ordinal: int) -> date:
    """The date of an ordinal, shared so that a million people hold a few thousand objects."""
    d = _dates.get(ordinal)
    if d is None:
        d = _dates[ordinal] = date.fromordinal(ordinal)
    return d


def _format(style: str, d: date) -> str:
    if style == "dmy":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "ru":
        return f"{d.day} {RU_MONTHS[d.month - 1]} {d.year}"
    if style == "kk":
        return f"{d.year} жылғы {d.day} {KK_MONTHS[d.month - 1]}"
    if style == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "en_dmy":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    if style == "year":
        return str(d.year)
    if style == "ru_year":
        return f"{d.year} г.р."
    raise ValueError(f"unknown date style {style!r}")


def fmt_date(style: str, ordinal: int) -> str:
    """A date as a source writes it: dmy, iso, slash, ru, kk, en, en_dmy, year or ru_year."""
    key = (style, ordinal)
    text = _formatted.get(key)
    if text is None:
        text = _formatted[key] = _format(style, day(ordinal))
    return text


def latin(text: str, system: str) -> str:
    """Romanise with aqiqat.names, remembering each answer (pools are small, calls many)."""
    key = (text, system)
    out = _latin.get(key)
    if out is None:
        out = _latin[key] = transliterate(text, system)
    return out


def typo(text: str, rng: random.Random) -> str:
    """One slip of the hand: a letter dropped, doubled, swapped or replaced (never the first)."""
    spots = [i for i in range(1, len(text)) if text[i].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    op = rng.randrange(4)
    if op == 0:
        return text[:i] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i] + text[i:]
    if op == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    ch = text[i]
    alphabet = _LATIN if ch.lower() in _LATIN else _CYRILLIC
    new = rng.choice(alphabet)
    return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]


def phone(rng: random.Random) -> str:
    """A fictional phone number: operator code 000 does not exist in Kazakhstan."""
    n = rng.randrange(10_000_000)
    return f"8 (000) {n // 10000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"
