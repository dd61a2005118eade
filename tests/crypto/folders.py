"""Opening a data folder made by a child `aqiqat` process, as an operator with its passphrase."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aqiqat.config.sqlcipher.base import DATABASE_KEY_PURPOSE, open_keyed
from aqiqat.services.crypto.keyfile import keyfile_path, unwrap_keyfile
from aqiqat.services.crypto.keyring import derive_key

# The data key the test process runs with (a stand-in for an unlocked data folder).
SESSION_DATA_KEY = os.urandom(32)


def operator_passphrase() -> str:
    return Path(os.environ["AQIQAT_PASSPHRASE_FILE"]).read_text(encoding="utf-8").rstrip("\n")


def data_key(data_dir: Path) -> bytes:
    return unwrap_keyfile(keyfile_path(data_dir), operator_passphrase())


def open_database(data_dir: Path) -> Any:
    """A sqlcipher3 connection to the folder's database, keyed from its key file."""
    key = derive_key(data_key(data_dir), DATABASE_KEY_PURPOSE)
    return open_keyed(str(data_dir / "aqiqat.sqlite3"), key)
