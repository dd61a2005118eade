"""The name pools: thousands of surnames with a long tail, made by the real rules."""

from __future__ import annotations

from collections import Counter

import pytest

from aqiqat.demo import generate
from aqiqat.demo.pools import (
    given_names,
    kazakh_surname,
    russian_surname,
    surnames,
    zipf_weights,
)


@pytest.mark.parametrize(
    ("stem", "surname"),
    [("Серікбай", "Серікбаев"), ("Жұма", "Жұмаев"), ("Ғабдулла", "Ғабдуллин"),
     ("Серік", "Серіков"), ("Қуаныш", "Қуанышев")],
)  # fmt: skip
def test_kazakh_stems_take_the_russian_ending_their_last_letter_calls_for(
    stem: str, surname: str
) -> None:
    assert kazakh_surname(stem) == surname


@pytest.mark.parametrize(
    ("word", "surname"),
    [("Иван", "Иванов"), ("Сорока", "Сорокин"), ("Синица", "Синицын"),
     ("Медведь", "Медведев"), ("Василий", "Васильев"), ("Дмитрий", "Дмитриев"),
     ("Андрей", "Андреев"), ("Ткач", "Ткачев"), ("Кузнец", "Кузнецов"), ("Илья", "Ильин")],
)  # fmt: skip
def test_russian_surnames_come_from_names_and_nouns_by_the_usual_endings(
    word: str, surname: str
) -> None:
    assert russian_surname(word) == surname


def test_there_are_thousands_of_distinct_surnames_and_hundreds_of_given_names() -> None:
    assert len({s.own_m for s in surnames()}) >= 2000
    assert len({(g.pool, g.own) for g in given_names()}) >= 700
    assert len({(s.ethnicity, s.own_m) for s in surnames()}) == len(surnames())


def test_weights_fall_with_rank_and_never_reach_zero() -> None:
    weights = zipf_weights(1000, 40)
    assert weights == sorted(weights, reverse=True)
    assert weights[-1] >= 1
    assert 20 < weights[0] / weights[-1] < 30


def test_kazakh_surnames_include_the_uly_and_qyzy_form_by_sex() -> None:
    uly = [s for s in surnames() if s.own_m.endswith("ұлы")]
    assert uly
    assert all(s.own_f == s.own_m[: -len("ұлы")] + "қызы" for s in uly)
    assert all(s.ru_m.endswith("улы") and s.ru_f.endswith("кызы") for s in uly)


def test_common_names_are_common_and_most_names_are_rare() -> None:
    world = generate(people=20_000, seed=3)
    counts = Counter(p.surname for p in world.people)
    # Like a real population: no surname holds more than about one person in a hundred,
    # and most surnames are held by a handful.
    assert counts.most_common(1)[0][1] < 0.012 * len(world.people)
    assert len(counts) > 1500
    rare = sum(n <= 5 for n in counts.values())
    assert rare > len(counts) / 2
    given = Counter(p.given for p in world.people)
    assert given.most_common(1)[0][1] < 0.05 * len(world.people)


def test_made_kazakh_given_names_have_both_spellings_and_patronymics() -> None:
    names = {g.own: g for g in given_names() if g.pool == "kazakh"}
    made = names["Нұрбол"]
    assert (made.ru, made.son_kk, made.son_ru) == ("Нурбол", "Нұрболұлы", "Нурболович")
    woman = next(g for g in given_names() if g.own.startswith("Гүл") and g.own not in
                 {"Гүлнар", "Гүлжан"} and g.pool == "kazakh")  # fmt: skip
    assert woman.ru.startswith("Гуль") and woman.sex == "F"
