"""Typed settings read from the environment; a bad value stops start-up with one clear line."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_FILE_NAME = "aqiqat.sqlite3"
SECRET_KEY_FILE_NAME = "secret_key"  # noqa: S105 - a file name, not a secret
EVIDENCE_DIR_NAME = "evidence"


class ConfigError(Exception):
    """The configuration cannot work; the message is one line a user can act on."""


@dataclass(frozen=True)
class Environment:
    data_dir: Path
    database_url: str | None
    secret_key: str | None
    debug: bool
    allowed_hosts: tuple[str, ...]

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / SQLITE_FILE_NAME

    @property
    def secret_key_path(self) -> Path:
        return self.data_dir / SECRET_KEY_FILE_NAME

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / EVIDENCE_DIR_NAME

    @property
    def uses_postgresql(self) -> bool:
        return self.database_url is not None

    def database_settings(self) -> dict[str, Any]:
        if self.database_url is None:
            return {
                # Django's sqlite3 backend over SQLCipher, keyed from the data key.
                "ENGINE": "aqiqat.config.sqlcipher",
                "NAME": str(self.sqlite_path),
                "OPTIONS": {
                    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
                    # instead of failing half-way with "database is locked".
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": (
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                    ),
                },
                # A file, not memory, so tests see WAL and locking as production does.
                "TEST": {
                    "NAME": str(Path(tempfile.gettempdir()) / f"aqiqat-test-{os.getpid()}.sqlite3")
                },
            }
        return parse_database_url(self.database_url)


def parse_database_url(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ConfigError(f"DATABASE_URL is not a valid database URL ({exc})") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ConfigError(
            "DATABASE_URL must be a PostgreSQL URL such as "
            "postgresql://user@127.0.0.1:5432/aqiqat (leave it unset for the embedded SQLite)"
        )
    if not config.get("NAME"):
        raise ConfigError("DATABASE_URL names no database: add one after the last '/'")
    options: dict[str, Any] = dict(config.get("OPTIONS") or {})
    options.setdefault("connect_timeout", 5)
    config["OPTIONS"] = options
    return config


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def read_environment() -> Environment:
    data_dir = Path(os.environ.get("AQIQAT_DATA_DIR") or "aqiqat-data").expanduser().resolve()
    database_url = os.environ.get("DATABASE_URL") or None
    hosts = os.environ.get("AQIQAT_ALLOWED_HOSTS", "")
    allowed = tuple(h.strip() for h in hosts.split(",") if h.strip())
    return Environment(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=os.environ.get("AQIQAT_SECRET_KEY") or None,
        debug=_flag("AQIQAT_DEBUG", False),
        allowed_hosts=allowed or ("127.0.0.1", "localhost", "[::1]"),
    )


def load_secret_key(env: Environment) -> str:
    """The key from AQIQAT_SECRET_KEY or the data folder's secret file."""
    if env.secret_key:
        return env.secret_key
    path = env.secret_key_path
    if not path.exists():
        # Before `aqiqat init` there is no key; a throw-away one lets `init` and `check`
        # run, and sessions signed with it die with the process.
        return "uninitialised-" + secrets.token_urlsafe(32)
    try:
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the secret key file {path}: {exc.strerror}") from exc
    if len(key) < 32:
        raise ConfigError(f"the secret key in {path} is too short (at least 32 characters)")
    return key


def write_secret_key(env: Environment) -> None:
    path = env.secret_key_path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
