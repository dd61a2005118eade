"""Throughput of name parsing and keying on one core.

Run: .venv/bin/python bench/bench_names.py [--names N]
Names are built from a few hundred parts in many scripts and orders, so that a third of
the full names are distinct; word-level caches help, as they do on real lists where
surnames and given names repeat. The first pass is the figure to quote; the run on
names made of random syllables shows the floor, when no word has been seen before.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from aqiqat.names import blocking_keys, compare, parse_name

_SURNAME_TEXT = (
    "Тоқаев Сейітқали Жанбулатов Сулейменова Оспанов Иванов Ахметова Абдрахманов Қасымов "
    "Цой Искакова Омаров Калиев Садыкова Ибраев Алиев Нұрланов Бекова Есенов Мусин Пак "
    "Ковальчук Жұмабекова Серікбаев Тұрсынов Шәкенова Жақыпов Өмірзақов Үсенова Петрова "
    "Байжанов Қуанышбаева Мұхамеджанов Смағұлов Байтұрсынов Тоқтарова Ерғалиев Кенжебаев "
    "Tokayev Seitkali Zhanbulatov Suleimenova Ospanov Ivanov Akhmetova Toqaev Kasymov Tsoy"
)
_GIVEN_TEXT = (
    "Нұрлан Айгерім Дәурен Ольга Олег Гүлнар Бауыржан Сергей Әлия Ерлан Ғалым Виктор Айжан "
    "Нұрсұлтан Арман Жанна Темірлан Рустам Меруерт Асқар Данияр Елена Андрей Ақерке Олжас "
    "Nurlan Aigerim Dauren Olga Oleg Gulnar Baurzhan Sergey Aliya Yerlan Galym Viktor Aizhan"
)
_FATHER_TEXT = "Ерлан Болат Серік Виктор Асқар Қайрат Петр Нұрлан Марат Жомарт Бек Ильдар"
SURNAMES = _SURNAME_TEXT.split()
GIVEN = _GIVEN_TEXT.split()
FATHERS = _FATHER_TEXT.split()


def make_names(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    names = []
    for _ in range(n):
        surname, given, father = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(FATHERS)
        form = rng.randrange(6)
        if form == 0:
            names.append(f"{surname} {given} {father}ұлы")
        elif form == 1:
            names.append(f"{surname} {given} {father}ович".upper())
        elif form == 2:
            names.append(f"{given} {surname}")
        elif form == 3:
            names.append(f"{surname} {given[0]}.{father[0]}.")
        elif form == 4:
            names.append(f"{surname}, {given}")
        else:
            names.append(f"{surname} {given} {father} қызы")
    return names


_SYLLABLE_TEXT = "ба бек жан нұр сұл тан қай рат ер лан бо лат ас қар ай гүл мұ рат да ур ен"
SYLLABLES = _SYLLABLE_TEXT.split()


def make_unseen_names(n: int, seed: int = 11) -> list[str]:
    """Names whose words are (almost) all new: no word-level cache can help."""
    rng = random.Random(seed)
    names = []
    for _ in range(n):
        surname = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
        given = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        father = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        names.append(f"{surname}ов {given} {father}ұлы")
    return names


def measure(label: str, work: Callable[[str], object], items: list[str]) -> float:
    start = time.perf_counter()
    for item in items:
        work(item)
    elapsed = time.perf_counter() - start
    rate = len(items) / elapsed
    print(f"{label:<42} {rate:>12,.0f} /s   ({len(items):,} in {elapsed:.2f} s)")
    return rate


def parse_and_key(text: str) -> str:
    return parse_name(text).key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=200_000)
    args = parser.parse_args()
    names = make_names(args.names)
    print(f"{len(set(names)):,} distinct names of {len(names):,}")
    # The first pass meets every word for the first time; the second finds them cached.
    measure("parse + key (first pass)", parse_and_key, names)
    measure("parse + key (second pass)", parse_and_key, names)
    unseen = make_unseen_names(args.names // 2)
    print(f"{len(set(unseen)):,} distinct names of {len(unseen):,} with unseen words")
    measure("parse + key (every word new)", parse_and_key, unseen)
    measure("blocking keys", blocking_keys, names[: args.names // 4])
    pairs = list(zip(names[::2], names[1::2], strict=False))[: args.names // 10]
    start = time.perf_counter()
    for a, b in pairs:
        compare(a, b)
    elapsed = time.perf_counter() - start
    print(f"{'compare (parse both + score)':<42} {len(pairs) / elapsed:>12,.0f} /s")


if __name__ == "__main__":
    main()
