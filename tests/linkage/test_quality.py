"""Pairwise and cluster-level measures on clusterings small enough to count by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.linkage import TruthFileError, evaluate, read_truth

TRUTH = {"r1": "P", "r2": "P", "r3": "P", "r4": "Q", "r5": "R"}


def test_a_perfect_clustering_scores_one_everywhere() -> None:
    quality = evaluate({"r1": "x", "r2": "x", "r3": "x", "r4": "y", "r5": "z"}, TRUTH)
    assert (quality.precision, quality.recall, quality.f1) == (1.0, 1.0, 1.0)
    assert quality.exact_clusters == 3 and quality.mixed_clusters == 0


def test_a_false_merge_costs_precision_and_a_split_costs_recall() -> None:
    # r3 split off its person; r4 wrongly merged with r5.
    quality = evaluate({"r1": "x", "r2": "x", "r3": "y", "r4": "z", "r5": "z"}, TRUTH)
    assert quality.true_pairs == 3 and quality.predicted_pairs == 2
    assert quality.correct_pairs == 1
    assert quality.precision == 0.5 and quality.recall == pytest.approx(0.3333, abs=1e-4)
    assert quality.mixed_clusters == 1 and quality.split_people == 1
    assert quality.exact_clusters == 0


def test_records_the_truth_does_not_know_are_counted_not_scored() -> None:
    quality = evaluate({"r1": "x", "zz": "x"}, {"r1": "P"})
    assert quality.unmatched_records == 1 and quality.records == 1


def test_the_truth_file_may_name_its_person_column_person_id_or_truth_id(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text("record_id,person_id\na:1,P1\na:2,P1\n", encoding="utf-8")
    assert read_truth(path) == {"a:1": "P1", "a:2": "P1"}
    path.write_text("record_id,truth_id\na:1,T1\n", encoding="utf-8")
    assert read_truth(path) == {"a:1": "T1"}


def test_a_truth_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text("id,who\n1,2\n", encoding="utf-8")
    with pytest.raises(TruthFileError, match="record_id"):
        read_truth(path)
