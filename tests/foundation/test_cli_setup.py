"""`aqiqat init`, `check`, `user` and `serve` on real data folders and databases."""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.cli_process import run_aqiqat

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def test_init_creates_the_data_folder_database_and_prints_the_admin_password_once(
    tmp_path: Path,
) -> None:
    data = tmp_path / "office" / "aqiqat-data"
    result = run_aqiqat("init", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert (data / "aqiqat.sqlite3").is_file()
    assert (data / "secret_key").stat().st_mode & 0o077 == 0
    assert (data / "evidence").is_dir()
    password = re.search(r"password: (\S+)", result.stdout)
    assert password and len(password.group(1)) >= 12
    check = run_aqiqat("check", data_dir=data)
    assert check.returncode == 0, check.stdout + check.stderr
    assert password.group(1) not in check.stdout


def test_the_embedded_database_runs_in_wal_mode(tmp_path: Path) -> None:
    from tests.crypto.folders import open_database

    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    db = open_database(tmp_path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_a_second_init_refuses_and_changes_nothing(tmp_path: Path) -> None:
    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    before = (tmp_path / "secret_key").read_text()
    again = run_aqiqat("init", data_dir=tmp_path)
    assert again.returncode == 2
    assert "already initialised" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    assert (tmp_path / "secret_key").read_text() == before


def test_an_unwritable_data_folder_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_aqiqat("init", data_dir=blocker / "aqiqat-data")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: cannot write to the data folder")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = run_aqiqat("init", data_dir=tmp_path, database_url="mysql://root@localhost/x")
    assert result.returncode == 2
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr
    assert not any(tmp_path.iterdir())


def test_an_unreachable_postgresql_is_one_clear_line_and_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "new"
    result = run_aqiqat(
        "init", data_dir=data, database_url="postgresql://postgres@127.0.0.1:1/aqiqat"
    )
    assert result.returncode == 2
    assert "cannot reach the database at PostgreSQL 127.0.0.1:1/aqiqat" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not data.exists()


@pytest.fixture
def fresh_postgres_database() -> Iterator[str]:
    name = f"aqiqat_cli_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_init_works_on_postgresql_and_refuses_a_second_time(
    tmp_path: Path, fresh_postgres_database: str
) -> None:
    first = run_aqiqat("init", data_dir=tmp_path, database_url=fresh_postgres_database)
    assert first.returncode == 0, first.stderr
    assert "PostgreSQL 127.0.0.1:5432" in first.stdout
    assert not (tmp_path / "aqiqat.sqlite3").exists()
    second = run_aqiqat("init", data_dir=tmp_path, database_url=fresh_postgres_database)
    assert second.returncode == 2
    assert "already initialised" in second.stderr
    added = run_aqiqat(
        "user",
        "add",
        "desk1",
        "--role",
        "tracing_desk",
        data_dir=tmp_path,
        database_url=fresh_postgres_database,
    )
    assert added.returncode == 0, added.stderr
    verify = run_aqiqat("audit", "verify", data_dir=tmp_path, database_url=fresh_postgres_database)
    assert verify.returncode == 0, verify.stdout


def test_commands_before_init_say_to_run_init(tmp_path: Path) -> None:
    result = run_aqiqat("user", "add", "someone", "--role", "viewer", data_dir=tmp_path)
    assert result.returncode == 2
    assert "run `aqiqat init` first" in result.stderr
    assert not (tmp_path / "aqiqat.sqlite3").exists()


def test_adding_a_user_twice_or_with_an_unknown_role_is_refused(tmp_path: Path) -> None:
    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    assert run_aqiqat("user", "add", "amina", "--role", "lawyer", data_dir=tmp_path).returncode == 0
    twice = run_aqiqat("user", "add", "AMINA", "--role", "viewer", data_dir=tmp_path)
    assert twice.returncode == 2
    assert "already exists" in twice.stderr
    unknown = run_aqiqat("user", "add", "x", "--role", "superhero", data_dir=tmp_path)
    assert unknown.returncode == 2
    listing = run_aqiqat("user", "list", data_dir=tmp_path)
    assert "amina" in listing.stdout and "lawyer" in listing.stdout


def test_serve_refuses_a_port_already_in_use(tmp_path: Path) -> None:
    assert run_aqiqat("init", data_dir=tmp_path).returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_aqiqat("serve", "--port", str(port), data_dir=tmp_path)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
