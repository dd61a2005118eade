"""Re-linking every record in the database into persons, reviewers' decisions first.

Each record is read for linkage as its source wrote it (`Record.raw` through the source's
mapping), so the database gives the model the same text file mode does. Persons are kept
where a cluster's records already point to one, so that ids stay stable; the others are
created. Every change of a record's person is in the audit log. A person the re-link
leaves without records and that holds nothing else is marked as merged into the person
that took most of its records, as a reviewer's merge leaves the person it empties.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import ForeignObjectRel

from aqiqat.apps.audit.log import PendingEntry, acting_as, write_entries
from aqiqat.apps.people.models import LinkDecision, Person, PersonChange
from aqiqat.apps.sources.models import Record
from aqiqat.config.sqlcipher.base import open_keyed
from aqiqat.linkage import (
    DEFAULT_THRESHOLD,
    REVIEW_BAND,
    LinkOptions,
    LinkRecord,
    link,
    prepare_row,
)
from aqiqat.linkage.prepare import day_first_by_list
from aqiqat.linkage.records import LINK_COLUMNS
from aqiqat.linkage.store import IndexStore
from aqiqat.services.counts import counts_kept, recount
from aqiqat.services.crypto import keyring
from aqiqat.services.linkage_notes import (
    no_records,
    persons_emptied,
    persons_kept_empty,
    plain_notes,
    stage_in_words,
)
from aqiqat.services.person_changes import reviewer_pairs
from aqiqat.services.person_status import (
    NO_INFORMATION,
    StatusOn,
    add_claims,
    set_statuses,
    status_changes,
)
from aqiqat.services.plain_words import PlainNote

logger = logging.getLogger(__name__)

INDEX_KEY_PURPOSE = "linkage-index"
STATUS_HOW = "linkage: the prevailing status of its records"
# Fields of a record entered by hand, for records without a source mapping.
_OWN_FIELDS = {
    "full_name": "full_name",
    "surname": "surname",
    "given_name": "given_name",
    "patronymic": "patronymic",
    "place": "place_text",
    "facility": "facility_text",
}


def index_store() -> IndexStore:
    """The candidate index of this instance, beside its database in the data folder,
    encrypted with SQLCipher like the database (it holds every name)."""
    return IndexStore(Path(settings.AQIQAT_DATA_DIR) / "linkage" / "index.sqlite3", _open_index)


def _open_index(path: Path) -> sqlite3.Connection:
    connection: sqlite3.Connection = open_keyed(str(path), keyring.subkey(INDEX_KEY_PURPOSE))
    return connection


@dataclass(frozen=True)
class RelinkSummary:
    records: int
    persons: int
    persons_created: int
    records_moved: int
    decisions_applied: int
    statuses_changed: int = 0  # persons whose status gave way to their records' claims
    persons_emptied: int = 0  # left without records, no longer listed or counted
    # What the user should know, in plain words (e.g. decisions that contradict each other).
    notes: tuple[PlainNote, ...] = ()


def _link_record(record: Record) -> LinkRecord:
    columns: dict[str, str] = (record.source.mapping or {}).get("columns", {})
    raw = record.raw or {}
    values = {c: str(raw.get(columns[c], "") or "") for c in LINK_COLUMNS if c in columns}
    if not values.get("full_name") and not values.get("surname"):
        values.update({c: getattr(record, f) or "" for c, f in _OWN_FIELDS.items()})
        if record.birth_date:
            values["birth_date"] = record.birth_date.isoformat()
        if record.event_date:
            values["event_date"] = record.event_date.isoformat()
    return LinkRecord(str(record.pk), record.source.name, **values)


def _decisions(active: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int]:
    """Current decisions (not superseded) between active records: same, different.

    Reviewers' merges and splits of persons are included as pairs of their own, beside
    the decisions on pairs of records.
    """
    same, different = reviewer_pairs(active)
    current = LinkDecision.objects.filter(superseded_by__isnull=True, retracted_at__isnull=True)
    for decision in current.order_by("created_at"):
        pair = (str(decision.record_a_id), str(decision.record_b_id))
        if not set(pair) <= active:
            continue
        if decision.verdict == LinkDecision.Verdict.SAME:
            same.append(pair)
        elif decision.verdict == LinkDecision.Verdict.DIFFERENT:
            different.append(pair)
    return same, different, len(same) + len(different)


def relink_all(
    actor: Any = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Callable[[str], None] | None = None,
) -> RelinkSummary:
    """Link every active record again and point each to the person of its cluster;
    `progress` hears each stage in the active language."""
    records = list(
        Record.objects.filter(retracted_at__isnull=True, superseded_by__isnull=True)
        .select_related("source")
        .order_by("pk")
    )
    if not records:
        # A new office's first re-link: nothing is changed, and the user is told why.
        return RelinkSummary(0, 0, 0, 0, 0, notes=(no_records(),))
    by_id = {str(r.pk): r for r in records}
    same, different, applied = _decisions(set(by_id))
    link_records = [_link_record(r) for r in records]
    result = link(
        link_records,
        LinkOptions(threshold=threshold, same=tuple(same), different=tuple(different)),
        None if progress is None else lambda stage: progress(stage_in_words(stage)),
    )
    if result.scorer is not None:
        order = day_first_by_list(link_records)
        rows = {r.record_id: prepare_row(r, order) for r in link_records}
        low, high = REVIEW_BAND
        band = result.pairs[
            (result.pairs["match_probability"] >= low) & (result.pairs["match_probability"] < high)
        ]
        scorer = result.scorer
        index_store().rebuild(
            rows.values(),
            scorer,
            {"day_first": [[k[0], k[1], v] for k, v in order.items()], "threshold": threshold},
            (
                (a, b, float(p), scorer.score(rows[a], rows[b]))
                for a, b, p in zip(
                    band["record_id_l"], band["record_id_r"], band["match_probability"], strict=True
                )
            ),
        )
    members: dict[str, list[str]] = defaultdict(list)
    strength: dict[str, float | None] = {}
    for rid, cid, p in zip(
        result.clusters["record_id"],
        result.clusters["cluster_id"],
        result.clusters["match_probability"],
        strict=True,
    ):
        members[str(cid)].append(str(rid))
        strength[str(rid)] = None if pd.isna(p) else float(p)
    run = {"method": "aqiqat.linkage", "threshold": threshold, "decisions": applied}
    with transaction.atomic():
        summary, emptied = _apply(members, strength, by_id, run, actor, applied)
        recount()
    notes = (*plain_notes(result.notes), *emptied)
    for note in notes:
        logger.info("re-link: %s", note.detail or note.text)
    return RelinkSummary(**{**summary.__dict__, "notes": notes})


def _apply(
    members: dict[str, list[str]],
    strength: dict[str, float | None],
    by_id: dict[str, Record],
    run: dict[str, Any],
    actor: Any,
    applied: int,
) -> tuple[RelinkSummary, list[PlainNote]]:
    was = {i: r.person_id for i, r in by_id.items()}
    claimed: set[Any] = set()
    new_persons: dict[Any, StatusOn] = {}
    claims: dict[Any, StatusOn] = {}
    created = moved = 0
    changed: list[Record] = []
    entries: list[PendingEntry] = []
    # Largest clusters choose first, so a person stays with most of its records.
    for ids in sorted(members.values(), key=lambda m: (-len(m), min(m))):
        votes = Counter(by_id[i].person_id for i in ids if by_id[i].person_id is not None)
        keep = next((p for p, _ in votes.most_common() if p not in claimed), None)
        provenance = {**run, "records": sorted(by_id[i].list_record_id or i for i in ids)}
        if keep is None:
            first = by_id[min(ids)]
            person = Person.objects.create(
                display_name=first.full_name,
                provenance=provenance,
                created_by=actor,
            )
            created += 1  # the save itself is audited
            keep = person.pk
            new_persons[keep] = NO_INFORMATION
        else:
            Person.objects.filter(pk=keep).update(provenance=provenance)
        claimed.add(keep)
        add_claims(claims, keep, (by_id[i] for i in ids))
        for i in ids:
            record = by_id[i]
            if record.person_id != keep or record.link_probability != strength[i]:
                if record.person_id != keep:
                    moved += 1
                    entries.append(
                        PendingEntry(
                            "link",
                            "sources.record",
                            i,
                            {"from": str(record.person_id), "to": str(keep), **run},
                        )
                    )
                record.person_id = keep
                record.link_probability = strength[i]
                changed.append(record)
    Record.objects.bulk_update(changed, ["person", "link_probability"], batch_size=2000)
    write_entries(actor, entries)
    changed_statuses = set_statuses(actor, status_changes(claims, new_persons), STATUS_HOW)
    retired, notes = _retire_emptied(actor, was, by_id, claimed, run)
    summary = RelinkSummary(
        len(by_id), len(members), created, moved, applied, changed_statuses, retired
    )
    return summary, notes


# What may refer to a person without keeping it: its records (checked apart), persons
# merged into it, and reviewers' merges and splits, whose pairs of records outlive it.
_NOT_HOLDING = (Record, Person, PersonChange)


def _retire_emptied(
    actor: Any,
    was: dict[str, Any],
    by_id: dict[str, Record],
    claimed: set[Any],
    run: dict[str, Any],
) -> tuple[int, list[PlainNote]]:
    """Persons this re-link left without a current record: each that holds nothing else
    (no event, complaint, file, enquiry, consent…) is an empty shell, marked as merged
    into the person that took most of its records; the others stay, and the user is told.
    Returns how many were marked, and the notes."""
    went: dict[Any, Counter[Any]] = defaultdict(Counter)
    for i, person in was.items():
        if person is not None and person not in claimed:
            went[person][by_id[i].person_id] += 1
    if not went:
        return 0, []
    settled, kept = _holding(sorted(went, key=str))
    kept -= settled
    into = {
        person: min(took.items(), key=lambda item: (-item[1], str(item[0])))[0]
        for person, took in sorted(went.items(), key=lambda item: str(item[0]))
        if person not in settled and person not in kept
    }
    how = "re-link: every record of this person is with another person"
    Person.objects.bulk_update(
        [
            Person(pk=pk, merged_into_id=to, provenance={**run, "records": [], "emptied": True})
            for pk, to in into.items()
        ],
        ["merged_into", "provenance"],
        batch_size=2000,
    )
    # As a reviewer's merge writes it (person_changes), with how it came about.
    write_entries(
        actor,
        [
            PendingEntry(
                "update",
                "people.person",
                str(pk),
                {"fields": ["merged_into_id", "provenance"], "to": str(to), "how": how},
            )
            for pk, to in into.items()
        ],
    )
    notes = []
    if into:
        shown = ", ".join(f"{a} → {b}" for a, b in list(into.items())[:20])
        notes.append(persons_emptied(len(into), f"persons marked merged into: {shown}"))
    if kept:
        shown = ", ".join(str(p) for p in sorted(kept, key=str)[:20])
        notes.append(persons_kept_empty(len(kept), f"persons without records kept: {shown}"))
    return len(into), notes


def _holding(person_ids: list[Any]) -> tuple[set[Any], set[Any]]:
    """Those of these persons that have a current record or are merged away already, and
    those that anything else refers to (events, complaints, files, enquiries, consents,
    and what later models add), retracted or not: a re-link never hides what a user
    attached to a person.

    The persons' rows are held meanwhile: a record or event added now would refer to a
    person about to be marked away."""
    relations = [
        f
        for f in Person._meta.get_fields(include_hidden=True)
        if isinstance(f, ForeignObjectRel) and f.related_model not in _NOT_HOLDING
    ]
    current = Record.objects.filter(retracted_at__isnull=True, superseded_by__isnull=True)
    settled: set[Any] = set()
    held: set[Any] = set()
    for start in range(0, len(person_ids), 2000):
        batch = person_ids[start : start + 2000]
        rows = Person.objects.select_for_update().filter(pk__in=batch)
        settled |= {pk for pk, into in rows.values_list("pk", "merged_into") if into}
        settled |= set(current.filter(person__in=batch).values_list("person_id", flat=True))
        for relation in relations:
            field = relation.field
            refs = relation.related_model._base_manager.filter(**{f"{field.name}__in": batch})
            held |= set(refs.values_list(field.attname, flat=True))
    return settled, held


@dataclass(frozen=True)
class NewLink:
    record_id: str
    person_id: Any
    match_probability: float | None  # None: nobody matched, a new person was created


def link_new_records(
    records: list[Record], actor: Any = None, threshold: float = DEFAULT_THRESHOLD
) -> list[NewLink]:
    """Link records that arrived since the last full re-link to existing persons.

    Each is scored against the candidates its blocking keys find in the index; it joins
    the person of the best candidate at or above the threshold that no reviewer said is
    someone else, or gets a new person. The person takes what prevails of its status and
    the record's claimed one. Raises aqiqat.linkage.store.IndexMissing before any full re-link.
    """
    store = index_store()
    model = store.model()
    # Each list's date habit (day or month first) as the last full re-link read it.
    order = {(lst, col): first for lst, col, first in store.run().get("day_first", [])}
    links: list[NewLink] = []
    entries: list[PendingEntry] = []
    new_persons: dict[Any, StatusOn] = {}
    claims: dict[Any, StatusOn] = {}
    with transaction.atomic(), counts_kept() as touched:
        for record in records:
            row = prepare_row(_link_record(record), order)
            best = _best_person(store.match(row, model, floor=threshold), record)
            if best is None:
                person = Person.objects.create(
                    display_name=record.full_name,
                    provenance={"method": "aqiqat.linkage (incremental)", "records": 1},
                    created_by=actor,
                )
                touched.add(person.pk)
                new_persons[person.pk] = NO_INFORMATION
                person_id, probability = person.pk, None
            else:
                person_id, probability = best
            add_claims(claims, person_id, [record])
            Record.objects.filter(pk=record.pk).update(
                person_id=person_id, link_probability=probability
            )
            record.person_id, record.link_probability = person_id, probability
            store.add([row])
            links.append(NewLink(str(record.pk), person_id, probability))
            entries.append(
                PendingEntry(
                    "link",
                    "sources.record",
                    str(record.pk),
                    {
                        "to": str(person_id),
                        "probability": probability,
                        "method": "aqiqat.linkage (incremental)",
                    },
                )
            )
        write_entries(actor, entries)
        statuses = status_changes(claims, new_persons)
        # Persons already known join the kept counts before their status changes.
        with counts_kept(*(change.person_id for change in statuses)):
            set_statuses(actor, statuses, STATUS_HOW)
    return links


def _best_person(candidates: list[Any], record: Record) -> tuple[Any, float] | None:
    ids = [c.record_id for c in candidates]
    persons = dict(Record.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    refused = {
        str(other)
        for a, b in LinkDecision.objects.filter(
            verdict=LinkDecision.Verdict.DIFFERENT, superseded_by__isnull=True
        ).values_list("record_a_id", "record_b_id")
        for other in (a, b)
        if str(record.pk) in (str(a), str(b))
    }
    for candidate in candidates:
        person = persons.get(_pk(candidate.record_id))
        if person is not None and candidate.record_id not in refused:
            return person, candidate.score.match_probability
    return None


def _pk(record_id: str) -> Any:
    return Record._meta.pk.to_python(record_id)


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why."""


def decide_link(
    actor: Any, record_a: Record, record_b: Record, verdict: str, note: str = ""
) -> LinkDecision:
    """Record a reviewer's verdict on two records; it supersedes their earlier decision.

    The next re-link applies it before the model: «same» joins them, «different» keeps
    them apart, «unsure» leaves the model to decide.
    """
    if verdict not in LinkDecision.Verdict.values:
        raise DecisionError(f"unknown verdict {verdict!r}")
    if record_a.pk == record_b.pk:
        raise DecisionError("a record cannot be compared with itself")
    first, second = sorted((record_a, record_b), key=lambda r: str(r.pk))
    with transaction.atomic(), acting_as(actor):
        earlier = (
            LinkDecision.objects.select_for_update(of=("self",))
            .filter(record_a=first, record_b=second, superseded_by__isnull=True)
            .first()
        )
        return LinkDecision.objects.create(
            record_a=first,
            record_b=second,
            verdict=verdict,
            note=note,
            supersedes=earlier,
            created_by=actor,
        )
