"""Speed and memory of a full link (names normalised included) on demo records.

Run: .venv/bin/python bench/bench_linkage_scale.py [--records N] [--evaluate]
The demo world is generated in memory first (not timed); the timed part is
`aqiqat.linkage.link`: preparing every record with aqiqat.names, training, predicting and
clustering. Targets (issue 5): 100,000 records in under 30 s; 1,000,000 in under 3 minutes
with memory under 6 GB.
"""

from __future__ import annotations

import argparse
import resource
import time

from aqiqat.demo import DemoWorld, generate
from aqiqat.demo.files import record_ids
from aqiqat.linkage import LinkOptions, LinkRecord, evaluate_clusters, link
from aqiqat.linkage.records import LINK_COLUMNS

# Demo lists hold about 1.1 records per person.
RECORDS_PER_PERSON = 1.1


def records_of(world: DemoWorld) -> tuple[list[LinkRecord], dict[str, str]]:
    """The demo lists as link records (what reading the written files would give)."""
    records: list[LinkRecord] = []
    truth: dict[str, str] = {}
    for lst in world.lists:
        for rid, row, tid in zip(record_ids(lst), lst.rows, lst.truth_ids, strict=True):
            values = {c: row.get(lst.columns[c], "") for c in LINK_COLUMNS if c in lst.columns}
            records.append(LinkRecord(rid, lst.name, **values))
            truth[rid] = tid
    return records, truth


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--evaluate", action="store_true", help="also print the quality")
    args = parser.parse_args()
    started = time.perf_counter()
    world = generate(people=round(args.records / RECORDS_PER_PERSON), seed=2022)
    records, truth = records_of(world)
    del world
    print(f"{len(records):,} records generated in {time.perf_counter() - started:.1f} s; "
          f"peak RSS so far {peak_rss_gb():.2f} GB")  # fmt: skip
    started = time.perf_counter()
    result = link(records, LinkOptions())
    elapsed = time.perf_counter() - started
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    print(f"link: {elapsed:.1f} s ({stages}); {len(result.pairs):,} pairs ≥ 0.3; "
          f"{result.clusters['cluster_id'].nunique():,} clusters; "
          f"peak RSS {peak_rss_gb():.2f} GB")  # fmt: skip
    if args.evaluate:
        q = evaluate_clusters(result, truth)
        print(f"precision {q.precision:.4f} recall {q.recall:.4f} F1 {q.f1:.4f}; "
              f"mixed clusters {q.mixed_clusters:,}, split people {q.split_people:,}")  # fmt: skip


if __name__ == "__main__":
    main()
