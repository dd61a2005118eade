"""Writers for each export format: rows in, bytes out, a bounded number of rows at a time."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO
from xml.sax.saxutils import escape

from openpyxl import Workbook

from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.services.exports.columns import Cell, Column, Row

ROWS_PER_CHUNK = 1000
COPY_BLOCK = 64 * 1024
BOM = "\ufeff"
# Spreadsheets run a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry at all (XLSX is XML too); they become U+FFFD.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_MAX_CELL = 32_767
XLSX_CUT_NOTE = " […cut: Excel holds 32,767 characters a cell; CSV and JSON keep all]"
PFIF_NAMESPACE = "http://zesty.ca/pfif/1.4"
PFIF_DOMAIN = "aqiqat.invalid"
PFIF_STATUS = {
    PersonStatus.KILLED: "believed_dead",
    PersonStatus.MISSING: "believed_missing",
    PersonStatus.DETAINED: "believed_alive",
    PersonStatus.RELEASED: "believed_alive",
    PersonStatus.INJURED: "believed_alive",
    PersonStatus.IN_HOSPITAL: "believed_alive",
    PersonStatus.FOUND: "believed_alive",
}
PFIF_SEX = {"M": "male", "F": "female"}
PFIF_NOTE_DETAILS = (("event_date", "date"), ("facility", "facility"), ("place", "place"))
# Of the sensitive fields only testimony has a PFIF home (description): PFIF files are made
# for tracing services, which need no medical details, and contacts stay in the tables.
PFIF_SENSITIVE = frozenset({"testimony"})


def neutralise(value: str) -> str:
    """Make a text cell inert in a spreadsheet by prefixing a quote to a formula start."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _spreadsheet_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return neutralise(value)


def _encoded(text: str) -> bytes:
    # A lone surrogate cannot be UTF-8; it becomes "?" rather than stopping the export.
    return text.encode("utf-8", errors="replace")


def _csv_chunks(
    head: list[list[str]], columns: tuple[Column, ...], rows: Iterable[Row]
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerows(head)
    for number, row in enumerate(rows, 1):
        writer.writerow([_spreadsheet_text(row[c.name]) for c in columns])
        if number % ROWS_PER_CHUNK == 0:
            yield _encoded(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    yield _encoded(buffer.getvalue())


def csv_chunks(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark, so Excel opens Cyrillic and Kazakh letters right."""
    return _csv_chunks([[c.name for c in columns]], columns, rows)


def hxl_chunks(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[bytes]:
    """CSV whose second row holds the HXL hashtag of each column."""
    return _csv_chunks([[c.name for c in columns], [c.hxl for c in columns]], columns, rows)


def json_chunks(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[bytes]:
    """One JSON array of objects, written as it is read; values keep their types."""
    parts = ["["]
    separator = "\n"
    for number, row in enumerate(rows, 1):
        parts.append(separator)
        parts.append(json.dumps({c.name: row[c.name] for c in columns}, ensure_ascii=False))
        separator = ",\n"
        if number % ROWS_PER_CHUNK == 0:
            yield _encoded("".join(parts))
            parts = []
    parts.append("\n]\n")
    yield _encoded("".join(parts))


def _xlsx_cell(value: Cell) -> str | int | bool | None:
    if not isinstance(value, str):
        return value
    text = neutralise(XML_ILLEGAL.sub("\ufffd", value))
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - len(XLSX_CUT_NOTE)] + XLSX_CUT_NOTE
    return text


def write_xlsx(columns: tuple[Column, ...], rows: Iterable[Row], out: IO[bytes]) -> None:
    """One sheet, written row by row (openpyxl's write-only mode keeps rows on disk)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("records")
    sheet.freeze_panes = "A2"
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append([_xlsx_cell(row[c.name]) for c in columns])
    book.save(out)


def _xml(value: Cell) -> str:
    return escape(XML_ILLEGAL.sub("\ufffd", str(value)))


def _elements(fields: list[tuple[str, Cell]], indent: str) -> str:
    return "".join(
        f"{indent}<pfif:{name}>{_xml(value)}</pfif:{name}>\n"
        for name, value in fields
        if value not in (None, "")
    )


def _pfif_person(row: Row) -> str:
    record_id = f"{PFIF_DOMAIN}/{row['record_id']}"
    entered = row["entered_at"]
    latin = row["name_latin"]
    person = [
        ("person_record_id", record_id),
        ("entry_date", entered),
        ("author_name", row["source"]),
        ("source_name", f"Aqiqat: {row['source']}"),
        ("source_date", entered),
        ("full_name", row["full_name"]),
        ("given_name", row["given_name"]),
        ("family_name", row["surname"]),
        ("alternate_names", latin if latin != row["full_name"] else ""),
        ("description", row.get("testimony")),
        ("sex", PFIF_SEX.get(str(row["sex"]), "")),
        ("date_of_birth", row["birth_date"]),
        ("age", row["age"]),
    ]
    event_date = str(row["event_date"] or "")
    status = PersonStatus(str(row["status"]))
    facts = [f"{row['source']} ({row['source_kind']}) reports: {status.value}"]
    facts += [f"{label}: {row[key]}" for key, label in PFIF_NOTE_DETAILS if row[key]]
    note = [
        ("note_record_id", f"{record_id}/status"),
        ("person_record_id", record_id),
        ("entry_date", entered),
        ("author_name", row["source"]),
        # PFIF wants a full timestamp; a date known only to the month or year stays in text.
        ("source_date", f"{event_date}T00:00:00Z" if len(event_date) == 10 else entered),
        ("status", PFIF_STATUS.get(status, "")),
        ("last_known_location", ", ".join(str(row[k]) for k in ("facility", "place") if row[k])),
        ("text", "; ".join(facts) + "."),
    ]
    return (
        "  <pfif:person>\n"
        + _elements(person, "    ")
        + "    <pfif:note>\n"
        + _elements(note, "      ")
        + "    </pfif:note>\n  </pfif:person>\n"
    )


def pfif_chunks(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[bytes]:
    """PFIF 1.4 XML: one person per record, with one note carrying the claimed status."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<pfif:pfif xmlns:pfif="{PFIF_NAMESPACE}">\n',
    ]
    for number, row in enumerate(rows, 1):
        parts.append(_pfif_person(row))
        if number % ROWS_PER_CHUNK == 0:
            yield _encoded("".join(parts))
            parts = []
    parts.append("</pfif:pfif>\n")
    yield _encoded("".join(parts))


def xlsx_chunks(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[bytes]:
    """XLSX as a stream of bytes, for a streamed response.

    A zip file is finished only at its end, so it goes through a temporary file.
    """
    with tempfile.TemporaryFile() as spool:
        write_xlsx(columns, rows, spool)
        spool.seek(0)
        while block := spool.read(COPY_BLOCK):
            yield block
