"""Clustering refuses to chain records that contradict each other, and obeys reviewers."""

from __future__ import annotations

from aqiqat.linkage import cluster

IDS = ["a", "b", "c"]
# b (an initial and an age) links to a and to c; a and c are two different people.
LINKS = [("a", "b", 0.95), ("b", "c", 0.9)]
SCORES = {frozenset(("a", "b")): 0.95, frozenset(("b", "c")): 0.9, frozenset(("a", "c")): 0.01}


def probability(x: str, y: str) -> float:
    return SCORES[frozenset((x, y))]


def test_a_record_linking_two_different_people_joins_only_the_stronger() -> None:
    result = cluster(IDS, LINKS, 0.8, probability)
    assert result.cluster_of["a"] == result.cluster_of["b"] == "a"
    assert result.cluster_of["c"] == "c"
    assert result.refused == [("b", "c", 0.9)]


def test_links_below_the_threshold_join_nothing() -> None:
    result = cluster(IDS, LINKS, 0.99, probability)
    assert len(set(result.cluster_of.values())) == 3
    assert result.strength == {}


def test_a_reviewers_different_keeps_two_records_apart_however_high_the_score() -> None:
    result = cluster(IDS, LINKS, 0.8, lambda x, y: 0.99, different=[("a", "b")])
    assert result.cluster_of["a"] != result.cluster_of["b"]
    assert result.cluster_of["b"] == result.cluster_of["c"]


def test_a_reviewers_same_joins_two_records_the_model_kept_apart() -> None:
    result = cluster(IDS, [], 0.8, probability, same=[("a", "c")])
    assert result.cluster_of["a"] == result.cluster_of["c"]
    assert result.strength["a"] == 1.0


def test_without_contradictions_a_chain_becomes_one_cluster() -> None:
    result = cluster(IDS, LINKS, 0.8, lambda x, y: 0.5)
    assert set(result.cluster_of.values()) == {"a"}


def test_contradicting_decisions_keep_the_different_and_report_the_same() -> None:
    # a same b, b same c, but a different c: applying both «same» would merge a and c.
    result = cluster(IDS, [], 0.8, probability, same=[("a", "b"), ("b", "c")],
                     different=[("a", "c")])  # fmt: skip
    assert result.cluster_of["a"] != result.cluster_of["c"]
    assert result.contradicted == [("b", "c")]
