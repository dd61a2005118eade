"""The search index shared by every thread of a process, kept current from the database.

Each search first reads the records written since the index last looked (on SQLite by
rowid, which grows in commit order because SQLite has one writer at a time), so a record
imported a second ago by another thread, or by another process such as the CLI, is found.
Only what ranking needs is indexed; who may see what is decided when results are read.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from aqiqat.apps.sources.models import Record
from aqiqat.names import parse_name
from aqiqat.search import Entry, SearchIndex

CHUNK = 20_000
FREEZE_AFTER = 50_000
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

    def __init__(self) -> None:
        self.index = SearchIndex()
        self._lock = threading.Lock()
        self._last_rowid = 0
        self._since: Any = None
        self._seen_recently: set[str] = set()

    def current(self) -> SearchIndex:
        with self._lock:
            if connection.vendor == "sqlite":
                self._catch_up_by_rowid()
            else:
                self._catch_up_by_time()
        return self.index

    def _catch_up_by_rowid(self) -> None:
        fresh = (
            Record.objects.annotate(seq=RawSQL('"sources_record"."rowid"', ()))
            .filter(seq__gt=self._last_rowid)
            .order_by("seq")
        )
        last = fresh.values_list("seq", flat=True).last()
        if last is None:
            return
        _settle(self.index.add(entries(fresh.filter(seq__lte=last))))
        self._last_rowid = last

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


def _settle(added: int) -> None:
    """After a large build, take the index out of the garbage collector's full passes:
    walking a million records' objects stalls every thread for most of a second (measured:
    the slowest search of 3,000 fell from 0.66-0.83 s to 0.08 s)."""
    if added >= FREEZE_AFTER:
        gc.freeze()


_live = LiveIndex()


def live_index() -> SearchIndex:
    """The process's index of all records, current as of this call."""
    return _live.current()


def reset_live_index() -> None:
    """Forget everything indexed (tests roll the database back under the index)."""
    global _live
    _live = LiveIndex()
