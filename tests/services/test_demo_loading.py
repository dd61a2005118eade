"""Loading the fictional demo world into the database: all of it, audited, or nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.audit.verify import verify_chain
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Place
from aqiqat.apps.sources.models import Record, Source
from aqiqat.apps.tracing.models import TracingRequest
from aqiqat.demo import generate
from aqiqat.services.demo_data import DemoAlreadyLoaded, load_demo
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.django_db


def test_the_demo_loads_every_list_row_as_a_record_with_its_list_id(personas) -> None:
    world = generate(people=150, seed=7)
    summary = load_demo(world, actor=personas.admin)
    rows = sum(len(lst.rows) for lst in world.lists)
    assert summary.records == rows == Record.objects.count()
    assert Source.objects.count() == len(world.lists)
    first = world.lists[0]
    # The raw row is sealed in the database, so it is compared once read back.
    [record] = [
        r
        for r in Record.objects.filter(list_record_id__startswith=f"{first.name}:")
        if r.raw == first.rows[0]
    ]
    assert record.person is not None
    assert Place.objects.filter(gazetteer_id="kz-almaty").exists()
    assert Person.objects.count() == summary.people
    assert Event.objects.count() == summary.events > 0
    assert TracingRequest.objects.count() == summary.tracing_requests


def test_every_demo_row_is_in_the_audit_log_and_the_chain_holds(personas) -> None:
    load_demo(generate(people=60, seed=3), actor=personas.admin)
    record_ids = {str(pk) for pk in Record.objects.values_list("pk", flat=True)}
    audited = set(
        AuditEntry.objects.filter(object_type="sources.record", action="create").values_list(
            "object_id", flat=True
        )
    )
    assert record_ids == audited
    assert verify_chain().intact


def test_the_demo_refuses_a_database_that_already_holds_records(personas) -> None:
    load_demo(generate(people=30, seed=1), actor=personas.admin)
    before = Record.objects.count()
    with pytest.raises(DemoAlreadyLoaded):
        load_demo(generate(people=30, seed=2), actor=personas.admin)
    assert Record.objects.count() == before


def test_a_load_that_fails_half_way_leaves_nothing_behind(personas) -> None:
    world = generate(people=40, seed=5)
    duplicate = dataclasses.replace(world.lists[0])
    world.lists.append(duplicate)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(Exception, match=r"(?i)unique"):
        load_demo(world, actor=personas.admin)
    assert Record.objects.count() == 0
    assert Source.objects.count() == 0
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    assert verify_chain().intact


def test_the_demo_command_loads_once_and_writes_files_on_request(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    first = run_aqiqat("demo", "--people", "50", data_dir=data)
    assert first.returncode == 0, first.stderr
    assert "All names are fictional" in first.stdout
    again = run_aqiqat("demo", "--people", "50", data_dir=data)
    assert again.returncode == 2
    assert "already holds records" in again.stderr
    quiet = run_aqiqat("demo", "--if-empty", data_dir=data)
    assert quiet.returncode == 0
    files = run_aqiqat("demo", "--people", "50", "--files", str(tmp_path / "lists"), data_dir=data)
    assert files.returncode == 0, files.stderr
    assert (tmp_path / "lists" / "mapping.json").is_file()
    assert (tmp_path / "lists" / "truth.csv").is_file()
