"""Trusting, listing and retiring peers; this instance's own keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.sync.models import Peer
from aqiqat.services.sync.identity import Identity, PublicKeys, load_identity, parse_public_keys


class PeerError(ValueError):
    """A peer that cannot be added, found or changed; the message says why."""


def my_identity() -> Identity:
    return load_identity(Path(settings.AQIQAT_DATA_DIR))


def peer_keys(peer: Peer) -> PublicKeys:
    return PublicKeys(peer.signing_key, peer.age_recipient)


def add_peer(actor: Any, name: str, public_keys: str) -> Peer:
    """Trust another instance; re-adding a deactivated one with the same keys revives it."""
    name = name.strip()
    if not name:
        raise PeerError("give the peer a name, such as the office or laptop it is")
    keys = parse_public_keys(public_keys)
    if keys.instance_id == my_identity().public.instance_id:
        raise PeerError("these are this instance's own keys; paste the other instance's keys")
    with transaction.atomic(), acting_as(actor):
        existing = Peer.objects.filter(instance_id=keys.instance_id).first()
        if existing is not None:
            if existing.active:
                raise PeerError(f"these keys are already trusted as peer {existing.name!r}")
            existing.active = True
            existing.name = name
            existing.save()
            return existing
        if Peer.objects.filter(name=name).exists():
            raise PeerError(f"there is already a peer named {name!r}; choose another name")
        return Peer.objects.create(
            name=name,
            instance_id=keys.instance_id,
            signing_key=keys.signing_key,
            age_recipient=keys.age_recipient,
            created_by=actor,
        )


def find_peer(name: str) -> Peer:
    peer = Peer.objects.filter(name=name).first()
    if peer is None:
        known = ", ".join(Peer.objects.values_list("name", flat=True)) or "none yet"
        raise PeerError(f"no peer named {name!r} (known peers: {known})")
    return peer


def deactivate_peer(actor: Any, name: str) -> Peer:
    """Stop trusting a peer: its bundles are refused and none are written for it."""
    peer = find_peer(name)
    if not peer.active:
        raise PeerError(f"peer {name!r} is already deactivated")
    peer.active = False
    with acting_as(actor):
        peer.save()
    return peer
