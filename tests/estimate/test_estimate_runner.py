"""`estimate()`: which methods run, refusals, and the JSON shape of DESIGN.md."""

from __future__ import annotations

import pytest

from aqiqat.estimate import CaptureHistories, Options, estimate
from aqiqat.estimate.runner import methods_for

FAST = Options(burn_in=1000, samples=1000, thin=5, chains=2)


def test_all_methods_run_on_four_lists_and_follow_the_json_contract(mse) -> None:
    report = estimate(mse("kosovo_4lists"), "all", FAST)
    data = report.to_json()
    assert set(data) == {"documented", "estimates"}
    assert data["documented"] == 4400
    assert [e["method"] for e in data["estimates"]] == ["loglinear", "sparse", "lcmcr", "dga"]
    for item in data["estimates"]:
        assert set(item) == {"method", "n_hat", "lower", "upper", "level", "warnings"}
        assert item["lower"] <= item["n_hat"] <= item["upper"]
        assert item["level"] == 0.95


def test_two_lists_get_chapman_only() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B"], [[1, 0], [0, 1], [1, 1]], [300, 200, 100]
    )
    report = estimate(histories)
    assert [e.method for e in report.estimates] == ["chapman"]


def test_six_lists_leave_out_dga(mse) -> None:
    assert methods_for(mse("sparsemse_UKdat_6lists"), "all") == ("loglinear", "sparse", "lcmcr")


def test_data_that_cannot_support_an_estimate_give_no_number_and_say_why() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]], [40, 30, 20, 9]
    )
    report = estimate(histories, "all", FAST)
    for item in report.to_json()["estimates"]:
        assert item["n_hat"] is None and item["lower"] is None and item["upper"] is None
        assert any("'C' shares no record" in w for w in item["warnings"])


def test_too_few_overlaps_are_refused_with_the_count() -> None:
    histories = CaptureHistories.from_patterns(
        ["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]], [40, 30, 20, 1, 2]
    )
    result = estimate(histories, "loglinear", FAST).by_method("loglinear")
    assert result.refused
    assert "only 3 documented people appear on more than one list" in result.warnings[0]


def test_an_estimate_far_above_the_documented_count_is_flagged(mse) -> None:
    result = estimate(mse("sparsemse_Ned_5_5lists"), "loglinear", FAST).by_method("loglinear")
    assert any("times the documented count" in w for w in result.warnings)


def test_an_unknown_method_is_an_error(mse) -> None:
    with pytest.raises(ValueError, match="unknown method 'magic'"):
        estimate(mse("kosovo_4lists"), "magic")
