"""Whatever text arrives from a list, the analysis core answers and never raises."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from aqiqat.names import (
    SYSTEMS,
    birth_date_range,
    blocking_keys,
    compare,
    detect_script,
    latin_key,
    parse_age,
    parse_date,
    parse_name,
    resolve_place,
    russian_keyboard,
    transliterate,
)

# Name-like text: Kazakh and Russian Cyrillic, Latin with diacritics, and the punctuation
# names come with, mixed with anything at all.
NAME_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАӘҒҚҢӨҰҮҺІaeiouqjyzhkñğūüöäış .,-'"
name_like = st.text(alphabet=NAME_ALPHABET, max_size=60)
anything = st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(name_like, anything))
def test_parsing_any_text_gives_a_result_and_a_reason_when_unparseable(text):
    parsed = parse_name(text)
    assert parsed.ok or parsed.unparseable
    # Every reason also comes as a kind, for a message in the user's language.
    assert parsed.ok or (parsed.problem is not None and parsed.problem.detail == parsed.unparseable)
    assert isinstance(parsed.key, str)
    assert parsed.key == parsed.key.strip()


@settings(max_examples=200, deadline=None)
@given(st.one_of(name_like, anything), st.one_of(name_like, anything))
def test_comparing_any_two_texts_gives_a_score_between_zero_and_one(a, b):
    result = compare(a, b)
    assert 0.0 <= result.score <= 1.0
    assert result.same == (result.score >= 0.85)


@settings(max_examples=200, deadline=None)
@given(name_like)
def test_keys_are_plain_ascii_letters_and_spaces(text):
    assert all((ch.islower() and ch.isascii()) or ch == " " for ch in latin_key(text))
    assert all(":" in key for key in blocking_keys(text))


@settings(max_examples=200, deadline=None)
@given(st.one_of(name_like, anything), st.sampled_from(SYSTEMS))
def test_transliteration_and_keyboard_folding_accept_any_text(text, system):
    assert isinstance(transliterate(text, system), str)
    assert len(russian_keyboard(text)) == len(text)
    assert detect_script(text)


@settings(max_examples=200, deadline=None)
@given(anything)
def test_dates_ages_and_places_accept_any_text(text):
    parsed = parse_date(text)
    assert parsed.ok or parsed.unparseable
    parse_age(text)
    match = resolve_place(text)
    assert match is None or 0.0 < match.confidence <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 120), st.dates())
def test_a_birth_range_always_contains_its_bounds_in_order(age, day):
    if day.year - age - 1 < date.min.year:
        return
    earliest, latest = birth_date_range(age, day)
    assert earliest <= latest


@settings(max_examples=200, deadline=None)
@given(name_like, name_like)
def test_comparison_is_symmetric(a, b):
    ab, ba = compare(a, b), compare(b, a)
    assert (ab.score, ab.same) == (ba.score, ba.same)
