"""A list read through its mapping: one row per record, with its id from the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from aqiqat.lists.errors import ListError, ListProblem, RowProblem
from aqiqat.lists.mapping import ListSpec
from aqiqat.lists.readers import Table, open_table
from aqiqat.notices import Notice


@dataclass(frozen=True)
class ListRow:
    """One data row: its id (`<list>:<id or row>`), the cells as read, and what is wrong."""

    record_id: str
    row_number: int
    cells: dict[str, str]
    problems: tuple[RowProblem, ...] = ()

    def value(self, columns: dict[str, str], canonical: str) -> str:
        header = columns.get(canonical)
        return self.cells.get(header, "") if header else ""


@dataclass
class ListReading:
    spec: ListSpec
    table: Table
    rows: Iterator[ListRow]
    warnings: list[Notice] = field(default_factory=list)


def read_list(spec: ListSpec, file_format: str | None = None) -> ListReading:
    """Open a list; headers named in the mapping but absent from the file are an error."""
    table = open_table(spec.file, file_format, spec.encoding, spec.opener)
    missing = sorted(h for h in spec.columns.values() if h not in table.headers)
    if missing:
        raise ListError(
            ListProblem.MISSING_COLUMNS,
            f"list {spec.name!r}: the file has no column {', '.join(repr(m) for m in missing)} "
            f"(its columns are: {', '.join(table.headers)})",
            list=spec.name,
            missing=tuple(missing),
            columns=tuple(table.headers),
        )
    return ListReading(spec, table, _rows(spec, table), list(table.warnings))


def _rows(spec: ListSpec, table: Table) -> Iterator[ListRow]:
    id_header = spec.columns.get("record_id")
    seen: dict[str, int] = {}
    for number, cells, problems in table.rows:
        found = list(problems)
        local = cells.get(id_header, "").strip() if id_header else str(number)
        if not local:
            found.append(
                RowProblem(
                    ListProblem.NO_ID,
                    f"no id in column {id_header!r}; the row number is used instead",
                    {"column": id_header},
                )
            )
            local = f"row-{number}"
        elif local in seen:
            found.append(
                RowProblem(
                    ListProblem.DUPLICATE_ID,
                    f"the id {local!r} was already used by row {seen[local]}",
                    {"id": local, "first_row": seen[local]},
                )
            )
        seen.setdefault(local, number)
        yield ListRow(f"{spec.name}:{local}", number, cells, tuple(found))
