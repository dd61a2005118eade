"""SQLite through SQLCipher: every page of the database and its WAL is encrypted.

Django's sqlite3 backend is reused as is; only the driver module (sqlcipher3, which
ships its own SQLCipher build), the connection (keyed before anything else runs) and
the cursor class (which must derive from sqlcipher3's cursor) change.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from itertools import tee
from typing import Any

from django.db.backends.sqlite3 import base as sqlite_base
from django.db.backends.sqlite3._functions import register as register_functions
from django.utils.asyncio import async_unsafe
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from sqlcipher3 import dbapi2 as Database

from aqiqat.services.crypto import keyring

DATABASE_KEY_PURPOSE = "database"

# The same conversions Django registers on the standard sqlite3 module.
Database.register_converter("bool", b"1".__eq__)
Database.register_converter("date", sqlite_base.decoder(parse_date))
Database.register_converter("time", sqlite_base.decoder(parse_time))
Database.register_converter("datetime", sqlite_base.decoder(parse_datetime))
Database.register_converter("timestamp", sqlite_base.decoder(parse_datetime))
Database.register_adapter(decimal.Decimal, str)
Database.register_adapter(datetime.date, sqlite_base.adapt_date)
Database.register_adapter(datetime.datetime, sqlite_base.adapt_datetime)


def key_pragma(key: bytes) -> str:
    """`PRAGMA key` with a raw 256-bit key: no passphrase derivation inside SQLCipher."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_keyed(path: str, key: bytes, **params: Any) -> Any:
    """A sqlcipher3 connection to `path`, keyed and checked; DatabaseError if the key is wrong."""
    conn = Database.connect(path, **params)
    try:
        conn.execute(key_pragma(key))
        # SQLCipher reads the first page only now: a wrong key fails here, clearly.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Database.DatabaseError as exc:
        conn.close()
        raise Database.DatabaseError(
            f"the database {path} does not open with this data folder's key: it is not "
            "encrypted yet (run `aqiqat encrypt-existing`) or belongs to another data folder"
        ) from exc
    return conn


class SQLCipherCursorWrapper(Database.Cursor):
    """Django's "format"/"pyformat" parameter styles on a sqlcipher3 cursor."""

    convert_query = sqlite_base.SQLiteCursorWrapper.convert_query

    def execute(self, query: str, params: Any = None) -> Any:
        if params is None:
            return super().execute(query)
        names = list(params) if isinstance(params, Mapping) else None
        return super().execute(self.convert_query(query, param_names=names), params)

    def executemany(self, query: str, param_list: Iterable[Any]) -> Any:
        peek, param_list = tee(iter(param_list))
        first = next(peek, None)
        names = list(first) if first is not None and isinstance(first, Mapping) else None
        return super().executemany(self.convert_query(query, param_names=names), param_list)


class DatabaseWrapper(sqlite_base.DatabaseWrapper):
    vendor = "sqlite"
    display_name = "SQLite (SQLCipher)"
    Database = Database

    @async_unsafe
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        params = dict(conn_params)
        path = params.pop("database")
        conn = open_keyed(path, keyring.subkey(DATABASE_KEY_PURPOSE), **params)
        register_functions(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA legacy_alter_table = OFF")
        # init_commands is set by the parent's get_connection_params (unknown to the stubs).
        for init_command in self.init_commands:  # type: ignore[attr-defined]
            if init_command := init_command.strip():
                conn.execute(init_command)
        return conn

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=SQLCipherCursorWrapper)
