"""Linking the demo's multi-script lists: quality against the generator's ground truth."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from aqiqat.linkage import CLUSTER_COLUMNS, LinkResult, evaluate_clusters, read_truth


def test_every_record_gets_exactly_one_cluster_row(demo_dir: Path, demo_link: LinkResult) -> None:
    truth = read_truth(demo_dir / "truth.csv")
    clusters = demo_link.clusters
    assert tuple(clusters.columns) == CLUSTER_COLUMNS
    assert sorted(clusters["record_id"]) == sorted(truth)
    assert clusters["record_id"].is_unique


def test_the_demo_lists_link_with_high_precision_and_f1(
    demo_dir: Path, demo_link: LinkResult
) -> None:
    quality = evaluate_clusters(demo_link, read_truth(demo_dir / "truth.csv"))
    assert quality.precision >= 0.97, quality
    assert quality.f1 >= 0.94, quality


def test_cross_script_pairs_are_found(demo_link: LinkResult) -> None:
    pairs = demo_link.pairs
    media_to_cyrillic = pairs[
        (pairs["match_probability"] >= 0.8)
        & ((pairs["list_l"] == "media") ^ (pairs["list_r"] == "media"))
    ]
    assert len(media_to_cyrillic) > 20


def test_a_cluster_id_is_the_smallest_record_id_in_it(demo_link: LinkResult) -> None:
    clusters = demo_link.clusters
    smallest = clusters.groupby("cluster_id")["record_id"].min()
    assert (smallest.index == smallest.values).all()


def test_singletons_have_no_match_probability_and_members_have_a_high_one(
    demo_link: LinkResult,
) -> None:
    clusters = demo_link.clusters
    size = clusters.groupby("cluster_id")["record_id"].transform("size")
    assert clusters.loc[size == 1, "match_probability"].isna().all()
    linked = clusters.loc[size > 1, "match_probability"]
    assert (linked.dropna() >= 0.8).all() and linked.notna().all()


def test_scored_pairs_name_both_records_and_their_lists(demo_link: LinkResult) -> None:
    pairs = demo_link.pairs
    assert {"record_id_l", "record_id_r", "list_l", "list_r", "match_probability",
            "match_weight"} <= set(pairs.columns)  # fmt: skip
    assert pd.api.types.is_float_dtype(pairs["match_probability"])
    assert (pairs["match_probability"] >= 0.3).all()
