import pytest

from aqiqat.names import Script, detect_script
from aqiqat.names.script import repair_lookalikes


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Тоқаев Нұрлан", Script.KAZAKH_CYRILLIC),
        ("Токаев Нурлан", Script.RUSSIAN_CYRILLIC),
        ("ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ", Script.RUSSIAN_CYRILLIC),
        ("Toqaev Nūrlan", Script.LATIN),
        ("Tokayev", Script.LATIN),
        ("Tokayev Нурлан", Script.MIXED),
        ("Ελένη", Script.OTHER),
        ("", Script.NONE),
        ("12345", Script.NONE),
        ("😀", Script.NONE),
    ],
)
def test_it_detects_the_script_of_a_name(text, script):
    assert detect_script(text) == script


def test_it_repairs_latin_look_alikes_inside_a_cyrillic_word():
    assert repair_lookalikes("Тokaев") == "Токаев"
    assert detect_script(repair_lookalikes("Нурланoв")) == Script.RUSSIAN_CYRILLIC


def test_it_repairs_cyrillic_look_alikes_inside_a_latin_word():
    assert repair_lookalikes("Тokayev") == "Tokayev"


def test_it_repairs_a_latin_i_typed_for_kazakh_i():
    assert repair_lookalikes("Сейiтқали") == "Сейітқали"


def test_it_refuses_a_word_that_really_mixes_scripts():
    assert repair_lookalikes("Nurлан") is None


def test_it_leaves_single_script_words_alone():
    assert repair_lookalikes("Тоқаев") == "Тоқаев"
    assert repair_lookalikes("Toqaev") == "Toqaev"
