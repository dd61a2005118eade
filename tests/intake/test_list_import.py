"""Importing lists: dry run first, all or nothing, re-imports recognised, versions superseded."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from django.utils import translation

from aqiqat.apps.audit.verify import verify_chain
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.sources.models import ImportBatch, Record, Source
from aqiqat.lists import ListSpec
from aqiqat.services.evidence import evidence_chunks, evidence_path
from aqiqat.services.intake.list_import import (
    ImportRefused,
    import_list,
    preview_import,
    spec_for,
)

pytestmark = pytest.mark.django_db

COLUMNS = {"record_id": "№", "full_name": "ФИО", "birth_date": "Дата рождения", "place": "Место"}
HEADER = "№;ФИО;Дата рождения;Место"


def write(path: Path, lines: list[str], encoding: str = "cp1251") -> Path:
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def evidence_dir(settings, tmp_path: Path) -> Path:
    settings.AQIQAT_EVIDENCE_DIR = tmp_path / "evidence"
    return tmp_path / "evidence"


def test_the_dry_run_lists_each_problem_with_row_column_and_reason(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        [
            "1;ТОКАЕВ НУРЛАН;31.01.1995;г. Алматы",
            "2;;01.01.1990;Алматы",
            "3;КИМ ОЛЬГА;32.13.1990;",
            "3;ЛИ АННА;;",
            "5;ПАК ИГОРЬ;;Алматы;лишняя ячейка",
        ],
    )
    preview = preview_import(ListSpec("prosecutor", path, None, COLUMNS))
    assert (preview.rows_read, preview.rows_valid, preview.rows_invalid) == (5, 3, 2)
    by_row = {(i.row, i.column): i for i in preview.issues}
    assert not by_row[(2, "ФИО")].blocking
    assert "no name" in by_row[(2, "ФИО")].reason
    assert by_row[(4, "№")].blocking
    assert "already used by row 3" in by_row[(4, "№")].reason
    assert by_row[(5, "(whole row)")].blocking
    assert "more cells are filled than the header has columns" in by_row[(5, "(whole row)")].reason
    assert not by_row[(3, "Дата рождения")].blocking
    assert "32.13.1990" in by_row[(3, "Дата рождения")].reason
    assert preview.preview[0]["latin"] == "TOKAEV NURLAN"
    assert preview.preview[0]["place_id"] == "kz-almaty"
    assert Record.objects.count() == 0


def test_the_dry_run_gives_each_reason_in_the_users_language(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        [
            "1;;01.01.1990;",
            "2;КИМ ОЛЬГА;32.13.1990;",
            "2;ЛИ АННА;;",
            "4;ПАК;;;лишняя",
            "5;ЦОЙ 1962;;",
        ],
    )
    with translation.override("ru"):
        preview = preview_import(ListSpec("prosecutor", path, None, COLUMNS))
    reasons = {(i.row, i.column): i.reason for i in preview.issues}
    assert reasons == {
        (1, "ФИО"): "нет имени: строка сохраняется, но её нельзя сопоставить по имени",
        (2, "Дата рождения"): "не удаётся прочитать дату «32.13.1990»: поле останется пустым",
        (3, "№"): "номер «2» уже был в строке 2",
        (4, "(вся строка)"): "заполнено больше ячеек, чем столбцов в заголовке (5 против 4): "
        "возможно, в имени или примечании есть разделитель, например ; или ,",
        (5, "ФИО"): "не читается как имя (в нём есть цифры): сохраняется как написано, но "
        "сопоставить по имени нельзя",
    }


def test_a_refused_import_says_why_in_the_users_language(
    tmp_path: Path, acting, evidence_dir
) -> None:
    path = write(tmp_path / "p.csv", ["1;ТОКАЕВ НУРЛАН;;", "2;КИМ;;;ragged"])
    with translation.override("kk"), pytest.raises(ImportRefused) as refused:
        import_list(ListSpec("prosecutor", path, None, COLUMNS), actor=acting)
    assert str(refused.value).startswith("2 жолдың 1 жолын импорттау мүмкін емес")


def test_a_file_with_invalid_rows_is_refused_whole(tmp_path: Path, acting, evidence_dir) -> None:
    path = write(tmp_path / "p.csv", ["1;ТОКАЕВ НУРЛАН;;", "2;КИМ;;;ragged"])
    with pytest.raises(ImportRefused, match="1 of 2 rows"):
        import_list(ListSpec("prosecutor", path, None, COLUMNS), actor=acting)
    assert Record.objects.count() == 0
    assert not Source.objects.filter(name="prosecutor").exists()


def test_skip_invalid_imports_the_valid_rows_only(tmp_path: Path, acting, evidence_dir) -> None:
    path = write(tmp_path / "p.csv", ["1;ТОКАЕВ НУРЛАН;;", "2;КИМ;;;ragged"])
    result = import_list(
        ListSpec("prosecutor", path, None, COLUMNS), actor=acting, skip_invalid=True
    )
    assert (result.rows_new, result.rows_skipped) == (1, 1)
    record = Record.objects.get()
    assert record.list_record_id == "prosecutor:1"
    assert record.raw == {"№": "1", "ФИО": "ТОКАЕВ НУРЛАН", "Дата рождения": "", "Место": ""}
    assert record.import_batch == result.batch


def test_the_same_file_twice_changes_nothing(tmp_path: Path, acting, evidence_dir) -> None:
    path = write(tmp_path / "p.csv", ["1;ТОКАЕВ НУРЛАН;31.01.1995;Алматы"])
    spec = ListSpec("prosecutor", path, None, COLUMNS)
    import_list(spec, actor=acting)
    again = import_list(spec, actor=acting)
    assert again.already_imported
    assert Record.objects.count() == 1
    assert ImportBatch.objects.count() == 1


def test_a_newer_version_adds_only_new_and_changed_rows_as_superseding_records(
    tmp_path: Path, acting, evidence_dir
) -> None:
    first = write(tmp_path / "v1.csv", ["1;ТОКАЕВ НУРЛАН;31.01.1995;Алматы", "2;КИМ ОЛЬГА;;"])
    import_list(ListSpec("prosecutor", first, None, COLUMNS), actor=acting)
    second = write(
        tmp_path / "v2.csv",
        ["1;ТОКАЕВ НУРЛАН;31.01.1995;Алматы", "2;КИМ ОЛЬГА;12.03.1988;", "3;ЛИ АННА;;"],
    )
    result = import_list(ListSpec("prosecutor", second, None, COLUMNS), actor=acting)
    assert (result.rows_new, result.rows_changed, result.rows_unchanged) == (1, 1, 1)
    assert Record.objects.count() == 4
    old, new = Record.objects.filter(list_record_id="prosecutor:2").order_by("created_at")
    assert new.supersedes == old
    assert old.raw["Дата рождения"] == ""
    assert new.raw["Дата рождения"] == "12.03.1988"
    current = Record.objects.filter(superseded_by__isnull=True)
    assert sorted(current.values_list("list_record_id", flat=True)) == [
        "prosecutor:1",
        "prosecutor:2",
        "prosecutor:3",
    ]


def test_the_original_file_is_kept_as_evidence_with_its_hash(
    tmp_path: Path, acting, evidence_dir
) -> None:
    path = write(tmp_path / "p.csv", ["1;ТОКАЕВ НУРЛАН;;"])
    result = import_list(ListSpec("prosecutor", path, None, COLUMNS), actor=acting)
    assert result.batch is not None
    evidence = Evidence.objects.get(pk=result.batch.evidence_id)
    assert evidence.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert b"".join(evidence_chunks(evidence)) == path.read_bytes()
    assert evidence_path(evidence.storage_name).read_bytes() != path.read_bytes()


def test_the_mapping_is_remembered_for_the_source(tmp_path: Path, acting, evidence_dir) -> None:
    import_list(
        ListSpec("prosecutor", write(tmp_path / "a.csv", ["1;КИМ ОЛЕГ;;"]), "cp1251", COLUMNS),
        actor=acting,
    )
    later = write(tmp_path / "b.csv", ["1;КИМ ОЛЕГ;;", "2;ЛИ АННА;;"])
    spec = spec_for(later, "prosecutor", None)
    assert spec.columns == COLUMNS
    assert spec.encoding == "cp1251"


def test_without_a_mapping_one_is_suggested_from_the_headers(tmp_path: Path) -> None:
    path = tmp_path / "ngo.csv"
    path.write_text("Тегі,Аты,Жасы,Қала\nТоқаев,Нұрлан,27,Талдықорған\n", encoding="utf-8")
    spec = spec_for(path, "ngo", None)
    assert spec.columns == {"surname": "Тегі", "given_name": "Аты", "age": "Жасы", "place": "Қала"}


def test_hostile_text_is_stored_exactly_as_received(tmp_path: Path, acting, evidence_dir) -> None:
    hostile = '<script>alert("x")</script>=HYPERLINK("http://evil")'
    path = tmp_path / "h.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["ФИО", "Место"], [f"Ким {hostile}", hostile]])
    import_list(ListSpec("h", path, None, {"full_name": "ФИО", "place": "Место"}), actor=acting)
    record = Record.objects.get()
    assert record.raw["Место"] == hostile
    assert record.full_name == f"Ким {hostile}"


def test_every_imported_record_is_audited_and_the_chain_holds(
    tmp_path: Path, acting, evidence_dir
) -> None:
    path = write(tmp_path / "p.csv", [f"{i};КИМ ОЛЕГ {i};;" for i in range(1, 30)])
    import_list(ListSpec("prosecutor", path, None, COLUMNS), actor=acting)
    from aqiqat.apps.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="sources.record").count() == 29
    assert verify_chain().intact
