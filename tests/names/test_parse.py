import pytest

from aqiqat.names import Order, Script, Sex, parse_name


def parts(text):
    parsed = parse_name(text)
    assert parsed.ok, parsed.unparseable
    return parsed.parts_text()


def test_it_reads_a_russian_register_in_upper_case():
    parsed = parse_name("ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ")
    assert parsed.parts_text() == {
        "surname": "Токаев",
        "given": "Нурлан",
        "patronymic": "Ерланович",
    }
    assert parsed.key == "tokaev nurlan erlanovich"
    assert parsed.sex is Sex.MALE
    assert parsed.order is Order.SURNAME_FIRST


def test_it_reads_a_kazakh_patronymic_in_one_word_or_two():
    one = parse_name("Тоқаев Нұрлан Ерланұлы")
    two = parse_name("Тоқаев Нұрлан Ерлан ұлы")
    assert one.patronymic.text == "Ерланұлы"
    assert two.patronymic.text == "Ерлан ұлы"
    assert one.key == two.key == "tokaev nurlan erlanuli"
    assert one.father_key == "erlan"


def test_it_finds_the_fathers_name_in_russian_and_kazakh_patronymics_alike():
    assert parse_name("Токаев Нурлан Ерланович").father_key == "erlan"
    assert parse_name("Tokayev Nurlan Yerlanuly").father_key == "erlan"
    assert parse_name("Болатова Айгерім Болатқызы").father_key == "bolat"


def test_it_reads_given_name_first_from_the_surname_ending():
    assert parts("Nurlan Tokayev") == {"surname": "Tokayev", "given": "Nurlan", "patronymic": None}
    assert parse_name("Nurlan Tokayev").order is Order.GIVEN_FIRST


def test_it_reads_given_name_first_from_the_given_name_list():
    assert parts("Ольга Ким")["surname"] == "Ким"


def test_it_reads_given_patronymic_surname_order():
    assert parts("Қасым-Жомарт Кемелұлы Тоқаев") == {
        "surname": "Тоқаев",
        "given": "Қасым-Жомарт",
        "patronymic": "Кемелұлы",
    }


def test_it_reads_the_press_order_given_surname_patronymic_from_the_surname_ending():
    assert parts("Oraz Abdrakhmanov Yerzhanovich") == {
        "surname": "Abdrakhmanov",
        "given": "Oraz",
        "patronymic": "Yerzhanovich",
    }
    assert parse_name("Oraz Abdrakhmanov Yerzhanovich").order is Order.GIVEN_FIRST
    # The register order stays as it was when nothing says otherwise.
    assert parts("Шнайдер Егор Александрович")["surname"] == "Шнайдер"
    assert parts("Ким Олег Петрович")["surname"] == "Ким"


def test_it_reads_initials_after_and_before_the_surname():
    for text in ("Tokaev N.E.", "N.E. Tokaev", "Tokaev N. E.", "N.E.Tokaev"):
        parsed = parse_name(text)
        assert parsed.surname.text == "Tokaev", text
        assert parsed.given.initial and parsed.given.text == "N.", text
        assert parsed.patronymic.initial and parsed.patronymic.text == "E.", text


def test_it_reads_a_full_given_name_with_a_patronymic_initial():
    for text in ("Tokaev Nurlan E.", "Nurlan E. Tokaev"):
        parsed = parse_name(text)
        assert parsed.surname.text == "Tokaev", text
        assert parsed.given.text == "Nurlan", text
        assert parsed.patronymic.initial, text


def test_it_reads_short_russian_patronymics():
    parsed = parse_name("Иванов Илья Ильич")
    assert parsed.patronymic.text == "Ильич"
    assert parsed.sex is Sex.MALE


def test_it_takes_an_unmarked_third_word_of_a_register_for_the_patronymic():
    parsed = parse_name("Tokaev Nurlan Erlan")
    assert parsed.patronymic.text == "Erlan"
    assert parsed.father_key == "erlan"


def test_it_reads_a_comma_as_the_end_of_the_surname():
    assert parts("Kim, Olga Viktorovna") == {
        "surname": "Kim",
        "given": "Olga",
        "patronymic": "Viktorovna",
    }


def test_it_keeps_a_hyphenated_given_name_whole_and_keys_it_as_one_word():
    parsed = parse_name("Kassym-Jomart Tokayev")
    assert parsed.given.text == "Kassym-Jomart"
    assert parsed.given.key == parse_name("Қасым-Жомарт Тоқаев").given.key == "kasimjomart"


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("Сулейменова Айгерим Болатқызы", Sex.FEMALE),
        ("Токаева Айгуль Ерлановна", Sex.FEMALE),
        ("Tokayeva Aigul", Sex.FEMALE),
        ("Kovalevskaya Anna", Sex.FEMALE),
        ("Оспанов Бауыржан Қайратұлы", Sex.MALE),
        ("Ким Ольга", Sex.FEMALE),
        ("Ким Олег", Sex.MALE),
    ],
)
def test_it_returns_the_sex_a_form_signals(text, sex):
    assert parse_name(text).sex is sex


def test_an_invariant_surname_alone_signals_no_sex():
    parsed = parse_name("Ким Жанат")
    assert parsed.sex is None
    assert parse_name("Ковальчук").sex is None


def test_it_says_what_signalled_the_sex():
    evidence = parse_name("Токаева Айгуль Ерлановна").sex_evidence
    assert "patronymic Ерлановна" in evidence


def test_it_reports_disagreeing_sex_signals_instead_of_choosing():
    parsed = parse_name("Құрманов Жұлдыз")
    assert parsed.sex is None
    assert "signals disagree" in parsed.sex_evidence


def test_it_reads_a_kazakh_uly_surname_in_a_two_word_name_as_the_surname():
    expected = {"surname": "Ерланұлы", "given": "Нұрлан", "patronymic": None}
    assert parts("Нұрлан Ерланұлы") == expected


def test_it_reads_a_given_name_and_patronymic_without_surname():
    assert parts("Нурлан Ерланович") == {
        "surname": None,
        "given": "Нурлан",
        "patronymic": "Ерланович",
    }


def test_it_reads_a_lone_word_as_surname_unless_it_is_a_known_given_name():
    assert parts("Абдрахманов")["surname"] == "Абдрахманов"
    assert parts("Ольга")["given"] == "Ольга"


def test_it_keeps_a_name_in_parentheses_out_of_the_parts_and_notes_it():
    parsed = parse_name("Иванова (Петрова) Анна Сергеевна")
    assert parsed.parts_text() == {
        "surname": "Иванова",
        "given": "Анна",
        "patronymic": "Сергеевна",
    }
    assert parsed.notes == ("in parentheses: Петрова",)


def test_it_repairs_look_alike_letters_and_notes_it():
    parsed = parse_name("Тokaев Нурлан")
    assert parsed.surname.text == "Токаев"
    assert parsed.notes


def test_it_marks_the_script_of_the_input():
    assert parse_name("Тоқаев Нұрлан").script is Script.KAZAKH_CYRILLIC
    assert parse_name("Toqaev Nūrlan").script is Script.LATIN


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345", "digits"),
        ("Тоқаев 1985", "digits"),
        ("😀 Nurlan", "not part of a name"),
        ("<b>Nurlan</b>", "markup"),
        ("Nurlan &amp; Erlan", "markup"),
        ("N" * 500, "too long"),
        ("Nurлан Tokaev", "mixed scripts inside one word"),
        ("A B C D E F G H", "too many words"),
        ("N.E.", "only initials"),
        ("- . -", "no letters"),
        ("Неизвестный мужчина", "placeholder for an unidentified person"),
        ("НЕОПОЗНАННАЯ", "placeholder"),
        ("Белгісіз", "placeholder"),
    ],
)
def test_it_gives_an_unparseable_result_with_a_reason_for_bad_input(text, reason):
    parsed = parse_name(text)
    assert not parsed.ok
    assert reason in parsed.unparseable
    assert parsed.key == ""


def test_it_does_not_raise_on_something_that_is_not_a_string():
    assert not parse_name(None).ok  # type: ignore[arg-type]
