"""Complaints and cases as CSV or XLSX, through the record exports' writers (which make
formula-like cells inert), with one audit entry per export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.names import transliterate
from aqiqat.selectors.cases import CaseFilters, overdue_days
from aqiqat.services.exports.columns import Column, Row, fields_of, text, to_row
from aqiqat.services.exports.writers import csv_chunks, xlsx_chunks

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FETCH_BATCH = 2000


class CaseExportError(ValueError):
    """The export cannot be made as asked."""


def _day(name: str, field: str) -> Column:
    return Column(name, "", (field,), lambda v: v[field].isoformat() if v[field] else "")


def _uuid(name: str, field: str) -> Column:
    return Column(name, "", (field,), lambda v: str(v[field] or ""))


COMPLAINT_COLUMNS: tuple[Column, ...] = (
    _uuid("complaint_id", "id"),
    _uuid("person_id", "person_id"),
    text("person", "", "person__display_name"),
    Column(
        "person_latin",
        "",
        ("person__display_name",),
        lambda v: transliterate(v["person__display_name"], "kz2021"),
    ),
    text("filed_by", ""),
    text("authority", ""),
    text("authority_name", ""),
    _day("filed_on", "filed_on"),
    _day("answer_due_on", "answer_due_on"),
    _day("answered_on", "answered_on"),
    Column(
        "days_overdue",
        "",
        ("answer_due_on", "answered_on", "case_id"),
        lambda v: overdue_days(v["answer_due_on"], v["answered_on"], v["case_id"] is not None),
    ),
    text("region", "", "region__name_en"),
    text("facility", "", "facility__name_en"),
    text("case_number", "", "case__number"),
    text("case_status", "", "case__status"),
    text("summary", ""),
)

CASE_COLUMNS: tuple[Column, ...] = (
    _uuid("case_id", "id"),
    text("number", ""),
    text("authority", ""),
    text("article", ""),
    _day("opened_on", "opened_on"),
    text("status", ""),
    _day("status_on", "status_on"),
)


@dataclass(frozen=True)
class CaseExport:
    kind: str
    file_format: str
    columns: tuple[Column, ...]
    rows_of: QuerySet[Any, dict[str, Any]]
    count: int

    @property
    def filename(self) -> str:
        return f"aqiqat-{self.kind}-{timezone.localdate():%Y-%m-%d}.{self.file_format}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]

    def rows(self) -> Iterator[Row]:
        for values in self.rows_of.iterator(chunk_size=FETCH_BATCH):
            yield to_row(values, self.columns)

    def chunks(self) -> Iterator[bytes]:
        chunks = csv_chunks if self.file_format == "csv" else xlsx_chunks
        yield from chunks(self.columns, self.rows())


def _prepare(
    user: Any,
    kind: str,
    file_format: str,
    columns: tuple[Column, ...],
    selected: QuerySet[Any],
    filters: CaseFilters,
) -> CaseExport:
    if file_format not in CONTENT_TYPES:
        raise CaseExportError(f"unknown export format {file_format!r}; use csv or xlsx")
    rows_of = selected.values(*fields_of(columns))
    count = rows_of.count()
    write_entries(
        user,
        [
            PendingEntry(
                action="export",
                object_type=selected.model._meta.label_lower,
                object_id="",
                detail={
                    "format": file_format,
                    "rows": count,
                    "filters": {key: str(value) for key, value in vars(filters).items() if value},
                },
            )
        ],
    )
    return CaseExport(kind, file_format, columns, rows_of, count)


def export_complaints(
    user: Any, complaints: QuerySet[Complaint], filters: CaseFilters, file_format: str
) -> CaseExport:
    """The complaints selected for `user` (already access-checked), audited before a row."""
    return _prepare(user, "complaints", file_format, COMPLAINT_COLUMNS, complaints, filters)


def export_cases(
    user: Any, cases: QuerySet[Case], filters: CaseFilters, file_format: str
) -> CaseExport:
    return _prepare(user, "cases", file_format, CASE_COLUMNS, cases, filters)
