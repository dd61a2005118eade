"""What is wrong with a list file or a mapping, as a kind, its particulars and English text.

The command line prints the English; the web says it in plain words in the user's language
(services/intake/list_messages.py), from the kind and its particulars.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aqiqat.notices import Notice


class ListProblem(StrEnum):
    # The file cannot be read at all (ListError); params in brackets (what went wrong in
    # the reader's words is in the English text).
    NO_FILE = "no_file"  # [file]
    UNKNOWN_FORMAT = "unknown_format"  # [file]
    EMPTY = "empty"  # [file]
    NO_HEADERS = "no_headers"  # [file]: the first row is empty
    NOT_TEXT = "not_text"  # NUL bytes in a file read as text
    UNKNOWN_ENCODING = "unknown_encoding"  # [encoding]: a name no codec has
    UNKNOWN_TEXT_ENCODING = "unknown_text_encoding"  # none of SUPPORTED_ENCODINGS fits
    WRONG_ENCODING = "wrong_encoding"  # [file, line, encoding, byte]: a byte it cannot decode
    CSV_BROKEN = "csv_broken"  # [file, line]
    NOT_XLSX = "not_xlsx"  # [file]: not a zip file
    UNPACKS_TOO_LARGE = "unpacks_too_large"  # [file, unpacked_mb, packed_mb]
    XLSX_UNREADABLE = "xlsx_unreadable"  # [file]
    FIRST_SHEET_EMPTY = "first_sheet_empty"  # [file]
    TOO_LARGE = "too_large"  # [file, limit_mb]
    NOT_JSON = "not_json"  # [file]
    NOT_RECORDS = "not_records"  # [file]: JSON that is not a list of objects
    NOT_PFIF = "not_pfif"  # [file]
    XML_BROKEN = "xml_broken"  # [file]
    MISSING_COLUMNS = "missing_columns"  # [list, missing, columns]: mapped headers absent
    NO_NAME_COLUMN = "no_name_column"  # [file]: no header looks like a name's
    MAPPING_UNREADABLE = "mapping_unreadable"  # [file]
    MAPPING_ENTRY = "mapping_entry"  # [list]: one list's entry in the mapping is wrong
    # Read, but worth saying (Table.warnings).
    ONLY_FIRST_SHEET = "only_first_sheet"  # [sheet]
    # One row (RowProblem).
    RAGGED_ROW = "ragged_row"  # [cells, columns]: more cells than headers
    NESTED_VALUE = "nested_value"  # [field]: JSON object or array, kept as text
    NO_ID = "no_id"  # [column]: the row number is used instead
    DUPLICATE_ID = "duplicate_id"  # [id, first_row]


# A row with one of these cannot be imported.
BLOCKING = frozenset({ListProblem.RAGGED_ROW, ListProblem.DUPLICATE_ID})


class ListError(Exception):
    """A list file or mapping cannot be read; `notice` says why, `str()` in English."""

    def __init__(self, kind: ListProblem, detail: str, /, **params: Any) -> None:
        super().__init__(detail)
        self.notice = Notice(kind, detail, params)


@dataclass(frozen=True)
class RowProblem(Notice):
    """Something wrong with one row; a blocking one means the row cannot be imported."""

    kind: ListProblem

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING
