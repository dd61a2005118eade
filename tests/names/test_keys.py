import csv
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from aqiqat.names import SYSTEMS, latin_key, phonetic_key, transliterate, word_key
from aqiqat.names.keys import KEY_RULES


def test_it_keys_tokayev_and_toqaev_the_same():
    forms = ["Тоқаев", "Токаев", "ТОКАЕВ", "Tokayev", "TOKAYEV", "Toqaev", "Tokaev"]
    assert {word_key(f) for f in forms} == {"tokaev"}


@pytest.mark.parametrize(
    "forms",
    [
        ["Талдықорған", "Талдыкорган", "Taldykorgan", "Taldyqorğan", "Taldyqorghan"],
        ["Жаңаөзен", "Жанаозен", "Zhanaozen", "Jañaözen", "Jan'ao'zen", "Zhangaozen"],
        ["Нұрлан", "Нурлан", "Nurlan", "Nūrlan"],
        ["Ерланұлы", "Ерланулы", "Erlanuly", "Yerlanuly", "Erlanūly"],
        ["Джанбулатов", "Жанбулатов", "Dzhanbulatov", "Zhanbulatov", "Janbulatov"],
        ["Дмитрий", "Dmitriy", "Dmitry", "Dmitrii"],
        ["Ахмет", "Akhmet", "Ahmet"],
        ["Айдос", "Aidos", "Aydos"],
        ["Шымкент", "Shymkent", "Şymkent", "S'ymkent"],
        ["Пётр", "Петр", "Pyotr", "Petr", "Piotr"],
        ["Цой", "Tsoy", "Tsoi"],
        ["Щукин", "Shchukin", "Schukin", "Shukin"],
        ["Асель", "Әсел", "Assel", "Asel"],
        ["Іляс", "İlyas", "Ilias"],
    ],
)
def test_it_gives_every_spelling_of_a_name_one_key(forms):
    assert len({word_key(f) for f in forms}) == 1, {f: word_key(f) for f in forms}


def _cyrillic_names() -> list[str]:
    data = resources.files("aqiqat.names").joinpath("data")
    names = [r["name"] for r in csv.DictReader((data / "given_names.csv").open(encoding="utf-8"))]
    for row in csv.DictReader((data / "gazetteer.csv").open(encoding="utf-8")):
        names += [row["name_kk"], row["name_ru"]]
    return sorted(set(names))


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_system_romanises_to_the_key_of_the_cyrillic(system):
    wrong = {
        name: transliterate(name, system)
        for name in _cyrillic_names()
        if latin_key(transliterate(name, system)) != latin_key(name)
    }
    assert wrong == {}


def test_it_keys_russian_keyboard_forms_like_kazakh_letters():
    assert word_key("Сейітқали") == word_key("Сейиткали")
    assert word_key("Өмірзақов") == word_key("Омирзаков")


def test_it_keeps_words_apart_and_drops_punctuation():
    assert latin_key("Тоқаев  Нұрлан, Ерланұлы") == "tokaev nurlan erlanuli"
    assert latin_key("Қасым-Жомарт") == "kasim jomart"
    assert word_key("Қасым-Жомарт") == "kasimjomart"


def test_it_keys_text_with_no_letters_as_empty():
    assert word_key("") == ""
    assert word_key("12 ?!") == ""
    assert latin_key("  ") == ""


def test_it_keys_letters_from_other_scripts_through_ascii_folding():
    assert word_key("Ελένη").isascii()


def test_the_phonetic_key_survives_voicing_and_vowel_differences():
    assert phonetic_key("Жолдасбеков") == phonetic_key("Жолдаспеков")
    assert phonetic_key("Ахмет") == phonetic_key("Ахмед")
    assert phonetic_key("Tokayev") == phonetic_key("Токаев")
    assert phonetic_key("Нурланов") != phonetic_key("Нурлыбаев")


def test_the_rules_file_has_only_known_stages_and_single_letters_in_the_letter_stage():
    assert {r.stage for r in KEY_RULES} == {"letter", "sequence", "pattern"}
    assert all(len(r.source) == 1 for r in KEY_RULES if r.stage == "letter")


def test_every_rule_is_documented_in_the_analysts_guide():
    guide = (Path(__file__).parents[2] / "docs" / "names.md").read_text(encoding="utf-8")
    # A backtick or a lone combining mark cannot stand inside backticks; the guide names
    # those in words.
    shown = [r for r in KEY_RULES if r.source != "`" and not unicodedata.combining(r.source[0])]
    missing = [r.source for r in shown if f"`{r.source}`" not in guide]
    assert missing == []
    assert guide.count("\n| ") - guide.count("\n| #") >= len(KEY_RULES)
