"""The candidate index on disk: blocking keys, prepared rows and the trained model.

A SQLite file beside the database, derived and rebuildable (a full re-link writes it
anew): looking up a new record's keys is one indexed query, so linking it does not need
Splink or a scan of every record.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aqiqat.linkage.incremental import Candidate, index_keys, lookup_keys
from aqiqat.linkage.model import BLOCKING_RULES, Row, comparisons
from aqiqat.linkage.scoring import PairScore, TrainedModel


def _evidence(score: PairScore) -> list[dict[str, Any]]:
    ranked = sorted(score.levels, key=lambda w: -abs(w.weight))
    return [
        {"comparison": w.comparison, "label": w.label, "weight": round(w.weight, 2)}
        for w in ranked
        if w.weight
    ]


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (record_id TEXT PRIMARY KEY, prepared TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (key TEXT NOT NULL, record_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS keys_by_key ON keys (key);
CREATE TABLE IF NOT EXISTS review (
    record_a TEXT NOT NULL, record_b TEXT NOT NULL, probability REAL NOT NULL,
    evidence TEXT NOT NULL, PRIMARY KEY (record_a, record_b)
);
"""


@dataclass(frozen=True)
class ReviewPair:
    """A pair in the uncertain band, as the last full re-link scored it."""

    record_a: str
    record_b: str
    probability: float
    evidence: list[dict[str, Any]]  # comparison, label, weight; strongest first


class IndexMissing(RuntimeError):
    """No index yet: a full re-link builds it."""


class IndexStore:
    def __init__(
        self, path: Path, connect: Callable[[Path], sqlite3.Connection] = sqlite3.connect
    ) -> None:
        # `connect` lets the caller open the file through an encrypting driver (SQLCipher).
        self.path = path
        self.connect = connect

    def _connect(self) -> sqlite3.Connection:
        connection = self.connect(self.path)
        connection.executescript(_SCHEMA)
        return connection

    def rebuild(
        self,
        rows: Iterable[Row],
        model: TrainedModel,
        meta: Mapping[str, Any],
        review: Iterable[tuple[str, str, float, PairScore]] = (),
    ) -> None:
        """Replace the whole index (written to a new file, then moved into place), with the
        pairs a reviewer should see."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = self.path.with_suffix(".new")
        fresh.unlink(missing_ok=True)
        connection = self.connect(fresh)
        try:
            connection.executescript(_SCHEMA)
            connection.execute("INSERT INTO meta VALUES ('model', ?)", (model.to_json(),))
            connection.execute("INSERT INTO meta VALUES ('run', ?)", (json.dumps(dict(meta)),))
            self._insert(connection, rows)
            connection.executemany(
                "INSERT OR REPLACE INTO review VALUES (?, ?, ?, ?)",
                (
                    (*sorted((a, b)), p, json.dumps(_evidence(score), ensure_ascii=False))
                    for a, b, p, score in review
                ),
            )
            connection.commit()
        finally:
            connection.close()
        fresh.replace(self.path)

    def review_pairs(self, around: float, limit: int) -> list[ReviewPair]:
        """Pairs in the uncertain band, those nearest `around` (the threshold) first."""
        if not self.path.exists():
            return []
        connection = self._connect()
        try:
            found = connection.execute(
                "SELECT record_a, record_b, probability, evidence FROM review "
                "ORDER BY abs(probability - ?), record_a, record_b LIMIT ?",
                (around, limit),
            ).fetchall()
        finally:
            connection.close()
        return [ReviewPair(a, b, p, json.loads(e)) for a, b, p, e in found]

    def add(self, rows: Iterable[Row]) -> None:
        connection = self._connect()
        try:
            self._insert(connection, rows)
            connection.commit()
        finally:
            connection.close()

    @staticmethod
    def _insert(connection: sqlite3.Connection, rows: Iterable[Row]) -> None:
        for row in rows:
            record_id = str(row["unique_id"])
            connection.execute(
                "INSERT OR REPLACE INTO rows VALUES (?, ?)", (record_id, json.dumps(dict(row)))
            )
            connection.executemany(
                "INSERT INTO keys VALUES (?, ?)", ((k, record_id) for k in index_keys(row))
            )

    def model(self) -> TrainedModel:
        if not self.path.exists():
            raise IndexMissing("no linkage index yet: run a full re-link first")
        connection = self._connect()
        try:
            found = connection.execute("SELECT value FROM meta WHERE name = 'model'").fetchall()
        finally:
            connection.close()
        if not found:
            raise IndexMissing("the linkage index has no model: run a full re-link first")
        model = TrainedModel.from_json(found[0][0])
        if set(model.weights) != {c.name for c in comparisons()}:
            # Built before the model gained or lost a comparison: its rows lack the columns.
            raise IndexMissing("the linkage index is from an earlier model: run a full re-link")
        return model

    def run(self) -> dict[str, Any]:
        """What the full re-link that built the index recorded about itself."""
        if not self.path.exists():
            raise IndexMissing("no linkage index yet: run a full re-link first")
        connection = self._connect()
        try:
            found = connection.execute("SELECT value FROM meta WHERE name = 'run'").fetchall()
        finally:
            connection.close()
        return dict(json.loads(found[0][0])) if found else {}

    def match(self, row: Row, model: TrainedModel, floor: float = 0.0) -> list[Candidate]:
        """Like CandidateIndex.match, with the keys and rows read from the file."""
        wanted = list(lookup_keys(row))
        if not wanted:
            return []
        connection = self._connect()
        try:
            marks = ",".join("?" * len(wanted))
            hits = connection.execute(
                f"SELECT k.key, r.record_id, r.prepared FROM keys k JOIN rows r "  # noqa: S608
                f"ON r.record_id = k.record_id WHERE k.key IN ({marks})",
                [key for _, key in wanted],
            ).fetchall()
        finally:
            connection.close()
        rule_of = {key: number for number, key in wanted}
        own = str(row["unique_id"])
        found: dict[str, Candidate] = {}
        for key, record_id, prepared in hits:
            if record_id == own or record_id in found:
                continue
            other = json.loads(prepared)
            extra = BLOCKING_RULES[rule_of[key]].extra_test
            if extra is None or extra(row, other):
                found[record_id] = Candidate(record_id, model.score(row, other))
        kept = [c for c in found.values() if c.score.match_probability >= floor]
        return sorted(kept, key=lambda c: (-c.score.match_weight, c.record_id))
