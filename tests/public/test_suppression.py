"""Small-cell suppression: no count below 5 is published, and no total gives one back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aqiqat.disclosure import suppress_table


def lines_of(table):
    n_rows, n_cols = len(table.rows) + 1, len(table.columns) + 1
    rows = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    cols = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return rows + cols


def test_a_count_below_five_is_hidden_and_cells_far_from_it_stay_shown() -> None:
    table = suppress_table(
        ["a", "b", "c"], ["x", "y", "z"], [[3, 40, 41], [50, 60, 70], [80, 90, 100]]
    )
    assert table.shown(0, 0) is None
    assert table.primary[0][0]
    assert table.shown(2, 2) == 100
    assert table.shown(3, 3) == 534


def test_a_single_small_cell_cannot_be_recovered_from_its_row_or_column_total() -> None:
    table = suppress_table(["a", "b"], ["x", "y"], [[3, 40], [50, 60]])
    # Row a: 3 + 40 = 43; if 40 and 43 were both shown, 3 would follow.
    assert table.shown(0, 1) is None or table.shown(0, 2) is None
    # Column x: 3 + 50 = 53.
    assert table.shown(1, 0) is None or table.shown(2, 0) is None


def test_a_total_below_five_is_itself_hidden() -> None:
    table = suppress_table(["a"], ["x", "y"], [[1, 2]])
    assert table.shown(0, 2) is None
    assert table.shown(1, 2) is None


def test_zero_is_suppressed_like_any_small_count() -> None:
    table = suppress_table(["a", "b"], ["x", "y"], [[0, 40], [50, 60]])
    assert table.shown(0, 0) is None


def test_negative_or_ragged_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress_table(["a"], ["x"], [[-1]])
    with pytest.raises(ValueError, match="one value per column"):
        suppress_table(["a"], ["x", "y"], [[1]])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=6
        )
    )
)
def test_no_row_or_column_ever_has_exactly_one_hidden_cell(cells) -> None:
    rows = [f"r{i}" for i in range(len(cells))]
    cols = [f"c{j}" for j in range(len(cells[0]))]
    table = suppress_table(rows, cols, cells)
    for line in lines_of(table):
        hidden = sum(table.hidden[i][j] for i, j in line)
        assert hidden != 1
    for i, line in enumerate(table.counts):
        for j, value in enumerate(line):
            if value < 5:
                assert table.hidden[i][j]
