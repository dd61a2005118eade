"""Settling a conflict: reviewers at two instances decided differently on the same pair."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aqiqat.apps.people.models import LinkDecision
from aqiqat.apps.sources.models import Record
from aqiqat.services.linkage import decide_link

SETTLED = "settled by a reviewer: the instances' decisions on this pair disagreed"


def settle_conflict(
    actor: Any, record_a: Record, record_b: Record, verdict: str, note: str = ""
) -> LinkDecision:
    """A new decision that supersedes one of the disagreeing ones; the others are retracted
    with a reason, so one current decision remains and the next re-link follows it."""
    first, second = sorted((record_a, record_b), key=lambda r: str(r.pk))
    with transaction.atomic():
        decision = decide_link(actor, first, second, verdict, note)
        others = LinkDecision.objects.filter(
            record_a=first, record_b=second, superseded_by__isnull=True, retracted_at__isnull=True
        ).exclude(pk=decision.pk)
        for other in others:
            other.retract(actor, SETTLED)
    return decision
