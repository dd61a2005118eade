"""Checking each row of a list before import: what stops it, and what only warns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from aqiqat.apps.vocabulary import partial_date_text
from aqiqat.lists import ListProblem, ListRow
from aqiqat.names import transliterate
from aqiqat.services.intake.list_messages import plain_problem
from aqiqat.services.name_problems import name_problem_in_words
from aqiqat.services.record_fields import ParsedRow

# Row problems that belong in the id column, when the list has one.
_ABOUT_ID = (ListProblem.NO_ID, ListProblem.DUPLICATE_ID)


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


def check_row(row: ListRow, columns: dict[str, str], parsed: ParsedRow) -> RowCheck:
    """Problems of one row, each with its row number, column header and reason (in the
    active language)."""
    check = RowCheck()

    def add(canonical: str | None, reason: str, *, blocking: bool) -> None:
        header = columns.get(canonical, canonical or "") if canonical else _("(whole row)")
        check.issues.append(RowIssue(row.row_number, header, reason, blocking))

    for problem in row.problems:
        about_id = "record_id" in columns and problem.kind in _ABOUT_ID
        reason = plain_problem(problem).text
        add("record_id" if about_id else None, reason, blocking=problem.blocking)
    name_column = "full_name" if "full_name" in columns else "surname"
    # Nameless rows stay: an unidentified body or a detainee known only by age and place
    # is still a report, and still counts.
    if not parsed.fields["full_name"]:
        add(name_column, _("no name: kept, but it cannot be matched by name"), blocking=False)
    elif not parsed.name.ok:
        add(
            name_column,
            _("not read as a name (%(why)s): kept as written, but it cannot be matched by name")
            % {"why": name_problem_in_words(parsed.name.problem, parsed.name.unparseable or "")},
            blocking=False,
        )
    for canonical, when in (("birth_date", parsed.birth), ("event_date", parsed.event)):
        if not when.input:
            continue
        if not when.ok:
            add(
                canonical,
                _("cannot read the date “%(date)s”: it will be left empty") % {"date": when.input},
                blocking=False,
            )
        elif when.ambiguous:
            add(
                canonical,
                _("“%(date)s” can be read day-first or month-first: kept as ambiguous")
                % {"date": when.input},
                blocking=False,
            )
    if parsed.age_text and parsed.fields["age"] is None:
        add(
            "age",
            _("“%(age)s” is not an age in years: it will be left empty") % {"age": parsed.age_text},
            blocking=False,
        )
    return check


def _years(low: int | None, high: int | None) -> str:
    if low is None or high is None:
        return ""
    return str(low) if low == high else f"{low}–{high}"


def preview_fields(row: ListRow, columns: dict[str, str], parsed: ParsedRow) -> dict[str, str]:
    """What a reviewer needs to see of a parsed row before importing."""
    fields = parsed.fields
    return {
        "record_id": row.record_id,
        "name": fields["full_name"],
        "latin": transliterate(fields["full_name"], "kz2021"),
        "born": partial_date_text(fields["birth_date"], fields["birth_date_precision"])
        or _years(fields["birth_year_min"], fields["birth_year_max"]),
        "place": row.value(columns, "place"),
        "place_id": fields.get("place_id") or "",
        "status": str(fields["claimed_status"]),
    }
