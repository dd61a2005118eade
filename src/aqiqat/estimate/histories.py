"""Capture histories: which lists recorded how many people, read from the DESIGN.md CSV."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

MIN_LISTS = 2
# A 2^J table beyond this is almost always a wrongly shaped file, and no method here
# can say anything sensible about so many lists from real documentation data.
MAX_LISTS = 15
COUNT_COLUMN = "count"
DEFAULT_STRATUM_COLUMN = "stratum"


class HistoriesError(ValueError):
    """Capture histories that cannot be used as given; the message names the problem."""


@dataclass(frozen=True)
class CaptureHistories:
    """Counts of people per capture pattern.

    `counts[mask]` is the number of people seen on exactly the lists whose bits are set
    in `mask` (bit j = `lists[j]`); `counts[0]` is always 0 because nobody is seen
    there. `strata` maps a stratum name to that stratum's own histories; the top-level
    counts are then their sum.
    """

    lists: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    strata: Mapping[str, CaptureHistories] = field(default_factory=dict)
    source: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.lists) < MIN_LISTS:
            raise HistoriesError(
                f"capture histories need at least {MIN_LISTS} lists; got {len(self.lists)}"
            )
        if len(self.lists) > MAX_LISTS:
            raise HistoriesError(
                f"{len(self.lists)} lists is more than the {MAX_LISTS} this tool handles; "
                "merge small lists or check that every column is a list"
            )
        if self.counts.shape != (1 << len(self.lists),):
            raise HistoriesError("counts must have one entry per capture pattern")
        if self.counts[0] != 0:
            raise HistoriesError("the all-zero pattern cannot have a count")
        if np.any(self.counts < 0):
            raise HistoriesError("counts cannot be negative")

    @classmethod
    def from_patterns(
        cls,
        lists: Sequence[str],
        patterns: Sequence[Sequence[int]] | npt.ArrayLike,
        counts: Sequence[int] | npt.ArrayLike,
        source: str = "",
    ) -> CaptureHistories:
        """Build from rows of 0/1 patterns and their counts (duplicates are refused)."""
        pattern_array = np.asarray(patterns, dtype=np.int64)
        count_array = np.asarray(counts, dtype=np.int64)
        if pattern_array.ndim != 2 or pattern_array.shape[1] != len(lists):
            raise HistoriesError("each pattern needs one 0/1 value per list")
        if not np.isin(pattern_array, (0, 1)).all():
            raise HistoriesError("patterns may only hold 0 and 1")
        table = np.zeros(1 << len(lists), dtype=np.int64)
        masks = pattern_array @ (1 << np.arange(len(lists), dtype=np.int64))
        seen: set[int] = set()
        for mask, count in zip(masks.tolist(), count_array.tolist(), strict=True):
            if mask == 0:
                continue
            if mask in seen:
                raise HistoriesError(f"pattern {pattern_label(mask, len(lists))} appears twice")
            seen.add(mask)
            table[mask] = count
        return cls(tuple(lists), table, source=source)

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def documented(self) -> int:
        """People seen on at least one list."""
        return int(self.counts.sum())

    def patterns(self) -> npt.NDArray[np.int64]:
        """0/1 matrix of every pattern except all-zero, row i is the pattern of mask i+1."""
        masks = np.arange(1, 1 << self.n_lists)
        return ((masks[:, None] >> np.arange(self.n_lists)) & 1).astype(np.int64)

    def observed_counts(self) -> npt.NDArray[np.int64]:
        """Counts in the order of `patterns()`."""
        return self.counts[1:]

    def list_totals(self) -> npt.NDArray[np.int64]:
        return self.patterns().T @ self.observed_counts()

    def overlap(self, i: int, j: int) -> int:
        """People on both list i and list j (whatever other lists they are on)."""
        both = (1 << i) | (1 << j)
        masks = np.arange(1 << self.n_lists)
        return int(self.counts[(masks & both) == both].sum())

    def on_several_lists(self) -> int:
        """People seen on more than one list: the overlaps that carry the information."""
        masks = np.arange(1 << self.n_lists)
        several = np.array([bin(m).count("1") >= 2 for m in masks.tolist()])
        return int(self.counts[several].sum())

    def collapse(self, keep: Sequence[int]) -> CaptureHistories:
        """The histories on a subset of the lists (people on none of them drop out)."""
        masks = np.arange(1 << self.n_lists)
        new_masks = np.zeros_like(masks)
        for new_bit, old_bit in enumerate(keep):
            new_masks |= ((masks >> old_bit) & 1) << new_bit
        table = np.bincount(new_masks, weights=self.counts, minlength=1 << len(keep))
        table = table.astype(np.int64)
        table[0] = 0
        return CaptureHistories(tuple(self.lists[k] for k in keep), table, source=self.source)


def pattern_label(mask: int, n_lists: int) -> str:
    return "".join(str((mask >> j) & 1) for j in range(n_lists))


def read_histories(path: str | Path, strata_column: str | None = None) -> CaptureHistories:
    """Read a capture-history CSV: one 0/1 column per list, a `count`, optional strata.

    The stratum column is `strata_column` if given, else `stratum` when present.
    Rows whose pattern is all zeros are ignored, as DESIGN.md specifies.
    """
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise HistoriesError(f"{source}: no such file") from None
    except UnicodeDecodeError:
        raise HistoriesError(f"{source}: not UTF-8 text") from None
    except OSError as exc:
        raise HistoriesError(f"{source}: cannot read ({exc.strerror})") from None
    return parse_rows(rows, source=str(source), strata_column=strata_column)


def parse_rows(
    rows: Sequence[Sequence[str]], source: str = "", strata_column: str | None = None
) -> CaptureHistories:
    """Validate CSV rows (header first) and build the histories."""
    where = f"{source}: " if source else ""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise HistoriesError(f"{where}the file is empty")
    header = [cell.strip() for cell in rows[0]]
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise HistoriesError(f"{where}column {duplicates[0]!r} appears twice in the header")
    if "" in header:
        raise HistoriesError(f"{where}a column in the header has no name")
    lowered = [name.lower() for name in header]
    if COUNT_COLUMN not in lowered:
        raise HistoriesError(f"{where}there is no 'count' column")
    count_at = lowered.index(COUNT_COLUMN)
    stratum_at: int | None = None
    if strata_column is not None:
        if strata_column not in header:
            raise HistoriesError(f"{where}there is no stratum column {strata_column!r}")
        stratum_at = header.index(strata_column)
    elif DEFAULT_STRATUM_COLUMN in lowered:
        stratum_at = lowered.index(DEFAULT_STRATUM_COLUMN)
    list_at = [i for i in range(len(header)) if i not in (count_at, stratum_at)]
    lists = tuple(header[i] for i in list_at)
    if len(lists) < MIN_LISTS:
        raise HistoriesError(
            f"{where}at least {MIN_LISTS} list columns are needed; found {len(lists)}"
            + (f" ({lists[0]})" if lists else "")
        )
    if len(lists) > MAX_LISTS:
        raise HistoriesError(
            f"{where}{len(lists)} list columns is more than the {MAX_LISTS} this tool handles; "
            "merge small lists or check that every column is a list"
        )

    weights = 1 << np.arange(len(lists), dtype=np.int64)
    tables: dict[str, npt.NDArray[np.int64]] = {}
    first_row: dict[tuple[str, int], int] = {}
    ignored = 0
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise HistoriesError(
                f"{where}line {line} has {len(row)} cells but the header has {len(header)}"
            )
        bits = [_zero_one(row[i], header[i], line, where) for i in list_at]
        count = _count(row[count_at], line, where)
        stratum = row[stratum_at].strip() if stratum_at is not None else ""
        if stratum_at is not None and not stratum:
            raise HistoriesError(f"{where}line {line}: the stratum is empty")
        mask = int(np.dot(bits, weights))
        if mask == 0:
            ignored += 1
            continue
        key = (stratum, mask)
        if key in first_row:
            in_stratum = f" in stratum {stratum!r}" if stratum else ""
            raise HistoriesError(
                f"{where}line {line} repeats the pattern {pattern_label(mask, len(lists))}"
                f"{in_stratum} of line {first_row[key]}; give each pattern once"
            )
        first_row[key] = line
        table = tables.setdefault(stratum, np.zeros(1 << len(lists), dtype=np.int64))
        table[mask] = count

    if not tables:
        raise HistoriesError(f"{where}no capture patterns: every row is all zeros or missing")
    notes = (f"{ignored} all-zero row(s) ignored",) if ignored else ()
    total = np.sum(list(tables.values()), axis=0).astype(np.int64)
    if total.sum() == 0:
        raise HistoriesError(f"{where}every count is zero: nobody is documented")
    strata: dict[str, CaptureHistories] = {}
    if stratum_at is not None:
        strata = {
            name: CaptureHistories(lists, tables[name], source=f"{source} [{name}]")
            for name in sorted(tables)
        }
    return CaptureHistories(lists, total, strata=strata, source=source, notes=notes)


def _zero_one(cell: str, column: str, line: int, where: str) -> int:
    text = cell.strip()
    if text in ("0", "1"):
        return int(text)
    shown = text if text else "(empty)"
    raise HistoriesError(f"{where}line {line}, column {column!r}: {shown!r} is not 0 or 1")


def _count(cell: str, line: int, where: str) -> int:
    text = cell.strip()
    if not text:
        raise HistoriesError(f"{where}line {line}: the count is empty")
    try:
        value = float(text)
    except ValueError:
        raise HistoriesError(f"{where}line {line}: count {text!r} is not a number") from None
    if not math.isfinite(value):
        raise HistoriesError(f"{where}line {line}: count {text!r} is not a number")
    if value < 0:
        raise HistoriesError(f"{where}line {line}: count {text} is negative")
    if value != int(value):
        raise HistoriesError(f"{where}line {line}: count {text} is not a whole number")
    return int(value)
