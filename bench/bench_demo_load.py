"""Times `aqiqat init` + `aqiqat demo --people N` end to end, as a user runs them.

Target (issue 2): 100,000 people in under 2 minutes on the 2-core reference machine.
Usage: python bench/bench_demo_load.py [PEOPLE ...]   (default 100000)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 120.0


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "aqiqat", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000]
    failed = False
    for people in sizes:
        with tempfile.TemporaryDirectory(prefix="aqiqat-bench-") as data:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["AQIQAT_DATA_DIR"] = data
            init = run(["init"], env)
            demo = run(["demo", "--people", str(people)], env)
            size_mb = (Path(data) / "aqiqat.sqlite3").stat().st_size / 1e6
        verdict = "ok" if people != 100_000 or demo < TARGET_SECONDS else "TOO SLOW"
        failed |= verdict != "ok"
        print(
            f"demo --people {people:>9,}: {demo:7.1f} s  (init {init:.1f} s, "
            f"database {size_mb:,.0f} MB)  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
