"""How many searches each user ran this minute, counted across threads and processes.

The counts live in a small SQLite file in the data folder, so every server process and
thread of the machine shares them without a cache server, and SQLite's write lock makes
each count exact. Users are stored as a keyed hash and only the current window's counts
are kept: the file says nothing about who searched what, or when beyond this minute.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

RATE_FILE = "search-rate.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS searches ("
    " who TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,"
    " PRIMARY KEY (who, window))"
)
_COUNT = (
    "INSERT INTO searches (who, window, count) VALUES (?, ?, 1)"
    " ON CONFLICT (who, window) DO UPDATE SET count = count + 1 RETURNING count"
)


def count_search(user_pk: Any, window_seconds: int, now: float | None = None) -> int:
    """Count one more search by the user in the current window; returns the count so far.

    If the file cannot be written (a read-only or damaged data folder) the count falls
    back to this process's cache rather than refusing every search.
    """
    window = int((time.time() if now is None else now) // window_seconds)
    who = hmac.new(settings.SECRET_KEY.encode(), str(user_pk).encode(), hashlib.sha256).hexdigest()[
        :32
    ]
    try:
        return _count_in_file(Path(settings.AQIQAT_DATA_DIR) / RATE_FILE, who, window)
    except sqlite3.Error as exc:
        logger.warning("search counts kept per process: %s", exc)
        key = f"search-rate:{who}:{window}"
        cache.add(key, 0, window_seconds * 2)
        return cache.incr(key)


def _count_in_file(path: Path, who: str, window: int) -> int:
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        # A lost count after a power cut is harmless; waiting for the disk on every search
        # is not.
        db.execute("PRAGMA synchronous = OFF")
        db.execute(_SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM searches WHERE window < ?", (window,))
            (count,) = db.execute(_COUNT, (who, window)).fetchone()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(count)
    finally:
        db.close()
