"""Setting up an instance: data folder, database, first administrator."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from aqiqat.config.environment import Environment, read_environment, write_secret_key
from aqiqat.services.accounts import create_user
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.keyfile import (
    WrongPassphrase,
    check_new_passphrase,
    create_keyfile,
    keyfile_path,
)
from aqiqat.services.crypto.unlocking import unlock_with_passphrase
from aqiqat.services.sync.identity import ensure_identity


class DatabaseUnavailable(Exception):
    """The configured database cannot be reached."""


class InitError(Exception):
    """`init` cannot proceed; nothing was left half-created."""


@dataclass(frozen=True)
class DatabaseState:
    location: str
    initialised: bool
    pending_migrations: int


@dataclass
class InitResult:
    data_dir: Path
    database: str
    admin_username: str
    admin_password: str
    created: list[Path] = field(default_factory=list)


def database_location() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"PostgreSQL {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
    return str(db["NAME"])


def _sqlite_file_missing() -> bool:
    # Connecting would create an empty file, so look before touching it.
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    return connection.vendor == "sqlite" and not in_memory and not Path(name).exists()


def database_state() -> DatabaseState:
    location = database_location()
    if _sqlite_file_missing():
        return DatabaseState(location, initialised=False, pending_migrations=0)
    try:
        connection.ensure_connection()
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseUnavailable(f"cannot reach the database at {location}: {reason}") from exc
    if "django_migrations" not in tables:
        return DatabaseState(location, initialised=False, pending_migrations=0)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return DatabaseState(location, initialised=True, pending_migrations=len(plan))


def check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise InitError(
            f"cannot write to the data folder {directory}: {exc.strerror or exc}"
        ) from exc


def initialise(admin_username: str = "admin", *, passphrase: str) -> InitResult:
    """Create the data folder, its key (wrapped by `passphrase`), the database and the first
    admin; undo everything on failure."""
    env = read_environment()
    try:
        check_new_passphrase(passphrase)
    except ValueError as exc:
        raise InitError(str(exc)) from exc
    state = database_state()
    if state.initialised:
        raise InitError(
            f"Aqiqat is already initialised at {state.location}; nothing was changed "
            "(use `aqiqat user add` for more accounts)"
        )
    created: list[Path] = []
    missing_parent = _first_missing(env.data_dir)
    check_writable(env.data_dir)
    if missing_parent is not None:
        created.append(missing_parent)
    try:
        if not env.secret_key and not env.secret_key_path.exists():
            write_secret_key(env)
            created.append(env.secret_key_path)
        _open_or_create_key(env, passphrase, created)
        if not env.evidence_dir.exists():
            env.evidence_dir.mkdir(mode=0o700)
            created.append(env.evidence_dir)
        # The keys that sign and receive sync bundles (see docs/sync.md).
        created.extend(ensure_identity(env.data_dir))
        if not env.uses_postgresql:
            created.append(env.sqlite_path)
        call_command("migrate", interactive=False, verbosity=0)
        password = secrets.token_urlsafe(12)
        create_user(admin_username, role="admin", password=password, actor=None)
    except BaseException:
        connection.close()
        _remove(created, env)
        raise
    return InitResult(env.data_dir, state.location, admin_username, password, created)


def _open_or_create_key(env: Environment, passphrase: str, created: list[Path]) -> None:
    path = keyfile_path(env.data_dir)
    if path.exists():
        # A folder whose PostgreSQL database is new, or a re-run after a failed init.
        try:
            unlock_with_passphrase(env.data_dir, passphrase)
        except WrongPassphrase as exc:
            raise InitError(f"{path} exists and this passphrase does not open it") from exc
        return
    created.append(path)
    keyring.unlock(create_keyfile(path, passphrase))


def _first_missing(path: Path) -> Path | None:
    missing = None
    while not path.exists():
        missing = path
        path = path.parent
    return missing


def _remove(created: list[Path], env: Environment) -> None:
    for path in reversed(created):
        if path == env.sqlite_path:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    os.sync()
