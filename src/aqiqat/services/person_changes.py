"""Reviewers' merges and splits of persons: applied at once, kept for every later re-link.

A merge moves every record of one person to another; a split gives one record a person of
its own. Each is a PersonChange entry with its author, time and reason; undoing one is a
new entry that supersedes it and moves the records back. The person a merge keeps takes
the status that prevails of the two (`person_status.prevailing_status`: a death is final,
otherwise the later report), and an undo gives it its own back. `reviewer_pairs` turns
the current entries into the «same» and «different» pairs a full re-link clusters with, so
the model never undoes a reviewer's merge or split.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aqiqat.apps.audit.log import PendingEntry, acting_as, write_entries
from aqiqat.apps.people.models import Event, Person, PersonChange
from aqiqat.apps.sources.models import Record
from aqiqat.services.counts import counts_kept
from aqiqat.services.person_status import (
    NO_INFORMATION,
    STATUS_FIELDS,
    from_stored,
    is_stored,
    prevailing_of_records,
    prevailing_status,
    set_status,
    status_of,
    stored,
)

Pair = tuple[str, str]


class ChangeError(ValueError):
    """A merge, split or undo that cannot be done; the message says why."""


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ChangeError(_("Say why: a merge, split or undo needs a reason."))
    return reason


def _lock(*person_ids: Any) -> None:
    """Hold the persons' rows, so that two reviewers' changes to them take turns."""
    list(Person.objects.select_for_update().filter(pk__in=person_ids).values_list("pk"))


def _record_ids(person: Person) -> list[str]:
    ids = Record.objects.filter(person=person).order_by("pk").values_list("pk", flat=True)
    return [str(pk) for pk in ids]


def _move(actor: Any, ids: Iterable[str], to: Person, how: str) -> int:
    """Point these records to `to`, one audit entry per record that moves."""
    records = list(Record.objects.filter(pk__in=list(ids)).exclude(person=to))
    Record.objects.filter(pk__in=[r.pk for r in records]).update(person=to, link_probability=None)
    write_entries(
        actor,
        [
            PendingEntry(
                "link",
                "sources.record",
                str(r.pk),
                {"from": str(r.person_id), "to": str(to.pk), "method": how},
            )
            for r in records
        ],
    )
    return len(records)


def _move_events(actor: Any, ids: Iterable[Any], to: Person, how: str) -> None:
    """Point these events to `to`, one audit entry per event that moves."""
    events = list(Event.objects.filter(pk__in=list(ids)).exclude(person=to))
    Event.objects.filter(pk__in=[e.pk for e in events]).update(person=to)
    write_entries(
        actor,
        [
            PendingEntry(
                "update",
                "people.event",
                str(e.pk),
                {"fields": ["person_id"], "from": str(e.person_id), "to": str(to.pk), "how": how},
            )
            for e in events
        ],
    )


def _set_merged_into(actor: Any, person: Person, into: Person | None) -> None:
    Person.objects.filter(pk=person.pk).update(merged_into=into)
    person.merged_into = into
    write_entries(
        actor,
        [
            PendingEntry(
                "update",
                "people.person",
                str(person.pk),
                {"fields": ["merged_into_id"], "to": str(into.pk) if into else None},
            )
        ],
    )


def merge_persons(actor: Any, keep: Person, other: Person, reason: str) -> PersonChange:
    """Move every record and event of `other` to `keep`, which takes the status that
    prevails of the two; `other` is left empty and is no longer listed or counted."""
    reason = _reason(reason)
    if keep.pk == other.pk:
        raise ChangeError(_("A person cannot be merged with itself."))
    with transaction.atomic(), acting_as(actor), counts_kept(keep.pk, other.pk):
        _lock(keep.pk, other.pk)
        if Person.objects.filter(pk__in=[keep.pk, other.pk], merged_into__isnull=False).exists():
            raise ChangeError(_("One of these persons was already merged into another."))
        moved, stayed = _record_ids(other), _record_ids(keep)
        if not moved:
            raise ChangeError(_("The other person has no records to merge."))
        events = [str(pk) for pk in Event.objects.filter(person=other).values_list("pk", flat=True)]
        # Read under the lock: the objects passed in may be older than the rows.
        keep.refresh_from_db(fields=STATUS_FIELDS)
        other.refresh_from_db(fields=STATUS_FIELDS)
        was = status_of(keep)
        becomes = prevailing_status(was, status_of(other))
        status_change = {"from": stored(was), "to": stored(becomes)} if becomes != was else {}
        change = PersonChange.objects.create(
            kind=PersonChange.Kind.MERGE,
            person=keep,
            other=other,
            moved=moved,
            stayed=stayed,
            moved_events=sorted(events),
            status_change=status_change,
            reason=reason,
            created_by=actor,
        )
        _move(actor, moved, keep, "merge by a reviewer")
        _move_events(actor, events, keep, "merge by a reviewer")
        _set_merged_into(actor, other, keep)
        if status_change:
            set_status(actor, keep, becomes, "merge by a reviewer: the prevailing status")
    return change


def split_record(actor: Any, person: Person, record: Record, reason: str) -> PersonChange:
    """Give `record` a new person of its own, apart from the person's other records; the
    new person takes the status the record claims."""
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor), counts_kept(person.pk) as touched:
        _lock(person.pk)
        ids = _record_ids(person)
        if str(record.pk) not in ids:
            raise ChangeError(_("This record does not belong to this person."))
        stayed = [i for i in ids if i != str(record.pk)]
        if not stayed:
            raise ChangeError(_("This is the person's only record: there is nothing to split."))
        alone = Person.objects.create(
            display_name=record.full_name,
            provenance={"method": "split by a reviewer", "from": str(person.pk)},
            created_by=actor,
        )
        touched.add(alone.pk)
        change = PersonChange.objects.create(
            kind=PersonChange.Kind.SPLIT,
            person=person,
            other=alone,
            moved=[str(record.pk)],
            stayed=stayed,
            reason=reason,
            created_by=actor,
        )
        _move(actor, [str(record.pk)], alone, "split by a reviewer")
        # The person it was split from keeps its status: a split takes no report back.
        set_status(
            actor,
            alone,
            prevailing_of_records(NO_INFORMATION, [record]),
            "split by a reviewer: the status its record claims",
        )
    return change


def undo_change(actor: Any, change: PersonChange, reason: str) -> PersonChange:
    """Move the records of a merge or split back, as a new entry that supersedes it.

    Records a later re-link or change has moved elsewhere stay where they are.
    """
    reason = _reason(reason)
    with (
        transaction.atomic(),
        acting_as(actor),
        counts_kept(change.person_id, change.other_id) as touched,
    ):
        current = PersonChange.objects.select_for_update().get(pk=change.pk)
        if current.kind == PersonChange.Kind.UNDO:
            raise ChangeError(_("An undo cannot be undone; merge or split again instead."))
        if PersonChange.objects.filter(supersedes=current).exists() or current.is_retracted:
            raise ChangeError(_("This change has already been undone."))
        # A merge took `moved` into `person`; a split took it out of `person`.
        if current.other is None:
            raise ChangeError(_("This change names no second person; it cannot be undone."))
        if current.kind == PersonChange.Kind.MERGE:
            back_from, back_to = current.person, current.other
        else:
            back_from, back_to = current.other, current.person
        still = set(_record_ids(back_from)) & set(current.moved)
        undo = PersonChange.objects.create(
            kind=PersonChange.Kind.UNDO,
            person=current.person,
            other=current.other,
            moved=sorted(still),
            stayed=[],
            reason=reason,
            supersedes=current,
            created_by=actor,
        )
        how = f"undo of a {current.kind} by a reviewer"
        _move(actor, still, back_to, how)
        if current.kind == PersonChange.Kind.MERGE:
            # Events the merged person brought, still with the person kept, go back.
            _move_events(
                actor,
                Event.objects.filter(pk__in=current.moved_events, person=back_from).values_list(
                    "pk", flat=True
                ),
                back_to,
                how,
            )
            if back_to.merged_into_id == back_from.pk:
                _set_merged_into(actor, back_to, None)
            _restore_status(actor, back_from, current.status_change, how)
        elif not _record_ids(back_from) and back_from.merged_into_id is None:
            # The person the split made is left empty: it is gone again, like a merged one.
            _set_merged_into(actor, back_from, back_to)
        touched.update({back_from.pk, back_to.pk})
    return undo


def _restore_status(actor: Any, person: Person, change: dict[str, Any], how: str) -> None:
    """Give the person kept its status from before the merge, unless it has changed since
    (then the later change stands, and the audit log tells both)."""
    if not change:
        return
    person.refresh_from_db(fields=STATUS_FIELDS)
    if not is_stored(status_of(person), change["to"]):
        return
    set_status(actor, person, from_stored(change["from"]), how)


def reviewer_pairs(active: set[str]) -> tuple[list[Pair], list[Pair]]:
    """«Same» and «different» pairs among `active` records from the current changes.

    Taken oldest first: a merge ties the records of both persons together (and lifts
    earlier splits between them); a split takes its record out of the group it was tied
    to and keeps it apart from every record that stayed.
    """
    group_of: dict[str, frozenset[str]] = {}
    different: set[frozenset[str]] = set()
    current = PersonChange.objects.filter(
        kind__in=[PersonChange.Kind.MERGE, PersonChange.Kind.SPLIT],
        superseded_by__isnull=True,
        retracted_at__isnull=True,
    ).order_by("created_at", "pk")
    for change in current:
        if change.kind == PersonChange.Kind.MERGE:
            members: set[str] = set(change.moved) | set(change.stayed)
            for rid in list(members):
                members |= group_of.get(rid, frozenset())
            group = frozenset(members)
            for rid in group:
                group_of[rid] = group
            different = {pair for pair in different if not pair <= group}
        else:
            (rid,) = change.moved
            left = group_of.pop(rid, frozenset()) - {rid}
            for other in left:
                group_of[other] = left
            different |= {frozenset((rid, other)) for other in change.stayed if other != rid}
    same: list[Pair] = []
    for group in set(group_of.values()):
        chain = sorted(group & active)
        same.extend(pairwise(chain))
    apart = [(a, b) for a, b in (sorted(pair) for pair in different if pair <= active)]
    return sorted(same), sorted(apart)
