import pytest

from aqiqat.names import SYSTEMS, russian_keyboard, transliterate

NAME = "Тоқаев Нұрлан"
CITY = "Талдықорған"


@pytest.mark.parametrize(
    ("system", "name", "city"),
    [
        ("kz2021", "Toqaev Nūrlan", "Taldyqorğan"),
        ("kz2017", "Toqaev Nurlan", "Taldyqorg'an"),
        ("kz2018", "Toqaev Nurlan", "Taldyqorǵan"),
        ("icao", "Tokayev Nurlan", "Taldykorgan"),
        ("bgn", "Tokayev Nurlan", "Taldykorgan"),
        ("informal", "Tokaev Nurlan", "Taldykorgan"),
    ],
)
def test_it_writes_tokayev_and_taldykorgan_in_each_system(system, name, city):
    assert transliterate(NAME, system) == name
    assert transliterate(CITY, system) == city


def test_it_writes_zhanaozen_in_each_system():
    got = {s: transliterate("Жаңаөзен", s) for s in SYSTEMS}
    assert got == {
        "kz2021": "Jañaözen",
        "kz2017": "Jan'ao'zen",
        "kz2018": "Jańaózen",
        "icao": "Zhanaozen",
        "bgn": "Zhanaozen",
        "informal": "Zhanaozen",
    }


def test_it_keeps_upper_case_words_upper_case_with_digraphs():
    assert transliterate("ЖАНАОЗЕН ШЫМКЕНТ", "icao") == "ZHANAOZEN SHYMKENT"
    assert transliterate("ТОКАЕВ", "icao") == "TOKAYEV"


def test_it_title_cases_a_digraph_at_the_start_of_a_capitalised_word():
    assert transliterate("Шымкент", "kz2018") == "Shymkent"
    assert transliterate("Жанна", "bgn") == "Zhanna"


def test_it_adds_a_y_glide_only_in_passport_and_media_systems():
    assert transliterate("Ерлан", "icao") == "Yerlan"
    assert transliterate("Ерлан", "bgn") == "Yerlan"
    assert transliterate("Ерлан", "informal") == "Erlan"
    assert transliterate("Ерлан", "kz2021") == "Erlan"
    assert transliterate("Сергей", "bgn") == "Sergey"


def test_it_writes_2017_letters_with_apostrophes():
    assert transliterate("Шығыс Үміт Ұлы", "kz2017") == "S'yg'ys U'mit Uly"
    assert transliterate("Айгүл Сұлтанбекқызы", "kz2017") == "Ai'gu'l Sultanbekqyzy"


def test_it_writes_kazakh_u_and_i_as_the_2021_alphabet_does():
    assert transliterate("Үміт Ілияс", "kz2021") == "Ümıt Iliias"
    assert transliterate("Уәлиханов", "kz2021") == "Uälihanov"


def test_it_leaves_latin_text_and_punctuation_unchanged():
    assert transliterate("Tokayev, N.E. (1985)", "kz2021") == "Tokayev, N.E. (1985)"
    assert transliterate("", "icao") == ""


def test_it_refuses_an_unknown_system_with_the_list_of_known_ones():
    with pytest.raises(ValueError, match="kz2021"):
        transliterate("Тоқаев", "iso9")


def test_it_reduces_kazakh_letters_to_the_russian_keyboard():
    assert russian_keyboard("Тоқаев Нұрлан Ерланұлы") == "Токаев Нурлан Ерланулы"
    assert russian_keyboard("ӘҒҚҢӨҰҮҺІ әғқңөұүһі") == "АГКНОУУХИ агкноуухи"
    assert russian_keyboard("Tokayev") == "Tokayev"


def test_the_2021_alphabet_writes_capital_i_dotted_for_i_and_plain_for_kazakh_i():
    assert transliterate("Ислам Ілияс", "kz2021") == "İslam Iliias"
    assert transliterate("ИСЛАМ", "kz2021") == "İSLAM"
