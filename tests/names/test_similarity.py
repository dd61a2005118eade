import pytest

from aqiqat.names import DEFAULT_THRESHOLD, compare, name_similarity, parse_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ", "Тоқаев Нұрлан Ерланұлы"),
        ("Тоқаев Нұрлан Ерланұлы", "Nurlan Tokayev"),
        ("Toqaev Nūrlan", "Tokaev N.E."),
        ("Tokaev N.E.", "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ"),
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),
        ("Сулейменова Айгерим Болатқызы", "SULEIMENOVA AIGERIM"),
        ("Өтепов Асхат", "Утепов Асхат"),
        ("Жүнісова Мадина", "Жунусова Мадина"),
        ("Abdrakhmanov Yerlan", "Абдурахманов Ерлан"),
    ],
)
def test_it_finds_the_same_person_across_scripts_orders_and_forms(a, b):
    result = compare(a, b)
    assert result.same, result
    assert result.score >= DEFAULT_THRESHOLD


def test_it_compares_names_in_either_order():
    assert compare("Нурлан Токаев", "Токаев Нурлан").same
    assert compare("Ерлан Нурланов", "Нурланов Ерлан").same


def test_a_missing_patronymic_is_not_a_mismatch():
    assert compare("Ким Ольга Викторовна", "Kim Olga").score == 1.0


def test_initials_agree_with_the_names_they_abbreviate():
    assert compare("Сулейменова Айгерим Болатқызы", "Suleimenova A.B.").same
    assert not compare("Сулейменова Айгерим Болатқызы", "Suleimenova A.K.").same
    assert not compare("Tokaev N.E.", "Tokaev A.E.").same


def test_it_tells_nurlanov_from_nurlybaev():
    assert not compare("Нурланов Ерлан", "Нурлыбаев Ерлан").same


def test_it_tells_kim_olga_from_kim_oleg():
    result = compare("Ким Ольга", "Ким Олег")
    assert not result.same
    assert any("sex" in r for r in result.reasons)


def test_it_tells_a_father_from_his_son_by_the_patronymic():
    result = compare("Токаев Нурлан Ерланович", "Токаев Нурлан Нурланович")
    assert not result.same
    assert "patronymics differ" in result.reasons


def test_it_tells_a_brother_from_his_sister_by_the_surname_ending():
    assert not compare("Мусин Д.Е.", "Мусина Д.Е.").same
    assert not compare("Құрманова Жұлдыз", "Құрманов Жұлдыз").same


def test_it_tells_two_listed_given_names_apart_however_close():
    assert not compare("Ахметова Әлия", "Ахметова Алина").same
    assert not compare("Абдрахманов Ерлан", "Абдрахманов Ержан").same
    assert not compare("Ибрагимов Руслан Маратович", "Ибрагимов Руслан Муратович").same


def test_it_tells_kazakh_name_elements_apart_in_surnames():
    assert not compare("Жолдасбеков Мейрам", "Жолдасбаев Мейрам").same
    assert not compare("Кенжебаев Айдос", "Кенжебеков Айдос").same


def test_a_surname_alone_is_never_enough_to_decide():
    result = compare("Tokaev", "Tokaev Nurlan")
    assert not result.same
    assert "too few parts in common to decide" in result.reasons


def test_unparseable_names_are_never_the_same():
    result = compare("<b>Ким Ольга</b>", "Ким Ольга")
    assert result.score == 0.0
    assert not result.same
    assert "markup" in result.reasons[0]


def test_it_accepts_parsed_names_and_a_custom_threshold():
    a, b = parse_name("Ахметов Нурлан"), parse_name("Ахметов Нурбол")
    assert compare(a, b).score == name_similarity(a, b)
    assert compare(a, b, threshold=0.1).same


def test_the_score_is_symmetric():
    pairs = [("Tokaev N.E.", "Nurlan Tokayev"), ("Ким Ольга", "Ким Олег"), ("Өтепов", "Utepov")]
    for a, b in pairs:
        assert compare(a, b).score == compare(b, a).score


def test_a_diminutive_is_the_same_given_name_as_its_full_form():
    assert compare("Иванов Саша", "Ivanov Aleksandr Petrovich").same
    assert compare("Ким Женя", "Kim Yevgeniya").same


def test_a_diminutive_does_not_join_people_of_different_sex():
    assert not compare("Иванов Саша", "Иванова Александра").same


def test_kazakh_and_russified_forms_of_one_given_name_agree():
    assert compare("Мұхамеджанов Рүстем", "Mukhamedzhanov Rustam").same
    assert compare("Оспанов Бақытжан", "Ospanov Bakhytzhan").same


def test_forms_of_one_name_count_as_fathers_names_too():
    assert compare("Нуров Ерлан Ахмедович", "Нұров Ерлан Ахметұлы").same


def test_a_maiden_name_in_parentheses_is_tried_as_the_surname():
    result = compare("Иванова (Петрова) Анна Сергеевна", "Петрова Анна")
    assert result.same
    assert "with the surname in parentheses" in result.reasons
    assert compare("Иванова (Петрова) Анна", "Иванова Анна").same
    assert not compare("Иванова (Петрова) Анна", "Сидорова Анна").same
