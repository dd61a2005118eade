"""The review queue: pairs of records the model was unsure about, for a reviewer to decide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from aqiqat.apps.people.models import LinkDecision, Person, PersonChange
from aqiqat.apps.sources.models import Record
from aqiqat.linkage import DEFAULT_THRESHOLD
from aqiqat.names import transliterate
from aqiqat.selectors.access import NotFound
from aqiqat.services.linkage import index_store

# How many pairs are read from the index to fill one page after decided ones are left out.
_READ_AHEAD = 5


@dataclass(frozen=True)
class RecordSide:
    """One record as its source wrote it, with the Latin reading a reviewer can compare."""

    record: Record
    source: str
    latin: str
    born: str


@dataclass(frozen=True)
class ReviewItem:
    left: RecordSide
    right: RecordSide
    probability: float
    for_match: list[dict[str, Any]]
    against: list[dict[str, Any]]


def may_review(user: Any) -> bool:
    return bool(user.has_perm("people.add_linkdecision"))


def _side(record: Record) -> RecordSide:
    if record.birth_date:
        born = record.birth_date.isoformat()
    elif record.birth_year_min:
        low, high = record.birth_year_min, record.birth_year_max or record.birth_year_min
        born = str(low) if low == high else f"{low}–{high}"
    else:
        born = ""
    return RecordSide(record, record.source.name, transliterate(record.full_name, "icao"), born)


def review_queue(user: Any, limit: int = 20) -> list[ReviewItem]:
    """Undecided pairs nearest the threshold first; NotFound for anyone who may not review."""
    if not may_review(user):
        raise NotFound
    pairs = index_store().review_pairs(DEFAULT_THRESHOLD, limit * _READ_AHEAD)
    ids = {uuid.UUID(i) for p in pairs for i in (p.record_a, p.record_b)}
    records = {
        str(r.pk): r
        for r in Record.objects.filter(pk__in=ids, retracted_at__isnull=True).select_related(
            "source"
        )
    }
    decided = set(
        LinkDecision.objects.filter(
            record_a__in=ids, record_b__in=ids, superseded_by__isnull=True
        ).values_list("record_a_id", "record_b_id")
    )
    decided_pairs = {frozenset((str(a), str(b))) for a, b in decided}
    items: list[ReviewItem] = []
    for pair in pairs:
        if pair.record_a not in records or pair.record_b not in records:
            continue
        if frozenset((pair.record_a, pair.record_b)) in decided_pairs:
            continue
        items.append(
            ReviewItem(
                _side(records[pair.record_a]),
                _side(records[pair.record_b]),
                pair.probability,
                [e for e in pair.evidence if e["weight"] > 0],
                [e for e in pair.evidence if e["weight"] < 0],
            )
        )
        if len(items) == limit:
            break
    return items


@dataclass(frozen=True)
class DecisionConflict:
    """Reviewers' current decisions on one pair that disagree (they met through sync)."""

    left: RecordSide
    right: RecordSide
    decisions: list[LinkDecision]


def decision_conflicts(user: Any, limit: int = 20) -> list[DecisionConflict]:
    """Pairs whose current decisions disagree, oldest first; NotFound for non-reviewers."""
    if not may_review(user):
        raise NotFound
    current = LinkDecision.objects.filter(
        superseded_by__isnull=True, retracted_at__isnull=True
    ).order_by("created_at")
    by_pair: dict[tuple[Any, Any], list[LinkDecision]] = {}
    for decision in current:
        by_pair.setdefault((decision.record_a_id, decision.record_b_id), []).append(decision)
    disputed = {
        pair: found for pair, found in by_pair.items() if len({d.verdict for d in found}) > 1
    }
    ids = {record for pair in disputed for record in pair}
    records = {
        r.pk: r
        for r in Record.objects.filter(pk__in=ids, retracted_at__isnull=True).select_related(
            "source"
        )
    }
    conflicts = [
        DecisionConflict(_side(records[a]), _side(records[b]), found)
        for (a, b), found in disputed.items()
        if a in records and b in records
    ]
    return conflicts[:limit]


def access_pair(user: Any, record_a: str, record_b: str) -> tuple[Record, Record]:
    """The two records of a decision, for a user who may review; NotFound otherwise."""
    if not may_review(user):
        raise NotFound
    try:
        found = {
            str(r.pk): r
            for r in Record.objects.filter(pk__in=[record_a, record_b], retracted_at__isnull=True)
        }
    except ValidationError as exc:  # not a record id at all
        raise NotFound from exc
    if record_a == record_b or len(found) != 2:
        raise NotFound
    return found[record_a], found[record_b]


@dataclass(frozen=True)
class ChangeView:
    """One merge, split or undo on a person's page: who, when, why, which records."""

    change: PersonChange
    records: list[Record]
    undone_by: PersonChange | None


@dataclass(frozen=True)
class PersonLinkage:
    """The person page's merge and split section: its history and what the user may do."""

    history: list[ChangeView]
    may_change: bool
    records: list[Record]  # the person's records a reviewer may split off


def person_linkage(user: Any, person: Person) -> PersonLinkage:
    """Merges and splits of this person, newest first, for roles that read decisions."""
    if not user.has_perm("people.view_linkdecision"):
        return PersonLinkage([], False, [])
    changes = list(
        PersonChange.objects.filter(Q(person=person) | Q(other=person))
        .exclude(kind=PersonChange.Kind.UNDO)
        .select_related("created_by", "person", "other")
        .order_by("-created_at")
    )
    undos = {
        u.supersedes_id: u
        for u in PersonChange.objects.filter(supersedes__in=changes).select_related("created_by")
    }
    ids = {rid for change in changes for rid in change.moved}
    by_id = {str(r.pk): r for r in Record.objects.filter(pk__in=ids).select_related("source")}
    history = [
        ChangeView(change, [by_id[i] for i in change.moved if i in by_id], undos.get(change.pk))
        for change in changes
    ]
    may_change = may_review(user)
    records = (
        list(
            Record.objects.filter(person=person, retracted_at__isnull=True)
            .select_related("source")
            .order_by("created_at")
        )
        if may_change
        else []
    )
    return PersonLinkage(history, may_change, records if len(records) > 1 else [])


def access_change(user: Any, person: Person, change_id: str) -> PersonChange:
    """A merge or split of this person, for a user who may change persons; NotFound otherwise."""
    if not may_review(user):
        raise NotFound
    try:
        return PersonChange.objects.get(
            Q(person=person) | Q(other=person), pk=change_id, kind__in=["merge", "split"]
        )
    except (PersonChange.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound from exc
