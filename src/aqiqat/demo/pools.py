"""Name pools of Kazakhstan, with every form precomputed: a few hundred real common names
from the CSV files beside this module, and a long tail made from name parts.

Real Kazakhstan has thousands of surnames with a long-tailed frequency: most Kazakh
surnames are an ancestor's name with a Russian ending (Серікбаев, Жұмабеков), some the
newer -ұлы/-қызы form; Russian ones come from given names, trades and nicknames; Ukrainian
ones end in -енко, -чук, -юк. So the common surnames of `surnames.csv` are followed by
surnames built from the parts in `name_parts.csv` by those rules, and Kazakh given names
by compounds of the usual elements (Нұр+бол, Ай+гүл). Frequencies fall off with rank as
in real name counts (Zipf–Mandelbrot). Each name pairs real word parts; the people who
bear them are made up. Everything is deterministic: no seed but the module's own.

Each entry carries the form a person's own documents use and the Russian spelling that
Russian-language registers use; patronymics in both the Kazakh (-ұлы/-қызы) and the
Russian (-ович/-овна) style are derived from the father's given name.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterable
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
# The rank offset of the Zipf–Mandelbrot law, 1 / (rank + offset): small where a few names
# dominate (Ким is about one Korean in five), large where frequencies fall off slowly.
SURNAME_OFFSET = {"kazakh": 40, "russian": 20, "uyghur": 10, "ukrainian": 8, "german": 8,
                  "korean": 1}  # fmt: skip
GIVEN_OFFSET = {"kazakh": 10, "russian": 6, "uyghur": 4, "german": 3}
# Weights are whole numbers (draws index a table repeated by weight); the rarest name
# weighs this much, so rounding barely bends the curve.
RAREST_WEIGHT = 4
# One Kazakh stem in this many also makes a surname of the -ұлы/-қызы form.
ULY_EVERY = 8
# One Russian noun in this many also makes a surname in -овский.
SKIY_EVERY = 6
_VOWELS = frozenset("аеёиоуыэюяәөүұі")
_SOFT = frozenset("жшчщц")


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


def kazakh_surname(stem: str) -> str:
    """A Kazakh ancestor's name with the Russian ending (Серікбай → Серікбаев, Жұма →
    Жұмаев, Ғабдулла → Ғабдуллин, Серік → Серіков)."""
    last = stem[-1]
    if stem.endswith("лла"):
        return stem[:-1] + "ин"
    if last in "йь":
        return stem[:-1] + "ев"
    if last in _VOWELS or last in _SOFT:
        return stem + "ев"
    return stem + "ов"


def russian_surname(word: str) -> str:
    """A Russian surname from a given name or a noun (Иван → Иванов, Сорока → Сорокин,
    Синица → Синицын, Медведь → Медведев, Василий → Васильев, Ткач → Ткачев)."""
    if word.endswith("ца"):
        return word[:-1] + "ын"
    if word.endswith(("а", "я")):
        return word[:-1] + "ин"
    if word.endswith("ий"):
        soft = "и" if word[-3] not in _VOWELS and word[-4] not in _VOWELS else "ь"
        return word[:-2] + soft + "ев"
    if word.endswith(("й", "ь")):
        return word[:-1] + "ев"
    if word.endswith("о"):
        return word[:-1] + "ов"
    return word + ("ев" if word[-1] in "чшщ" else "ов")


def zipf_weights(count: int, offset: int) -> list[int]:
    """Whole-number weights for ranks 1..count falling off as 1 / (rank + offset)."""
    top = count + offset
    return [round(RAREST_WEIGHT * top / (rank + offset)) for rank in range(1, count + 1)]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("aqiqat.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _parts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in _rows("name_parts.csv"):
        out[row["set"]].append(row["own"])
    return out


def _compounds(firsts: Iterable[str], lasts: Iterable[str]) -> list[str]:
    """First element + last element, leaving out two vowels meeting and doubled parts."""
    lasts = list(lasts)
    return [
        first + last
        for first in firsts
        for last in lasts
        if first.lower() != last and not (first[-1] in _VOWELS and last[0] in _VOWELS)
    ]


def _shuffled(items: Iterable[str], label: str) -> list[str]:
    """Distinct items in an order fixed by the label, for the long tail's ranks."""
    unique = list(dict.fromkeys(items))
    random.Random(f"aqiqat-demo-pools:{label}").shuffle(unique)
    return unique


def _russian_spelling(own: str) -> str:
    # Russian spelling writes Kazakh гүл as гуль (Гүлнұр → Гульнур).
    return russian_keyboard(own.replace("гүл", "гуль").replace("Гүл", "Гуль"))


def _changing(ethnicity: str, own: str, ru: str | None = None) -> Surname:
    ru = ru or russian_keyboard(own)
    return Surname(ethnicity, own, feminine(own), ru, feminine(ru), 0)


def _fixed(ethnicity: str, own: str, ru: str | None = None) -> Surname:
    ru = ru or own
    return Surname(ethnicity, own, own, ru, ru, 0)


def _uly(own_m: str) -> Surname:
    """A surname of the -ұлы form, which a daughter bears as -қызы."""
    own_f = own_m.removesuffix("ұлы") + "қызы"
    return Surname("kazakh", own_m, own_f, russian_keyboard(own_m), russian_keyboard(own_f), 0)


def _tail_surnames(ethnicity: str) -> list[Surname]:
    """Surnames made from parts, in the order of their rank."""
    parts = _parts()
    if ethnicity == "kazakh":
        given = [
            g.own for g in given_names() if g.pool == "kazakh" and g.sex == "M" and "-" not in g.own
        ]
        # A grandfather Ермек makes Ермеков, and a Ермекбай before him Ермекбаев.
        simple = [g for g in given if not g.endswith(tuple(parts["kk_grand_last"]))]
        stems = _shuffled(
            given
            + _compounds(simple, parts["kk_grand_last"])
            + _compounds(parts["kk_first"], parts["kk_last"])
            + parts["kk_surname_ulla"],
            "kazakh-surnames",
        )
        out = [_changing(ethnicity, kazakh_surname(stem)) for stem in stems]
        return out + [_uly(stem + "ұлы") for stem in stems[::ULY_EVERY]]
    if ethnicity == "russian":
        nouns = _shuffled(parts["ru_noun"] + parts["ru_given"], "russian-surnames")
        out = [_changing(ethnicity, russian_surname(word)) for word in nouns]
        out += [
            _changing(ethnicity, russian_surname(word)[:-2] + "ский")
            for word in parts["ru_noun"][::SKIY_EVERY]
        ]
        return out
    if ethnicity == "ukrainian":
        words = (
            [r + "енко" for r in parts["ua_enko"]]
            + [r + "чук" for r in parts["ua_chuk"]]
            + [r + "юк" for r in parts["ua_yuk"]]
        )
        return [_fixed(ethnicity, w) for w in _shuffled(words, "ukrainian-surnames")]
    if ethnicity == "uyghur":
        roots = parts["ug_root"]
        stems = roots + _compounds(roots[:16], parts["ug_tail"])
        return [
            _changing(ethnicity, kazakh_surname(s).replace("ллин", "ллаев"))
            for s in _shuffled(stems, "uyghur-surnames")
        ]
    return [_fixed(ethnicity, w) for w in parts[ethnicity]]


@cache
def surnames() -> tuple[Surname, ...]:
    """Every surname: per ethnicity the common ones of the pool file first, by weight, then
    the made ones, weighted by rank."""
    by_ethnicity: dict[str, list[tuple[int, Surname]]] = defaultdict(list)
    for row in _rows("surnames.csv"):
        own = row["own"]
        ru = row["russian"] or russian_keyboard(own)
        if own.endswith("ұлы"):
            surname = _uly(own)
        elif row["invariant"] == "1":
            surname = _fixed(row["ethnicity"], own, ru)
        else:
            surname = _changing(row["ethnicity"], own, ru)
        by_ethnicity[row["ethnicity"]].append((int(row["weight"]), surname))
    out: list[Surname] = []
    for ethnicity, common in by_ethnicity.items():
        ranked = [s for _, s in sorted(common, key=lambda item: -item[0])]
        seen = {s.own_m for s in ranked}
        for made in _tail_surnames(ethnicity):
            if made.own_m not in seen:
                seen.add(made.own_m)
                ranked.append(made)
        weights = zipf_weights(len(ranked), SURNAME_OFFSET[ethnicity])
        out += [_weighted_surname(s, w) for s, w in zip(ranked, weights, strict=True)]
    return tuple(out)


def _weighted_surname(s: Surname, weight: int) -> Surname:
    return Surname(s.ethnicity, s.own_m, s.own_f, s.ru_m, s.ru_f, weight)


def _given(pool: str, sex: str, own: str, ru: str, weight: int,
           son_ru: str = "", daughter_ru: str = "") -> GivenName:  # fmt: skip
    default_son, default_daughter = russian_patronymics(ru)
    return GivenName(
        pool=pool,
        sex=sex,
        own=own,
        ru=ru,
        weight=weight,
        son_ru=son_ru or default_son,
        daughter_ru=daughter_ru or default_daughter,
        son_kk=own + "ұлы",
        daughter_kk=own + "қызы",
    )


@cache
def given_names() -> tuple[GivenName, ...]:
    """Every given name: per pool and sex those of the pool file first, by weight, then
    the Kazakh compounds, weighted by rank."""
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for row in _rows("given_names.csv"):
        groups[row["pool"], row["sex"]].append((int(row["weight"]), row))
    parts = _parts()
    made = {
        "M": _compounds(parts["kk_given_first_m"], parts["kk_given_last_m"]),
        "F": _compounds(parts["kk_given_first_f"], parts["kk_given_last_f"]),
    }
    taken = {row["own"] for rows in groups.values() for _, row in rows}
    out: list[GivenName] = []
    for (pool, sex), rows in groups.items():
        listed = [row for _, row in sorted(rows, key=lambda item: -item[0])]
        ranked = [
            (row["own"], row["russian"] or russian_keyboard(row["own"]),
             row["patronymic_m"], row["patronymic_f"])
            for row in listed
        ]  # fmt: skip
        if pool == "kazakh":
            # A compound that is also the other sex's name stays that sex's name only.
            fresh = [n for n in _shuffled(made[sex], f"kazakh-given-{sex}") if n not in taken]
            taken.update(fresh)
            ranked += [(n, _russian_spelling(n), "", "") for n in fresh]
        weights = zipf_weights(len(ranked), GIVEN_OFFSET[pool])
        out += [
            _given(pool, sex, own, ru, w, son, daughter)
            for (own, ru, son, daughter), w in zip(ranked, weights, strict=True)
        ]
    return tuple(out)
