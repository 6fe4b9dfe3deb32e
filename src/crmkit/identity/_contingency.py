"""The contingency table behind the clustering metrics: partitions of ids, crossed.

A clustering and the truth are each a *partition* of record ids (every id in exactly one
group). Crossing them gives the contingency table n_ij (records in predicted cluster i and
true entity j) with row sizes a_i and column sizes b_j, from which pair counts, B-cubed and
merge/split errors all follow without listing a single pair (``crmkit.identity._metrics``,
``crmkit.identity._evaluate``). Every per-record step runs as a C-level ``map`` or
``Counter`` pass; the slow loops only find the offender for an error message.

Internal: no public names. Vendorable leaf: standard library, ``attrs`` and
``crmkit._errors`` only.

>>> table = _Table.build(
...     _from_clusters([("a", "b"), ("c",)], "predicted"), _from_mapping({"a": 1, "b": 2, "c": 2}),
...     "truth")
>>> (table.records, sorted(table.counts), _pairs_within(table.true_sizes))
(3, [1, 1, 1], 1)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from itertools import compress, repeat
from operator import add, floordiv, mod, mul
from typing import NoReturn, cast

import attrs

from crmkit._errors import InvalidArgument

__all__: list[str] = []

#: How many offending ids an error message lists.
_SHOWN_IDS = 5

Pair = tuple[str, str]
Clusters = Iterable[Collection[str]]


def _shown(items: Iterable[object]) -> str:
    """The first few items, sorted, for an error message."""
    listed = sorted(items, key=repr)
    more = f" and {len(listed) - _SHOWN_IDS:,} more" if len(listed) > _SHOWN_IDS else ""
    return f"{listed[:_SHOWN_IDS]!r}{more}"


@attrs.frozen
class _Partition:
    """Record ids grouped: ``labels[id]`` names its group, ``sizes[code]`` counts a group.

    Groups are coded 0, 1, ...; for clusters the label is the code (``codes`` is None), for
    an id -> entity mapping ``codes`` numbers the entities, so no per-record copy is made.
    """

    labels: Mapping[str, Hashable]
    codes: Mapping[Hashable, int] | None
    sizes: list[int]

    def codes_of(self, ids: Iterable[str]) -> list[int]:
        """The group code of each id (``KeyError`` for an unknown id)."""
        labels = map(self.labels.__getitem__, ids)
        if self.codes is None:
            return cast("list[int]", list(labels))
        return list(map(self.codes.__getitem__, labels))

    def own_codes(self) -> list[int]:
        """The group code of each id, in the order of ``labels``."""
        if self.codes is None:
            return cast("list[int]", list(self.labels.values()))
        return self.codes_of(self.labels)


def _from_clusters(clusters: Clusters, name: str) -> _Partition:
    """Check that the clusters partition their ids, and code each id by its cluster."""
    given: object = clusters
    if isinstance(given, (str, Mapping)):
        msg = f"{name!r} must be an iterable of clusters of ids (got {given!r:.80})"
        raise InvalidArgument(msg, field=name, value=given)
    groups = tuple(clusters)
    try:
        sizes = list(map(len, groups))
    except TypeError:
        _reject_clusters(groups, name)
    labels = {record: index for index, group in enumerate(groups) for record in group}
    if len(labels) != sum(sizes) or not all(sizes) or any(map(isinstance, groups, repeat(str))):
        _reject_clusters(groups, name)
    return _Partition(labels, None, sizes)


def _reject_clusters(groups: tuple[Collection[str], ...], name: str) -> NoReturn:
    """Raise for the first cluster that breaks the partition (the slow path)."""
    seen: set[str] = set()
    for group in groups:
        members: object = group
        if isinstance(members, str) or not isinstance(members, Collection) or not members:
            msg = (
                f"each cluster in {name!r} must be a non-empty collection of ids (got {members!r})"
            )
            raise InvalidArgument(msg, field=name, value=members)
        counts = Counter(group)
        repeated = {record for record, n in counts.items() if n > 1 or record in seen}
        if repeated:
            msg = f"{name!r} must hold each id once (repeated: {_shown(repeated)})"
            raise InvalidArgument(msg, field=name, value=sorted(repeated, key=repr))
        seen.update(counts)
    msg = f"{name!r} must be a partition of its ids"  # not reached: the caller found a fault
    raise InvalidArgument(msg, field=name)


def _from_mapping(truth: Mapping[str, Hashable]) -> _Partition:
    """Check an id -> entity mapping (hashable entity ids, none missing) and code it."""
    try:
        counts = Counter(truth.values())
    except TypeError as error:
        msg = f"'truth' must map ids to hashable entity ids ({error})"
        raise InvalidArgument(msg, field="truth") from error
    for entity in counts:
        if (
            entity is None
            or (isinstance(entity, float) and math.isnan(entity))
            or (isinstance(entity, str) and not entity.strip())
        ):
            missing = [record for record, value in truth.items() if value is entity]
            msg = f"'truth' gives no entity for ids {_shown(missing)} (got {entity!r})"
            raise InvalidArgument(msg, field="truth", value=entity)
    codes = {entity: code for code, entity in enumerate(counts)}
    return _Partition(truth, codes, list(counts.values()))


def _reject_ids(predicted: Iterable[str], truth: Iterable[str], name: str) -> NoReturn:
    only_predicted = set(predicted).difference(truth)
    only_truth = set(truth).difference(predicted)
    msg = (
        "the predicted and true clusters must cover the same ids: "
        f"{len(only_predicted):,} only predicted {_shown(only_predicted)}, "
        f"{len(only_truth):,} only true {_shown(only_truth)}"
    )
    raise InvalidArgument(msg, field=name, value=sorted(only_predicted ^ only_truth))


@attrs.frozen
class _Table:
    """The contingency table n_ij of predicted cluster i × true entity j, by its cells.

    A cell (i, j) is keyed ``i * width + j`` so that every per-record step runs in C
    (``map``, ``Counter``); later sums run over the cells, at most one per record.
    """

    records: int
    predicted_sizes: list[int]  # a_i
    true_sizes: list[int]  # b_j
    counts: list[int]  # n_ij, per cell
    cluster_of_cell: list[int]  # i, per cell
    entity_of_cell: list[int]  # j, per cell

    @classmethod
    def build(cls, predicted: _Partition, truth: _Partition, name: str) -> _Table:
        """Cross the partitions; ``name`` is the truth's argument, blamed for differing ids."""
        ids = predicted.labels
        if len(ids) != len(truth.labels):
            _reject_ids(ids, truth.labels, name)
        try:
            true_codes = truth.codes_of(ids)
        except KeyError:
            _reject_ids(ids, truth.labels, name)
        width = max(len(truth.sizes), 1)
        predicted_codes = predicted.own_codes()
        cells = Counter(map(add, map(mul, predicted_codes, repeat(width)), true_codes))
        return cls(
            len(ids),
            predicted.sizes,
            truth.sizes,
            list(cells.values()),
            list(map(floordiv, cells, repeat(width))),
            list(map(mod, cells, repeat(width))),
        )

    def errors(self) -> tuple[int, int, int, int]:
        """Wrong merges, wrong splits, records wrongly merged, records wrongly split."""
        merges, merged = self._impure(self.cluster_of_cell, self.predicted_sizes)
        splits, split = self._impure(self.entity_of_cell, self.true_sizes)
        return merges, splits, merged, split

    def _impure(self, owner_of_cell: list[int], sizes: list[int]) -> tuple[int, int]:
        """Groups spread over 2+ cells, and the records outside each one's largest cell."""
        parts = Counter(owner_of_cell)
        impure = {owner for owner, count in parts.items() if count > 1}
        largest: defaultdict[int, int] = defaultdict(int)
        for owner, n in compress(
            zip(owner_of_cell, self.counts, strict=True), map(impure.__contains__, owner_of_cell)
        ):
            largest[owner] = max(largest[owner], n)
        return len(impure), sum(sizes[owner] - n for owner, n in largest.items())


def _pairs_within(sizes: Iterable[int]) -> int:
    """Σ C(k, 2) over group sizes k, from their histogram."""
    return sum(k * (k - 1) // 2 * times for k, times in Counter(sizes).items())
