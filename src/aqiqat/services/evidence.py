"""Keeping an evidence file under the data folder, encrypted, known by its SHA-256, with custody.

The file is encrypted with a key derived from the data key as it streams in (see
services/crypto/stream.py); the SHA-256 recorded is that of the original bytes, which is
what a court compares. A file's storage name (in the database) is its SHA-256, as on every
instance; on disk it lives under a keyed hash of that name, so identical files are kept once
but the folder does not reveal which known files it holds.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction

from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.stream import DamagedFile, EncryptingWriter, decrypt_chunks

CHUNK = 1024 * 1024
MAX_EVIDENCE_BYTES = 2 * 1024 * 1024 * 1024
FILE_KEY_PURPOSE = "evidence-files"
NAME_KEY_PURPOSE = "evidence-names"


class EvidenceTooLarge(Exception):
    """The file is larger than one evidence file may be."""


def evidence_path(storage_name: str) -> Path:
    """Where the encrypted file of this storage name is kept (needs the instance unlocked)."""
    hidden = hmac.new(
        keyring.subkey(NAME_KEY_PURPOSE), storage_name.encode(), hashlib.sha256
    ).hexdigest()
    return Path(settings.AQIQAT_EVIDENCE_DIR) / hidden[:2] / hidden


def store_evidence(
    stream: BinaryIO,
    *,
    original_name: str,
    media_type: str,
    actor: Any,
    person: Person | None = None,
    record: Record | None = None,
    description: str = "",
) -> Evidence:
    """Encrypt the stream into the evidence folder and register it; identical files kept once."""
    directory = Path(settings.AQIQAT_EVIDENCE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    key = keyring.subkey(FILE_KEY_PURPOSE)
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            writer = EncryptingWriter(key, out)
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:
                    raise EvidenceTooLarge(
                        f"{original_name} is larger than {MAX_EVIDENCE_BYTES // 2**30} GiB"
                    )
                digest.update(chunk)
                writer.write(chunk)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        storage_name = f"{sha[:2]}/{sha}"
        final = evidence_path(storage_name)
        final.parent.mkdir(exist_ok=True)
        # The content decides the name, so a second copy of the same file replaces nothing.
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        evidence = Evidence.objects.create(
            sha256=sha,
            size=size,
            media_type=media_type[:120],
            original_name=original_name[:300],
            storage_name=storage_name,
            person=person,
            record=record,
            description=description,
            created_by=actor,
        )
        CustodyEntry.objects.create(
            evidence=evidence, action=CustodyEntry.Action.RECEIVED, created_by=actor
        )
    return evidence


def evidence_chunks(evidence: Evidence) -> Iterator[bytes]:
    """The original bytes of a stored file, decrypted chunk by chunk (never to disk).

    Raises DamagedFile if the stored file was changed, and FileNotFoundError if it is gone.
    """
    return stored_file_chunks(evidence.storage_name)


def verify_evidence(evidence: Evidence, actor: Any) -> bool:
    """Decrypt and re-hash the stored file; the result is written to its chain of custody."""
    digest = hashlib.sha256()
    try:
        for chunk in evidence_chunks(evidence):
            digest.update(chunk)
        intact = digest.hexdigest() == evidence.sha256
        note = "hash matches" if intact else f"hash differs: {digest.hexdigest()}"
    except DamagedFile:
        intact, note = False, "hash differs: the stored file was altered and no longer decrypts"
    except FileNotFoundError:
        intact, note = False, "file missing from the evidence folder"
    CustodyEntry.objects.create(
        evidence=evidence, action=CustodyEntry.Action.VERIFIED, note=note, created_by=actor
    )
    return intact


def stored_file_chunks(storage_name: str) -> Iterator[bytes]:
    key = keyring.subkey(FILE_KEY_PURPOSE)
    with evidence_path(storage_name).open("rb") as handle:
        yield from decrypt_chunks(key, handle)


def keep_file(content: bytes, storage_name: str) -> bool:
    """Encrypt and keep a file received whole (e.g. from a sync bundle) under its storage
    name; False if that name is already kept. The caller has checked its hash."""
    return keep_stream(io.BytesIO(content), storage_name)


def keep_stream(stream: BinaryIO, storage_name: str) -> bool:
    """Encrypt a stream into the evidence folder under `storage_name`, chunk by chunk."""
    path = evidence_path(storage_name)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            writer = EncryptingWriter(keyring.subkey(FILE_KEY_PURPOSE), out)
            while chunk := stream.read(CHUNK):
                writer.write(chunk)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
