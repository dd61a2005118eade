"""Multiple systems estimation of hidden populations. No Django here.

Read capture histories with `read_histories`, then `estimate` them with one method or
all; each method returns an `Estimate` (or an honest refusal) inside an `EstimateReport`.
"""

from aqiqat.estimate.histories import CaptureHistories, HistoriesError, read_histories
from aqiqat.estimate.report import Estimate, EstimateReport
from aqiqat.estimate.runner import METHODS, Options, estimate

__all__ = [
    "METHODS",
    "CaptureHistories",
    "Estimate",
    "EstimateReport",
    "HistoriesError",
    "Options",
    "estimate",
    "read_histories",
]
