"""Ranked person search for the tracing desk, the API and the CLI, as the user may see it.

The index ranks records; here they are grouped by person (a record not yet linked stands
alone), retracted ones are dropped for all but admins, and each result gets the person's
status as the person page shows it (the rule and functions of `services.person_status`),
with its source and date. Record ids are shown only to roles that may read records; nobody
gets testimony, medical details or contacts from a search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.sources.models import Record
from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, partial_date_text
from aqiqat.search import Hit, Query, QueryError, SearchIndex
from aqiqat.search.index import Reason
from aqiqat.selectors.records import hide_retracted
from aqiqat.services.name_problems import name_problem_in_words
from aqiqat.services.person_status import (
    NO_INFORMATION,
    StatusOn,
    prevailing_report,
    status_of,
    told_by,
)
from aqiqat.services.tracing.index import live_index
from aqiqat.services.tracing.rate import count_search

RESULTS = 10
# Records read from the index for ten persons: a person often has several records.
RECORDS_READ = 60
RATE_LIMIT = 30  # searches per user
RATE_WINDOW = 60  # seconds


class SearchRefused(Exception):
    """The search was not run; `message` tells the user why, in their language."""

    def __init__(self, message: str, *, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.rate_limited = rate_limited


@dataclass(frozen=True)
class KnownStatus:
    """The latest thing known about where a person is, and who said so, when."""

    status: str
    facility: str = ""
    on: date | None = None
    source: str = ""
    precision: str = DatePrecision.UNKNOWN

    @property
    def text(self) -> str:
        label = str(PersonStatus(self.status).label)
        if self.status == PersonStatus.DETAINED and self.facility:
            label = _("held at %(facility)s") % {"facility": self.facility}
        elif self.facility:
            label = f"{label} ({self.facility})"
        if self.on:
            when = {
                "status": label,
                "date": partial_date_text(self.on, self.precision, localized=True),
            }
            if self.precision in (DatePrecision.MONTH, DatePrecision.YEAR):
                # "since February 2022" would claim its first day.
                label = _("%(status)s in %(date)s") % when
            else:
                label = _("%(status)s since %(date)s") % when
        return label


@dataclass
class Result:
    person: Person | None
    score: float
    records: list[Record]
    why: tuple[Reason, ...]
    status: KnownStatus
    record_ids: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.display_name
        return self.records[0].full_name

    @property
    def born(self) -> str:
        years = {(r.birth_year_min, r.birth_year_max) for r in self.records if r.birth_year_min}
        if self.person is not None and self.person.birth_year:
            return str(self.person.birth_year)
        return ", ".join(sorted(f"{a}" if a == b else f"{a}-{b}" for a, b in years))

    def as_json(self) -> dict[str, Any]:
        return {
            "person_id": str(self.person.pk) if self.person else None,
            "score": self.score,
            "record_ids": self.record_ids,
            "status": self.status.status,
            "status_text": self.status.text,
            "status_on": self.status.on.isoformat() if self.status.on else None,
            "status_on_precision": self.status.precision,
            "status_source": self.status.source,
            "facility": self.status.facility,
            "name": self.name,
            "born": self.born,
            "why": [reason.text for reason in self.why],
        }


def query_error_message(error: QueryError) -> str:
    messages = {
        "empty": _("Type the name of the person you are looking for."),
        "too_long": _("That is too long for a name (at most %(n)s characters).")
        % {"n": error.detail},
        "not_a_name": _("That does not read as a name (%(why)s). Type letters only.")
        % {"why": name_problem_in_words(error.problem, error.detail)},
        "too_short": _(
            "Give at least a surname of two letters or more; initials alone match too many."
        ),
        "born_not_year": _("Write the year of birth with four digits, e.g. 1995."),
        "born_future": _("A year of birth of %(year)s is in the future.") % {"year": error.detail},
        "born_too_early": _("A year of birth of %(year)s is too early.") % {"year": error.detail},
        "age_not_age": _("Write the age in years, e.g. 25."),
    }
    return messages.get(error.code, _("This search cannot be run."))


def check_rate(user: Any) -> None:
    """At most RATE_LIMIT searches a minute per user, counted across every thread and
    server process of the machine."""
    if count_search(user.pk, RATE_WINDOW) > RATE_LIMIT:
        raise SearchRefused(
            _("Too many searches in a minute (at most %(n)s). Wait a minute and try again.")
            % {"n": RATE_LIMIT},
            rate_limited=True,
        )


def read_query(
    text: str, *, born: str = "", age: str = "", sex: str = "", place: str = ""
) -> Query:
    try:
        return Query.read(text, born=born or None, age=age or None, sex=sex, place=place)
    except QueryError as exc:
        raise SearchRefused(query_error_message(exc)) from exc


class Found(list[Result]):
    """Results best first, and how many more records match as well as the last shown."""

    as_good_not_shown: int = 0


def search_persons(
    user: Any, query: Query, limit: int = RESULTS, index: SearchIndex | None = None
) -> Found:
    """Best first, as the user may see them; nothing for a user who may not see persons."""
    if not user.has_perm("people.view_person"):
        return Found()
    hits, left_out = (index or live_index()).search_counted(query, limit=RECORDS_READ)
    results, beyond_limit = results_for(user, hits, limit)
    found = Found(results)
    if found:
        last = found[-1].score
        unread = left_out if hits[-1].score == last else 0
        found.as_good_not_shown = unread + sum(score == last for score in beyond_limit)
    return found


def results_for(user: Any, hits: list[Hit], limit: int) -> tuple[list[Result], list[float]]:
    """The persons of the first `limit` groups of hits, and the scores of the hits of
    other persons left out by the limit."""
    admin = has_role(user, Role.ADMIN)
    shown: QuerySet[Record] = Record.objects.select_related("person", "source", "facility").filter(
        # A corrected record's newer version is indexed too and stands for it.
        superseded_by__isnull=True
    )
    if not admin:
        shown = hide_retracted(shown)
    # in_bulk keys by UUID; the index holds their text.
    records = {
        str(pk): record for pk, record in shown.in_bulk([hit.record_id for hit in hits]).items()
    }
    groups: dict[str, Result] = {}
    beyond_limit: list[float] = []
    for hit in hits:
        record = records.get(hit.record_id)
        if record is None:
            continue
        key = str(record.person_id or record.pk)
        result = groups.get(key)
        if result is None:
            if len(groups) >= limit:
                beyond_limit.append(hit.score)
                continue
            groups[key] = Result(record.person, hit.score, [record], hit.reasons, _UNKNOWN)
        else:
            result.records.append(record)
    shows_records = user.has_perm("sources.view_record")
    results = list(groups.values())
    persons = [r.person for r in results if r.person is not None]
    all_records = _records_of(persons)
    statuses = statuses_of(persons, all_records)
    for result in results:
        if result.person is not None:
            result.status = statuses[result.person.pk]
            # Every record of the person, not only those that matched the query.
            result.records = all_records[result.person.pk] or result.records
        else:
            result.status = _known(NO_INFORMATION, result.records, [])
        if shows_records:
            result.record_ids = [r.public_id for r in result.records]
    return results, beyond_limit


_UNKNOWN = KnownStatus(PersonStatus.UNKNOWN)


def latest_status(person: Person | None, records: Iterable[Record]) -> KnownStatus:
    """The person's status as the person page shows it, with who said so; the given
    records stand alone when there is no person."""
    if person is None:
        return _known(NO_INFORMATION, records, [])
    return statuses_of([person])[person.pk]


def _records_of(persons: list[Person]) -> dict[Any, list[Record]]:
    """The current (not retracted, not superseded) records of each person."""
    records: dict[Any, list[Record]] = {person.pk: [] for person in persons}
    for record in hide_retracted(
        Record.objects.filter(person_id__in=list(records), superseded_by__isnull=True)
        .select_related("source", "facility")
        .order_by("created_at")
    ):
        records[record.person_id].append(record)
    return records


def statuses_of(
    persons: list[Person], records: dict[Any, list[Record]] | None = None
) -> dict[Any, KnownStatus]:
    """The status of several persons, in three queries whatever their number."""
    ids = [person.pk for person in persons]
    if records is None:
        records = _records_of(persons)
    events: dict[Any, list[Event]] = {pk: [] for pk in ids}
    for event in (
        Event.objects.filter(
            person_id__in=ids, retracted_at__isnull=True, superseded_by__isnull=True
        )
        .select_related("facility")
        .prefetch_related("records__source")
    ):
        events[event.person_id].append(event)
    return {p.pk: _known(status_of(p), records[p.pk], events[p.pk]) for p in persons}


def _known(start: StatusOn, records: Iterable[Record], events: Iterable[Event]) -> KnownStatus:
    """What prevails of `start` (the person's stored status) and what the records and
    events say, by the rule the stored status follows, so that it is the stored status
    unless a report has not reached it yet; with the report that tells it."""
    status, teller = prevailing_report(start, told_by(records, events))
    if status.status == PersonStatus.UNKNOWN:
        return _UNKNOWN
    facility = source = ""
    if isinstance(teller, Event):
        source = next((r.source.name for r in teller.records.all()), _("event record"))
        facility = _facility_name(teller.facility) if teller.facility else ""
    elif isinstance(teller, Record):
        source = teller.source.name
        facility = _facility_name(teller.facility) if teller.facility else teller.facility_text
    return KnownStatus(status.status, facility, status.on, source, status.precision)


def _facility_name(facility: Any) -> str:
    return str(facility.name_en or facility.name_ru or facility.code)
