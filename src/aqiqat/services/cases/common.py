"""Pieces every case-work service shares: optimistic locking, uploads, regions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.services.cases.errors import CaseWorkError, EditConflict
from aqiqat.services.evidence import store_evidence


@dataclass(frozen=True)
class Upload:
    """A document sent with a step: a scan of the complaint, a decision, a letter."""

    stream: BinaryIO
    name: str
    media_type: str
    description: str = ""


def claim_version(obj: Any, expected: int, kind: str) -> None:
    """Move `obj` to the next version if it is still at `expected`; else EditConflict.

    One conditional UPDATE decides, so of two users saving from the same version exactly
    one wins, on SQLite and PostgreSQL alike; the caller then saves its changes.
    """
    model: type[models.Model] = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, version=expected).update(
        version=expected + 1
    )
    if not claimed:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
        raise EditConflict(kind, current.first() or 0)
    obj.version = expected + 1


def store_upload(actor: Any, upload: Upload | None, person: Person | None) -> Evidence | None:
    if upload is None:
        return None
    return store_evidence(
        upload.stream,
        original_name=upload.name,
        media_type=upload.media_type,
        actor=actor,
        person=person,
        description=upload.description,
    )


def region_of(place: Place | None) -> Place | None:
    """The region a place lies in (itself if it is one); None above or outside regions."""
    seen = 0
    while place is not None and seen < 10:
        if place.kind == Place.Kind.REGION:
            return place
        place = place.parent
        seen += 1
    return None


def facility_region(facility: Facility | None) -> Place | None:
    return region_of(facility.place) if facility is not None else None


def check_not_future(on: date | None, what: str) -> None:
    if on is not None and on > timezone.localdate():
        raise CaseWorkError(
            _("The date %(date)s (%(what)s) is in the future.") % {"date": on, "what": what}
        )


def check_lawyer(user: Any) -> None:
    if user is not None and not has_role(user, Role.LAWYER):
        raise CaseWorkError(
            _("%(user)s is not a lawyer in Aqiqat.") % {"user": user.get_username()}
        )
