"""Writing a bundle of everything a peer has not yet acknowledged."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.places.models import Facility, Place
from aqiqat.apps.sync.models import BundleLog, Peer, SyncRow
from aqiqat.services.crypto.stream import DamagedFile
from aqiqat.services.evidence import stored_file_chunks
from aqiqat.services.sync.bundle import pack
from aqiqat.services.sync.clock import current_seq
from aqiqat.services.sync.peers import PeerError, my_identity, peer_keys
from aqiqat.services.sync.tables import FACILITY, PLACE, References, Table, table_by_label
from aqiqat.services.sync.tracker import CHUNK, most_of, scan


@dataclass(frozen=True)
class ExportResult:
    bundle_id: str
    data: bytes
    rows: int
    files: int
    from_seq: int
    upto_seq: int


def export_bundle(peer: Peer, *, evidence: bool = False, rows: bool = True) -> ExportResult:
    """A bundle for `peer` of every row version it has not acknowledged.

    With `rows=False` it carries only what this instance has received (an acknowledgement,
    also used to ask a server for its changes).
    """
    if not peer.active:
        raise PeerError(f"peer {peer.name!r} is deactivated; reactivate it with `peers add`")
    identity = my_identity()
    me = identity.public.instance_id
    scan(me)
    refs = References(me)
    with transaction.atomic():
        # An acknowledgement holds no rows, so it must not claim any: upto stays at from.
        upto = current_seq() if rows else peer.acked_seq
        items = _rows(peer, refs) if rows else []
        files = _files(items) if rows and evidence else {}
        bundle_id = str(uuid.uuid4())
        body = {
            "format": 1,
            "bundle_id": bundle_id,
            "sender": me,
            "sender_keys": identity.public.line,
            "recipient": peer.instance_id,
            "created_at": timezone.now().isoformat(),
            "from_seq": peer.acked_seq,
            "upto_seq": upto,
            "ack": peer.received_seq,
            "places": _places(items),
            "facilities": _facilities(items),
            "rows": items,
            "files": files,
        }
        data = pack(identity, peer_keys(peer), body)
        BundleLog.objects.create(
            bundle_id=bundle_id,
            direction=BundleLog.Direction.SENT,
            peer=peer,
            from_seq=peer.acked_seq,
            upto_seq=upto,
            rows=len(items),
            size=len(data),
        )
        Peer.objects.filter(pk=peer.pk).update(last_sent_at=timezone.now())
    return ExportResult(bundle_id, data, len(items), len(files), peer.acked_seq, upto)


def pending_rows(peer: Peer) -> int:
    """Row versions stamped here that the peer has not acknowledged (as of the last scan)."""
    return SyncRow.objects.filter(seq__gt=peer.acked_seq).exclude(via=peer.instance_id).count()


def _rows(peer: Peer, refs: References) -> list[dict[str, Any]]:
    wanted: dict[str, dict[Any, tuple[str, str, dict[str, Any]]]] = {}
    pending = (
        SyncRow.objects.filter(seq__gt=peer.acked_seq)
        .exclude(via=peer.instance_id)
        .values_list("model", "row_id", "origin", "origin_user", "state")
    )
    for label, row_id, origin, origin_user, state in pending.iterator(CHUNK):
        wanted.setdefault(label, {})[row_id] = (origin, origin_user, state)
    items: list[dict[str, Any]] = []
    for label, by_id in wanted.items():
        table = table_by_label()[label]
        names = ["id", *(c.attname for c in table.fixed)]
        fixed = [(c.attname, refs.out_function(c)) for c in table.fixed]
        for row in _fixed_rows(table, names, by_id):
            origin, origin_user, state = by_id[row["id"]]
            items.append(
                {
                    "m": label,
                    "id": str(row["id"]),
                    "o": origin,
                    "u": origin_user,
                    "f": {name: out(row[name]) for name, out in fixed},
                    "s": state,
                }
            )
    return items


def _fixed_rows(
    table: Table, names: list[str], wanted: Mapping[Any, Any]
) -> Iterator[dict[str, Any]]:
    """The wanted rows' fixed fields."""
    manager = table.model._base_manager
    if most_of(table, len(wanted)):
        for row in manager.values(*names).iterator(CHUNK):
            if row["id"] in wanted:
                yield row
        return
    ids = list(wanted)
    for start in range(0, len(ids), CHUNK):
        yield from manager.filter(pk__in=ids[start : start + CHUNK]).values(*names)


def _codes(items: list[dict[str, Any]], kind: str) -> set[str]:
    codes: set[str] = set()
    for item in items:
        table = table_by_label()[item["m"]]
        for column in table.columns:
            if column.kind != kind:
                continue
            value = item["f"].get(column.attname)
            if value is None and column.attname in item["s"]:
                value = item["s"][column.attname][0]
            if value:
                codes.add(value)
    return codes


def _places(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    codes = _codes(items, PLACE)
    codes |= set(
        Facility.objects.filter(code__in=_codes(items, FACILITY), place__isnull=False).values_list(
            "place__gazetteer_id", flat=True
        )
    )
    places: dict[str, dict[str, Any]] = {}
    while codes:
        rows = Place.objects.filter(gazetteer_id__in=codes).values(
            "gazetteer_id",
            "kind",
            "parent__gazetteer_id",
            "name_kk",
            "name_ru",
            "name_en",
            "name_latin",
            "historical_names",
            "latitude",
            "longitude",
        )
        for row in rows:
            places[row["gazetteer_id"]] = dict(row)
        codes = {
            row["parent__gazetteer_id"]
            for row in places.values()
            if row["parent__gazetteer_id"] and row["parent__gazetteer_id"] not in places
        }
    # Parents first, so the receiver can create them in order.
    ordered: list[dict[str, Any]] = []
    done: set[str] = set()

    def visit(code: str) -> None:
        if code in done:
            return
        done.add(code)
        parent = places[code]["parent__gazetteer_id"]
        if parent in places:
            visit(parent)
        ordered.append(places[code])

    for code in sorted(places):
        visit(code)
    return ordered


def _facilities(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = Facility.objects.filter(code__in=_codes(items, FACILITY)).values(
        "code", "kind", "name_kk", "name_ru", "name_en", "place__gazetteer_id", "address"
    )
    return [dict(row) for row in rows]


def _files(items: list[dict[str, Any]]) -> dict[str, str]:
    """The evidence files of the bundle's evidence rows, decrypted: the recipient encrypts
    them again with its own key. Missing or damaged files are left out."""
    ids = [item["id"] for item in items if item["m"] == "evidence.evidence"]
    files: dict[str, str] = {}
    for sha, storage_name in Evidence.objects.filter(pk__in=ids).values_list(
        "sha256", "storage_name"
    ):
        try:
            content = b"".join(stored_file_chunks(storage_name))
        except (FileNotFoundError, DamagedFile):
            continue
        files[sha] = base64.b64encode(content).decode()
    return files
