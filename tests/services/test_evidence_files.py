"""Evidence files live under the data folder, known by hash, with a chain of custody."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from django.db import connection

from aqiqat.apps.evidence.models import CustodyEntry, Evidence
from aqiqat.apps.tracked import ImmutableError
from aqiqat.services.evidence import (
    evidence_chunks,
    evidence_path,
    store_evidence,
    verify_evidence,
)
from tests.crypto.folders import SESSION_DATA_KEY

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def test_a_stored_file_is_under_the_data_folder_with_the_hash_of_its_original(
    acting, settings, tmp_path
) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="bruises.png", media_type="image/png", actor=acting
    )
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert evidence.size == len(PHOTO)
    stored = evidence_path(evidence.storage_name)
    assert b"".join(evidence_chunks(evidence)) == PHOTO
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


def test_the_stored_file_is_encrypted_and_its_name_does_not_reveal_its_hash(
    acting, settings, tmp_path
) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="x.png", media_type="image/png", actor=acting
    )
    on_disk = evidence_path(evidence.storage_name).read_bytes()
    assert PHOTO[:64] not in on_disk and bytes(range(256)) not in on_disk
    assert evidence.sha256 not in str(evidence_path(evidence.storage_name))


def test_a_large_file_streams_through_in_chunks_and_verifies(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    video = os.urandom(3 * 1024 * 1024 + 17)
    evidence = store_evidence(
        io.BytesIO(video), original_name="v.mp4", media_type="video/mp4", actor=acting
    )
    assert (
        hashlib.sha256(b"".join(evidence_chunks(evidence))).digest()
        == hashlib.sha256(video).digest()
    )
    assert verify_evidence(evidence, acting)


def test_a_file_cut_short_on_disk_is_caught_by_verification(acting, settings, tmp_path) -> None:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(os.urandom(200_000)),
        original_name="r.pdf",
        media_type="application/pdf",
        actor=acting,
    )
    path = evidence_path(evidence.storage_name)
    path.write_bytes(path.read_bytes()[: 13 + 16 + 65536 + 16])
    assert not verify_evidence(evidence, acting)


def test_without_the_key_evidence_cannot_be_stored_or_read(acting, settings, tmp_path) -> None:
    from aqiqat.services.crypto import keyring

    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    evidence = store_evidence(
        io.BytesIO(PHOTO), original_name="x.png", media_type="image/png", actor=acting
    )
    keyring.lock()
    try:
        with pytest.raises(keyring.Locked):
            b"".join(evidence_chunks(evidence))
        with pytest.raises(keyring.Locked):
            store_evidence(
                io.BytesIO(PHOTO), original_name="y.png", media_type="image/png", actor=acting
            )
    finally:
        keyring.unlock(SESSION_DATA_KEY)
