"""How much an estimate moves when record linkage could have gone otherwise.

A false merge (two people taken for one) removes a person and invents an overlap; both
push the estimate down. Starting from the clusters file of DESIGN.md (`record_id, list,
cluster_id, match_probability`, one row per record), this builds capture histories,
then variants in which uncertain records are split off their clusters: either every
record below a probability threshold, or each record at random with probability
1 - match_probability. Re-estimating over the variants shows the sensitivity.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aqiqat.estimate.histories import CaptureHistories, HistoriesError
from aqiqat.estimate.report import Estimate

CLUSTER_COLUMNS = ("record_id", "list", "cluster_id", "match_probability")
DEFAULT_THRESHOLDS = (0.5, 0.7, 0.9)
# Variants moving the estimate by more than this share of the baseline get a warning.
SENSITIVE_SHARE = 0.05


@dataclass(frozen=True)
class ClusterRecord:
    record_id: str
    list: str
    cluster_id: str
    match_probability: float


def read_clusters(path: str | Path) -> tuple[ClusterRecord, ...]:
    """Read a clusters CSV, refusing missing columns and probabilities outside [0, 1]."""
    source = Path(path)
    try:
        with source.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in CLUSTER_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise HistoriesError(
                    f"{source}: clusters file lacks column(s) {', '.join(missing)}"
                )
            records = []
            for line, row in enumerate(reader, start=2):
                try:
                    probability = float(row["match_probability"])
                except ValueError:
                    raise HistoriesError(
                        f"{source}: line {line}: match_probability "
                        f"{row['match_probability']!r} is not a number"
                    ) from None
                if not 0.0 <= probability <= 1.0:
                    raise HistoriesError(
                        f"{source}: line {line}: match_probability {probability} is not in [0, 1]"
                    )
                records.append(
                    ClusterRecord(row["record_id"], row["list"], row["cluster_id"], probability)
                )
    except FileNotFoundError:
        raise HistoriesError(f"{source}: no such file") from None
    if not records:
        raise HistoriesError(f"{source}: no records")
    return tuple(records)


def histories_from_clusters(
    records: Iterable[ClusterRecord],
    split: Collection[str] = frozenset(),
    lists: Sequence[str] | None = None,
) -> CaptureHistories:
    """One person per cluster; records in `split` count as people of their own."""
    people: dict[str, set[str]] = {}
    for record in records:
        key = f"record:{record.record_id}" if record.record_id in split else record.cluster_id
        people.setdefault(key, set()).add(record.list)
    return histories_from_people(people.values(), lists, source="linked clusters")


def histories_from_people(
    people: Iterable[Collection[str]],
    lists: Sequence[str] | None = None,
    source: str = "",
    notes: tuple[str, ...] = (),
) -> CaptureHistories:
    """One capture pattern per person, from the names of the lists each was seen on."""
    seen = list(people)
    names = tuple(lists) if lists is not None else tuple(sorted({n for s in seen for n in s}))
    bit = {name: 1 << j for j, name in enumerate(names)}
    counts = np.zeros(1 << len(names), dtype=np.int64)
    for on_lists in seen:
        counts[sum(bit[name] for name in on_lists)] += 1
    return CaptureHistories(names, counts, source=source, notes=notes)


def threshold_variants(
    records: Sequence[ClusterRecord], thresholds: Sequence[float] = DEFAULT_THRESHOLDS
) -> dict[str, CaptureHistories]:
    """For each threshold, records matched with lower probability are split off."""
    lists = sorted({r.list for r in records})
    return {
        f"split below {t:g}": histories_from_clusters(
            records, {r.record_id for r in records if r.match_probability < t}, lists
        )
        for t in thresholds
    }


def sampled_variants(
    records: Sequence[ClusterRecord], samples: int, seed: int = 0
) -> list[CaptureHistories]:
    """Linkage drawn at random: each record leaves its cluster with probability 1 - p."""
    lists = sorted({r.list for r in records})
    rng = np.random.default_rng(seed)
    probabilities = np.array([r.match_probability for r in records])
    variants = []
    for _ in range(samples):
        leave = rng.random(probabilities.size) >= probabilities
        split = {r.record_id for r, out in zip(records, leave, strict=True) if out}
        variants.append(histories_from_clusters(records, split, lists))
    return variants


@dataclass(frozen=True)
class Sensitivity:
    """Estimates over linkage variants compared with the estimate on the linkage as given."""

    baseline: Estimate
    variants: dict[str, Estimate]

    def spread(self) -> tuple[float, float] | None:
        values = [e.n_hat for e in self.variants.values() if e.n_hat is not None]
        return (min(values), max(values)) if values else None

    def warning(self) -> str | None:
        """A sentence for the report when linkage moves the estimate noticeably."""
        spread = self.spread()
        if spread is None or self.baseline.n_hat is None:
            return None
        low, high = spread
        share = max(abs(low - self.baseline.n_hat), abs(high - self.baseline.n_hat))
        share /= self.baseline.n_hat
        if share < SENSITIVE_SHARE:
            return None
        return (
            f"linkage: over {len(self.variants)} linkage variants the estimate ranges "
            f"{low:,.0f}–{high:,.0f} (up to {share:.0%} from {self.baseline.n_hat:,.0f}); "
            "review the uncertain matches before publishing"
        )


def linkage_sensitivity(
    records: Sequence[ClusterRecord],
    run: Callable[[CaptureHistories], Estimate],
    samples: int = 20,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    seed: int = 0,
) -> Sensitivity:
    """Re-run one method over threshold and sampled linkage variants."""
    lists = sorted({r.list for r in records})
    baseline = run(histories_from_clusters(records, lists=lists))
    variants = {name: run(h) for name, h in threshold_variants(records, thresholds).items()}
    for i, histories in enumerate(sampled_variants(records, samples, seed), start=1):
        variants[f"sample {i}"] = run(histories)
    return Sensitivity(baseline, variants)
