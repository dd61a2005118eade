"""Small-cell suppression for a two-way table with its margins.

Primary suppression hides every count below the threshold (zero too, so that "fewer than
5" never narrows to one value). Complementary suppression then hides more cells until no
row or column, margins included, has exactly one hidden cell: otherwise the shown total
minus the shown cells would give the hidden one back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5


@dataclass(frozen=True)
class SuppressedTable:
    """Counts with margins; `hidden[i][j]` marks a cell shown as "fewer than 5" or withheld.

    Row `len(rows)` and column `len(columns)` are the totals.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    hidden: tuple[tuple[bool, ...], ...]
    primary: tuple[tuple[bool, ...], ...]

    def shown(self, i: int, j: int) -> int | None:
        """The count, or None where it must not be published."""
        return None if self.hidden[i][j] else self.counts[i][j]


def suppress_table(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[int]],
    threshold: int = THRESHOLD,
) -> SuppressedTable:
    """Suppress `cells` (rows × columns, without margins); margins are added and protected."""
    if any(len(line) != len(columns) for line in cells) or len(cells) != len(rows):
        raise ValueError("cells must have one row per row label and one value per column")
    if any(value < 0 for line in cells for value in line):
        raise ValueError("counts cannot be negative")
    full = [[*line, sum(line)] for line in cells]
    full.append([sum(full[i][j] for i in range(len(rows))) for j in range(len(columns) + 1)])
    primary = [[value < threshold for value in line] for line in full]
    hidden = [line[:] for line in primary]
    _complement(full, hidden)
    return SuppressedTable(
        rows=tuple(rows),
        columns=tuple(columns),
        counts=tuple(tuple(line) for line in full),
        hidden=tuple(tuple(line) for line in hidden),
        primary=tuple(tuple(line) for line in primary),
    )


def _complement(full: list[list[int]], hidden: list[list[bool]]) -> None:
    """Hide the smallest shown cell of every line that has exactly one hidden cell.

    Each pass hides at least one more cell, so it ends; in the worst case all is hidden.
    """
    n_rows, n_cols = len(full), len(full[0])
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[i][j] for i, j in line) != 1:
                continue
            candidates = [(full[i][j], i, j) for i, j in line if not hidden[i][j]]
            if not candidates:
                continue
            _, i, j = min(candidates)
            hidden[i][j] = True
            changed = True
