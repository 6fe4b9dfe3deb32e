"""Comparison vectors: the level of every comparison for a pair, computed once and interned.

A pair's vector (γ in Fellegi & Sunter 1969) is what the model reads: one level per
comparison, 0 for null. :func:`vectorise` compares every candidate pair in batches and stores
each distinct vector once (:class:`PairVectors`); :func:`comparison_vector` compares a single
pair (``MatchIndex``, cluster checks) and gives the same result. Both apply the comparisons'
``else_implied_by`` rule, so a disagreement one event explains is counted once.

This module imports the standard library, attrs and crmkit's comparisons and match keys.
"""

from __future__ import annotations

import functools
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from crmkit.identity._compare import Comparison
from crmkit.identity._normalize import MatchKeys

__all__ = ["PairVectors", "comparison_vector", "vectorise"]


def comparison_vector(
    comparisons: Sequence[Comparison], a: MatchKeys, b: MatchKeys
) -> tuple[int, ...]:
    """The level of every comparison for one pair.

    >>> from crmkit.identity._compare import Level
    >>> email = Comparison(name="email", key="email", levels=(Level(kind="exact"),))
    >>> comparison_vector((email,), MatchKeys(id="a", email="x@y.org"),
    ...                   MatchKeys(id="b", email="x@y.org"))
    (1,)

    A comparison whose outright disagreement is implied by another's
    (:attr:`~crmkit.identity.Comparison.else_implied_by`: a move changes the street and the
    postcode) records the null level when both disagree, so the pair pays for the move once:
    the weight then is log2 P(street ≠, postcode ≠ | M) / P(street ≠, postcode ≠ | U) ≈
    log2 m(street ≠) / u(street ≠), as P(postcode ≠ | street ≠) ≈ 1 among matches and
    non-matches alike. EM sees the same vectors, so m(postcode ≠) is estimated among pairs
    whose streets do not disagree: the conditional P(postcode ≠ | street not ≠, M) of the
    chain rule.

    >>> street = Comparison(name="street", key="street", levels=(Level(kind="exact"),))
    >>> postcode = Comparison(name="postcode", key="postcode", levels=(Level(kind="exact"),),
    ...                       else_implied_by="street")
    >>> moved = MatchKeys(id="b", street="1 high st", postcode="M1 1AE")
    >>> comparison_vector((street, postcode), MatchKeys(id="a", street="9 low rd",
    ...                   postcode="N1 9GU"), moved)
    (2, 0)
    """
    vector = [c.level(a, b) for c in comparisons]
    for k, j, last_k, last_j in _implied_else(tuple(comparisons)):
        if vector[k] == last_k and vector[j] == last_j:
            vector[k] = 0
    return tuple(vector)


@functools.cache
def _implied_else(comparisons: tuple[Comparison, ...]) -> tuple[tuple[int, int, int, int], ...]:
    """(k, j, else level of k, else level of j) for each comparison k implied by j."""
    position = {c.name: j for j, c in enumerate(comparisons)}
    return tuple(
        (k, j, c.level_count - 1, comparisons[j].level_count - 1)
        for k, c in enumerate(comparisons)
        if c.else_implied_by is not None
        and (j := position.get(c.else_implied_by)) is not None
        and j != k
    )


@attrs.frozen
class PairVectors:
    """The comparison vectors of the candidate pairs, interned.

    ``patterns`` holds each distinct vector once; ``index[p]`` is the pattern of candidate
    pair ``p``. A run has thousands of pairs per distinct vector, so EM and scoring work per
    pattern, and memory is two bytes per pair.
    """

    patterns: tuple[tuple[int, ...], ...]
    index: array[int] = attrs.field(eq=False)

    def counts(self, positions: Iterable[int] | None = None) -> Counter[tuple[int, ...]]:
        """How many pairs (all, or those at ``positions``) have each vector."""
        chosen = self.index if positions is None else map(self.index.__getitem__, positions)
        by_pattern = Counter(chosen)
        return Counter({self.patterns[k]: c for k, c in by_pattern.items()})


#: Candidate pairs compared per batch: bounds the level lists held at once (≈ 8 bytes per pair
#: and comparison) while keeping the per-batch overhead negligible.
_VECTOR_CHUNK = 65_536


def vectorise(
    keys: Sequence[MatchKeys],
    comparisons: Sequence[Comparison],
    candidates: Sequence[tuple[int, int]],
) -> PairVectors:
    """Compare every candidate pair once and intern the vectors.

    >>> from crmkit.identity._compare import Level
    >>> email = Comparison(name="email", key="email", levels=(Level(kind="exact"),))
    >>> keys = [MatchKeys(id="a", email="x@y.org"), MatchKeys(id="b", email="x@y.org")]
    >>> vectorise(keys, (email,), [(0, 1)]).patterns
    ((1,),)
    """
    interned: dict[tuple[int, ...], int] = {}
    index = array("I")
    columns = [[getattr(k, c.key) for k in keys] for c in comparisons]
    for start in range(0, len(candidates), _VECTOR_CHUNK):
        chunk = candidates[start : start + _VECTOR_CHUNK]
        levels = [
            c.levels_of(keys, chunk, column=column)
            for c, column in zip(comparisons, columns, strict=True)
        ]
        for k, j, last_k, last_j in _implied_else(tuple(comparisons)):
            levels[k] = [
                0 if x == last_k and y == last_j else x
                for x, y in zip(levels[k], levels[j], strict=True)
            ]
        for vector in zip(*levels, strict=True):
            code = interned.get(vector)
            if code is None:
                code = interned[vector] = len(interned)
            index.append(code)
    return PairVectors(patterns=tuple(interned), index=index)
