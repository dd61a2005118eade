"""Record linkage across lists and scripts (Splink on DuckDB or Spark). No Django here.

    lists = read_records(Path("mapping.json"))
    result = link(lists.records, LinkOptions(threshold=0.8))
    result.clusters  # record_id, list, cluster_id, match_probability

The public surface is what this module exports; everything else is internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aqiqat.linkage.backends import BACKENDS, BackendUnavailable, local_spark_session
from aqiqat.linkage.clustering import CONFLICT_PROBABILITY, Clustering, cluster, conflicting
from aqiqat.linkage.engine import CLUSTER_COLUMNS, LinkOptions, LinkResult, Stage, link
from aqiqat.linkage.model import BLOCKING_RULES, DEFAULT_THRESHOLD, REVIEW_BAND, comparisons
from aqiqat.linkage.notes import LinkNote, NoteKind
from aqiqat.linkage.prepare import PREPARED_COLUMNS, prepare, prepare_row
from aqiqat.linkage.quality import Quality, TruthFileError, evaluate, read_truth
from aqiqat.linkage.records import LinkageInputError, LinkRecord, ListsRead, read_records
from aqiqat.linkage.scoring import PairScore, TrainedModel

if TYPE_CHECKING:
    from collections.abc import Mapping


def evaluate_clusters(result: LinkResult, truth: Mapping[str, str]) -> Quality:
    """The quality of a link result's clusters against a truth (record id → person)."""
    clusters = result.clusters
    return evaluate(dict(zip(clusters["record_id"], clusters["cluster_id"], strict=True)), truth)


__all__ = [
    "BACKENDS",
    "BLOCKING_RULES",
    "CLUSTER_COLUMNS",
    "CONFLICT_PROBABILITY",
    "DEFAULT_THRESHOLD",
    "PREPARED_COLUMNS",
    "REVIEW_BAND",
    "BackendUnavailable",
    "Clustering",
    "LinkNote",
    "LinkOptions",
    "LinkRecord",
    "LinkResult",
    "LinkageInputError",
    "ListsRead",
    "NoteKind",
    "PairScore",
    "Quality",
    "Stage",
    "TrainedModel",
    "TruthFileError",
    "cluster",
    "comparisons",
    "conflicting",
    "evaluate",
    "evaluate_clusters",
    "link",
    "local_spark_session",
    "prepare",
    "prepare_row",
    "read_records",
    "read_truth",
]
