"""Persons who may be the one a documenter is typing, ranked by name across scripts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.names import ParsedName, compare, parse_name
from aqiqat.selectors.records import hide_retracted

MIN_SCORE = 0.6
# A birth year this far from the one typed makes a suggestion unlikely, not impossible:
# ages told by relatives are often a year or two off.
BORN_TOLERANCE = 2
BORN_PENALTY = 0.2
# Keys are compared on their first letters, so Tokaev, Tokaeva and Tokayev meet.
PREFIX = 3
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Suggestion:
    person: Person
    score: float
    written: str  # the spelling that matched best, as its source wrote it
    born_agrees: bool | None


def suggest_people(
    user: Any, query: str, born: int | None = None, limit: int = 8
) -> list[Suggestion]:
    """Best first; nothing for a user who may not see persons or a text that is no name."""
    if not user.has_perm("people.view_person"):
        return []
    wanted = parse_name(query)
    if not wanted.ok:
        return []
    prefixes = {part.key[:PREFIX] for part in _parts(wanted) if len(part.key) >= PREFIX}
    if not prefixes:
        return []
    spellings: dict[Any, set[str]] = {}
    for person_id, name in _record_names(user, prefixes):
        spellings.setdefault(person_id, set()).add(name)
    people = Person.objects.filter(
        _matches("display_name_latin", prefixes) | Q(pk__in=list(spellings))
    )
    suggestions = []
    for person in people[:MAX_CANDIDATES]:
        names = spellings.get(person.pk, set()) | {person.display_name}
        score, written = max((compare(wanted, name).score, name) for name in names if name)
        agrees = _born_agrees(person, born)
        if agrees is False:
            score -= BORN_PENALTY
        if score >= MIN_SCORE:
            suggestions.append(Suggestion(person, round(score, 3), written, agrees))
    suggestions.sort(key=lambda s: (-s.score, s.person.display_name_latin, str(s.person.pk)))
    return suggestions[:limit]


def _parts(name: ParsedName) -> list[Any]:
    return [part for part in (name.surname, name.given) if part is not None and not part.initial]


def _matches(field: str, prefixes: set[str]) -> Q:
    """Any word of the field starting with one of the prefixes."""
    query = Q()
    for prefix in prefixes:
        query |= Q(**{f"{field}__istartswith": prefix}) | Q(**{f"{field}__icontains": f" {prefix}"})
    return query


def _record_names(user: Any, prefixes: set[str]) -> list[tuple[Any, str]]:
    records: QuerySet[Record] = Record.objects.filter(person__isnull=False).filter(
        _matches("name_key", prefixes)
    )
    if not has_role(user, Role.ADMIN):
        records = hide_retracted(records)
    return list(records.values_list("person_id", "full_name")[: MAX_CANDIDATES * 4])


def _born_agrees(person: Person, born: int | None) -> bool | None:
    if born is None or person.birth_year is None:
        return None
    return abs(person.birth_year - born) <= BORN_TOLERANCE
