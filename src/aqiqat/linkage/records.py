"""What linkage reads: one record per report, as the source wrote it, and lists to records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

from aqiqat.lists import ListError, ListSpec, read_list, read_mapping

# The canonical columns linkage uses; the rest (status, contact, notes…) say nothing about
# who a person is.
LINK_COLUMNS = (
    "full_name", "surname", "given_name", "patronymic", "birth_date", "age", "sex", "place",
    "event_date", "facility", "id_number", "address",
)  # fmt: skip


class LinkageInputError(ValueError):
    """Input that linkage cannot work on; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One report about one person: raw text as received (empty when the list lacks it)."""

    record_id: str
    list_name: str
    full_name: str = ""
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: str = ""
    age: str = ""
    sex: str = ""
    place: str = ""
    event_date: str = ""
    facility: str = ""
    # An identity-document number (IIN, passport) and a home address: sensitive, shown only
    # to roles that may see contacts, never logged.
    id_number: str = field(default="", repr=False)
    address: str = field(default="", repr=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, c).strip() for c in LINK_COLUMNS)


RECORD_FIELDS = tuple(f.name for f in fields(LinkRecord))


@dataclass
class ListsRead:
    """Records read from the lists of a mapping, and what was skipped or odd about them."""

    records: list[LinkRecord]
    warnings: list[str]


def _records_of(spec: ListSpec, warnings: list[str]) -> Iterator[LinkRecord]:
    reading = read_list(spec)
    warnings.extend(f"{spec.name}: {w}" for w in reading.warnings)
    empty = 0
    for row in reading.rows:
        values = {c: row.value(spec.columns, c).strip() for c in LINK_COLUMNS}
        record = LinkRecord(record_id=row.record_id, list_name=spec.name, **values)
        if record.is_empty:
            empty += 1
            continue
        yield record
    if empty:
        warnings.append(f"{spec.name}: {empty} row(s) with nothing to link on were skipped")


def read_records(mapping: Path) -> ListsRead:
    """Every record of every list a mapping names; raises LinkageInputError on bad input."""
    try:
        specs = read_mapping(mapping)
    except ListError as exc:
        raise LinkageInputError(str(exc)) from None
    warnings: list[str] = []
    records: list[LinkRecord] = []
    try:
        for spec in specs.values():
            records.extend(_records_of(spec, warnings))
    except ListError as exc:
        raise LinkageInputError(str(exc)) from None
    check_records(records)
    return ListsRead(records, warnings)


def check_records(records: Iterable[LinkRecord]) -> None:
    """Refuse input that cannot be linked: nothing at all, or one id given twice."""
    seen: set[str] = set()
    count = 0
    for record in records:
        count += 1
        if record.record_id in seen:
            raise LinkageInputError(
                f"record id {record.record_id!r} appears twice; ids must be unique "
                "(check the list's record_id column)"
            )
        seen.add(record.record_id)
    if count == 0:
        raise LinkageInputError("there are no records to link (every row was empty)")
