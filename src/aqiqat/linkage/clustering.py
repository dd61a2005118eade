"""From scored pairs to people, without chaining two different people together.

Plain connected components merge A and C when A–B and B–C score high, even when A and C
plainly differ (born twenty years apart; two patronymics): a morgue entry «Сулейменов
Д.А., 17» links to both of two cousins. Here links are taken strongest first, and two
groups are joined only if no record of one clearly contradicts a record of the other
(their own score is below `conflict`). Pairs a reviewer decided come first: «same» is
joined, «different» is never in one cluster; a «same» that would break a «different»
(a same b, b same c, a different c) is not applied and is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Two records whose own score is below this cannot share a cluster, whatever links them.
CONFLICT_PROBABILITY = 0.3


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
    pair_probability: Callable[[str, str], float],
    *,
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
    conflict: float = CONFLICT_PROBABILITY,
) -> Clustering:
    """Cluster records; `links` are scored pairs, `pair_probability` scores any pair."""
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
        return any(pair_probability(x, y) < conflict for x in group_a for y in group_b)

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
