from pathlib import Path

import pytest

from aqiqat.names import load_gazetteer, resolve_place
from aqiqat.names.places import Gazetteer, places_within


@pytest.fixture(scope="module")
def places():
    return load_gazetteer()


def test_the_bundled_gazetteer_has_unique_ids_and_known_parents(places):
    ids = [p.id for p in places]
    assert len(ids) == len(set(ids))
    assert all(p.parent_id is None or p.parent_id in ids for p in places)


def test_the_bundled_gazetteer_has_all_seventeen_regions_and_three_republican_cities(places):
    regions = [p for p in places if p.kind == "region"]
    assert len(regions) == 17
    assert {"kz-astana", "kz-almaty", "kz-shymkent"} <= {p.id for p in places}


def test_every_place_has_names_in_four_forms_and_coordinates_in_kazakhstan(places):
    for p in places:
        assert p.name_kk and p.name_ru and p.name_en and p.name_latin, p.id
        assert p.lat is not None and 40 < p.lat < 56, p.id
        assert p.lon is not None and 46 < p.lon < 88, p.id


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("г. Алматы", "kz-almaty"),
        ("ALMATY", "kz-almaty"),
        ("Алма-Ата", "kz-almaty"),
        ("Алматы қаласы", "kz-almaty"),
        ("Талдыкорган", "kz-taldykorgan"),
        ("Taldyqorğan", "kz-taldykorgan"),
        ("Талдықорған", "kz-taldykorgan"),
        ("Нур-Султан", "kz-astana"),
        ("Целиноград", "kz-astana"),
        ("Акмолинск", "kz-astana"),
        ("Уральск", "kz-oral"),
        ("Aktyubinsk", "kz-aktobe-city"),
        ("Чимкент", "kz-shymkent"),
        ("Гурьев", "kz-atyrau-city"),
        ("Semipalatinsk", "kz-semey"),
        ("Усть-Каменогорск", "kz-oskemen"),
        ("Öskemen", "kz-oskemen"),
        ("Жанаозен", "kz-zhanaozen"),
        ("Jañaözen", "kz-zhanaozen"),
        ("г. Каскелен", "kz-kaskelen"),
        ("Есик", "kz-esik"),
        ("Talgar", "kz-talgar"),
        ("Aktau", "kz-aktau"),
        ("Taraz", "kz-taraz"),
        ("Кызылорда", "kz-kyzylorda-city"),
    ],
)
def test_it_resolves_free_text_to_a_place(text, place_id):
    match = resolve_place(text)
    assert match is not None
    assert match.place.id == place_id


def test_it_gives_the_region_when_the_text_names_a_region():
    assert resolve_place("Алматинская область").place.id == "kz-almaty-region"
    assert resolve_place("в Алматинской области").place.id == "kz-almaty-region"
    assert resolve_place("Almaty oblysy").place.id == "kz-almaty-region"


def test_a_name_current_for_one_place_and_old_for_another_gives_the_current_one():
    akmola = resolve_place("Akmola")
    assert akmola.place.id == "kz-akmola"
    assert "kz-astana" in akmola.alternatives
    zhambyl = resolve_place("Жамбыл")
    assert zhambyl.place.id == "kz-jambyl"
    assert "kz-taraz" in zhambyl.alternatives


def test_an_old_city_name_beats_the_adjective_of_a_region_named_after_it():
    assert resolve_place("Актюбинск").place.id == "kz-aktobe-city"
    assert resolve_place("Актюбинская обл.").place.id == "kz-aktobe"


def test_it_is_fully_confident_for_a_current_name_and_less_for_an_old_one():
    assert resolve_place("Алматы").confidence == 1.0
    old = resolve_place("Алма-Ата")
    assert old.how == "historical"
    assert 0.9 <= old.confidence < 1.0


def test_it_accepts_a_misspelling_with_lower_confidence():
    match = resolve_place("Талдыкоргн")
    assert match.place.id == "kz-taldykorgan"
    assert match.how == "fuzzy"
    assert match.confidence < 0.9


def test_it_picks_the_most_specific_place_from_a_comma_list():
    assert resolve_place("Алматы, Алмалинский район").place.id == "kz-almaty-almaly"


@pytest.mark.parametrize("text", ["", "   ", "Москва", "12345", "<b>x</b>", "x" * 1000])
def test_it_returns_none_for_text_that_names_no_known_place(text):
    assert resolve_place(text) is None


def test_it_lists_the_places_inside_a_region():
    inside = {p.id for p in places_within("kz-almaty-region")}
    assert {"kz-kaskelen", "kz-esik", "kz-talgar", "kz-konaev"} <= inside
    assert "kz-almaty" not in inside


def test_a_gazetteer_for_another_country_is_just_another_file(tmp_path: Path):
    path = tmp_path / "kg.csv"
    path.write_text(
        "id,kind,parent_id,name_kk,name_ru,name_en,name_latin,other_names,historical_names,lat,lon\n"
        "kg-bishkek,city,,Бишкек,Бишкек,Bishkek,Bishkek,,Фрунзе|Frunze,42.87,74.59\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer(load_gazetteer(path))
    assert gazetteer.resolve("Фрунзе").place.id == "kg-bishkek"
    assert resolve_place("Бишкек", gazetteer).place.name_en == "Bishkek"


def test_it_names_the_missing_columns_of_a_bad_gazetteer(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("id,kind\nx,city\n", encoding="utf-8")
    with pytest.raises(ValueError, match="name_kk"):
        load_gazetteer(path)
