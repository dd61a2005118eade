"""The in-memory index: records keyed by `blocking_keys`, ranked by name, birth year, sex
and place.

Records are looked up by the blocking keys of the query's name (phonetic surname with the
given name's initial, in both readings of the order), so a search touches a few hundred
records of a million. Each distinct written name is compared with `compare` once per
query, however many records share it.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from aqiqat.names import (
    DEFAULT_THRESHOLD,
    NamePart,
    ParsedName,
    Script,
    Sex,
    blocking_keys,
    compare,
    detect_script,
    word_key,
)
from aqiqat.names.parse import surname_stem
from aqiqat.search.query import Query

# How much each field weighs in the score, among the fields the query gives.
WEIGHTS = {"name": 0.7, "born": 0.2, "sex": 0.05, "place": 0.05}
# What a field the record does not give counts: neither for nor against.
UNKNOWN = 0.5
# Birth years told by relatives are often a year or two off.
BORN_NEAR = {1: 0.7, 2: 0.4}
# People move; a different place weighs against a record, but not much.
PLACE_DIFFERS = 0.3
# Records whose name scores below this are not results, whatever else agrees.
MIN_NAME_SCORE = 0.6
# A name that agrees but for the sex its forms signal is shown, lower: a typo can drop a
# female ending (Соловьёв Татьяна), and a given name the parser does not know can be read
# as a surname of the other sex (Ұлболсын Даулетова). compare() caps such pairs at this.
SEX_CONFLICT_CAP = 0.4
SEX_CONFLICT_FACTOR = 0.75
# A query that only gives a surname reads every record of that surname; this many at most,
# and above LARGE_BLOCK only those born near the year asked for (when one is).
MAX_CANDIDATES = 60_000
LARGE_BLOCK = 2_000
NO_YEAR = 0
# Surname keys are also kept per birth year («s:tgv@1995»), so that a common surname
# asked for with a year reads those born near it instead of everyone of that surname.
# Records without a year, or with a range wider than this, go under «@?».
YEAR_SPAN_MAX = 10
NO_YEAR_BUCKET = "@?"
# Distinct (surname, given name) pairs whose keys one `add` remembers at most (a million
# demo records hold about 480,000; the memory is freed when `add` returns).
KEY_CACHE = 600_000
_SEX = {"M": Sex.MALE, "F": Sex.FEMALE}
_Named = tuple[float, tuple[str, ...]]  # a name comparison's score and reasons


@dataclass(frozen=True, slots=True)
class Entry:
    """One record as the index holds it: name parts as written, sex ("M", "F" or ""),
    birth years (both None when unknown) and a gazetteer place id ("" when unknown)."""

    record_id: str
    surname: str
    given: str
    patronymic: str
    sex: str = ""
    born_min: int | None = None
    born_max: int | None = None
    place_id: str = ""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a record ranks where it does: a field, whether it agrees, and the detail."""

    field: str  # name, born, sex, place
    verdict: str  # agrees, close, differs, unknown
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.field} {self.verdict}" + (f": {self.detail}" if self.detail else "")


@dataclass(frozen=True, slots=True)
class Hit:
    record_id: str
    score: float
    name_score: float
    reasons: tuple[Reason, ...]


@lru_cache(maxsize=262_144)
def _part(text: str) -> NamePart | None:
    # Cached: a million records hold some tens of thousands of distinct words.
    text = text.strip()
    if not text:
        return None
    key = word_key(text)
    return NamePart(text, key, initial=len(key) == 1) if key else None


def entry_name(surname: str, given: str, patronymic: str, sex: str = "") -> ParsedName:
    """The parts a record already holds as a ParsedName, without parsing the text again."""
    text = " ".join(t for t in (surname, given, patronymic) if t)
    return ParsedName(
        input=text,
        script=detect_script(text),
        surname=_part(surname),
        given=_part(given),
        patronymic=_part(patronymic),
        sex=_SEX.get(sex),
        given_words=tuple(given.split()),
    )


def _keys(surname: str, given: str) -> frozenset[str]:
    """`blocking_keys` of a record, from the only parts they depend on."""
    name = ParsedName(input="", script=Script.NONE, surname=_part(surname), given=_part(given))
    return blocking_keys(name)


class SearchIndex:
    """Records by blocking key; safe to share between threads (one lock, short holds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: list[tuple[str, str, str, str]] = []
        self._name_ids: dict[tuple[str, str, str, str], int] = {}
        self._record_ids: list[str] = []
        self._record_name = array("i")
        self._born_min = array("H")
        self._born_max = array("H")
        self._record_place = array("i")
        self._places: list[str] = [""]
        self._place_ids: dict[str, int] = {"": 0}
        self._postings: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._record_ids)

    def state(self) -> dict[str, Any]:
        """Everything the index holds, as plain lists and arrays (see snapshot.py)."""
        with self._lock:
            return {
                "record_ids": list(self._record_ids),
                "names": list(self._names),
                "places": list(self._places),
                "postings": {key: array("i", p) for key, p in self._postings.items()},
                "record_name": array("i", self._record_name),
                "born_min": array("H", self._born_min),
                "born_max": array("H", self._born_max),
                "record_place": array("i", self._record_place),
            }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SearchIndex:
        """An index from `state()`'s output; ValueError if the parts do not fit together."""
        index = cls()
        records = len(state["record_ids"])
        per_record = ("record_name", "born_min", "born_max", "record_place")
        if any(len(state[name]) != records for name in per_record):
            raise ValueError("per-record arrays of different lengths")
        names, places = state["names"], state["places"]
        if records and (
            max(state["record_name"]) >= len(names) or max(state["record_place"]) >= len(places)
        ):
            raise ValueError("a record points past the names or places")
        if any(p and max(p) >= records for p in state["postings"].values()):
            raise ValueError("a key points past the records")
        if any(len(name) != 4 for name in names) or not places or places[0] != "":
            raise ValueError("names or places malformed")
        index._record_ids = state["record_ids"]
        index._names = [tuple(name) for name in names]
        index._name_ids = {name: n for n, name in enumerate(index._names)}
        index._places = places
        index._place_ids = {place: n for n, place in enumerate(places)}
        index._postings = state["postings"]
        for name in per_record:
            setattr(index, f"_{name}", state[name])
        return index

    def add(self, entries: Iterable[Entry]) -> int:
        """Add records; returns how many. A record id added twice is the caller's mistake."""
        added = 0
        # Keys depend on the surname and given name only; many records share both.
        keys_of: dict[tuple[str, str], frozenset[str]] = {}
        with self._lock:
            for entry in entries:
                if len(keys_of) > KEY_CACHE:
                    keys_of.clear()
                self._add(entry, keys_of)
                added += 1
        return added

    def _add(self, entry: Entry, keys_of: dict[tuple[str, str], frozenset[str]]) -> None:
        name = (entry.surname, entry.given, entry.patronymic, entry.sex)
        name_id = self._name_ids.get(name)
        if name_id is None:
            name_id = len(self._names)
            self._names.append(name)
            self._name_ids[name] = name_id
        number = len(self._record_ids)
        self._record_ids.append(entry.record_id)
        self._record_name.append(name_id)
        self._born_min.append(entry.born_min or NO_YEAR)
        self._born_max.append(entry.born_max or entry.born_min or NO_YEAR)
        place = self._place_ids.get(entry.place_id)
        if place is None:
            place = self._place_ids[entry.place_id] = len(self._places)
            self._places.append(entry.place_id)
        self._record_place.append(place)
        pair = (entry.surname, entry.given)
        keys = keys_of.get(pair)
        if keys is None:
            keys = keys_of[pair] = _keys(entry.surname, entry.given)
        for key in keys:
            self._post(key, number)
            if key.startswith("s:"):
                low, high = entry.born_min, entry.born_max or entry.born_min
                if low and high and high - low <= YEAR_SPAN_MAX:
                    for year in range(low, high + 1):
                        self._post(f"{key}@{year}", number)
                else:
                    self._post(key + NO_YEAR_BUCKET, number)

    def _post(self, key: str, number: int) -> None:
        posting = self._postings.get(key)
        if posting is None:
            posting = self._postings[key] = array("i")
        posting.append(number)

    def search(self, query: Query, limit: int = 50) -> list[Hit]:
        """Best first; records whose name is too far from the query's are left out."""
        return self.search_counted(query, limit)[0]

    def search_counted(self, query: Query, limit: int = 50) -> tuple[list[Hit], int]:
        """`search`, and how many records left out score as high as the last one given:
        namesakes the query cannot tell apart, which the user should be told exist."""
        with self._lock:
            scored = self._score(query, self._candidates(query))
            best = heapq.nsmallest(limit, scored, key=lambda s: (-s[0], self._record_ids[s[1]]))
            hits = [self._hit(query, total, number, named) for total, number, named in best]
        left_out = 0
        if best and len(scored) > len(best):
            last = best[-1][0]
            left_out = sum(s[0] == last for s in scored) - sum(b[0] == last for b in best)
        return hits, left_out

    def _candidates(self, query: Query) -> list[int]:
        keys = blocking_keys(query.name)
        # With a given name the surname-and-initial keys suffice (in both readings, so a
        # typo in either word still meets); the surname alone is for surname-only queries.
        narrow = {key for key in keys if key.startswith("sg:")} or keys
        near = max(BORN_NEAR)
        seen: set[int] = set()
        for key in narrow:
            posting = self._postings.get(key, ())
            if len(posting) > LARGE_BLOCK and key.startswith("s:") and query.born_max:
                # A common surname asked for alone: those born far from the year asked
                # for could only fill the list below everyone born near it.
                low = (query.born_min or query.born_max) - near
                for year in range(low, query.born_max + near + 1):
                    seen.update(self._postings.get(f"{key}@{year}", ()))
                seen.update(self._postings.get(key + NO_YEAR_BUCKET, ()))
            else:
                seen.update(posting)
        if len(seen) > LARGE_BLOCK and query.born_min is not None:
            seen = {n for n in seen if self._born_gap(n, query) <= near}
        return sorted(seen)[:MAX_CANDIDATES]

    def _born_gap(self, number: int, query: Query) -> int:
        low, high = self._born_min[number], self._born_max[number]
        if low == NO_YEAR or query.born_min is None or query.born_max is None:
            return 0
        return max(low - query.born_max, query.born_min - high, 0)

    def _score(self, query: Query, candidates: list[int]) -> list[tuple[float, int, _Named]]:
        """(score, record number, name comparison) for records whose name is close enough.

        Names are compared once per distinct name; without a patronymic in the query the
        records' patronymics cannot change the comparison, so they are left out of the key.
        """
        by_name: dict[tuple[str, str, str, str], _Named] = {}
        with_patronymic = query.name.patronymic is not None
        weight = self._weight(query)
        scored = []
        for number in candidates:
            name_id = self._record_name[number]
            surname, given, patronymic, sex = self._names[name_id]
            key = (surname, given, patronymic if with_patronymic else "", sex)
            named = by_name.get(key)
            if named is None:
                named = by_name[key] = _compare_names(query.name, entry_name(*key))
            if named[0] < MIN_NAME_SCORE:
                continue
            total = WEIGHTS["name"] * named[0]
            if query.born_min is not None:
                total += WEIGHTS["born"] * self._born_part(number, query)[0]
            if query.sex:
                total += WEIGHTS["sex"] * self._sex_part(name_id, query)[0]
            if query.place_id:
                total += WEIGHTS["place"] * self._place_part(number, query)[0]
            scored.append((round(total / weight, 3), number, named))
        return scored

    @staticmethod
    def _weight(query: Query) -> float:
        weight = WEIGHTS["name"]
        if query.born_min is not None:
            weight += WEIGHTS["born"]
        if query.sex:
            weight += WEIGHTS["sex"]
        if query.place_id:
            weight += WEIGHTS["place"]
        return weight

    def _hit(self, query: Query, total: float, number: int, named: _Named) -> Hit:
        name_score, name_reasons = named
        verdict = "agrees" if name_score >= DEFAULT_THRESHOLD else "close"
        reasons = [Reason("name", verdict, f"{name_score:.2f} ({', '.join(name_reasons)})")]
        if query.born_min is not None:
            reasons.append(self._born_part(number, query)[1])
        if query.sex:
            reasons.append(self._sex_part(self._record_name[number], query)[1])
        if query.place_id:
            reasons.append(self._place_part(number, query)[1])
        return Hit(self._record_ids[number], total, name_score, tuple(reasons))

    def _born_part(self, number: int, query: Query) -> tuple[float, Reason]:
        low, high = self._born_min[number], self._born_max[number]
        if low == NO_YEAR:
            return UNKNOWN, Reason("born", "unknown")
        told = str(low) if low == high else f"{low}-{high}"
        gap = self._born_gap(number, query)
        if gap == 0:
            return 1.0, Reason("born", "agrees", told)
        if gap in BORN_NEAR:
            return BORN_NEAR[gap], Reason("born", "close", told)
        return 0.0, Reason("born", "differs", told)

    def _sex_part(self, name_id: int, query: Query) -> tuple[float, Reason]:
        sex = self._names[name_id][3]
        if not sex:
            return UNKNOWN, Reason("sex", "unknown")
        if sex == query.sex:
            return 1.0, Reason("sex", "agrees", sex)
        return 0.0, Reason("sex", "differs", sex)

    def _place_part(self, number: int, query: Query) -> tuple[float, Reason]:
        place = self._places[self._record_place[number]]
        if not place:
            return UNKNOWN, Reason("place", "unknown")
        if place == query.place_id:
            return 1.0, Reason("place", "agrees", place)
        return PLACE_DIFFERS, Reason("place", "differs", place)


def _compare_names(query: ParsedName, record: ParsedName) -> _Named:
    """compare(), except that a sex conflict alone lowers a full name instead of hiding it."""
    comparison = compare(query, record)
    score, reasons = comparison.score, comparison.reasons
    if score <= SEX_CONFLICT_CAP and query.given is not None and _sex_conflict(reasons):
        blind = compare(_sexless(query), _sexless(record))
        if not _sex_conflict(blind.reasons) and blind.score * SEX_CONFLICT_FACTOR > score:
            score = round(blind.score * SEX_CONFLICT_FACTOR, 3)
            reasons = (*blind.reasons, "but the sex of the forms differs")
    return score, reasons


def _sex_conflict(reasons: tuple[str, ...]) -> bool:
    return any(r.startswith(("sex differs", "surname forms differ in sex")) for r in reasons)


def _sexless(name: ParsedName) -> ParsedName:
    """The name with its female surname endings made male and no sex, on either word that
    may be the surname."""

    def neutral(part: NamePart | None) -> NamePart | None:
        if part is None or part.initial:
            return part
        return NamePart(part.text, surname_stem(part.key))

    return replace(name, surname=neutral(name.surname), given=neutral(name.given), sex=None)
