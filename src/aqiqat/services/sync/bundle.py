"""The bundle file: compressed JSON, signed by the sender, encrypted to the recipient (age).

Inside the age encryption: MAGIC, the 64-byte Ed25519 signature, the sender's 32-byte
public key, then the zlib-compressed JSON body the signature covers. The body names sender
and recipient, so a signed bundle re-encrypted to someone else is refused too.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import pyrage
from pyrage import x25519

from aqiqat.services.sync.identity import Identity, PublicKeys

MAGIC = b"AQIQAT-BUNDLE-1\n"
SIGNATURE_BYTES = 64
KEY_BYTES = 32
# A bundle may hold evidence files; beyond this it is refused before decompression.
MAX_BODY_BYTES = 4 * 1024 * 1024 * 1024


class BundleError(Exception):
    """A bundle that cannot be accepted; the message says why in plain words."""


def pack(identity: Identity, recipient: PublicKeys, body: dict[str, Any]) -> bytes:
    compressed = zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 6)
    signing_key = base64.b64decode(identity.public.signing_key)
    inner = MAGIC + identity.sign(compressed) + signing_key + compressed
    return pyrage.encrypt(inner, [x25519.Recipient.from_str(recipient.age_recipient)])


def unpack(identity: Identity, data: bytes) -> tuple[str, dict[str, Any]]:
    """The sender's signing key (base64) and the body, once decrypted and verified."""
    try:
        inner = pyrage.decrypt(data, [identity.age])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise BundleError(
                "this bundle is not encrypted to this instance: it was written for another one"
            ) from exc
        raise BundleError(
            "this bundle is damaged or incomplete (it does not decrypt); ask for a new one"
        ) from exc
    if not inner.startswith(MAGIC) or len(inner) < len(MAGIC) + SIGNATURE_BYTES + KEY_BYTES:
        raise BundleError("this file is not an Aqiqat bundle")
    start = len(MAGIC)
    signature = inner[start : start + SIGNATURE_BYTES]
    signing_key = inner[start + SIGNATURE_BYTES : start + SIGNATURE_BYTES + KEY_BYTES]
    compressed = inner[start + SIGNATURE_BYTES + KEY_BYTES :]
    sender = base64.b64encode(signing_key).decode()
    if not PublicKeys(sender, "").verify(signature, compressed):
        raise BundleError(
            "the bundle's signature does not match its content: it was altered after signing"
        )
    try:
        decompressor = zlib.decompressobj()
        raw = decompressor.decompress(compressed, MAX_BODY_BYTES)
        if decompressor.unconsumed_tail:
            raise BundleError("this bundle is larger than this instance accepts")
        body = json.loads(raw)
    except (zlib.error, ValueError) as exc:
        raise BundleError("this bundle is damaged inside (it does not read as a bundle)") from exc
    if not isinstance(body, dict) or body.get("format") != 1:
        raise BundleError("this bundle was written by a newer or unknown version of Aqiqat")
    return sender, body
