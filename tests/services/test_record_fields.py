"""Reading a list row through its mapping into the parsed fields of a Record."""

from __future__ import annotations

from datetime import date

import pytest

from aqiqat.apps.vocabulary import DatePrecision, PersonStatus, Sex
from aqiqat.services.record_fields import record_fields, status_from_text

COLUMNS = {
    "full_name": "ФИО",
    "birth_date": "Дата рождения",
    "age": "Возраст",
    "place": "Место",
    "event_date": "Дата",
    "status": "Статус",
    "contact": "Телефон",
}


def test_a_prosecutor_row_is_parsed_into_name_parts_dates_and_place() -> None:
    fields = record_fields(
        {
            "ФИО": "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ",
            "Дата рождения": "31.01.1995",
            "Место": "г. Алматы",
            "Дата": "9 января 2022",
            "Статус": "обвиняемый, под стражей",
            "Телефон": "+7 700 000 00 00",
        },
        COLUMNS,
    )
    assert fields["full_name"] == "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ"
    assert fields["patronymic"].lower() == "ерланович"
    assert fields["sex"] == Sex.MALE
    assert fields["birth_date"] == date(1995, 1, 31)
    assert fields["birth_date_precision"] == DatePrecision.DAY
    assert fields["event_date"] == date(2022, 1, 9)
    assert fields["place_id"] == "kz-almaty"
    assert fields["claimed_status"] == PersonStatus.DETAINED
    assert fields["informant_contact"] == "+7 700 000 00 00"


def test_an_ambiguous_birth_date_is_kept_ambiguous_not_guessed() -> None:
    fields = record_fields({"ФИО": "Ким Ольга", "Дата рождения": "03/04/1990"}, COLUMNS)
    assert fields["birth_date"] is None
    assert fields["birth_date_precision"] == DatePrecision.AMBIGUOUS
    assert fields["birth_year_min"] == fields["birth_year_max"] == 1990


def test_an_age_and_an_event_date_give_a_birth_year_range() -> None:
    fields = record_fields({"ФИО": "Tokaev N.E.", "Возраст": "27", "Дата": "06.01.2022"}, COLUMNS)
    assert fields["age"] == 27
    assert fields["birth_date"] is None
    assert (fields["birth_year_min"], fields["birth_year_max"]) == (1994, 1995)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("задержали, потом отпустили", PersonStatus.RELEASED),
        ("обвиняемый, под стражей", PersonStatus.DETAINED),
        ("қамауда", PersonStatus.DETAINED),
        ("жараланды", PersonStatus.INJURED),
        ("на лечении", PersonStatus.IN_HOSPITAL),
        ("не выходит на связь", PersonStatus.MISSING),
        ("погиб", PersonStatus.KILLED),
        ("Killed by gunfire", PersonStatus.KILLED),
    ],
)
def test_status_words_in_three_languages_are_understood(text: str, status: PersonStatus) -> None:
    assert status_from_text(text) == status


def test_an_unknown_status_word_stays_unknown_rather_than_guessed() -> None:
    assert status_from_text("выбыл") is None
    assert record_fields({"ФИО": "Ли Андрей"}, COLUMNS)["claimed_status"] == PersonStatus.UNKNOWN


def test_hostile_or_empty_cells_never_raise() -> None:
    for text in ["", "   ", "<script>alert(1)</script>", "=HYPERLINK(1)", "😀" * 50, "x" * 600]:
        fields = record_fields({"ФИО": text, "Дата": text, "Возраст": text}, COLUMNS)
        assert fields["full_name"] == text.strip()


def test_partial_dates_are_shown_only_as_precisely_as_known() -> None:
    from aqiqat.apps.vocabulary import partial_date_text

    assert partial_date_text(date(1988, 1, 1), DatePrecision.YEAR) == "1988"
    assert partial_date_text(date(1988, 3, 1), DatePrecision.MONTH) == "1988-03"
    assert partial_date_text(date(1988, 3, 14), DatePrecision.DAY) == "1988-03-14"
    assert partial_date_text(None, DatePrecision.UNKNOWN) == ""
