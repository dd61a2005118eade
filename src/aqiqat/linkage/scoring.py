"""Scoring a pair in Python with a trained model: the same weights Splink computes.

Used where a database round trip per pair would be too slow: checking every pair inside a
cluster before merging (clustering.py) and linking one new record against the candidates
its blocking keys find (database mode). A test checks the weights against Splink's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aqiqat.linkage.model import Row, comparisons


@dataclass(frozen=True)
class LevelWeight:
    comparison: str
    level: int
    label: str
    weight: float  # log2 Bayes factor, term-frequency adjustment included


@dataclass(frozen=True)
class PairScore:
    match_weight: float
    match_probability: float
    levels: tuple[LevelWeight, ...]

    def evidence(self) -> tuple[list[LevelWeight], list[LevelWeight]]:
        """What speaks for the match and what against, strongest first."""
        ranked = sorted(self.levels, key=lambda w: -abs(w.weight))
        return [w for w in ranked if w.weight > 0], [w for w in ranked if w.weight < 0]


@dataclass
class TrainedModel:
    """Weights per level, term frequencies and the prior: all scoring needs, as JSON."""

    prior: float
    weights: dict[str, list[float]]
    labels: dict[str, list[str]]
    tf_columns: dict[str, dict[int, str]]  # comparison → level → tf column
    u_exact: dict[str, dict[int, float]]  # comparison → level → u of that level
    tf: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def from_splink(
        cls, splink_model: Mapping[str, Any], tf: Mapping[str, Mapping[str, float]]
    ) -> TrainedModel:
        """From Splink's saved model (save_model_to_json) and term-frequency tables."""
        ours = {c.name: c for c in comparisons()}
        weights: dict[str, list[float]] = {}
        labels: dict[str, list[str]] = {}
        tf_columns: dict[str, dict[int, str]] = {}
        u_exact: dict[str, dict[int, float]] = {}
        for comparison in splink_model["comparisons"]:
            name = comparison["output_column_name"]
            levels = comparison["comparison_levels"]
            if name not in ours or len(levels) != len(ours[name].levels):
                raise ValueError(f"model does not fit this code: comparison {name!r} differs")
            weights[name], labels[name] = [], []
            for index, level in enumerate(levels):
                labels[name].append(level.get("label_for_charts", ""))
                if level.get("is_null_level"):
                    weights[name].append(0.0)
                    continue
                m, u = level.get("m_probability"), level.get("u_probability")
                weights[name].append(_log2_ratio(m, u))
                if level.get("tf_adjustment_column"):
                    tf_columns.setdefault(name, {})[index] = level["tf_adjustment_column"]
                    u_exact.setdefault(name, {})[index] = float(u or 0.0)
        return cls(
            prior=float(splink_model["probability_two_random_records_match"]),
            weights=weights,
            labels=labels,
            tf_columns=tf_columns,
            u_exact=u_exact,
            tf={k: dict(v) for k, v in tf.items()},
        )

    def to_json(self) -> str:
        data = {
            "prior": self.prior,
            "weights": self.weights,
            "labels": self.labels,
            "tf_columns": {
                k: {str(i): c for i, c in v.items()} for k, v in self.tf_columns.items()
            },
            "u_exact": {k: {str(i): u for i, u in v.items()} for k, v in self.u_exact.items()},
            "tf": self.tf,
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TrainedModel:
        data = json.loads(text)
        return cls(
            prior=data["prior"],
            weights=data["weights"],
            labels=data["labels"],
            tf_columns={
                k: {int(i): c for i, c in v.items()} for k, v in data["tf_columns"].items()
            },
            u_exact={k: {int(i): u for i, u in v.items()} for k, v in data["u_exact"].items()},
            tf=data["tf"],
        )

    def score(self, left: Row, right: Row) -> PairScore:
        """Match weight and probability of two prepared rows, with each level's weight."""
        total = math.log2(self.prior / (1 - self.prior))
        found: list[LevelWeight] = []
        for comparison in comparisons():
            name = comparison.name
            index = comparison.level_of(left, right)
            weight = self.weights[name][index]
            column = self.tf_columns.get(name, {}).get(index)
            if column is not None:
                weight += self._tf_adjustment(name, index, column, left, right)
            total += weight
            found.append(LevelWeight(name, index, self.labels[name][index], weight))
        return PairScore(total, _probability(total), tuple(found))

    def _tf_adjustment(self, name: str, index: int, column: str, left: Row, right: Row) -> float:
        table = self.tf.get(column, {})
        values = [table.get(v) for v in (left[column], right[column]) if v is not None]
        known = [v for v in values if v is not None]
        if not known:
            return 0.0
        u = self.u_exact[name][index]
        return math.log2(u) - math.log2(max(known)) if u > 0 else 0.0


def _log2_ratio(m: float | None, u: float | None) -> float:
    if not m or not u:
        return 0.0
    return math.log2(m / u)


def _probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1 + odds)


def term_frequencies(values: Any) -> dict[str, float]:
    """Share of each value among the non-missing ones (pandas Series in, as Splink counts)."""
    counts = values.dropna().value_counts(normalize=True)
    return {str(k): float(v) for k, v in counts.items()}
