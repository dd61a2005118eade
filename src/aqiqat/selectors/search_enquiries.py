"""Reading enquiries for the desk: one access rule, contacts only for those who may see them
(and audited), and the answer a family may be given."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from aqiqat.apps.accounts.roles import Role, Sensitive, has_role, may_see
from aqiqat.apps.audit.log import log_sensitive_read
from aqiqat.apps.tracing.models import TracingRequest, TracingStatus, TracingStatusChange
from aqiqat.selectors.access import NotFound
from aqiqat.selectors.search import KnownStatus, latest_status
from aqiqat.services.tracing.enquiries import ACTIVE, pending_matches

QUEUE_SIZE = 200


def access_request(user: Any, request_id: uuid.UUID | str) -> TracingRequest:
    if not user.has_perm("tracing.view_tracingrequest"):
        raise NotFound
    requests = TracingRequest.objects.select_related("matched_person")
    if not has_role(user, Role.ADMIN):
        requests = requests.filter(retracted_at__isnull=True)
    try:
        return requests.get(pk=request_id)
    except (TracingRequest.DoesNotExist, ValueError) as exc:
        raise NotFound from exc


def reference(request: TracingRequest) -> str:
    """A short number to say aloud and write on paper («enquiry 3F2A9C01»)."""
    return str(request.pk).split("-")[0].upper()


@dataclass(frozen=True)
class QueueItem:
    change: TracingStatusChange
    reference: str


def desk_queue(user: Any) -> list[QueueItem]:
    """Possible matches waiting for the desk, oldest enquiry first."""
    if not user.has_perm("tracing.view_tracingrequest"):
        return []
    waiting: QuerySet[TracingRequest] = TracingRequest.objects.filter(
        status=TracingStatus.POSSIBLE_MATCH, retracted_at__isnull=True
    ).order_by("created_at")
    items: list[QueueItem] = []
    for request in waiting[:QUEUE_SIZE]:
        items.extend(QueueItem(change, reference(request)) for change in pending_matches(request))
    return items


def open_requests(user: Any) -> QuerySet[TracingRequest]:
    if not user.has_perm("tracing.view_tracingrequest"):
        return TracingRequest.objects.none()
    return TracingRequest.objects.filter(status__in=ACTIVE, retracted_at__isnull=True).order_by(
        "-created_at"
    )


def enquiry_page(user: Any, request: TracingRequest) -> dict[str, Any]:
    """What the enquiry page shows this user; a read of the contact is audited."""
    contact = ""
    if may_see(user, Sensitive.CONTACTS) and request.enquirer_contact:
        contact = request.enquirer_contact
        log_sensitive_read(user, request, ["enquirer_contact"])
    return {
        "enquiry": request,
        "reference": reference(request),
        "contact": contact,
        "history": request.history.select_related("person", "record", "created_by").order_by(
            "created_at"
        ),
        "pending": pending_matches(request),
        "may_decide": user.has_perm("tracing.add_tracingstatuschange"),
        "active": request.status in ACTIVE,
    }


@dataclass(frozen=True)
class PublicAnswer:
    """Only what may be told to the family: the name they gave, and, once the desk has
    confirmed a match, the status, where and since when. No sources, records or testimony."""

    reference: str
    sought_name: str
    confirmed: bool
    status: KnownStatus | None


def public_answer(request: TracingRequest) -> PublicAnswer:
    confirmed = request.status in (TracingStatus.CONFIRMED, TracingStatus.CLOSED) and (
        request.matched_person is not None
    )
    status = latest_status(request.matched_person, []) if confirmed else None
    return PublicAnswer(reference(request), request.sought_name, confirmed, status)
