"""Cases and complaints made by the previous schema get their status, answer date and
search text when case work's migrations run."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0003_status_change_documents"), ("people", "0002_relations_across_apps")]
AFTER = [("cases", "0007_search_text_as_keys")]


@pytest.mark.django_db(transaction=True)
def test_cases_from_the_previous_schema_get_their_latest_status_and_search_text() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    person = old.get_model("people", "Person").objects.create(
        id=uuid.uuid4(), display_name="Серікбаев Ерлан", display_name_latin="Serikbaev Erlan"
    )
    case = old.get_model("cases", "Case").objects.create(
        id=uuid.uuid4(), number="227500000042", authority="prosecutor", opened_on=date(2022, 2, 1)
    )
    change = old.get_model("cases", "CaseStatusChange")
    change.objects.create(id=uuid.uuid4(), case=case, status="registered", on=date(2022, 2, 1))
    change.objects.create(id=uuid.uuid4(), case=case, status="suspended", on=date(2022, 5, 1))
    complaint = old.get_model("cases", "Complaint").objects.create(
        id=uuid.uuid4(),
        person=person,
        filed_by="Серікбаева Гүлнар",
        authority="prosecutor",
        filed_on=date(2022, 1, 20),
        case=case,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    migrated_case = new.get_model("cases", "Case").objects.get(pk=case.pk)
    migrated = new.get_model("cases", "Complaint").objects.get(pk=complaint.pk)
    assert (migrated_case.status, migrated_case.status_on) == ("suspended", date(2022, 5, 1))
    assert "serikbaev" in migrated_case.search_text
    assert "227500000042" in migrated.search_text
    assert migrated.answer_due_on == date(2022, 2, 19)
    assert migrated.version == 1
    # Leave the database at the latest schema for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
