"""The hybrid logical clock and sequence counter of this instance.

An HLC reads `<milliseconds, 13 digits>.<counter, 6 digits>.<instance id>`, so comparing
the strings orders versions by time, then counter, then instance: ties between instances
break the same way everywhere.
"""

from __future__ import annotations

import time

from aqiqat.apps.sync.models import Clock


def _parts(hlc: str) -> tuple[int, int]:
    millis, counter, _ = hlc.split(".", 2)
    return int(millis), int(counter)


def _locked() -> Clock:
    clock = Clock.objects.select_for_update().filter(pk=1).first()
    if clock is None:
        Clock.objects.get_or_create(pk=1)
        clock = Clock.objects.select_for_update().get(pk=1)
    return clock


def advance(instance_id: str, seen: str = "") -> tuple[str, int]:
    """A new clock value later than any seen here or in `seen`, and a new sequence number.

    Call inside a transaction: the clock row stays locked until it ends.
    """
    clock = _locked()
    now = int(time.time() * 1000)
    millis, counter = now, 0
    for previous in (clock.hlc, seen):
        if previous:
            p_millis, p_counter = _parts(previous)
            if p_millis > millis or (p_millis == millis and p_counter >= counter):
                millis, counter = p_millis, p_counter + 1
    clock.hlc = f"{millis:013d}.{counter:06d}.{instance_id}"
    clock.seq += 1
    clock.save(update_fields=["hlc", "seq"])
    return clock.hlc, clock.seq


def current_seq() -> int:
    clock = Clock.objects.filter(pk=1).first()
    return clock.seq if clock else 0
