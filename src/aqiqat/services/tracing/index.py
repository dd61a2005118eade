"""The search index shared by every thread of a process, kept current from the database.

Each search first reads the records written since the index last looked (on SQLite by
rowid, which grows in commit order because SQLite has one writer at a time), so a record
imported a second ago by another thread, or by another process such as the CLI, is found.
Only what ranking needs is indexed; who may see what is decided when results are read.
"""

from __future__ import annotations

import gc
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from aqiqat.apps.sources.models import Record
from aqiqat.names import parse_name
from aqiqat.search import Entry, SearchIndex, snapshot
from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.stream import DamagedFile, EncryptingWriter, open_decrypted

logger = logging.getLogger(__name__)

CHUNK = 20_000
FREEZE_AFTER = 50_000
# After reading this many records at once the index is saved, for the next process.
SNAPSHOT_AFTER = 50_000
SNAPSHOT_NAME = "search-index.bin"
SNAPSHOT_KEY_PURPOSE = "search-index"
# Without rowids (PostgreSQL) records are read by creation time; a transaction may commit
# records created before others already read, so this far back is read again.
LOOKBACK = timedelta(hours=1)
_FIELDS = (
    "id",
    "full_name",
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "birth_year_min",
    "birth_year_max",
    "place__gazetteer_id",
)


def entries(records: QuerySet[Record]) -> Iterator[Entry]:
    for pk, full_name, surname, given, patronymic, sex, low, high, place in records.values_list(
        *_FIELDS
    ).iterator(chunk_size=CHUNK):
        if not (surname or given or patronymic):
            # Records written before their name was split into parts.
            parts = parse_name(full_name).parts_text()
            surname, given, patronymic = (
                parts[k] or "" for k in ("surname", "given", "patronymic")
            )
        yield Entry(
            str(pk),
            surname,
            given,
            patronymic,
            sex if sex in ("M", "F") else "",
            low,
            high,
            place or "",
        )


def index_of(records: QuerySet[Record]) -> SearchIndex:
    """A fresh index of some records (new ones to match against open enquiries)."""
    index = SearchIndex()
    index.add(entries(records))
    return index


class LiveIndex:
    """An index of every record, caught up with the database before each use."""

    def __init__(self, snapshot: Path | None = None) -> None:
        self.index = SearchIndex()
        self._lock = threading.Lock()
        self._last_rowid = 0
        self._since: Any = None
        self._seen_recently: set[str] = set()
        self._snapshot = snapshot

    def current(self) -> SearchIndex:
        with self._lock:
            if connection.vendor == "sqlite":
                if self._last_rowid == 0 and self._snapshot is not None:
                    self._load_snapshot(self._snapshot)
                self._catch_up_by_rowid()
            else:
                self._catch_up_by_time()
        return self.index

    def _catch_up_by_rowid(self) -> None:
        fresh = _by_rowid().filter(seq__gt=self._last_rowid).order_by("seq")
        last = fresh.values_list("seq", flat=True).last()
        if last is None:
            return
        added = self.index.add(entries(fresh.filter(seq__lte=last)))
        self._last_rowid = last
        _settle(added)
        if added >= SNAPSHOT_AFTER and self._snapshot is not None:
            self._save_snapshot(self._snapshot)

    def _save_snapshot(self, path: Path) -> None:
        meta = {"rowid": self._last_rowid, **_fingerprint(self._last_rowid)}
        try:
            _save_encrypted(self.index, path, meta)
        except (OSError, snapshot.SnapshotError) as exc:
            logger.warning("search index not saved to %s: %s", path, exc)

    def _load_snapshot(self, path: Path) -> None:
        """Start from the saved index if it is of this database as it is now."""
        try:
            index, meta = _load_encrypted(path)
        except FileNotFoundError:
            return
        except (OSError, snapshot.SnapshotError, DamagedFile) as exc:
            logger.warning("search index at %s not used: %s", path, exc)
            return
        rowid = meta.get("rowid")
        if not isinstance(rowid, int) or meta != {"rowid": rowid, **_fingerprint(rowid)}:
            logger.warning("search index at %s is of another database state; rebuilding", path)
            return
        self.index = index
        self._last_rowid = rowid

    def _catch_up_by_time(self) -> None:
        now = timezone.now()
        fresh = Record.objects.all()
        if self._since is not None:
            fresh = fresh.filter(created_at__gte=self._since - LOOKBACK)
        new = [e for e in entries(fresh) if e.record_id not in self._seen_recently]
        _settle(self.index.add(new))
        self._seen_recently = set(
            str(pk)
            for pk in Record.objects.filter(created_at__gte=now - LOOKBACK).values_list(
                "pk", flat=True
            )
        )
        self._since = now


def _by_rowid() -> QuerySet[Any]:
    # Typed loosely: the type checker cannot follow the annotation through a return.
    return Record.objects.annotate(seq=RawSQL('"sources_record"."rowid"', ()))


def _fingerprint(rowid: int) -> dict[str, Any]:
    """What a saved index must agree with: the last record it holds and how many precede
    it, so that a restored or replaced database is not searched with a stale index."""
    up_to = _by_rowid().filter(seq__lte=rowid)
    last = up_to.filter(seq=rowid).values_list("pk", flat=True).first()
    return {"record": str(last) if last else None, "records": up_to.count()}


def _settle(added: int) -> None:
    """After a large build, take the index out of the garbage collector's full passes:
    walking a million records' objects stalls every thread for most of a second (measured:
    the slowest search of 3,000 fell from 0.66-0.83 s to 0.08 s)."""
    if added >= FREEZE_AFTER:
        gc.freeze()


def _save_encrypted(index: SearchIndex, path: Path, meta: dict[str, Any]) -> None:
    """The index holds every name: it is written encrypted, through a temporary file that
    is itself ciphertext, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            writer = EncryptingWriter(keyring.subkey(SNAPSHOT_KEY_PURPOSE), out)
            snapshot.write(index, cast(BinaryIO, writer), meta)
            writer.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load_encrypted(path: Path) -> tuple[SearchIndex, dict[str, Any]]:
    with path.open("rb") as source:
        return snapshot.read(open_decrypted(keyring.subkey(SNAPSHOT_KEY_PURPOSE), source))


def snapshot_path() -> Path:
    return Path(settings.AQIQAT_DATA_DIR) / SNAPSHOT_NAME


_live = LiveIndex(snapshot_path())


def live_index() -> SearchIndex:
    """The process's index of all records, current as of this call."""
    return _live.current()


def reset_live_index() -> None:
    """Forget everything indexed (tests roll the database back under the index)."""
    global _live
    _live = LiveIndex(snapshot_path())
