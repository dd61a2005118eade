"""The list mapping file of DESIGN.md, and mappings suggested from a list's headers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from aqiqat.lists.errors import ListError, ListProblem

CANONICAL_COLUMNS = (
    "record_id", "full_name", "surname", "given_name", "patronymic", "birth_date", "age",
    "sex", "place", "event_date", "status", "facility", "contact", "notes", "id_number",
    "address",
)  # fmt: skip

# Header words lists use, in Kazakh, Russian and English; compared after folding case,
# punctuation and spaces. Exact matches beat partial ones, longer words beat shorter.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_id": (
        "№", "no", "#", "id", "record id", "номер", "№ п/п", "рет саны", "нөмір", "рег №",
    ),
    "full_name": (
        "фио", "ф.и.о.", "full name", "name", "имя фамилия", "аты-жөні", "аты жөні", "т.а.ә.",
        "тегі аты әкесінің аты", "фамилия имя отчество", "person", "погибший", "задержанный",
        "умерший", "пациент", "науқас",
    ),
    "surname": ("фамилия", "тегі", "surname", "last name", "family name"),
    "given_name": ("имя", "аты", "given name", "first name", "forename"),
    "patronymic": ("отчество", "әкесінің аты", "patronymic", "father's name", "middle name"),
    "birth_date": (
        "дата рождения", "д.р.", "туған күні", "туған жылы", "date of birth", "birth date",
        "dob", "год рождения", "born",
    ),
    "age": ("возраст", "жасы", "жас", "age", "лет"),
    "sex": ("пол", "жынысы", "sex", "gender"),
    "place": (
        "место", "место гибели", "место задержания", "город", "населенный пункт", "орны",
        "жері", "қала", "елді мекен", "place", "city", "location", "region", "область",
        "где видели последний раз", "last seen",
    ),
    "event_date": (
        "дата", "дата гибели", "дата задержания", "дата смерти", "күні", "оқиға күні", "date",
        "date of death", "date of detention", "event date", "когда", "дата поступления",
    ),
    "status": (
        "статус", "состояние", "что известно", "жағдайы", "мәртебесі", "status", "fate",
        "исход", "нәтиже",
    ),
    "facility": (
        "учреждение", "место содержания", "где содержится", "мекеме", "ұстау орны", "facility",
        "held at", "hospital", "больница",
    ),
    "contact": (
        "контакт", "телефон", "телефон заявителя", "байланыс", "телефоны", "contact", "phone",
    ),
    "notes": ("примечание", "примечания", "комментарий", "ескерту", "notes", "comment", "remarks"),
    "id_number": (
        "иин", "жсн", "iin", "инн", "номер паспорта", "паспорт", "№ паспорта", "паспорт нөмірі",
        "удостоверение личности", "номер удостоверения", "жеке куәлік", "passport",
        "passport number", "id number", "national id", "document number",
    ),
    "address": (
        "адрес", "адрес проживания", "домашний адрес", "место жительства", "мекенжай",
        "мекен жайы", "тұрғылықты мекенжайы", "address", "home address", "street address",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class ListSpec:
    """One list named in a mapping: its file, encoding (None: detect) and columns.

    `opener`, when set, gives the file's bytes (an upload kept encrypted is read through
    it); `file` then only names the file and its format."""

    name: str
    file: Path
    encoding: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    opener: Callable[[], BinaryIO] | None = field(default=None, compare=False, repr=False)

    def open(self) -> BinaryIO:
        return self.opener() if self.opener else self.file.open("rb")


def read_mapping(path: Path) -> dict[str, ListSpec]:
    """Read a mapping file; every problem is a ListError naming the list and the key."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise _unreadable(path, "does not exist") from exc
    except UnicodeDecodeError as exc:
        raise _unreadable(path, "is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise _unreadable(path, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict) or not data:
        raise _unreadable(path, "must be an object naming at least one list")
    return {name: _spec(name, entry, path.parent) for name, entry in data.items()}


def _spec(name: str, entry: object, base: Path) -> ListSpec:
    if not re.fullmatch(r"[\w.-]{1,64}", name):
        raise ListError(
            ListProblem.MAPPING_ENTRY,
            f"list name {name!r} must be 1–64 letters, digits, '.', '-' or '_' (it prefixes ids)",
            list=name,
        )
    if not isinstance(entry, dict):
        raise _wrong_entry(name, "its entry must be an object with 'file' and 'columns'")
    file = entry.get("file")
    if not isinstance(file, str) or not file:
        raise _wrong_entry(name, "'file' is missing")
    columns = entry.get("columns", {})
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        raise _wrong_entry(name, "'columns' must map column names to headers")
    unknown = sorted(set(columns) - set(CANONICAL_COLUMNS))
    if unknown:
        raise _wrong_entry(
            name,
            f"unknown column name(s) {', '.join(unknown)}; use {', '.join(CANONICAL_COLUMNS)}",
        )
    if not ({"full_name", "surname", "given_name"} & set(columns)):
        raise _wrong_entry(name, "map at least one of full_name, surname, given_name")
    encoding = entry.get("encoding") or None
    if encoding is not None and not isinstance(encoding, str):
        raise _wrong_entry(name, "'encoding' must be a text such as \"cp1251\"")
    return ListSpec(name=name, file=(base / file), encoding=encoding, columns=dict(columns))


def _unreadable(path: Path, what: str) -> ListError:
    return ListError(
        ListProblem.MAPPING_UNREADABLE, f"the mapping file {path} {what}", file=path.name
    )


def _wrong_entry(name: str, what: str) -> ListError:
    return ListError(ListProblem.MAPPING_ENTRY, f"list {name!r}: {what}", list=name)


def fold_header(header: str) -> str:
    return re.sub(r"[\s_:.\-]+", " ", header.casefold()).strip()


def _match_strength(header: str, word: str) -> int:
    """3: the header is the word; 2: one half of a bilingual "A / B" header is; 1: it starts
    with the word or contains "№"."""
    folded = fold_header(header)
    if folded == word:
        return 3
    halves = [fold_header(part) for part in header.split("/")]
    if len(halves) > 1 and word in halves:
        return 2
    if any(half.startswith(word + " ") for half in halves) or (word == "№" and "№" in folded):
        return 1
    return 0


def suggest_columns(headers: list[str]) -> dict[str, str]:
    """Canonical column → header, guessed from header words; each header used once."""
    scored = sorted(
        (
            (strength, len(word), canonical, header)
            for canonical, words in HEADER_SYNONYMS.items()
            for word in {fold_header(w) for w in words}
            for header in headers
            if header.strip() and (strength := _match_strength(header, word))
        ),
        key=lambda item: (-item[0], -item[1]),
    )
    suggestion: dict[str, str] = {}
    used: set[str] = set()
    for _strength, _length, canonical, header in scored:
        if canonical not in suggestion and header not in used:
            suggestion[canonical] = header
            used.add(header)
    if "full_name" in suggestion and {"surname", "given_name"} <= set(suggestion):
        del suggestion["full_name"]
    return suggestion
