"""Recording official figures, saved estimates and memorial consents, with audit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.figures.models import Measure, MemorialConsent, OfficialFigure, SavedEstimate
from aqiqat.apps.people.models import Person
from aqiqat.apps.places.models import Place
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.selectors.access import NotFound
from aqiqat.services.estimation_data import HistoryFilter, histories_from_database

if TYPE_CHECKING:
    from aqiqat.estimate import EstimateReport, Options

# Which method heads a run when all were run: the one docs/estimation.md trusts most first.
HEADLINE_ORDER = ("lcmcr", "loglinear", "dga", "sparse", "chapman")

# The estimate of persons with a status measures this headline figure.
MEASURE_OF_STATUS = {
    PersonStatus.KILLED: Measure.KILLED,
    PersonStatus.DETAINED: Measure.STILL_HELD,
    PersonStatus.INJURED: Measure.INJURED,
    PersonStatus.MISSING: Measure.MISSING,
}


class FiguresError(ValueError):
    """Input that cannot be recorded, said in words the user understands."""


@dataclass(frozen=True)
class FigureInput:
    measure: str
    value: int
    said_by: str
    document: str
    stated_on: date
    region: Place | None = None
    note: str = ""


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise NotFound


def record_official_figure(user: Any, given: FigureInput) -> OfficialFigure:
    _require(user, "figures.add_officialfigure")
    if given.measure not in Measure.values:
        raise FiguresError(f"unknown measure {given.measure!r}; use {', '.join(Measure.values)}")
    if given.value < 0:
        raise FiguresError("an official figure cannot be negative")
    if not given.said_by.strip() or not given.document.strip():
        raise FiguresError("say who gave the figure and in which document or at which address")
    if given.stated_on > date.today():
        raise FiguresError("the date of the statement is in the future")
    with acting_as(user), transaction.atomic():
        return OfficialFigure.objects.create(
            measure=given.measure,
            value=given.value,
            said_by=given.said_by.strip(),
            document=given.document.strip(),
            stated_on=given.stated_on,
            region=given.region,
            note=given.note.strip(),
            created_by=user,
        )


def retract_official_figure(user: Any, figure_id: uuid.UUID | str, reason: str) -> OfficialFigure:
    _require(user, "figures.change_officialfigure")
    figure = _get(OfficialFigure, figure_id)
    with transaction.atomic():
        figure.retract(user, reason)
    return figure


def headline(report: EstimateReport, method: str | None = None) -> Any:
    """The estimate that heads a run: the method asked for, or the most trusted that answered."""
    answered = {item.method: item for item in report.estimates if not item.refused}
    order = (method,) if method and method != "all" else HEADLINE_ORDER
    for name in order:
        if name in answered:
            return answered[name]
    raise FiguresError("no method gave an estimate in this run; nothing to save")


def save_estimate(
    user: Any,
    measure: str,
    report: EstimateReport,
    scope: str,
    method: str | None = None,
) -> SavedEstimate:
    """Keep an estimation run so the dashboard can show it beside the other numbers."""
    _require(user, "figures.add_savedestimate")
    if measure not in Measure.values:
        raise FiguresError(f"unknown measure {measure!r}; use {', '.join(Measure.values)}")
    best = headline(report, method)
    with acting_as(user), transaction.atomic():
        return SavedEstimate.objects.create(
            measure=measure,
            method=best.method,
            n_hat=float(best.n_hat),
            lower=None if best.lower is None else float(best.lower),
            upper=None if best.upper is None else float(best.upper),
            level=best.level,
            documented=report.documented,
            lists=list(report.lists),
            strata=sorted(report.strata),
            warnings=list(best.warnings),
            scope=scope[:1000],
            results=[item.to_json() for item in report.estimates],
            created_by=user,
        )


def estimate_from_database(
    user: Any, wanted: HistoryFilter, method: str = "all", options: Options | None = None
) -> SavedEstimate:
    """Estimate from the linked persons in the database and save it for the dashboard.

    As `aqiqat estimate --from-database --save`. When the data cannot support an estimate
    (no person matches, too few lists or overlaps), FiguresError says why and nothing is
    saved.
    """
    from aqiqat.estimate import METHODS, HistoriesError, estimate

    _require(user, "figures.add_savedestimate")
    known = wanted.status in PersonStatus.values
    measure = MEASURE_OF_STATUS.get(PersonStatus(wanted.status)) if known else None
    if measure is None:
        raise FiguresError(
            _(
                "Persons with this status have no headline figure to estimate; choose killed, "
                "detained, injured or missing."
            )
        )
    if method != "all" and method not in METHODS:
        raise FiguresError(_("Unknown method %(method)s.") % {"method": method})
    try:
        histories = histories_from_database(user, wanted)
    except HistoriesError as exc:
        raise FiguresError(
            _("The data cannot support an estimate, so none was saved: %(why)s") % {"why": exc}
        ) from exc
    report = estimate(histories, method, options)
    if all(item.refused for item in report.estimates):
        reasons = sorted({reason for item in report.estimates for reason in item.warnings})
        raise FiguresError(
            _("The data cannot support an estimate, so none was saved: %(why)s")
            % {"why": "; ".join(reasons) or _("every method declined")}
        )
    return save_estimate(user, measure, report, histories.source, method)


def retract_saved_estimate(user: Any, estimate_id: uuid.UUID | str, reason: str) -> SavedEstimate:
    _require(user, "figures.change_savedestimate")
    saved = _get(SavedEstimate, estimate_id)
    with transaction.atomic():
        saved.retract(user, reason)
    return saved


def record_memorial_consent(
    user: Any, person: Person, given_by: str, given_on: date, note: str = ""
) -> MemorialConsent:
    """A family's consent to name a killed person on the public memorial."""
    _require(user, "figures.add_memorialconsent")
    if person.status != PersonStatus.KILLED:
        raise FiguresError("only a person recorded as killed can be named on the memorial")
    if not given_by.strip():
        raise FiguresError("say who gave consent (for example 'his mother')")
    if given_on > date.today():
        raise FiguresError("the date consent was given is in the future")
    with acting_as(user), transaction.atomic():
        return MemorialConsent.objects.create(
            person=person,
            given_by=given_by.strip(),
            given_on=given_on,
            note=note.strip(),
            created_by=user,
        )


def withdraw_memorial_consent(
    user: Any, consent_id: uuid.UUID | str, reason: str
) -> MemorialConsent:
    """The family withdrew consent: the name leaves the memorial; the consent stays on file."""
    _require(user, "figures.change_memorialconsent")
    consent = _get(MemorialConsent, consent_id)
    with transaction.atomic():
        consent.retract(user, reason)
    return consent


def _get(model: Any, pk: uuid.UUID | str) -> Any:
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
