"""Checking each row of a list before import: what stops it, and what only warns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aqiqat.lists import ListRow
from aqiqat.names import parse_age, parse_date, parse_name, transliterate


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str
    reason: str
    blocking: bool


@dataclass
class RowCheck:
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(issue.blocking for issue in self.issues)


def check_row(row: ListRow, columns: dict[str, str]) -> RowCheck:
    """Problems of one row, each with its row number, column header and reason."""
    check = RowCheck()

    def add(canonical: str | None, reason: str, *, blocking: bool) -> None:
        header = columns.get(canonical, canonical or "") if canonical else "(whole row)"
        check.issues.append(RowIssue(row.row_number, header, reason, blocking))

    for problem in row.problems:
        about_id = "record_id" in columns and problem.reason.startswith(("the id", "no id"))
        add("record_id" if about_id else None, problem.reason, blocking=problem.blocking)
    name = row.value(columns, "full_name") or " ".join(
        part
        for part in (
            row.value(columns, "surname"),
            row.value(columns, "given_name"),
            row.value(columns, "patronymic"),
        )
        if part
    )
    name_column = "full_name" if "full_name" in columns else "surname"
    # Nameless rows stay: an unidentified body or a detainee known only by age and place
    # is still a report, and still counts.
    if not name.strip():
        add(name_column, "no name: kept, but it cannot be matched by name", blocking=False)
    else:
        parsed = parse_name(name)
        if not parsed.ok:
            add(
                name_column,
                f"not read as a name ({parsed.unparseable}): kept as written, but it cannot "
                "be matched by name",
                blocking=False,
            )
    for canonical in ("birth_date", "event_date"):
        text = row.value(columns, canonical)
        if text:
            parsed_date = parse_date(text)
            if not parsed_date.ok:
                add(
                    canonical,
                    f"cannot read the date {text!r}: it will be left empty",
                    blocking=False,
                )
            elif parsed_date.ambiguous:
                add(
                    canonical,
                    f"{text!r} can be read day-first or month-first: kept as ambiguous",
                    blocking=False,
                )
    age = row.value(columns, "age")
    if age and parse_age(age) is None:
        add("age", f"{age!r} is not an age in years: it will be left empty", blocking=False)
    return check


def preview_fields(row: ListRow, columns: dict[str, str], fields: dict[str, Any]) -> dict[str, str]:
    """What a reviewer needs to see of a parsed row before importing."""
    return {
        "record_id": row.record_id,
        "name": fields["full_name"],
        "latin": transliterate(fields["full_name"], "kz2021"),
        "born": str(fields["birth_date"] or fields["birth_year_min"] or ""),
        "place": row.value(columns, "place"),
        "place_id": fields.get("place_id") or "",
        "status": str(fields["claimed_status"]),
    }
