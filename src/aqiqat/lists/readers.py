"""Reading list files (CSV, XLSX, JSON, PFIF XML) as rows of header → text, streamed."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from aqiqat.lists.encoding import SAMPLE_BYTES, detect_encoding
from aqiqat.lists.errors import ListError, ListProblem, RowProblem
from aqiqat.notices import Notice

MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_JSON_BYTES = 512 * 1024 * 1024
MAX_CELL = 10_000
FORMATS = ("csv", "xlsx", "json", "pfif")

# Opens the list's bytes for reading (seekable); an encrypted upload is read through one.
Opener = Callable[[], BinaryIO]


@dataclass
class Table:
    """A list file opened for reading: its headers and a one-pass iterator of rows."""

    headers: list[str]
    rows: Iterator[tuple[int, dict[str, str], list[RowProblem]]]
    encoding: str | None = None
    encoding_detected: bool = False
    warnings: list[Notice] = field(default_factory=list)


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in {"csv", "txt", "tsv"}:
        return "csv"
    if suffix in {"xlsx", "xlsm"}:
        return "xlsx"
    if suffix == "json":
        return "json"
    if suffix == "xml":
        return "pfif"
    raise ListError(
        ListProblem.UNKNOWN_FORMAT,
        f"{path.name}: cannot tell the format from the extension '.{suffix}'; "
        "use CSV, XLSX, JSON or PFIF XML",
        file=path.name,
    )


def open_table(
    path: Path,
    file_format: str | None = None,
    encoding: str | None = None,
    opener: Opener | None = None,
) -> Table:
    """Open a list file (its bytes from `opener` when given; `path` still names it);
    raises ListError for a file that cannot be read at all."""
    if opener is None:
        if not path.is_file():
            raise ListError(
                ListProblem.NO_FILE, f"the list file {path} does not exist", file=path.name
            )
        opener = _file_opener(path)
    kind = file_format or guess_format(path)
    if kind == "csv":
        return _csv(path, opener, encoding)
    if kind == "xlsx":
        return _xlsx(path, opener)
    if kind == "json":
        return _json(path, opener)
    if kind == "pfif":
        from aqiqat.lists.pfif import read_pfif

        return read_pfif(path, opener)
    raise ListError(
        ListProblem.UNKNOWN_FORMAT,
        f"unknown format {kind!r}; use one of {', '.join(FORMATS)}",
        file=path.name,
    )


def _file_opener(path: Path) -> Opener:
    def open_file() -> BinaryIO:
        return path.open("rb")

    return open_file


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # PostgreSQL cannot store NUL in text; the original file keeps the byte.
    return str(value)[:MAX_CELL].replace("\x00", "\ufffd")


def _headers(raw: list[Any], where: str) -> list[str]:
    headers = [_clean(h).strip() for h in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ListError(
            ListProblem.NO_HEADERS,
            f"{where}: the first row is empty; it must hold the column headers",
            file=where,
        )
    seen: dict[str, int] = {}
    unique = []
    for i, header in enumerate(headers, start=1):
        name = header or f"column {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        unique.append(name)
    return unique


def _csv(path: Path, opener: Opener, declared: str | None) -> Table:
    with opener() as binary:
        sample = binary.read(SAMPLE_BYTES)
    if not sample.strip():
        raise _empty(path)
    detected = detect_encoding(sample, declared)
    try:
        text_sample = sample.decode(detected.encoding, errors="ignore")
    except LookupError as exc:
        raise ListError(
            ListProblem.UNKNOWN_ENCODING,
            f"unknown encoding {detected.encoding!r}",
            encoding=detected.encoding,
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text_sample.split("\n", 20)[0], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    handle = io.TextIOWrapper(opener(), encoding=detected.encoding, newline="", errors="strict")
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        headers = _headers(next(reader), path.name)
    except UnicodeDecodeError as exc:
        handle.close()
        raise _decode_error(path, detected.encoding, exc) from exc
    except StopIteration as exc:
        handle.close()
        raise _empty(path) from exc

    def rows() -> Iterator[tuple[int, dict[str, str], list[RowProblem]]]:
        with handle:
            number = 0
            try:
                for cells in reader:
                    if not any(c.strip() for c in cells):
                        continue
                    number += 1
                    yield _row(number, headers, cells)
            except UnicodeDecodeError as exc:
                raise _decode_error(path, detected.encoding, exc, reader.line_num) from exc
            except csv.Error as exc:
                raise ListError(
                    ListProblem.CSV_BROKEN,
                    f"{path.name}, line {reader.line_num}: {exc}",
                    file=path.name,
                    line=reader.line_num,
                ) from exc

    return Table(headers, rows(), detected.encoding, detected.detected)


def _empty(path: Path) -> ListError:
    return ListError(ListProblem.EMPTY, f"{path.name} is empty", file=path.name)


def _decode_error(
    path: Path, encoding: str, exc: UnicodeDecodeError, line: int | None = None
) -> ListError:
    where = f", line {line}" if line else ""
    byte = exc.object[exc.start]
    return ListError(
        ListProblem.WRONG_ENCODING,
        f"{path.name}{where}: the text is not valid {encoding} (byte {byte:#04x}); "
        "give the right encoding with --encoding",
        file=path.name,
        line=line,
        encoding=encoding,
        byte=f"{byte:#04x}",
    )


def _row(
    number: int, headers: list[str], cells: list[str]
) -> tuple[int, dict[str, str], list[RowProblem]]:
    problems = []
    extra = [c for c in cells[len(headers) :] if c.strip()]
    if extra:
        filled = len(headers) + len(extra)
        problems.append(
            RowProblem(
                ListProblem.RAGGED_ROW,
                f"has {filled} filled cells but the header has {len(headers)} columns "
                "(a ragged row: a delimiter inside a name?)",
                {"cells": filled, "columns": len(headers)},
            )
        )
    values = {h: _clean(cells[i]).strip() if i < len(cells) else "" for i, h in enumerate(headers)}
    return number, values, problems


def _xlsx(path: Path, opener: Opener) -> Table:
    try:
        with opener() as binary, zipfile.ZipFile(binary) as archive:
            total = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist()) or 1
    except zipfile.BadZipFile as exc:
        raise ListError(
            ListProblem.NOT_XLSX,
            f"{path.name} is not an XLSX workbook (it is not a valid zip file)",
            file=path.name,
        ) from exc
    if total > MAX_XLSX_UNCOMPRESSED or (
        total > 50 * 1024 * 1024 and total / packed > MAX_XLSX_RATIO
    ):
        unpacked_mb, packed_mb = round(total / 2**20), round(packed / 2**20, 1)
        raise ListError(
            ListProblem.UNPACKS_TOO_LARGE,
            f"{path.name} unpacks to {unpacked_mb:,} MB from {packed_mb:,} MB: "
            "refused as a possible zip bomb",
            file=path.name,
            unpacked_mb=unpacked_mb,
            packed_mb=packed_mb,
        )
    from openpyxl import load_workbook

    # openpyxl does not close a file it was handed; the stack closes it with the workbook.
    opened = ExitStack()
    binary = opened.enter_context(opener())
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        opened.close()
        raise ListError(
            ListProblem.XLSX_UNREADABLE,
            f"{path.name} is not a readable XLSX workbook ({exc})",
            file=path.name,
        ) from exc
    opened.callback(workbook.close)
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        headers = _headers(list(next(values)), path.name)
    except StopIteration as exc:
        opened.close()
        raise ListError(
            ListProblem.FIRST_SHEET_EMPTY, f"{path.name}: the first sheet is empty", file=path.name
        ) from exc
    warnings = []
    if len(workbook.worksheets) > 1:
        warnings.append(
            Notice(
                ListProblem.ONLY_FIRST_SHEET,
                f"only the first sheet ({sheet.title!r}) is read",
                {"sheet": sheet.title},
            )
        )

    def rows() -> Iterator[tuple[int, dict[str, str], list[RowProblem]]]:
        number = 0
        try:
            for raw in values:
                cells = [_clean(v) for v in raw]
                if not any(c.strip() for c in cells):
                    continue
                number += 1
                yield _row(number, headers, cells)
        finally:
            opened.close()

    return Table(headers, rows(), warnings=warnings)


def _json(path: Path, opener: Opener) -> Table:
    with opener() as binary:
        raw = binary.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        limit_mb = MAX_JSON_BYTES // 2**20
        raise ListError(
            ListProblem.TOO_LARGE,
            f"{path.name} is larger than {limit_mb} MB; use CSV",
            file=path.name,
            limit_mb=limit_mb,
        )
    encoding = detect_encoding(raw[:SAMPLE_BYTES]).encoding
    try:
        data = json.loads(raw.decode(encoding))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ListError(
            ListProblem.NOT_JSON,
            f"{path.name} is not valid JSON ({exc})",
            file=path.name,
        ) from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise ListError(
                ListProblem.NOT_RECORDS,
                f"{path.name}: expected a list of records, or an object holding exactly one",
                file=path.name,
            )
        data = lists[0]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ListError(
            ListProblem.NOT_RECORDS,
            f"{path.name}: expected a list of records (objects)",
            file=path.name,
        )
    headers: list[str] = []
    for item in data:
        for key in item:
            if key not in headers:
                headers.append(str(key))

    def rows() -> Iterator[tuple[int, dict[str, str], list[RowProblem]]]:
        for number, item in enumerate(data, start=1):
            problems = [
                RowProblem(
                    ListProblem.NESTED_VALUE,
                    f"field {k!r} holds a nested value; it is kept as text",
                    {"field": k},
                )
                for k, v in item.items()
                if isinstance(v, dict | list)
            ]
            values = {
                h: json.dumps(item[h], ensure_ascii=False)
                if isinstance(item.get(h), dict | list)
                else _clean(item.get(h)).strip()
                for h in headers
            }
            yield number, values, problems

    return Table(headers, rows(), encoding, True)
