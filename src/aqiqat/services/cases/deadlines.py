"""When an authority's answer to a complaint is due."""

from __future__ import annotations

from datetime import date, timedelta

from aqiqat.apps.cases.models import DEFAULT_ANSWER_DAYS, AnswerDeadline


def answer_days(authority: str) -> int:
    """Days the authority has to answer: its configured deadline, or the default 30."""
    configured = AnswerDeadline.objects.filter(authority=authority).values_list("days", flat=True)
    return configured.first() or DEFAULT_ANSWER_DAYS


def due_on(filed_on: date, authority: str, days: int | None = None) -> date:
    """The answer date owed for a complaint filed on `filed_on`, `days` overriding the rule."""
    return filed_on + timedelta(days=days if days is not None else answer_days(authority))
