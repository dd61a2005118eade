"""Identity-document numbers and addresses: normalised, compared, blocked on, and linked.

The demo lists carry neither, so here the prosecutor's and the detention register's
records are given each person's IIN (a few with one digit mistyped) and the relatives'
and the NGO's an address, as real lists of those kinds do.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from aqiqat.linkage import (
    LinkOptions,
    LinkRecord,
    LinkResult,
    link,
    prepare,
    prepare_row,
    read_records,
    read_truth,
)
from aqiqat.linkage.engine import prepared_rows
from aqiqat.linkage.incremental import CandidateIndex
from aqiqat.linkage.model import M_YEARS_WRONG, comparisons
from aqiqat.linkage.prepare import address_keys, id_number_key
from aqiqat.linkage.store import IndexStore

ID_LISTS = ("prosecutor", "detention")
ADDRESS_LISTS = ("relatives", "ngo")
STREETS = ("Абая", "Сатпаева", "Жандосова", "Толе би", "Фурманова", "Райымбека")
# Two reports of one man: the name written differently, the same IIN.
PAIR = (
    LinkRecord("court:1", "court", full_name="Серікбаев Ерлан", id_number="900512 300 417"),
    LinkRecord(
        "letters:1", "letters", full_name="Ерлан Серикпаев", birth_date="1990",
        id_number="900512-300-417",
    ),
)  # fmt: skip


def _mistyped(number: str, rng: random.Random) -> str:
    at = rng.randrange(len(number))
    return number[:at] + str((int(number[at]) + 1) % 10) + number[at + 1 :]


def _with_ids(records: list[LinkRecord], truth: dict[str, str]) -> list[LinkRecord]:
    rng = random.Random(5)
    iin = {t: f"{rng.randrange(10**11, 10**12)}" for t in sorted(set(truth.values()))}
    home = {t: (rng.choice(STREETS), rng.randint(1, 200), rng.randint(1, 90)) for t in iin}
    out = []
    for record in records:
        person = truth[record.record_id]
        if record.list_name in ID_LISTS:
            number = iin[person]
            if rng.random() < 0.05:
                number = _mistyped(number, rng)
            record = replace(record, id_number=number[:6] + " " + number[6:])
        if record.list_name in ADDRESS_LISTS:
            street, house, flat = home[person]
            if rng.random() < 0.1:
                street = street[:-1] + "и" + street[-1]  # a letter too many
            written = (
                f"ул. {street}, д. {house}, кв. {flat}"
                if record.list_name == "relatives"
                else f"{street} {house}" + (f"-{flat}" if rng.random() < 0.8 else "")
            )
            record = replace(record, address=written)
        out.append(record)
    return out


@pytest.fixture(scope="module")
def with_ids(demo_dir: Path) -> list[LinkRecord]:
    records = read_records(demo_dir / "mapping.json").records
    return [*_with_ids(records, read_truth(demo_dir / "truth.csv")), *PAIR]


@pytest.fixture(scope="module")
def id_link(with_ids: list[LinkRecord]) -> LinkResult:
    return link(with_ids)


def _cluster_of(result: LinkResult) -> dict[str, str]:
    return dict(zip(result.clusters["record_id"], result.clusters["cluster_id"], strict=True))


def test_id_numbers_lose_spaces_dashes_and_case_and_placeholders_are_none() -> None:
    assert id_number_key("900512 300-417") == id_number_key("900512300417") == "900512300417"
    assert id_number_key("n 1234567") == id_number_key("N1234567") == "n1234567"
    for placeholder in ("нет", "000000000000", "5", "—", "б/н"):
        assert id_number_key(placeholder) is None


def test_an_address_is_compared_by_its_words_and_numbers_in_any_script_or_order() -> None:
    cyrillic = address_keys("ул. Абая, д. 12, кв. 5")
    latin = address_keys("12 Abaya street, apt 5")
    assert cyrillic == latin == ("12 5 abaia", "12 5", "12")
    assert address_keys("Алматы") == ("almati", None, None)


def test_a_mistyped_digit_is_its_own_level_and_different_numbers_weigh_against(
    id_link: LinkResult,
) -> None:
    scorer = id_link.scorer
    assert scorer is not None
    by_name = {c.name: c for c in comparisons()}
    ids = by_name["id_number"]
    base = prepare_row(PAIR[0])
    typo = prepare_row(replace(PAIR[0], id_number="900521300417"))  # two digits swapped
    other = prepare_row(replace(PAIR[0], id_number="871104450036"))
    levels = [ids.levels[ids.level_of(base, row)].label for row in (base, typo, other)]
    assert levels == ["same", "one digit mistyped or two swapped", "different"]
    weights = scorer.weights["id_number"]
    same, one_edit, different = (weights[ids.level_of(base, r)] for r in (base, typo, other))
    assert same > 0 and one_edit > 0 > different


def test_without_id_numbers_or_addresses_nothing_changes(demo_link: LinkResult) -> None:
    scorer = demo_link.scorer
    assert scorer is not None
    # Lists without identity numbers keep the set m values (EM is not trusted there).
    birth = next(c for c in demo_link.model["comparisons"] if c["output_column_name"] == "birth")
    assert birth["comparison_levels"][-1]["m_probability"] == pytest.approx(M_YEARS_WRONG)
    a = prepare_row(LinkRecord("x:1", "x", full_name="Тоқаев Нұрлан", birth_date="1980"))
    b = prepare_row(LinkRecord("y:1", "y", full_name="Tokayev Nurlan", id_number="800101300555"))
    score = scorer.score(a, b)
    assert {w.comparison: w.weight for w in score.levels}["id_number"] == 0.0
    assert {w.comparison: w.weight for w in score.levels}["address"] == 0.0


def test_two_spellings_with_one_iin_link_and_without_it_do_not(
    with_ids: list[LinkRecord], id_link: LinkResult
) -> None:
    a, b = (r.record_id for r in PAIR)
    assert _cluster_of(id_link)[a] == _cluster_of(id_link)[b]
    without = [replace(r, id_number="") if r in PAIR else r for r in with_ids]
    apart = _cluster_of(link(without, LinkOptions(trained_model=id_link.model)))
    assert apart[a] != apart[b]


def test_id_numbers_and_addresses_raise_quality_on_the_lists_that_carry_them(
    demo_dir: Path, with_ids: list[LinkRecord], id_link: LinkResult, demo_link: LinkResult
) -> None:
    from aqiqat.linkage import evaluate_clusters

    truth = read_truth(demo_dir / "truth.csv")
    truth |= {r.record_id: "pair" for r in PAIR}
    plain = evaluate_clusters(demo_link, truth)
    richer = evaluate_clusters(id_link, truth)
    assert richer.precision >= 0.97
    assert richer.f1 >= plain.f1


def test_python_scores_equal_splink_scores_with_ids_and_addresses(
    with_ids: list[LinkRecord], id_link: LinkResult
) -> None:
    scorer = id_link.scorer
    assert scorer is not None
    pairs = id_link.pairs
    rows = prepared_rows(prepare(with_ids), set(pairs["record_id_l"]) | set(pairs["record_id_r"]))
    for a, b, weight in zip(
        pairs["record_id_l"], pairs["record_id_r"], pairs["match_weight"], strict=True
    ):
        assert scorer.score(rows[a], rows[b]).match_weight == pytest.approx(weight, abs=1e-6)


def test_a_new_record_is_found_by_its_iin_in_memory_and_on_disk(
    tmp_path: Path, with_ids: list[LinkRecord], id_link: LinkResult
) -> None:
    scorer = id_link.scorer
    assert scorer is not None
    known = prepare_row(PAIR[0])
    arriving = prepare_row(
        LinkRecord("new:1", "new", full_name="Ерлан Серикпаев", id_number="900512300417")
    )
    index = CandidateIndex([known])
    assert index.candidates(arriving) == {"court:1"}
    store = IndexStore(tmp_path / "index.sqlite3")
    store.rebuild([known], scorer, {})
    found = store.match(arriving, store.model(), floor=0.0)
    assert [c.record_id for c in found] == ["court:1"]
    assert found[0].score.match_weight == pytest.approx(scorer.score(arriving, known).match_weight)


def test_a_list_mapping_brings_the_id_number_and_address_to_linkage(tmp_path: Path) -> None:
    (tmp_path / "court.csv").write_text(
        '№,ФИО,ИИН,Адрес\n1,Ким Олег,850101 300 123,"ул. Абая, 12"\n2,Ли Анна,,\n',
        encoding="utf-8",
    )
    columns = {"record_id": "№", "full_name": "ФИО", "id_number": "ИИН", "address": "Адрес"}
    (tmp_path / "mapping.json").write_text(
        json.dumps({"court": {"file": "court.csv", "columns": columns}}), encoding="utf-8"
    )
    first, second = read_records(tmp_path / "mapping.json").records
    assert (first.id_number, first.address) == ("850101 300 123", "ул. Абая, 12")
    assert (second.id_number, second.address) == ("", "")
    assert "850101" not in repr(first)  # sensitive: kept out of reprs, and so of tracebacks
    row = prepare_row(first)
    assert (row["idn"], row["addr"], row["addr_num"]) == ("850101300123", "12 abaia", "12")


def test_every_pair_splink_scored_with_ids_is_among_the_index_candidates(
    with_ids: list[LinkRecord], id_link: LinkResult
) -> None:
    prepared = prepare(with_ids)
    index = CandidateIndex(prepared_rows(prepared, set(prepared["unique_id"])).values())
    pairs = id_link.pairs
    for a, b in zip(pairs["record_id_l"], pairs["record_id_r"], strict=True):
        assert b in index.candidates(index.rows[a]) or a in index.candidates(index.rows[b])
