"""Hierarchical log-linear models over J lists: terms as bitmasks, names, design matrices."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt


def _bits(mask: int) -> list[int]:
    return [j for j in range(mask.bit_length()) if (mask >> j) & 1]


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


@dataclass(frozen=True)
class Model:
    """A hierarchical model: main effects of every list plus the interaction `terms`.

    `terms` are the interaction terms (bitmasks with two or more bits) closed under
    taking subsets of size two or more, in a canonical order.
    """

    n_lists: int
    terms: tuple[int, ...]

    @classmethod
    def from_generators(cls, n_lists: int, generators: Sequence[int]) -> Model:
        closed: set[int] = set()
        for gen in generators:
            members = _bits(gen)
            for size in range(2, len(members) + 1):
                for combo in combinations(members, size):
                    closed.add(sum(1 << j for j in combo))
        return cls(n_lists, tuple(sorted(closed, key=lambda t: (_popcount(t), _bits(t)))))

    def columns(self) -> tuple[int, ...]:
        """Every design column as a bitmask: intercept (0), main effects, interactions."""
        return (0, *(1 << j for j in range(self.n_lists)), *self.terms)

    @property
    def n_params(self) -> int:
        return 1 + self.n_lists + len(self.terms)

    def generators(self) -> list[int]:
        """The maximal terms, including main effects not inside any interaction."""
        candidates = [1 << j for j in range(self.n_lists)] + list(self.terms)
        return [t for t in candidates if not any(o != t and (o & t) == t for o in candidates)]

    def name(self) -> str:
        """Rcapture's notation, e.g. `[123,14,34]` (lists numbered from 1)."""
        gens = sorted(self.generators(), key=lambda t: (-_popcount(t), _bits(t)))
        return "[" + ",".join("".join(str(j + 1) for j in _bits(g)) for g in gens) + "]"

    def describe(self, lists: Sequence[str]) -> str:
        """The generating class with list names, e.g. `EXH*ABA*OSCE + EXH*HRW`."""
        gens = sorted(self.generators(), key=lambda t: (-_popcount(t), _bits(t)))
        return " + ".join("*".join(lists[j] for j in _bits(g)) for g in gens)

    def design(self, include_unobserved: bool = False) -> npt.NDArray[np.float64]:
        """Rows are capture patterns (mask order, from 1 unless `include_unobserved`)."""
        start = 0 if include_unobserved else 1
        masks = np.arange(start, 1 << self.n_lists)[:, None]
        cols = np.array(self.columns())[None, :]
        return ((masks & cols) == cols).astype(np.float64)


def all_models(n_lists: int, max_order: int | None = None) -> Iterator[Model]:
    """Every hierarchical model containing all main effects, up to `max_order` terms.

    The default order J-1 leaves out only the J-way term, which the unobserved cell
    makes inestimable. The count grows fast: 8, 113, 6,893 models for 3, 4, 5 lists.
    """
    order = n_lists - 1 if max_order is None else max_order
    candidates = [
        sum(1 << j for j in combo)
        for size in range(2, order + 1)
        for combo in combinations(range(n_lists), size)
    ]
    parents = {
        term: [term & ~(1 << j) for j in _bits(term)] if _popcount(term) > 2 else []
        for term in candidates
    }

    def extend(index: int, chosen: list[int], present: set[int]) -> Iterator[Model]:
        if index == len(candidates):
            yield Model(n_lists, tuple(chosen))
            return
        term = candidates[index]
        yield from extend(index + 1, chosen, present)
        if all(parent in present for parent in parents[term]):
            chosen.append(term)
            present.add(term)
            yield from extend(index + 1, chosen, present)
            chosen.pop()
            present.discard(term)

    yield from extend(0, [], set())


def neighbours(model: Model, max_order: int) -> Iterator[Model]:
    """Models one hierarchical step away: add an allowed term or drop a maximal one."""
    present = set(model.terms)
    for size in range(2, max_order + 1):
        for combo in combinations(range(model.n_lists), size):
            term = sum(1 << j for j in combo)
            if term in present:
                continue
            subterms = [term & ~(1 << j) for j in combo] if size > 2 else []
            if all(sub in present for sub in subterms):
                yield Model.from_generators(model.n_lists, [*model.terms, term])
    for term in model.terms:
        if not any(o != term and (o & term) == term for o in model.terms):
            yield Model(model.n_lists, tuple(t for t in model.terms if t != term))
