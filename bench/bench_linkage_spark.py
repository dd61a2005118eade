"""The whole pipeline — training included — on Spark in local mode, against DuckDB.

Run: .venv/bin/pip install 'aqiqat[spark]' && .venv/bin/python bench/bench_linkage_spark.py
[--people N]. Needs a Java 17+ runtime. Prints time and quality for both backends on the
same demo lists.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from aqiqat.demo import generate, write_files
from aqiqat.linkage import (
    LinkOptions,
    evaluate_clusters,
    link,
    local_spark_session,
    read_records,
    read_truth,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="aqiqat-bench-spark-"))
    write_files(generate(people=args.people, seed=2022), folder)
    records = read_records(folder / "mapping.json").records
    truth = read_truth(folder / "truth.csv")
    started = time.perf_counter()
    session = local_spark_session(cores=2, partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    print(f"Spark session started in {time.perf_counter() - started:.1f} s")
    for backend in ("spark", "duckdb"):
        started = time.perf_counter()
        result = link(records, LinkOptions(backend=backend, spark_session=session))
        q = evaluate_clusters(result, truth)
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        print(f"{backend:6} {len(records):,} records: {time.perf_counter() - started:.1f} s "
              f"({stages}); precision {q.precision:.4f} recall {q.recall:.4f} "
              f"F1 {q.f1:.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
