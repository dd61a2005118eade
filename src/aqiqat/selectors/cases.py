"""Reading complaints and cases, as each user may: the one access rule for case work.

Admins see every complaint and case; a lawyer sees the cases assigned to them and the
complaints they follow, filed, or that led to their cases; other roles see what their
model permissions allow (documenters: complaints, not cases). Missing and forbidden objects
answer the same "not found".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.cases.models import Case, CaseStatusChange, Complaint
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.case_text import text_filter

CaseLawyer = Case.lawyers.through


class ComplaintState:
    """Where a complaint stands, for lists and filters."""

    WAITING = "waiting"
    ANSWERED = "answered"
    CASE_OPENED = "case_opened"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class CaseFilters:
    """What a list of complaints or cases is narrowed to; empty values select everything."""

    status: str = ""
    region: uuid.UUID | None = None
    facility: uuid.UUID | None = None
    authority: str = ""
    date_from: date | None = None
    date_to: date | None = None
    query: str = ""


def _assigned_case_ids(user: Any) -> QuerySet[Any, Any]:
    return CaseLawyer.objects.filter(user=user).values("case_id")


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not user.has_perm("cases.view_case"):
        return Case.objects.none()
    cases: QuerySet[Case] = Case.objects.all()
    if has_role(user, Role.ADMIN):
        return cases
    cases = cases.filter(retracted_at__isnull=True)
    if has_role(user, Role.LAWYER):
        cases = cases.filter(pk__in=_assigned_case_ids(user))
    return cases


def complaints_visible_to(user: Any) -> QuerySet[Complaint]:
    if not user.has_perm("cases.view_complaint"):
        return Complaint.objects.none()
    complaints: QuerySet[Complaint] = Complaint.objects.all()
    if has_role(user, Role.ADMIN):
        return complaints
    complaints = complaints.filter(retracted_at__isnull=True)
    if has_role(user, Role.LAWYER):
        complaints = complaints.filter(
            Q(lawyer=user) | Q(created_by=user) | Q(case__in=_assigned_case_ids(user))
        )
    return complaints


def _get(queryset: QuerySet[Any], object_id: uuid.UUID | str) -> Any:
    try:
        return queryset.get(pk=object_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound from exc


def access_case(user: Any, case_id: uuid.UUID | str) -> Case:
    case: Case = _get(cases_visible_to(user), case_id)
    return case


def access_complaint(user: Any, complaint_id: uuid.UUID | str) -> Complaint:
    complaint: Complaint = _get(
        complaints_visible_to(user).select_related("person", "case"), complaint_id
    )
    return complaint


def overdue(complaints: QuerySet[Complaint], today: date | None = None) -> QuerySet[Complaint]:
    """Complaints past their answer date with neither an answer nor a case opened on them."""
    return complaints.filter(
        answer_due_on__lt=today or timezone.localdate(),
        answered_on__isnull=True,
        case__isnull=True,
        retracted_at__isnull=True,
    )


def filter_complaints(
    complaints: QuerySet[Complaint], filters: CaseFilters, today: date | None = None
) -> QuerySet[Complaint]:
    if filters.status == ComplaintState.OVERDUE:
        complaints = overdue(complaints, today)
    elif filters.status == ComplaintState.WAITING:
        complaints = complaints.filter(case__isnull=True, answered_on__isnull=True)
    elif filters.status == ComplaintState.ANSWERED:
        complaints = complaints.filter(case__isnull=True, answered_on__isnull=False)
    elif filters.status == ComplaintState.CASE_OPENED:
        complaints = complaints.filter(case__isnull=False)
    if filters.region:
        complaints = complaints.filter(region_id=filters.region)
    if filters.facility:
        complaints = complaints.filter(facility_id=filters.facility)
    return _narrow(complaints, filters, "filed_on")


def complaint_list(user: Any, filters: CaseFilters) -> QuerySet[Complaint]:
    """The complaints a user may see, narrowed by the filters, newest first (overdue ones:
    longest overdue first)."""
    # The overdue list puts the longest waiting first, in the order of its index.
    order = (
        ("answer_due_on", "filed_on", "created_at", "id")
        if filters.status == ComplaintState.OVERDUE
        else ("-filed_on", "-created_at", "-id")
    )
    # Related rows are fetched for the page's rows only: joined before sorting, they would
    # be read for every matching complaint.
    return (
        filter_complaints(complaints_visible_to(user), filters)
        .prefetch_related("person", "case", "region", "facility", "lawyer")
        .order_by(*order)
    )


def filter_cases(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.region or filters.facility:
        through = Complaint.objects.filter(case__isnull=False)
        if filters.region:
            through = through.filter(region_id=filters.region)
        if filters.facility:
            through = through.filter(facility_id=filters.facility)
        cases = cases.filter(pk__in=through.values("case_id"))
    return _narrow(cases, filters, "opened_on")


def _narrow(items: QuerySet[Any], filters: CaseFilters, dated: str) -> QuerySet[Any]:
    """The filters complaints and cases share: authority, a period of `dated`, search."""
    if filters.authority:
        items = items.filter(authority=filters.authority)
    if filters.date_from:
        items = items.filter(**{f"{dated}__gte": filters.date_from})
    if filters.date_to:
        items = items.filter(**{f"{dated}__lte": filters.date_to})
    if filters.query:
        items = items.filter(text_filter(filters.query, items.model))
    return items


def case_list(user: Any, filters: CaseFilters) -> QuerySet[Case]:
    """The cases a user may see, narrowed by the filters, most recently opened first."""
    return filter_cases(cases_visible_to(user), filters).order_by(
        "-opened_on", "-created_at", "-id"
    )


@dataclass(frozen=True)
class CasePage:
    case: Case
    complaints: list[Complaint]
    history: list[CaseStatusChange]
    lawyers: list[Any]


def case_page(user: Any, case: Case) -> CasePage:
    """A case with its complaints (those the user may see), full history and lawyers."""
    history: QuerySet[CaseStatusChange] = case.status_changes.select_related(
        "document", "created_by"
    )
    if not has_role(user, Role.ADMIN):
        history = history.filter(retracted_at__isnull=True)
    return CasePage(
        case=case,
        complaints=list(
            complaints_visible_to(user)
            .filter(case=case)
            .select_related("person", "region", "facility", "lawyer")
            .order_by("filed_on")
        ),
        history=list(history.order_by("on", "created_at")),
        lawyers=list(case.lawyers.order_by("username")),
    )


def days_overdue(complaint: Complaint, today: date | None = None) -> int:
    """How many days past its answer date a complaint waits (0 when not overdue)."""
    return overdue_days(
        complaint.answer_due_on, complaint.answered_on, complaint.case_id is not None, today
    )


def overdue_days(
    due_on: date | None, answered_on: date | None, has_case: bool, today: date | None = None
) -> int:
    if due_on is None or answered_on is not None or has_case:
        return 0
    return max(0, ((today or timezone.localdate()) - due_on).days)
