"""The pure index (no database): spellings that meet, ranking and reasons, threads."""

from __future__ import annotations

import threading

import pytest

from aqiqat.search import Entry, Query, QueryError, SearchIndex


def index_of(*entries: Entry) -> SearchIndex:
    index = SearchIndex()
    index.add(entries)
    return index


TOKAEV = Entry("r1", "Тоқаев", "Нұрлан", "Ерланұлы", "M", 1990, 1990, "kz-almaty")
TOKAEV_SENIOR = Entry("r2", "Токаев", "Нурлан", "Болатович", "M", 1962, 1962, "kz-almaty")
TOKAEVA = Entry("r3", "Тоқаева", "Айгүл", "", "F", 1992, 1992, "")


def ids(index: SearchIndex, text: str, **fields) -> list[str]:
    return [hit.record_id for hit in index.search(Query.read(text, **fields))]


def test_every_spelling_of_a_name_meets_its_record() -> None:
    index = index_of(TOKAEV, TOKAEVA)
    for text in ("Tokayev Nurlan", "TOKAEV NURLAN", "Nurlan Toqaev", "Tokaev N.E.", "Токаев"):
        assert "r1" in ids(index, text), text


def test_the_birth_year_and_patronymic_rank_the_right_namesake_first() -> None:
    index = index_of(TOKAEV, TOKAEV_SENIOR)
    assert ids(index, "Tokaev Nurlan", born=1991)[0] == "r1"
    assert ids(index, "Tokaev Nurlan Bolatovich")[0] == "r2"


def test_each_hit_says_which_fields_agreed_and_which_differed() -> None:
    index = index_of(TOKAEV_SENIOR)
    [hit] = index.search(Query.read("Tokaev Nurlan", born=1990, sex="M", place="Алматы"))
    verdicts = {reason.field: reason.verdict for reason in hit.reasons}
    assert verdicts == {"name": "agrees", "born": "differs", "sex": "agrees", "place": "agrees"}
    assert 0 < hit.score < 1


def test_a_typo_in_the_surname_still_meets_through_the_given_name() -> None:
    index = index_of(TOKAEV)
    assert ids(index, "Tokaiev Nurlan") == ["r1"]


def test_a_different_sex_is_no_match() -> None:
    index = index_of(TOKAEV, TOKAEVA)
    assert "r3" not in ids(index, "Тоқаев Нұрлан")


def test_a_name_that_agrees_but_for_the_sex_of_its_forms_is_shown_lower() -> None:
    # A typo dropped the female ending; an unfamiliar given name was read as a surname.
    solovieva = Entry("r4", "Соловьёва", "Татьяна", "Владимировна", "F", 1970, 1970)
    dauletova = Entry("r5", "Даулетова", "Ұлболсын", "", "F", 1964, 1964)
    index = index_of(solovieva, dauletova, TOKAEVA)
    [hit] = index.search(Query.read("Соловьёв Татьяна Владимировна", born=1970))
    assert hit.record_id == "r4"
    assert hit.name_score == 0.75
    assert "but the sex of the forms differs" in hit.reasons[0].detail
    assert ids(index, "Ūlbolsyn Däuletova") == ["r5"]
    assert "r3" not in ids(index, "Тоқаев Нұрлан")


def test_a_one_letter_surname_alone_is_searched_and_a_latin_letter_is_not() -> None:
    index = index_of(Entry("r6", "Ю", "Сергей", "Ефимович", "M", 1994, 1994), TOKAEV)
    assert ids(index, "Ю", born=1994) == ["r6"]
    for letter in ("K", "x", "Ж"):
        with pytest.raises(QueryError, match="too_short"):
            Query.read(letter)


def test_a_common_surname_with_a_year_finds_those_born_near_it_and_those_of_no_year() -> None:
    from aqiqat.search.index import LARGE_BLOCK

    # More Ахметовs than a surname block reads whole, born over sixty years.
    many = [
        Entry(f"a{n}", "Ахметов", f"Ерлан{n}", "", "M", 1950 + n % 60, 1950 + n % 60)
        for n in range(LARGE_BLOCK * 2)
    ]
    unknown = Entry("u1", "Ахметов", "Серік", "", "M", None, None)
    aged = Entry("g1", "Ахметов", "Бауыржан", "", "M", 1993, 1996)  # from an age told
    index = index_of(*many, unknown, aged)
    query = Query.read("Akhmetov", born=1995)
    found = {hit.record_id for hit in index.search(query, 500)}
    wanted = {e.record_id for e in many if abs(e.born_min - 1995) <= 2}
    assert wanted | {"u1", "g1"} == found
    reloaded = SearchIndex.from_state(index.state())
    assert {hit.record_id for hit in reloaded.search(query, 500)} == found


def test_records_added_while_others_search_are_all_found() -> None:
    index = index_of(TOKAEV)
    errors: list[BaseException] = []

    def add() -> None:
        for n in range(500):
            index.add([Entry(f"k{n}", "Ким", "Ольга", "", "F", 1990, 1990, "")])

    def search() -> None:
        try:
            for _ in range(200):
                index.search(Query.read("Kim Olga"))
        except BaseException as exc:  # a thread cannot raise into the test: keep it
            errors.append(exc)

    threads = [threading.Thread(target=add), *(threading.Thread(target=search) for _ in range(3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(index.search(Query.read("Kim Olga"), limit=1000)) == 500


def test_a_saved_index_reads_back_and_finds_the_same(tmp_path) -> None:
    from aqiqat.search import snapshot

    index = index_of(TOKAEV, TOKAEV_SENIOR, TOKAEVA)
    snapshot.save(index, tmp_path / "index.bin", {"rowid": 3})
    loaded, meta = snapshot.load(tmp_path / "index.bin")
    assert meta == {"rowid": 3}
    assert len(loaded) == 3
    assert ids(loaded, "Tokaev Nurlan", born=1991) == ids(index, "Tokaev Nurlan", born=1991)
    loaded.add([Entry("r4", "Ким", "Ольга", "", "F", None, None, "")])
    assert ids(loaded, "Kim Olga") == ["r4"]


def test_a_damaged_or_foreign_file_is_refused(tmp_path) -> None:
    import pytest

    from aqiqat.search import snapshot

    path = tmp_path / "index.bin"
    snapshot.save(index_of(TOKAEV), path, {})
    data = path.read_bytes()
    for bad in (b"not json\n", data[:-3], data + b"x", b'{"format": "other"}\n'):
        path.write_bytes(bad)
        with pytest.raises(snapshot.SnapshotError):
            snapshot.load(path)
