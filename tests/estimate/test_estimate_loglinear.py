"""Log-linear models: the model search and intervals must reproduce Rcapture."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from aqiqat.estimate import CaptureHistories
from aqiqat.estimate.glm import fit_poisson_batch
from aqiqat.estimate.loglinear import fit_models, loglinear, profile_interval
from aqiqat.estimate.models import Model, all_models

# Rcapture closedpMS.t, best model by BIC, profile-likelihood 95% interval (README table).
RCAPTURE = {
    "kosovo_4lists": ("[123,14,34]", 10357, 8994, 12110),
    "kosovo_3lists_noABA": ("[23,1]", 7129, 6744, 7552),
    "kosovo_3lists_noOSCE": ("[12,13]", 10696, 8996, 13008),
    "sparsemse_UKdat_5_5lists": ("[123,25,34]", 25311, 19389, 34111),
    "sparsemse_Western_5lists": ("[15,2,3,4]", 2483, 1681, 3928),
    "rcapture_HIV_rome_4lists": ("[1,2,3,4]", 11125, 9532, 13114),
    "rcapture_diabetes_bruno_4lists": ("[13,24,34]", 2472, 2374, 2584),
    "dga_madigan_york_5lists": ("[12,13,45]", 620, 593, 652),
}


@pytest.mark.parametrize("name", sorted(RCAPTURE))
def test_it_picks_rcaptures_bic_best_model_with_the_same_n_and_interval(mse, name) -> None:
    model, n_hat, lower, upper = RCAPTURE[name]
    result = loglinear(mse(name))
    assert result.details["model"] == model
    assert result.n_hat == pytest.approx(n_hat, rel=0.005)
    assert result.lower == pytest.approx(lower, rel=0.01)
    assert result.upper == pytest.approx(upper, rel=0.01)


def test_six_lists_search_every_two_way_model_like_rcapture(mse) -> None:
    result = loglinear(mse("sparsemse_UKdat_6lists"))
    assert result.details["models_fitted"] == 2**15
    assert result.details["model"] == "[12,13,25,35,36,45]"
    assert result.n_hat == pytest.approx(12350, rel=0.005)
    assert result.lower == pytest.approx(10868, rel=0.01)
    assert result.upper == pytest.approx(14143, rel=0.01)


def test_more_than_six_lists_use_a_stepwise_search(mse) -> None:
    result = loglinear(mse("sparsemse_NewOrl_8lists"))
    assert result.details["search"].startswith("stepwise")
    assert result.n_hat is not None and result.n_hat > mse("sparsemse_NewOrl_8lists").documented


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 113), (5, 6893)])
def test_it_enumerates_every_hierarchical_model(lists, count) -> None:
    assert sum(1 for _ in all_models(lists)) == count


def test_model_names_follow_rcapture_notation() -> None:
    model = Model.from_generators(4, [0b0111, 0b1001, 0b1100])
    assert model.name() == "[123,14,34]"
    assert model.describe(["EXH", "ABA", "OSCE", "HRW"]) == "EXH*ABA*OSCE + EXH*HRW + OSCE*HRW"
    assert Model(5, (0b10001,)).name() == "[15,2,3,4]"


def test_batched_irls_agrees_with_statsmodels(mse) -> None:
    histories = mse("kosovo_4lists")
    model = Model.from_generators(4, [0b0111, 0b1001, 0b1100])
    design = model.design()
    counts = histories.observed_counts().astype(float)
    ours = fit_poisson_batch(design[None], counts)
    reference = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
    assert np.allclose(ours.coef[0], reference.params, rtol=1e-6, atol=1e-8)
    assert ours.deviance[0] == pytest.approx(reference.deviance, rel=1e-8)
    assert ours.cov_intercept[0] == pytest.approx(reference.cov_params()[0, 0], rel=1e-5)


def test_aic_can_be_the_criterion_instead(mse) -> None:
    result = loglinear(mse("kosovo_4lists"), criterion="aic")
    fits = fit_models(mse("kosovo_4lists"), all_models(4))
    assert result.details["model"] == min(fits, key=lambda f: f.aic).model.name()


def test_an_uncertain_model_choice_is_reported_with_the_averaged_estimate(mse) -> None:
    result = loglinear(mse("kosovo_4lists"))
    averaged = result.details["averaged"]
    assert averaged["lower"] < averaged["n_hat"] < averaged["upper"]
    assert any("choice is uncertain" in w and "model-averaged" in w for w in result.warnings)


def test_profile_draws_spread_over_the_interval(mse) -> None:
    histories = mse("kosovo_3lists_noABA")
    model = Model.from_generators(3, [0b110, 0b001])
    interval = profile_interval(histories, model, 7129.0)
    low, high = np.quantile(interval.draws, [0.025, 0.975])
    assert low == pytest.approx(interval.lower, rel=0.02)
    assert high == pytest.approx(interval.upper, rel=0.02)


def test_two_lists_are_sent_to_chapman() -> None:
    histories = CaptureHistories.from_patterns(["A", "B"], [[1, 0], [0, 1], [1, 1]], [5, 5, 5])
    result = loglinear(histories)
    assert result.refused and "Chapman" in result.warnings[0]
