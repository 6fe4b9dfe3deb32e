"""Calibration of predicted conversion probabilities: Brier score and reliability tables.

A lead score that is a probability ("this lead converts with 30 %") should mean what it
says: of the leads given 30 %, about 30 in 100 convert. :func:`brier_score` measures the
mean squared gap between predictions and outcomes; :func:`calibration_table` compares the
mean prediction with the observed conversion rate bin by bin, and its expected calibration
error summarises the table in one number (the calibration measures of the anchors' A.9).
Points from a rule set are not probabilities; these measures are for predictive scores.

Inputs follow :mod:`crmkit.scoring._evaluate`: ``outcomes`` are bools or the ints 0 and 1
(1: converted), ``probabilities`` are finite numbers in [0, 1], any iterables (each read
once) of the same length.

This module is a leaf: it imports the standard library, attrs, ``crmkit._errors`` and
``crmkit.scoring._evaluate`` (the input checks and table formatting it shares).

>>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 6)
0.0375
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from typing import Literal

import attrs

from crmkit._errors import InvalidArgument
from crmkit.scoring._evaluate import _html, _inputs, _text, _whole

__all__ = ["CalibrationRow", "CalibrationTable", "brier_score", "calibration_table"]


def brier_score(outcomes: Iterable[bool | int], probabilities: Iterable[float]) -> float:
    """The Brier score of predicted conversion probabilities: ``mean (p − y)²``.

    Brier 1950, *Monthly Weather Review* 78:1–3. Brier's own score sums the squared error
    over both classes, twice this; the one-class form here is scikit-learn's
    ``brier_score_loss``. 0 is perfect; always predicting the base rate ``r`` scores
    ``r(1 − r)``.

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        probabilities: The predicted probabilities of conversion, in [0, 1].

    Returns:
        The score in [0, 1], lower is better.

    Raises:
        InvalidArgument: A bad outcome or probability, unequal lengths, or no leads.

    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 6)  # (0.01+0.01+0.04+0.09)/4
    0.0375
    """
    ys, ps = _inputs(outcomes, probabilities, "probabilities")
    if not ys:
        msg = "'outcomes' must not be empty (got ())"
        raise InvalidArgument(msg, field="outcomes", value=ys)
    return math.fsum((p - y) ** 2 for y, p in zip(ys, ps, strict=True)) / len(ys)


@attrs.frozen(kw_only=True)
class CalibrationRow:
    """One bin of a :class:`CalibrationTable`: predictions in ``(lower, upper]``.

    The first bin includes ``lower``.

    Attributes:
        lower: The bin's lower edge.
        upper: The bin's upper edge.
        count: Leads whose prediction falls in the bin.
        mean_predicted: Their mean predicted probability.
        observed_rate: The share of them that converted.

    >>> calibration_table([0, 1], [0.2, 0.9], bins=2).rows[0].mean_predicted
    0.2
    """

    lower: float
    upper: float
    count: int
    mean_predicted: float
    observed_rate: float


@attrs.frozen(kw_only=True)
class CalibrationTable:
    """A reliability table: predicted against observed conversion, by probability bin.

    Attributes:
        rows: The non-empty bins, lowest predictions first.
        count: All leads.
        strategy: How the bins were cut, ``"uniform"`` or ``"quantile"``.

    >>> table = calibration_table([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.8], bins=2)
    >>> print(table)
    lower  upper  count  mean predicted  observed rate
      0.0    0.5      2           0.150          0.000
      0.5    1.0      2           0.750          1.000
    >>> round(table.expected_calibration_error, 3)
    0.2
    """

    rows: tuple[CalibrationRow, ...]
    count: int
    strategy: str

    @property
    def expected_calibration_error(self) -> float:
        """ECE: ``Σ_b (n_b / n) |observed_b − predicted_b|`` (Naeini et al. 2015, AAAI)."""
        gaps = (row.count * abs(row.observed_rate - row.mean_predicted) for row in self.rows)
        return math.fsum(gaps) / self.count

    def _cells(self) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        headers = ("lower", "upper", "count", "mean predicted", "observed rate")
        body: list[tuple[str, ...]] = [
            (
                str(round(r.lower, 4)),
                str(round(r.upper, 4)),
                str(r.count),
                f"{r.mean_predicted:.3f}",
                f"{r.observed_rate:.3f}",
            )
            for r in self.rows
        ]
        return headers, body

    def __str__(self) -> str:
        """The table as fixed-width text, one line per bin."""
        return _text(*self._cells())

    def _repr_html_(self) -> str:
        """The table as HTML, for Jupyter."""
        return _html(*self._cells())


def _quantile(ordered: list[float], q: float) -> float:
    """The ``q`` quantile of sorted values, linear interpolation (numpy's default)."""
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    if low + 1 >= len(ordered):
        return ordered[-1]
    a, b = ordered[low], ordered[low + 1]
    return min(max(a + (h - low) * (b - a), a), b)


def calibration_table(
    outcomes: Iterable[bool | int],
    probabilities: Iterable[float],
    *,
    bins: int = 10,
    strategy: Literal["uniform", "quantile"] = "uniform",
) -> CalibrationTable:
    """Mean predicted probability against observed conversion rate, per bin.

    The conventions of scikit-learn's ``calibration_curve``: ``"uniform"`` cuts [0, 1] into
    ``bins`` bins of width ``1/bins``; ``"quantile"`` puts the edges at the quantiles of the
    predictions (linear interpolation), so bins hold about equal counts. Bins are closed on
    the right, as there: a prediction equal to an inner edge goes to the bin below it, and
    the first bin includes 0 (or the lowest prediction). Empty bins (and the bins between
    repeated quantile edges) are left out. The table's
    :attr:`~CalibrationTable.expected_calibration_error` is Naeini, Cooper & Hauskrecht's
    ECE (AAAI 2015): the count-weighted mean of ``|observed rate − mean predicted|``.

    Args:
        outcomes: Converted (1/True) or not (0/False), one per lead.
        probabilities: The predicted probabilities of conversion, in [0, 1].
        bins: How many bins to cut.
        strategy: ``"uniform"`` or ``"quantile"``.

    Returns:
        The :class:`CalibrationTable`.

    Raises:
        InvalidArgument: A bad outcome or probability, unequal lengths, no leads, ``bins``
            not an integer >= 1 or an unknown ``strategy``.

    >>> table = calibration_table([0, 1, 0, 1], [0.1, 0.3, 0.6, 0.9], bins=2)
    >>> [(row.count, row.observed_rate) for row in table.rows]
    [(2, 0.5), (2, 0.5)]
    """
    ys, ps = _inputs(outcomes, probabilities, "probabilities")
    bins = _whole("bins", bins)
    if strategy not in ("uniform", "quantile"):
        msg = f"'strategy' must be 'uniform' or 'quantile' (got {strategy!r})"
        raise InvalidArgument(msg, field="strategy", value=strategy)
    if not ys:
        msg = "'outcomes' must not be empty (got ())"
        raise InvalidArgument(msg, field="outcomes", value=ys)
    if strategy == "uniform":
        edges = [k / bins for k in range(bins + 1)]
    else:
        ordered = sorted(ps)
        edges = [_quantile(ordered, k / bins) for k in range(bins + 1)]
    members: list[list[tuple[int, float]]] = [[] for _ in range(bins)]
    for y, p in zip(ys, ps, strict=True):
        members[bisect_left(edges, p, 1, bins) - 1].append((y, p))
    rows = tuple(
        CalibrationRow(
            lower=edges[k],
            upper=edges[k + 1],
            count=len(pairs),
            mean_predicted=math.fsum(p for _, p in pairs) / len(pairs),
            observed_rate=sum(y for y, _ in pairs) / len(pairs),
        )
        for k, pairs in enumerate(members)
        if pairs
    )
    return CalibrationTable(rows=rows, count=len(ys), strategy=strategy)
