"""Encrypting a data folder made before encryption at rest: database, evidence, indexes.

The plain files are replaced by encrypted ones and then deleted. Deleting does not wipe
the disk blocks they occupied: after converting, a folder that held real records should
also be moved to an encrypted disk or the old disk wiped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from aqiqat.config.environment import SQLITE_FILE_NAME
from aqiqat.config.sqlcipher.base import DATABASE_KEY_PURPOSE, key_pragma
from aqiqat.services.crypto import keyring

PLAIN_HEADER = b"SQLite format 3\x00"
# Derived files: rebuilt from the database (search at the next search, linkage at the next
# `aqiqat link --database`), so they are removed rather than converted.
DERIVED = ("search-index.bin", "linkage")


class NotLegacy(Exception):
    """The folder has no unencrypted database to convert."""


@dataclass(frozen=True)
class Converted:
    evidence_files: int


def is_plain_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def encrypt_database(data_dir: Path) -> None:
    """Copy the plain database into an encrypted one (sqlcipher_export), then swap them."""
    plain = data_dir / SQLITE_FILE_NAME
    if not is_plain_database(plain):
        raise NotLegacy(f"{plain} is not an unencrypted SQLite database")
    # Fold the WAL into the main file first, so the export sees every committed write.
    with sqlite3.connect(plain) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    encrypted = data_dir / (SQLITE_FILE_NAME + ".encrypting")
    encrypted.unlink(missing_ok=True)
    source = sqlcipher.connect(str(plain))
    try:
        attach = key_pragma(keyring.subkey(DATABASE_KEY_PURPOSE)).replace(
            "PRAGMA key =", "ATTACH DATABASE ? AS encrypted KEY"
        )
        source.execute(attach, (str(encrypted),))
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    os.replace(encrypted, plain)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{plain}{suffix}").unlink(missing_ok=True)


def remove_derived(data_dir: Path) -> None:
    for name in DERIVED:
        path = data_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def encrypt_evidence(evidence_dir: Path) -> int:
    """Encrypt plain evidence files (named `xx/<sha256>`) under their keyed names."""
    from aqiqat.services.crypto.stream import MAGIC
    from aqiqat.services.evidence import keep_stream

    converted = 0
    for path in sorted(evidence_dir.glob("??/*")):
        name = path.name
        if not (path.is_file() and len(name) == 64 and path.parent.name == name[:2]):
            continue
        with path.open("rb") as handle:
            if handle.read(len(MAGIC)) == MAGIC:
                continue
            handle.seek(0)
            keep_stream(handle, f"{name[:2]}/{name}")
        path.unlink()
        converted += 1
    return converted
