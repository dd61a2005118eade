"""Each export format, written from the real database and read back with a real reader."""

from __future__ import annotations

import pytest

from aqiqat.lists.pfif import read_pfif as import_reader
from aqiqat.services.exports import FORMATS, RecordFilters, prepare_export
from aqiqat.services.exports.columns import BASE_COLUMNS
from tests.exports.conftest import (
    FORMULAS,
    KAZAKH,
    PFIF,
    SCRIPT,
    World,
    content,
    read_any,
    read_csv,
    read_json,
    read_pfif,
    read_xlsx,
)

pytestmark = pytest.mark.django_db
TABULAR = ["csv", "hxl", "xlsx", "json"]
SPREADSHEETS = ["csv", "hxl", "xlsx"]


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["record_id"]: row for row in rows}


@pytest.mark.parametrize("file_format", TABULAR)
def test_each_table_holds_every_current_record_once(personas, world: World, file_format) -> None:
    rows = read_any(file_format, content(prepare_export(personas.analyst, file_format)))
    assert sorted(row["record_id"] for row in rows) == sorted(world.current_ids)
    assert list(rows[0]) == [column.name for column in BASE_COLUMNS]


@pytest.mark.parametrize("file_format", TABULAR)
def test_a_record_comes_out_with_its_parsed_fields_and_the_gazetteer(
    personas, world: World, file_format
) -> None:
    rows = by_id(read_any(file_format, content(prepare_export(personas.analyst, file_format))))
    row = rows["ngo-list:1"]
    assert row["list"] == "ngo-list"
    assert row["source"] == "ngo-list"
    assert row["source_kind"] == "ngo"
    assert row["full_name"] == "Тоқаев Нұрлан Ерланұлы"
    assert row["name_latin"] == "Toqaev Nūrlan Erlanūly"
    assert (row["surname"], row["given_name"], row["patronymic"]) == (
        "Тоқаев",
        "Нұрлан",
        "Ерланұлы",
    )
    assert row["sex"] == "M"
    assert row["birth_date"] == "1985-03"  # known to the month only, so written to the month
    assert row["birth_date_precision"] == "month"
    assert str(row["birth_year_min"]) == str(row["birth_year_max"]) == "1985"
    assert str(row["age"]) == "36"
    assert (row["place"], row["place_id"], row["place_en"]) == ("г. Алматы", "KZ-ALA", "Almaty")
    assert row["event_date"] == "2022-01-05"
    assert row["status"] == "detained"
    assert row["facility"] == "ИВС ДП г. Алматы"
    assert row["person_id"] == str(world.tokaev.person_id)
    assert str(row["consent_publish"]).lower() == "true"
    assert str(row["consent_share_authorities"]).lower() == "false"
    assert row["consent_share_international"] in ("", None)


def test_json_keeps_numbers_booleans_and_nulls_typed(personas, world: World) -> None:
    rows = by_id(read_json(content(prepare_export(personas.analyst, "json"))))
    row = rows["ngo-list:1"]
    assert row["age"] == 36
    assert row["consent_publish"] is True
    assert row["consent_share_international"] is None
    assert rows["ngo-list:2"]["age"] is None


def test_a_hand_entered_record_is_known_by_its_uuid(personas, world: World) -> None:
    rows = read_any("csv", content(prepare_export(personas.analyst, "csv")))
    ids = {row["record_id"] for row in rows if row["list"] == ""}
    assert ids == {str(record.pk) for record in world.formulas}


@pytest.mark.parametrize("file_format", SPREADSHEETS)
def test_no_cell_can_run_as_a_formula(personas, world: World, file_format) -> None:
    export = prepare_export(personas.documenter, file_format, include_sensitive=True)
    rows = read_any(file_format, content(export))
    formula_rows = [row for row in rows if row["source"] == "relatives"]
    assert len(formula_rows) == len(FORMULAS)
    for row in formula_rows:
        for column in ("full_name", "place", "facility", "testimony"):
            assert row[column].startswith("'"), (column, row[column])
            # XML turns a carriage return into a line feed when read, so XLSX has "\n=1".
            assert row[column][1:] in FORMULAS or row[column] == "'\n=1"
    for row in rows:
        for value in row.values():
            assert not str(value or "").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_cells_are_text_never_formulas(personas, world: World) -> None:
    import io

    from openpyxl import load_workbook

    export = prepare_export(personas.documenter, "xlsx", include_sensitive=True)
    sheet = load_workbook(io.BytesIO(content(export))).active
    kinds = {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert "f" not in kinds


def test_json_and_pfif_keep_the_text_exactly_as_received(personas, world: World) -> None:
    rows = read_json(content(prepare_export(personas.analyst, "json")))
    names = {row["full_name"] for row in rows}
    assert set(FORMULAS) <= names
    persons = read_pfif(content(prepare_export(personas.analyst, "pfif")))
    pfif_names = {p.find(f"{PFIF}full_name").text for p in persons}
    assert '=HYPERLINK("http://x")' in pfif_names


@pytest.mark.parametrize("file_format", [*TABULAR, "pfif"])
def test_kazakh_and_russian_letters_survive(personas, world: World, file_format) -> None:
    data = content(prepare_export(personas.analyst, file_format))
    if file_format == "pfif":
        names = {p.find(f"{PFIF}full_name").text for p in read_pfif(data)}
    else:
        names = {row["full_name"] for row in read_any(file_format, data)}
    assert KAZAKH in names
    assert "Тоқаев Нұрлан Ерланұлы" in names


@pytest.mark.parametrize("file_format", [*TABULAR, "pfif"])
def test_html_in_a_name_is_exported_as_inert_text(personas, world: World, file_format) -> None:
    data = content(prepare_export(personas.analyst, file_format))
    if file_format == "pfif":
        assert b"<script>" not in data
        assert b"&lt;script&gt;" in data
        persons = {p.find(f"{PFIF}person_record_id").text: p for p in read_pfif(data)}
        person = persons["aqiqat.invalid/ngo-list:3"]
        assert person.find(f"{PFIF}full_name").text == SCRIPT
    else:
        rows = by_id(read_any(file_format, data))
        assert rows["ngo-list:3"]["full_name"] == SCRIPT
        assert rows["ngo-list:3"]["place"] == "a & b < c"


def test_the_hxl_row_tags_every_column_with_a_hashtag(personas, world: World) -> None:
    data = content(prepare_export(personas.documenter, "hxl", include_sensitive=True))
    tags, rows = read_csv(data, tagged=True)
    assert all(tag.startswith("#") for tag in tags)
    assert len(tags) == len(rows[0])
    tagged = dict(zip(rows[0], tags, strict=True))
    assert tagged["full_name"] == "#affected+name"
    assert tagged["person_id"] == "#affected+id"
    assert tagged["status"] == "#status"
    assert tagged["event_date"] == "#date+occurred"
    assert tagged["informant_contact"] == "#contact+informant"


def test_a_pfif_file_is_well_formed_pfif_1_4_with_status_notes(personas, world: World) -> None:
    data = content(prepare_export(personas.analyst, "pfif"))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    persons = read_pfif(data)
    assert len(persons) == len(world.current_ids)
    for person in persons:
        record_id = person.find(f"{PFIF}person_record_id").text
        assert record_id.startswith("aqiqat.invalid/")
        for required in ("source_date", "full_name"):
            assert person.find(f"{PFIF}{required}").text
        notes = person.findall(f"{PFIF}note")
        assert len(notes) == 1
        for required in ("note_record_id", "author_name", "source_date", "text"):
            assert notes[0].find(f"{PFIF}{required}").text
        assert notes[0].find(f"{PFIF}person_record_id").text == record_id
    tokaev = next(
        p for p in persons if p.find(f"{PFIF}person_record_id").text.endswith("ngo-list:1")
    )
    assert tokaev.find(f"{PFIF}sex").text == "male"
    assert tokaev.find(f"{PFIF}date_of_birth").text == "1985-03"
    assert tokaev.find(f"{PFIF}alternate_names").text == "Toqaev Nūrlan Erlanūly"
    note = tokaev.find(f"{PFIF}note")
    assert note.find(f"{PFIF}status").text == "believed_alive"
    assert note.find(f"{PFIF}source_date").text == "2022-01-05T00:00:00Z"
    assert "detained" in note.find(f"{PFIF}text").text
    assert note.find(f"{PFIF}last_known_location").text == "ИВС ДП г. Алматы, г. Алматы"
    killed = next(p for p in persons if p.find(f"{PFIF}full_name").text == KAZAKH)
    assert killed.find(f"{PFIF}note").find(f"{PFIF}status").text == "believed_dead"


def test_the_list_importer_reads_an_exported_pfif_file_back(
    personas, world: World, tmp_path
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(content(prepare_export(personas.analyst, "pfif")))
    rows = {cells["person_record_id"]: cells for _, cells, _ in import_reader(path).rows}
    cells = rows["aqiqat.invalid/ngo-list:1"]
    assert cells["full_name"] == "Тоқаев Нұрлан Ерланұлы"
    assert cells["family_name"] == "Тоқаев"
    assert cells["note_status"] == "found alive"
    assert len(rows) == len(world.current_ids)


def test_control_characters_do_not_break_xml_formats(personas, acting) -> None:
    from tests.factories import make_record

    # No NUL here: PostgreSQL text cannot hold it, so readers turn it into U+FFFD first.
    make_record(full_name="Асан\x01\x07 Ерлан\x1b")
    for file_format in ("xlsx", "pfif"):
        data = content(prepare_export(personas.analyst, file_format))
        if file_format == "xlsx":
            assert read_xlsx(data)[0]["full_name"] == "Асан\ufffd\ufffd Ерлан\ufffd"
        else:
            name = read_pfif(data)[0].find(f"{PFIF}full_name").text
            assert name == "Асан\ufffd\ufffd Ерлан\ufffd"


def test_an_overlong_testimony_is_cut_with_a_note_in_xlsx_only(personas, acting) -> None:
    from tests.factories import make_record

    make_record(testimony="ы" * 40_000)
    xlsx = read_xlsx(content(prepare_export(personas.documenter, "xlsx", include_sensitive=True)))
    assert len(xlsx[0]["testimony"]) == 32_767
    assert xlsx[0]["testimony"].endswith("CSV and JSON keep all]")
    rows = read_json(content(prepare_export(personas.documenter, "json", include_sensitive=True)))
    assert rows[0]["testimony"] == "ы" * 40_000


def test_filters_pick_a_source_and_a_status(personas, world: World) -> None:
    only = prepare_export(personas.analyst, "json", RecordFilters(source="relatives"))
    assert {row["source"] for row in read_json(content(only))} == {"relatives"}
    assert only.count == len(FORMULAS)
    killed = read_json(
        content(prepare_export(personas.analyst, "json", RecordFilters(status="killed")))
    )
    assert [row["full_name"] for row in killed] == [KAZAKH]


def test_an_empty_selection_is_a_valid_empty_file(personas, world: World) -> None:
    nothing = RecordFilters(source="no such source")
    assert read_json(content(prepare_export(personas.analyst, "json", nothing))) == []
    assert read_csv(content(prepare_export(personas.analyst, "csv", nothing)))[1] == []
    assert read_xlsx(content(prepare_export(personas.analyst, "xlsx", nothing))) == []
    assert read_pfif(content(prepare_export(personas.analyst, "pfif", nothing))) == []


def test_an_unknown_format_is_refused(personas) -> None:
    from aqiqat.services.exports import ExportError

    with pytest.raises(ExportError):
        prepare_export(personas.analyst, "docx")
    assert "docx" not in FORMATS


def test_a_large_export_is_streamed_in_chunks(personas, acting) -> None:
    from aqiqat.apps.sources.models import Record
    from tests.factories import make_source

    source = make_source()
    Record.objects.bulk_create(
        [Record(source=source, full_name=f"Асанов Ерлан {n}", raw={}) for n in range(2500)]
    )
    chunks = list(prepare_export(personas.analyst, "csv").chunks())
    assert len(chunks) >= 3
    assert max(len(chunk) for chunk in chunks) < 1_000_000
    assert len(read_csv(b"".join(chunks))[1]) == 2500


# Field order of PFIF 1.4 (http://zesty.ca/pfif/1.4), which its XML schema enforces.
PFIF_PERSON_ORDER = [
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
    "note",
]
PFIF_NOTE_ORDER = [
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
]


def test_pfif_fields_come_in_the_order_the_schema_requires(personas, world: World) -> None:
    data = content(prepare_export(personas.documenter, "pfif", include_sensitive=True))
    for person in read_pfif(data):
        tags = [child.tag.removeprefix(PFIF) for child in person]
        assert tags == sorted(tags, key=PFIF_PERSON_ORDER.index)
        note = person.find(f"{PFIF}note")
        note_tags = [child.tag.removeprefix(PFIF) for child in note]
        assert note_tags == sorted(note_tags, key=PFIF_NOTE_ORDER.index)
        assert all(not child.text or child.text.strip() for child in note)
