"""Linking one new record against a million already linked: the incremental path.

Run: .venv/bin/python bench/bench_linkage_incremental.py [--records N] [--new K]
A model is trained on a sample with the full pipeline; every other record is prepared and
put in the in-memory candidate index (aqiqat.linkage.incremental). Then K held-out records
arrive one at a time: each is prepared from its raw text (names normalised included),
its candidates looked up and scored. Target (issue 5): p95 under 100 ms against 1,000,000.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from aqiqat.demo import generate
from aqiqat.linkage import LinkOptions, link, prepare_row
from aqiqat.linkage.incremental import CandidateIndex
from aqiqat.linkage.prepare import day_first_by_list
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
    print(f"model trained on {TRAINING_SAMPLE:,} records in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    order = day_first_by_list(existing)
    index = CandidateIndex(prepare_row(r, order) for r in existing)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"index of {len(index.rows):,} records built in {time.perf_counter() - started:.1f} s; "
          f"peak RSS {rss:.2f} GB")  # fmt: skip
    times, found = [], []
    for record in arriving:
        started = time.perf_counter()
        row = prepare_row(record, order)
        matches = index.match(row, trained.scorer, floor=0.3)
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(matches))
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"{len(arriving):,} new records: median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms, max {times[-1]:.1f} ms; "
          f"{statistics.mean(found):.1f} matches ≥ 0.3 on average")  # fmt: skip


if __name__ == "__main__":
    main()
