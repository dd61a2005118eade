"""A backup taken while another process keeps writing is one consistent state: it
restores, its audit chain verifies, and it holds exactly what was committed before it."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.cli_process import aqiqat_env, run_aqiqat
from tests.crypto.folders import open_database

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "fictional office passphrase 2022"


def table_hash(data: Path, sql: str) -> tuple[int, str]:
    with open_database(data) as db:
        rows = db.execute(sql).fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def last_seq(data: Path) -> int:
    with open_database(data) as db:
        return int(db.execute("SELECT max(seq) FROM audit_auditentry").fetchone()[0])


def test_a_backup_taken_during_writes_is_consistent_and_loses_nothing_committed(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "150", data_dir=data).returncode == 0
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.crypto.writer", str(stop)],
        cwd=REPO,
        env=aqiqat_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        for _ in range(3):  # the writer is under way before the backup starts
            assert writer.stdout.readline(), writer.stderr.read() if writer.stderr else ""
        before = last_seq(data)
        os.environ["AQIQAT_BACKUP_PASSPHRASE"] = PASSPHRASE
        try:
            out = tmp_path / "office.aqiqat-backup"
            made = run_aqiqat("backup", "--out", str(out), data_dir=data)
            assert made.returncode == 0, made.stderr
            time.sleep(0.5)
        finally:
            stop.touch()
            writer.communicate(timeout=60)
        restored = tmp_path / "restored"
        try:
            result = run_aqiqat("restore", str(out), data_dir=restored)
        finally:
            del os.environ["AQIQAT_BACKUP_PASSPHRASE"]
        assert result.returncode == 0, result.stderr
    finally:
        stop.touch()
        if writer.poll() is None:
            writer.kill()
    at = re.search(r"audit log at #(\d+)", made.stdout.replace("\n", " "))
    assert at
    snapshot_seq = int(at.group(1))
    # Writes went on before and after the snapshot: the backup was taken mid-stream.
    assert before < snapshot_seq < last_seq(data)
    assert run_aqiqat("audit", "verify", data_dir=restored).returncode == 0
    assert last_seq(restored) == snapshot_seq
    # Everything committed up to the snapshot is there, byte for byte.
    upto = f"WHERE seq <= {snapshot_seq}"
    for sql in (
        f"SELECT seq, entry_hash FROM audit_auditentry {upto} ORDER BY seq",
        "SELECT id, raw FROM sources_record ORDER BY id",
        "SELECT sha256, storage_name FROM evidence_evidence ORDER BY sha256",
    ):
        assert table_hash(restored, sql) == table_hash(data, sql)
    writers = "SELECT username FROM accounts_user WHERE username LIKE 'writer-%' ORDER BY id"
    with open_database(restored) as db:
        kept = {row[0] for row in db.execute(writers)}
    with open_database(data) as db:
        all_written = {row[0] for row in db.execute(writers)}
    assert kept and kept < all_written
    for name in (data / "evidence").rglob("*"):
        if name.is_file():
            copy = restored / "evidence" / name.relative_to(data / "evidence")
            assert copy.read_bytes() == name.read_bytes()
