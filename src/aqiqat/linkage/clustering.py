"""From scored pairs to people, without chaining two different people together.

Plain connected components merge A and C when A–B and B–C score high, even when A and C
plainly differ (born twenty years apart; two patronymics): a morgue entry «Сулейменов
Д.А., 17» links to both of two cousins. Here links are taken strongest first, and two
groups are joined only if no record of one conflicts with a record of the other (see
`conflicting`). Pairs a reviewer decided come first: «same» is joined, «different» is
never in one cluster; a «same» that would break a «different» (a same b, b same c, a
different c) is not applied and is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aqiqat.linkage.scoring import PairScore

# Only two records whose own score is below this can be in conflict.
CONFLICT_PROBABILITY = 0.3
# Fields that belong to the person, not to the report: a contradiction on one of them is
# a contradiction about who the person is. Surname (changed at marriage), place, event
# date and address (people move; lists mean different events) are not among them.
IDENTITY = frozenset({"given", "father", "birth", "sex", "id_number"})
# Log2 Bayes factor: one identity field whose disagreement the trained model finds 32
# times likelier between two people than within one is decisive; so is evidence against
# that adds up to less than that, when the pair still scores low (too little in common).
DECISIVE_WEIGHT = -5.0


def conflicting(score: PairScore, below: float = CONFLICT_PROBABILITY) -> bool:
    """Whether two records scored so can be one person only if the evidence is wrong.

    A low score is a conflict when one identity field decisively contradicts (two
    patronymics, birth dates decades apart), or when the two records have little against
    each other and score low because they share too little: then only a chain of other
    records ties them, the morgue entry between two cousins. It is not a conflict when it
    is made of several disagreements, none decisive, that the model has learned happen
    between records of one person: copies of one record corrupted each in its own way.
    """
    if score.match_probability >= below:
        return False
    if any(w.weight < DECISIVE_WEIGHT for w in score.levels if w.comparison in IDENTITY):
        return True
    return sum(w.weight for w in score.levels if w.weight < 0) > DECISIVE_WEIGHT


@dataclass(frozen=True)
class Clustering:
    cluster_of: dict[str, str]  # record id → cluster id (the smallest record id in it)
    strength: dict[str, float]  # record id → the strongest link that holds it in its cluster
    refused: list[tuple[str, str, float]]  # links not taken because they joined a conflict
    # «same» decisions not applied because, with the others, they would join two records a
    # reviewer said are different people: the reviewers contradict each other.
    contradicted: list[tuple[str, str]]


def cluster(
    ids: Iterable[str],
    links: Iterable[tuple[str, str, float]],
    threshold: float,
    pair_score: Callable[[str, str], PairScore],
    *,
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
    conflict: float = CONFLICT_PROBABILITY,
) -> Clustering:
    """Cluster records; `links` are scored pairs, `pair_score` scores any pair."""
    members: dict[str, list[str]] = {i: [i] for i in ids}
    root: dict[str, str] = {i: i for i in members}
    never = {frozenset(p) for p in different}
    strength: dict[str, float] = {}
    refused: list[tuple[str, str, float]] = []

    def kept_apart(a: str, b: str) -> bool:
        group_a, group_b = members[root[a]], members[root[b]]
        return any(frozenset((x, y)) in never for x in group_a for y in group_b)

    def clash(a: str, b: str) -> bool:
        if kept_apart(a, b):
            return True
        group_a, group_b = members[root[a]], members[root[b]]
        if len(group_a) == 1 and len(group_b) == 1:
            return False  # the link itself is the only pair, and it scored high
        return any(conflicting(pair_score(x, y), conflict) for x in group_a for y in group_b)

    def join(a: str, b: str) -> None:
        big, small = sorted((root[a], root[b]), key=lambda r: -len(members[r]))
        for record in members[small]:
            root[record] = big
        members[big].extend(members.pop(small))

    contradicted: list[tuple[str, str]] = []
    for a, b in same:
        if a in root and b in root and root[a] != root[b]:
            if kept_apart(a, b):
                contradicted.append((a, b))
                continue
            join(a, b)
            strength[a] = strength[b] = 1.0
    ranked = sorted(
        ((a, b, p) for a, b, p in links if p >= threshold and a in root and b in root),
        key=lambda link: (-link[2], link[0], link[1]),
    )
    for a, b, p in ranked:
        if root[a] == root[b]:
            continue
        if clash(a, b):
            refused.append((a, b, p))
            continue
        join(a, b)
        strength[a] = max(strength.get(a, 0.0), p)
        strength[b] = max(strength.get(b, 0.0), p)
    cluster_of: dict[str, str] = {}
    for group in members.values():
        label = min(group)
        for record in group:
            cluster_of[record] = label
    return Clustering(cluster_of, strength, refused, contradicted)
