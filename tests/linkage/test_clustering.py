"""Clustering refuses to chain records that conflict, joins corrupted copies of one record,
and obeys reviewers."""

from __future__ import annotations

from collections.abc import Callable

from aqiqat.linkage import PairScore, cluster, conflicting
from aqiqat.linkage.scoring import LevelWeight


def scored(prior: float, **weights: float) -> PairScore:
    """A pair score from a prior weight and the weight of each comparison's level."""
    total = prior + sum(weights.values())
    levels = tuple(LevelWeight(name, 0, name, w) for name, w in weights.items())
    return PairScore(total, 2.0**total / (1 + 2.0**total), levels)


# Weights as the model trained on the demo lists gives them (prior about −16).
LIKELY = scored(-16, surname=9.0, given=8.0, father=9.0, birth=2.0)
# Two cousins: one surname, two given names and patronymics, born a year apart.
COUSINS = scored(-16, surname=9.0, given=-7.9, father=-8.5, birth=-1.3)
# A hospital record without a birth date and a morgue entry with a surname alone.
TOO_LITTLE = scored(-16, surname=9.0, event=-2.8)
# Copies of one record, each corrupted (FEBRL, prior about −11): names swapped with typos,
# another birth date, a partial address; the model has learned each of these is common.
COPIES = scored(-11, surname=-2.7, given=-2.1, birth=-3.8, id_number=11.0, address=-6.2)


def test_a_decisive_contradiction_on_an_identity_field_is_a_conflict() -> None:
    assert conflicting(COUSINS)
    assert conflicting(scored(-16, surname=9.0, given=8.0, birth=-7.5))


def test_records_sharing_too_little_to_link_directly_are_a_conflict() -> None:
    assert conflicting(TOO_LITTLE)


def test_several_disagreements_none_decisive_are_not_a_conflict() -> None:
    assert COPIES.match_probability < 0.001
    assert not conflicting(COPIES)


def test_a_likely_pair_is_never_a_conflict_nor_one_with_a_contradiction_outside_identity() -> None:
    assert not conflicting(LIKELY)
    assert not conflicting(scored(-16, surname=9.0, given=8.0, father=9.0, place=-10.0))


def table(scores: dict[tuple[str, str], PairScore]) -> Callable[[str, str], PairScore]:
    found = {frozenset(k): v for k, v in scores.items()}
    return lambda x, y: found[frozenset((x, y))]


IDS = ["a", "b", "c"]
# b (a morgue entry: surname, initials, an age) links to a and to c, two cousins.
LINKS = [("a", "b", 0.95), ("b", "c", 0.9)]
MORGUE = table({("a", "b"): LIKELY, ("b", "c"): LIKELY, ("a", "c"): COUSINS})


def test_a_morgue_entry_linking_two_cousins_joins_only_the_stronger() -> None:
    result = cluster(IDS, LINKS, 0.8, MORGUE)
    assert result.cluster_of["a"] == result.cluster_of["b"] == "a"
    assert result.cluster_of["c"] == "c"
    assert result.refused == [("b", "c", 0.9)]


def test_two_records_tied_only_through_a_third_stay_apart() -> None:
    result = cluster(IDS, LINKS, 0.8, table({("a", "b"): LIKELY, ("b", "c"): LIKELY,
                                             ("a", "c"): TOO_LITTLE}))  # fmt: skip
    assert result.cluster_of["c"] == "c"


def test_corrupted_copies_of_one_record_join_through_the_original() -> None:
    # o is the original, d1..d3 its copies; every copy scores low against every other.
    ids = ["o", "d1", "d2", "d3"]
    links = [("o", "d1", 0.99), ("o", "d2", 0.97), ("o", "d3", 0.85)]
    scores = {(a, b): LIKELY for a, b, _ in links}
    scores |= {("d1", "d2"): COPIES, ("d1", "d3"): COPIES, ("d2", "d3"): COPIES}
    result = cluster(ids, links, 0.8, table(scores))
    assert set(result.cluster_of.values()) == {"d1"}
    assert result.refused == []


def test_links_below_the_threshold_join_nothing() -> None:
    result = cluster(IDS, LINKS, 0.99, MORGUE)
    assert len(set(result.cluster_of.values())) == 3
    assert result.strength == {}


def test_a_reviewers_different_keeps_two_records_apart_however_high_the_score() -> None:
    result = cluster(IDS, LINKS, 0.8, lambda x, y: LIKELY, different=[("a", "b")])
    assert result.cluster_of["a"] != result.cluster_of["b"]
    assert result.cluster_of["b"] == result.cluster_of["c"]


def test_a_reviewers_different_splits_corrupted_copies_the_model_would_join() -> None:
    ids = ["o", "d1", "d2"]
    links = [("o", "d1", 0.99), ("o", "d2", 0.97)]
    scores = {("o", "d1"): LIKELY, ("o", "d2"): LIKELY, ("d1", "d2"): COPIES}
    result = cluster(ids, links, 0.8, table(scores), different=[("d1", "d2")])
    assert result.cluster_of["d1"] != result.cluster_of["d2"]
    assert result.refused == [("o", "d2", 0.97)]


def test_a_reviewers_same_joins_two_records_the_model_kept_apart() -> None:
    result = cluster(IDS, [], 0.8, MORGUE, same=[("a", "c")])
    assert result.cluster_of["a"] == result.cluster_of["c"]
    assert result.strength["a"] == 1.0


def test_without_conflicts_a_chain_becomes_one_cluster() -> None:
    result = cluster(IDS, LINKS, 0.8, lambda x, y: LIKELY)
    assert set(result.cluster_of.values()) == {"a"}


def test_contradicting_decisions_keep_the_different_and_report_the_same() -> None:
    # a same b, b same c, but a different c: applying both «same» would merge a and c.
    result = cluster(IDS, [], 0.8, MORGUE, same=[("a", "b"), ("b", "c")],
                     different=[("a", "c")])  # fmt: skip
    assert result.cluster_of["a"] != result.cluster_of["c"]
    assert result.contradicted == [("b", "c")]
