"""Filing a complaint, recording the authority's answer, and following it up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.cases.models import Authority, Complaint
from aqiqat.apps.people.models import Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.selectors.case_text import sealed_words, search_text
from aqiqat.services.cases.common import (
    Upload,
    check_lawyer,
    check_not_future,
    claim_version,
    facility_region,
    store_upload,
)
from aqiqat.services.cases.deadlines import due_on
from aqiqat.services.cases.errors import CaseWorkError

MAX_DUE_DAYS = 3650


@dataclass(frozen=True)
class ComplaintDetails:
    person: Person
    filed_by: str
    authority: str
    filed_on: date
    authority_name: str = ""
    summary: str = ""
    region: Place | None = None
    facility: Facility | None = None
    lawyer: Any = None
    answer_due_days: int | None = None


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up changes; None leaves a field as it is."""

    answered_on: date | None = None
    answer_note: str | None = None
    answer_due_days: int | None = None
    lawyer: Any = None


SEARCHED_FIELDS = ["search_text", "sealed_words"]


def index_complaint_text(complaint: Complaint) -> None:
    """Set what the complaint is found by: the plain keys of its person's names, who filed
    it, the authority and the case number; the tokens of its summary's and answer's words."""
    person = complaint.person
    complaint.search_text = search_text(
        (
            person.display_name,
            person.display_name_latin,
            complaint.filed_by,
            complaint.authority_name,
            complaint.case.number if complaint.case_id and complaint.case else "",
        )
    )
    complaint.sealed_words = sealed_words(
        (complaint.summary, complaint.answer_note), Complaint, complaint.search_text
    )


def reindex_complaints(ids: list[Any]) -> None:
    """Index the text of these complaints again (sync brings rows without their tokens)."""
    complaints = list(Complaint.objects.filter(pk__in=ids).select_related("person", "case"))
    for complaint in complaints:
        index_complaint_text(complaint)
    Complaint.objects.bulk_update(complaints, SEARCHED_FIELDS, batch_size=500)


def _check_days(days: int | None) -> None:
    if days is not None and not 1 <= days <= MAX_DUE_DAYS:
        raise CaseWorkError(
            _("Days to answer must be between 1 and %(max)s.") % {"max": MAX_DUE_DAYS}
        )


def register_complaint(
    actor: Any, details: ComplaintDetails, document: Upload | None = None
) -> Complaint:
    """File a complaint for a person; its answer date follows the authority's deadline."""
    filed_by = details.filed_by.strip()
    if not filed_by:
        raise CaseWorkError(_("Say who filed the complaint."))
    if details.authority not in Authority.values:
        raise CaseWorkError(_("Choose the authority the complaint went to."))
    check_not_future(details.filed_on, _("filing"))
    _check_days(details.answer_due_days)
    lawyer = details.lawyer
    if lawyer is None and has_role(actor, Role.LAWYER):
        lawyer = actor
    check_lawyer(lawyer)
    with transaction.atomic(), acting_as(actor):
        complaint = Complaint(
            person=details.person,
            filed_by=filed_by[:300],
            authority=details.authority,
            authority_name=details.authority_name.strip()[:300],
            filed_on=details.filed_on,
            summary=details.summary.strip(),
            region=details.region or facility_region(details.facility),
            facility=details.facility,
            lawyer=lawyer,
            answer_due_on=due_on(details.filed_on, details.authority, details.answer_due_days),
            document=store_upload(actor, document, details.person),
            created_by=actor,
        )
        index_complaint_text(complaint)
        complaint.save()
    return complaint


def follow_up(actor: Any, complaint: Complaint, expected_version: int, change: FollowUp) -> None:
    """Record the answer, a new deadline or the lawyer following the complaint."""
    check_not_future(change.answered_on, _("answer"))
    if change.answered_on is not None and change.answered_on < complaint.filed_on:
        raise CaseWorkError(_("The answer cannot come before the complaint was filed."))
    _check_days(change.answer_due_days)
    if change.lawyer is not None:
        check_lawyer(change.lawyer)
    with transaction.atomic(), acting_as(actor):
        claim_version(complaint, expected_version, _("complaint"))
        if change.answered_on is not None:
            complaint.answered_on = change.answered_on
        if change.answer_note is not None:
            complaint.answer_note = change.answer_note.strip()
            index_complaint_text(complaint)
        if change.answer_due_days is not None:
            complaint.answer_due_on = due_on(
                complaint.filed_on, complaint.authority, change.answer_due_days
            )
        if change.lawyer is not None:
            complaint.lawyer = change.lawyer
        complaint.save()
