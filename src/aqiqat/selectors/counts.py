"""The aggregate counts behind the dashboard, the public pages and the summary report.

Each count says what it counts. Results are cached under the latest audit entry that is
not a read: every write to the database is audited, so a cached count never outlives the
data, while logins, page views and reports (which write audit entries too) leave it be.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.apps.figures.models import Measure, OfficialFigure, SavedEstimate
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors import count_cells
from aqiqat.selectors.count_cells import current_events

T = TypeVar("T")
CACHE_SECONDS = 3600
UNKNOWN_REGION = ""

# Current statuses as the dashboard groups them; "in hospital" is counted with injured.
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "still_held": (PersonStatus.DETAINED,),
    "released": (PersonStatus.RELEASED,),
    "injured": (PersonStatus.INJURED, PersonStatus.IN_HOSPITAL),
    "missing": (PersonStatus.MISSING,),
    "killed": (PersonStatus.KILLED,),
    "other": (PersonStatus.FOUND, PersonStatus.UNKNOWN),
}
STATUS_LABELS = {
    "still_held": _("still held"),
    "released": _("released"),
    "injured": _("injured"),
    "missing": _("missing"),
    "killed": _("killed"),
    "other": _("found or no information"),
}
GROUP_OF_STATUS = {status: group for group, members in STATUS_GROUPS.items() for status in members}

# What each headline's documented number counts, said on every page that shows it.
DOCUMENTED_MEANS: dict[str, Any] = {
    Measure.KILLED: _("persons whose current status is killed"),
    Measure.DETAINED: _("persons with at least one detention event on record"),
    Measure.STILL_HELD: _("persons whose current status is detained"),
    Measure.INJURED: _("persons whose current status is injured or in hospital"),
    Measure.MISSING: _("persons whose current status is missing"),
}


# Audit actions that change no data. Any other action, known or new, empties the cache.
READS = count_cells.READS


def data_version() -> str:
    """The hash of the latest audited write: it changes whenever the data may have."""
    latest = (
        AuditEntry.objects.exclude(action__in=READS)
        .order_by("-seq")
        .values_list("entry_hash", flat=True)
        .first()
    )
    return latest or "empty"


def cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, reused until the next audited write."""
    key = f"aqiqat:counts:{name}:{data_version()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def documented_people(measure: str) -> QuerySet[Person]:
    """The persons behind a headline's documented number (merged-away persons never)."""
    listed = Person.objects.filter(merged_into__isnull=True)
    if measure == Measure.DETAINED:
        detained = current_events().filter(kind=Event.Kind.DETENTION, person=OuterRef("pk"))
        return listed.filter(Exists(detained))
    group = "still_held" if measure == Measure.STILL_HELD else measure
    return listed.filter(status__in=STATUS_GROUPS[group])


def region_of_places() -> dict[Any, Place]:
    """Each place's region: its nearest enclosing region, or a city directly under the country."""
    places = {p.pk: p for p in Place.objects.all()}
    regions: dict[Any, Place] = {}
    for pk, place in places.items():
        seen: Place | None = place
        while seen is not None:
            parent = places.get(seen.parent_id) if seen.parent_id else None
            if seen.kind == Place.Kind.REGION or (
                parent is not None and parent.kind == Place.Kind.COUNTRY
            ):
                regions[pk] = seen
                break
            seen = parent
    return regions


@dataclass(frozen=True)
class RegionCounts:
    """Persons by region (gazetteer id, "" for unknown) and current status group."""

    cells: dict[str, Counter[str]]
    region_names: dict[str, dict[str, str]]
    ever_detained: Counter[str]


def _person_counts() -> Counter[tuple[str, str]]:
    return cached("persons", count_cells.person_counts)


def _split(key: str) -> tuple[str, str]:
    first, _sep, rest = key.partition("|")
    return first, rest


def _region_counts() -> RegionCounts:
    regions = {str(pk): region for pk, region in region_of_places().items()}
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    ever: Counter[str] = Counter()
    names: dict[str, dict[str, str]] = {}

    def region_key(place: str) -> str:
        region = regions.get(place)
        if region is None:
            return UNKNOWN_REGION
        names[region.gazetteer_id] = {
            "en": region.name_en,
            "ru": region.name_ru,
            "kk": region.name_kk,
        }
        return region.gazetteer_id

    for (name, key), n in _person_counts().items():
        if name == count_cells.PERSONS:
            place, status = _split(key)
            cells[region_key(place)][GROUP_OF_STATUS.get(status, "other")] += n
        elif name == count_cells.DETAINED:
            ever[region_key(key)] += n
    return RegionCounts(dict(cells), names, ever)


def region_counts() -> RegionCounts:
    """Persons by region and status. A person's region is that of their earliest placed event
    (dated events before undated ones)."""
    return cached("regions", _region_counts)


DAILY_KINDS = count_cells.DAILY_KINDS


def daily_counts() -> dict[str, list[tuple[date, int]]]:
    """Per event kind, the number of distinct persons with such an event dated that day."""
    by_kind: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for (name, key), n in _person_counts().items():
        if name == count_cells.DAILY:
            kind, day = _split(key)
            by_kind[kind].append((date.fromisoformat(day), n))
    return {kind: sorted(days) for kind, days in by_kind.items()}


def allegation_counts() -> dict[str, list[tuple[str, int, int]]]:
    """Ill-treatment allegations (events) and distinct persons, by type and by facility."""
    counted = _person_counts()
    codes = {str(pk): code for pk, code in Facility.objects.values_list("pk", "code")}

    def table(events: str, people: str, label: Callable[[str], str]) -> list[tuple[str, int, int]]:
        rows = [
            (label(key), n, counted[(people, key)])
            for (name, key), n in counted.items()
            if name == events
        ]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    return {
        "type": table(count_cells.ALLEGATIONS_BY_TYPE, count_cells.PEOPLE_BY_TYPE, str),
        "facility": table(
            count_cells.ALLEGATIONS_BY_FACILITY,
            count_cells.PEOPLE_BY_FACILITY,
            lambda pk: codes.get(pk, ""),
        ),
    }


def facility_names() -> dict[str, Facility]:
    return {f.code: f for f in Facility.objects.all()}


def _casework() -> dict[str, list[tuple[str, int]]]:
    today = timezone.localdate()
    complaints = Complaint.objects.filter(retracted_at__isnull=True)
    states = complaints.aggregate(
        led_to_case=Count("id", filter=Q(case__isnull=False)),
        answered=Count("id", filter=Q(case__isnull=True, answered_on__isnull=False)),
        overdue=Count(
            "id",
            filter=Q(case__isnull=True, answered_on__isnull=True, answer_due_on__lt=today),
        ),
        waiting=Count(
            "id",
            filter=Q(case__isnull=True, answered_on__isnull=True)
            & (Q(answer_due_on__gte=today) | Q(answer_due_on__isnull=True)),
        ),
    )
    cases = (
        Case.objects.filter(retracted_at__isnull=True)
        .values("status")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    authorities = complaints.values("authority").annotate(n=Count("id")).order_by("-n")
    return {
        "complaints": [(key, states[key]) for key in COMPLAINT_STATES],
        "cases": [(row["status"], row["n"]) for row in cases],
        "authorities": [(row["authority"], row["n"]) for row in authorities],
    }


COMPLAINT_STATES = ("led_to_case", "answered", "overdue", "waiting")
COMPLAINT_STATE_LABELS = {
    "led_to_case": _("led to a criminal case"),
    "answered": _("answered, no case"),
    "overdue": _("no answer, past the deadline"),
    "waiting": _("no answer yet, within the deadline"),
}


def casework_counts() -> dict[str, list[tuple[str, int]]]:
    """Complaints by where they stand, cases by latest status, complaints by authority."""
    return cached("casework", _casework)


@dataclass(frozen=True)
class Headline:
    """One headline figure side by side: official, documented, estimated."""

    measure: str
    official: OfficialFigure | None
    documented: int
    estimate: SavedEstimate | None


def documented_counts() -> dict[str, int]:
    """Each headline's documented number, from the counts by status and of detentions."""
    by_status: Counter[str] = Counter()
    detained = 0
    for (name, key), n in _person_counts().items():
        if name == count_cells.PERSONS:
            by_status[_split(key)[1]] += n
        elif name == count_cells.DETAINED:
            detained += n
    documented = {
        measure: sum(
            by_status[status]
            for status in STATUS_GROUPS["still_held" if measure == Measure.STILL_HELD else measure]
        )
        for measure in Measure.values
        if measure != Measure.DETAINED
    }
    documented[Measure.DETAINED] = detained
    return documented


def _headlines() -> list[Headline]:
    documented = documented_counts()
    officials: dict[str, OfficialFigure] = {}
    for figure in OfficialFigure.objects.filter(retracted_at__isnull=True, region__isnull=True):
        officials.setdefault(figure.measure, figure)
    estimates: dict[str, SavedEstimate] = {}
    for saved in SavedEstimate.objects.filter(retracted_at__isnull=True):
        estimates.setdefault(saved.measure, saved)
    return [
        Headline(measure, officials.get(measure), documented[measure], estimates.get(measure))
        for measure in Measure.values
    ]


@dataclass(frozen=True)
class HeadlineRow:
    """A headline as pages show it: labelled, its documented number possibly withheld."""

    measure: str
    label: str
    means: str
    official: OfficialFigure | None
    documented: int | None  # None: not published (fewer than 5, or withheld)
    estimate: SavedEstimate | None
    # Not published although 5 or more: withheld so that totals cannot reveal a small count.
    withheld: bool = False


def headline_row(headline: Headline, documented: int | None, withheld: bool = False) -> HeadlineRow:
    return HeadlineRow(
        headline.measure,
        str(Measure(headline.measure).label),
        str(DOCUMENTED_MEANS[headline.measure]),
        headline.official,
        documented,
        headline.estimate,
        withheld,
    )


def headlines() -> list[Headline]:
    """Per measure: latest national official figure, documented count, latest estimate."""
    return cached("headlines", _headlines)
