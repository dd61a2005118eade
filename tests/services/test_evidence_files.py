"""Evidence files live under the data folder, known by hash, with a chain of custody."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.db import connection

from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.tracked import ImmutableError
from aqiqat.services.evidence import evidence_path, store_evidence, verify_evidence

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def test_a_stored_file_is_under_the_data_folder_with_its_hash(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="bruises.png", media_type="image/png", actor=acting
    )
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert evidence.size == len(PHOTO)
    stored = evidence_path(evidence.storage_name)
    assert stored.read_bytes() == PHOTO
    assert Path(settings.AQIQAT_EVIDENCE_DIR) in stored.parents
    assert [c.action for c in evidence.custody.all()] == [CustodyEntry.Action.RECEIVED]
    assert not list((tmp_path / "evidence").glob(".incoming-*"))


def test_the_database_holds_the_hash_not_the_file(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    store_evidence(io.BytesIO(PHOTO), original_name="a.png", media_type="image/png", actor=acting)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM evidence_evidence")
        row = cursor.fetchone()
    assert all(not isinstance(v, bytes | memoryview) for v in row)


def test_a_changed_file_on_disk_is_caught_by_verification(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="x.png", media_type="image/png", actor=acting
    )
    assert verify_evidence(evidence, acting)
    evidence_path(evidence.storage_name).write_bytes(PHOTO + b"edited")
    assert not verify_evidence(evidence, acting)
    last = evidence.custody.order_by("-created_at").first()
    assert last is not None and last.note.startswith("hash differs")


def test_evidence_metadata_cannot_be_rewritten(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="x.png", media_type="image/png", actor=acting
    )
    evidence.sha256 = "0" * 64
    with pytest.raises(ImmutableError):
        evidence.save()
    assert Evidence.objects.get(pk=evidence.pk).sha256 == hashlib.sha256(PHOTO).hexdigest()
