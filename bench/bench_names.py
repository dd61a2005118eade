"""Throughput of name parsing and keying on one core.

Run: .venv/bin/python bench/bench_names.py [--names N]
Names are built from a few hundred parts in many scripts and orders, so that a third of
the full names are distinct; word-level caches help, as they do on real lists where
surnames and given names repeat. The first pass is the figure to quote; the run on
names with surnames made of random syllables shows the floor, when no surname has been
seen before.
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
    """Names whose surnames are all new, so word-level caches cannot help with them."""
    rng = random.Random(seed)
    names = []
    for _ in range(n):
        surname = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()
        given = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        father = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        names.append(f"{surname}ов {given} {father}ұлы")
    return names


def measure(label: str, work: Callable[[str], object], items: list[str]) -> float:
    # CPU time of this process is the one-core figure even on a busy machine; wall time
    # is printed beside it so a gap shows contention.
    wall, cpu = time.perf_counter(), time.process_time()
    for item in items:
        work(item)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rate = len(items) / cpu
    print(f"{label:<38} {rate:>10,.0f} /s CPU  {len(items) / wall:>10,.0f} /s wall")
    return rate


def parse_and_key(text: str) -> str:
    return parse_name(text).key


def compare_pair(pair: str) -> bool:
    a, b = pair.split("|")
    return compare(a, b).same


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
    print(f"{len(set(unseen)):,} distinct names of {len(unseen):,} with unseen surnames")
    measure("parse + key (every surname new)", parse_and_key, unseen)
    measure("blocking keys", blocking_keys, names[: args.names // 4])
    pairs = [f"{a}|{b}" for a, b in zip(names[::2], names[1::2], strict=False)]
    pairs = pairs[: args.names // 10]
    measure("compare (parse both + score)", compare_pair, pairs)


if __name__ == "__main__":
    main()
