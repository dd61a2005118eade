"""Who may export what: roles decide the records and the sensitive fields; exports are audited."""

from __future__ import annotations

import pytest

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.selectors.records import RecordFilters, records_visible_to
from aqiqat.services.exports import prepare_export
from tests.exports.conftest import PFIF, World, content, read_any, read_json, read_pfif

pytestmark = pytest.mark.django_db
SENSITIVE = {"testimony", "medical_details", "informant_contact"}


def exports_of(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="export", actor=user))


@pytest.mark.parametrize("role", ["viewer", "tracing_desk"])
def test_roles_without_the_right_to_read_records_export_nothing(
    personas, world: World, role
) -> None:
    user = getattr(personas, role)
    assert not records_visible_to(user).exists()
    export = prepare_export(user, "json", include_sensitive=True)
    assert export.count == 0
    assert read_json(content(export)) == []


def test_the_outsider_exports_nothing(personas, world: World) -> None:
    assert not records_visible_to(personas.outsider).exists()
    for file_format in ("csv", "xlsx", "json", "hxl"):
        export = prepare_export(personas.outsider, file_format, include_sensitive=True)
        assert read_any(file_format, content(export)) == []
    assert read_pfif(content(prepare_export(personas.outsider, "pfif"))) == []


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json", "hxl"])
def test_an_analyst_never_gets_sensitive_fields_even_when_asking(
    personas, world: World, file_format
) -> None:
    export = prepare_export(personas.analyst, file_format, include_sensitive=True)
    data = content(export)
    rows = read_any(file_format, data)
    assert len(rows) == len(world.current_ids)
    assert not SENSITIVE & set(rows[0])
    assert "Избили".encode() not in data
    assert b"2233" not in data
    assert exports_of(personas.analyst)[0].detail["fields"] == []


def test_a_lawyer_gets_testimony_and_medical_details_but_no_contacts(
    personas, world: World
) -> None:
    rows = read_json(content(prepare_export(personas.lawyer, "json", include_sensitive=True)))
    row = next(r for r in rows if r["record_id"] == "ngo-list:1")
    assert row["testimony"] == "Избили в коридоре."
    assert row["medical_details"] == "перелом ребра"
    assert "informant_contact" not in row
    assert exports_of(personas.lawyer)[0].detail["fields"] == ["testimony", "medical_details"]


@pytest.mark.parametrize("role", ["documenter", "admin"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json", "hxl"])
def test_documenters_and_admins_get_every_sensitive_field_and_it_is_audited(
    personas, world: World, role, file_format
) -> None:
    user = getattr(personas, role)
    export = prepare_export(user, file_format, include_sensitive=True)
    rows = {r["record_id"]: r for r in read_any(file_format, content(export))}
    row = rows["ngo-list:1"]
    assert row["testimony"] == "Избили в коридоре."
    assert row["medical_details"] == "перелом ребра"
    # A phone number starts with "+", so spreadsheets get it with the quote in front.
    phone = "+7 701 111 2233" if file_format == "json" else "'+7 701 111 2233"
    assert row["informant_contact"] == phone
    entry = exports_of(user)[-1]
    assert entry.actor_name == user.get_username()
    assert entry.object_type == "sources.record"
    assert entry.detail["format"] == file_format
    assert entry.detail["fields"] == ["testimony", "medical_details", "informant_contact"]
    assert entry.detail["records"] == len(world.current_ids) == len(rows)


def test_sensitive_fields_stay_out_unless_asked_for(personas, world: World) -> None:
    rows = read_json(content(prepare_export(personas.documenter, "json")))
    assert not SENSITIVE & set(rows[0])
    assert exports_of(personas.documenter)[0].detail["fields"] == []


def test_pfif_carries_testimony_only_and_audits_just_that(personas, world: World) -> None:
    data = content(prepare_export(personas.documenter, "pfif", include_sensitive=True))
    persons = {p.find(f"{PFIF}person_record_id").text: p for p in read_pfif(data)}
    person = persons["aqiqat.invalid/ngo-list:1"]
    assert person.find(f"{PFIF}description").text == "Избили в коридоре."
    assert "перелом".encode() not in data
    assert b"2233" not in data
    assert exports_of(personas.documenter)[0].detail["fields"] == ["testimony"]


def test_retracted_and_superseded_records_are_left_out(personas, world: World) -> None:
    for role in ("analyst", "documenter", "admin"):
        rows = read_json(content(prepare_export(getattr(personas, role), "json")))
        names = {row["full_name"] for row in rows}
        assert "ОШИБОЧНАЯ ЗАПИСЬ" not in names
        assert "Ким Олег (old spelling)" not in names
        assert "Ким Олег" in names


def test_only_an_admin_may_ask_for_retracted_and_superseded_records(personas, world: World) -> None:
    everything = RecordFilters(include_retracted=True, include_superseded=True)
    admin = read_json(content(prepare_export(personas.admin, "json", everything)))
    rows = {row["full_name"]: row for row in admin}
    assert rows["ОШИБОЧНАЯ ЗАПИСЬ"]["retraction_reason"] == "entered twice"
    assert rows["ОШИБОЧНАЯ ЗАПИСЬ"]["retracted_at"]
    assert rows["Ким Олег"]["retracted_at"] == ""
    assert "Ким Олег (old spelling)" in rows
    documenter = read_json(content(prepare_export(personas.documenter, "json", everything)))
    assert {row["full_name"] for row in documenter} == {
        row["full_name"] for row in read_json(content(prepare_export(personas.documenter, "json")))
    }
    assert "retracted_at" not in documenter[0]


def test_a_retracted_correction_brings_back_the_record_it_replaced(
    personas, world: World, acting
) -> None:
    world.correction.retract(acting, "the correction itself was wrong")
    names = {
        row["full_name"] for row in read_json(content(prepare_export(personas.analyst, "json")))
    }
    assert "Ким Олег (old spelling)" in names
    assert "Ким Олег" not in names


def test_records_of_a_retracted_source_are_left_out(personas, world: World, acting) -> None:
    world.formulas[0].source.retract(acting, "the whole list was fabricated")
    rows = read_json(content(prepare_export(personas.analyst, "json")))
    assert "relatives" not in {row["source"] for row in rows}
    admin = read_json(
        content(prepare_export(personas.admin, "json", RecordFilters(include_retracted=True)))
    )
    assert "relatives" in {row["source"] for row in admin}


def test_every_export_is_audited_with_its_filters(personas, world: World) -> None:
    prepare_export(personas.analyst, "csv", RecordFilters(source="relatives", status="missing"))
    entry = exports_of(personas.analyst)[0]
    assert entry.detail["records"] == 6
    assert entry.detail["filters"]["source"] == "relatives"
    assert entry.detail["filters"]["status"] == "missing"
