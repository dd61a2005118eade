"""Unlocking a locked server from its page is audited, with the passphrases refused before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.services.crypto import keyfile, keyring
from aqiqat.web import locked
from tests.crypto.folders import SESSION_DATA_KEY

PASSPHRASE = "the office's data passphrase 2022"


@pytest.fixture
def locked_folder(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    settings.AQIQAT_DATA_DIR = tmp_path
    # The key file of this test process's data key, as `aqiqat init` would have written it.
    wrapped = keyfile._wrap(SESSION_DATA_KEY, PASSPHRASE)
    keyfile._write(keyfile.keyfile_path(tmp_path), wrapped, exclusive=True)
    monkeypatch.setattr(locked, "WRONG_PASSPHRASE_DELAY", 0)
    keyring.lock()
    try:
        yield tmp_path
    finally:
        keyring.unlock(SESSION_DATA_KEY)


@pytest.mark.django_db(transaction=True)
def test_a_web_unlock_is_audited_with_the_refused_passphrases_before_it(
    locked_folder: Path,
) -> None:
    client = Client(REMOTE_ADDR="10.0.0.7")
    assert client.get("/").status_code == 503
    for guess in ("password123", "another wrong guess"):
        refused = client.post("/people/", {"aqiqat_unlock": "1", "passphrase": guess})
        assert refused.status_code == 503
        assert "does not open this data folder" in refused.content.decode()
    assert not keyring.is_unlocked()
    opened = client.post("/people/", {"aqiqat_unlock": "1", "passphrase": PASSPHRASE})
    assert opened.status_code == 303 and keyring.is_unlocked()

    entries = list(AuditEntry.objects.filter(object_type="aqiqat.instance").order_by("seq"))
    assert [entry.action for entry in entries] == ["unlock_failed", "unlock_failed", "unlock"]
    assert {entry.detail["address"] for entry in entries} == {"10.0.0.7"}
    assert entries[-1].detail == {"via": "web", "address": "10.0.0.7", "refused": 2}
    assert all(entry.actor_name == "system" for entry in entries)


@pytest.mark.django_db(transaction=True)
def test_refusals_are_written_once_not_again_at_the_next_unlock(locked_folder: Path) -> None:
    client = Client()
    client.post("/", {"aqiqat_unlock": "1", "passphrase": "wrong"})
    client.post("/", {"aqiqat_unlock": "1", "passphrase": PASSPHRASE})
    keyring.lock()
    client.post("/", {"aqiqat_unlock": "1", "passphrase": PASSPHRASE})
    actions = list(
        AuditEntry.objects.filter(object_type="aqiqat.instance")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["unlock_failed", "unlock", "unlock"]
