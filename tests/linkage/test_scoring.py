"""The Python scorer gives Splink's own weights, so one record can be scored without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aqiqat.linkage import LinkResult, TrainedModel, prepare, read_records
from aqiqat.linkage.engine import prepared_rows


def test_python_scores_equal_splink_scores_on_every_predicted_pair(
    demo_dir: Path, demo_link: LinkResult
) -> None:
    scorer = demo_link.scorer
    assert scorer is not None
    pairs = demo_link.pairs
    prepared = prepare(read_records(demo_dir / "mapping.json").records)
    rows = prepared_rows(prepared, set(pairs["record_id_l"]) | set(pairs["record_id_r"]))
    for a, b, weight in zip(
        pairs["record_id_l"], pairs["record_id_r"], pairs["match_weight"], strict=True
    ):
        assert scorer.score(rows[a], rows[b]).match_weight == pytest.approx(weight, abs=1e-6)


def test_a_trained_model_survives_a_round_trip_through_json(demo_link: LinkResult) -> None:
    scorer = demo_link.scorer
    assert scorer is not None
    again = TrainedModel.from_json(scorer.to_json())
    assert again == scorer
    json.loads(scorer.to_json())


def test_evidence_lists_what_speaks_for_and_against(demo_link: LinkResult) -> None:
    scorer = demo_link.scorer
    assert scorer is not None
    base = {"unique_id": "a", "list": "x", "sur": "tokaev", "sur_ph": "tgv", "giv": "nurlan",
            "giv_ph": "nrln", "giv_i": "n", "fat": "erlan", "fat_i": "e", "sex": "male",
            "by_min": 1980, "by_max": 1980, "bdate": "1980-02-03", "place": "kz-almaty",
            "area": "kz-almaty", "eday": 738160, "idn": None, "addr": None, "addr_num": None,
            "addr_main": None}  # fmt: skip
    other = base | {"unique_id": "b", "by_min": 1956, "by_max": 1956, "bdate": "1956-07-01"}
    score = scorer.score(base, other)
    for_match, against = score.evidence()
    assert [w.comparison for w in against] == ["birth"]
    assert {"surname", "given", "father"} <= {w.comparison for w in for_match}
    assert score.match_probability < scorer.score(base, base | {"unique_id": "b"}).match_probability
