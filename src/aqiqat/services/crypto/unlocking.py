"""Opening a data folder's key with the operator's passphrase (CLI, server and web)."""

from __future__ import annotations

from pathlib import Path

from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.keyfile import keyfile_path, unwrap_keyfile


def unlock_with_passphrase(data_dir: Path, passphrase: str) -> None:
    """Put the data key in memory; WrongPassphrase or KeyfileError if it cannot be opened."""
    keyring.unlock(unwrap_keyfile(keyfile_path(data_dir), passphrase))
