"""Writers in parallel threads still leave one unbroken audit chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.audit.verify import verify_chain
from aqiqat.apps.sources.models import Record
from tests.factories import make_record, make_source


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_leave_an_intact_chain(personas) -> None:
    source = make_source()
    errors: list[BaseException] = []

    def write_many(worker: int) -> None:
        try:
            with acting_as(personas.documenter):
                for i in range(15):
                    make_record(source=source, full_name=f"Писатель {worker}-{i}")
        except BaseException as exc:  # surfaced to the test thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write_many, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Record.objects.count() == 60
    report = verify_chain()
    assert report.intact, report.problem
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
