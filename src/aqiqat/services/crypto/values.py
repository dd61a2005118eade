"""Single values (one field of one row) sealed with AES-256-GCM.

Sealed text: PREFIX, then base64 of a random 12-byte nonce, the ciphertext and its tag.
The prefix names the format, so a later format can be told apart. The associated data
names the column ("sources.record.testimony"): a value copied into another column, or
another table, does not open there. Empty text stays empty (its length would show anyway).
"""

from __future__ import annotations

import base64
import binascii
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aqiqat.services.crypto import keyring

PREFIX = "aq1:"
VALUE_KEY_PURPOSE = "field-values"
NONCE_BYTES = 12


class UnreadableValue(ValueError):
    """A stored value is not sealed, was changed, or was sealed under another data key."""


def column_key(purpose: str, column: str) -> bytes:
    """The key for `purpose`; when locked, an error naming the column that needed it."""
    try:
        return keyring.subkey(purpose)
    except keyring.Locked as exc:
        raise keyring.Locked(
            f"{column} is encrypted and Aqiqat is locked: unlock it with the passphrase "
            "(the unlock page, or any `aqiqat` command) to read or write it"
        ) from exc


def is_sealed(text: str) -> bool:
    return text.startswith(PREFIX)


def seal(plain: str, column: str) -> str:
    """The sealed text of `plain` for `column`; a fresh nonce every time."""
    if not plain:
        return plain
    aead = AESGCM(column_key(VALUE_KEY_PURPOSE, column))
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plain.encode("utf-8"), column.encode("utf-8"))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(text: str, column: str) -> str:
    """The plain text of a value sealed for `column`; UnreadableValue if it is not one."""
    if not text:
        return text
    if not is_sealed(text):
        raise UnreadableValue(
            f"{column} holds a value that is not encrypted: the database was not migrated "
            "(run `aqiqat migrate`) or was written around Aqiqat"
        )
    key = column_key(VALUE_KEY_PURPOSE, column)
    try:
        packed = base64.b64decode(text[len(PREFIX) :], validate=True)
        plain = AESGCM(key).decrypt(
            packed[:NONCE_BYTES], packed[NONCE_BYTES:], column.encode("utf-8")
        )
    except (binascii.Error, InvalidTag, ValueError) as exc:
        raise UnreadableValue(
            f"a value of {column} does not open with this data folder's key: it was changed, "
            "moved from another column, or written by another data folder"
        ) from exc
    return plain.decode("utf-8")
