"""The generated world: deterministic, the size asked for, realistic where linkage needs it."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date

import pytest

from aqiqat.demo import DemoWorld, generate
from aqiqat.demo.geography import build_geography
from aqiqat.demo.pools import given_names, surnames
from aqiqat.demo.population import generate_population
from aqiqat.demo.sources import capture
from aqiqat.demo.timeline import generate_timeline

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def by_name(world: DemoWorld, name: str) -> list[dict[str, str]]:
    return next(lst.rows for lst in world.lists if lst.name == name)


def test_the_same_seed_gives_the_same_world() -> None:
    a, b = generate(people=400, seed=11), generate(people=400, seed=11)
    assert a.people == b.people
    assert a.events == b.events
    assert [(x.rows, x.truth_ids) for x in a.lists] == [(x.rows, x.truth_ids) for x in b.lists]
    assert a.complaints == b.complaints
    assert a.tracing_requests == b.tracing_requests


def test_a_different_seed_gives_a_different_world() -> None:
    assert generate(people=200, seed=1).people != generate(people=200, seed=2).people


@pytest.mark.parametrize("people", [1, 7, 250])
def test_it_makes_exactly_the_number_of_people_asked_for(people: int) -> None:
    world = generate(people=people, seed=3)
    assert len(world.people) == people
    assert [p.truth_id for p in world.people] == [f"T{n:07d}" for n in range(1, people + 1)]


def test_it_refuses_an_empty_population() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate(people=0)


def test_every_fate_sex_and_ethnicity_occurs(world: DemoWorld) -> None:
    fates = {"detained", "released", "injured", "missing", "killed"}
    assert {p.fate for p in world.people} == fates
    assert {p.sex for p in world.people} == {"M", "F"}
    assert {"kazakh", "russian", "korean", "uyghur"} <= {p.ethnicity for p in world.people}


def test_korean_surnames_stay_the_same_for_women(world: DemoWorld) -> None:
    korean_women = [p for p in world.people if p.ethnicity == "korean" and p.sex == "F"]
    assert korean_women
    korean = {s.own_m for s in surnames() if s.ethnicity == "korean"}
    assert {"Ким", "Цой", "Пак", "Ли"} <= korean
    assert all(p.surname in korean for p in korean_women)


def test_russified_surnames_take_the_female_ending(world: DemoWorld) -> None:
    women = [p for p in world.people if p.sex == "F" and p.ethnicity in ("kazakh", "russian")]
    assert not [p.surname for p in women if p.surname.endswith(("ов", "ев", "ин"))]
    assert any(p.surname.endswith(("ова", "ева", "ина")) for p in women)


def test_patronymics_agree_with_sex_in_both_styles(world: DemoWorld) -> None:
    for p in world.people:
        if not p.patronymic:
            continue
        if p.sex == "M":
            assert p.patronymic.endswith(("ұлы", "улы", "вич", "ич")), p
        else:
            assert p.patronymic.endswith(("қызы", "кызы", "вна", "ична")), p
    styles = Counter(p.patronymic[-3:] for p in world.people if p.ethnicity == "kazakh")
    assert styles["ұлы"] and styles["вич"]


def test_hyphenated_given_names_occur() -> None:
    world = generate(people=20_000, seed=5)
    assert any("-" in p.given for p in world.people)


def test_namesakes_and_fathers_with_sons_make_hard_cases(world: DemoWorld) -> None:
    names = Counter((p.surname, p.given) for p in world.people)
    assert any(n > 1 for n in names.values())
    ids = {p.truth_id: p for p in world.people}
    russian = {g.own: g.ru for g in given_names()}
    children = [p for p in world.people if p.father_id in ids]
    assert children
    for child in children:
        father = ids[child.father_id]  # type: ignore[index]
        assert father.sex == "M"
        assert father.birth_date.year + 19 <= child.birth_date.year
        if child.father_given:
            assert father.given in (child.father_given, russian[child.father_given])


def test_events_follow_from_each_fate(world: DemoWorld) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    for e in world.events:
        kinds[e.truth_id].add(e.kind)
        assert date(2022, 1, 1) <= e.on <= date(2023, 12, 31)
    facility_ids = {f.facility_id for f in world.facilities}
    assert {e.facility_id for e in world.events} - {None} <= facility_ids
    for p in world.people:
        k = kinds[p.truth_id]
        assert k, p
        if p.fate == "killed":
            assert "death" in k
        if p.fate == "detained":
            assert "detention" in k and "release" not in k
        if p.fate == "released":
            assert "release" in k
        if p.fate == "missing":
            assert "disappearance" in k and "death" not in k


def test_every_facility_kind_exists_in_almaty(world: DemoWorld) -> None:
    almaty = {f.kind for f in world.facilities if f.place_id == "kz-almaty"}
    assert almaty == {"detention", "hospital", "morgue"}


def test_rows_match_their_headers_and_truth(world: DemoWorld) -> None:
    ids = {p.truth_id for p in world.people}
    for lst in world.lists:
        assert len(lst.rows) == len(lst.truth_ids) > 0, lst.name
        assert set(lst.truth_ids) <= ids
        for row in lst.rows:
            assert list(row) == lst.headers


def test_lists_overlap_and_some_of_the_killed_are_on_none(world: DemoWorld) -> None:
    on_lists: dict[str, set[str]] = defaultdict(set)
    for lst in world.lists:
        for tid in lst.truth_ids:
            on_lists[tid].add(lst.name)
    assert sum(len(names) >= 2 for names in on_lists.values()) > 100
    killed = [p.truth_id for p in world.people if p.fate == "killed"]
    in_morgue = sum("morgue" in on_lists[t] for t in killed) / len(killed)
    assert 0.6 < in_morgue < 0.9
    assert any(not on_lists[t] for t in killed)


def test_media_pick_the_prominent_more_than_the_ordinary() -> None:
    geo = build_geography()
    pop = generate_population(20_000, geo, random.Random(1))
    tl = generate_timeline(pop, geo, random.Random(2))
    media = set(capture(pop, tl, geo, random.Random(3))["media"])
    rate = [
        sum(i in media for i in group) / len(group)
        for group in ([i for i, v in enumerate(pop.visibility) if v == level] for level in (0, 2))
    ]
    assert rate[1] > 5 * rate[0]


def test_lists_hold_duplicates_of_one_person(world: DemoWorld) -> None:
    for name in ("relatives", "media", "ngo", "detention"):
        lst = next(x for x in world.lists if x.name == name)
        assert len(set(lst.truth_ids)) < len(lst.truth_ids), name


def test_each_list_writes_names_its_own_way(world: DemoWorld) -> None:
    prosecutor = [r["Ф.И.О."] for r in by_name(world, "prosecutor")]
    assert all(n == n.upper() and not KAZAKH_LETTERS.search(n) for n in prosecutor)
    assert any(KAZAKH_LETTERS.search(r["Тегі"] + r["Аты"]) for r in by_name(world, "ngo"))
    assert not any(CYRILLIC.search(r["name"]) for r in by_name(world, "media"))
    morgue = [r["ФИО"] for r in by_name(world, "morgue")]
    assert all(re.search(r" \w\.(\w\.)?$", n) or n.startswith("Неизвестн") for n in morgue)
    relatives = by_name(world, "relatives")
    assert any(CYRILLIC.search(r["Фамилия"]) for r in relatives)
    assert any(r["Фамилия"] and not CYRILLIC.search(r["Фамилия"]) for r in relatives)


def test_dates_and_places_are_written_in_several_ways(world: DemoWorld) -> None:
    ngo_births = {r["Туған күні"] for r in by_name(world, "ngo")}
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in ngo_births)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d{4}", d) for d in ngo_births)
    assert any(re.fullmatch(r"\d{4}", d) for d in ngo_births)
    assert any("января" in r["Когда"] for r in by_name(world, "relatives"))
    places = {r["Место"] for r in by_name(world, "prosecutor")}
    assert {"г. Алматы", "Алматы"} <= places


def test_complaints_follow_what_happened_with_ordered_histories(world: DemoWorld) -> None:
    ill = {e.truth_id for e in world.events if e.kind == "ill_treatment"}
    fate = {p.truth_id: p.fate for p in world.people}
    assert world.complaints
    for c in world.complaints:
        if c.about == "ill_treatment":
            assert c.truth_id in ill
        elif c.about == "killing":
            assert fate[c.truth_id] == "killed"
        elif c.about == "disappearance":
            assert fate[c.truth_id] == "missing"
        days = [on for _, on in c.status_history]
        assert days == sorted(days) and all(d >= c.filed_on for d in days)
        if c.case_number is not None:
            assert c.authority == "prosecutor"
            assert c.status_history[0][0] == "registered"
            assert c.answered_on is None
        else:
            assert c.status_history == []
            assert c.answered_on is None or c.answered_on > c.filed_on
    assert any(s == "verdict" for c in world.complaints for s, _ in c.status_history)
    waiting = [c for c in world.complaints if c.case_number is None and c.answered_on is None]
    assert waiting, "some complaints are still waiting for an answer"


def test_about_one_person_in_five_has_a_complaint(world: DemoWorld) -> None:
    with_complaint = {c.truth_id for c in world.complaints}
    assert 0.12 < len(with_complaint) / len(world.people) < 0.3


def test_tracing_requests_include_people_on_no_list_and_strangers(world: DemoWorld) -> None:
    listed = {t for lst in world.lists for t in lst.truth_ids}
    requests = world.tracing_requests
    assert any(r.truth_id is None for r in requests)
    assert any(r.truth_id is not None and r.truth_id not in listed for r in requests)
    assert all(r.enquirer_contact.startswith("8 (000) ") for r in requests)


def test_nothing_looks_like_markup_or_a_formula(world: DemoWorld) -> None:
    cells = [v for lst in world.lists for row in lst.rows for v in row.values()]
    cells += [r.sought_name for r in world.tracing_requests]
    cells += [c.filed_by for c in world.complaints]
    for cell in cells:
        assert not re.search(r"[<>;\\{}`$\x00-\x1f]", cell), cell
        assert not cell.startswith(("=", "+", "-", "@")), cell


def test_every_list_says_it_is_fictional(world: DemoWorld) -> None:
    assert all("fictional" in lst.title for lst in world.lists)
