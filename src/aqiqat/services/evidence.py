"""Keeping an evidence file under the data folder, known by its SHA-256, with custody."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction

from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record

CHUNK = 1024 * 1024
MAX_EVIDENCE_BYTES = 2 * 1024 * 1024 * 1024


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
    """Copy the stream into the evidence folder and register it; identical files are kept once."""
    directory = Path(settings.AQIQAT_EVIDENCE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > MAX_EVIDENCE_BYTES:
                    raise EvidenceTooLarge(
                        f"{original_name} is larger than {MAX_EVIDENCE_BYTES // 2**30} GiB"
                    )
                digest.update(chunk)
                out.write(chunk)
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


def verify_evidence(evidence: Evidence, actor: Any) -> bool:
    """Re-hash the stored file; the result is written to its chain of custody."""
    digest = hashlib.sha256()
    path = evidence_path(evidence.storage_name)
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        intact = digest.hexdigest() == evidence.sha256
        note = "hash matches" if intact else f"hash differs: {digest.hexdigest()}"
    except FileNotFoundError:
        intact, note = False, "file missing from the evidence folder"
    CustodyEntry.objects.create(
        evidence=evidence, action=CustodyEntry.Action.VERIFIED, note=note, created_by=actor
    )
    return intact
