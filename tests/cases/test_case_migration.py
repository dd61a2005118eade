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


def stored(table: str, column: str, pk: uuid.UUID) -> str:
    with connection.cursor() as cursor:
        key = pk.hex if connection.vendor == "sqlite" else pk
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [key])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_case_texts_and_evidence_names_from_the_previous_schema_are_sealed_and_still_found() -> (
    None
):
    before = [("cases", "0008_dashboard_count_indexes"), ("evidence", "0002_relations_across_apps")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("people", "Person").objects.create(
        id=uuid.uuid4(), display_name="Серікбаев Ерлан", display_name_latin="Serikbaev Erlan"
    )
    case = old.get_model("cases", "Case").objects.create(
        id=uuid.uuid4(), number="227500000042", authority="prosecutor"
    )
    change = old.get_model("cases", "CaseStatusChange").objects.create(
        id=uuid.uuid4(), case=case, status="registered", on=date(2022, 2, 1), note="Опрошен врач"
    )
    complaint = old.get_model("cases", "Complaint").objects.create(
        id=uuid.uuid4(),
        person=person,
        filed_by="Серікбаева Гүлнар",
        authority="prosecutor",
        filed_on=date(2022, 1, 20),
        summary="Избит в ИВС",
        answer_note="Отказано",
        case=case,
        search_text="serikbaev erlan serikbaeva gulnar izbit v ivs 227500000042",
    )
    evidence = old.get_model("evidence", "Evidence").objects.create(
        id=uuid.uuid4(),
        sha256="0" * 64,
        size=1,
        media_type="image/jpeg",
        original_name="побои_Серікбаев.jpg",
        storage_name="x",
        description="Снимок побоев",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from aqiqat.apps.cases.models import CaseStatusChange, Complaint
    from aqiqat.apps.evidence.models import Evidence
    from aqiqat.selectors.case_text import text_filter
    from aqiqat.services.crypto.values import PREFIX

    for table, column, pk in (
        ("cases_complaint", "summary", complaint.pk),
        ("cases_complaint", "answer_note", complaint.pk),
        ("cases_casestatuschange", "note", change.pk),
        ("evidence_evidence", "original_name", evidence.pk),
        ("evidence_evidence", "description", evidence.pk),
    ):
        assert stored(table, column, pk).startswith(PREFIX), (table, column)
    migrated = Complaint.objects.get(pk=complaint.pk)
    assert (migrated.summary, migrated.answer_note) == ("Избит в ИВС", "Отказано")
    assert "izbit" not in migrated.search_text and "serikbaev" in migrated.search_text
    assert CaseStatusChange.objects.get(pk=change.pk).note == "Опрошен врач"
    assert Evidence.objects.get(pk=evidence.pk).original_name == "побои_Серікбаев.jpg"
    for query in ("избит", "отказано", "Serikbaev ivs", "0042"):
        assert Complaint.objects.filter(text_filter(query, Complaint)).count() == 1, query

    # Going back opens the values and puts the summary's words back as keys.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(before)
    assert stored("cases_complaint", "summary", complaint.pk) == "Избит в ИВС"
    assert stored("evidence_evidence", "description", evidence.pk) == "Снимок побоев"
    assert "izbit" in stored("cases_complaint", "search_text", complaint.pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Complaint.objects.filter(text_filter("избит", Complaint)).count() == 1
