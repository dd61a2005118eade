from aqiqat.names import blocking_keys


def test_spellings_of_one_person_share_a_blocking_key():
    forms = [
        "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ",
        "Тоқаев Нұрлан Ерланұлы",
        "Nurlan Tokayev",
        "Toqaev Nūrlan",
        "Tokaev N.E.",
        "Tokayeva Nurlana",
    ]
    keys = [blocking_keys(f) for f in forms]
    shared = set.intersection(*map(set, keys))
    assert "sg:tgv:n" in shared


def test_a_wrongly_guessed_order_still_meets_the_right_one():
    assert blocking_keys("Ким Ольга") & blocking_keys("Ольга Ким")
    assert blocking_keys("Нурлан Ерлан") & blocking_keys("Ерлан Нурлан")


def test_different_surnames_do_not_share_surname_blocks():
    a = {k for k in blocking_keys("Нурланов Ерлан") if k.startswith("s:")}
    b = {k for k in blocking_keys("Нурлыбаев Ерлан") if k.startswith("s:")}
    assert not a & b


def test_a_given_name_alone_still_gets_a_key():
    assert blocking_keys("Ольга") == frozenset({"g:olg"})


def test_an_unparseable_name_gets_no_keys():
    assert blocking_keys("<b>x</b>") == frozenset()
