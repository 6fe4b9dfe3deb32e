"""Backtesting a lead score against outcomes: ranking, lift and thresholds.

A backtest compares the scores leads had with what became of them. ``outcomes`` are bools
or the ints 0 and 1 (1: the lead converted, a *positive*); ``scores`` are finite real
numbers on any scale (points 0–100, a probability), higher meaning more likely to convert;
``probabilities`` are scores in [0, 1]. Any iterables will do, generators included (each is
read once); the two must have the same length. The measures are those of the anchors' A.9:
AUC and KS for ranking, lift and gains by bin, a confusion matrix at a threshold and the
F1-optimal threshold that Dynamics 365 Sales reports. Calibration of probabilities (Brier
score, reliability table) is in :mod:`crmkit.scoring._calibration`, which shares this
module's input checks and table formatting.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors``.

>>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
0.75
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

import attrs

from crmkit._errors import InvalidArgument

__all__ = [
    "ConfusionMatrix",
    "LiftRow",
    "LiftTable",
    "ThresholdChoice",
    "auc",
    "best_f1_threshold",
    "confusion_matrix",
    "ks_statistic",
    "lift_table",
]

_Group = tuple[float, int, int]  # a tie group: (score, positives, negatives)
_LIFT_HEADERS = (
    *("bin", "count", "positives", "rate", "lift"),
    *("cumulative gain", "cumulative lift", "scores"),
)


def _number(name: str, value: object, *, probability: bool = False) -> float:
    """``value`` as a float: a finite real number (not a bool, not text), in [0, 1] if asked."""
    number = math.nan
    if not isinstance(value, bool) and isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:  # an int or Fraction beyond the float range
            number = math.inf
    if not math.isfinite(number) or (probability and not 0.0 <= number <= 1.0):
        need = "a probability in [0, 1]" if probability else "a finite number"
        msg = f"'{name}' must be {need} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return number


def _inputs(
    outcomes: Iterable[bool | int], scores: Iterable[float], name: str = "scores"
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Both inputs read once and checked: outcomes as 0/1, scores as floats."""
    ys: list[int] = []
    items: Iterable[object] = outcomes
    for index, value in enumerate(items):
        if not (isinstance(value, numbers.Integral) and value in (0, 1)):
            msg = f"'outcomes[{index}]' must be a bool or the int 0 or 1 (got {value!r})"
            raise InvalidArgument(msg, field=f"outcomes[{index}]", value=value)
        ys.append(int(value))
    probability = name == "probabilities"
    xs = [_number(f"{name}[{i}]", x, probability=probability) for i, x in enumerate(scores)]
    if len(ys) != len(xs):
        msg = f"'outcomes' and '{name}' must have the same length (got {len(ys)} and {len(xs)})"
        raise InvalidArgument(msg, field=name, value=len(xs))
    return tuple(ys), tuple(xs)


def _require(ys: tuple[int, ...], *, negatives: bool) -> tuple[int, int]:
    """(positives, negatives), checking there is at least one positive (and negative)."""
    positives = sum(ys)
    if positives == 0 or (negatives and positives == len(ys)):
        need = "a positive and a negative" if negatives else "a positive"
        msg = f"'outcomes' must contain {need} outcome (got {positives} of {len(ys)} positive)"
        raise InvalidArgument(msg, field="outcomes", value=ys)
    return positives, len(ys) - positives


def _groups(ys: tuple[int, ...], xs: tuple[float, ...]) -> list[_Group]:
    """The tie groups, highest score first: (score, positives, negatives); O(n log n)."""
    ranked = sorted(zip(xs, ys, strict=True), key=itemgetter(0), reverse=True)
    groups = []
    for score, members in groupby(ranked, key=itemgetter(0)):
        labels = [y for _, y in members]
        groups.append((score, sum(labels), len(labels) - sum(labels)))
    return groups


def _whole(name: str, value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"'{name}' must be an integer >= {minimum} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _text(headers: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    widths = [max(map(len, column)) for column in zip(headers, *body, strict=True)]
    lines = (headers, *body)
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in lines
    )


def _html(headers: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line) + "</tr>"
        for line in body
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def auc(outcomes: Iterable[bool | int], scores: Iterable[float]) -> float:
    """ROC AUC: the probability that a random positive outscores a random negative.

    Ties count one half. Computed as the Mann–Whitney statistic with midranks (Mann &
    Whitney 1947, *Ann. Math. Stat.* 18:50–60): ``U = R₁ − n₁(n₁ + 1)/2``, with ``R₁`` the
    sum of the positives' ranks in ascending score order (tied scores share their mean
    rank), and ``AUC = U / (n₁ n₀)`` for ``n₁`` positives and ``n₀`` negatives (Hanley &
    McNeil 1982, *Radiology* 143:29–36). O(n log n); the numerator is an exact integer
    (doubled ranks), so the result is correctly rounded and independent of input order.

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        scores: The leads' scores, higher meaning more likely to convert.

    Returns:
        The AUC in [0, 1]: 0.5 is a score no better than chance, 1.0 a perfect ranking.

    Raises:
        InvalidArgument: A bad outcome or score, unequal lengths, or no positive or no
            negative outcome.

    >>> auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])  # scikit-learn's roc_auc_score example
    0.75
    """
    ys, xs = _inputs(outcomes, scores)
    positives, negatives = _require(ys, negatives=True)
    doubled_rank_sum, below = 0, 0
    for _, p, q in reversed(_groups(ys, xs)):  # ascending; ranks below+1 .. below+p+q
        doubled_rank_sum += p * (2 * below + 1 + p + q)
        below += p + q
    return (doubled_rank_sum - positives * (positives + 1)) / (2 * positives * negatives)


def ks_statistic(outcomes: Iterable[bool | int], scores: Iterable[float]) -> float:
    """The Kolmogorov–Smirnov statistic of a score: ``max_t (TPR(t) − FPR(t))``.

    ``TPR(t)`` is the share of positives and ``FPR(t)`` the share of negatives scoring
    ``>= t``; ``t`` runs over the distinct scores (tied scores enter together) and above the
    highest one (0 − 0), so the result is in [0, 1]. This is the one-sided form scorecards
    report (Smirnov's two-sample statistic for "positives score higher"): a score that ranks
    backwards gets 0, not a high value.

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        scores: The leads' scores, higher meaning more likely to convert.

    Returns:
        The largest gap between the cumulative shares of positives and negatives.

    Raises:
        InvalidArgument: A bad outcome or score, unequal lengths, or no positive or no
            negative outcome.

    >>> ks_statistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.5
    """
    ys, xs = _inputs(outcomes, scores)
    positives, negatives = _require(ys, negatives=True)
    best = tp = fp = 0
    for _, p, q in _groups(ys, xs):
        tp, fp = tp + p, fp + q
        best = max(best, tp * negatives - fp * positives)
    return best / (positives * negatives)


@attrs.frozen(kw_only=True)
class LiftRow:
    """One bin of a :class:`LiftTable`; bins count from the highest scores.

    Attributes:
        bin: The bin's number, 1 for the highest scores.
        count: Leads in the bin.
        positives: Of them, the converted ones.
        rate: ``positives / count``.
        lift: ``rate`` over the overall conversion rate.
        cumulative_count: Leads in this bin and the ones above it.
        cumulative_positives: Converted leads in this bin and the ones above it.
        cumulative_gain: ``cumulative_positives`` over all converted leads.
        cumulative_lift: The conversion rate of this bin and the ones above, over the overall.
        highest_score: The bin's highest score.
        lowest_score: The bin's lowest score.

    >>> lift_table([1, 0], [0.9, 0.2], bins=2).rows[0].lift
    2.0
    """

    bin: int
    count: int
    positives: int
    rate: float
    lift: float
    cumulative_count: int
    cumulative_positives: int
    cumulative_gain: float
    cumulative_lift: float
    highest_score: float
    lowest_score: float


@attrs.frozen(kw_only=True)
class LiftTable:
    """A lift and gains table: conversion by score bin, highest scores first.

    ``print(table)`` shows it as text; in Jupyter it displays as an HTML table.

    Attributes:
        rows: The non-empty bins, in order (see :func:`lift_table` for ties).
        count: All leads.
        positives: All converted leads.

    >>> table = lift_table([1, 0, 1, 0], [4, 3, 2, 1], bins=2)
    >>> print(table)
    bin  count  positives   rate  lift  cumulative gain  cumulative lift  scores
      1      2          1  50.0%  1.00            50.0%             1.00  3 to 4
      2      2          1  50.0%  1.00           100.0%             1.00  1 to 2
    """

    rows: tuple[LiftRow, ...]
    count: int
    positives: int

    @property
    def rate(self) -> float:
        """The overall conversion rate, ``positives / count``."""
        return self.positives / self.count

    def _cells(self) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        body: list[tuple[str, ...]] = [
            (
                str(row.bin),
                str(row.count),
                str(row.positives),
                f"{row.rate:.1%}",
                f"{row.lift:.2f}",
                f"{row.cumulative_gain:.1%}",
                f"{row.cumulative_lift:.2f}",
                f"{row.lowest_score:g}"
                + ("" if row.lowest_score == row.highest_score else f" to {row.highest_score:g}"),
            )
            for row in self.rows
        ]
        return _LIFT_HEADERS, body

    def __str__(self) -> str:
        """The table as fixed-width text, one line per bin."""
        return _text(*self._cells())

    def _repr_html_(self) -> str:
        """The table as HTML, for Jupyter."""
        return _html(*self._cells())


def lift_table(
    outcomes: Iterable[bool | int], scores: Iterable[float], *, bins: int = 10
) -> LiftTable:
    """Conversion, lift and cumulative gains by score bin (deciles by default).

    Leads are ranked by score, highest first, and the ranks cut into ``bins`` runs as equal
    as possible (the first ``n mod bins`` runs one lead longer, as ``numpy.array_split``
    cuts). Tied scores are never split: each group of equal scores goes whole into the bin
    where its first (highest-ranked) member falls. Bins may therefore be unequal, and a bin
    whose every rank an earlier tie group took is empty and left out: ``rows`` then has
    fewer than ``bins`` rows and ``LiftRow.bin`` keeps the nominal number. With ``N`` leads
    and ``P`` conversions overall, a bin of ``n_k`` leads and ``p_k`` conversions has
    ``lift_k = (p_k / n_k) / (P / N)``; its cumulative gain is the share of ``P`` in bins
    ``1..k``, the direct-marketing gains chart (Berry & Linoff, *Data Mining Techniques*).

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        scores: The leads' scores, higher meaning more likely to convert.
        bins: How many bins to cut the ranking into (10: deciles).

    Returns:
        The :class:`LiftTable`.

    Raises:
        InvalidArgument: A bad outcome or score, unequal lengths, ``bins`` not an integer
            >= 1, or no positive outcome.

    >>> table = lift_table([1, 1, 0, 1, 0, 0, 0, 0], [9, 8, 8, 8, 5, 4, 2, 1], bins=4)
    >>> [(row.bin, row.count, row.positives) for row in table.rows]
    [(1, 4, 3), (3, 2, 0), (4, 2, 0)]
    """
    ys, xs = _inputs(outcomes, scores)
    bins = _whole("bins", bins)
    total, _ = _require(ys, negatives=False)
    n = len(ys)
    size, longer = divmod(n, bins)
    edge = longer * (size + 1)  # ranks before it are in the longer runs

    def nominal(rank: int) -> int:
        return rank // (size + 1) + 1 if rank < edge else longer + (rank - edge) // size + 1

    members: dict[int, list[_Group]] = {}
    rank = 0
    for group in _groups(ys, xs):
        members.setdefault(nominal(rank), []).append(group)
        rank += group[1] + group[2]
    rows = []
    seen = hits = 0
    for number, groups in members.items():
        count = sum(p + q for _, p, q in groups)
        positives = sum(p for _, p, _ in groups)
        seen, hits = seen + count, hits + positives
        rows.append(
            LiftRow(
                bin=number,
                count=count,
                positives=positives,
                rate=positives / count,
                lift=positives * n / (count * total),
                cumulative_count=seen,
                cumulative_positives=hits,
                cumulative_gain=hits / total,
                cumulative_lift=hits * n / (seen * total),
                highest_score=groups[0][0],
                lowest_score=groups[-1][0],
            )
        )
    return LiftTable(rows=tuple(rows), count=n, positives=total)


def _count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    _whole(attribute.name, value, minimum=0)


@attrs.frozen(kw_only=True)
class ConfusionMatrix:
    """Counts of predicted against actual conversions, with the usual ratios.

    Any ratio whose denominator is 0 is 0.0 (scikit-learn's ``zero_division=0``): a
    threshold above every score has precision 0.0, not an error or ``nan``.

    Attributes:
        true_positives: Predicted to convert and converted (TP).
        false_positives: Predicted to convert, did not (FP).
        true_negatives: Predicted not to convert, did not (TN).
        false_negatives: Predicted not to convert, converted (FN).

    >>> m = ConfusionMatrix(true_positives=650, false_positives=200, true_negatives=100,
    ...                     false_negatives=50)  # Dynamics 365 "scoring model accuracy"
    >>> m.accuracy, round(m.recall, 4), m.conversion_rate, round(m.f1, 4)
    (0.75, 0.9286, 0.7, 0.8387)
    """

    true_positives: int = attrs.field(validator=_count)
    false_positives: int = attrs.field(validator=_count)
    true_negatives: int = attrs.field(validator=_count)
    false_negatives: int = attrs.field(validator=_count)

    @property
    def count(self) -> int:
        """All leads: TP + FP + TN + FN."""
        return (
            self.true_positives + self.false_positives + self.true_negatives + self.false_negatives
        )

    @property
    def accuracy(self) -> float:
        """(TP + TN) / n."""
        return _ratio(self.true_positives + self.true_negatives, self.count)

    @property
    def precision(self) -> float:
        """TP / (TP + FP): of the leads predicted to convert, the share that did."""
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        """TP / (TP + FN): of the leads that converted, the share predicted to (TPR)."""
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def specificity(self) -> float:
        """TN / (TN + FP): of the leads that did not convert, the share predicted not to."""
        return _ratio(self.true_negatives, self.true_negatives + self.false_positives)

    @property
    def f1(self) -> float:
        """2TP / (2TP + FP + FN), the harmonic mean of precision and recall."""
        tp2 = 2 * self.true_positives
        return _ratio(tp2, tp2 + self.false_positives + self.false_negatives)

    @property
    def conversion_rate(self) -> float:
        """(TP + FN) / n: the share of leads that converted, as Dynamics 365 defines it."""
        return _ratio(self.true_positives + self.false_negatives, self.count)


def confusion_matrix(
    outcomes: Iterable[bool | int], scores: Iterable[float], *, threshold: float
) -> ConfusionMatrix:
    """The confusion matrix of "predict conversion when ``score >= threshold``".

    The threshold is inclusive: a lead scoring exactly ``threshold`` is predicted to convert.

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        scores: The leads' scores, higher meaning more likely to convert.
        threshold: The lowest score predicted to convert, on the scores' scale.

    Returns:
        The :class:`ConfusionMatrix`.

    Raises:
        InvalidArgument: A bad outcome, score or threshold, or unequal lengths.

    >>> confusion_matrix([0, 0, 1, 1], [10, 40, 35, 80], threshold=35)
    ConfusionMatrix(true_positives=2, false_positives=1, true_negatives=1, false_negatives=0)
    """
    ys, xs = _inputs(outcomes, scores)
    cut = _number("threshold", threshold)
    predicted = [x >= cut for x in xs]
    tp = sum(1 for y, hit in zip(ys, predicted, strict=True) if y and hit)
    fp = sum(predicted) - tp
    fn = sum(ys) - tp
    return ConfusionMatrix(
        true_positives=tp,
        false_positives=fp,
        true_negatives=len(ys) - tp - fp - fn,
        false_negatives=fn,
    )


@attrs.frozen(kw_only=True)
class ThresholdChoice:
    """A decision threshold and the confusion matrix it gives.

    Attributes:
        threshold: The lowest score predicted to convert.
        matrix: The :class:`ConfusionMatrix` at that threshold.

    >>> best_f1_threshold([0, 1], [0.2, 0.7]).threshold
    0.7
    """

    threshold: float
    matrix: ConfusionMatrix


def best_f1_threshold(outcomes: Iterable[bool | int], scores: Iterable[float]) -> ThresholdChoice:
    """The threshold that maximises F1, as Dynamics 365 Sales chooses its decision threshold.

    Candidates are the distinct scores (with ``score >= threshold`` predicted to convert);
    F1 = 2TP / (2TP + FP + FN) is compared exactly, and among thresholds with the same F1
    the highest wins (fewer leads to work for the same F1). O(n log n).

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        scores: The leads' scores, higher meaning more likely to convert.

    Returns:
        The :class:`ThresholdChoice`.

    Raises:
        InvalidArgument: A bad outcome or score, unequal lengths, or no positive outcome.

    >>> choice = best_f1_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> choice.threshold, choice.matrix.f1
    (0.35, 0.8)
    """
    ys, xs = _inputs(outcomes, scores)
    positives, negatives = _require(ys, negatives=False)
    # (2TP, 2TP + FP + FN, score, TP, FP); the first group beats F1 = -1 (there is one)
    best: tuple[int, int, float, int, int] = (-1, 1, math.nan, 0, 0)
    tp = fp = 0
    for score, p, q in _groups(ys, xs):
        tp, fp = tp + p, fp + q
        numerator, denominator = 2 * tp, tp + fp + positives
        if numerator * best[1] > best[0] * denominator:  # strict: ties keep the higher score
            best = (numerator, denominator, score, tp, fp)
    _, _, threshold, tp, fp = best
    matrix = ConfusionMatrix(
        true_positives=tp,
        false_positives=fp,
        true_negatives=negatives - fp,
        false_negatives=positives - tp,
    )
    return ThresholdChoice(threshold=threshold, matrix=matrix)
