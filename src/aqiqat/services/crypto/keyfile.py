"""The data key on disk, wrapped by a key derived from the operator's passphrase.

The data folder holds `keyfile.json`: Argon2id parameters, a salt, and the random 256-bit
data key encrypted with AES-256-GCM under the Argon2id output. The passphrase itself is
never written anywhere; without it the data key, and so everything encrypted, is lost.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEYFILE_NAME = "keyfile.json"
FORMAT = "aqiqat-keyfile-1"
MIN_PASSPHRASE = 12
DATA_KEY_BYTES = 32
# RFC 9106's second recommended setting: 64 MiB, 3 passes, 4 lanes (~0.2 s on a laptop).
DEFAULT_COST = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}


class WrongPassphrase(Exception):
    """The passphrase does not open this data folder's key."""


class KeyfileError(Exception):
    """The key file is missing, unreadable or not an Aqiqat key file."""


@dataclass(frozen=True)
class _Wrapped:
    format: str
    kdf: str
    time_cost: int
    memory_cost: int
    parallelism: int
    salt: str
    nonce: str
    wrapped_key: str


def keyfile_path(data_dir: Path) -> Path:
    return data_dir / KEYFILE_NAME


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")


def create_keyfile(path: Path, passphrase: str) -> bytes:
    """Make a new random data key, write it wrapped to `path` (which must not exist)."""
    check_new_passphrase(passphrase)
    data_key = secrets.token_bytes(DATA_KEY_BYTES)
    _write(path, _wrap(data_key, passphrase), exclusive=True)
    return data_key


def unwrap_keyfile(path: Path, passphrase: str) -> bytes:
    """The data key, or WrongPassphrase."""
    wrapped = _read(path)
    kek = _derive(passphrase, wrapped)
    try:
        return AESGCM(kek).decrypt(
            base64.b64decode(wrapped.nonce), base64.b64decode(wrapped.wrapped_key), FORMAT.encode()
        )
    except InvalidTag as exc:
        raise WrongPassphrase("wrong passphrase for this data folder") from exc


def rewrap_keyfile(path: Path, old: str, new: str) -> None:
    """Wrap the same data key under a new passphrase; nothing encrypted needs rewriting."""
    check_new_passphrase(new)
    data_key = unwrap_keyfile(path, old)
    _write(path, _wrap(data_key, new), exclusive=False)


def _wrap(data_key: bytes, passphrase: str) -> _Wrapped:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    cost = dict(DEFAULT_COST)
    wrapped = _Wrapped(
        format=FORMAT,
        kdf="argon2id",
        salt=base64.b64encode(salt).decode(),
        nonce=base64.b64encode(nonce).decode(),
        wrapped_key="",
        **cost,
    )
    kek = _derive(passphrase, wrapped)
    sealed = AESGCM(kek).encrypt(nonce, data_key, FORMAT.encode())
    return _Wrapped(**{**asdict(wrapped), "wrapped_key": base64.b64encode(sealed).decode()})


def _derive(passphrase: str, wrapped: _Wrapped) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        base64.b64decode(wrapped.salt),
        time_cost=wrapped.time_cost,
        memory_cost=wrapped.memory_cost,
        parallelism=wrapped.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _read(path: Path) -> _Wrapped:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        wrapped = _Wrapped(**data)
    except FileNotFoundError as exc:
        raise KeyfileError(f"no key file at {path}") from exc
    except (OSError, ValueError, TypeError) as exc:
        raise KeyfileError(f"the key file {path} is damaged or not an Aqiqat key file") from exc
    if wrapped.format != FORMAT or wrapped.kdf != "argon2id":
        raise KeyfileError(f"the key file {path} has an unknown format")
    return wrapped


def _write(path: Path, wrapped: _Wrapped, *, exclusive: bool) -> None:
    payload = json.dumps(asdict(wrapped), indent=2).encode()
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            os.fsync(handle.fileno())
        return
    # Write beside and rename, so a crash never leaves a half-written (= lost) key.
    partial = path.with_name(path.name + ".new")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        os.fsync(handle.fileno())
    os.replace(partial, path)
