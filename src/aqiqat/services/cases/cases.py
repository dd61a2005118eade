"""Opening an official case on a complaint, its status changes, details and lawyers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.audit.log import acting_as, write_entry
from aqiqat.apps.cases.models import Authority, Case, CaseStatusChange, Complaint
from aqiqat.selectors.case_text import search_text
from aqiqat.services.cases.common import (
    Upload,
    check_lawyer,
    check_not_future,
    claim_version,
    store_upload,
)
from aqiqat.services.cases.complaints import SEARCHED_FIELDS, index_complaint_text
from aqiqat.services.cases.errors import CaseWorkError


@dataclass(frozen=True)
class CaseDetails:
    number: str
    authority: str
    opened_on: date | None = None
    article: str = ""


def case_search_text(case: Case) -> str:
    parts = [case.number, case.article]
    for complaint in case.complaints.select_related("person"):
        parts += [
            complaint.person.display_name,
            complaint.person.display_name_latin,
            complaint.filed_by,
            complaint.authority_name,
        ]
    return search_text(parts)


def open_case(
    actor: Any,
    complaint: Complaint,
    expected_version: int,
    details: CaseDetails,
    document: Upload | None = None,
) -> Case:
    """Record the official case a complaint led to, with its first status "registered".

    A case already known by the same number and authority is linked instead of doubled:
    several complaints often end up in one criminal case.
    """
    number = details.number.strip()[:100]
    if not number:
        raise CaseWorkError(_("Give the official case number."))
    if details.authority not in Authority.values:
        raise CaseWorkError(_("Choose the authority that opened the case."))
    check_not_future(details.opened_on, _("opening"))
    if complaint.case_id is not None:
        raise CaseWorkError(_("This complaint is already linked to a case."))
    with transaction.atomic(), acting_as(actor):
        claim_version(complaint, expected_version, _("complaint"))
        case = Case.objects.filter(
            number=number, authority=details.authority, retracted_at__isnull=True
        ).first()
        if case is None:
            case = Case.objects.create(
                number=number,
                authority=details.authority,
                opened_on=details.opened_on,
                article=details.article.strip()[:100],
                created_by=actor,
            )
            _add_change(
                actor,
                case,
                Case.Status.REGISTERED,
                details.opened_on or complaint.filed_on,
                "",
                store_upload(actor, document, complaint.person),
            )
        lawyers: list[Any] = [user for user in (complaint.lawyer, actor) if _is_lawyer(user)]
        if lawyers:
            case.lawyers.add(*lawyers)
            _log_lawyers(actor, case)
        complaint.case = case
        index_complaint_text(complaint)
        complaint.save()
        case.search_text = case_search_text(case)
        case.save(update_fields=["search_text"])
    return case


def _is_lawyer(user: Any) -> bool:
    return user is not None and has_role(user, Role.LAWYER)


def add_status_change(
    actor: Any,
    case: Case,
    expected_version: int,
    status: str,
    on: date,
    note: str = "",
    document: Upload | None = None,
) -> CaseStatusChange:
    """Add one step to the case's history; the case's status is then its latest step."""
    if status not in Case.Status.values:
        raise CaseWorkError(_("Choose the new status."))
    check_not_future(on, _("status"))
    if case.opened_on is not None and on < case.opened_on:
        raise CaseWorkError(_("A status change cannot come before the case was opened."))
    person = next((c.person for c in case.complaints.select_related("person")), None)
    with transaction.atomic(), acting_as(actor):
        claim_version(case, expected_version, _("case"))
        return _add_change(
            actor, case, status, on, note.strip(), store_upload(actor, document, person)
        )


def _add_change(
    actor: Any, case: Case, status: str, on: date, note: str, document: Any
) -> CaseStatusChange:
    change = CaseStatusChange.objects.create(
        case=case, status=status, on=on, note=note, document=document, created_by=actor
    )
    latest = case.current_status()
    if latest is not None:
        case.status, case.status_on = latest.status, latest.on
        case.save()
    return change


def update_case(actor: Any, case: Case, expected_version: int, details: CaseDetails) -> None:
    """Correct the case's number, authority, opening date or article."""
    number = details.number.strip()[:100]
    if not number:
        raise CaseWorkError(_("Give the official case number."))
    if details.authority not in Authority.values:
        raise CaseWorkError(_("Choose the authority that opened the case."))
    check_not_future(details.opened_on, _("opening"))
    with transaction.atomic(), acting_as(actor):
        claim_version(case, expected_version, _("case"))
        case.number = number
        case.authority = details.authority
        case.opened_on = details.opened_on
        case.article = details.article.strip()[:100]
        case.search_text = case_search_text(case)
        case.save()
        for complaint in case.complaints.select_related("person", "case"):
            index_complaint_text(complaint)
            complaint.save(update_fields=SEARCHED_FIELDS)


def assign_lawyers(actor: Any, case: Case, expected_version: int, lawyers: Iterable[Any]) -> None:
    """Set who follows the case: they, and admins, are the only ones who see it."""
    chosen = list(lawyers)
    for lawyer in chosen:
        check_lawyer(lawyer)
    with transaction.atomic(), acting_as(actor):
        claim_version(case, expected_version, _("case"))
        case.lawyers.set(chosen)
        _log_lawyers(actor, case)


def _log_lawyers(actor: Any, case: Case) -> None:
    # Many-to-many changes bypass Model.save, so the audit entry is written here.
    write_entry(
        actor=actor,
        action="update",
        obj=case,
        detail={"lawyers": sorted(str(pk) for pk in case.lawyers.values_list("pk", flat=True))},
    )
