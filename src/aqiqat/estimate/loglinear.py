"""Log-linear models (Bishop, Fienberg & Holland 1975) with model search by BIC or AIC.

Every hierarchical model is fitted for up to five lists (all of them up to order J-1),
all two-way models for six, and a stepwise search beyond. The chosen model's interval
is the multinomial profile likelihood interval for N (Cormack 1992), as in Rcapture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats
from scipy.special import gammaln, xlogy

from aqiqat.estimate.glm import BATCH_ENTRIES, fit_poisson_batch
from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.models import Model, all_models, neighbours
from aqiqat.estimate.report import Estimate, refusal

METHOD = "loglinear"
EXHAUSTIVE_MAX_LISTS = 5
PAIRWISE_EXHAUSTIVE_LISTS = 6
# Beyond this many lists a stepwise step would weigh hundreds of three-way terms on
# tables of thousands of cells; two-way terms keep the search to seconds.
STEPWISE_THREE_WAY_LISTS = 10
CRITERIA = ("bic", "aic")
# A model whose unseen count runs to this multiple of the documented one has an
# estimate only in name: its maximum likelihood estimate does not exist.
ABSURD_RATIO = 1000.0

Array = npt.NDArray[np.float64]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FittedModel:
    """One model's fit to the observed cells."""

    model: Model
    n_hat: float
    log_unseen_se: float
    deviance: float
    df: int
    aic: float
    bic: float
    converged: bool

    def criterion(self, name: str) -> float:
        return self.aic if name == "aic" else self.bic


def fit_models(histories: CaptureHistories, models: Iterable[Model]) -> list[FittedModel]:
    """Fit each model to the observed cells (batched by parameter count)."""
    counts = histories.observed_counts().astype(np.float64)
    documented = histories.documented
    by_size: dict[int, list[Model]] = {}
    for model in models:
        by_size.setdefault(model.n_params, []).append(model)
    fitted: list[FittedModel] = []
    n_cells = counts.size
    for n_params, group in by_size.items():
        chunk = max(1, BATCH_ENTRIES // (n_cells * n_params))
        for start in range(0, len(group), chunk):
            part = group[start : start + chunk]
            fit = fit_poisson_batch(np.stack([m.design() for m in part]), counts)
            minus2ll = -2.0 * fit.loglik
            for i, model in enumerate(part):
                unseen = math.exp(min(fit.coef[i, 0], 700.0))
                fitted.append(
                    FittedModel(
                        model=model,
                        n_hat=documented + unseen,
                        log_unseen_se=math.sqrt(max(float(fit.cov_intercept[i]), 0.0)),
                        deviance=float(fit.deviance[i]),
                        df=n_cells - n_params,
                        aic=float(minus2ll[i] + 2 * n_params),
                        bic=float(minus2ll[i] + math.log(documented) * n_params),
                        converged=bool(fit.converged[i]),
                    )
                )
    return fitted


def search_models(
    histories: CaptureHistories,
    criterion: str = "bic",
    search: str = "auto",
    max_order: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[FittedModel], str]:
    """Fit the candidate models; returns the fits and a description of the search."""
    n_lists = histories.n_lists
    if search == "auto":
        search = "exhaustive" if n_lists <= PAIRWISE_EXHAUSTIVE_LISTS else "stepwise"
    if search == "exhaustive":
        order = max_order
        if order is None:
            order = n_lists - 1 if n_lists <= EXHAUSTIVE_MAX_LISTS else 2
        models = list(all_models(n_lists, order))
        fits: list[FittedModel] = []
        step = 2048
        for start in range(0, len(models), step):
            fits.extend(fit_models(histories, models[start : start + step]))
            if progress is not None:
                progress(min(start + step, len(models)), len(models))
        return fits, f"all {len(models):,} hierarchical models up to order {order}"
    if search == "stepwise":
        order = (
            max_order
            if max_order is not None
            else (3 if n_lists <= STEPWISE_THREE_WAY_LISTS else 2)
        )
        return _stepwise(histories, criterion, order, progress), (
            f"stepwise search by {criterion.upper()} over hierarchical models up to order {order}"
        )
    raise ValueError(f"unknown search {search!r}")


def _stepwise(
    histories: CaptureHistories, criterion: str, max_order: int, progress: Progress | None
) -> list[FittedModel]:
    """Greedy add-or-drop search from the independence model until no step helps."""
    current = fit_models(histories, [Model(histories.n_lists, ())])[0]
    seen: dict[tuple[int, ...], FittedModel] = {current.model.terms: current}
    for step in range(1, 200):
        candidates = [m for m in neighbours(current.model, max_order) if m.terms not in seen]
        for fit in fit_models(histories, candidates):
            seen[fit.model.terms] = fit
        best = min(
            (seen[m.terms] for m in neighbours(current.model, max_order)),
            key=lambda f: f.criterion(criterion),
            default=current,
        )
        if progress is not None:
            progress(step, step + 1)
        if best.criterion(criterion) >= current.criterion(criterion):
            break
        current = best
    return list(seen.values())


def profile_loglik(histories: CaptureHistories, model: Model) -> Callable[[Array], Array]:
    """Multinomial log-likelihood of N, maximised over the model's other parameters.

    The full 2^J table is refitted with N - n people in the unobserved cell; many N
    are evaluated as one batch.
    """
    design = model.design(include_unobserved=True)
    observed = histories.observed_counts().astype(np.float64)
    documented = float(histories.documented)

    def loglik(totals: Array) -> Array:
        totals = np.atleast_1d(np.asarray(totals, dtype=np.float64))
        unseen = totals - documented
        y = np.concatenate(
            [unseen[:, None], np.broadcast_to(observed, (totals.size, observed.size))], axis=1
        )
        fit = fit_poisson_batch(np.broadcast_to(design, (totals.size, *design.shape)), y)
        probs = fit.fitted / fit.fitted.sum(axis=1, keepdims=True)
        return np.asarray(
            gammaln(totals + 1.0)
            - gammaln(unseen + 1.0)
            - np.sum(gammaln(observed + 1.0))
            + np.sum(xlogy(y, probs), axis=1)
        )

    return loglik


@dataclass(frozen=True)
class ProfileInterval:
    lower: float
    upper: float
    upper_open: bool
    draws: Array


def profile_interval(
    histories: CaptureHistories,
    model: Model,
    n_hat: float,
    level: float = 0.95,
    n_draws: int = 4000,
    seed: int = 0,
) -> ProfileInterval:
    """Profile-likelihood interval for N, and draws from the normalised profile."""
    loglik = profile_loglik(histories, model)
    documented = float(histories.documented)

    def scalar(total: float) -> float:
        return float(loglik(np.array([total]))[0])

    unseen_hat = max(n_hat - documented, 1e-6)
    start = math.log(unseen_hat)
    try:
        found = optimize.minimize_scalar(
            lambda log_unseen: -scalar(documented + math.exp(log_unseen)),
            bracket=(start - 0.1, start + 0.1),
        )
        best_total = documented + math.exp(float(found.x))
    except (ValueError, OverflowError, RuntimeError):
        best_total = documented + unseen_hat
    if scalar(best_total) < scalar(documented + unseen_hat):
        best_total = documented + unseen_hat
    peak = scalar(best_total)
    drop = float(stats.chi2.ppf(level, 1)) / 2.0

    def below(total: float) -> float:
        return peak - scalar(total) - drop

    lower = documented
    if below(documented) > 0:
        lower = optimize.brentq(below, documented, best_total, xtol=1e-3)
    upper = best_total
    step = max(best_total - documented, 1.0)
    upper_open = True
    for _ in range(60):
        upper = best_total + step
        if below(upper) > 0:
            upper_open = False
            break
        step *= 2.0
    if not upper_open:
        upper = optimize.brentq(below, best_total, upper, xtol=1e-3)

    # Draws treat the normalised profile likelihood as a flat-prior posterior; they
    # carry this model's uncertainty into combined (stratified) estimates.
    span_high = upper + 1.5 * (upper - best_total) if not upper_open else upper
    grid = np.linspace(documented, max(span_high, documented + 1.0), 400)
    weights = np.exp(loglik(grid) - peak)
    weights = np.where(np.isfinite(weights), weights, 0.0)
    cdf = np.cumsum(weights)
    rng = np.random.default_rng(seed)
    draws = np.interp(rng.uniform(0, cdf[-1], n_draws), cdf, grid)
    return ProfileInterval(float(lower), float(upper), upper_open, draws)


def model_weights(fits: Sequence[FittedModel], criterion: str) -> Array:
    values = np.array([f.criterion(criterion) for f in fits])
    finite = np.isfinite(values)
    weights = np.zeros(values.size)
    weights[finite] = np.exp(-(values[finite] - values[finite].min()) / 2.0)
    return weights / weights.sum()


def averaged(
    fits: Sequence[FittedModel],
    criterion: str,
    documented: int,
    level: float,
    n_draws: int = 4000,
    seed: int = 0,
) -> dict[str, Any]:
    """Model-averaged N with an interval that mixes the models' own uncertainty.

    Each model contributes in proportion to exp(-criterion/2), with a log-normal for
    its unseen count (Wald on the intercept); the interval is from the mixture.
    """
    weights = model_weights(fits, criterion)
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(fits), size=n_draws, p=weights)
    log_unseen = np.array([math.log(max(f.n_hat - documented, 1e-9)) for f in fits])
    spread = np.array([f.log_unseen_se for f in fits])
    draws = documented + np.exp(log_unseen[picks] + spread[picks] * rng.standard_normal(n_draws))
    tail = (1.0 - level) / 2.0
    top = np.argsort(-weights)[:5]
    # The median of the mixture, not the weighted mean: one low-weight model with an
    # exploding N would otherwise dominate.
    return {
        "n_hat": float(np.median(draws)),
        "lower": float(np.quantile(draws, tail)),
        "upper": float(np.quantile(draws, 1.0 - tail)),
        "top_models": [
            {"model": fits[i].model.name(), "weight": float(weights[i]), "n_hat": fits[i].n_hat}
            for i in top
        ],
    }


def loglinear(
    histories: CaptureHistories,
    level: float = 0.95,
    criterion: str = "bic",
    search: str = "auto",
    max_order: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Estimate:
    """N from the best hierarchical log-linear model, with a profile-likelihood interval."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}")
    if histories.n_lists < 3:
        return refusal(
            METHOD,
            level,
            "log-linear models need at least three lists; with two use Chapman's estimator",
        )
    fits, searched = search_models(histories, criterion, search, max_order, progress)
    usable = [f for f in fits if math.isfinite(f.criterion(criterion))]
    best = min(usable, key=lambda f: f.criterion(criterion))
    documented = histories.documented
    if not math.isfinite(best.n_hat) or best.n_hat > ABSURD_RATIO * documented:
        return refusal(
            METHOD,
            level,
            f"the best model ({best.model.name()}) has no finite estimate for these data: "
            "zero cells leave the unseen count unbounded; try the sparse or lcmcr methods",
        )
    warnings: list[str] = []
    if not best.converged:
        warnings.append("the chosen model did not converge; treat its estimate as unreliable")
    interval = profile_interval(histories, best.model, best.n_hat, level, seed=seed)
    if interval.upper_open:
        warnings.append(
            "the profile likelihood does not fall off on the upper side: the data give no "
            "upper bound under this model"
        )
    settled = [f for f in usable if f.converged] or usable
    mix = averaged(settled, criterion, documented, level, seed=seed)
    weight = model_weights(usable, criterion)
    best_weight = float(weight[usable.index(best)])
    if best_weight < 0.5:
        rivals = mix["top_models"][:3]
        spread = ", ".join(f"{r['model']} {r['n_hat']:,.0f}" for r in rivals)
        warnings.append(
            f"the {criterion.upper()} choice is uncertain (weight {best_weight:.2f}); "
            f"close models give {spread}; model-averaged N {mix['n_hat']:,.0f} "
            f"({mix['lower']:,.0f}–{mix['upper']:,.0f})"
        )
    if best.df == 0:
        warnings.append("the chosen model is saturated: it has no degrees of freedom to test fit")
    return Estimate(
        METHOD,
        best.n_hat,
        interval.lower,
        interval.upper,
        level,
        warnings=tuple(warnings),
        details={
            "model": best.model.name(),
            "model_terms": best.model.describe(histories.lists),
            "criterion": criterion,
            "search": searched,
            "models_fitted": len(fits),
            "deviance": best.deviance,
            "df": best.df,
            "aic": best.aic,
            "bic": best.bic,
            "weight": best_weight,
            "averaged": mix,
        },
        draws=interval.draws,
    )
