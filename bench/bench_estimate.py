"""Speed of aqiqat.estimate against the targets of issue 7 and the R packages' timings.

Run: .venv/bin/python bench/bench_estimate.py  (not collected by pytest)

Targets: LCMCR at least 2x faster per iteration than the R package (14 / 20 / 75 us
for 4 / 5 / 8 lists at K = 10); all hierarchical log-linear models for 5 lists in
under 5 s (Rcapture 29-38 s); a 6-list model search in under 30 s (Rcapture 180 s).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np

from aqiqat.estimate import Options, estimate, read_histories
from aqiqat.estimate.dga import dga
from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.lcmcr import _run_chain
from aqiqat.estimate.loglinear import loglinear
from aqiqat.estimate.sparse_stepwise import sparse_stepwise

Clock = Callable[[], float]
DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mse"
R_LCMCR_US = {3: 9.0, 4: 14.0, 5: 20.0, 6: 28.0, 8: 75.0}
LCMCR_CASES = {
    3: "kosovo_3lists_noABA",
    4: "kosovo_4lists",
    5: "dga_madigan_york_5lists",
    6: "sparsemse_UKdat_6lists",
    8: "sparsemse_NewOrl_8lists",
}


def load(name: str) -> CaptureHistories:
    return read_histories(DATA / f"{name}.csv")


def best_of(repeats: int, work: Callable[[], object], clock: Clock = time.perf_counter) -> float:
    times = []
    for _ in range(repeats):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def lcmcr_per_iteration(
    histories: CaptureHistories, iterations: int, workers: int, clock: Clock = time.perf_counter
) -> float:
    """Microseconds per iteration, with `workers` chains side by side."""
    observed = histories.observed_counts()
    keep = observed > 0
    patterns = histories.patterns()[keep]
    counts = observed[keep].astype(np.int64)

    def chain(seed: int) -> None:
        _run_chain(np.random.default_rng(seed), patterns, counts, 10, 0.25, 0.25, 0, iterations, 1)

    chain(0)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        elapsed = best_of(3, lambda: list(pool.map(chain, range(workers))), clock)
    return elapsed / (iterations * workers) * 1e6


def main() -> None:
    print("LCMCR, K = 10, microseconds per iteration (R package in brackets)")
    for lists, name in LCMCR_CASES.items():
        histories = load(name)
        one = lcmcr_per_iteration(histories, 100_000, 1)
        # CPU time as well: on a machine shared with other work, wall time measures them.
        one_cpu = lcmcr_per_iteration(histories, 100_000, 1, time.process_time)
        two = lcmcr_per_iteration(histories, 100_000, 2)
        r = R_LCMCR_US[lists]
        print(
            f"  {lists} lists ({name}): one chain {one:5.2f} us wall, {one_cpu:5.2f} us CPU "
            f"({r / one_cpu:.1f}x faster than R's {r:.0f} us); two chains on two cores "
            f"{two:5.2f} us/iteration ({r / two:.1f}x)"
        )

    print("Log-linear model search (profile interval included)")
    for name, target in (
        ("kosovo_4lists", None),
        ("dga_madigan_york_5lists", 5.0),
        ("sparsemse_UKdat_5_5lists", 5.0),
        ("sparsemse_UKdat_6lists", 30.0),
        ("sparsemse_NewOrl_8lists", None),
    ):
        histories = load(name)
        result = loglinear(histories)
        seconds = best_of(2, partial(loglinear, histories))
        goal = f" (target < {target:.0f} s)" if target else ""
        print(
            f"  {name}: {result.details['models_fitted']:,} models, {seconds:.2f} s{goal}; "
            f"{result.details['search']}"
        )

    print("dga (R: 0.01 / 0.05 / 0.6 s for 3 / 4 / 5 lists)")
    for name in ("kosovo_3lists_noABA", "kosovo_4lists", "dga_madigan_york_5lists"):
        histories = load(name)
        print(f"  {histories.n_lists} lists ({name}): {best_of(3, partial(dga, histories)):.3f} s")

    print("Stepwise sparse method")
    for name in ("kosovo_4lists", "sparsemse_UKdat_6lists", "sparsemse_NewOrl_8lists"):
        histories = load(name)
        seconds = best_of(3, partial(sparse_stepwise, histories))
        print(f"  {name}: {seconds:.3f} s")

    histories = load("kosovo_4lists")
    seconds = best_of(1, lambda: estimate(histories, "all", Options()))
    print(f"Every method on Kosovo, R-equivalent LCMCR settings (4 chains x 110k): {seconds:.1f} s")


if __name__ == "__main__":
    main()
