"""The fictional population: who they are, what became of them, how their names are written."""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from datetime import date

from aqiqat.demo import pools
from aqiqat.demo.geography import Geography
from aqiqat.demo.model import DemoPerson, Fate, Sex
from aqiqat.demo.render import day
from aqiqat.names import russian_keyboard

# Mid-unrest: ages are counted from here.
REFERENCE = date(2022, 1, 5).toordinal()

ETHNICITIES = {
    "kazakh": 70,
    "russian": 14,
    "uyghur": 6,
    "korean": 4,
    "ukrainian": 3,
    "german": 3,
}
FATES: dict[Fate, int] = {
    "released": 50,
    "detained": 20,
    "injured": 14,
    "missing": 5,
    "killed": 11,
}
MALE_SHARE: dict[Fate, float] = {
    "released": 0.88,
    "detained": 0.92,
    "injured": 0.85,
    "missing": 0.85,
    "killed": 0.9,
}
CHILD_SHARE = 0.04
NAMESAKE_SHARE = 0.02
# How visible a person is to the press: ordinary, noticed, prominent.
VISIBILITY = (72, 20, 8)


def _table(items: list[int], weights: list[int]) -> list[int]:
    """Items repeated by weight, so a weighted draw is one index into a list."""
    return [item for item, w in zip(items, weights, strict=True) for _ in range(w)]


@dataclass(slots=True)
class Population:
    """People plus the pool indexes behind their names, in parallel arrays."""

    people: list[DemoPerson]
    surname: array[int]
    given: array[int]
    father: array[int]  # given-name index of the father, -1 when no patronymic is used
    kazakh_style: bytearray  # 1 when the own patronymic is -ұлы/-қызы
    visibility: bytearray
    home: bytearray  # city index
    birth: array[int]  # ordinal

    def sur_own(self, i: int) -> str:
        """Surname in the own (Kazakh letters where Kazakh) spelling."""
        s = pools.surnames()[self.surname[i]]
        return s.own_m if self.people[i].sex == "M" else s.own_f

    def sur_ru(self, i: int) -> str:
        """Surname as Russian-language registers spell it."""
        s = pools.surnames()[self.surname[i]]
        return s.ru_m if self.people[i].sex == "M" else s.ru_f

    def giv_own(self, i: int) -> str:
        """Given name in the own spelling."""
        return pools.given_names()[self.given[i]].own

    def giv_ru(self, i: int) -> str:
        """Given name in Russian spelling."""
        return pools.given_names()[self.given[i]].ru

    def pat_ru(self, i: int) -> str:
        """Russian-style patronymic, or "" for people who use none."""
        f = self.father[i]
        if f < 0:
            return ""
        g = pools.given_names()[f]
        return g.son_ru if self.people[i].sex == "M" else g.daughter_ru

    def pat_kk(self, i: int) -> str:
        """Kazakh-style patronymic for Kazakhs, Russian style for everybody else."""
        f = self.father[i]
        if f < 0:
            return ""
        if self.people[i].ethnicity != "kazakh":
            return self.pat_ru(i)
        g = pools.given_names()[f]
        return g.son_kk if self.people[i].sex == "M" else g.daughter_kk

    def age_on(self, i: int, ordinal: int) -> int:
        """Age in whole years on a day."""
        b = day(self.birth[i])
        d = day(ordinal)
        return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


class _Draws:
    """Weighted tables for the name pools, per ethnicity and sex."""

    def __init__(self) -> None:
        surnames = pools.surnames()
        given = pools.given_names()
        self.surnames = {
            eth: _table(
                [i for i, s in enumerate(surnames) if s.ethnicity == eth],
                [s.weight for s in surnames if s.ethnicity == eth],
            )
            for eth in ETHNICITIES
        }
        self.given: dict[tuple[str, str], list[int]] = {}
        self.fathers: dict[str, list[int]] = {}
        for eth, names in pools.GIVEN_POOLS.items():
            for sex in ("M", "F"):
                idx = [i for i, g in enumerate(given) if g.pool in names and g.sex == sex]
                self.given[eth, sex] = _table(idx, [given[i].weight for i in idx])
            # A hyphenated name is rare enough as a father's name to leave out.
            idx = [i for i in range(len(given)) if given[i].pool in names]
            idx = [i for i in idx if given[i].sex == "M" and "-" not in given[i].own]
            self.fathers[eth] = _table(idx, [given[i].weight for i in idx])


def generate_population(n: int, geo: Geography, rng: random.Random) -> Population:
    """Draw n people; some are children, siblings or namesakes of people drawn before them."""
    draws = _Draws()
    rand = rng.random
    eths = rng.choices(list(ETHNICITIES), list(ETHNICITIES.values()), k=n)
    fates = rng.choices(list(FATES), list(FATES.values()), k=n)
    homes = rng.choices(range(len(geo.cities)), [c.home_weight for c in geo.cities], k=n)
    vis = rng.choices(range(3), VISIBILITY, k=n)
    surnames = pools.surnames()
    given_pool = pools.given_names()
    pop = Population(
        people=[],
        surname=array("i"),
        given=array("i"),
        father=array("i"),
        kazakh_style=bytearray(),
        visibility=bytearray(vis),
        home=bytearray(),
        birth=array("i"),
    )
    people = pop.people
    for i in range(n):
        eth, fate, home = eths[i], fates[i], homes[i]
        sex: Sex = "M" if rand() < MALE_SHARE[fate] else "F"
        # Mostly young adults; a few teenagers and older people.
        age = 15 + int(rand() ** 1.6 * 55)
        birth = REFERENCE - int(age * 365.25) - int(rand() * 365)
        sur_table = draws.surnames[eth]
        surname = sur_table[int(rand() * len(sur_table))]
        gtable = draws.given[eth, sex]
        given = gtable[int(rand() * len(gtable))]
        ftable = draws.fathers[eth]
        father = ftable[int(rand() * len(ftable))]
        father_id = None
        r = rand()
        if i and r < CHILD_SHARE + NAMESAKE_SHARE:
            j = int(rand() * i)
            other = people[j]
            eth, home = other.ethnicity, pop.home[j]
            surname = pop.surname[j]
            if r < CHILD_SHARE and other.sex == "M" and pop.birth[j] + 20 * 365 <= birth:
                father, father_id = pop.given[j], other.truth_id
                # Russian families name a son after his father (Иван Иванович) often enough.
                given = father if sex == "M" and eth == "russian" and rand() < 0.3 else given
            elif r < CHILD_SHARE:
                father, father_id = pop.father[j], other.father_id
                # A sibling shares the father only if he was old enough for this one too.
                if father_id and pop.birth[int(father_id[1:]) - 1] + 20 * 365 > birth:
                    father_id = None
            else:
                sex, given = other.sex, pop.given[j]
            g = given_pool[given]
            if g.sex != sex or g.pool not in pools.GIVEN_POOLS[eth]:
                gtable = draws.given[eth, sex]
                given = gtable[int(rand() * len(gtable))]
            if father < 0 or given_pool[father].pool not in pools.GIVEN_POOLS[eth]:
                ftable = draws.fathers[eth]
                father = ftable[int(rand() * len(ftable))]
        s = surnames[surname]
        g = given_pool[given]
        fg = given_pool[father]
        kazakh_style = 0
        if eth == "kazakh":
            letters = rand() < 0.6  # documents in Kazakh letters rather than Russian spelling
            sname = (
                (s.own_m if sex == "M" else s.own_f)
                if letters
                else (s.ru_m if sex == "M" else s.ru_f)
            )
            gname = g.own if letters else g.ru
            style = rand()
            if style < 0.5:
                kazakh_style = 1
                pat = fg.son_kk if sex == "M" else fg.daughter_kk
                pat = pat if letters else russian_keyboard(pat)
            elif style < 0.94:
                pat = fg.son_ru if sex == "M" else fg.daughter_ru
            else:
                pat, father = "", -1
        else:
            sname = s.ru_m if sex == "M" else s.ru_f
            gname = g.ru
            if rand() < (0.15 if eth in ("uyghur", "german") else 0.03):
                pat, father = "", -1
            else:
                pat = fg.son_ru if sex == "M" else fg.daughter_ru
        people.append(
            DemoPerson(
                f"T{i + 1:07d}",
                sex,
                eth,
                sname,
                gname,
                pat,
                day(birth),
                geo.cities[home].place.id,
                fate,
                fg.own if father >= 0 else "",
                father_id,
            )
        )
        pop.surname.append(surname)
        pop.given.append(given)
        pop.father.append(father)
        pop.kazakh_style.append(kazakh_style)
        pop.home.append(home)
        pop.birth.append(birth)
    return pop
