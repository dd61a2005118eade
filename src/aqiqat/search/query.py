"""What a person at the desk typed, read and checked before anything is looked up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from aqiqat.names import (
    NamePart,
    ParsedName,
    birth_year_range,
    detect_script,
    parse_age,
    parse_name,
    resolve_place,
    word_key,
)
from aqiqat.notices import Notice

# Longer than any real name with its parts; longer text is refused, not truncated, so that
# nobody believes a pasted paragraph was searched.
MAX_QUERY_LENGTH = 100
EARLIEST_BIRTH_YEAR = 1900
# A place resolved with less confidence than this is not used to rank, only reported.
PLACE_CONFIDENCE = 0.8


class QueryError(ValueError):
    """The query cannot be searched; `code` names why, for a message in the user's language."""

    def __init__(self, code: str, detail: str = "", problem: Notice | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.problem = problem  # why the text is not a name, as the names core gives it


@dataclass(frozen=True, slots=True)
class Query:
    """A name with optional birth years, sex and place, ready to search.

    `notes` say what was given but not used (a place the gazetteer does not know).
    """

    text: str
    name: ParsedName
    born_min: int | None = None
    born_max: int | None = None
    sex: str = ""  # "M", "F" or "" (as records store it)
    place_id: str = ""
    place_text: str = ""
    notes: tuple[str, ...] = ()

    @classmethod
    def read(
        cls,
        text: str,
        *,
        born: str | int | None = None,
        age: str | int | None = None,
        sex: str = "",
        place: str = "",
        today: date | None = None,
    ) -> Query:
        """Check and read the typed fields; raises QueryError with a reason."""
        today = today or date.today()
        text = (text or "").strip()
        if not text:
            raise QueryError("empty")
        if len(text) > MAX_QUERY_LENGTH:
            raise QueryError("too_long", str(MAX_QUERY_LENGTH))
        one_syllable = len(text) == 1 and text.isalpha() and not text.isascii()
        if sum(c.isalpha() for c in text) < 2 and not (one_syllable and len(word_key(text)) > 1):
            raise QueryError("too_short")
        if one_syllable:
            # A one-letter surname asked for alone (the Korean Ю): names reads a lone
            # letter as an initial, but alone it can only be the surname.
            part = NamePart(text, word_key(text))
            name = ParsedName(input=text, script=detect_script(text), surname=part)
        else:
            name = parse_name(text)
        if not name.ok:
            raise QueryError("not_a_name", name.unparseable or "", name.problem)
        if name.surname is None and name.given is not None and name.patronymic is None:
            # One word alone is asked for as a family name, even one that is also a given
            # name (Ахмет, Абай): relatives give the surname first.
            name = replace(name, surname=name.given, given=None, given_words=())
        if not _has_searchable_word(name):
            raise QueryError("too_short")
        born_min, born_max = _born(born, age, today)
        notes: list[str] = []
        place_id = ""
        place = (place or "").strip()[:MAX_QUERY_LENGTH]
        if place:
            match = resolve_place(place)
            if match is not None and match.confidence >= PLACE_CONFIDENCE:
                place_id = match.place.id
            else:
                notes.append("place_unknown")
        return cls(
            text=text,
            name=name,
            born_min=born_min,
            born_max=born_max,
            sex=_sex(sex),
            place_id=place_id,
            place_text=place,
            notes=tuple(notes),
        )


def _has_searchable_word(name: ParsedName) -> bool:
    """A surname (or a given name read as one) of at least two letters: an initial alone
    or a single letter would match a tenth of any list."""
    parts = [p for p in (name.surname, name.given) if p is not None]
    return any(not p.initial and len(p.key) >= 2 for p in parts) and name.surname is not None


def _born(born: str | int | None, age: str | int | None, today: date) -> tuple[int | None, ...]:
    if born not in (None, ""):
        text = str(born).strip()
        if not text.isdigit() or len(text) != 4:
            raise QueryError("born_not_year", text[:20])
        year = int(text)
        if year > today.year:
            raise QueryError("born_future", text)
        if year < EARLIEST_BIRTH_YEAR:
            raise QueryError("born_too_early", text)
        return year, year
    if age not in (None, ""):
        years = parse_age(age if isinstance(age, int) else str(age))
        if years is None:
            raise QueryError("age_not_age", str(age)[:20])
        return birth_year_range(years, today)
    return None, None


def _sex(sex: str) -> str:
    # Only a sex the desk chose: the one the name's form signals is weighed by compare().
    wanted = (sex or "").strip().upper()[:1]
    return wanted if wanted in ("M", "F") else ""
