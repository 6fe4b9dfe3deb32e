"""Clusters from scored pairs, resisting chains.

Connected components of the match graph (the transitive closure of Hernández & Stolfo 1995)
chain: A~B and B~C put A and C together even when A and C plainly differ (two namesakes
joined through an ambiguous third record). crmkit first takes components, then checks each
component of three or more records: every member pair is scored directly, and the component
is rebuilt by average-linkage agglomeration (merge the two groups with the highest mean pair
probability while that mean stays at or above ``hold_threshold``, by default one half: groups
are kept apart only when they are more likely different than the same). A component that
does not hold together is split, and the split is recorded with its reason.

Here ``b`` links to both ``a`` and ``c``, but scored directly ``a`` and ``c`` differ, and
``c`` is only weakly like ``b`` once ``a`` and ``b`` are together (mean (0.01 + 0.6) / 2):

>>> scores = {(0, 1): 0.99, (1, 2): 0.6}
>>> clusters, splits = cluster_pairs(
...     ("a", "b", "c"), [(0, 1, 0.99), (1, 2, 0.96)], threshold=0.9,
...     pair_probability=lambda i, j: scores.get((i, j), 0.01))
>>> clusters
(('a', 'b'), ('c',))
>>> splits[0].reason
"records 'a' and 'c' do not hold together (mean probability below 0.5)"

A pair may have no opinion (``None``): a pair held back only because nothing in it
identifies a person says nothing about whether its records differ. It is left out of the
means, and the other members decide; here ``a`` and ``c`` stay together through ``b``:

>>> cluster_pairs(("a", "b", "c"), [(0, 1, 0.99), (1, 2, 0.96)], threshold=0.9,
...               pair_probability=lambda i, j: None if (i, j) == (0, 2) else 0.97)[0]
(('a', 'b', 'c'),)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

__all__ = [
    "DEFAULT_HOLD_THRESHOLD",
    "MAX_CHECKED_COMPONENT",
    "ClusterSplit",
    "cluster_pairs",
]

#: Groups of a component are kept apart when their mean pair probability is below one half:
#: the members are then more likely different people than the same one.
DEFAULT_HOLD_THRESHOLD = 0.5
#: Components larger than this are kept as connected components without the pairwise check
#: (the check costs size² scorings and size³ merges); :func:`cluster_pairs` documents it and
#: callers can find them by size. On generated data no component came near it.
MAX_CHECKED_COMPONENT = 200


@attrs.frozen
class ClusterSplit:
    """A connected component that was split because its members did not hold together."""

    component: tuple[str, ...]
    clusters: tuple[tuple[str, ...], ...]
    reason: str


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            if root_a < root_b:
                self.parent[root_b] = root_a
            else:
                self.parent[root_a] = root_b


def _agglomerate(
    members: list[int], threshold: float, score: Callable[[int, int], float | None]
) -> list[list[int]]:
    """Average-linkage agglomeration of ``members`` (positions), stopping below ``threshold``.

    A pair scored ``None`` has no opinion: it is left out of its groups' mean, and two
    groups with no opinion between them at all are not merged.
    """
    size = len(members)
    scores: list[list[float | None]] = [[0.0] * size for _ in range(size)]
    for p in range(size):
        for q in range(p + 1, size):
            scores[p][q] = scores[q][p] = score(members[p], members[q])
    groups = [[p] for p in range(size)]
    while len(groups) > 1:
        best, best_pair = -1.0, (0, 0)
        for p in range(len(groups)):
            for q in range(p + 1, len(groups)):
                known = [
                    value
                    for a in groups[p]
                    for b in groups[q]
                    if (value := scores[a][b]) is not None
                ]
                mean = sum(known) / len(known) if known else -1.0
                if mean > best:
                    best, best_pair = mean, (p, q)
        if best < threshold:
            break
        p, q = best_pair
        groups[p] = sorted(groups[p] + groups[q])
        del groups[q]
    return [[members[p] for p in group] for group in groups]


def _or_one(value: float | None) -> float:
    """A score for ranking the worst pair of a split: no opinion ranks last."""
    return 1.0 if value is None else value


def cluster_pairs(
    ids: Sequence[str],
    pairs: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    hold_threshold: float = DEFAULT_HOLD_THRESHOLD,
    pair_probability: Callable[[int, int], float | None],
) -> tuple[tuple[tuple[str, ...], ...], tuple[ClusterSplit, ...]]:
    """Partition ``ids`` into clusters from scored pairs ``(i, j, probability)``.

    Args:
        ids: Every record id; singletons are clusters too.
        pairs: Scored pairs by position in ``ids``.
        threshold: Pairs at or above this probability link records.
        hold_threshold: Within a component, groups whose mean pair probability falls below
            this are split apart.
        pair_probability: Scores any two positions (used to check components of 3 to
            :data:`MAX_CHECKED_COMPONENT` records; larger ones are kept unchecked); ``None``
            when the pair has no opinion (it is then left out of the means).

    Returns:
        The clusters (members sorted, clusters ordered by their first member) and the splits.

    >>> cluster_pairs(("a", "b", "c"), [(0, 1, 0.97)], threshold=0.9,
    ...               pair_probability=lambda i, j: 0.0)
    ((('a', 'b'), ('c',)), ())
    """
    finder = _UnionFind(len(ids))
    for i, j, p in pairs:
        if p >= threshold:
            finder.union(i, j)
    components: dict[int, list[int]] = defaultdict(list)
    for index in range(len(ids)):
        components[finder.find(index)].append(index)
    clusters: list[tuple[str, ...]] = []
    splits: list[ClusterSplit] = []
    for members in components.values():
        if len(members) < 3 or len(members) > MAX_CHECKED_COMPONENT:  # noqa: PLR2004
            clusters.append(tuple(sorted(ids[m] for m in members)))
            continue
        groups = _agglomerate(members, hold_threshold, pair_probability)
        parts = [tuple(sorted(ids[m] for m in g)) for g in groups]
        clusters.extend(parts)
        if len(groups) > 1:
            group_of = {m: n for n, group in enumerate(groups) for m in group}
            worst = min(
                ((a, b) for a in members for b in members if a < b and group_of[a] != group_of[b]),
                key=lambda pair: _or_one(pair_probability(*pair)),
            )
            splits.append(
                ClusterSplit(
                    component=tuple(sorted(ids[m] for m in members)),
                    clusters=tuple(sorted(parts)),
                    reason=(
                        f"records {ids[worst[0]]!r} and {ids[worst[1]]!r} do not hold together "
                        f"(mean probability below {hold_threshold})"
                    ),
                )
            )
    clusters.sort()
    return tuple(clusters), tuple(splits)
