"""`aqiqat backup` and `restore` of a PostgreSQL instance: pg_dump of one snapshot,
encrypted as it streams, restored into a new empty database with nothing lost."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.cli_process import run_aqiqat

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSPHRASE = "fictional office passphrase 2022"
TABLES = (
    "SELECT id, raw FROM sources_record ORDER BY id",
    "SELECT seq, entry_hash FROM audit_auditentry ORDER BY seq",
    "SELECT sha256, storage_name FROM evidence_evidence ORDER BY sha256",
    "SELECT id, enquirer_contact FROM tracing_tracingrequest ORDER BY id",
)


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    names = [f"aqiqat_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    yield tuple(f"postgresql://postgres@127.0.0.1:5432/{name}" for name in names)  # type: ignore[misc]
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def content(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [
            hashlib.sha256(repr(conn.execute(sql).fetchall()).encode()).hexdigest()
            for sql in TABLES
        ]


def run(*args: str, data: Path, url: str):  # type: ignore[no-untyped-def]
    os.environ["AQIQAT_BACKUP_PASSPHRASE"] = PASSPHRASE
    try:
        return run_aqiqat(*args, data_dir=data, database_url=url)
    finally:
        del os.environ["AQIQAT_BACKUP_PASSPHRASE"]


def test_a_postgresql_instance_round_trips_through_an_encrypted_backup(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source, target = databases
    data = tmp_path / "office"
    assert run_aqiqat("init", data_dir=data, database_url=source).returncode == 0
    lists = tmp_path / "lists"
    made = run_aqiqat(
        "demo", "--people", "80", "--files", str(lists), data_dir=data, database_url=source
    )
    assert made.returncode == 0, made.stderr
    mapping = str(lists / "mapping.json")
    imported = run_aqiqat(
        "import", "--mapping", mapping, "--source", "ngo", data_dir=data, database_url=source
    )
    assert imported.returncode == 0, imported.stderr
    with psycopg.connect(source) as conn:
        name = conn.execute("SELECT full_name FROM sources_record LIMIT 1").fetchone()[0]

    out = tmp_path / "office.aqiqat-backup"
    backup = run("backup", "--out", str(out), data=data, url=source)
    assert backup.returncode == 0, backup.stderr
    assert name.encode() not in out.read_bytes()

    restored = tmp_path / "restored"
    result = run("restore", str(out), data=restored, url=target)
    assert result.returncode == 0, result.stderr
    assert content(target) == content(source)
    assert not (restored / "database.pgdump.enc").exists()
    for path in (data / "evidence").rglob("*"):
        if path.is_file():
            copy = restored / "evidence" / path.relative_to(data / "evidence")
            assert copy.read_bytes() == path.read_bytes()
    verify = run_aqiqat("audit", "verify", data_dir=restored, database_url=target)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    again = run("restore", str(out), data=tmp_path / "other", url=target)
    assert again.returncode == 2 and "not empty" in again.stderr
    embedded = run("restore", str(out), data=tmp_path / "embedded", url="")
    assert embedded.returncode == 2 and "PostgreSQL instance" in embedded.stderr
