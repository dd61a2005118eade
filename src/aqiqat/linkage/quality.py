"""How good a clustering is against a ground truth: pairwise and cluster-level measures.

Pairwise: every two records put in one cluster is a predicted pair; every two records of
one true person a true pair. Precision is the share of predicted pairs that are true (a
false pair merges two people: it hides a victim); recall the share of true pairs found.
Cluster-level: how many people the clustering counts against how many there are, how many
true people come out exactly right, and how many clusters mix two or more people.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path


class TruthFileError(ValueError):
    """A ground-truth file that cannot be read; the message says why in one line."""


@dataclass(frozen=True)
class Quality:
    records: int
    true_people: int
    clusters: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    f1: float
    exact_clusters: int  # true people whose records form exactly one cluster, nothing else
    mixed_clusters: int  # clusters holding records of two or more true people
    split_people: int  # true people whose records are spread over two or more clusters
    bcubed_precision: float
    bcubed_recall: float
    unmatched_records: int  # records in the clustering that the truth does not know

    def to_json(self) -> dict[str, float | int]:
        return asdict(self)


def read_truth(path: Path) -> dict[str, str]:
    """record_id → person id from a CSV with a record_id column and a person column
    (person_id, truth_id or cluster_id)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            headers = reader.fieldnames or []
            person = next((h for h in ("person_id", "truth_id", "cluster_id") if h in headers),
                          None)  # fmt: skip
            if "record_id" not in headers or person is None:
                raise TruthFileError(
                    f"{path}: needs a record_id column and a person_id (or truth_id) column; "
                    f"it has {', '.join(headers) or 'none'}"
                )
            return {row["record_id"]: row[person] for row in reader if row["record_id"]}
    except FileNotFoundError:
        raise TruthFileError(f"the truth file {path} does not exist") from None
    except UnicodeDecodeError:
        raise TruthFileError(f"the truth file {path} is not UTF-8 text") from None


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def evaluate(clusters: Mapping[str, str], truth: Mapping[str, str]) -> Quality:
    """Compare a clustering (record id → cluster id) with the truth (record id → person).

    Only records both know are scored; the others are counted in `unmatched_records`.
    """
    common = [r for r in clusters if r in truth]
    unmatched = len(clusters) - len(common)
    by_cluster: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[str]] = defaultdict(list)
    together: Counter[tuple[str, str]] = Counter()
    for record in common:
        by_cluster[clusters[record]].append(record)
        by_person[truth[record]].append(record)
        together[clusters[record], truth[record]] += 1
    predicted = sum(_pairs(len(m)) for m in by_cluster.values())
    true = sum(_pairs(len(m)) for m in by_person.values())
    correct = sum(_pairs(n) for n in together.values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    cluster_size = {c: len(m) for c, m in by_cluster.items()}
    person_size = {p: len(m) for p, m in by_person.items()}
    n = len(common)
    # B-cubed: per record, the share of its cluster that is its person and vice versa.
    b_precision = sum(k * k / cluster_size[c] for (c, _p), k in together.items()) / n if n else 1
    b_recall = sum(k * k / person_size[p] for (_c, p), k in together.items()) / n if n else 1
    people_per_cluster = Counter(c for c, _p in together)
    clusters_per_person = Counter(p for _c, p in together)
    exact = sum(1 for (c, p), k in together.items() if k == person_size[p] and k == cluster_size[c])
    return Quality(
        records=n,
        true_people=len(by_person),
        clusters=len(by_cluster),
        true_pairs=true,
        predicted_pairs=predicted,
        correct_pairs=correct,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        exact_clusters=exact,
        mixed_clusters=sum(1 for k in people_per_cluster.values() if k > 1),
        split_people=sum(1 for k in clusters_per_person.values() if k > 1),
        bcubed_precision=round(b_precision, 4),
        bcubed_recall=round(b_recall, 4),
        unmatched_records=unmatched,
    )
