"""Linking one new record against a million already linked: the incremental path.

Run: .venv/bin/python bench/bench_linkage_incremental.py [--records N] [--new K]
A model is trained on a sample with the full pipeline; every other record is prepared and
put in the in-memory candidate index (aqiqat.linkage.incremental). Then K held-out records
arrive one at a time: each is prepared from its raw text (names normalised included),
its candidates looked up and scored — in the in-memory index, then in the on-disk index
database mode uses (aqiqat.linkage.store). Target (issue 5): p95 under 100 ms against
1,000,000.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aqiqat.demo import generate
from aqiqat.linkage import LinkOptions, LinkRecord, link, prepare_row
from aqiqat.linkage.incremental import Candidate, CandidateIndex
from aqiqat.linkage.prepare import day_first_by_list
from aqiqat.linkage.store import IndexStore
from bench_linkage_scale import RECORDS_PER_PERSON, records_of

TRAINING_SAMPLE = 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=1000)
    args = parser.parse_args()
    records, _truth = records_of(generate(round(args.records / RECORDS_PER_PERSON), seed=2022))
    rng = random.Random(5)
    rng.shuffle(records)
    arriving, existing = records[: args.new], records[args.new :]
    started = time.perf_counter()
    trained = link(existing[:TRAINING_SAMPLE], LinkOptions())
    assert trained.scorer is not None
    scorer = trained.scorer
    print(f"model trained on {TRAINING_SAMPLE:,} records in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    order = day_first_by_list(existing)
    index = CandidateIndex(prepare_row(r, order) for r in existing)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"index of {len(index.rows):,} records built in {time.perf_counter() - started:.1f} s; "
          f"peak RSS {rss:.2f} GB")  # fmt: skip
    _arrive("in memory", arriving, lambda row: index.match(row, scorer, floor=0.3), order)
    started = time.perf_counter()
    store = IndexStore(Path(tempfile.mkdtemp(prefix="aqiqat-bench-index-")) / "index.sqlite3")
    store.rebuild(index.rows.values(), scorer, {})
    print(f"on-disk index (SQLite) written in {time.perf_counter() - started:.1f} s")
    _arrive("on disk", arriving, lambda row: store.match(row, scorer, floor=0.3), order)


def _arrive(
    label: str,
    arriving: list[LinkRecord],
    match: Callable[[dict[str, Any]], list[Candidate]],
    order: dict[tuple[str, str], bool | None],
) -> None:
    times, found = [], []
    for record in arriving:
        started = time.perf_counter()
        matches = match(prepare_row(record, order))
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(matches))
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"{label}: {len(arriving):,} new records, median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms, max {times[-1]:.1f} ms; "
          f"{statistics.mean(found):.1f} matches ≥ 0.3 on average")  # fmt: skip


if __name__ == "__main__":
    main()
