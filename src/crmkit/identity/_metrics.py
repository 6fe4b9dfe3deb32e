"""Match-quality metrics and their building blocks: pairs, blocking and clusters.

* **Pairs** (:func:`pair_metrics`, :func:`cluster_pair_metrics`): of the pairs put together,
  how many are true (precision); of the true pairs, how many were found (recall).
* **Blocking** (:func:`blocking_metrics`): did the candidate pairs keep the true matches
  (pairs completeness), at what saving (reduction ratio), with how much waste (pairs
  quality)? Christen 2012, *Data Matching*, ch. 7.
* **Clusters** (:func:`bcubed`): per record, how much of its predicted cluster is its entity
  and how much of its entity it found (Bagga & Baldwin 1998). A wrong cluster of k records
  weighs k, not k(k−1)/2 as in pair counts, and B-cubed meets the four formal constraints of
  Amigó et al. 2009 (homogeneity, completeness, rag bag, size versus quantity).

``crmkit.identity._evaluate.evaluate`` bundles them for a match result.

Conventions: pairs are unordered (``("a", "b") == ("b", "a")``) and repeats count once; an
id paired with itself is an error; a ratio with a zero denominator takes its vacuously true
value: precision 1.0 when nothing was predicted (no false claim was made), recall and pairs
completeness 1.0 when nothing truly matches, pairs quality 1.0 when nothing was compared.
(scikit-learn makes this a ``zero_division`` choice; the counts are fields here, so any other
convention is one division away.)

Cluster pair counts never enumerate pairs. With the contingency table n_ij (records in
predicted cluster i and true entity j) and sizes a_i, b_j: TP = Σ C(n_ij, 2), TP + FP =
Σ C(a_i, 2), TP + FN = Σ C(b_j, 2), so a wrong 10,000-record cluster costs one product
(``crmkit.identity._contingency`` builds the table).

Vendorable leaf: standard library, ``attrs``, ``crmkit._errors`` and ``_contingency``.

>>> cluster_pair_metrics([("a", "b"), ("c",)], [("a", "b"), ("c",)]).f1
1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations, repeat
from operator import eq, itemgetter, mul, truediv
from typing import TypeGuard, cast

import attrs

from crmkit._errors import InvalidArgument
from crmkit.identity._contingency import (
    Clusters,
    Pair,
    _from_clusters,
    _pairs_within,
    _Table,
)

__all__ = [
    "BCubedMetrics",
    "BlockingMetrics",
    "PairMetrics",
    "bcubed",
    "blocking_metrics",
    "cluster_pair_metrics",
    "pair_metrics",
    "pairs_from_clusters",
]


def _ratio(numerator: int, denominator: int) -> float:
    """``numerator / denominator``, and 1.0 for 0/0 (vacuous truth, see the module doc)."""
    return numerator / denominator if denominator else 1.0


@attrs.frozen
class PairMetrics:
    """Confusion counts over unordered record pairs, and their ratios as properties.

    True negatives are left out: they are nearly all n(n−1)/2 pairs, so accuracy and
    specificity are near 1 for any matcher (Christen 2012, ch. 7).

    >>> PairMetrics(true_positives=3, false_positives=1, false_negatives=3).f1
    0.6
    """

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def predicted_pairs(self) -> int:
        """TP + FP: the pairs put together."""
        return self.true_positives + self.false_positives

    @property
    def true_pairs(self) -> int:
        """TP + FN: the pairs that truly match."""
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was predicted."""
        return _ratio(self.true_positives, self.predicted_pairs)

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing truly matches."""
        return _ratio(self.true_positives, self.true_pairs)

    @property
    def f1(self) -> float:
        """2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; 1.0 for 0/0."""
        return _ratio(2 * self.true_positives, self.predicted_pairs + self.true_pairs)

    def __str__(self) -> str:
        """One line: the ratios, then the counts."""
        return (
            f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"(TP {self.true_positives:,}, FP {self.false_positives:,}, "
            f"FN {self.false_negatives:,})"
        )


@attrs.frozen
class BlockingMetrics:
    """How well the candidate pairs of blocking kept the true matches, at what saving.

    Christen 2012, *Data Matching*, ch. 7. With s_M true matches and s_N non-matches among
    the candidate pairs, and n_M, n_N the same counts over the comparison space:

    * pairs completeness PC = s_M / n_M = ``true_pairs_found / true_pairs``;
    * reduction ratio RR = 1 − (s_M + s_N) / (n_M + n_N)
      = 1 − ``candidate_pairs / comparison_space``;
    * pairs quality PQ = s_M / (s_M + s_N) = ``true_pairs_found / candidate_pairs``.

    The comparison space holds n(n−1)/2 pairs for de-duplicating n records and |A|·|B| for
    linking sources A and B.

    >>> metrics = BlockingMetrics(candidate_pairs=5, true_pairs=6, true_pairs_found=3,
    ...                           comparison_space=15)
    >>> (metrics.pairs_completeness, round(metrics.reduction_ratio, 4), metrics.pairs_quality)
    (0.5, 0.6667, 0.6)
    """

    candidate_pairs: int
    true_pairs: int
    true_pairs_found: int
    comparison_space: int

    @property
    def pairs_completeness(self) -> float:
        """PC = s_M / n_M; 1.0 when nothing truly matches."""
        return _ratio(self.true_pairs_found, self.true_pairs)

    @property
    def reduction_ratio(self) -> float:
        """RR = 1 − (s_M + s_N) / (n_M + n_N); 0.0 for an empty space (nothing was saved)."""
        if not self.comparison_space:
            return 0.0
        return 1.0 - self.candidate_pairs / self.comparison_space

    @property
    def pairs_quality(self) -> float:
        """PQ = s_M / (s_M + s_N); 1.0 when no pair was compared."""
        return _ratio(self.true_pairs_found, self.candidate_pairs)

    def __str__(self) -> str:
        """One line: the ratios, then the candidate count."""
        return (
            f"pairs completeness {self.pairs_completeness:.4f}  "
            f"reduction ratio {self.reduction_ratio:.4f}  pairs quality {self.pairs_quality:.4f}"
            f"  ({self.candidate_pairs:,} of {self.comparison_space:,} pairs)"
        )


@attrs.frozen
class BCubedMetrics:
    """B-cubed precision and recall: the per-record overlap of predicted cluster and entity.

    Bagga & Baldwin 1998, "Algorithms for scoring coreference chains"; in the notation of
    Amigó et al. 2009, for each record e with predicted cluster C(e) and true entity L(e),
    Precision(e) = |C(e) ∩ L(e)| / |C(e)| and Recall(e) = |C(e) ∩ L(e)| / |L(e)|, each
    averaged over the N records; F1 is their harmonic mean (Amigó's F with α = 0.5). From
    the contingency table: precision = (1/N) Σ_ij n_ij² / a_i, recall = (1/N) Σ_ij n_ij² / b_j.
    Both are 1.0 for no records.

    >>> BCubedMetrics(precision=0.75, recall=0.5, records=4).f1
    0.6
    """

    precision: float
    recall: float
    records: int

    @property
    def f1(self) -> float:
        """2·P·R / (P + R)."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        """One line: the ratios, then the record count."""
        return (
            f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
            f"({self.records:,} records)"
        )


def _canonical_pairs(pairs: Iterable[Pair], name: str) -> set[Pair]:
    """Unordered pairs as ``(smaller, larger)``; rejects self-pairs and non-pairs.

    The checks and the ordering run as C-level ``map`` passes; the slow loop only finds
    the offending pair for the message.
    """
    given = list(pairs)
    if all(map(isinstance, given, repeat(tuple))) and all(map(eq, map(len, given), repeat(2))):
        lefts, rights = list(map(itemgetter(0), given)), list(map(itemgetter(1), given))
    else:
        lefts = rights = []  # some item is not a pair: the loop below reports it
    if len(lefts) == len(given) and not any(map(eq, lefts, rights)):
        pairs_ordered = zip(map(min, lefts, rights), map(max, lefts, rights), strict=True)
        return set(cast("Iterable[Pair]", pairs_ordered))
    for item in given:
        pair: object = item
        if not isinstance(pair, tuple) or len(pair) != 2:  # noqa: PLR2004
            msg = f"{name!r} must hold (id, id) tuples (got {pair!r})"
            raise InvalidArgument(msg, field=name, value=pair)
        if item[0] == item[1]:
            msg = f"{name!r} must not pair an id with itself (got {pair!r})"
            raise InvalidArgument(msg, field=name, value=pair)
    msg = f"{name!r} must hold (id, id) tuples"  # not reached: the fast checks found a fault
    raise InvalidArgument(msg, field=name)


def _table_pair_metrics(table: _Table) -> PairMetrics:
    """The pair counts of a contingency table: TP = Σ C(n_ij, 2), TP + FP = Σ C(a_i, 2), ..."""
    tp = _pairs_within(table.counts)
    predicted = _pairs_within(table.predicted_sizes)
    true = _pairs_within(table.true_sizes)
    return PairMetrics(true_positives=tp, false_positives=predicted - tp, false_negatives=true - tp)


def _table_bcubed(table: _Table) -> BCubedMetrics:
    """B-cubed of a contingency table: (1/N) Σ n_ij² / a_i and (1/N) Σ n_ij² / b_j."""
    if not table.records:
        return BCubedMetrics(precision=1.0, recall=1.0, records=0)
    squares = list(map(mul, table.counts, table.counts))
    by_cluster = map(table.predicted_sizes.__getitem__, table.cluster_of_cell)
    by_entity = map(table.true_sizes.__getitem__, table.entity_of_cell)
    return BCubedMetrics(
        precision=min(1.0, math.fsum(map(truediv, squares, by_cluster)) / table.records),
        recall=min(1.0, math.fsum(map(truediv, squares, by_entity)) / table.records),
        records=table.records,
    )


def pairs_from_clusters(clusters: Clusters) -> frozenset[Pair]:
    """Every pair of ids that share a cluster, each ordered ``(smaller, larger)``.

    A cluster of k ids gives k(k−1)/2 pairs: fine for true entities and spot checks; the
    metrics count instead (:func:`cluster_pair_metrics`).

    Args:
        clusters: A partition of ids (each id once; a singleton gives no pair).

    Returns:
        The within-cluster pairs.

    Raises:
        InvalidArgument: An id appears twice, or a cluster is empty or a string.

    >>> sorted(pairs_from_clusters([("b", "a", "c"), ("d",)]))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    groups = tuple(clusters)
    _from_clusters(groups, "clusters")
    return frozenset(pair for group in groups for pair in combinations(sorted(group), 2))


def pair_metrics(predicted: Iterable[Pair], truth_pairs: Iterable[Pair]) -> PairMetrics:
    """Precision, recall and F1 of predicted pairs against the true pairs.

    TP = |P ∩ T|, FP = |P − T|, FN = |T − P|, by set arithmetic. Use it on scored pairs
    before clustering (say a result's pairs in the match band); :func:`cluster_pair_metrics`
    measures clusters.

    Args:
        predicted: The pairs put together, as ``(id, id)`` tuples.
        truth_pairs: The pairs that truly match.

    Returns:
        The counts; ``precision``, ``recall`` and ``f1`` are properties.

    Raises:
        InvalidArgument: A pair is not a 2-tuple, or pairs an id with itself.

    >>> metrics = pair_metrics([("a", "b"), ("c", "d")], [("b", "a"), ("a", "c")])
    >>> (metrics.true_positives, metrics.precision, metrics.recall)
    (1, 0.5, 0.5)
    """
    predicted_set = _canonical_pairs(predicted, "predicted")
    true_set = _canonical_pairs(truth_pairs, "truth_pairs")
    tp = len(predicted_set & true_set)
    return PairMetrics(
        true_positives=tp,
        false_positives=len(predicted_set) - tp,
        false_negatives=len(true_set) - tp,
    )


def cluster_pair_metrics(predicted_clusters: Clusters, true_clusters: Clusters) -> PairMetrics:
    """Pair precision, recall and F1 of a clustering, counted without listing pairs.

    Equals ``pair_metrics(pairs_from_clusters(predicted_clusters),
    pairs_from_clusters(true_clusters))`` in time linear in the number of ids, from the
    contingency table (module doc).

    Args:
        predicted_clusters: A partition of the ids (singletons included).
        true_clusters: A partition of the same ids.

    Returns:
        The pair counts of the clusters' transitive closure.

    Raises:
        InvalidArgument: Either is not a partition, or they cover different ids.

    >>> cluster_pair_metrics([("a", "b", "c"), ("d",)], [("a", "b"), ("c", "d")]).precision
    0.3333333333333333
    """
    predicted = _from_clusters(predicted_clusters, "predicted_clusters")
    return _table_pair_metrics(
        _Table.build(predicted, _from_clusters(true_clusters, "true_clusters"), "true_clusters")
    )


def bcubed(predicted_clusters: Clusters, true_clusters: Clusters) -> BCubedMetrics:
    """B-cubed precision, recall and F1 of a clustering (formulas: :class:`BCubedMetrics`).

    Args:
        predicted_clusters: A partition of the ids (singletons included).
        true_clusters: A partition of the same ids.

    Returns:
        The record-averaged precision and recall.

    Raises:
        InvalidArgument: Either is not a partition, or they cover different ids.

    >>> metrics = bcubed([("a", "b"), ("c",)], [("a",), ("b", "c")])
    >>> (round(metrics.precision, 4), round(metrics.recall, 4))
    (0.6667, 0.6667)
    """
    predicted = _from_clusters(predicted_clusters, "predicted_clusters")
    return _table_bcubed(
        _Table.build(predicted, _from_clusters(true_clusters, "true_clusters"), "true_clusters")
    )


def blocking_metrics(
    candidate_pairs: Iterable[Pair],
    truth_pairs: Iterable[Pair],
    *,
    record_count: int | None = None,
    link_sizes: tuple[int, int] | None = None,
) -> BlockingMetrics:
    """Pairs completeness, reduction ratio and pairs quality (see :class:`BlockingMetrics`).

    Give exactly one of ``record_count`` (de-duplication, n(n−1)/2 possible pairs) and
    ``link_sizes`` (linking sources A and B, |A|·|B| possible pairs; both pair sets then hold
    cross-source pairs only).

    Args:
        candidate_pairs: The pairs blocking proposed for comparison.
        truth_pairs: The pairs that truly match.
        record_count: The number of records de-duplicated.
        link_sizes: The sizes of the two linked sources.

    Returns:
        The counts; the three ratios are properties.

    Raises:
        InvalidArgument: Both or neither size given, a bad size or pair, or more pairs than
            the comparison space holds.

    >>> metrics = blocking_metrics([("a", "b"), ("c", "d")], [("a", "b"), ("a", "c")],
    ...                            record_count=4)
    >>> (metrics.pairs_completeness, round(metrics.reduction_ratio, 4), metrics.pairs_quality)
    (0.5, 0.6667, 0.5)
    """
    name, space = _comparison_space(record_count, link_sizes)
    candidates = _canonical_pairs(candidate_pairs, "candidate_pairs")
    truth = _canonical_pairs(truth_pairs, "truth_pairs")
    for pairs, pairs_name in ((candidates, "candidate_pairs"), (truth, "truth_pairs")):
        if len(pairs) > space:
            msg = (
                f"{pairs_name!r} holds {len(pairs):,} pairs, more than {name!r} allows ({space:,})"
            )
            raise InvalidArgument(msg, field=name, value=record_count or link_sizes)
    return BlockingMetrics(
        candidate_pairs=len(candidates),
        true_pairs=len(truth),
        true_pairs_found=len(candidates & truth),
        comparison_space=space,
    )


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _comparison_space(record_count: object, link_sizes: object) -> tuple[str, int]:
    """The argument that sets the comparison space, and its number of pairs."""
    if (record_count is None) == (link_sizes is None):
        msg = f"give one of 'record_count' and 'link_sizes' (got {record_count!r}, {link_sizes!r})"
        raise InvalidArgument(msg, field="record_count", value=record_count)
    if link_sizes is None:
        if not _is_count(record_count):
            msg = f"'record_count' must be an int >= 0 (got {record_count!r})"
            raise InvalidArgument(msg, field="record_count", value=record_count)
        return "record_count", record_count * (record_count - 1) // 2
    if not (
        isinstance(link_sizes, tuple) and len(link_sizes) == 2 and all(map(_is_count, link_sizes))  # noqa: PLR2004
    ):
        msg = f"'link_sizes' must be two ints >= 0 (got {link_sizes!r})"
        raise InvalidArgument(msg, field="link_sizes", value=link_sizes)
    return "link_sizes", link_sizes[0] * link_sizes[1]
