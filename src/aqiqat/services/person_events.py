"""Adding what happened to a person: an event or an ill-treatment allegation.

Events are never edited: a correction is a new event that supersedes the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aqiqat.apps.audit.log import acting_as, write_entry
from aqiqat.apps.people.models import AllegationType, Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.vocabulary import DatePrecision
from aqiqat.services.counts import counts_kept
from aqiqat.services.person_status import restate_status, take_events


class EventError(ValueError):
    """The event cannot be recorded as given; nothing was written."""


class EventConflict(EventError):
    """The event was corrected or withdrawn meanwhile; `latest` is what stands now."""

    def __init__(self, message: str, latest: Event) -> None:
        super().__init__(message)
        self.latest = latest


@dataclass(frozen=True)
class EventDetails:
    kind: str
    on: date | None = None
    on_precision: str = DatePrecision.UNKNOWN
    place: Place | None = None
    facility: Facility | None = None
    perpetrator_unit: str = ""
    allegation_type: str = ""
    description: str = ""
    supersedes: Event | None = None


def add_event(actor: Any, person: Person, details: EventDetails) -> Event:
    if details.kind not in Event.Kind.values:
        raise EventError(_("Choose what happened."))
    if details.on is not None and details.on > timezone.localdate():
        raise EventError(_("The date of the event is in the future."))
    precision = details.on_precision if details.on is not None else DatePrecision.UNKNOWN
    if details.on is not None and precision == DatePrecision.UNKNOWN:
        precision = DatePrecision.DAY
    allegation = details.allegation_type
    if details.kind == Event.Kind.ILL_TREATMENT:
        if allegation not in AllegationType.values:
            raise EventError(_("Say what kind of ill-treatment is alleged."))
    else:
        allegation = ""
    if details.supersedes is not None and details.supersedes.person_id != person.pk:
        raise EventError(_("An event can only correct another event of the same person."))
    with transaction.atomic(), acting_as(actor), counts_kept(person.pk):
        event = Event.objects.create(
            person=person,
            kind=details.kind,
            on=details.on,
            on_precision=precision,
            place=details.place or (details.facility.place if details.facility else None),
            facility=details.facility,
            perpetrator_unit=details.perpetrator_unit.strip()[:300],
            allegation_type=allegation,
            description=details.description.strip(),
            supersedes=details.supersedes,
            created_by=actor,
        )
        if details.supersedes is None:
            take_events(actor, person, [event], "event: the prevailing status")
        return event


# What a correction may change; what was told (testimony for an allegation) is carried over.
CORRECTED_FIELDS = (
    "kind",
    "on",
    "on_precision",
    "place_id",
    "facility_id",
    "allegation_type",
    "perpetrator_unit",
)


def latest_version(event: Event) -> Event:
    """The correction that stands for this event now (the event itself when uncorrected)."""
    current = event
    while (newer := Event.objects.filter(supersedes=current).first()) is not None:
        current = newer
    return current


def correct_event(actor: Any, event: Event, details: EventDetails, reason: str) -> Event:
    """A new version of `event` that supersedes it, with the reason in the audit log.

    The old version stays on the timeline, marked as corrected. Two people correcting the
    same version: the second is refused (EventConflict) and shown the first's version.
    """
    reason = reason.strip()
    if not reason:
        raise EventError(_("Say why the event is corrected."))
    with transaction.atomic(), acting_as(actor), counts_kept(event.person_id):
        current = Event.objects.select_for_update().get(pk=event.pk)
        if current.person is None:
            raise EventError(_("This event belongs to no person and cannot be corrected here."))
        latest = latest_version(current)
        if latest.pk != current.pk or current.is_retracted:
            raise EventConflict(
                _(
                    "Someone corrected or withdrew this event while you were editing it; "
                    "nothing was saved. Here is the version that stands now."
                ),
                latest,
            )
        corrected = add_event(
            actor,
            current.person,
            replace(details, description=current.description, supersedes=current),
        )
        changed = [f for f in CORRECTED_FIELDS if getattr(corrected, f) != getattr(current, f)]
        if not changed:
            raise EventError(_("Nothing was changed: the correction is the same as the event."))
        corrected.records.set(current.records.all())
        restate_status(actor, current.person, "event corrected: the prevailing status")
        write_entry(
            actor=actor,
            action="correct",
            obj=corrected,
            detail={"supersedes": str(current.pk), "fields": changed, "reason": reason},
        )
        return corrected
