"""The unlocked data key, held in this process's memory only, and keys derived from it.

`lock()` zeroes the key; every later use raises Locked until `unlock()` is called again.
A command-line process may register an unlocker that asks for the passphrase the first
time a key is needed; the server registers none, so after `aqiqat lock` it stays locked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Puts the key in memory (by calling unlock) or raises.
Unlocker = Callable[[], None]

_guard = threading.RLock()
_data_key: bytearray | None = None
# Field encryption asks for its key once per value; HKDF each time would cost more than AES.
_derived: dict[str, bytes] = {}
_unlocker: Unlocker | None = None
_generation = 0


class Locked(Exception):
    """The data key is not in memory: the instance is locked."""


def unlock(data_key: bytes) -> None:
    global _data_key, _generation
    with _guard:
        _wipe()
        _data_key = bytearray(data_key)
        _generation += 1


def lock() -> None:
    """Forget the data key (zeroed in place) and every key derived from it."""
    global _generation
    with _guard:
        _wipe()
        _generation += 1


def is_unlocked() -> bool:
    return _data_key is not None


def generation() -> int:
    """Changes on every lock and unlock, so holders of derived keys can tell they are stale."""
    return _generation


def set_unlocker(unlocker: Unlocker | None) -> None:
    global _unlocker
    _unlocker = unlocker


def subkey(purpose: str) -> bytes:
    """A 256-bit key for one purpose ("database", "evidence", ...), derived with HKDF."""
    with _guard:
        if _data_key is None and _unlocker is not None:
            _unlocker()
        if _data_key is None:
            raise Locked("Aqiqat is locked: unlock it with the passphrase")
        key = _derived.get(purpose)
        if key is None:
            key = _derived[purpose] = derive_key(bytes(_data_key), purpose)
        return key


def derive_key(data_key: bytes, purpose: str) -> bytes:
    """The key for `purpose` under a given data key (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"aqiqat/{purpose}".encode()
    ).derive(data_key)


def _wipe() -> None:
    global _data_key
    _derived.clear()
    if _data_key is not None:
        for index in range(len(_data_key)):
            _data_key[index] = 0
    _data_key = None
