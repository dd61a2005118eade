"""Simulation study: coverage of the 95% intervals and relative bias, per method.

Populations of known size are captured by 4 lists under four regimes (independent,
heterogeneous latent classes, dependent lists, sparse), and every method is run on
each replicate. Prints a Markdown table for docs/estimation.md.

Run: .venv/bin/python bench/bench_estimate_simulation.py [replicates]  (default 40)
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aqiqat.estimate import CaptureHistories, Options, estimate

METHODS = ("loglinear", "sparse", "lcmcr", "dga")
OPTIONS = Options(chains=2, burn_in=5000, samples=4000, thin=5)


@dataclass(frozen=True)
class Scenario:
    name: str
    size: int
    describe: str

    def capture(self, rng: np.random.Generator) -> npt.NDArray[np.int64]:
        """0/1 capture matrix (people x lists) for one replicate."""
        n = self.size
        if self.name == "independent":
            probs = np.array([0.30, 0.20, 0.25, 0.15])
            return (rng.random((n, 4)) < probs).astype(np.int64)
        if self.name == "heterogeneous":
            easy = rng.random(n) < 0.3
            probs = np.where(easy[:, None], [0.5, 0.4, 0.45, 0.3], [0.15, 0.1, 0.2, 0.1])
            return (rng.random((n, 4)) < probs).astype(np.int64)
        if self.name == "dependent":
            first = rng.random(n) < 0.3
            # The second list copies half of the first one's people (shared sources).
            second = np.where(first, rng.random(n) < 0.5, rng.random(n) < 0.15)
            rest = rng.random((n, 2)) < [0.25, 0.2]
            return np.column_stack([first, second, rest]).astype(np.int64)
        probs = np.array([0.06, 0.04, 0.08, 0.05])
        return (rng.random((n, 4)) < probs).astype(np.int64)


SCENARIOS = (
    Scenario("independent", 2000, "equal catchability, independent lists"),
    Scenario("heterogeneous", 3000, "30% easy / 70% hard to document, lists independent"),
    Scenario("dependent", 2000, "list B copies half of list A"),
    Scenario("sparse", 5000, "capture probabilities 4-8%"),
)


def histories_from(capture: npt.NDArray[np.int64]) -> CaptureHistories:
    masks = capture @ (1 << np.arange(capture.shape[1]))
    counts = np.bincount(masks, minlength=1 << capture.shape[1]).astype(np.int64)
    counts[0] = 0
    return CaptureHistories(tuple("ABCD"), counts)


def main() -> None:
    replicates = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    rng = np.random.default_rng(20260101)
    started = time.perf_counter()
    print(f"{replicates} replicates per scenario; LCMCR with 2 chains x 20,000 iterations")
    print()
    print("| scenario | true N | method | coverage of 95% | relative bias (median) | refused |")
    print("|---|---|---|---|---|---|")
    for scenario in SCENARIOS:
        hits = {m: 0 for m in METHODS}
        errors: dict[str, list[float]] = {m: [] for m in METHODS}
        refused = {m: 0 for m in METHODS}
        for rep in range(replicates):
            histories = histories_from(scenario.capture(rng))
            report = estimate(histories, "all", Options(**{**OPTIONS.__dict__, "seed": rep}))
            for item in report.estimates:
                if item.n_hat is None or item.lower is None or item.upper is None:
                    refused[item.method] += 1
                    continue
                hits[item.method] += item.lower <= scenario.size <= item.upper
                errors[item.method].append(item.n_hat / scenario.size - 1.0)
        for method in METHODS:
            done = replicates - refused[method]
            coverage = f"{hits[method] / done:.0%}" if done else "–"
            bias = f"{np.median(errors[method]):+.1%}" if errors[method] else "–"
            print(
                f"| {scenario.name} ({scenario.describe}) | {scenario.size:,} | {method} | "
                f"{coverage} | {bias} | {refused[method]} |"
            )
    print()
    print(f"took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
