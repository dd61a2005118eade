"""Name pools of Kazakhstan from the CSV files beside this module, with every form precomputed.

Each entry carries the form a person's own documents use and the Russian spelling that
Russian-language registers use; patronymics in both the Kazakh (-ұлы/-қызы) and the
Russian (-ович/-овна) style are derived from the father's given name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from aqiqat.names import russian_keyboard

# Which given-name pools each ethnicity draws from (Korean, Ukrainian and German families
# of Kazakhstan mostly use Russian given names).
GIVEN_POOLS: dict[str, tuple[str, ...]] = {
    "kazakh": ("kazakh",),
    "russian": ("russian",),
    "ukrainian": ("russian",),
    "korean": ("russian",),
    "german": ("russian", "german"),
    "uyghur": ("uyghur",),
}


@dataclass(frozen=True, slots=True)
class Surname:
    """A family name in its male and female forms, own spelling and Russian spelling."""

    ethnicity: str
    own_m: str
    own_f: str
    ru_m: str
    ru_f: str
    weight: int


@dataclass(frozen=True, slots=True)
class GivenName:
    """A given name with the patronymics it makes for a man's children."""

    pool: str
    sex: str
    own: str
    ru: str
    weight: int
    son_ru: str
    daughter_ru: str
    son_kk: str
    daughter_kk: str


def feminine(surname: str) -> str:
    """The female form of a Russified surname (Ахметов → Ахметова); others unchanged."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    return surname


def russian_patronymics(father_ru: str) -> tuple[str, str]:
    """Son's and daughter's Russian-style patronymic from a father's Russian-spelled name."""
    if father_ru.endswith(("й", "ь")):
        stem = father_ru[:-1]
        return stem + "евич", stem + "евна"
    if father_ru[-1] in "аеиоуыэюя":
        return father_ru + "евич", father_ru + "евна"
    return father_ru + "ович", father_ru + "овна"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("aqiqat.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def surnames() -> tuple[Surname, ...]:
    """Every surname in the pool file, in file order."""
    out = []
    for row in _rows("surnames.csv"):
        own = row["own"]
        ru = row["russian"] or russian_keyboard(own)
        fixed = row["invariant"] == "1"
        out.append(
            Surname(
                ethnicity=row["ethnicity"],
                own_m=own,
                own_f=own if fixed else feminine(own),
                ru_m=ru,
                ru_f=ru if fixed else feminine(ru),
                weight=int(row["weight"]),
            )
        )
    return tuple(out)


@cache
def given_names() -> tuple[GivenName, ...]:
    """Every given name in the pool file, in file order."""
    out = []
    for row in _rows("given_names.csv"):
        own = row["own"]
        ru = row["russian"] or russian_keyboard(own)
        son_ru, daughter_ru = russian_patronymics(ru)
        out.append(
            GivenName(
                pool=row["pool"],
                sex=row["sex"],
                own=own,
                ru=ru,
                weight=int(row["weight"]),
                son_ru=row["patronymic_m"] or son_ru,
                daughter_ru=row["patronymic_f"] or daughter_ru,
                son_kk=own + "ұлы",
                daughter_kk=own + "қызы",
            )
        )
    return tuple(out)
