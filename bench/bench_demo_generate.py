"""Time aqiqat.demo.generate() and write_files() at 100,000 and 1,000,000 people.

Run: .venv/bin/python bench/bench_demo_generate.py [SIZES...]   (not collected by pytest)
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

from aqiqat.demo import generate, write_files


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(people: int) -> None:
    gc.collect()
    started = time.perf_counter()
    world = generate(people=people, seed=2022)
    generated = time.perf_counter() - started
    rows = sum(len(lst.rows) for lst in world.lists)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_files(world, Path(tmp))
        written = time.perf_counter() - started
    print(
        f"{people:>9,} people: generate {generated:6.1f} s, write_files {written:6.1f} s; "
        f"{len(world.events):,} events, {rows:,} list rows; peak RSS {peak_rss_mb():,.0f} MB",
        flush=True,
    )


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]
    for size in sizes:
        bench(size)
