"""Encrypted backups: a round trip loses nothing; wrong keys and damage are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli_process import run_aqiqat
from tests.crypto.folders import open_database

PASSPHRASE = "fictional office passphrase 2022"


def run(*args: str, data: Path, passphrase: str = PASSPHRASE):
    os.environ["AQIQAT_BACKUP_PASSPHRASE"] = passphrase
    try:
        return run_aqiqat(*args, data_dir=data)
    finally:
        del os.environ["AQIQAT_BACKUP_PASSPHRASE"]


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("office")
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "150", data_dir=data).returncode == 0
    lists = tmp_path_factory.mktemp("lists")
    assert (
        run_aqiqat("demo", "--people", "40", "--files", str(lists), data_dir=data).returncode == 0
    )
    imported = run_aqiqat(
        "import", "--mapping", str(lists / "mapping.json"), "--source", "morgue", data_dir=data
    )
    assert imported.returncode == 0, imported.stderr
    out = tmp_path_factory.mktemp("backups") / "office.aqiqat-backup"
    made = run("backup", "--out", str(out), data=data)
    assert made.returncode == 0, made.stderr
    return data, out


def rows(data: Path, sql: str) -> list[tuple]:
    db = open_database(data)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_restored_backup_holds_the_same_records_evidence_and_audit_log(
    backed_up, tmp_path: Path
) -> None:
    data, backup = backed_up
    restored = tmp_path / "restored"
    result = run("restore", str(backup), data=restored)
    assert result.returncode == 0, result.stderr
    for sql in (
        "SELECT id, raw FROM sources_record ORDER BY id",
        "SELECT seq, entry_hash FROM audit_auditentry ORDER BY seq",
        "SELECT sha256, storage_name FROM evidence_evidence ORDER BY sha256",
    ):
        assert rows(restored, sql) == rows(data, sql)
    assert rows(data, "SELECT storage_name FROM evidence_evidence")
    # Evidence files sit under keyed names: compare the folders file by file.
    stored = [path for path in (data / "evidence").rglob("*") if path.is_file()]
    assert stored
    for path in stored:
        copy = restored / "evidence" / path.relative_to(data / "evidence")
        assert copy.read_bytes() == path.read_bytes()
    assert (restored / "secret_key").read_text() == (data / "secret_key").read_text()
    assert run_aqiqat("audit", "verify", data_dir=restored).returncode == 0


def test_the_backup_file_reveals_nothing_of_what_it_holds(backed_up) -> None:
    data, backup = backed_up
    content = backup.read_bytes()
    name = rows(data, "SELECT full_name FROM sources_record LIMIT 1")[0][0]
    assert name.encode() not in content
    assert b"SQLite format" not in content
    assert backup.stat().st_mode & 0o077 == 0


def test_a_wrong_passphrase_is_refused_and_restores_nothing(backed_up, tmp_path: Path) -> None:
    _, backup = backed_up
    target = tmp_path / "restored"
    result = run("restore", str(backup), data=target, passphrase="not the passphrase at all")
    assert result.returncode == 2
    assert "wrong passphrase" in result.stderr
    assert not target.exists() or not any(target.iterdir())


def test_a_damaged_backup_is_refused(backed_up, tmp_path: Path) -> None:
    _, backup = backed_up
    damaged = tmp_path / "damaged"
    content = bytearray(backup.read_bytes())
    content[-100] ^= 0xFF
    damaged.write_bytes(bytes(content))
    result = run("backup", "--verify", str(damaged), data=tmp_path / "unused")
    assert result.returncode == 2
    assert "damaged or was altered" in result.stderr


def test_restore_refuses_a_data_folder_that_is_not_empty(backed_up) -> None:
    data, backup = backed_up
    result = run("restore", str(backup), data=data)
    assert result.returncode == 2
    assert "not empty" in result.stderr


def test_a_short_passphrase_is_refused_before_anything_is_written(backed_up, tmp_path) -> None:
    data, _ = backed_up
    out = tmp_path / "weak.aqiqat-backup"
    result = run("backup", "--out", str(out), data=data, passphrase="short")
    assert result.returncode == 2
    assert "at least 12 characters" in result.stderr
    assert not out.exists()


def test_without_a_passphrase_and_no_terminal_the_command_says_how(backed_up, tmp_path) -> None:
    data, _ = backed_up
    assert "AQIQAT_BACKUP_PASSPHRASE" not in os.environ
    result = run_aqiqat("backup", "--out", str(tmp_path / "x"), data_dir=data)
    assert result.returncode == 2
    assert "AQIQAT_BACKUP_PASSPHRASE" in result.stderr
