"""What the sync page shows: this instance's keys and, per peer, exchanges and backlog."""

from __future__ import annotations

from dataclasses import dataclass

from aqiqat.apps.sync.models import BundleLog, Peer
from aqiqat.services.sync.export import pending_rows
from aqiqat.services.sync.identity import PublicKeys
from aqiqat.services.sync.peers import my_identity, peer_keys


@dataclass(frozen=True)
class PeerRow:
    peer: Peer
    fingerprint: str
    pending: int


@dataclass(frozen=True)
class SyncOverview:
    me: PublicKeys
    peers: list[PeerRow]
    recent: list[BundleLog]


def sync_overview() -> SyncOverview:
    return SyncOverview(
        my_identity().public,
        [PeerRow(p, peer_keys(p).fingerprint, pending_rows(p)) for p in Peer.objects.all()],
        list(BundleLog.objects.select_related("peer")[:20]),
    )
