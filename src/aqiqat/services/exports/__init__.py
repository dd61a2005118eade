"""Exporting records as CSV, XLSX, JSON, PFIF 1.4 or HXL-tagged CSV, as the user may see them.

`prepare_export` selects the records through `records_visible_to`, decides the columns
(sensitive ones only for roles that may see them, and only when asked) and writes the audit
entry before a single row leaves; `PreparedExport.chunks()` then streams the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.sources.models import Record
from aqiqat.selectors.records import RecordFilters, records_visible_to, sensitive_fields_for
from aqiqat.services.exports.columns import (
    BASE_COLUMNS,
    RETRACTION_COLUMNS,
    SENSITIVE_COLUMNS,
    Column,
    Row,
    fields_of,
    to_row,
)
from aqiqat.services.exports.writers import (
    PFIF_SENSITIVE,
    csv_chunks,
    hxl_chunks,
    json_chunks,
    pfif_chunks,
    write_xlsx,
    xlsx_chunks,
)

__all__ = ["FORMATS", "ExportError", "PreparedExport", "RecordFilters", "prepare_export"]


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    chunks: Callable[[tuple[Column, ...], Iterable[Row]], Iterator[bytes]] | None


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "text/csv; charset=utf-8", csv_chunks),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None
    ),
    "json": Format("json", "application/json", json_chunks),
    "pfif": Format("pfif.xml", "application/xml", pfif_chunks),
    "hxl": Format("hxl.csv", "text/csv; charset=utf-8", hxl_chunks),
}
FETCH_BATCH = 2000
PROGRESS_EVERY = 1000


class ExportError(Exception):
    """The export cannot be made as asked (an unknown format)."""


@dataclass(frozen=True)
class PreparedExport:
    file_format: str
    columns: tuple[Column, ...]
    records: QuerySet[Record, dict[str, Any]]
    count: int
    sensitive_fields: tuple[str, ...]
    progress: Callable[[int], None] | None = field(default=None, compare=False)

    @property
    def filename(self) -> str:
        return (
            f"aqiqat-records-{timezone.localdate():%Y-%m-%d}.{FORMATS[self.file_format].extension}"
        )

    @property
    def content_type(self) -> str:
        return FORMATS[self.file_format].content_type

    def rows(self) -> Iterator[Row]:
        for number, record in enumerate(self.records.iterator(chunk_size=FETCH_BATCH), 1):
            yield to_row(record, self.columns)
            if self.progress is not None and number % PROGRESS_EVERY == 0:
                self.progress(number)

    def write(self, out: IO[bytes]) -> None:
        """Write the whole file to an open binary file."""
        chunks = FORMATS[self.file_format].chunks
        if chunks is None:
            write_xlsx(self.columns, self.rows(), out)
            return
        for chunk in chunks(self.columns, self.rows()):
            out.write(chunk)

    def chunks(self) -> Iterator[bytes]:
        """The file as a stream of bytes, for a streamed HTTP response."""
        chunks = FORMATS[self.file_format].chunks or xlsx_chunks
        yield from chunks(self.columns, self.rows())


def prepare_export(
    user: Any,
    file_format: str,
    filters: RecordFilters | None = None,
    *,
    include_sensitive: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PreparedExport:
    """Select what `user` may export and audit the export; nothing is written yet.

    Sensitive fields are exported only when asked for and only those the user's roles may
    see. The audit entry names the user, the format, the filters, the sensitive fields and
    the number of records selected.
    """
    if file_format not in FORMATS:
        raise ExportError(f"unknown export format {file_format!r}; use {', '.join(FORMATS)}")
    wanted = filters or RecordFilters()
    sensitive = sensitive_fields_for(user) if include_sensitive else ()
    if file_format == "pfif":
        sensitive = tuple(name for name in sensitive if name in PFIF_SENSITIVE)
    columns = BASE_COLUMNS
    if wanted.include_retracted and has_role(user, Role.ADMIN):
        columns += RETRACTION_COLUMNS
    columns += tuple(SENSITIVE_COLUMNS[name] for name in sensitive)
    # Plain values, not model instances: five times less work a row, and a sensitive field
    # that is not exported is not even read from the database.
    records = records_visible_to(user, wanted).values(*fields_of(columns))
    count = records.count()
    write_entries(
        user,
        [
            PendingEntry(
                action="export",
                object_type=Record._meta.label_lower,
                object_id="",
                detail={
                    "format": file_format,
                    "records": count,
                    "fields": list(sensitive),
                    "filters": {
                        "source": wanted.source,
                        "status": wanted.status,
                        "include_retracted": wanted.include_retracted,
                        "include_superseded": wanted.include_superseded,
                    },
                },
            )
        ],
    )
    return PreparedExport(file_format, columns, records, count, sensitive, progress)
