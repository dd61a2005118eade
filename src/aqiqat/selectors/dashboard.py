"""What the dashboard shows an analyst or admin: counts side by side, each saying what it counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aqiqat.apps.cases.models import Authority, Case
from aqiqat.apps.figures.models import Measure, OfficialFigure, SavedEstimate
from aqiqat.apps.people.models import AllegationType, Event, Person
from aqiqat.selectors import counts
from aqiqat.selectors.access import NotFound


def access_dashboard(user: Any) -> None:
    """Analysts and admins only; anyone else is told the page does not exist."""
    if not user.has_perm("figures.view_savedestimate"):
        raise NotFound


def region_label(key: str, names: dict[str, dict[str, str]]) -> str:
    if key == counts.UNKNOWN_REGION:
        return _("region not known")
    forms = names.get(key, {})
    return forms.get(get_language() or "en") or forms.get("en") or key


@dataclass(frozen=True)
class RegionRow:
    key: str
    label: str
    cells: list[int]
    ever_detained: int
    total: int


def region_rows(data: counts.RegionCounts) -> list[RegionRow]:
    """One row per region, largest first, "region not known" last."""
    rows = [
        RegionRow(
            key,
            region_label(key, data.region_names),
            [data.cells[key][group] for group in counts.STATUS_GROUPS],
            data.ever_detained[key],
            sum(data.cells[key].values()),
        )
        for key in data.cells
    ]
    return sorted(rows, key=lambda r: (r.key == counts.UNKNOWN_REGION, -r.total, r.label))


def _labelled(pairs: list[tuple[str, int]], labels: dict[str, Any]) -> list[tuple[str, int]]:
    return [(str(labels.get(key, key or _("not stated"))), n) for key, n in pairs]


def dashboard_data(user: Any) -> dict[str, Any]:
    access_dashboard(user)
    data = counts.region_counts()
    rows = region_rows(data)
    totals = [sum(row.cells[i] for row in rows) for i in range(len(counts.STATUS_GROUPS))]
    facilities = counts.facility_names()
    allegations = counts.allegation_counts()
    casework = counts.casework_counts()
    type_labels = dict(AllegationType.choices)
    return {
        "headline_rows": [counts.headline_row(h, h.documented) for h in counts.headlines()],
        "status_labels": [counts.STATUS_LABELS[g] for g in counts.STATUS_GROUPS],
        "region_rows": rows,
        "status_totals": totals,
        "grand_total": sum(totals),
        "ever_detained_total": sum(row.ever_detained for row in rows),
        "daily": daily_table(counts.daily_counts()),
        "allegations_by_type": [
            (type_labels.get(key, _("type not stated")), n, people)
            for key, n, people in allegations["type"]
        ],
        "allegations_by_facility": [
            (facility_label(facilities.get(code)), n, people)
            for code, n, people in allegations["facility"]
        ],
        "complaint_states": _labelled(casework["complaints"], counts.COMPLAINT_STATE_LABELS),
        "case_statuses": _labelled(
            casework["cases"], {**dict(Case.Status.choices), "": _("no status recorded")}
        ),
        "authorities": _labelled(casework["authorities"], dict(Authority.choices)),
    }


def facility_label(facility: Any) -> str:
    if facility is None:
        return _("facility not stated")
    local = facility.name_kk if get_language() == "kk" else facility.name_ru
    return f"{local or facility.name_en} ({facility.name_en})" if local else facility.name_en


@dataclass(frozen=True)
class DailyTable:
    kinds: list[str]
    rows: list[tuple[Any, list[int]]]


def daily_table(series: dict[str, list[tuple[Any, int]]]) -> DailyTable:
    kinds = [k for k in counts.DAILY_KINDS if k in series]
    by_day: dict[Any, dict[str, int]] = {}
    for kind in kinds:
        for day, n in series[kind]:
            by_day.setdefault(day, {})[kind] = n
    labels = dict(Event.Kind.choices)
    return DailyTable(
        [str(labels[k]) for k in kinds],
        [(day, [by_day[day].get(k, 0) for k in kinds]) for day in sorted(by_day)],
    )


NAME_ORDER = ("display_name_latin", "display_name", "id")
PER_PAGE = 50


def documented_page(
    user: Any, measure: str, page_number: Any, after: Any = None, before: Any = None
) -> tuple[str, str, Page[Person]]:
    """The persons behind a documented number, to check it one by one.

    Pages follow the listed persons' name index and read keys only, so a page stops after
    its rows; the total is the documented number itself, kept without counting again.
    Next and previous pages start from the last or first person shown (`after`, `before`)
    instead of skipping every row before them.
    """
    access_dashboard(user)
    if measure not in Measure.values or not user.has_perm("people.view_person"):
        raise NotFound
    people = counts.documented_people(measure)
    paginator = KnownCountPaginator(
        people.order_by(*NAME_ORDER).values_list("pk", flat=True),
        PER_PAGE,
        counts.documented_counts()[measure],
    )
    boundary = _boundary(after or before)
    if boundary is None:
        page = paginator.get_page(page_number)
        ids = list(page.object_list)
    else:
        ids = _keys_beyond(people, boundary, forward=after is not None)
        page = Page(ids, paginator.validate_number(_number(page_number)), paginator)
    rows = Person.objects.in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return str(Measure(measure).label), str(counts.DOCUMENTED_MEANS[measure]), page


def _number(value: Any) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _boundary(person_id: Any) -> tuple[Any, ...] | None:
    """The sort key of the person a page starts after (or ends before)."""
    if not person_id:
        return None
    try:
        return Person.objects.filter(pk=person_id).values_list(*NAME_ORDER).first()
    except ValidationError:
        return None


def _keys_beyond(people: QuerySet[Person], key: tuple[Any, ...], *, forward: bool) -> list[Any]:
    """A page of keys after (forward) or before the boundary's key, in name order."""
    latin, name, pk = key
    op, edge = ("gt", "gte") if forward else ("lt", "lte")
    beyond = (
        Q(**{f"display_name_latin__{op}": latin})
        | Q(display_name_latin=latin, **{f"display_name__{op}": name})
        | Q(display_name_latin=latin, display_name=name, **{f"id__{op}": pk})
    )
    order = NAME_ORDER if forward else tuple(f"-{field}" for field in NAME_ORDER)
    # The plain range lets the index start at the boundary instead of at the first name.
    window = people.filter(beyond, **{f"display_name_latin__{edge}": latin}).order_by(*order)
    ids = list(window.values_list("pk", flat=True)[:PER_PAGE])
    return ids if forward else ids[::-1]


class KnownCountPaginator(Paginator):
    """A paginator told its total, for lists whose total is already known."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def official_figures(user: Any) -> list[OfficialFigure]:
    """Every official figure on file, retracted ones too (marked), newest statement first."""
    access_dashboard(user)
    return list(OfficialFigure.objects.select_related("region", "created_by", "retracted_by"))


def saved_estimates(user: Any) -> list[SavedEstimate]:
    """Every saved estimate, retracted ones too (marked), newest first."""
    access_dashboard(user)
    return list(SavedEstimate.objects.select_related("created_by", "retracted_by"))
