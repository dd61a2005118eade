"""Reading lists as they arrive: five encodings, three layouts, and files that are wrong."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from aqiqat.lists import (
    ListError,
    ListProblem,
    ListSpec,
    open_table,
    read_list,
    read_mapping,
    suggest_columns,
)

NAMES = ["Тоқаев Нұрлан Ерланұлы", "Ким Ольга Викторовна", "Серікбаев Ерлан"]
RUSSIAN = ["Токаев Нурлан Ерланович", "Ким Ольга Викторовна", "Сурков Иван Петрович"]


def write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "names", "expected"),
    [
        ("utf-8", NAMES, "utf-8"),
        ("utf-8-sig", NAMES, "utf-8-sig"),
        ("utf-16", NAMES, "utf-16"),
        ("cp1251", RUSSIAN, "cp1251"),
        ("koi8-r", RUSSIAN, "koi8-r"),
        ("kz1048", NAMES, "kz1048"),
    ],
)
def test_each_encoding_lists_arrive_in_is_detected(
    tmp_path: Path, encoding: str, names: list[str], expected: str
) -> None:
    rows = [["Номер", "ФИО", "Место гибели"]] + [
        [str(i), name, "г. Алматы"] for i, name in enumerate(names * 30, 1)
    ]
    table = open_table(write_csv(tmp_path / "list.csv", rows, encoding))
    assert table.encoding == expected
    assert table.encoding_detected
    read = [cells for _, cells, _ in table.rows]
    assert [r["ФИО"] for r in read[:3]] == names
    assert read[0]["Место гибели"] == "г. Алматы"


def test_a_declared_encoding_overrides_detection(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["ФИО"], ["Токаев"]], "cp1251")
    table = open_table(path, encoding="cp1251")
    assert not table.encoding_detected
    assert [c["ФИО"] for _, c, _ in table.rows] == ["Токаев"]


def test_a_wrong_declared_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["ФИО"], ["Токаев"]], "cp1251")
    with pytest.raises(ListError, match=r"not valid utf-8.*--encoding") as raised:
        list(open_table(path, encoding="utf-8").rows)
    # The kind and its particulars, for a message in the user's language.
    notice = raised.value.notice
    assert notice.kind == ListProblem.WRONG_ENCODING
    assert notice.params == {"file": "l.csv", "line": None, "encoding": "utf-8", "byte": "0xd4"}
    assert str(raised.value) == notice.detail


def test_a_dos_cyrillic_list_is_in_no_encoding_lists_arrive_in(tmp_path: Path) -> None:
    rows = [["№", "ФИО"], *[[str(i), RUSSIAN[0]] for i in range(50)]]
    path = write_csv(tmp_path / "dos.csv", rows, "cp866")
    with pytest.raises(ListError, match="cannot tell the file's text encoding") as raised:
        open_table(path)
    assert raised.value.notice.kind == ListProblem.UNKNOWN_TEXT_ENCODING


def test_semicolon_separated_files_from_russian_excel_are_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["ФИО", "Возраст"], ["Ким Олег", "41"]], "cp1251", ";")
    assert [c for _, c, _ in open_table(path).rows] == [{"ФИО": "Ким Олег", "Возраст": "41"}]


def test_a_ragged_row_is_reported_with_its_row_number(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "l.csv", [["ФИО", "Возраст"], ["Ким Олег", "41"], ["Ли", "Анна", "33"]], "utf-8"
    )
    rows = list(open_table(path).rows)
    assert rows[0][2] == []
    number, _cells, problems = rows[1]
    assert number == 2
    assert problems[0].kind == ListProblem.RAGGED_ROW
    assert problems[0].params == {"cells": 3, "columns": 2}
    assert "ragged" in problems[0].detail
    assert problems[0].blocking


def test_a_binary_file_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ListError, match="not text"):
        open_table(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(ListError, match="empty"):
        open_table(path)


def test_an_xlsx_list_is_read_with_dates_as_iso_text(tmp_path: Path) -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["Тегі", "Аты", "Туған күні"])
    sheet.append(["Тоқаев", "Нұрлан", datetime(1995, 1, 31)])
    book.save(tmp_path / "ngo.xlsx")
    rows = [c for _, c, _ in open_table(tmp_path / "ngo.xlsx").rows]
    assert rows == [{"Тегі": "Тоқаев", "Аты": "Нұрлан", "Туған күні": "1995-01-31"}]


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    block = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry,
    ):
        for _ in range(1100):
            entry.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    with pytest.raises(ListError, match="zip bomb"):
        open_table(path)


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("ФИО,Возраст\n", encoding="utf-8")
    with pytest.raises(ListError, match="not an XLSX workbook"):
        open_table(path)


def test_a_json_list_of_objects_is_read(tmp_path: Path) -> None:
    path = tmp_path / "media.json"
    path.write_text(
        json.dumps({"records": [{"name": "Nurlan Tokayev", "age": 27}, {"name": "Olga Kim"}]}),
        encoding="utf-8",
    )
    table = open_table(path)
    assert table.headers == ["name", "age"]
    assert [c for _, c, _ in table.rows] == [
        {"name": "Nurlan Tokayev", "age": "27"},
        {"name": "Olga Kim", "age": ""},
    ]


PFIF = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>example.org/p.1</pfif:person_record_id>
    <pfif:full_name>Ким Ольга</pfif:full_name>
    <pfif:sex>female</pfif:sex>
    <pfif:home_city>Алматы</pfif:home_city>
    <pfif:note>
      <pfif:status>believed_missing</pfif:status>
      <pfif:source_date>2022-01-07T10:00:00Z</pfif:source_date>
    </pfif:note>
    <pfif:note>
      <pfif:status>believed_alive</pfif:status>
      <pfif:source_date>2022-01-12T10:00:00Z</pfif:source_date>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
"""


def test_a_pfif_file_gives_one_row_per_person_with_the_latest_note(tmp_path: Path) -> None:
    path = tmp_path / "tracing.xml"
    path.write_text(PFIF, encoding="utf-8")
    rows = [c for _, c, _ in open_table(path).rows]
    assert len(rows) == 1
    assert rows[0]["full_name"] == "Ким Ольга"
    assert rows[0]["note_status"] == "found alive"


def test_an_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">&lol2;</pfif:pfif>',
        encoding="utf-8",
    )
    with pytest.raises(ListError):
        list(open_table(path).rows)


def test_ids_come_from_the_id_column_or_the_row_number(tmp_path: Path) -> None:
    write_csv(tmp_path / "p.csv", [["№", "ФИО"], ["17", "Ким Олег"], ["17", "Ли Анна"]], "utf-8")
    with_ids = list(
        read_list(
            ListSpec("prosecutor", tmp_path / "p.csv", None, {"record_id": "№", "full_name": "ФИО"})
        ).rows
    )
    assert [r.record_id for r in with_ids] == ["prosecutor:17", "prosecutor:17"]
    (twice,) = with_ids[1].problems
    assert (twice.kind, twice.params) == (ListProblem.DUPLICATE_ID, {"id": "17", "first_row": 1})
    assert "already used by row 1" in str(twice)
    by_row = list(read_list(ListSpec("ngo", tmp_path / "p.csv", None, {"full_name": "ФИО"})).rows)
    assert [r.record_id for r in by_row] == ["ngo:1", "ngo:2"]


def test_a_mapped_header_missing_from_the_file_names_the_real_columns(tmp_path: Path) -> None:
    write_csv(tmp_path / "p.csv", [["ФИО", "Дата"], ["Ким Олег", "2022"]], "utf-8")
    spec = ListSpec("p", tmp_path / "p.csv", None, {"full_name": "Ф.И.О."})
    with pytest.raises(ListError, match=r"no column 'Ф.И.О.'.*ФИО, Дата"):
        read_list(spec)


def test_a_mapping_file_is_read_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "morgue": {
                    "file": "lists/morgue.csv",
                    "encoding": "cp1251",
                    "columns": {"full_name": "ФИО"},
                }
            }
        )
    )
    specs = read_mapping(mapping)
    assert specs["morgue"].file == tmp_path / "lists" / "morgue.csv"
    assert specs["morgue"].encoding == "cp1251"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be an object"),
        ('{"a b": {"file": "x.csv", "columns": {"full_name": "ФИО"}}}', "list name"),
        ('{"x": {"columns": {"full_name": "ФИО"}}}', "'file' is missing"),
        ('{"x": {"file": "x.csv", "columns": {"fullname": "ФИО"}}}', "unknown column"),
        ('{"x": {"file": "x.csv", "columns": {"age": "Возраст"}}}', "at least one of"),
    ],
)
def test_a_bad_mapping_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ListError, match=message):
        read_mapping(path)


def test_mappings_are_suggested_from_kazakh_russian_and_english_headers() -> None:
    assert suggest_columns(["№", "ФИО", "Дата рождения", "Место гибели", "Дата"]) == {
        "record_id": "№",
        "full_name": "ФИО",
        "birth_date": "Дата рождения",
        "place": "Место гибели",
        "event_date": "Дата",
    }
    assert suggest_columns(["Тегі", "Аты", "Әкесінің аты", "Жасы"]) == {
        "surname": "Тегі",
        "given_name": "Аты",
        "patronymic": "Әкесінің аты",
        "age": "Жасы",
    }
    assert suggest_columns(["Full name", "Age", "Phone"]) == {
        "full_name": "Full name",
        "age": "Age",
        "contact": "Phone",
    }
    assert suggest_columns(["Науқас / Пациент", "Туған күні / Дата рождения"]) == {
        "full_name": "Науқас / Пациент",
        "birth_date": "Туған күні / Дата рождения",
    }


def test_every_demo_list_reads_back_through_its_mapping(tmp_path: Path) -> None:
    from aqiqat.demo import generate, write_files

    world = generate(people=200, seed=11)
    specs = read_mapping(write_files(world, tmp_path))
    for demo_list in world.lists:
        rows = list(read_list(specs[demo_list.name]).rows)
        assert [r.cells for r in rows] == demo_list.rows


def test_reading_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("ФИО,Возраст\n")
        for i in range(200_000):
            out.write(f"Ким Олег {i},41\n")
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for _ in open_table(path).rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 200_000
    assert peak < 5 * 1024 * 1024, f"peak {peak / 2**20:.1f} MB for a {size / 2**20:.0f} MB file"


def test_a_nul_character_in_a_cell_becomes_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "media.json"
    path.write_text('[{"name": "Ким\\u0000 Олег"}]', encoding="utf-8")
    assert [c for _, c, _ in open_table(path).rows] == [{"name": "Ким\ufffd Олег"}]


def test_a_mapping_may_name_an_id_number_and_an_address(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "court.csv",
        [["№", "ФИО", "ИИН", "Адрес"], ["1", "Ким Олег", "850101 300 123", "ул. Абая 12"]],
        "utf-8",
    )
    mapping = tmp_path / "mapping.json"
    columns = {"record_id": "№", "full_name": "ФИО", "id_number": "ИИН", "address": "Адрес"}
    mapping.write_text(json.dumps({"court": {"file": "court.csv", "columns": columns}}))
    spec = read_mapping(mapping)["court"]
    row = next(read_list(spec).rows)
    assert row.value(spec.columns, "id_number") == "850101 300 123"
    assert row.value(spec.columns, "address") == "ул. Абая 12"
    assert suggest_columns(["№", "ФИО", "ИИН", "Адрес проживания", "Место задержания"]) == {
        "record_id": "№",
        "full_name": "ФИО",
        "id_number": "ИИН",
        "address": "Адрес проживания",
        "place": "Место задержания",
    }
    assert suggest_columns(["Full name", "Passport number", "Home address"]) == {
        "full_name": "Full name",
        "id_number": "Passport number",
        "address": "Home address",
    }
