from __future__ import annotations

from aqiqat.linkage import LinkRecord, prepare, prepare_row
from aqiqat.linkage.prepare import day_first_by_list


def record(**fields: str) -> LinkRecord:
    return LinkRecord(record_id=fields.pop("record_id", "l:1"), list_name="l", **fields)


def test_one_name_in_three_scripts_gives_one_key() -> None:
    rows = [
        prepare_row(record(full_name=name))
        for name in ("Тоқаев Нұрлан Ерланұлы", "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ", "Nurlan Tokayev")
    ]
    assert {r["sur"] for r in rows} == {"tokaev"}
    assert {r["giv"] for r in rows} == {"nurlan"}
    assert rows[0]["fat"] == rows[1]["fat"] == "erlan"


def test_a_female_surname_keeps_the_male_stem_and_says_female() -> None:
    row = prepare_row(record(full_name="Тоқаева Айгерім Ерланқызы"))
    assert row["sur"] == "tokaev"
    assert row["sex"] == "female"


def test_separate_name_columns_are_read_surname_first() -> None:
    row = prepare_row(record(surname="Абенов", given_name="Ерлан", patronymic="Серікұлы"))
    assert (row["sur"], row["giv"], row["fat"]) == ("abenov", "erlan", "serik")


def test_initials_keep_their_letters_but_no_name() -> None:
    row = prepare_row(record(full_name="Кожахметов К.Е."))
    assert row["giv"] is None and row["giv_i"] == "k"
    assert row["fat"] is None and row["fat_i"] == "e"


def test_a_placeholder_for_an_unknown_body_has_no_name() -> None:
    row = prepare_row(record(full_name="Неизвестный мужчина", sex="м"))
    assert row["sur"] is None and row["giv_i"] is None
    assert row["sex"] == "male"


def test_an_age_on_the_event_date_gives_a_birth_year_range() -> None:
    row = prepare_row(record(full_name="Ким А.", age="25", event_date="09.01.2022"))
    assert (row["by_min"], row["by_max"]) == (1996, 1997)
    approximate = prepare_row(record(full_name="Ким А.", age="~25", event_date="09.01.2022"))
    assert approximate["by_min"] < 1996 and approximate["by_max"] > 1997
    ranged = prepare_row(record(full_name="Ким А.", age="15-25", event_date="09.01.2022"))
    assert (ranged["by_min"], ranged["by_max"]) == (1996, 2007)


def test_a_full_birth_date_gives_the_day_and_a_bare_year_only_the_year() -> None:
    full = prepare_row(record(full_name="Ким Алексей", birth_date="05.03.1990"))
    year = prepare_row(record(full_name="Ким Алексей", birth_date="1990 г.р."))
    assert full["bdate"] == "1990-03-05" and (full["by_min"], full["by_max"]) == (1990, 1990)
    assert year["bdate"] is None and (year["by_min"], year["by_max"]) == (1990, 1990)


def test_a_list_that_writes_25_01_is_read_day_first_throughout() -> None:
    records = [
        record(record_id="l:1", full_name="Ким А", birth_date="25/01/1990"),
        record(record_id="l:2", full_name="Ким Б", birth_date="05/01/1990"),
    ]
    order = day_first_by_list(records)
    assert order[("l", "birth_date")] is True
    assert prepare_row(records[1], order)["bdate"] == "1990-01-05"
    assert prepare_row(records[1])["bdate"] is None  # ambiguous without the list's habit


def test_places_become_gazetteer_ids_whatever_the_script_or_era() -> None:
    places = {prepare_row(record(full_name="Ким А", place=p))["place"]
              for p in ("г. Алматы", "Alma-Ata", "Алматы қ.")}  # fmt: skip
    assert places == {"kz-almaty"}


def test_a_facility_name_gives_the_place_when_the_list_has_no_place_column() -> None:
    row = prepare_row(record(full_name="Ким А", facility="Городская больница № 3 г. Алматы"))
    assert row["place"] == "kz-almaty"


def test_missing_values_are_nulls_not_empty_strings() -> None:
    frame = prepare([record(full_name="Ким Алексей")])
    assert frame["bdate"].isna().all() and frame["place"].isna().all()
    assert not (frame.astype(str) == "").any().any()
