"""Linkage uncertainty: histories from clusters, variants, and how much N moves."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from aqiqat.cli.main import main
from aqiqat.estimate import HistoriesError, Options, estimate_linked, read_clusters
from aqiqat.estimate.linkage_variants import (
    ClusterRecord,
    histories_from_clusters,
    linkage_sensitivity,
    sampled_variants,
    threshold_variants,
)
from aqiqat.estimate.loglinear import loglinear


def clusters_from(histories, uncertain_every: int = 0, probability: float = 0.6):
    """One record per list a person is on; every n-th multi-list person is uncertain."""
    records = []
    person = 0
    for mask in range(1, histories.counts.size):
        for _ in range(int(histories.counts[mask])):
            person += 1
            lists = [name for j, name in enumerate(histories.lists) if (mask >> j) & 1]
            shaky = uncertain_every and len(lists) > 1 and person % uncertain_every == 0
            for name in lists:
                p = probability if shaky and name == lists[-1] else 1.0
                records.append(ClusterRecord(f"{name}:{person}", name, f"c{person}", p))
    return records


def write_clusters(path: Path, records) -> Path:
    lines = ["record_id,list,cluster_id,match_probability"]
    lines += [f"{r.record_id},{r.list},{r.cluster_id},{r.match_probability}" for r in records]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_clusters_give_back_the_capture_histories(mse) -> None:
    histories = mse("kosovo_3lists_noABA")
    rebuilt = histories_from_clusters(clusters_from(histories), lists=histories.lists)
    assert np.array_equal(rebuilt.counts, histories.counts)


def test_splitting_uncertain_matches_adds_people_and_removes_overlaps(mse) -> None:
    histories = mse("kosovo_3lists_noABA")
    records = clusters_from(histories, uncertain_every=5)
    variants = threshold_variants(records, (0.5, 0.7))
    kept, split = variants["split below 0.5"], variants["split below 0.7"]
    assert kept.documented == histories.documented
    assert split.documented > histories.documented
    assert split.on_several_lists() < histories.on_several_lists()


def test_sampled_variants_split_about_one_minus_p_of_the_uncertain(mse) -> None:
    histories = mse("kosovo_3lists_noABA")
    records = clusters_from(histories, uncertain_every=2, probability=0.5)
    uncertain = sum(r.match_probability < 1 for r in records)
    extra = [v.documented - histories.documented for v in sampled_variants(records, 20, seed=1)]
    assert np.mean(extra) == pytest.approx(uncertain * 0.5, rel=0.1)


def test_sensitivity_flags_linkage_that_moves_the_estimate(mse) -> None:
    records = clusters_from(mse("kosovo_3lists_noABA"), uncertain_every=3, probability=0.5)
    result = linkage_sensitivity(records, loglinear, samples=5)
    warning = result.warning()
    assert warning is not None and "linkage variants" in warning
    _, high = result.spread() or (0, 0)
    assert high > result.baseline.n_hat


def test_certain_linkage_raises_no_warning(mse) -> None:
    records = clusters_from(mse("kosovo_3lists_noABA"))
    assert linkage_sensitivity(records, loglinear, samples=3).warning() is None


def test_estimate_linked_puts_the_sensitivity_in_the_warnings(mse) -> None:
    records = clusters_from(mse("kosovo_3lists_noABA"), uncertain_every=3, probability=0.5)
    report = estimate_linked(records, "loglinear", Options(), linkage_samples=4)
    item = report.by_method("loglinear")
    assert any(w.startswith("linkage:") for w in item.warnings)
    assert item.details["linkage_spread"] is not None


def test_a_bad_clusters_file_is_named(tmp_path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("record_id,list,cluster_id\na,A,1\n")
    with pytest.raises(HistoriesError, match="lacks column"):
        read_clusters(path)
    path.write_text("record_id,list,cluster_id,match_probability\na,A,1,1.5\n")
    with pytest.raises(HistoriesError, match=r"1.5 is not in \[0, 1\]"):
        read_clusters(path)


def test_the_cli_estimates_from_clusters_with_linkage_samples(mse, tmp_path, capsys) -> None:
    records = clusters_from(mse("kosovo_3lists_noABA"), uncertain_every=3, probability=0.5)
    path = write_clusters(tmp_path / "clusters.csv", records)
    args = ["estimate", str(path), "--clusters", "--linkage-samples", "3", "--method", "dga"]
    assert main([*args, "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["estimates"]
    assert item["method"] == "dga"
    assert any(w.startswith("linkage:") for w in item["warnings"])


def test_linkage_samples_need_clusters(mse_path, capsys) -> None:
    assert main(["estimate", str(mse_path("kosovo_4lists")), "--linkage-samples", "3"]) == 2
    assert "--clusters" in capsys.readouterr().err
