"""Train, predict, cluster: the Splink run behind file mode and full re-links."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from aqiqat.linkage import model
from aqiqat.linkage.backends import database_api, spark_table
from aqiqat.linkage.clustering import cluster
from aqiqat.linkage.notes import LinkNote, NoteKind
from aqiqat.linkage.prepare import prepare
from aqiqat.linkage.records import LinkRecord, check_records
from aqiqat.linkage.scoring import TrainedModel, term_frequencies

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[str], None]


class Stage(StrEnum):
    """What a run is doing, as told to `progress` (the service layer translates it)."""

    PREPARE = "normalising names, dates and places"
    TRAIN = "training the model"
    PREDICT = "scoring candidate pairs"
    CLUSTER = "clustering"


CLUSTER_COLUMNS = ("record_id", "list", "cluster_id", "match_probability")
# Columns whose exact-match levels carry term-frequency adjustments (model.py).
TF_COLUMNS = ("sur", "giv", "fat")


@dataclass(frozen=True)
class LinkOptions:
    """How to run: threshold, backend, sample sizes and seed."""

    threshold: float = model.DEFAULT_THRESHOLD
    backend: str | None = None  # None: AQIQAT_LINKAGE_BACKEND, else duckdb
    # Pairs scored below this are dropped from the output (they are different people).
    pair_floor: float = model.REVIEW_BAND[0]
    seed: int = 2022
    u_max_pairs: float = 2e6
    em_max_pairs: float | None = 2e6
    em_iterations: int = 20
    # A model trained before (LinkResult.model): used as it is, without training again.
    trained_model: dict[str, Any] | None = None
    # Reviewers' decisions (pairs of record ids): they outrank the model in clustering.
    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()
    spark_session: Any = None


@dataclass
class LinkResult:
    """Clusters (one row per record), scored pairs, the trained model, and timings."""

    clusters: pd.DataFrame
    pairs: pd.DataFrame
    model: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[LinkNote] = field(default_factory=list)
    scorer: TrainedModel | None = None


def _quiet_splink() -> None:
    # Splink logs every training step at INFO; the CLI shows its own progress instead.
    logging.getLogger("splink").setLevel(logging.ERROR)


class _Clock:
    def __init__(self, progress: Progress | None) -> None:
        self.timings: dict[str, float] = {}
        self._progress = progress
        self._last = time.perf_counter()

    def lap(self, stage: str, next_stage: Stage | None = None) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self._last, 3)
        self._last = now
        if next_stage and self._progress:
            self._progress(next_stage)


def train(linker: Any, options: LinkOptions, with_ids: bool = False) -> list[LinkNote]:
    """Estimate the prior, u by random sampling and m by EM; no labels. Returns notes.

    `with_ids`: most records carry an identity-document number, so EM also runs blocked
    on it (model.ID_TRAINING_RULE)."""
    from splink import block_on

    notes: list[LinkNote] = []
    training = linker.training
    try:
        training.estimate_probability_two_random_records_match(
            [block_on(*model.PRIOR_RULE)], recall=model.PRIOR_RECALL
        )
    except Exception as exc:  # Splink raises plain exceptions when no pair meets the rule
        notes.append(
            LinkNote(NoteKind.PRIOR_NOT_ESTIMATED, f"prior left at its default: {_first_line(exc)}")
        )
    _sound_prior(linker, notes)
    training.estimate_u_using_random_sampling(max_pairs=options.u_max_pairs, seed=options.seed)
    rules = (model.ID_TRAINING_RULE, *model.TRAINING_RULES) if with_ids else model.TRAINING_RULES
    for rule in rules:
        # Splink trims the model to the comparisons a rule leaves free, with the prior
        # within the block, and leaves it so when the run fails: put it back.
        before = linker._settings_obj.core_model_settings.copy()
        try:
            training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), max_pairs=options.em_max_pairs
            )
        except Exception as exc:  # too few pairs under this rule to estimate anything
            linker._settings_obj.core_model_settings = before
            notes.append(
                LinkNote(
                    NoteKind.TRAINING_SKIPPED,
                    f"EM blocked on {', '.join(rule)} skipped: {_first_line(exc)}",
                    {"columns": tuple(rule)},
                )
            )
    return notes


def _first_line(exc: Exception) -> str:
    # Splink's messages go on to advise its own API; the first line says what failed.
    return str(exc).strip().split("\n", 1)[0]


def _sound_prior(linker: Any, notes: list[LinkNote]) -> None:
    """Keep the estimated prior within (0, MAX_PRIOR]; FALLBACK_PRIOR when no pair met
    the rule (Splink then estimates 0, and fails on its logarithm when scoring)."""
    settings = linker._settings_obj
    estimated = float(settings._probability_two_random_records_match)
    prior = min(estimated if 0 < estimated < 1 else model.FALLBACK_PRIOR, model.MAX_PRIOR)
    if prior != estimated:
        high = estimated > model.MAX_PRIOR
        kind = NoteKind.PRIOR_CAPPED if high else NoteKind.PRIOR_TOO_FEW_PAIRS
        reason = "above the cap" if high else "from too few pairs"
        notes.append(LinkNote(kind, f"prior {estimated:.3g} {reason}: {prior:.3g} used instead"))
        settings._probability_two_random_records_match = prior


def link(
    records: Sequence[LinkRecord],
    options: LinkOptions | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Link records across and within lists; every record ends up in exactly one cluster."""
    opts = options or LinkOptions()
    check_records(records)
    clock = _Clock(progress)
    if progress:
        progress(Stage.PREPARE)
    prepared = prepare(records)
    clock.lap("prepare", Stage.TRAIN)
    if len(prepared) < 2:
        alone = LinkNote(NoteKind.ONE_RECORD, "one record: nothing to link it to")
        return LinkResult(_singletons(prepared), _empty_pairs(), {}, clock.timings, [alone])

    from splink import Linker

    _quiet_splink()
    api = database_api(opts.backend, spark_session=opts.spark_session)
    spark = getattr(api, "spark", None)
    table = api.register(
        prepared if spark is None else spark_table(spark, prepared), table_name="aqiqat_records"
    )
    if opts.trained_model is not None:
        trained_settings = model.settings(trained=opts.trained_model)
        linker = Linker(table, trained_settings, log_level=logging.ERROR)
        notes = [LinkNote(NoteKind.MODEL_GIVEN, "model given, not trained again")]
    else:
        with_ids = bool(prepared["idn"].notna().mean() >= model.ID_SHARE)
        linker = Linker(
            table,
            model.settings(opts.em_iterations, estimate_fixed=with_ids),
            log_level=logging.ERROR,
        )
        notes = train(linker, opts, with_ids)
    clock.lap("train", Stage.PREDICT)
    predictions = linker.inference.predict(threshold_match_probability=opts.pair_floor)
    pairs = _pairs_frame(predictions.as_pandas_dataframe())
    clock.lap("predict", Stage.CLUSTER)
    trained = resolved_model(linker)
    scorer = TrainedModel.from_splink(
        trained, {c: term_frequencies(prepared[c]) for c in TF_COLUMNS}
    )
    clusters, contradicted = _clusters_frame(prepared, pairs, opts, scorer)
    if contradicted:
        shown = "; ".join(f"{a} / {b}" for a, b in contradicted[:5])
        notes.append(
            LinkNote(
                NoteKind.SAME_NOT_APPLIED,
                f"{len(contradicted)} reviewers' «same» decision(s) not applied, because with "
                f"the others they would join records a reviewer said are different people: "
                f"{shown}",
                {"pairs": tuple(contradicted)},
            )
        )
    clock.lap("cluster")
    return LinkResult(clusters, pairs, trained, clock.timings, notes, scorer)


def resolved_model(linker: Any) -> dict[str, Any]:
    """Splink's saved model with every level's m and u as Splink scores with them.

    The saved JSON leaves out values EM could not estimate (Splink then scores with a
    default, or 1e-6 for a level never observed); the Python scorer needs the numbers
    Splink really used, which only the linker's settings object resolves.
    """
    saved = linker.misc.save_model_to_json()
    live = {c.output_column_name: c for c in linker._settings_obj.comparisons}
    for comparison in saved["comparisons"]:
        levels = live[comparison["output_column_name"]].comparison_levels
        for level, resolved in zip(comparison["comparison_levels"], levels, strict=True):
            if not resolved.is_null_level:
                level["m_probability"] = resolved.m_probability
                level["u_probability"] = resolved.u_probability
    return dict(saved)


def _empty_pairs() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {c: pd.Series(dtype="string") for c in ("record_id_l", "record_id_r", "list_l", "list_r")}
        | {"match_probability": pd.Series(dtype="float64"),
           "match_weight": pd.Series(dtype="float64")}
    )  # fmt: skip


def _pairs_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Splink's predictions with record ids named as in the clusters CSV."""
    renamed = raw.rename(columns={"unique_id_l": "record_id_l", "unique_id_r": "record_id_r"})
    levels = [c for c in renamed.columns if c.startswith("gamma_")]
    keep = ["record_id_l", "record_id_r", "list_l", "list_r", "match_probability",
            "match_weight", *levels]  # fmt: skip
    out = renamed[keep].sort_values(["match_probability", "record_id_l", "record_id_r"],
                                    ascending=[False, True, True])  # fmt: skip
    return out.reset_index(drop=True)


def _singletons(prepared: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "record_id": prepared["unique_id"].astype("string"),
            "list": prepared["list"].astype("string"),
            "cluster_id": prepared["unique_id"].astype("string"),
            "match_probability": pd.Series([None] * len(prepared), dtype="Float64"),
        }
    )


def prepared_rows(prepared: pd.DataFrame, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Prepared rows of some records as dicts with None for missing, keyed by record id."""
    subset = prepared[prepared["unique_id"].isin(ids)]
    plain = subset.astype(object).where(subset.notna(), None)
    return {row["unique_id"]: row for row in plain.to_dict("records")}


def _clusters_frame(
    prepared: pd.DataFrame, pairs: pd.DataFrame, opts: LinkOptions, scorer: TrainedModel
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One row per record; the cluster id is its smallest record id (stable across runs and
    backends); match_probability is the strongest link holding the record in its cluster."""
    import pandas as pd

    threshold = opts.threshold
    strong = pairs[pairs["match_probability"] >= threshold]
    links = list(zip(strong["record_id_l"], strong["record_id_r"], strong["match_probability"],
                     strict=True))  # fmt: skip
    decided = {r for pair in (*opts.same, *opts.different) for r in pair}
    linked = set(strong["record_id_l"]) | set(strong["record_id_r"]) | decided
    rows = prepared_rows(prepared, linked)
    result = cluster(
        rows,
        links,
        threshold,
        lambda a, b: scorer.score(rows[a], rows[b]),
        same=opts.same,
        different=opts.different,
    )
    ids = prepared["unique_id"]
    frame = pd.DataFrame(
        {
            "record_id": ids.astype("string"),
            "list": prepared["list"].astype("string"),
            "cluster_id": ids.map(lambda i: result.cluster_of.get(i, i)).astype("string"),
            "match_probability": ids.map(result.strength).astype("Float64"),
        }
    )
    ordered = frame.sort_values(["cluster_id", "record_id"]).reset_index(drop=True)
    return ordered, result.contradicted
