"""Bundles that must not be merged are refused or ignored with a clear message, and the
receiving database is left exactly as it was."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from aqiqat.services.sync.bundle import KEY_BYTES, MAGIC, SIGNATURE_BYTES
from aqiqat.services.sync.identity import load_identity
from tests.sync.instances import Instance, start

# sender, receiver, and a stranger the receiver does not trust (the stranger trusts it).
NAMES = ["sender", "receiver", "stranger"]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Instance]]:
    instances = start(NAMES, Path(tmp_path_factory.mktemp("sync-refusals")))
    yield instances
    for instance in instances:
        instance.stop()


@pytest.fixture
def trio(running: list[Instance]) -> list[Instance]:
    sender, receiver, stranger = running
    for instance in running:
        instance.call("reset")
    sender.call("add_peer", name="receiver", public_keys=receiver.keys)
    sender.call("add_peer", name="stranger", public_keys=stranger.keys)
    receiver.call("add_peer", name="sender", public_keys=sender.keys)
    stranger.call("add_peer", name="receiver", public_keys=receiver.keys)
    stranger.call("add_peer", name="sender", public_keys=sender.keys)
    for number in range(3):
        sender.call("edit", kind="record", seed=number, name="sender")
        stranger.call("edit", kind="record", seed=number, name="stranger")
    receiver.call("edit", kind="case", seed=1, name="receiver")
    return running


def refused(receiver: Instance, bundle: bytes) -> str:
    before = receiver.digest()
    outcome = receiver.import_(bundle)
    assert receiver.digest() == before
    assert "error" in outcome, outcome
    return str(outcome["error"])


def reencrypted(bundle: bytes, holder: Instance, to: Instance, change_body: bool) -> bytes:
    """What someone holding `holder`'s key could make: the inner bundle, optionally with
    its body altered, encrypted again to `to`."""
    inner = pyrage.decrypt(bundle, [load_identity(holder.data_dir).age])
    if change_body:
        start = len(MAGIC) + SIGNATURE_BYTES + KEY_BYTES
        body = json.loads(zlib.decompress(inner[start:]))
        body["rows"][0]["f"]["full_name"] = "Forged Fictional Name"
        inner = inner[:start] + zlib.compress(json.dumps(body).encode())
    recipient = x25519.Recipient.from_str(to.keys.split(":")[2])
    return pyrage.encrypt(inner, [recipient])


def test_it_refuses_a_tampered_bundle(trio: list[Instance]) -> None:
    sender, receiver, _ = trio
    bundle = bytearray(sender.export("receiver"))
    bundle[len(bundle) // 2] ^= 0x01
    assert "damaged" in refused(receiver, bytes(bundle))


def test_it_refuses_a_bundle_whose_content_was_changed_after_signing(
    trio: list[Instance],
) -> None:
    sender, receiver, _ = trio
    forged = reencrypted(sender.export("receiver"), receiver, receiver, change_body=True)
    assert "signature does not match" in refused(receiver, forged)


def test_it_refuses_a_bundle_from_an_untrusted_key(trio: list[Instance]) -> None:
    _, receiver, stranger = trio
    message = refused(receiver, stranger.export("receiver"))
    assert "not a trusted peer" in message
    assert stranger.fingerprint in message


def test_it_refuses_a_bundle_for_another_recipient(trio: list[Instance]) -> None:
    sender, receiver, stranger = trio
    for_stranger = sender.export("stranger")
    assert "not encrypted to this instance" in refused(receiver, for_stranger)
    # Re-encrypted by the stranger to the receiver, the signed body still names its recipient.
    passed_on = reencrypted(for_stranger, stranger, receiver, change_body=False)
    assert "written for another instance" in refused(receiver, passed_on)


def test_it_refuses_a_truncated_bundle(trio: list[Instance]) -> None:
    sender, receiver, _ = trio
    bundle = sender.export("receiver")
    assert "damaged or incomplete" in refused(receiver, bundle[: len(bundle) * 2 // 3])


def test_it_ignores_a_replayed_bundle_and_an_outdated_one(trio: list[Instance]) -> None:
    sender, receiver, _ = trio
    first = sender.export("receiver")
    sender.call("edit", kind="record", seed=99, name="sender")
    second = sender.export("receiver")
    assert receiver.import_(second)["inserted"] == 5  # source and four records
    before = receiver.digest()
    replayed = receiver.import_(second)
    assert "already imported" in replayed["ignored"]
    outdated = receiver.import_(first)
    assert "already here" in outdated["ignored"]
    assert receiver.digest() == before


def test_it_refuses_a_bundle_from_a_removed_peer(trio: list[Instance]) -> None:
    sender, receiver, _ = trio
    bundle = sender.export("receiver")
    receiver.call("remove_peer", name="sender")
    assert "deactivated" in refused(receiver, bundle)
