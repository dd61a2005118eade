"""Importing a list file into a source: a dry run first, then all of it or none."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.apps.bulk import insert_rows
from aqiqat.apps.places.models import Place
from aqiqat.apps.sources.models import ImportBatch, Record, Source
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.lists import (
    ListError,
    ListProblem,
    ListReading,
    ListSpec,
    guess_format,
    read_list,
    suggest_columns,
)
from aqiqat.lists.readers import Opener, open_table
from aqiqat.services.evidence import store_evidence
from aqiqat.services.intake.list_messages import plain_problem
from aqiqat.services.intake.validation import RowIssue, check_row, preview_fields
from aqiqat.services.record_fields import read_row
from aqiqat.services.tracing.enquiries import match_new_records

BATCH = 2000
PREVIEW_ROWS = 10
MAX_ISSUES_KEPT = 1000
Progress = Callable[[int], None]


class ImportRefused(Exception):
    """The file has rows that cannot be imported; nothing was written. The message is in
    the language active when it was raised."""

    def __init__(self, rows_invalid: int, rows_read: int) -> None:
        super().__init__(
            _(
                "%(invalid)d of %(read)d rows cannot be imported; fix them, or skip them and "
                "import the others"
            )
            % {"invalid": rows_invalid, "read": rows_read}
        )
        self.rows_invalid = rows_invalid
        self.rows_read = rows_read


@dataclass
class ImportPreview:
    """The dry run: what the file holds and what is wrong with it, row by row."""

    spec: ListSpec
    file_format: str
    encoding: str | None
    encoding_detected: bool
    headers: list[str]
    rows_read: int = 0
    rows_invalid: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    issues_total: int = 0
    preview: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # in the active language

    @property
    def rows_valid(self) -> int:
        return self.rows_read - self.rows_invalid


@dataclass(frozen=True)
class ImportResult:
    source: Source
    batch: ImportBatch | None
    already_imported: bool
    rows_read: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    rows_skipped: int


def spec_for(
    path: Path,
    source_name: str,
    columns: dict[str, str] | None,
    encoding: str | None = None,
    opener: Opener | None = None,
) -> ListSpec:
    """A ListSpec for one file (read through `opener` when given): the given columns, the
    source's remembered ones, or a guess."""
    if not columns:
        remembered = Source.objects.filter(name=source_name).values_list("mapping", flat=True)
        columns = dict((remembered.first() or {}).get("columns", {}))
        encoding = encoding or (remembered.first() or {}).get("encoding") or None
    if not columns:
        columns = suggest_columns(open_table(path, encoding=encoding, opener=opener).headers)
    if not ({"full_name", "surname", "given_name"} & set(columns)):
        raise ListError(
            ListProblem.NO_NAME_COLUMN,
            f"{path.name}: no column holds a name; give a mapping (e.g. --mapping mapping.json)",
            file=path.name,
        )
    return ListSpec(source_name, path, encoding, columns, opener)


def preview_import(spec: ListSpec, progress: Progress | None = None) -> ImportPreview:
    """Read the whole file and check every row; writes nothing."""
    file_format = guess_format(spec.file)
    reading = read_list(spec, file_format)
    preview = ImportPreview(
        spec,
        file_format,
        reading.table.encoding,
        reading.table.encoding_detected,
        reading.table.headers,
        warnings=[plain_problem(warning).text for warning in reading.warnings],
    )
    default_status = _default_status(spec.name)
    for row in reading.rows:
        preview.rows_read += 1
        parsed = read_row(row.cells, spec.columns, default_status)
        check = check_row(row, spec.columns, parsed)
        preview.issues_total += len(check.issues)
        if len(preview.issues) < MAX_ISSUES_KEPT:
            preview.issues.extend(check.issues[: MAX_ISSUES_KEPT - len(preview.issues)])
        if not check.valid:
            preview.rows_invalid += 1
        elif len(preview.preview) < PREVIEW_ROWS:
            preview.preview.append(preview_fields(row, spec.columns, parsed))
        if progress and preview.rows_read % 1000 == 0:
            progress(preview.rows_read)
    return preview


def import_list(
    spec: ListSpec,
    *,
    actor: Any,
    source_kind: str = Source.Kind.OTHER,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the file in one transaction; the same file twice changes nothing.

    Rows whose list id exists with different content become records superseding the old.
    """
    sha256, size = _hash(spec)
    existing = Source.objects.filter(name=spec.name).first()
    if existing and existing.imports.filter(file_sha256=sha256).exists():
        return ImportResult(existing, None, True, 0, 0, 0, 0, 0)
    file_format = guess_format(spec.file)
    with transaction.atomic(), spec.open() as handle:
        evidence = store_evidence(
            handle,
            original_name=spec.file.name,
            media_type=_media_type(file_format),
            actor=actor,
            description=f"list file imported into source {spec.name}",
        )
        reading = read_list(spec, file_format)
        source = _source(spec, source_kind, actor, reading.table.encoding)
        batch = ImportBatch.objects.create(
            source=source,
            file_name=spec.file.name[:300],
            file_sha256=sha256,
            file_size=size,
            file_format=file_format,
            encoding=reading.table.encoding or "",
            columns=spec.columns,
            evidence=evidence,
            created_by=actor,
        )
        counts = _write_rows(reading, source, batch, actor, progress)
        if counts["rows_skipped"] and not skip_invalid:
            # Raising inside the transaction undoes everything written so far.
            raise ImportRefused(counts["rows_skipped"], counts["rows_read"])
        match_new_records(Record.objects.filter(import_batch=batch), actor)
        for name, value in counts.items():
            setattr(batch, name, value)
        batch.save()
    return ImportResult(
        source,
        batch,
        False,
        counts["rows_read"],
        counts["rows_new"],
        counts["rows_changed"],
        counts["rows_unchanged"],
        counts["rows_skipped"],
    )


def _write_rows(
    reading: ListReading,
    source: Source,
    batch: ImportBatch,
    actor: Any,
    progress: Progress | None,
) -> dict[str, int]:
    spec = reading.spec
    current = {
        row["list_record_id"]: (row["id"], row["raw"])
        for row in Record.objects.filter(
            source=source, superseded_by__isnull=True, retracted_at__isnull=True
        ).values("list_record_id", "id", "raw")
    }
    places = dict(Place.objects.values_list("gazetteer_id", "id"))
    default_status = _default_status(source.name)
    counts = dict.fromkeys(
        ("rows_read", "rows_new", "rows_changed", "rows_unchanged", "rows_skipped"), 0
    )
    pending: list[Record] = []
    for row in reading.rows:
        counts["rows_read"] += 1
        previous = current.get(row.record_id)
        if previous is not None and previous[1] == row.cells:
            counts["rows_unchanged"] += 1
            continue
        parsed = read_row(row.cells, spec.columns, default_status)
        if not check_row(row, spec.columns, parsed).valid:
            counts["rows_skipped"] += 1
            continue
        counts["rows_changed" if previous else "rows_new"] += 1
        fields = dict(parsed.fields)
        place_id = fields.pop("place_id", None)
        pending.append(
            Record(
                source=source,
                import_batch=batch,
                list_record_id=row.record_id,
                raw=row.cells,
                supersedes_id=previous[0] if previous else None,
                place_id=places.get(place_id or ""),
                created_by=actor,
                **fields,
            )
        )
        if len(pending) >= BATCH:
            _flush(pending, actor)
            pending = []
            if progress:
                progress(counts["rows_read"])
    if pending:
        _flush(pending, actor)
    return counts


def _flush(records: list[Record], actor: Any) -> None:
    insert_rows(records)
    write_entries(
        actor,
        [PendingEntry("create", "sources.record", str(r.pk), {"via": "import"}) for r in records],
    )


def _source(spec: ListSpec, kind: str, actor: Any, encoding: str | None) -> Source:
    remembered = {"columns": spec.columns, "encoding": encoding or ""}
    source = Source.objects.filter(name=spec.name).first()
    if source is None:
        return Source.objects.create(
            name=spec.name,
            kind=kind,
            channel=Source.Channel.FILE,
            mapping=remembered,
            file_name=spec.file.name[:300],
            created_by=actor,
        )
    if source.mapping != remembered:
        source.mapping = remembered
        source.save()
    return source


def _default_status(source_name: str) -> PersonStatus:
    # A morgue register lists the dead even where no column says so.
    kind = Source.objects.filter(name=source_name).values_list("kind", flat=True).first()
    return PersonStatus.KILLED if kind == Source.Kind.MORGUE else PersonStatus.UNKNOWN


def _media_type(file_format: str) -> str:
    return {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json": "application/json",
        "pfif": "application/xml",
    }[file_format]


def _hash(spec: ListSpec) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with spec.open() as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
