"""LCMCR's posterior of N against the R package on every case with an R reference.

Run: .venv/bin/python bench/bench_estimate_lcmcr_posterior.py [--seeds 1,2,3]
(not collected by pytest; about a minute per seed on two free cores)

Each seed runs `lcmcr` with its default settings (4 chains of 10,000 burn-in and 100,000
iterations, thinned by 10). A faster sampler changes the random stream, so one seed
proves little: what must hold is that, over several seeds, the medians fall within the R
package's own seed-to-seed spread and the intervals match (the README of
../shared/data/mse gives R's figures).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from aqiqat.estimate import read_histories
from aqiqat.estimate.lcmcr import lcmcr

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "mse"
# lcmCR, K = 10, a = b = 0.25, 10k burn-in + 100k iterations: median, 95% interval.
R_LCMCR = {
    "kosovo_4lists": (10588, 9222, 14732),
    "kosovo_3lists_noABA": (7242, 6610, 8277),
    "kosovo_3lists_noOSCE": (9854, 6492, 15835),
    "sparsemse_UKdat_5_5lists": (20948, None, None),
    "sparsemse_UKdat_6lists": (20100, None, None),
    "sparsemse_Western_5lists": (1839, 1320, 3024),
    "rcapture_HIV_rome_4lists": (10928, 9361, 12913),
    "rcapture_diabetes_bruno_4lists": (2365, 2257, 3187),
    "dga_madigan_york_5lists": (629, 590, 726),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="1,2,3")
    seeds = [int(s) for s in parser.parse_args().seeds.split(",")]
    print("data: Aqiqat median (95%) per seed; median of seeds; R median (95%)")
    for name, (r_median, r_lower, r_upper) in R_LCMCR.items():
        histories = read_histories(DATA / f"{name}.csv")
        start = time.perf_counter()
        runs = [lcmcr(histories, seed=seed) for seed in seeds]
        seconds = (time.perf_counter() - start) / len(seeds)
        cells = "; ".join(
            f"{r.n_hat:,.0f} ({r.lower:,.0f}-{r.upper:,.0f}), R-hat {r.details['rhat']:.2f}"
            for r in runs
        )
        middle = float(np.median([r.n_hat for r in runs]))
        reference = f"{r_median:,}" + (f" ({r_lower:,}-{r_upper:,})" if r_lower else "")
        print(f"  {name}: {cells}; median {middle:,.0f}; R {reference}; {seconds:.1f} s/seed")


if __name__ == "__main__":
    main()
