"""Adding what happened to a person: an event or an ill-treatment allegation.

Events are never edited: a correction is a new event that supersedes the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.people.models import AllegationType, Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.vocabulary import DatePrecision
from aqiqat.services.counts import counts_kept


class EventError(ValueError):
    """The event cannot be recorded as given; nothing was written."""


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
        return Event.objects.create(
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
