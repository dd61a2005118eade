"""Quality of linkage on the demo generator's lists against their ground truth, by size.

Run: .venv/bin/python bench/bench_linkage_demo.py [--people 1500 10000 90000] [--charts DIR]
Each size: the lists are written to a temporary folder and read back through the mapping
(the same path as `aqiqat link`), linked at the default threshold, and scored pairwise and
by cluster. With --charts, the match-weight chart of the largest size's model and a
precision/recall/F1 against threshold chart are saved as PNG files in DIR.
Targets (issue 5): pairwise F1 ≥ 0.95 with precision ≥ 0.97.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from aqiqat.demo import generate, write_files
from aqiqat.linkage import (
    DEFAULT_THRESHOLD,
    LinkOptions,
    LinkRecord,
    LinkResult,
    PairScore,
    cluster,
    evaluate,
    evaluate_clusters,
    link,
    prepare,
    read_records,
    read_truth,
)
from aqiqat.linkage.charts import match_weights_chart, threshold_chart
from aqiqat.linkage.engine import prepared_rows

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98)


def _sweep(
    records: list[LinkRecord], result: LinkResult, truth: dict[str, str]
) -> list[tuple[float, float, float, float]]:
    """Precision, recall and F1 when the same scored pairs are clustered at each threshold."""
    scorer = result.scorer
    assert scorer is not None
    pairs = result.pairs
    rows = prepared_rows(prepare(records), set(pairs["record_id_l"]) | set(pairs["record_id_r"]))

    def score(a: str, b: str) -> PairScore:
        return scorer.score(rows[a], rows[b])

    links = list(
        zip(pairs["record_id_l"], pairs["record_id_r"], pairs["match_probability"], strict=True)
    )
    sweep = []
    for threshold in THRESHOLDS:
        found = cluster(rows, links, threshold, score)
        at = evaluate({r: found.cluster_of.get(r, r) for r in truth}, truth)
        sweep.append((threshold, at.precision, at.recall, at.f1))
        print(f"  threshold {threshold}: precision {at.precision:.4f} "
              f"recall {at.recall:.4f} F1 {at.f1:.4f}")  # fmt: skip
    return sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, nargs="+", default=[1500, 10_000])
    parser.add_argument("--charts", type=Path, help="folder for the PNG charts")
    args = parser.parse_args()
    for people in args.people:
        folder = Path(tempfile.mkdtemp(prefix="aqiqat-bench-link-"))
        write_files(generate(people=people, seed=2022), folder)
        truth = read_truth(folder / "truth.csv")
        started = time.perf_counter()
        records = read_records(folder / "mapping.json").records
        result = link(records, LinkOptions())
        elapsed = time.perf_counter() - started
        q = evaluate_clusters(result, truth)
        print(f"{people:,} people, {len(records):,} records, threshold {DEFAULT_THRESHOLD}: "
              f"precision {q.precision:.4f} recall {q.recall:.4f} F1 {q.f1:.4f}; "
              f"{q.clusters:,} clusters for {q.true_people:,} people, {q.exact_clusters:,} "
              f"exact, {q.mixed_clusters:,} mixed, {q.split_people:,} split; "
              f"{elapsed:.1f} s")  # fmt: skip
        if args.charts is None or people != max(args.people):
            continue
        assert result.scorer is not None
        scorer = result.scorer
        args.charts.mkdir(parents=True, exist_ok=True)
        match_weights_chart(
            scorer, args.charts / "linkage-match-weights.png",
            f"Match weights trained by EM on {len(records):,} demo records",
        )  # fmt: skip
        sweep = _sweep(records, result, truth)
        threshold_chart(sweep, args.charts / "linkage-threshold.png",
                        f"Demo lists, {people:,} people: quality against threshold")  # fmt: skip


if __name__ == "__main__":
    main()
