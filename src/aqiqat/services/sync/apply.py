"""Receiving a bundle: verify, then merge it in one transaction, then link what is new.

Merge rules, the same on every instance whatever the order bundles arrive in:
- a row unknown here is inserted as it was written (a union by UUID);
- each mutable field keeps the version with the latest clock (ties broken by instance id,
  inside the clock); every version, winning or losing, is kept in FieldVersion;
- two rows that both claim to supersede the same row: the one with the smaller UUID keeps
  the claim, the other stands on its own (for link decisions that is a conflict for review);
- two sources with one name: the one with the larger UUID gets its id added to the name.

The kept dashboard counts are brought up to date in the same transaction, for the persons
the bundle touches (or by a recount, for a bundle that touches very many).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.bulk import insert_values
from aqiqat.apps.cases.models import Complaint
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.sources.models import Record, Source
from aqiqat.apps.sync.models import BundleLog, FieldVersion, Peer, SyncRow
from aqiqat.services.cases.complaints import reindex_complaints
from aqiqat.services.counts import counts_kept_for
from aqiqat.services.evidence import keep_file
from aqiqat.services.sync.bundle import BundleError, unpack
from aqiqat.services.sync.clock import advance
from aqiqat.services.sync.identity import parse_public_keys
from aqiqat.services.sync.peers import my_identity
from aqiqat.services.sync.tables import References, Table, table_by_label
from aqiqat.services.sync.tracker import merging, save_sync_rows, scan
from aqiqat.services.tracing.enquiries import match_new_records

# A bundle touching more persons than this recounts everything once instead of weighing
# each person before and after: past a few thousand, a recount costs less.
KEPT_COUNTS_LIMIT = 5000
COMPLAINT = Complaint._meta.label_lower


@dataclass
class ImportResult:
    peer: str
    bundle_id: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    ignored: str | None = None  # why nothing was applied, for a replayed or old bundle
    new_records: list[Any] = field(default_factory=list)
    unlinked: list[Any] = field(default_factory=list)  # new records that came without a person
    linked: int = 0
    matches: int = 0
    notes: list[str] = field(default_factory=list)


def read_bundle(data: bytes) -> tuple[Peer, dict[str, Any]]:
    """The trusted sender and the body of a bundle addressed to this instance."""
    identity = my_identity()
    sender_key, body = unpack(identity, data)
    peer = Peer.objects.filter(signing_key=sender_key).first()
    if peer is None or not peer.active:
        try:
            fingerprint = parse_public_keys(str(body.get("sender_keys", ""))).fingerprint
        except ValueError:
            fingerprint = "unknown"
        state = "deactivated" if peer is not None else "not a trusted peer"
        raise BundleError(
            f"this bundle was signed by an instance that is {state} (fingerprint "
            f"{fingerprint}); compare the fingerprint by phone and add it with "
            "`aqiqat peers add` before importing"
        )
    if body.get("recipient") != identity.public.instance_id:
        raise BundleError(
            "this bundle was written for another instance (its recipient is not this one)"
        )
    if body.get("sender") != peer.instance_id:
        raise BundleError("this bundle's sender does not match the key that signed it")
    return peer, body


def import_bundle(data: bytes) -> ImportResult:
    """Verify and merge a bundle; a replayed or outdated one changes nothing."""
    peer, body = read_bundle(data)
    result = ImportResult(peer.name, str(body["bundle_id"]))
    seen = BundleLog.objects.filter(
        bundle_id=body["bundle_id"], direction=BundleLog.Direction.RECEIVED
    ).first()
    if seen is not None:
        result.ignored = (
            f"this bundle from {peer.name} was already imported on "
            f"{seen.at:%Y-%m-%d %H:%M} UTC; nothing was changed"
        )
        return result
    me = my_identity().public.instance_id
    _write_files(body.get("files") or {}, result)
    scan(me)
    try:
        with counts_kept_for(lambda: persons_touched(body["rows"]), KEPT_COUNTS_LIMIT):
            _apply(data, body, peer, me, result)
    except (ValidationError, DatabaseError, KeyError, TypeError, ValueError) as exc:
        raise BundleError(
            f"this bundle from {peer.name} is malformed or refers to rows this instance does "
            f"not have ({type(exc).__name__}); nothing was changed"
        ) from exc
    if body["rows"] and not (result.inserted or result.updated or result.files):
        # An older bundle arriving late, or one from a peer restored from a backup.
        result.ignored = (
            f"everything in this bundle from {peer.name} was already here; nothing was changed"
        )
    _link(result)
    return result


def persons_touched(rows: list[dict[str, Any]]) -> set[Any]:
    """Persons whose counts these bundle rows may change: the persons in the bundle, and
    the persons of its events before and after (an event that moves, or that supersedes
    another, changes what the other event's person counts too)."""
    persons: set[Any] = set()
    events: list[Any] = []
    for item in rows:
        if item["m"] == Person._meta.label_lower:
            persons.add(item["id"])
        elif item["m"] == Event._meta.label_lower:
            values = {**item["f"], **{name: version[0] for name, version in item["s"].items()}}
            persons.add(values.get("person_id"))
            events.extend(pk for pk in (item["id"], values.get("supersedes_id")) if pk)
    for ids in chunks(events):
        persons.update(Event.objects.filter(pk__in=ids).values_list("person_id", flat=True))
    to_uuid = Person._meta.pk.to_python
    return {to_uuid(pk) for pk in persons if pk}


def _apply(data: bytes, body: dict[str, Any], peer: Peer, me: str, result: ImportResult) -> None:
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(pk=peer.pk)
        _ensure_places(body)
        refs = References(me)
        _merge(body, peer, refs, me, result)
        complaints = [item["id"] for item in body["rows"] if item["m"] == COMPLAINT]
        for ids in chunks(complaints):
            reindex_complaints(ids)
        if body["from_seq"] <= peer.received_seq:
            peer.received_seq = max(peer.received_seq, body["upto_seq"])
        else:
            result.notes.append(
                f"an earlier bundle from {peer.name} is missing; what it held comes again "
                "in the next one"
            )
        # Taken as told, not as a maximum: a peer restored from a backup has lost what it
        # had acknowledged, and gets it again.
        peer.acked_seq = int(body["ack"])
        peer.last_received_at = timezone.now()
        Peer.objects.filter(pk=peer.pk).update(
            received_seq=peer.received_seq,
            acked_seq=peer.acked_seq,
            last_received_at=peer.last_received_at,
        )
        BundleLog.objects.create(
            bundle_id=body["bundle_id"],
            direction=BundleLog.Direction.RECEIVED,
            peer=peer,
            from_seq=body["from_seq"],
            upto_seq=body["upto_seq"],
            rows=len(body["rows"]),
            size=len(data),
        )
        for ids in chunks(result.new_records):
            result.matches += match_new_records(Record.objects.filter(pk__in=ids))
        # Source renames and tracing matches made here are local changes (superseding fixes
        # touch fixed fields only, which scans do not follow); the merged rows themselves
        # were written inside merging(), so this looks at those few rows only.
        scan(me)


def _link(result: ImportResult) -> None:
    """Link new records that came without a person, as an import of a list does."""
    if not result.unlinked:
        return
    # Imported here: the linkage stack (pandas) takes about a second to load, and only an
    # import that brings unlinked records needs it.
    from aqiqat.linkage.store import IndexMissing
    from aqiqat.services.intake.linking import INCREMENTAL_LIMIT
    from aqiqat.services.linkage import link_new_records

    if len(result.unlinked) > INCREMENTAL_LIMIT:
        result.notes.append(
            f"{len(result.unlinked):,} new records without a person: run `aqiqat link --database`"
        )
        return
    records = list(Record.objects.filter(pk__in=result.unlinked, person__isnull=True))
    if not records:
        return
    try:
        result.linked = len(link_new_records(records))
    except IndexMissing:
        result.notes.append(
            "new records are not yet grouped into persons on this instance: run "
            "`aqiqat link --database` once"
        )


def _merge(
    body: dict[str, Any], peer: Peer, refs: References, me: str, result: ImportResult
) -> None:
    items: list[dict[str, Any]] = body["rows"]
    if not items:
        return
    latest = max(h for item in items for _, h in item["s"].values())
    _, seq = advance(me, latest)
    known = {
        row.row_id: row
        for ids in chunks([item["id"] for item in items])
        for row in SyncRow.objects.filter(row_id__in=ids)
    }
    audit: list[PendingEntry] = []
    versions: list[FieldVersion] = []
    new_sync: list[dict[str, Any]] = []
    changed_sync: list[SyncRow] = []
    new_rows: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    writes: list[tuple[Table, Any, dict[str, Any]]] = []
    detail_base = {"from": peer.name, "peer": peer.instance_id, "bundle": body["bundle_id"]}
    for item in items:
        table = table_by_label().get(item["m"])
        if table is None:
            raise BundleError(f"this bundle holds rows of an unknown kind ({item['m']})")
        row_id = table.model._meta.pk.to_python(item["id"])
        sync_row = known.get(row_id)
        if sync_row is None:
            new_rows.setdefault(item["m"], []).append((row_id, item))
            new_sync.append(
                {
                    "row_id": row_id,
                    "model": item["m"],
                    "origin": item["o"],
                    "origin_user": item["u"],
                    "seq": seq,
                    "via": peer.instance_id,
                    "state": item["s"],
                }
            )
            audit.append(
                PendingEntry(
                    "receive",
                    item["m"],
                    item["id"],
                    {**detail_base, "origin": item["o"], "origin_user": item["u"]},
                )
            )
            continue
        updates = _newer(table, sync_row, item, versions)
        if not updates:
            result.unchanged += 1
            continue
        writes.append((table, row_id, updates))
        sync_row.seq = seq
        sync_row.via = peer.instance_id if sync_row.state == item["s"] else ""
        changed_sync.append(sync_row)
        audit.append(
            PendingEntry(
                "update", item["m"], item["id"], {**detail_base, "fields": sorted(updates)}
            )
        )
    with merging():
        for table, row_id, updates in writes:
            _write_updates(table, row_id, updates, refs)
    for label, group in new_rows.items():
        _insert(table_by_label()[label], group, refs, result)
    save_sync_rows(new_sync, changed_sync)
    FieldVersion.objects.bulk_create(versions, batch_size=2000, ignore_conflicts=True)
    write_entries(None, audit)
    result.inserted = len(new_sync)
    result.updated = len(changed_sync)


def chunks(values: list[Any], size: int = 5000) -> list[list[Any]]:
    """Lists short enough for one IN (…) on every database."""
    return [values[start : start + size] for start in range(0, len(values), size)]


def _newer(
    table: Table, sync_row: SyncRow, item: dict[str, Any], versions: list[FieldVersion]
) -> dict[str, Any]:
    """The incoming field values that win; both sides' versions go to the history."""
    updates: dict[str, Any] = {}
    for name, (value, hlc) in item["s"].items():
        local = sync_row.state.get(name)
        if local is not None and local[1] == hlc:
            continue
        versions.append(
            FieldVersion(
                row_id=sync_row.row_id, model=table.label, field=name, value=value, hlc=hlc
            )
        )
        if local is not None:
            versions.append(
                FieldVersion(
                    row_id=sync_row.row_id,
                    model=table.label,
                    field=name,
                    value=local[0],
                    hlc=local[1],
                )
            )
            if local[1] > hlc:
                continue
        sync_row.state[name] = [value, hlc]
        updates[name] = value
    return updates


def _write_updates(table: Table, row_id: Any, updates: dict[str, Any], refs: References) -> None:
    columns = {c.attname: c for c in table.mutable}
    plain = {name: refs.into(columns[name], v) for name, v in updates.items() if name in columns}
    if plain:
        # The base manager: sync writes what another instance already checked and audited.
        table.model._base_manager.filter(pk=row_id).update(**plain)
    for name in table.m2m:
        if name in updates:
            getattr(table.model._base_manager.get(pk=row_id), name).set(updates[name])


def _insert(
    table: Table, items: list[tuple[Any, dict[str, Any]]], refs: References, result: ImportResult
) -> None:
    rows: list[dict[str, Any]] = []
    links: dict[str, list[tuple[Any, list[str]]]] = {name: [] for name in table.m2m}
    fixed = [(c, refs.into_function(c)) for c in table.fixed]
    mutable = [(c, refs.into_function(c)) for c in table.mutable]
    for row_id, item in items:
        given, state = item["f"], item["s"]
        # A column the sender's version of Aqiqat does not have yet (offices upgrade at
        # different times) takes this version's default, as the migration gave local rows.
        values = {
            c.attname: into(given[c.attname]) if c.attname in given else c.field.get_default()
            for c, into in fixed
        }
        for c, into in mutable:
            version = state.get(c.attname)
            values[c.attname] = into(version[0]) if version else c.field.get_default()
        values["id"] = row_id
        for rebuilt in table.rebuilt:
            values[rebuilt.attname] = rebuilt.get_default()
        # Users do not sync: the creator is named in the sync row and the audit entry.
        values["created_by_id"] = None
        rows.append(values)
        for name in table.m2m:
            links[name].append((values["id"], state.get(name, [[]])[0]))
    _settle_supersedes(table, rows)
    if table.model is Source:
        _settle_source_names(rows)
    with merging():
        for start in range(0, len(rows), 5000):
            insert_values(table.model, rows[start : start + 5000])
        _insert_links(table, links)
    if table.model is Record:
        result.new_records.extend(row["id"] for row in rows)
        result.unlinked.extend(row["id"] for row in rows if row["person_id"] is None)


def _insert_links(table: Table, links: dict[str, list[tuple[Any, list[str]]]]) -> None:
    for name, pairs in links.items():
        field = table.model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        own = field.m2m_field_name()  # type: ignore[union-attr]
        other = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        through._default_manager.bulk_create(
            [
                through(**{f"{own}_id": owner, f"{other}_id": rid})
                for owner, ids in pairs
                for rid in ids
            ],
            ignore_conflicts=True,
        )


def _settle_supersedes(table: Table, rows: list[dict[str, Any]]) -> None:
    """One row may supersede another only once: the smaller UUID keeps the claim."""
    if "supersedes_id" not in {c.attname for c in table.fixed}:
        return
    targets = [row["supersedes_id"] for row in rows if row["supersedes_id"]]
    claims: dict[Any, Any] = {
        target: holder
        for ids in chunks(targets)
        for target, holder in table.model._base_manager.filter(supersedes_id__in=ids).values_list(
            "supersedes_id", "pk"
        )
    }
    for row in sorted(rows, key=lambda row: str(row["id"])):
        target = row["supersedes_id"]
        if target is None:
            continue
        holder = claims.get(target)
        if holder is None:
            claims[target] = row["id"]
        elif str(holder) < str(row["id"]):
            row["supersedes_id"] = None
        else:
            table.model._base_manager.filter(pk=holder).update(supersedes_id=None)
            claims[target] = row["id"]


def _settle_source_names(rows: list[dict[str, Any]]) -> None:
    names = {row["name"]: row for row in rows}
    for local in Source.objects.filter(name__in=list(names)):
        incoming = names[local.name]
        loser_id = max(str(local.pk), str(incoming["id"]))
        if loser_id == str(incoming["id"]):
            incoming["name"] = f"{incoming['name']} ({loser_id[:8]})"
        else:
            Source.objects.filter(pk=local.pk).update(name=f"{local.name} ({loser_id[:8]})")


def _ensure_places(body: dict[str, Any]) -> None:
    for row in body.get("places") or []:
        if Place.objects.filter(gazetteer_id=row["gazetteer_id"]).exists():
            continue
        parent = Place.objects.filter(gazetteer_id=row.pop("parent__gazetteer_id")).first()
        Place.objects.create(parent=parent, **row)
    for row in body.get("facilities") or []:
        if Facility.objects.filter(code=row["code"]).exists():
            continue
        place = Place.objects.filter(gazetteer_id=row.pop("place__gazetteer_id")).first()
        Facility.objects.create(place=place, **row)


def _write_files(files: dict[str, str], result: ImportResult) -> None:
    """Evidence files, checked against their hash; written before the rows that name them."""
    for sha, encoded in files.items():
        if len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
            raise BundleError("an evidence file in this bundle has a malformed name")
        content = base64.b64decode(encoded)
        if hashlib.sha256(content).hexdigest() != sha:
            raise BundleError(f"an evidence file in this bundle does not match its hash {sha}")
        # Named by content, as store_evidence names them; never by a path from the bundle.
        if keep_file(content, f"{sha[:2]}/{sha}"):
            result.files += 1
