"""Persons who may be the one a documenter is typing, ranked by the search's own ranker.

Candidates come from the live search index (records, as the tracing desk's search finds
them, grouped by the person they are linked to) and, for persons that have no record yet
(written by hand), from the start of their display name. Every spelling of every
candidate (its records' names and the person's display name, each with the record's or
else the person's birth year) is then ranked by a small search index with the same
scoring as the desk's search, so one ranker decides the order of both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.names import parse_name, transliterate
from aqiqat.search import Entry, Hit, Query, QueryError, SearchIndex
from aqiqat.selectors.records import hide_retracted
from aqiqat.services.tracing.index import live_index

# Records read from the index for a handful of persons: a person often has several.
RECORDS_READ = 60
# Persons without records whose display name is ranked at most.
MAX_UNRECORDED = 500
# Display names are matched on their words' first two letters, so that Tokayev, Tokaev
# and Toqaev meet.
PREFIX = 2
_SEP = "|"


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
    try:
        wanted = Query.read(query, born=born)
    except QueryError:
        return []
    people: dict[str, Person] = {}
    spellings: list[tuple[Entry, str]] = []
    for record in _recorded(user, wanted):
        if record.person is None:
            continue
        person = people.setdefault(str(record.person_id), record.person)
        spellings.append((_record_entry(record, person, len(spellings)), record.full_name))
    for person in _unrecorded(wanted):
        people.setdefault(str(person.pk), person)
    for pk, person in people.items():
        entry = _display_entry(pk, person, len(spellings))
        spellings.append((entry, person.display_name))
    index = SearchIndex()
    index.add(entry for entry, _written in spellings)
    written = {entry.record_id: text for entry, text in spellings}
    best: dict[str, Suggestion] = {}
    for hit in index.search(wanted, limit=len(spellings)):
        pk = hit.record_id.split(_SEP)[0]
        if pk not in best:
            best[pk] = _suggestion(people[pk], hit, written[hit.record_id])
    ranked = sorted(
        best.values(), key=lambda s: (-s.score, s.person.display_name_latin, str(s.person.pk))
    )
    return ranked[:limit]


def _recorded(user: Any, wanted: Query) -> list[Record]:
    """The visible, linked records the live index ranks first for the query."""
    hits = live_index().search(wanted, limit=RECORDS_READ)
    records: QuerySet[Record] = Record.objects.filter(
        person__isnull=False, superseded_by__isnull=True
    ).select_related("person")
    if not has_role(user, Role.ADMIN):
        records = hide_retracted(records)
    return list(records.filter(pk__in=[hit.record_id for hit in hits]))


def _unrecorded(wanted: Query) -> QuerySet[Person]:
    """Persons with no record with a word of their name starting like a word of the query:
    the Latin display name by the word's key or Kazakh Latin form, the display name as
    typed (SQLite compares only ASCII letters case-insensitively, so both cases are
    tried). The ranker then sorts out which really agree."""
    parts = [p for p in (wanted.name.surname, wanted.name.given) if p and not p.initial]
    starts: set[tuple[str, str]] = set()
    for part in parts:
        latin = transliterate(part.text, "kz2021")[:PREFIX]
        starts |= {("display_name_latin", s) for s in (part.key[:PREFIX], latin.lower(), latin)}
        written = part.text[:PREFIX]
        starts |= {("display_name", s) for s in (written.capitalize(), written.upper())}
    match = Q(pk__in=[])
    for field, start in starts:
        if len(start) == PREFIX:
            match |= Q(**{f"{field}__startswith": start})
            match |= Q(**{f"{field}__contains": f" {start}"})
    # A merged-away person has no records either, but is no longer a person to pick.
    return Person.objects.filter(match, records__isnull=True, merged_into__isnull=True)[
        :MAX_UNRECORDED
    ]


def _record_entry(record: Record, person: Person, n: int) -> Entry:
    low = record.birth_year_min or person.birth_year
    parts = (record.surname, record.given_name, record.patronymic)
    if not any(parts):
        parsed = parse_name(record.full_name).parts_text()
        parts = (parsed["surname"] or "", parsed["given"] or "", parsed["patronymic"] or "")
    return Entry(
        f"{person.pk}{_SEP}{n}",
        *parts,
        sex=record.sex if record.sex in ("M", "F") else "",
        born_min=low,
        born_max=record.birth_year_max or low,
    )


def _display_entry(pk: str, person: Person, n: int) -> Entry:
    parts = parse_name(person.display_name).parts_text()
    year = person.birth_year
    return Entry(
        f"{pk}{_SEP}{n}",
        parts["surname"] or "",
        parts["given"] or "",
        parts["patronymic"] or "",
        born_min=year,
        born_max=year,
    )


def _suggestion(person: Person, hit: Hit, written: str) -> Suggestion:
    born = next((r.verdict for r in hit.reasons if r.field == "born"), "unknown")
    agrees = {"agrees": True, "close": True, "differs": False}.get(born)
    return Suggestion(person, hit.score, written, agrees)
