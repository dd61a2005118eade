"""Linking one new record to what is already linked, without running Splink.

The blocking rules (model.BLOCKING_RULES) become lookups in an index of their keys: a new
record's candidates are the records sharing a key under some rule; each candidate is
scored with the trained model in Python (scoring.py). Splink's own one-record API takes
hundreds of milliseconds against a large table; a lookup and a few dozen scores take
about a millisecond. The index here lives in memory; database mode keeps the same keys
in a table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from aqiqat.linkage.model import BLOCKING_RULES, Row
from aqiqat.linkage.scoring import PairScore, TrainedModel


def index_keys(row: Row) -> Iterator[str]:
    """The keys under which a record is found (the right-hand side of each rule)."""
    for number, rule in enumerate(BLOCKING_RULES):
        values = [row[c] for c in rule.right]
        if all(v is not None for v in values):
            yield f"{number}:" + "\x1f".join(str(v) for v in values)


def lookup_keys(row: Row) -> Iterator[tuple[int, str]]:
    """The keys a new record looks up (the left-hand side of each rule), with the rule."""
    for number, rule in enumerate(BLOCKING_RULES):
        values = [row[c] for c in rule.left]
        if all(v is not None for v in values):
            yield number, f"{number}:" + "\x1f".join(str(v) for v in values)


@dataclass(frozen=True)
class Candidate:
    record_id: str
    score: PairScore


class CandidateIndex:
    """Prepared rows by blocking key, for finding a new record's candidates."""

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        self.rows: dict[str, Row] = {}
        self._by_key: defaultdict[str, set[str]] = defaultdict(set)
        for row in rows:
            self.add(row)

    def add(self, row: Row) -> None:
        record_id = str(row["unique_id"])
        self.rows[record_id] = row
        for key in index_keys(row):
            self._by_key[key].add(record_id)

    def candidates(self, row: Row) -> set[str]:
        """Ids of indexed records that meet some blocking rule with `row`."""
        found: set[str] = set()
        for number, key in lookup_keys(row):
            extra = BLOCKING_RULES[number].extra_test
            for other in self._by_key.get(key, ()):
                if extra is None or extra(row, self.rows[other]):
                    found.add(other)
        found.discard(str(row["unique_id"]))
        return found

    def match(self, row: Row, model: TrainedModel, floor: float = 0.0) -> list[Candidate]:
        """Candidates scored with the model, best first, those below `floor` left out."""
        scored = [
            Candidate(other, model.score(row, self.rows[other])) for other in self.candidates(row)
        ]
        kept = [c for c in scored if c.score.match_probability >= floor]
        return sorted(kept, key=lambda c: (-c.score.match_weight, c.record_id))
