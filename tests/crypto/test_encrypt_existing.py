"""`aqiqat encrypt-existing` turns a data folder from before encryption into an encrypted
one: same records, same audit chain, every evidence file still matching its SHA-256."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from aqiqat.services.crypto.keyfile import keyfile_path
from aqiqat.services.crypto.keyring import derive_key
from aqiqat.services.crypto.stream import decrypt_chunks
from tests.cli_process import run_aqiqat
from tests.crypto.folders import data_key, open_database


def stored_path(data: Path, key: bytes, storage_name: str) -> Path:
    names = derive_key(key, "evidence-names")
    hidden = hmac.new(names, storage_name.encode(), hashlib.sha256).hexdigest()
    return data / "evidence" / hidden[:2] / hidden


def evidence_rows(data: Path) -> list[tuple[str, str]]:
    with open_database(data) as db:
        return db.execute("SELECT sha256, storage_name FROM evidence_evidence").fetchall()


def make_legacy(data: Path) -> None:
    """Undo the encryption, as a folder made by an older Aqiqat looks."""
    key = data_key(data)
    rows = evidence_rows(data)
    files = derive_key(key, "evidence-files")
    for _sha, name in rows:
        encrypted = stored_path(data, key, name)
        with encrypted.open("rb") as handle:
            plain = b"".join(decrypt_chunks(files, handle))
        (data / "evidence" / name).parent.mkdir(exist_ok=True)
        (data / "evidence" / name).write_bytes(plain)
        encrypted.unlink()
    plain_db = data / "plain.sqlite3"
    with open_database(data) as db:
        db.execute(f"ATTACH DATABASE '{plain_db}' AS plaintext KEY ''")
        db.execute("SELECT sqlcipher_export('plaintext')")
        db.execute("DETACH DATABASE plaintext")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{data / 'aqiqat.sqlite3'}{suffix}").unlink(missing_ok=True)
    plain_db.replace(data / "aqiqat.sqlite3")
    keyfile_path(data).unlink()


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    lists = tmp_path / "lists"
    demo = run_aqiqat("demo", "--people", "60", "--files", str(lists), data_dir=data)
    assert demo.returncode == 0, demo.stderr
    mapping = str(lists / "mapping.json")
    imported = run_aqiqat("import", "--mapping", mapping, "--source", "morgue", data_dir=data)
    assert imported.returncode == 0, imported.stderr
    make_legacy(data)
    assert (data / "aqiqat.sqlite3").read_bytes().startswith(b"SQLite format 3")
    return data


def test_an_old_plain_folder_is_refused_with_the_way_out(legacy: Path) -> None:
    result = run_aqiqat("user", "list", data_dir=legacy)
    assert result.returncode == 2
    assert "encrypt-existing" in result.stderr


def test_encrypting_an_existing_folder_keeps_records_audit_and_evidence(legacy: Path) -> None:
    import sqlite3

    with sqlite3.connect(legacy / "aqiqat.sqlite3") as db:
        records = db.execute("SELECT id, raw FROM sources_record ORDER BY id").fetchall()
        evidence = db.execute("SELECT sha256, storage_name FROM evidence_evidence").fetchall()
    db.close()
    assert evidence
    result = run_aqiqat("encrypt-existing", data_dir=legacy)
    assert result.returncode == 0, result.stderr
    assert not (legacy / "aqiqat.sqlite3").read_bytes().startswith(b"SQLite format 3")
    with open_database(legacy) as db:
        assert db.execute("SELECT id, raw FROM sources_record ORDER BY id").fetchall() == records
    assert run_aqiqat("audit", "verify", data_dir=legacy).returncode == 0
    key = data_key(legacy)
    files = derive_key(key, "evidence-files")
    for sha, name in evidence:
        assert not (legacy / "evidence" / name).exists()
        with stored_path(legacy, key, name).open("rb") as handle:
            assert hashlib.sha256(b"".join(decrypt_chunks(files, handle))).hexdigest() == sha
    again = run_aqiqat("encrypt-existing", data_dir=legacy)
    assert again.returncode == 2 and "already encrypted" in again.stderr
