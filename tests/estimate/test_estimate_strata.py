"""Stratified estimation: per stratum, combined by adding draws, refused where unsupported."""

from __future__ import annotations

import numpy as np
import pytest

from aqiqat.estimate import CaptureHistories, Options, estimate, read_histories

FAST = Options(burn_in=2000, samples=2000, thin=5, chains=2)


def _stratified_csv(tmp_path, histories: CaptureHistories, splits: dict[str, float]) -> str:
    lines = [",".join([*histories.lists, "stratum", "count"])]
    for name, share in splits.items():
        for mask in range(1, histories.counts.size):
            bits = [str((mask >> j) & 1) for j in range(histories.n_lists)]
            count = round(histories.counts[mask] * share)
            lines.append(",".join([*bits, name, str(count)]))
    path = tmp_path / "strata.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_strata_are_estimated_separately_and_added_up(mse, tmp_path) -> None:
    kosovo = mse("kosovo_3lists_noABA")
    path = _stratified_csv(tmp_path, kosovo, {"north": 0.6, "south": 0.4})
    report = estimate(read_histories(path), "loglinear", FAST)
    combined = report.by_method("loglinear")
    parts = [report.strata[name].by_method("loglinear") for name in ("north", "south")]
    assert combined.n_hat == pytest.approx(sum(p.n_hat or 0 for p in parts))
    assert combined.lower is not None and combined.upper is not None
    assert combined.lower < combined.n_hat < combined.upper
    # Adding independent strata gives a narrower relative interval than either part.
    width = (combined.upper - combined.lower) / combined.n_hat
    for part in parts:
        assert part.lower is not None and part.upper is not None and part.n_hat is not None
        assert width < (part.upper - part.lower) / part.n_hat


def test_bayesian_totals_are_the_median_of_summed_draws(mse, tmp_path) -> None:
    path = _stratified_csv(tmp_path, mse("dga_madigan_york_5lists"), {"a": 0.5, "b": 0.5})
    combined = estimate(read_histories(path), "dga", FAST).by_method("dga")
    assert combined.draws is not None
    assert combined.n_hat == pytest.approx(float(np.median(combined.draws)))


def test_a_stratum_that_cannot_be_estimated_refuses_the_total_and_says_which(tmp_path) -> None:
    text = (
        "A,B,C,stratum,count\n"
        "1,0,0,x,50\n0,1,0,x,40\n0,0,1,x,30\n1,1,0,x,20\n1,0,1,x,15\n0,1,1,x,12\n1,1,1,x,6\n"
        "1,0,0,y,9\n0,1,0,y,7\n0,0,1,y,5\n1,1,0,y,1\n"
    )
    path = tmp_path / "h.csv"
    path.write_text(text)
    report = estimate(read_histories(path), "loglinear", FAST)
    combined = report.by_method("loglinear")
    assert combined.refused
    assert combined.to_json()["n_hat"] is None
    assert any("stratum 'y'" in w and "shares no record" in w for w in combined.warnings)
    assert not report.strata["x"].by_method("loglinear").refused
