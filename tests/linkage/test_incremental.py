"""One new record against an index of blocking keys: the same candidates and scores as
Splink's blocking and prediction."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.linkage import LinkResult, prepare, read_records
from aqiqat.linkage.engine import prepared_rows
from aqiqat.linkage.incremental import CandidateIndex


@pytest.fixture(scope="module")
def index(demo_dir: Path) -> CandidateIndex:
    prepared = prepare(read_records(demo_dir / "mapping.json").records)
    return CandidateIndex(prepared_rows(prepared, set(prepared["unique_id"])).values())


def test_every_pair_splink_scored_is_among_the_index_candidates(
    index: CandidateIndex, demo_link: LinkResult
) -> None:
    pairs = demo_link.pairs
    for a, b in zip(pairs["record_id_l"], pairs["record_id_r"], strict=True):
        assert b in index.candidates(index.rows[a]) or a in index.candidates(index.rows[b])


def test_matching_one_record_scores_its_candidates_as_splink_did(
    index: CandidateIndex, demo_link: LinkResult
) -> None:
    scorer = demo_link.scorer
    assert scorer is not None
    best = demo_link.pairs.iloc[0]
    found = index.match(index.rows[best["record_id_l"]], scorer, floor=0.3)
    top = {c.record_id: c.score.match_probability for c in found}
    assert top[best["record_id_r"]] == pytest.approx(best["match_probability"])
    weights = [c.score.match_weight for c in found]
    assert weights == sorted(weights, reverse=True)


def test_a_record_is_never_its_own_candidate(index: CandidateIndex) -> None:
    some = next(iter(index.rows.values()))
    assert some["unique_id"] not in index.candidates(some)
