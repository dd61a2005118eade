"""Times `aqiqat import` of a 100,000-row CSV and a 10,000-row XLSX, with peak memory.

Targets (issue 4): 100,000-row CSV under 20 s; 10,000-row XLSX under 10 s; memory bounded.
Usage: python bench/bench_import.py
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from aqiqat.demo import generate

HEADERS = ["№", "ФИО", "Дата рождения", "Место", "Дата", "Статус"]


def demo_rows(count: int) -> list[list[str]]:
    world = generate(people=max(2000, count // 2), seed=4)
    source = next(lst for lst in world.lists if lst.name == "prosecutor")
    columns = source.columns
    keys = ["full_name", "birth_date", "place", "event_date", "status"]
    rows = []
    while len(rows) < count:
        for row in source.rows:
            rows.append([str(len(rows) + 1), *(row.get(columns.get(k, ""), "") for k in keys)])
            if len(rows) == count:
                break
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="cp1251", newline="", errors="replace") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)


# Runs the import in a child that reports its own peak memory, so each file is measured alone.
MEASURED = (
    "import resource, sys\n"
    "from aqiqat.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


def timed_import(data: str, path: Path, source: str) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AQIQAT_DATA_DIR"] = data
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, "import", str(path), "--source", source],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="aqiqat-bench-import-") as data:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["AQIQAT_DATA_DIR"] = data
        subprocess.run(
            [sys.executable, "-m", "aqiqat", "init"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        for label, rows, writer, suffix, target in [
            ("CSV", 100_000, write_csv, "csv", 20.0),
            ("XLSX", 10_000, write_xlsx, "xlsx", 10.0),
        ]:
            path = Path(data) / f"list-{rows}.{suffix}"
            writer(path, demo_rows(rows))
            seconds, peak_mb = timed_import(data, path, f"bench-{suffix}")
            verdict = "ok" if seconds < target else "TOO SLOW"
            failed |= verdict != "ok"
            print(
                f"import {rows:>7,}-row {label:4}: {seconds:6.1f} s (target < {target:.0f} s), "
                f"peak RSS {peak_mb:,.0f} MB, file {path.stat().st_size / 1e6:.1f} MB  {verdict}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
