"""Multiple systems estimation of hidden populations. No Django here.

Read capture histories with `read_histories`, then `estimate` them with one method or
all; each method returns an `Estimate` (or an honest refusal) inside an `EstimateReport`.
"""

from aqiqat.estimate.histories import CaptureHistories, HistoriesError, read_histories
from aqiqat.estimate.linkage_variants import read_clusters
from aqiqat.estimate.report import Estimate, EstimateReport
from aqiqat.estimate.runner import METHODS, Options, estimate, estimate_linked

__all__ = [
    "METHODS",
    "CaptureHistories",
    "Estimate",
    "EstimateReport",
    "HistoriesError",
    "Options",
    "estimate",
    "estimate_linked",
    "read_clusters",
    "read_histories",
]
