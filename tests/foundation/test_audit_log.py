"""Every write is in a hash-chained audit log that detects tampering."""

from __future__ import annotations

import pytest
from django.db import connection

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.audit.verify import verify_chain
from aqiqat.cli.main import main
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_creating_updating_and_retracting_each_write_an_entry_with_the_actor(acting) -> None:
    record = make_record()
    record.retract(acting, "duplicate entry typed twice")
    entries = AuditEntry.objects.filter(object_id=str(record.pk)).order_by("seq")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].detail == {"fields": ["retracted_at", "retracted_by_id", "retraction_reason"]}
    assert {e.actor for e in entries} == {acting}


def test_an_intact_log_verifies(acting) -> None:
    make_record()
    report = verify_chain()
    assert report.intact, report.problem
    assert report.entries == AuditEntry.objects.count() > 0


def test_an_edited_audit_row_is_detected(acting) -> None:
    record = make_record()
    target = AuditEntry.objects.get(object_id=str(record.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_name = %s WHERE id = %s",
            ["someone-else", target.id.hex if connection.vendor == "sqlite" else target.id],
        )
    report = verify_chain()
    assert not report.intact
    assert f"#{target.seq} was altered" in (report.problem or "")


def test_a_removed_audit_row_is_detected(acting) -> None:
    make_record()
    make_record(full_name="Ким Ольга")
    first = AuditEntry.objects.order_by("seq").first()
    assert first is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [first.seq + 1])
    assert not verify_chain().intact


def test_a_truncated_tail_is_detected(acting) -> None:
    make_record()
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    report = verify_chain()
    assert not report.intact
    assert "removed" in (report.problem or "")


def test_the_audit_verify_command_fails_on_a_tampered_log(acting, capsys) -> None:
    record = make_record()
    assert main(["audit", "verify"]) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET action = %s WHERE object_id = %s",
            ["view", str(record.pk)],
        )
    assert main(["audit", "verify"]) == 1
    assert "altered" in capsys.readouterr().out
