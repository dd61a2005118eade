"""Decomposable graphical models with Bayesian model averaging (Madigan & York 1997).

Each decomposable graph on the lists is a log-linear model whose cell probabilities get
a hyper-Dirichlet prior (delta per cell of the full table); its marginal likelihood is a
product over cliques divided by a product over separators of Dirichlet-multinomial
terms, computed for every possible number of unseen people on a grid. Graphs are
averaged with equal prior weight, N has a prior proportional to 1/N. This is what the
R package `dga` (`bma.cr`) computes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln, logsumexp

from aqiqat.estimate.histories import CaptureHistories
from aqiqat.estimate.report import Estimate, refusal

METHOD = "dga"
MIN_LISTS = 3
MAX_LISTS = 5
# The grid of unseen counts is every integer up to DENSE, then grows geometrically
# by GROWTH per point: posteriors of N are never narrower than a fraction of a
# percent, and a uniform coarse grid would misweigh sharp posteriors near zero.
DENSE = 2000
GROWTH = 1.0005
# Posterior density at the end of the grid, relative to the mode, below which the
# grid counts as wide enough.
EDGE_TOLERANCE = 1e-7

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Graph:
    """A decomposable graph given by its cliques and (non-empty) separators as bitmasks."""

    edges: tuple[tuple[int, int], ...]
    cliques: tuple[int, ...]
    separators: tuple[int, ...]

    def describe(self, lists: tuple[str, ...]) -> str:
        return " + ".join(
            "*".join(lists[j] for j in range(len(lists)) if (c >> j) & 1) for c in self.cliques
        )


def _is_chordal(n: int, adjacent: list[set[int]]) -> bool:
    """Chordal iff vertices can be removed one by one, each simplicial when removed."""
    remaining = set(range(n))
    while remaining:
        for v in sorted(remaining):
            neighbours = adjacent[v] & remaining
            if all(b in adjacent[a] for a, b in combinations(sorted(neighbours), 2)):
                remaining.discard(v)
                break
        else:
            return False
    return True


def _maximal_cliques(n: int, adjacent: list[set[int]]) -> list[int]:
    complete = []
    for mask in range(1, 1 << n):
        members = [j for j in range(n) if (mask >> j) & 1]
        if all(b in adjacent[a] for a, b in combinations(members, 2)):
            complete.append(mask)
    return [c for c in complete if not any(o != c and (o & c) == c for o in complete)]


def _separators(cliques: list[int]) -> list[int]:
    """Separators of a junction tree: a maximum-weight spanning tree of the clique graph."""
    if len(cliques) <= 1:
        return []
    in_tree = [cliques[0]]
    outside = cliques[1:]
    separators = []
    while outside:
        best = max(
            ((c, t) for c in outside for t in in_tree),
            key=lambda pair: bin(pair[0] & pair[1]).count("1"),
        )
        separators.append(best[0] & best[1])
        in_tree.append(best[0])
        outside.remove(best[0])
    return [s for s in separators if s]


@cache
def decomposable_graphs(n_lists: int) -> tuple[Graph, ...]:
    """Every decomposable graph on n lists (8, 61 and 822 for 3, 4 and 5 lists)."""
    pairs = list(combinations(range(n_lists), 2))
    graphs = []
    for chosen in range(1 << len(pairs)):
        edges = tuple(pairs[i] for i in range(len(pairs)) if (chosen >> i) & 1)
        adjacent: list[set[int]] = [set() for _ in range(n_lists)]
        for a, b in edges:
            adjacent[a].add(b)
            adjacent[b].add(a)
        if not _is_chordal(n_lists, adjacent):
            continue
        cliques = _maximal_cliques(n_lists, adjacent)
        graphs.append(Graph(edges, tuple(cliques), tuple(_separators(cliques))))
    return tuple(graphs)


def _subset_terms(histories: CaptureHistories, unseen: Array, delta: float) -> Array:
    """Log Dirichlet-multinomial marginal likelihood of each margin, per unseen count.

    Row `s` is the term for the margin on the lists in bitmask s; only the margin cell
    where everyone is off those lists depends on the unseen count.
    """
    n_lists = histories.n_lists
    cells = 1 << n_lists
    masks = np.arange(cells)
    documented = histories.documented
    total_prior = delta * cells
    denominator = gammaln(total_prior) - gammaln(documented + unseen + total_prior)
    terms = np.zeros((cells, unseen.size))
    for subset in range(1, cells):
        size = bin(subset).count("1")
        prior = delta * (1 << (n_lists - size))
        margin = np.bincount(masks & subset, weights=histories.counts, minlength=cells)
        present = margin[[m for m in range(cells) if (m & subset) == m]]
        fixed = np.sum(gammaln(present[1:] + prior)) - (1 << size) * gammaln(prior)
        terms[subset] = fixed + gammaln(present[0] + unseen + prior) + denominator
    return terms


def graph_log_posteriors(
    histories: CaptureHistories, unseen: Array, delta: float
) -> tuple[tuple[Graph, ...], Array]:
    """Unnormalised log posterior of (graph, unseen count) on the grid, prior 1/N."""
    graphs = decomposable_graphs(histories.n_lists)
    terms = _subset_terms(histories, unseen, delta)
    signs = np.zeros((len(graphs), terms.shape[0]))
    for g, graph in enumerate(graphs):
        for clique in graph.cliques:
            signs[g, clique] += 1.0
        for separator in graph.separators:
            signs[g, separator] -= 1.0
    totals = histories.documented + unseen
    observed = histories.observed_counts().astype(np.float64)
    multinomial = gammaln(totals + 1.0) - gammaln(unseen + 1.0) - np.sum(gammaln(observed + 1.0))
    return graphs, signs @ terms + multinomial - np.log(totals)


def unseen_grid(limit: int) -> Array:
    """Unseen counts 0, 1, ..., DENSE, then geometric steps up to `limit`."""
    dense = np.arange(0, min(DENSE, limit) + 1, dtype=np.float64)
    if limit <= DENSE:
        return dense
    steps = math.ceil(math.log(limit / DENSE) / math.log(GROWTH))
    sparse = DENSE * GROWTH ** np.arange(1, steps + 1)
    return np.concatenate([dense, np.minimum(sparse, float(limit))])


def dga(
    histories: CaptureHistories,
    level: float = 0.95,
    delta: float | None = None,
    max_unseen: int | None = None,
    n_draws: int = 4000,
    seed: int = 0,
) -> Estimate:
    """Model-averaged posterior median and interval of N over decomposable graphs."""
    if not MIN_LISTS <= histories.n_lists <= MAX_LISTS:
        return refusal(
            METHOD,
            level,
            f"decomposable-graph averaging is implemented for {MIN_LISTS}–{MAX_LISTS} lists; "
            f"these histories have {histories.n_lists}",
        )
    cell_prior = delta if delta is not None else 2.0**-histories.n_lists
    documented = histories.documented
    limit = max_unseen if max_unseen is not None else max(20 * documented, 2000)
    ceiling = max_unseen if max_unseen is not None else 1000 * documented
    while True:
        unseen = unseen_grid(limit)
        graphs, log_post = graph_log_posteriors(histories, unseen, cell_prior)
        density = logsumexp(log_post, axis=0)
        at_edge = density[-1] - density.max() > math.log(EDGE_TOLERANCE)
        if not at_edge or limit >= ceiling:
            break
        limit = min(limit * 4, ceiling)

    # Each grid point stands for the integers around it.
    width = np.gradient(unseen)
    log_mass = density + np.log(width)
    mass = np.exp(log_mass - logsumexp(log_mass))
    cdf = np.cumsum(mass)
    tail = (1.0 - level) / 2.0
    totals = documented + unseen

    def quantile(q: float) -> float:
        return float(np.interp(q, cdf, totals))

    log_graph_mass = log_post + np.log(width)
    graph_weights = np.exp(logsumexp(log_graph_mass, axis=1) - logsumexp(log_graph_mass))
    top = np.argsort(-graph_weights)[:5]
    warnings: list[str] = []
    if at_edge:
        warnings.append(
            f"the posterior of N still has weight at the edge of its grid ({totals[-1]:,.0f}); "
            "the data do not bound N from above, so the interval is not trustworthy"
        )
    rng = np.random.default_rng(seed)
    draws = np.interp(rng.uniform(0.0, cdf[-1], n_draws), cdf, totals)
    return Estimate(
        METHOD,
        quantile(0.5),
        quantile(tail),
        quantile(1.0 - tail),
        level,
        warnings=tuple(warnings),
        details={
            "delta": cell_prior,
            "graphs": len(graphs),
            "grid_max": float(totals[-1]),
            "grid_points": int(unseen.size),
            "top_graphs": [
                {"graph": graphs[i].describe(histories.lists), "weight": float(graph_weights[i])}
                for i in top
            ],
        },
        draws=draws.astype(np.float64),
    )
