"""This instance's keys: Ed25519 to sign bundles, an age X25519 identity to receive them.

Both live in the data folder, readable by the owner only. Public keys travel as one line,
`aqiqat1:<signing key>:<age recipient>`, and are compared by phone through a fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

KEY_DIR_NAME = "sync"
SIGNING_KEY_FILE = "signing_key"
AGE_IDENTITY_FILE = "age_identity"
PREFIX = "aqiqat1"


class PublicKeyError(ValueError):
    """Public keys that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class PublicKeys:
    signing_key: str  # base64 of the raw 32-byte Ed25519 public key
    age_recipient: str  # age1…

    @property
    def line(self) -> str:
        return f"{PREFIX}:{self.signing_key}:{self.age_recipient}"

    @property
    def instance_id(self) -> str:
        return _digest(self)[:16]

    @property
    def fingerprint(self) -> str:
        """Twenty characters to read aloud, in groups of four."""
        code = base64.b32encode(bytes.fromhex(_digest(self))).decode()[:20]
        return "-".join(code[i : i + 4] for i in range(0, 20, 4))

    def verify(self, signature: bytes, message: bytes) -> bool:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.signing_key))
        try:
            key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


def _digest(keys: PublicKeys) -> str:
    return hashlib.sha256(f"{keys.signing_key}:{keys.age_recipient}".encode()).hexdigest()


def parse_public_keys(text: str) -> PublicKeys:
    parts = text.strip().split(":")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise PublicKeyError(
            "public keys look like aqiqat1:<signing key>:<age1…>; "
            "copy the whole line `aqiqat peers me` prints on the other instance"
        )
    _, signing, recipient = parts
    try:
        raw = base64.b64decode(signing, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise PublicKeyError("the signing key part is damaged (not a 32-byte Ed25519 key)") from exc
    try:
        x25519.Recipient.from_str(recipient)
    except Exception as exc:  # pyrage raises its own RecipientError
        raise PublicKeyError("the age recipient part is damaged (it starts with age1)") from exc
    return PublicKeys(signing, recipient)


@dataclass(frozen=True)
class Identity:
    signing: Ed25519PrivateKey
    age: x25519.Identity

    @cached_property
    def public(self) -> PublicKeys:
        raw = self.signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKeys(base64.b64encode(raw).decode(), str(self.age.to_public()))

    def sign(self, message: bytes) -> bytes:
        return self.signing.sign(message)


def key_dir(data_dir: Path) -> Path:
    return data_dir / KEY_DIR_NAME


def ensure_identity(data_dir: Path) -> list[Path]:
    """Create the keys if missing; returns the paths it created (for `init` to undo)."""
    directory = key_dir(data_dir)
    created: list[Path] = []
    if not directory.exists():
        directory.mkdir(mode=0o700, parents=True)
        created.append(directory)
    signing_path = directory / SIGNING_KEY_FILE
    if not signing_path.exists():
        _write_private(signing_path, Ed25519PrivateKey.generate().private_bytes_raw().hex())
        created.append(signing_path)
    age_path = directory / AGE_IDENTITY_FILE
    if not age_path.exists():
        _write_private(age_path, str(x25519.Identity.generate()))
        created.append(age_path)
    return created


def load_identity(data_dir: Path) -> Identity:
    """This instance's keys, created on first use for instances set up before sync existed."""
    ensure_identity(data_dir)
    directory = key_dir(data_dir)
    signing_hex = (directory / SIGNING_KEY_FILE).read_text(encoding="ascii").strip()
    age_text = (directory / AGE_IDENTITY_FILE).read_text(encoding="ascii").strip()
    return Identity(
        Ed25519PrivateKey.from_private_bytes(bytes.fromhex(signing_hex)),
        x25519.Identity.from_str(age_text),
    )


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")
