"""Re-linking the database: every record gets a person, reviewers' decisions first."""

from __future__ import annotations

from collections import Counter

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.people.models import LinkDecision
from aqiqat.apps.sources.models import Record
from aqiqat.demo import generate
from aqiqat.services.demo_data import load_demo
from aqiqat.services.linkage import relink_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(personas):  # type: ignore[no-untyped-def]
    world = generate(people=400, seed=11)
    load_demo(world, actor=personas.admin)
    return world


def _clusters() -> dict[str, str]:
    return {str(r.pk): str(r.person_id) for r in Record.objects.all()}


def test_relinking_gives_every_record_a_person_close_to_the_truth(personas, demo) -> None:
    summary = relink_all(actor=personas.admin)
    records = Record.objects.all()
    assert summary.records == records.count()
    assert not records.filter(person__isnull=True).exists()
    people = len({t for lst in demo.lists for t in lst.truth_ids})
    assert abs(summary.persons - people) <= 0.06 * people


def test_persons_are_kept_where_the_clusters_agree_with_them(personas, demo) -> None:
    before = _clusters()
    summary = relink_all(actor=personas.admin)
    after = _clusters()
    kept = sum(1 for k, v in after.items() if before[k] == v)
    assert kept >= 0.9 * len(after)
    assert summary.records_moved == len(after) - kept
    assert AuditEntry.objects.filter(action="link").count() == summary.records_moved


def test_a_reviewers_different_splits_two_records_the_model_joined(personas, demo) -> None:
    relink_all(actor=personas.admin)
    sizes = Counter(_clusters().values())
    person = next(p for p, n in sizes.items() if n >= 2)
    a, b = list(Record.objects.filter(person_id=person).order_by("pk")[:2])
    LinkDecision.objects.create(record_a=a, record_b=b, verdict="different",
                                created_by=personas.admin)  # fmt: skip
    summary = relink_all(actor=personas.admin)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    assert summary.decisions_applied == 1


def test_a_reviewers_same_joins_two_records_the_model_kept_apart(personas, demo) -> None:
    relink_all(actor=personas.admin)
    a, b = Record.objects.order_by("pk")[0], Record.objects.order_by("-pk")[0]
    assert a.person_id != b.person_id
    LinkDecision.objects.create(record_a=a, record_b=b, verdict="same", created_by=personas.admin)
    relink_all(actor=personas.admin)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id == b.person_id
