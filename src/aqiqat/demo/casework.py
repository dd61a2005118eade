"""Complaints of ill-treatment with their case histories, and relatives' tracing requests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from functools import cache

from aqiqat.demo import pools
from aqiqat.demo.geography import Geography
from aqiqat.demo.model import (
    Authority,
    ComplaintAbout,
    ComplaintStatus,
    DemoComplaint,
    DemoTracingRequest,
)
from aqiqat.demo.population import Population
from aqiqat.demo.render import day, latin, phone, typo
from aqiqat.demo.timeline import ILL_TREATED, Timeline

COMPLAINT_SHARE = 0.55
# Complaints about other wrongs, by the person's fate: killings and disappearances above
# all. With the ill-treatment complaints about one person in five has a complaint.
OTHER_COMPLAINTS: dict[str, tuple[float, ComplaintAbout]] = {
    "killed": (0.6, "killing"),
    "missing": (0.45, "disappearance"),
    "detained": (0.2, "detention"),
    "injured": (0.1, "detention"),
    "released": (0.03, "detention"),
}
OTHER_AUTHORITIES: dict[ComplaintAbout, tuple[Authority, ...]] = {
    "killing": ("prosecutor",) * 8 + ("un_body", "international_ngo"),
    "disappearance": ("prosecutor",) * 5 + ("un_body", "un_body", "ombudsman"),
    "detention": ("prosecutor",) * 4 + ("ombudsman",) * 4 + ("un_body",),
}
# Of the complaints sent to a prosecutor, these shares get no answer at all, or a refusal
# without a case; the rest lead to a case.
NO_ANSWER = 0.15
REFUSED = 0.1
AUTHORITIES: tuple[Authority, ...] = ("prosecutor",) * 14 + (
    "ombudsman",
    "ombudsman",
    "ombudsman",
    "un_body",
    "international_ngo",
    "international_ngo",
)
NGOS = (
    "ОО «Демо-бюро по правам человека» (вымышленное)",
    "ҚБ «Ақиқат-Демо» (ойдан шығарылған)",
    "Demo Legal Aid Network (fictional)",
)
TRACING_SHARE = {"missing": 0.7, "detained": 0.2, "killed": 0.2, "injured": 0.1, "released": 0.02}
RELATIONSHIPS = ("mother", "mother", "mother", "father", "wife", "brother", "sister", "son")
FEMALE_RELATIONS = frozenset({"mother", "wife", "sister"})
# Requests for people the world does not contain, so that "no match" is measured too.
UNKNOWN_SHARE = 0.08


@cache
def _given(ethnicity: str, sex: str) -> tuple[str, ...]:
    pools_of = pools.GIVEN_POOLS[ethnicity]
    return tuple(g.ru for g in pools.given_names() if g.sex == sex and g.pool in pools_of)


@cache
def _surnames(ethnicity: str, sex: str) -> tuple[str, ...]:
    return tuple(
        s.ru_m if sex == "M" else s.ru_f for s in pools.surnames() if s.ethnicity == ethnicity
    )


def _fictional_name(
    rng: random.Random, sex: str, ethnicity: str = "kazakh", surname: str | None = None
) -> str:
    """A made-up enquirer, lawyer or stranger: not one of the population."""
    return (
        f"{surname or rng.choice(_surnames(ethnicity, sex))} {rng.choice(_given(ethnicity, sex))}"
    )


Outcome = tuple[str | None, list[tuple[ComplaintStatus, date]], date | None]


def _outcome(rng: random.Random, authority: Authority, filed: int) -> Outcome:
    """The case number and history, or the date of an answer without a case, or neither."""
    r = rng.random()
    if authority != "prosecutor":
        answered = day(filed + 10 + int(rng.random() * 50)) if r < 0.5 else None
        return None, [], answered
    if r < NO_ANSWER:
        return None, [], None
    if r < NO_ANSWER + REFUSED:
        return None, [], day(filed + 15 + int(rng.random() * 40))
    number, history = _history(rng, filed)
    return number, history, None


def _history(rng: random.Random, filed: int) -> tuple[str, list[tuple[ComplaintStatus, date]]]:
    on = filed + 1 + int(rng.random() * 6)
    history: list[tuple[ComplaintStatus, date]] = [("registered", day(on))]
    number = f"22750{rng.randrange(10**10):010d}"
    if rng.random() < 0.15:
        history.append(("closed", day(on + 20 + int(rng.random() * 60))))
        return number, history
    on += 5 + int(rng.random() * 30)
    history.append(("under_investigation", day(on)))
    r = rng.random()
    if r < 0.3:
        on += 40 + int(rng.random() * 120)
        history.append(("suspended", day(on)))
        if rng.random() < 0.5:
            history.append(("closed", day(on + 30 + int(rng.random() * 90))))
    elif r < 0.5:
        history.append(("closed", day(on + 30 + int(rng.random() * 150))))
    elif r < 0.65:
        for status in ("charges_brought", "in_court", "verdict"):
            on += 30 + int(rng.random() * 90)
            history.append((status, day(on)))
    return number, history


def build_complaints(
    pop: Population, tl: Timeline, rng: random.Random, facility_ids: Sequence[str] = ()
) -> list[DemoComplaint]:
    """Complaints of ill-treatment, killings, disappearances and detention; prosecutors
    open cases on many, some are answered without one, some wait for an answer."""
    out = []
    for i, person in enumerate(pop.people):
        about: ComplaintAbout
        if tl.flags[i] & ILL_TREATED and rng.random() < COMPLAINT_SHARE:
            about = "ill_treatment"
        else:
            share, about = OTHER_COMPLAINTS[person.fate]
            if rng.random() >= share:
                continue
        choices = AUTHORITIES if about == "ill_treatment" else OTHER_AUTHORITIES[about]
        authority = choices[int(rng.random() * len(choices))]
        filed = tl.start_date[i] + 3 + int(rng.random() * 60)
        r = rng.random()
        if r < 0.5:
            by = "адвокат " + _fictional_name(rng, "M" if rng.random() < 0.6 else "F")
        elif r < 0.8:
            kin = pop.sur_ru(i) if person.sex == "F" else None
            by = _fictional_name(rng, "F", person.ethnicity, kin)
        else:
            by = rng.choice(NGOS)
        number, history, answered = _outcome(rng, authority, filed)
        held = tl.detention_facility[i]
        out.append(
            DemoComplaint(
                person.truth_id,
                by,
                authority,
                day(filed),
                number,
                history,
                about=about,
                facility_id=facility_ids[held] if 0 <= held < len(facility_ids) else None,
                answered_on=answered,
            )
        )
    return out


def _sought_name(pop: Population, i: int, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        parts = [pop.sur_ru(i), pop.giv_ru(i), pop.pat_ru(i)]
    elif r < 0.75:
        parts = [pop.sur_own(i), pop.giv_own(i), pop.pat_kk(i)]
    else:
        parts = [latin(pop.giv_ru(i), "informal"), latin(pop.sur_ru(i), "informal")]
    if rng.random() < 0.35:
        parts = parts[:2]
    name = " ".join(p for p in parts if p)
    return typo(name, rng) if rng.random() < 0.1 else name


def build_tracing(
    pop: Population, tl: Timeline, geo: Geography, rng: random.Random
) -> list[DemoTracingRequest]:
    """Relatives' enquiries: for the missing above all, and a few for unknown people."""
    out = []
    for i, person in enumerate(pop.people):
        if rng.random() >= TRACING_SHARE[person.fate]:
            continue
        relation = RELATIONSHIPS[int(rng.random() * len(RELATIONSHIPS))]
        sex = "F" if relation in FEMALE_RELATIONS else "M"
        surname = pools.surnames()[pop.surname[i]]
        own = surname.ru_m if sex == "M" else surname.ru_f
        # A wife or mother often keeps her own surname.
        enquirer = _fictional_name(rng, sex, person.ethnicity, None if rng.random() < 0.4 else own)
        year = person.birth_date.year
        r = rng.random()
        born = None if r < 0.2 else (year + rng.choice((-1, 1)) if r < 0.3 else year)
        seen = tl.start_date[i] - int(rng.random() * 2)
        out.append(
            DemoTracingRequest(
                truth_id=person.truth_id,
                enquirer_name=enquirer,
                relationship=relation,
                enquirer_contact=phone(rng),
                sought_name=_sought_name(pop, i, rng),
                sought_birth_year=born,
                last_seen_on=None if rng.random() < 0.15 else day(seen),
                last_seen_place_id=geo.cities[tl.key_city[i]].place.id,
            )
        )
        if rng.random() < UNKNOWN_SHARE:
            relation = RELATIONSHIPS[int(rng.random() * len(RELATIONSHIPS))]
            sex = "F" if relation in FEMALE_RELATIONS else "M"
            city = rng.choice(geo.cities)
            out.append(
                DemoTracingRequest(
                    truth_id=None,
                    enquirer_name=_fictional_name(rng, sex),
                    relationship=relation,
                    enquirer_contact=phone(rng),
                    sought_name=_fictional_name(rng, "M"),
                    sought_birth_year=1960 + int(rng.random() * 45),
                    last_seen_on=day(tl.key_date[i]),
                    last_seen_place_id=city.place.id,
                )
            )
    return out
