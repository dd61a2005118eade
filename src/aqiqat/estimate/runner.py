"""Run the requested methods on capture histories, refusing where the data cannot support them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from aqiqat.estimate.chapman import chapman
from aqiqat.estimate.dga import MAX_LISTS as DGA_MAX_LISTS
from aqiqat.estimate.dga import dga
from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.lcmcr import lcmcr
from aqiqat.estimate.linkage_variants import (
    ClusterRecord,
    histories_from_clusters,
    linkage_sensitivity,
)
from aqiqat.estimate.loglinear import loglinear
from aqiqat.estimate.report import Estimate, EstimateReport, refusal
from aqiqat.estimate.sparse_stepwise import sparse_stepwise
from aqiqat.estimate.strata import combine_strata
from aqiqat.estimate.support import MIN_OVERLAPS, caution_notes, refusal_reasons

METHODS = ("chapman", "loglinear", "sparse", "lcmcr", "dga")
# An estimate this many times the documented count says more about the model than
# about the population.
IMPLAUSIBLE_RATIO = 10.0

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Options:
    """Settings shared by the methods; defaults follow the R packages' defaults."""

    level: float = 0.95
    seed: int = 0
    criterion: str = "bic"
    search: str = "auto"
    max_order: int | None = None
    threshold: float = 0.02
    chains: int = 4
    burn_in: int = 10_000
    samples: int = 10_000
    thin: int = 10
    classes: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    delta: float | None = None
    min_overlaps: int = MIN_OVERLAPS


def methods_for(histories: CaptureHistories, method: str) -> tuple[str, ...]:
    """The methods `all` stands for, given the number of lists."""
    if method != "all":
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
        return (method,)
    if histories.n_lists == 2:
        return ("chapman",)
    chosen = ["loglinear", "sparse", "lcmcr"]
    if histories.n_lists <= DGA_MAX_LISTS:
        chosen.append("dga")
    return tuple(chosen)


def _run_one(
    method: str,
    histories: CaptureHistories,
    options: Options,
    progress: Progress | None,
) -> Estimate:
    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress(method, done, total)

    if method == "chapman":
        return chapman(histories, options.level, seed=options.seed)
    if method == "loglinear":
        return loglinear(
            histories,
            options.level,
            criterion=options.criterion,
            search=options.search,
            max_order=options.max_order,
            seed=options.seed,
            progress=tick,
        )
    if method == "sparse":
        return sparse_stepwise(histories, options.level, threshold=options.threshold)
    if method == "lcmcr":
        return lcmcr(
            histories,
            options.level,
            n_classes=options.classes,
            a_alpha=options.a_alpha,
            b_alpha=options.b_alpha,
            chains=options.chains,
            burn_in=options.burn_in,
            samples=options.samples,
            thin=options.thin,
            seed=options.seed,
            progress=tick,
        )
    return dga(histories, options.level, delta=options.delta, seed=options.seed)


def estimate_unstratified(
    histories: CaptureHistories,
    methods: tuple[str, ...],
    options: Options,
    progress: Progress | None = None,
) -> EstimateReport:
    """Every method on one set of histories (strata, if any, are ignored here)."""
    reasons = refusal_reasons(histories, options.min_overlaps)
    cautions = caution_notes(histories)
    results = []
    for method in methods:
        if reasons:
            results.append(refusal(method, options.level, *reasons))
            continue
        result = _run_one(method, histories, options, progress)
        extra = list(cautions) if not result.refused else []
        if result.n_hat is not None and result.n_hat > IMPLAUSIBLE_RATIO * histories.documented:
            extra.append(
                f"the estimate is {result.n_hat / histories.documented:,.0f} times the documented "
                "count; the lists are too sparse or too dependent for this model to be believed"
            )
        if extra:
            result = replace(result, warnings=(*result.warnings, *extra))
        results.append(result)
    return EstimateReport(
        documented=histories.documented,
        lists=histories.lists,
        estimates=tuple(results),
        notes=histories.notes,
    )


def estimate(
    histories: CaptureHistories,
    method: str = "all",
    options: Options | None = None,
    progress: Progress | None = None,
) -> EstimateReport:
    """Estimate the total population with one method or all that apply.

    Stratified histories are estimated per stratum and combined by adding draws.
    """
    settings = options or Options()
    methods = methods_for(histories, method)
    if not histories.strata:
        return estimate_unstratified(histories, methods, settings, progress)
    per_stratum = {
        name: estimate_unstratified(stratum, methods, settings, progress)
        for name, stratum in histories.strata.items()
    }
    combined = tuple(
        combine_strata(
            m,
            {name: report.by_method(m) for name, report in per_stratum.items()},
            settings.level,
            settings.seed,
        )
        for m in methods
    )
    return EstimateReport(
        documented=histories.documented,
        lists=histories.lists,
        estimates=combined,
        strata=per_stratum,
        notes=histories.notes,
    )


def estimate_linked(
    records: Sequence[ClusterRecord],
    method: str = "all",
    options: Options | None = None,
    linkage_samples: int = 0,
    progress: Progress | None = None,
) -> EstimateReport:
    """Estimate from linked clusters; with samples, also say how much linkage moves N.

    The sensitivity goes into each estimate's warnings (when it exceeds 5%) and its
    details, so the `--json` contract is unchanged.
    """
    settings = options or Options()
    histories = histories_from_clusters(records, lists=sorted({r.list for r in records}))
    report = estimate(histories, method, settings, progress)
    if linkage_samples <= 0:
        return report
    updated = []
    for item in report.estimates:
        if item.refused:
            updated.append(item)
            continue

        def run(variant: CaptureHistories, name: str = item.method) -> Estimate:
            return estimate_unstratified(variant, (name,), settings).estimates[0]

        sensitivity = linkage_sensitivity(records, run, samples=linkage_samples, seed=settings.seed)
        spread = sensitivity.spread()
        details = {**item.details, "linkage_spread": spread}
        note = sensitivity.warning()
        warnings = (*item.warnings, note) if note else item.warnings
        updated.append(replace(item, warnings=warnings, details=details))
    return replace(report, estimates=tuple(updated))
