"""Writing a world to disk: each list in its own format and encoding, the mapping, the truth."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from aqiqat.demo.model import DemoList, DemoWorld

# Fixed so that the same seed gives byte-identical xlsx files.
XLSX_TIME = datetime(2022, 2, 1)


def _write_csv(lst: DemoList, path: Path) -> None:
    with path.open("w", encoding=lst.encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(lst.headers)
        writer.writerows(row.values() for row in lst.rows)


def _write_json(lst: DemoList, path: Path) -> None:
    with path.open("w", encoding=lst.encoding) as fh:
        json.dump(lst.rows, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def _write_xlsx(lst: DemoList, path: Path) -> None:
    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = XLSX_TIME
    wb.properties.creator = "aqiqat demo (fictional data)"
    ws = wb.create_sheet(lst.name)
    ws.append(lst.headers)
    for row in lst.rows:
        ws.append(list(row.values()))
    buffer = io.BytesIO()
    wb.save(buffer)
    # Saving stamps the zip entries and the "modified" property with the current time;
    # re-pack with fixed ones.
    wb.properties.modified = XLSX_TIME
    core = tostring(wb.properties.to_tree())
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=XLSX_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = core if info.filename == ARC_CORE else src.read(info.filename)
            dst.writestr(fixed, data)


WRITERS = {"csv": _write_csv, "json": _write_json, "xlsx": _write_xlsx}


def mapping_of(world: DemoWorld) -> dict[str, dict[str, object]]:
    """The DESIGN.md list mapping; xlsx files carry no text encoding, so it is left out."""
    out: dict[str, dict[str, object]] = {}
    for lst in world.lists:
        entry: dict[str, object] = {"file": lst.file_name}
        if lst.encoding:
            entry["encoding"] = lst.encoding
        entry["columns"] = dict(lst.columns)
        out[lst.name] = entry
    return out


def record_ids(lst: DemoList) -> list[str]:
    """Each row's record id per DESIGN.md: the record_id column, else the row number."""
    header = lst.columns.get("record_id")
    if header is None:
        return [f"{lst.name}:{n}" for n in range(1, len(lst.rows) + 1)]
    return [f"{lst.name}:{row[header]}" for row in lst.rows]


def capture_histories(world: DemoWorld, stratified: bool = False) -> list[list[str]]:
    """Capture histories of the killed over the lists that report deaths, header first."""
    lists = [lst for lst in world.lists if lst.reports_deaths]
    killed = {p.truth_id: p for p in world.people if p.fate == "killed"}
    seen = [set(lst.truth_ids).intersection(killed) for lst in lists]
    place_of_death = {e.truth_id: e.place_id for e in world.events if e.kind == "death"}
    counts: Counter[tuple[str, ...]] = Counter()
    for tid in killed:
        pattern = tuple("1" if tid in s else "0" for s in seen)
        if "1" in pattern:
            stratum = (place_of_death[tid],) if stratified else ()
            counts[pattern + stratum] += 1
    header = [lst.name for lst in lists] + (["stratum"] if stratified else []) + ["count"]
    return [header] + [[*key, str(n)] for key, n in sorted(counts.items())]


def write_files(world: DemoWorld, out_dir: Path) -> Path:
    """Write every list, mapping.json, truth.csv, people.csv and histories; return the mapping."""
    out_dir = Path(out_dir)
    (out_dir / "lists").mkdir(parents=True, exist_ok=True)
    for lst in world.lists:
        WRITERS[lst.file_format](lst, out_dir / lst.file_name)
    mapping = out_dir / "mapping.json"
    mapping.write_text(
        json.dumps(mapping_of(world), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with (out_dir / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["record_id", "truth_id"])
        for lst in world.lists:
            writer.writerows(zip(record_ids(lst), lst.truth_ids, strict=True))
    with (out_dir / "people.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["truth_id", "sex", "ethnicity", "surname", "given", "patronymic", "birth_date",
             "home_place_id", "fate", "father_id"]
        )  # fmt: skip
        writer.writerows(
            (p.truth_id, p.sex, p.ethnicity, p.surname, p.given, p.patronymic,
             p.birth_date.isoformat(), p.home_place_id, p.fate, p.father_id or "")
            for p in world.people
        )  # fmt: skip
    for name, stratified in (("histories.csv", False), ("histories_by_place.csv", True)):
        with (out_dir / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(capture_histories(world, stratified))
    return mapping
