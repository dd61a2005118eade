from datetime import date

import pytest

from aqiqat.names import Precision, birth_date_range, birth_year_range, parse_age, parse_date

TODAY = date(2026, 11, 28)


def parse(text, **kwargs):
    return parse_date(text, reference=TODAY, **kwargs)


@pytest.mark.parametrize(
    "text",
    [
        "31.01.1995",
        "31.01.95",
        "1995-01-31",
        "31/01/1995",
        "31-01-1995",
        "January 31, 1995",
        "31 January 1995",
        "31 января 1995",
        "31 января 1995 г.",
        "31 қаңтар 1995",
        "1995 жылғы 31 қаңтар",
        "31 қаңтардағы 1995",
        "31.01.1995 г.",
        "31.01.1995 14:30",
        "1995-01-31T08:00",
    ],
)
def test_it_reads_the_forms_lists_use_for_a_day(text):
    parsed = parse(text)
    assert parsed.value == date(1995, 1, 31), parsed
    assert parsed.precision is Precision.DAY


def test_it_reads_a_bare_year_as_the_whole_year():
    parsed = parse("1995")
    assert parsed.precision is Precision.YEAR
    assert (parsed.earliest, parsed.latest) == (date(1995, 1, 1), date(1995, 12, 31))
    assert parsed.value is None


@pytest.mark.parametrize("text", ["1995 г.р.", "1995 ж.т.", "1995 года", "1995 жылы"])
def test_it_reads_a_year_with_the_words_lists_add(text):
    assert parse(text).precision is Precision.YEAR


@pytest.mark.parametrize("text", ["01.1995", "январь 1995", "қаңтар 1995", "January 1995"])
def test_it_reads_a_month_as_the_whole_month(text):
    parsed = parse(text)
    assert parsed.precision is Precision.MONTH
    assert (parsed.earliest, parsed.latest) == (date(1995, 1, 1), date(1995, 1, 31))


def test_it_marks_an_ambiguous_day_and_month_instead_of_guessing():
    parsed = parse("05/01/1995")
    assert parsed.ambiguous
    assert parsed.readings == (date(1995, 1, 5), date(1995, 5, 1))
    assert parsed.value is None
    assert (parsed.earliest, parsed.latest) == (date(1995, 1, 5), date(1995, 5, 1))


def test_a_source_known_to_write_day_first_settles_the_ambiguity():
    assert parse("05/01/1995", day_first=True).value == date(1995, 1, 5)
    assert parse("05/01/1995", day_first=False).value == date(1995, 5, 1)


def test_dotted_dates_follow_the_day_first_convention_of_the_region():
    parsed = parse("05.01.1995")
    assert not parsed.ambiguous
    assert parsed.value == date(1995, 1, 5)


def test_a_day_above_twelve_is_not_ambiguous():
    assert parse("13/01/1995").value == date(1995, 1, 13)
    assert parse("01/13/1995").value == date(1995, 1, 13)


def test_the_same_day_and_month_is_not_ambiguous():
    assert parse("05/05/1995").value == date(1995, 5, 5)


def test_two_digit_years_take_the_latest_century_not_in_the_future():
    assert parse("31.01.95").value == date(1995, 1, 31)
    assert parse("31.01.05").value == date(2005, 1, 31)


def test_it_marks_approximate_dates():
    parsed = parse("около 1990")
    assert parsed.approximate
    assert parsed.precision is Precision.YEAR


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("abc", "not a date"),
        ("31.02.1995", "no such day"),
        ("9 января", "no year"),
        ("2031", "future"),
        ("1700", "early"),
        ("😀", "not a date"),
        ("1" * 100, "too long"),
    ],
)
def test_it_gives_a_reason_for_what_it_cannot_read(text, reason):
    parsed = parse(text)
    assert not parsed.ok
    assert reason in parsed.unparseable


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("25", 25),
        ("25 лет", 25),
        ("23 года", 23),
        ("25 жаста", 25),
        ("25 жас", 25),
        ("25 y.o.", 25),
        ("age 25", 25),
        ("около 40", 40),
        (31, 31),
        ("abc", None),
        ("200", None),
        ("", None),
    ],
)
def test_it_reads_ages(text, age):
    assert parse_age(text) == age


def test_an_age_on_an_event_date_gives_a_two_year_birth_range():
    assert birth_year_range(25, date(2022, 1, 5)) == (1996, 1997)


def test_an_age_at_the_end_of_the_year_gives_one_birth_year():
    assert birth_year_range(25, date(2022, 12, 31)) == (1997, 1997)


def test_the_birth_range_is_exact_to_the_day():
    assert birth_date_range(25, date(2022, 1, 5)) == (date(1996, 1, 6), date(1997, 1, 5))


def test_an_event_known_only_to_the_year_widens_the_birth_range():
    assert birth_year_range(25, parse("2022")) == (1996, 1997)
    assert birth_date_range(25, parse("январь 2022")) == (date(1996, 1, 2), date(1997, 1, 31))


def test_an_event_on_29_february_still_gives_a_range():
    assert birth_year_range(30, date(2024, 2, 29)) == (1993, 1994)


def test_an_unparseable_event_date_cannot_give_a_range():
    with pytest.raises(ValueError, match="unparseable"):
        birth_year_range(25, parse("abc"))
