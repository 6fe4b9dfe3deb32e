"""Evaluate a match result against ground truth: pairs, clusters, errors and blocking.

:func:`evaluate` bundles the measures of ``crmkit.identity._metrics`` (pair precision and
recall, B-cubed, blocking) for a match result (anything with ``clusters``), adds the
adjusted Rand index (Hubert & Arabie 1985) and counts wrong merges and wrong splits. It all
comes from one contingency table of predicted clusters × true entities
(``crmkit.identity._contingency``), in time linear in the number of records; the
conventions (unordered pairs, 1.0 for 0/0) are those of ``_metrics``.

Composes ``_metrics`` and ``_contingency``; otherwise standard library, ``attrs`` and
``crmkit._errors`` only.

>>> from types import SimpleNamespace
>>> evaluate(SimpleNamespace(clusters=(("a", "b"), ("c",))), {"a": 1, "b": 1, "c": 2}).pairs.f1
1.0
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping
from itertools import chain
from operator import eq, itemgetter
from typing import Protocol

import attrs

from crmkit._errors import InvalidArgument
from crmkit.identity._contingency import (
    Clusters,
    Pair,
    _from_clusters,
    _from_mapping,
    _pairs_within,
    _Partition,
    _shown,
    _Table,
)
from crmkit.identity._metrics import (
    BCubedMetrics,
    BlockingMetrics,
    PairMetrics,
    _canonical_pairs,
    _table_bcubed,
    _table_pair_metrics,
)

__all__ = ["Clustering", "MatchMetrics", "evaluate"]


class Clustering(Protocol):
    """Anything with ``clusters``, a partition of record ids; ``MatchResult`` is one.

    >>> from types import SimpleNamespace
    >>> SimpleNamespace(clusters=(("a", "b"), ("c",))).clusters
    (('a', 'b'), ('c',))
    """

    @property
    def clusters(self) -> tuple[tuple[str, ...], ...]:
        """Every record id exactly once; singletons included."""
        ...


@attrs.frozen
class MatchMetrics:
    """What :func:`evaluate` measures: pairs, clusters, errors and, if asked, blocking.

    ``pairs`` counts the pairs the clusters imply (after transitive closure and any split),
    which is what a merge acts on. ``wrong_merges`` counts predicted clusters that join two
    or more entities and ``wrong_splits`` entities spread over two or more clusters.
    ``records_wrongly_merged`` = N − Σ_i max_j n_ij counts records outside their cluster's
    largest entity, N·(1 − purity); ``records_wrongly_split`` = N − Σ_j max_i n_ij those
    outside their entity's largest cluster, N·(1 − inverse purity) (both in Amigó et al.
    2009).
    """

    records: int
    predicted_clusters: int
    true_clusters: int
    pairs: PairMetrics
    bcubed: BCubedMetrics
    wrong_merges: int
    wrong_splits: int
    records_wrongly_merged: int
    records_wrongly_split: int
    blocking: BlockingMetrics | None = None

    @property
    def adjusted_rand_index(self) -> float:
        """Pair agreement corrected for chance: 1.0 for identical partitions, about 0 at random.

        Hubert & Arabie 1985, "Comparing partitions": with Σ C(n_ij, 2) = TP, Σ C(a_i, 2) =
        A = TP + FP, Σ C(b_j, 2) = B = TP + FN and M = C(N, 2) pairs,
        ARI = (TP − A·B/M) / ((A + B)/2 − A·B/M), computed in integers until the division.
        The denominator is 0 only when both partitions are all singletons or both one
        cluster, so identical: 1.0, as scikit-learn.
        """
        space = self.records * (self.records - 1) // 2
        a, b = self.pairs.predicted_pairs, self.pairs.true_pairs
        denominator = space * (a + b) - 2 * a * b
        if not denominator:
            return 1.0
        return (2 * space * self.pairs.true_positives - 2 * a * b) / denominator

    def _rows(self) -> list[tuple[str, str]]:
        rows = [
            ("pairs", str(self.pairs)),
            ("B-cubed", str(self.bcubed)),
            ("ARI", f"{self.adjusted_rand_index:.4f}"),
            ("merges", f"{self.wrong_merges:,} wrong ({self.records_wrongly_merged:,} records)"),
            ("splits", f"{self.wrong_splits:,} wrong ({self.records_wrongly_split:,} records)"),
        ]
        if self.blocking is not None:
            rows.append(("blocking", str(self.blocking)))
        return rows

    def _title(self) -> str:
        return (
            f"{self.records:,} records: {self.predicted_clusters:,} predicted clusters, "
            f"{self.true_clusters:,} true entities"
        )

    def __str__(self) -> str:
        """A plain-text summary, one line per measure.

        >>> from types import SimpleNamespace
        >>> print(evaluate(SimpleNamespace(clusters=(("a", "b"), ("c",))), (("a", "b", "c"),)))
        3 records: 2 predicted clusters, 1 true entities
          pairs     precision 1.0000  recall 0.3333  F1 0.5000  (TP 1, FP 0, FN 2)
          B-cubed   precision 1.0000  recall 0.5556  F1 0.7143  (3 records)
          ARI       0.0000
          merges    0 wrong (0 records)
          splits    1 wrong (1 records)
        """
        return "\n".join([self._title(), *(f"  {name:<9} {text}" for name, text in self._rows())])

    def _repr_html_(self) -> str:
        """The summary as an HTML table, for Jupyter."""
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>{html.escape(text)}</td></tr>"
            for name, text in self._rows()
        )
        return f"<p><b>{html.escape(self._title())}</b></p><table>{rows}</table>"


def evaluate(
    result: Clustering,
    truth: Mapping[str, Hashable] | Clusters,
    *,
    candidate_pairs: Iterable[Pair] | None = None,
    left_ids: Collection[str] | None = None,
) -> MatchMetrics:
    """Measure a result's clusters, and optionally its blocking, against the truth.

    ``truth`` has one of two forms: a mapping from every record id to its entity id (any
    hashable; a missing value is an error), or the true clusters (collections of ids,
    singletons included). Either way it covers exactly the ids of ``result.clusters``.

    Pair metrics come from the clusters, not from ``result.pairs``: clusters are what a merge
    acts on, with the transitive closure and any split of a chain applied. To measure scored
    pairs before clustering, give them to :func:`pair_metrics`. Everything is counted from
    the contingency table, linear in the number of records and candidate pairs.

    Args:
        result: Anything with ``clusters`` (a ``MatchResult``), see :class:`Clustering`.
        truth: The true entities, as a mapping or as clusters.
        candidate_pairs: The pairs blocking proposed; adds :class:`BlockingMetrics`.
        left_ids: For a linking result, the ids of the left source: the comparison space is
            then |left|·|right|, and only pairs across the sources count. Needs
            ``candidate_pairs``.

    Returns:
        The metrics; ``print`` them, or show them in Jupyter.

    Raises:
        InvalidArgument: The clusters and truth are not partitions of the same ids, a
            candidate pair is malformed or names an unknown id, or (linking) lies within
            one source.

    >>> from types import SimpleNamespace
    >>> result = SimpleNamespace(clusters=(("a", "b", "c"), ("d",), ("e", "f")))
    >>> truth = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 3}
    >>> metrics = evaluate(result, truth, candidate_pairs=[("a", "b"), ("e", "f")])
    >>> (metrics.pairs.precision, metrics.pairs.recall, metrics.wrong_merges)
    (0.75, 0.5, 1)
    >>> metrics.blocking.pairs_completeness
    0.16666666666666666
    """
    clusters = getattr(result, "clusters", None)
    if clusters is None:
        msg = f"'result' must have 'clusters' (got {result!r:.80})"
        raise InvalidArgument(msg, field="result", value=result)
    if left_ids is not None and candidate_pairs is None:
        msg = f"'left_ids' describes blocking and needs 'candidate_pairs' (got {left_ids!r:.80})"
        raise InvalidArgument(msg, field="left_ids", value=left_ids)
    predicted = _from_clusters(clusters, "result.clusters")
    true = _from_mapping(truth) if isinstance(truth, Mapping) else _from_clusters(truth, "truth")
    table = _Table.build(predicted, true, "truth")
    blocking = None
    if candidate_pairs is not None:
        blocking = _blocking(candidate_pairs, true, left_ids)
    merges, splits, merged, split = table.errors()
    return MatchMetrics(
        records=table.records,
        predicted_clusters=len(table.predicted_sizes),
        true_clusters=len(table.true_sizes),
        pairs=_table_pair_metrics(table),
        bcubed=_table_bcubed(table),
        wrong_merges=merges,
        wrong_splits=splits,
        records_wrongly_merged=merged,
        records_wrongly_split=split,
        blocking=blocking,
    )


def _blocking(
    candidate_pairs: Iterable[Pair], truth: _Partition, left_ids: Collection[str] | None
) -> BlockingMetrics:
    """Blocking metrics from the true partition: s_M counted per candidate, n_M from sizes."""
    entity = truth.labels
    candidates = _canonical_pairs(candidate_pairs, "candidate_pairs")
    unknown = set(chain.from_iterable(candidates)).difference(entity.keys())
    if unknown:
        msg = f"'candidate_pairs' names ids not in the clusters: {_shown(unknown)}"
        raise InvalidArgument(msg, field="candidate_pairs", value=sorted(unknown, key=repr))
    if left_ids is None:
        space = len(entity) * (len(entity) - 1) // 2
        true_pairs = _pairs_within(truth.sizes)
    else:
        left = frozenset(left_ids)
        if not left <= entity.keys():
            msg = f"'left_ids' names ids not in the clusters: {_shown(left - entity.keys())}"
            raise InvalidArgument(msg, field="left_ids", value=sorted(left - entity.keys()))
        within = [pair for pair in candidates if (pair[0] in left) == (pair[1] in left)]
        if within:
            msg = f"'candidate_pairs' must pair ids across the sources (got {_shown(within)})"
            raise InvalidArgument(msg, field="candidate_pairs", value=sorted(within))
        # n_M for linking: an entity with L records on the left and b in all has L·(b − L)
        # true pairs across the sources.
        on_left = Counter(truth.codes_of(left))
        space = len(left) * (len(entity) - len(left))
        true_pairs = sum(n * (truth.sizes[code] - n) for code, n in on_left.items())
    return BlockingMetrics(
        candidate_pairs=len(candidates),
        true_pairs=true_pairs,
        true_pairs_found=sum(
            map(
                eq,
                map(entity.__getitem__, map(itemgetter(0), candidates)),
                map(entity.__getitem__, map(itemgetter(1), candidates)),
            )
        ),
        comparison_space=space,
    )
