"""Keeping the aggregate counts exact as persons and events change, without recounting.

A service that changes persons or their events wraps the change in `counts_kept(ids)`:
the persons' contributions are read before and after, and the difference is added to the
count cells in the same transaction. Services that change many persons at once (a full
re-link, a demo load) call `recount()` at the end instead; a sync import, which knows its
persons only from the bundle's rows, uses `counts_kept_for`. When a write that does
neither came in between, the cells are no longer exact; the next kept change then
recounts everything once, and until then pages count from the persons themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F

from aqiqat.apps.audit.models import AuditHead
from aqiqat.apps.people.models import CountCell, CountStamp
from aqiqat.selectors.count_cells import Contribution, contributions, exact_at, stamp


def _head_seq() -> int:
    """The latest audit entry's number, holding the chain so writers take turns."""
    seq = AuditHead.objects.select_for_update().filter(pk=1).values_list("last_seq", flat=True)
    return seq.first() or 0


def _stamp_now() -> None:
    CountStamp.objects.update_or_create(pk=1, defaults={"seq": _head_seq()})


def _add(delta: Contribution) -> None:
    for (name, key), n in delta.items():
        if n == 0:
            continue
        updated = CountCell.objects.filter(name=name, key=key).update(n=F("n") + n)
        if not updated:
            CountCell.objects.create(name=name, key=key, n=n)
    CountCell.objects.filter(n=0).delete()


@dataclass
class _Keeping:
    ids: set[Any]
    before: Contribution | None  # None: the counts were not exact to begin with


_keeping: ContextVar[_Keeping | None] = ContextVar("aqiqat_counts_keeping", default=None)


@contextmanager
def counts_kept(*person_ids: Any) -> Iterator[set[Any]]:
    """Keep the counts exact across a change to these persons.

    Persons the change creates are added to the yielded set by the caller. Inside another
    `counts_kept` (a service calling another), the persons join the outer one, which
    settles the difference once at its end.
    """
    ids = {pk for pk in person_ids if pk is not None}
    outer = _keeping.get()
    if outer is not None:
        new = ids - outer.ids
        if new and outer.before is not None:
            outer.before.update(contributions(new))
        outer.ids |= new
        yield outer.ids
        return
    with transaction.atomic():
        _head_seq()
        keeping = _Keeping(ids, contributions(ids) if exact_at(stamp()) else None)
        token = _keeping.set(keeping)
        try:
            yield keeping.ids
        finally:
            _keeping.reset(token)
        if keeping.before is None:
            recount()
            return
        delta: Contribution = Counter(contributions(keeping.ids))
        delta.subtract(keeping.before)
        _add(delta)
        _stamp_now()


@contextmanager
def counts_kept_for(find_persons: Callable[[], set[Any]], limit: int) -> Iterator[None]:
    """Keep the counts across a change whose persons are known only by looking at the data
    (a sync bundle's rows): they are looked up under the writers' lock, so no one moves
    them in between. With none, the counts stay as they are (even when not exact: a
    bundle of cases alone should not pay for a recount); past `limit` persons, everything
    is counted again at the end."""
    with transaction.atomic():
        _head_seq()
        persons = find_persons()
        if not persons:
            yield
            return
        if len(persons) > limit:
            yield
            recount()
            return
        with counts_kept(*persons):
            yield


def recount() -> None:
    """Count every person again and keep the result (after changes to many persons)."""
    with transaction.atomic():
        _head_seq()
        cells = contributions()
        CountCell.objects.all().delete()
        CountCell.objects.bulk_create(
            [CountCell(name=name, key=key, n=n) for (name, key), n in cells.items() if n],
            batch_size=2000,
        )
        _stamp_now()
