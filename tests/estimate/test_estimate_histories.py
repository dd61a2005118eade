"""Reading capture-history CSVs: the DESIGN.md contract and clear errors for bad input."""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pytest

from aqiqat.estimate import CaptureHistories, HistoriesError, read_histories
from aqiqat.estimate.support import refusal_reasons


def test_it_reads_the_kosovo_lists_with_names_and_counts(mse) -> None:
    histories = mse("kosovo_4lists")
    assert histories.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert histories.documented == 4400
    assert histories.counts[0b0001] == 1131
    assert histories.counts[0b1111] == 27
    assert histories.list_totals().tolist() == [1910, 1528, 1786, 685]


def test_the_fixture_copy_matches_the_shared_data_when_it_is_there(mse_dir: Path) -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "mse"
    if not shared.is_dir():
        pytest.skip("../shared/data/mse is not beside this checkout")
    for csv in shared.glob("*.csv"):
        assert filecmp.cmp(csv, mse_dir / csv.name, shallow=False), csv.name


def test_all_zero_rows_are_ignored(write_csv) -> None:
    histories = read_histories(write_csv("A,B,count\n0,0,50\n1,0,10\n0,1,5\n1,1,3\n"))
    assert histories.documented == 18
    assert histories.notes == ("1 all-zero row(s) ignored",)


def test_missing_patterns_count_as_zero_and_columns_may_be_in_any_order(write_csv) -> None:
    histories = read_histories(write_csv("count,B,A\n7,1,1\n4,0,1\n"))
    assert histories.lists == ("B", "A")
    assert histories.counts.tolist() == [0, 0, 4, 7]


def test_it_reads_strata_into_separate_histories_and_sums_them(write_csv) -> None:
    text = "A,B,stratum,count\n1,0,north,10\n0,1,north,5\n1,1,north,3\n1,0,south,2\n1,1,south,1\n"
    histories = read_histories(write_csv(text))
    assert set(histories.strata) == {"north", "south"}
    assert histories.strata["south"].documented == 3
    assert histories.documented == 21


def test_a_named_strata_column_is_used_instead_of_a_list(write_csv) -> None:
    histories = read_histories(write_csv("A,B,region,count\n1,1,x,3\n1,0,y,2\n"), "region")
    assert histories.lists == ("A", "B")
    assert set(histories.strata) == {"x", "y"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,count\n1,2,5\n", "line 2, column 'B': '2' is not 0 or 1"),
        ("A,B,count\n1,,5\n", "column 'B': '(empty)' is not 0 or 1"),
        ("A,B,C\n1,0,1\n", "there is no 'count' column"),
        ("A,B,count\n1,0,-3\n", "line 2: count -3 is negative"),
        ("A,B,count\n1,0,2.5\n", "line 2: count 2.5 is not a whole number"),
        ("A,B,count\n1,0,many\n", "count 'many' is not a number"),
        ("A,B,count\n1,0,\n", "line 2: the count is empty"),
        ("A,count\n1,5\n", "at least 2 list columns are needed; found 1 (A)"),
        ("A,B,count\n1,0,5\n0,1,2\n1,0,1\n", "line 4 repeats the pattern 10 of line 2"),
        ("A,B,count\n1,0\n", "line 2 has 2 cells but the header has 3"),
        ("A,A,count\n1,0,1\n", "column 'A' appears twice"),
        ("", "the file is empty"),
        ("A,B,count\n1,0,0\n0,1,0\n", "every count is zero"),
        ("A,B,count\n0,0,4\n", "no capture patterns"),
    ],
)
def test_malformed_input_gets_a_message_naming_the_problem(write_csv, text, message) -> None:
    with pytest.raises(HistoriesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_histories(write_csv(text))


def test_twenty_lists_are_refused_with_the_limit_named(write_csv) -> None:
    header = ",".join(f"L{i}" for i in range(20)) + ",count\n"
    row = ",".join("1" for _ in range(20)) + ",1\n"
    with pytest.raises(HistoriesError, match="20 list columns is more than the 15"):
        read_histories(write_csv(header + row))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(HistoriesError, match="no such file"):
        read_histories(tmp_path / "absent.csv")


def test_a_missing_strata_column_is_named(write_csv) -> None:
    with pytest.raises(HistoriesError, match="no stratum column 'region'"):
        read_histories(write_csv("A,B,count\n1,1,3\n"), "region")


def test_histories_can_be_built_from_patterns_and_collapsed() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 1], [1, 1, 1]], [5, 4, 3]
    )
    assert histories.overlap(1, 2) == 7
    dropped = histories.collapse([0, 1])
    assert dropped.lists == ("A", "B")
    assert dropped.counts.tolist() == [0, 5, 4, 3]
    assert np.array_equal(histories.observed_counts(), histories.counts[1:])


def test_a_list_that_overlaps_no_other_is_a_reason_to_refuse() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]], [40, 30, 20, 9]
    )
    reasons = refusal_reasons(histories)
    assert any("list 'C' shares no record" in r for r in reasons)


def test_an_empty_list_and_too_few_overlaps_are_reasons_to_refuse() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [1, 1, 0]], [40, 30, 2]
    )
    reasons = refusal_reasons(histories)
    assert any("list 'C' has no records" in r for r in reasons)
    assert any("only 2 documented people appear on more than one list" in r for r in reasons)
