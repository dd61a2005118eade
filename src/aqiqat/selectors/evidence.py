"""Reading evidence files' registrations and their chain of custody, as roles allow."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.evidence.models import Evidence
from aqiqat.selectors.access import NotFound


def evidence_visible_to(user: Any) -> QuerySet[Evidence]:
    if not user.has_perm("evidence.view_evidence"):
        return Evidence.objects.none()
    evidence: QuerySet[Evidence] = Evidence.objects.all()
    if not has_role(user, Role.ADMIN):
        evidence = evidence.filter(retracted_at__isnull=True)
    return evidence


def access_evidence(user: Any, evidence_id: uuid.UUID | str) -> Evidence:
    try:
        found: Evidence = evidence_visible_to(user).get(pk=evidence_id)
    except (Evidence.DoesNotExist, ValueError) as exc:
        raise NotFound from exc
    return found
