"""Times `aqiqat export` on demo databases of two sizes, with each export's peak memory.

Memory is bounded when the peak stays about the same for ten times the records: rows are
streamed from the database to the file, never held all at once.
Usage: python bench/bench_export.py [PEOPLE ...] [--formats csv,xlsx,...]
       (default 10000 100000 people, csv and xlsx; the demo gives ~1.1 records per person)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def aqiqat(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run one command; its wall time, its own peak RSS in MB and its output."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "aqiqat", *args], env=env, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"aqiqat {' '.join(args)} failed ({child.returncode}): {output}")
    return elapsed, usage.ru_maxrss // 1024, output


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("people", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--formats", default="csv,xlsx")
    options = parser.parse_args()
    for people in options.people:
        with tempfile.TemporaryDirectory(prefix="aqiqat-bench-") as folder:
            data = Path(folder) / "data"
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["AQIQAT_DATA_DIR"] = str(data)
            aqiqat(["init"], env)
            load, _, _ = aqiqat(["demo", "--people", str(people)], env)
            print(f"demo --people {people:,}: loaded in {load:.1f} s")
            for file_format in options.formats.split(","):
                out = Path(folder) / f"records.{file_format}"
                args = ["export", "--format", file_format, "--out", str(out)]
                seconds, peak_mb, output = aqiqat([*args, "--include-sensitive"], env)
                found = re.search(r"Exported ([\d,]+) records", output)
                records = int(found.group(1).replace(",", "")) if found else 0
                print(
                    f"  {file_format:>5}: {records:>9,} records in {seconds:6.1f} s "
                    f"({records / seconds:,.0f} records/s), peak RSS {peak_mb:,} MB, "
                    f"file {out.stat().st_size / 1e6:,.1f} MB"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
