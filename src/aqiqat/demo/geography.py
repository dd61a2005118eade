"""Where the unrest happened: cities from the aqiqat.names gazetteer and their facilities."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from aqiqat.demo.model import DemoFacility, FacilityKind
from aqiqat.names import Place, load_gazetteer


@dataclass(frozen=True, slots=True)
class City:
    """A city where people lived, were detained, treated or killed, with its facilities."""

    place: Place
    home_weight: int
    violence_weight: int
    coverage: float
    old_ru: str
    old_latin: str
    old_share: float
    latin_names: tuple[str, ...]
    detention: tuple[int, ...]
    hospitals: tuple[int, ...]
    morgue: int


@dataclass(frozen=True, slots=True)
class Geography:
    """The cities of the demo (indexed by position) and every facility in them."""

    cities: tuple[City, ...]
    facilities: tuple[DemoFacility, ...]


def _facility(
    place: Place, suffix: str, kind: FacilityKind, ru: str, kk: str, en: str
) -> DemoFacility:
    return DemoFacility(
        facility_id=f"{place.id}-{suffix}",
        kind=kind,
        name_ru=ru,
        name_kk=kk,
        name_en=en,
        place_id=place.id,
    )


def _facilities_of(place: Place, hospitals: int) -> list[DemoFacility]:
    ru, kk, en = place.name_ru, place.name_kk, place.name_en
    out = [
        _facility(
            place,
            "ivs",
            "detention",
            f"Изолятор временного содержания ДП г. {ru}",
            f"{kk} қ. ПД уақытша ұстау изоляторы",
            f"{en} police temporary detention centre",
        ),
        _facility(
            place,
            "sizo",
            "detention",
            f"Следственный изолятор г. {ru}",
            f"{kk} қ. тергеу изоляторы",
            f"{en} pre-trial detention centre",
        ),
    ]
    out += [
        _facility(
            place,
            f"hospital-{k}",
            "hospital",
            f"Городская больница № {k} г. {ru}",
            f"{kk} қ. № {k} қалалық аурухана",
            f"{en} City Hospital No. {k}",
        )
        for k in range(1, hospitals + 1)
    ]
    out.append(
        _facility(
            place,
            "morgue",
            "morgue",
            f"Морг центра судебной медицины г. {ru}",
            f"{kk} қ. сот медицинасы орталығының мәйітханасы",
            f"{en} forensic morgue",
        )
    )
    return out


def _is_latin(name: str) -> bool:
    return all(ch.isascii() for ch in name)


def build_geography() -> Geography:
    """Resolve the demo's cities (data/unrest_places.csv) in the gazetteer; fail if one is gone."""
    by_name = {p.name_en: p for p in load_gazetteer() if p.kind == "city"}
    text = (
        resources.files("aqiqat.demo")
        .joinpath("data", "unrest_places.csv")
        .read_text(encoding="utf-8")
    )
    cities: list[City] = []
    facilities: list[DemoFacility] = []
    for row in csv.DictReader(text.splitlines()):
        place = by_name.get(row["name"])
        if place is None:
            raise LookupError(f"demo city {row['name']!r} is not in the gazetteer")
        start = len(facilities)
        facilities += _facilities_of(place, int(row["hospitals"]))
        ids = range(start, len(facilities))
        latin = (place.name_en, *(n for n in place.other_names if _is_latin(n)))
        cities.append(
            City(
                place=place,
                home_weight=int(row["home_weight"]),
                violence_weight=int(row["violence_weight"]),
                coverage=float(row["coverage"]),
                old_ru=row["old_ru"],
                old_latin=row["old_latin"],
                old_share=float(row["old_share"]),
                latin_names=tuple(dict.fromkeys(latin)),
                detention=tuple(i for i in ids if facilities[i].kind == "detention"),
                hospitals=tuple(i for i in ids if facilities[i].kind == "hospital"),
                morgue=next(i for i in ids if facilities[i].kind == "morgue"),
            )
        )
    return Geography(cities=tuple(cities), facilities=tuple(facilities))
