"""Search through the database: building the live index from SQLite, the latency the web
and CLI see (index + reading the results' records, persons and status), and freshness.

Run: .venv/bin/python bench/bench_search_db.py [--people 20000] [--data DIR]

Loads the demo into a temporary data folder with `aqiqat init` and `aqiqat demo` (85 s
per 100,000 people on the reference machine), then, in this process: the first search
(which builds the index from the database, or reads the one a previous run saved in the
data folder: run twice to see both), 300 searches through `search_persons` as the
tracing desk, and a record written by another process found by the next search.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def aqiqat(data: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["AQIQAT_DATA_DIR"] = str(data)
    subprocess.run(
        [sys.executable, "-m", "aqiqat", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--data", type=Path, help="an already loaded data folder")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="aqiqat-bench-search-"))
    if args.data is None:
        started = time.perf_counter()
        aqiqat(data, "init")
        aqiqat(data, "demo", "--people", str(args.people))
        print(f"loaded {args.people:,} people in {time.perf_counter() - started:.0f} s")
    os.environ["AQIQAT_DATA_DIR"] = str(data)
    from aqiqat.cli.django_setup import setup_django

    setup_django()
    from aqiqat.apps.accounts.models import User
    from aqiqat.apps.people.models import Person
    from aqiqat.selectors.search import read_query, search_persons
    from aqiqat.services.accounts import create_user

    desk = User.objects.filter(username="bench-desk").first()
    if desk is None:
        desk, _password = create_user("bench-desk", role="tracing_desk")
    names = list(
        Person.objects.exclude(birth_year=None)
        .values_list("display_name", "birth_year")
        .order_by("?")[:300]
    )
    started = time.perf_counter()
    search_persons(desk, read_query(names[0][0]))
    elapsed = time.perf_counter() - started
    print(f"first search (index built, or read from the data folder): {elapsed:.1f} s")
    timings = []
    for name, born in names:
        started = time.perf_counter()
        search_persons(desk, read_query(name, born=str(born)))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"{len(timings)} searches through the database: p50 {statistics.median(timings):.1f} ms,"
        f" p95 {timings[int(len(timings) * 0.95)]:.1f} ms"
    )
    listing = data / "late.csv"
    listing.write_text("№;ФИО;Год рождения\n1;Жолдасбекова Ақерке Нұрланқызы;1999\n", "utf-8")
    aqiqat(data, "import", str(listing), "--source", f"late-{time.time_ns()}")
    started = time.perf_counter()
    found = search_persons(desk, read_query("Zholdasbekova Akerke", born="1999"))
    print(
        f"a record imported by another process just now: "
        f"{'found' if found else 'NOT FOUND'} in {(time.perf_counter() - started) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
