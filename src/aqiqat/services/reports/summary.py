"""The summary report for an international body: the dashboard's numbers, evidence by hash."""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import QuerySet

from aqiqat.apps.evidence.models import Evidence
from aqiqat.selectors.dashboard import dashboard_data
from aqiqat.services.reports.anchor import anchor_report
from aqiqat.services.reports.charts import chart_svg


def listed_evidence(user: Any) -> QuerySet[Evidence] | None:
    """Current evidence files by hash, or None where the user's role may not list evidence."""
    if not user.has_perm("evidence.view_evidence"):
        return None
    return (
        Evidence.objects.filter(retracted_at__isnull=True)
        .only("sha256", "size", "media_type", "created_at")
        .order_by("created_at", "sha256")
    )


def _chart(name: str) -> str:
    svg = chart_svg(name)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def summary_report(user: Any, output: str) -> dict[str, Any]:
    """Everything the summary shows (same selectors as the dashboard); the generation is audited."""
    context = dashboard_data(user)
    evidence = listed_evidence(user)
    context["evidence"] = evidence
    context["chart_regions"] = _chart("regions")
    context["chart_daily"] = _chart("daily")
    context["anchor"] = anchor_report(
        user,
        "summary",
        "reports.summary",
        "",
        {"format": output, "evidence_listed": evidence is not None},
    )
    return context
