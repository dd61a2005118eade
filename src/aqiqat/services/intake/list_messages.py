"""What is wrong with a list file, in plain words in the user's language (en, ru, kk).

The lists core gives each problem as a kind with its particulars and English text
(lists/errors.py); the command line prints that English. Here each kind says what it
means for the documenter and what to do, the core's English kept as the technical detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from aqiqat.lists import ListError, ListProblem
from aqiqat.notices import Notice
from aqiqat.services.plain_words import PlainNote, in_words

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_SENTENCES: dict[str, StrOrPromise] = {
    ListProblem.NO_FILE: _("The list file %(file)s does not exist."),
    ListProblem.UNKNOWN_FORMAT: _(
        "Lists are read from CSV, XLSX, JSON or PFIF XML files, and %(file)s is none of these."
    ),
    ListProblem.EMPTY: _("The file %(file)s is empty."),
    ListProblem.NO_HEADERS: _(
        "The first row of %(file)s is empty; it must hold the column headers."
    ),
    ListProblem.NOT_TEXT: _(
        "The file is not text: it may be a workbook, a picture or a document under the wrong "
        "name. Save the list as CSV or XLSX and upload it again."
    ),
    ListProblem.UNKNOWN_ENCODING: _(
        "“%(encoding)s” is not a text encoding this program knows: choose UTF-8, UTF-16, "
        "Windows-1251, KOI8-R or KZ-1048."
    ),
    ListProblem.UNKNOWN_TEXT_ENCODING: _(
        "The file is not in a known text encoding (UTF-8, UTF-16, Windows-1251, KOI8-R or "
        "KZ-1048), so its letters cannot be read. Choose its text encoding when you upload "
        "it, or save it again as UTF-8 text."
    ),
    ListProblem.WRONG_ENCODING: _(
        "The file %(file)s is not in the text encoding it was read in (%(encoding)s), so some "
        "of its letters cannot be read. Choose its text encoding when you upload it (lists "
        "saved by Excel in Russian are usually Windows-1251), or save it again as UTF-8 text."
    ),
    ListProblem.CSV_BROKEN: _(
        "The file %(file)s cannot be read as a CSV list from line %(line)s on."
    ),
    ListProblem.NOT_XLSX: _(
        "The file %(file)s is named as an Excel workbook (XLSX) but is not one."
    ),
    ListProblem.UNPACKS_TOO_LARGE: _(
        "The workbook %(file)s would take %(unpacked_mb)s MB once unpacked, far more than a "
        "list needs: it was refused, as it may be made to fill the disk."
    ),
    ListProblem.XLSX_UNREADABLE: _(
        "The Excel workbook %(file)s cannot be read; it may be damaged. Open it in Excel or "
        "LibreOffice, save it again and upload the new file."
    ),
    ListProblem.FIRST_SHEET_EMPTY: _(
        "The first sheet of %(file)s is empty; only the first sheet is read."
    ),
    ListProblem.TOO_LARGE: _(
        "The file %(file)s is larger than %(limit_mb)s MB; save the list as CSV and upload that."
    ),
    ListProblem.NOT_JSON: _("The file %(file)s is not valid JSON."),
    ListProblem.NOT_RECORDS: _("The file %(file)s does not hold a list of records."),
    ListProblem.NOT_PFIF: _(
        "The file %(file)s is not a PFIF (Person Finder) XML file that can be read."
    ),
    ListProblem.XML_BROKEN: _(
        "The file %(file)s breaks off, or holds XML refused as unsafe; it was not read to the end."
    ),
    ListProblem.MISSING_COLUMNS: _(
        "The file has no column %(missing)s, which was chosen for this list. Its columns are: "
        "%(columns)s."
    ),
    ListProblem.NO_NAME_COLUMN: _(
        "No column of %(file)s is known to hold names: the first row must hold the column headers."
    ),
    ListProblem.MAPPING_UNREADABLE: _(
        "The mapping file %(file)s cannot be read, or is not written as it should be."
    ),
    ListProblem.MAPPING_ENTRY: _(
        "In the mapping file, the entry for the list “%(list)s” is not written as it should be."
    ),
    ListProblem.ONLY_FIRST_SHEET: _("Only the first sheet (“%(sheet)s”) of the workbook is read."),
    # A row's problems stand in a table of problems beside those of the import check.
    ListProblem.RAGGED_ROW: _(
        "more cells are filled than the header has columns (%(cells)s against %(columns)s): "
        "a name or note may hold the separator, such as ; or ,"
    ),
    ListProblem.NESTED_VALUE: _("the field “%(field)s” holds nested data: it is kept as text"),
    ListProblem.NO_ID: _("no id in the column “%(column)s”: the row number is used instead"),
    ListProblem.DUPLICATE_ID: _("the id “%(id)s” was already used by row %(first_row)s"),
}


def plain_problem(notice: Notice) -> PlainNote:
    """A list's problem in plain words in the active language; its English as detail."""
    return in_words(_SENTENCES, notice)


def plain_list_error(error: ListError) -> PlainNote:
    return plain_problem(error.notice)
