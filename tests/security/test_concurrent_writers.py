"""Twenty writers at once on the embedded database: nobody sees "database is locked", no
write is lost and the audit chain stays whole."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aqiqat.apps.audit.verify import verify_chain

WRITERS = 20
WRITES_EACH = 5


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_all_succeed_and_the_chain_holds(personas) -> None:
    from aqiqat.apps.tracing.models import TracingRequest
    from aqiqat.services.tracing.enquiries import EnquiryDetails, register_request

    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(number: int) -> None:
        try:
            start.wait()
            for step in range(WRITES_EACH):
                register_request(
                    personas.tracing_desk,
                    EnquiryDetails(
                        enquirer_name=f"Вымышленная Мать {number}-{step}",
                        sought_name="Тестов Вымышлен",
                    ),
                )
        except BaseException as exc:  # every failure is reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert TracingRequest.objects.count() == WRITERS * WRITES_EACH
    report = verify_chain()
    assert report.intact, report.problem
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
