"""`kill -9` in the middle of an import, a re-link or a backup leaves a database that is
whole: integrity check passes, the audit chain verifies, an import is all there or not at
all, and running the same command again succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat
from tests.crypto.folders import open_database

BACKUP_PASSPHRASE = "fictional backup passphrase 2022"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("office")
    assert run_aqiqat("init", data_dir=data).returncode == 0
    assert run_aqiqat("demo", "--people", "600", data_dir=data).returncode == 0
    lists = tmp_path_factory.mktemp("lists")
    made = run_aqiqat("demo", "--people", "3000", "--files", str(lists), data_dir=data)
    assert made.returncode == 0, made.stderr
    return data, lists / "mapping.json"


def wal_size(data: Path) -> int:
    wal = data / "aqiqat.sqlite3-wal"
    return wal.stat().st_size if wal.exists() else 0


def kill_when(command: list[str], data: Path, started: Callable[[], bool]) -> None:
    """Run `command`, and SIGKILL it as soon as `started()` says it is writing."""
    env = aqiqat_env(data)
    env["AQIQAT_BACKUP_PASSPHRASE"] = BACKUP_PASSPHRASE
    child = subprocess.Popen(
        aqiqat_command(*command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not started() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert child.poll() is None, f"{command[0]} finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def assert_whole(data: Path) -> None:
    db = open_database(data)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
    verified = run_aqiqat("audit", "verify", data_dir=data)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def count(data: Path, sql: str) -> int:
    db = open_database(data)
    try:
        return int(db.execute(sql).fetchone()[0])
    finally:
        db.close()


def test_an_import_killed_half_way_leaves_all_or_nothing(office) -> None:
    data, mapping = office
    records = "SELECT COUNT(*) FROM sources_record r JOIN sources_source s ON r.source_id = s.id"
    before = count(data, records + " WHERE s.name = 'ngo'")
    growth = wal_size(data)
    command = ["import", "--mapping", str(mapping), "--source", "ngo"]
    kill_when(command, data, lambda: wal_size(data) > growth + 256 * 1024)
    assert_whole(data)
    after = count(data, records + " WHERE s.name = 'ngo'")
    done = run_aqiqat(*command, data_dir=data)
    assert done.returncode == 0, done.stderr
    complete = count(data, records + " WHERE s.name = 'ngo'")
    assert after in (before, complete)
    assert_whole(data)


def test_a_relink_killed_half_way_leaves_a_whole_database(office) -> None:
    data, _ = office
    growth = wal_size(data)
    kill_when(["link", "--database"], data, lambda: wal_size(data) > growth + 64 * 1024)
    assert_whole(data)
    assert count(data, "SELECT COUNT(*) FROM sources_record WHERE person_id IS NULL") >= 0
    done = run_aqiqat("link", "--database", data_dir=data)
    assert done.returncode == 0, done.stderr
    assert_whole(data)


def test_a_backup_killed_half_way_leaves_no_backup_that_looks_whole(office, tmp_path) -> None:
    data, _ = office
    out = tmp_path / "office.aqiqat-backup"
    kill_when(
        ["backup", "--out", str(out)],
        data,
        lambda: any(tmp_path.iterdir()),
    )
    assert_whole(data)
    if out.exists():
        env_restore = run_aqiqat("restore", str(out), data_dir=tmp_path / "restored")
        assert env_restore.returncode != 0
