"""Keeping an evidence file under the data folder, encrypted, known by its SHA-256, with custody.

The file is encrypted with a key derived from the data key as it streams in (see
services/crypto/stream.py); the SHA-256 recorded is that of the original bytes, which is
what a court compares. The stored name is a keyed hash of that SHA-256, so identical files
are kept once but the folder does not reveal which known files it holds.
"""

from __future__ import annotations

import hashlib
import hmac
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
    return Path(settings.AQIQAT_EVIDENCE_DIR) / storage_name


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
        storage_name = _storage_name(sha)
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
    key = keyring.subkey(FILE_KEY_PURPOSE)
    with evidence_path(evidence.storage_name).open("rb") as handle:
        yield from decrypt_chunks(key, handle)


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


def _storage_name(sha: str) -> str:
    name = hmac.new(keyring.subkey(NAME_KEY_PURPOSE), sha.encode(), hashlib.sha256).hexdigest()
    return f"{name[:2]}/{name}"
