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
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, UUIDField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.apps.figures.models import Measure, OfficialFigure, SavedEstimate
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.vocabulary import PersonStatus

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
READS = ("view", "report", "export", "login", "logout", "login_failed", "not_found")


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


def current_events() -> QuerySet[Event]:
    return Event.objects.filter(retracted_at__isnull=True, superseded_by__isnull=True)


def documented_people(measure: str) -> QuerySet[Person]:
    """The persons behind a headline's documented number."""
    if measure == Measure.DETAINED:
        detained = current_events().filter(kind=Event.Kind.DETENTION, person=OuterRef("pk"))
        return Person.objects.filter(Exists(detained))
    group = "still_held" if measure == Measure.STILL_HELD else measure
    return Person.objects.filter(status__in=STATUS_GROUPS[group])


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


def _first_place() -> Subquery:
    return Subquery(
        current_events()
        .filter(person=OuterRef("pk"), place__isnull=False)
        .order_by("on", "created_at")
        .values("place_id")[:1],
        output_field=UUIDField(),
    )


def _region_counts() -> RegionCounts:
    regions = region_of_places()
    detained = current_events().filter(kind=Event.Kind.DETENTION, person=OuterRef("pk"))
    rows = (
        Person.objects.annotate(first_place=_first_place(), was_detained=Exists(detained))
        .values("status", "first_place", "was_detained")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    ever: Counter[str] = Counter()
    names: dict[str, dict[str, str]] = {}
    for row in rows:
        region = regions.get(row["first_place"])
        key = region.gazetteer_id if region else UNKNOWN_REGION
        if region:
            names[key] = {"en": region.name_en, "ru": region.name_ru, "kk": region.name_kk}
        cells[key][GROUP_OF_STATUS.get(row["status"], "other")] += row["n"]
        if row["was_detained"]:
            ever[key] += row["n"]
    return RegionCounts(dict(cells), names, ever)


def region_counts() -> RegionCounts:
    """Persons by region and status. A person's region is that of their earliest placed event."""
    return cached("regions", _region_counts)


def _daily() -> dict[str, list[tuple[date, int]]]:
    rows = (
        current_events()
        .filter(on__isnull=False, person__isnull=False, kind__in=DAILY_KINDS)
        .values("kind", "on")
        .annotate(n=Count("person", distinct=True))
        .order_by("on")
    )
    by_kind: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for row in rows:
        # Never None: the query asks for dated events only.
        by_kind[row["kind"]].append((cast(date, row["on"]), int(row["n"])))
    return dict(by_kind)


DAILY_KINDS = (
    Event.Kind.DETENTION,
    Event.Kind.RELEASE,
    Event.Kind.INJURY,
    Event.Kind.DISAPPEARANCE,
    Event.Kind.DEATH,
)


def daily_counts() -> dict[str, list[tuple[date, int]]]:
    """Per event kind, the number of distinct persons with such an event dated that day."""
    return cached("daily", _daily)


def _allegations() -> dict[str, list[tuple[str, int, int]]]:
    allegations = current_events().filter(kind=Event.Kind.ILL_TREATMENT)
    by_type = [
        (row["allegation_type"], row["n"], row["people"])
        for row in allegations.values("allegation_type")
        .annotate(n=Count("id"), people=Count("person", distinct=True))
        .order_by("-n")
    ]
    by_facility = [
        (row["facility__code"] or "", row["n"], row["people"])
        for row in allegations.values("facility__code")
        .annotate(n=Count("id"), people=Count("person", distinct=True))
        .order_by("-n")
    ]
    return {"type": by_type, "facility": by_facility}


def allegation_counts() -> dict[str, list[tuple[str, int, int]]]:
    """Ill-treatment allegations (events) and distinct persons, by type and by facility."""
    return cached("allegations", _allegations)


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


def _documented() -> dict[str, int]:
    """Each headline's documented number, from one count by status and one of detentions."""
    by_status = dict(
        Person.objects.values_list("status")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status", "n")
    )
    documented = {
        measure: sum(
            by_status.get(status, 0)
            for status in STATUS_GROUPS["still_held" if measure == Measure.STILL_HELD else measure]
        )
        for measure in Measure.values
        if measure != Measure.DETAINED
    }
    detained = current_events().filter(kind=Event.Kind.DETENTION, person__isnull=False)
    documented[Measure.DETAINED] = detained.values("person_id").distinct().count()
    return documented


def _headlines() -> list[Headline]:
    documented = _documented()
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
