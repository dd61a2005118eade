"""Data rules of link decisions, cases and tracing requests."""

from __future__ import annotations

from datetime import date

import pytest

from aqiqat.apps.cases.models import Case, CaseStatusChange
from aqiqat.apps.people.models import LinkDecision
from aqiqat.apps.tracked import ImmutableError
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_a_decision_on_b_a_is_stored_as_a_b_so_both_orders_meet(acting) -> None:
    first, second = make_record(full_name="Ким Ольга"), make_record(full_name="KIM OLGA")
    low, high = sorted([first, second], key=lambda r: str(r.pk))
    decision = LinkDecision.objects.create(
        record_a=high, record_b=low, verdict=LinkDecision.Verdict.SAME
    )
    assert (decision.record_a_id, decision.record_b_id) == (low.pk, high.pk)


def test_a_reviewer_changes_their_mind_by_superseding_not_editing(acting) -> None:
    a, b = make_record(full_name="Ким Ольга"), make_record(full_name="Ким Олег")
    wrong = LinkDecision.objects.create(record_a=a, record_b=b, verdict="same")
    wrong.verdict = LinkDecision.Verdict.DIFFERENT
    with pytest.raises(ImmutableError):
        wrong.save()
    right = LinkDecision.objects.create(
        record_a=a, record_b=b, verdict="different", supersedes_id=wrong.pk
    )
    assert LinkDecision.objects.get(pk=wrong.pk).superseded_by == right


def test_a_case_status_is_its_latest_status_change(acting) -> None:
    case = Case.objects.create(number="22750041000123", authority="prosecutor")
    CaseStatusChange.objects.create(case=case, status="registered", on=date(2022, 2, 1))
    CaseStatusChange.objects.create(case=case, status="suspended", on=date(2022, 6, 1))
    CaseStatusChange.objects.create(case=case, status="under_investigation", on=date(2022, 3, 1))
    current = case.current_status()
    assert current is not None and current.status == "suspended"
    current.retract(acting, "the suspension notice was for another case")
    again = case.current_status()
    assert again is not None and again.status == "under_investigation"
