"""Gazetteer: places with their names in every script and era, and a free-text resolver.

The data is a CSV file (data/gazetteer.csv for Kazakhstan); another country needs only
another file with the same columns. Several names of one place are separated by «|».
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from aqiqat.names.keys import latin_key

COLUMNS = (
    "id", "kind", "parent_id", "name_kk", "name_ru", "name_en", "name_latin",
    "other_names", "historical_names", "lat", "lon",
)  # fmt: skip

# Settlements win over the region of the same name («Алматы» is the city) unless the text
# names a region; the smaller the unit, the later it comes.
_KIND_ORDER = ("city", "town", "village", "region", "city-district", "district", "country")

# Generic words around a place name, by the kind of place they announce.
_GENERIC_WORDS: dict[str, tuple[str, ...]] = {
    "region": (
        "область", "области", "областью", "обл", "облысы", "облысының", "облысында",
        "oblysy", "oblast", "region", "province",
    ),
    "district": (
        "район", "района", "районе", "р-н", "ауданы", "ауданының", "audany", "district",
        "raion", "rayon", "мкр", "микрорайон",
    ),
    "settlement": (
        "город", "города", "городе", "г", "гор", "қаласы", "қ", "qalasy", "city", "town",
        "пос", "посёлок", "поселок", "п", "пгт", "село", "с", "аул", "ауылы", "auyly",
        "village", "кенті", "в", "во", "in",
    ),
}  # fmt: skip
_WORD_KIND = {w: kind for kind, words in _GENERIC_WORDS.items() for w in words}
_SPLIT = re.compile(r"[\s.,;:()«»\"]+")
# Russian adjectival endings: «Алматинская/Алматинской/Алматинский» all name one stem.
_ADJECTIVE = re.compile(r"(sk|ck)(aia|oi|ogo|omu|om|ii|i|uiu|ai|ie|ih)$")

EXACT = 1.0
HISTORICAL = 0.95
FUZZY_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    kind: str
    parent_id: str | None
    name_kk: str
    name_ru: str
    name_en: str
    name_latin: str
    other_names: tuple[str, ...] = ()
    historical_names: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None

    @property
    def current_names(self) -> tuple[str, ...]:
        names = (self.name_kk, self.name_ru, self.name_en, self.name_latin, *self.other_names)
        return tuple(n for n in names if n)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    place: Place
    confidence: float
    matched_name: str
    how: str  # "exact", "historical" or "fuzzy"
    alternatives: tuple[str, ...] = ()  # ids of other places the text could also mean


def _split_names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.split("|") if n.strip())


def _float(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


def load_gazetteer(path: str | Path | None = None) -> list[Place]:
    """Read a gazetteer CSV (the bundled Kazakhstan file when `path` is None)."""
    if path is None:
        text = resources.files("aqiqat.names").joinpath("data/gazetteer.csv").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    reader = csv.DictReader(text.splitlines())
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"gazetteer: missing columns {', '.join(sorted(missing))}")
    return [
        Place(
            id=row["id"],
            kind=row["kind"],
            parent_id=row["parent_id"] or None,
            name_kk=row["name_kk"],
            name_ru=row["name_ru"],
            name_en=row["name_en"],
            name_latin=row["name_latin"],
            other_names=_split_names(row["other_names"]),
            historical_names=_split_names(row["historical_names"]),
            lat=_float(row["lat"]),
            lon=_float(row["lon"]),
        )
        for row in reader
    ]


def _strip_generic(text: str) -> tuple[str, str | None]:
    """Drop «г.», «область», «ауданы»… and say which kind of place they announced."""
    words = [w for w in _SPLIT.split(text) if w]
    kept: list[str] = []
    kind_hint: str | None = None
    for word in words:
        kind = _WORD_KIND.get(word.lower())
        if kind is None:
            kept.append(word)
        elif kind_hint is None or kind != "settlement":
            kind_hint = kind
    return " ".join(kept), kind_hint


def _keys(text: str) -> tuple[str, bool]:
    """Key of a place name without its generic words, and whether it was an adjective."""
    core, _ = _strip_generic(text)
    noun = latin_key(core).replace(" ", "")
    key = _ADJECTIVE.sub(r"\1", noun)
    return key, key != noun


def place_key(text: str) -> str:
    """Key of a place name without its generic words: «г. Алматы» → almati."""
    return _keys(text)[0]


@dataclass(frozen=True, slots=True)
class _Entry:
    place: Place
    name: str
    historical: bool
    # Derived from a Russian adjective («Актюбинская область» → aktiubinsk): weaker than
    # a name that is a noun (Aktyubinsk, the city's old name).
    adjectival: bool

    def rank(self, kind_hint: str | None) -> tuple[int, bool, bool, int]:
        """Sort key: the kind the text announced, nouns before adjectives, current names
        before old ones (Жамбыл is the region today, not Taraz as it was once called),
        then settlements before regions."""
        kind = self.place.kind
        hinted = kind_hint is not None and (
            kind == kind_hint
            or (kind_hint == "district" and kind == "city-district")
            or (kind_hint == "settlement" and kind in {"city", "town", "village"})
        )
        order = _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
        return (0 if hinted else 1, self.adjectival, self.historical, order)


class Gazetteer:
    """An index of places by the keys of all their names."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self.by_id: dict[str, Place] = {p.id: p for p in self.places}
        self._index: dict[str, list[_Entry]] = {}
        for place in self.places:
            for name in place.current_names:
                self._add(place, name, historical=False)
            for name in place.historical_names:
                self._add(place, name, historical=True)
        self._keys: list[str] = list(self._index)

    def _add(self, place: Place, name: str, *, historical: bool) -> None:
        key, adjectival = _keys(name)
        if key:
            entries = self._index.setdefault(key, [])
            if all(e.place.id != place.id for e in entries):
                entries.append(_Entry(place, name, historical, adjectival))

    def resolve(self, text: str) -> PlaceMatch | None:
        """The place a free-text mention most likely means, or None."""
        if not isinstance(text, str) or not text.strip() or len(text) > 300:
            return None
        best = self._resolve_one(text)
        if best is None and ("," in text or ";" in text):
            parts = [p for p in re.split(r"[,;]", text) if p.strip()]
            found = [m for m in (self._resolve_one(p) for p in parts) if m is not None]
            if found:
                best = max(found, key=lambda m: (m.confidence, _specificity(m.place)))
        return best

    def _resolve_one(self, text: str) -> PlaceMatch | None:
        _, kind_hint = _strip_generic(text)
        key = place_key(text)
        if not key:
            return None
        how = "exact"
        entries = self._index.get(key)
        score = 100.0
        if entries is None:
            hit = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit is None:
                return None
            entries = self._index[hit[0]]
            score = float(hit[1])
            how = "fuzzy"
        ranked = sorted(entries, key=lambda e: e.rank(kind_hint))
        best = ranked[0]
        confidence = HISTORICAL if best.historical else EXACT
        if how == "fuzzy":
            confidence = round(0.9 * score / 100, 3)
        elif best.historical:
            how = "historical"
        if len(ranked) > 1 and ranked[1].rank(kind_hint) == best.rank(kind_hint):
            confidence = round(confidence * 0.8, 3)
        others = tuple(e.place.id for e in ranked[1:])
        return PlaceMatch(best.place, confidence, best.name, how, others)


_SPECIFICITY = {"country": 0, "region": 1, "city": 2, "town": 2, "district": 2}


def _specificity(place: Place) -> int:
    return _SPECIFICITY.get(place.kind, 3)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once."""
    return Gazetteer(load_gazetteer())


def resolve_place(text: str, gazetteer: Gazetteer | None = None) -> PlaceMatch | None:
    """Resolve free text («г. Алматы», «ALMATY», «Алма-Ата») to a place with a confidence."""
    return (gazetteer or default_gazetteer()).resolve(text)


def places_within(region_id: str, places: Sequence[Place] | None = None) -> list[Place]:
    """Every place whose chain of parents reaches `region_id`."""
    pool = list(places) if places is not None else list(default_gazetteer().places)
    by_id = {p.id: p for p in pool}
    found = []
    for place in pool:
        parent = place.parent_id
        while parent is not None:
            if parent == region_id:
                found.append(place)
                break
            parent = by_id[parent].parent_id if parent in by_id else None
    return found
