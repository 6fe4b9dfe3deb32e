"""Checking a purchase model on a holdout period: the comparisons the BTYD papers print.

Fader, Hardie & Lee (2005, *Marketing Science* 24(2), Figure 4 and §5) judge a fitted model
by what it predicts for a later period it did not see: the correlation between each
customer's predicted and actual holdout purchases (0.626 for BG/NBD and 0.630 for
Pareto/NBD on CDNOW), and the mean actual against the mean predicted holdout purchases for
the customers grouped by their calibration frequency (0, 1, ..., 7+).

This module imports the standard library, attrs, ``crmkit._errors``,
``crmkit.value._clv`` (the purchase-model protocol) and ``crmkit.value._summary``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._clv import PurchaseModel
from crmkit.value._summary import HoldoutSummary

__all__ = ["FREQUENCY_GROUPS", "FrequencyGroup", "HoldoutComparison", "compare_holdout"]

FREQUENCY_GROUPS: Final[int] = 7
"""Calibration frequencies 0..6 get a group each and 7 or more share one (FHL 2005, Fig. 4)."""


@attrs.frozen
class FrequencyGroup:
    """Customers with one calibration frequency (the last group: that many or more).

    Attributes:
        frequency: The calibration frequency (the group's lower bound for the last group).
        customers: How many customers.
        actual_mean: Mean actual holdout purchases.
        predicted_mean: Mean predicted holdout purchases.
    """

    frequency: int
    customers: int
    actual_mean: float
    predicted_mean: float


@attrs.frozen
class HoldoutComparison:
    """A purchase model's holdout predictions against what customers did.

    Attributes:
        correlation: Pearson's r of predicted and actual holdout purchases per customer
            (``nan`` when either does not vary).
        predicted_total: Predicted holdout purchases, all customers.
        actual_total: Actual holdout purchases.
        mean_absolute_error: Mean |predicted − actual| per customer.
        by_frequency: Actual and predicted means by calibration frequency.
    """

    correlation: float
    predicted_total: float
    actual_total: int
    mean_absolute_error: float
    by_frequency: tuple[FrequencyGroup, ...]

    def _repr_html_(self) -> str:
        """The conditional-expectation table for Jupyter."""
        rows = "".join(
            f"<tr><td>{g.frequency}{'+' if k == len(self.by_frequency) - 1 else ''}</td>"
            f"<td>{g.customers:,}</td><td>{g.actual_mean:.3f}</td><td>{g.predicted_mean:.3f}</td>"
            "</tr>"
            for k, g in enumerate(self.by_frequency)
        )
        return (
            f"<p>correlation {self.correlation:.4f}; holdout purchases predicted "
            f"{self.predicted_total:,.1f}, made {self.actual_total:,}</p>"
            "<table><tr><th>calibration x</th><th>customers</th><th>actual</th>"
            f"<th>predicted</th></tr>{rows}</table>"
        )


def compare_holdout(
    purchases: PurchaseModel, holdout: Iterable[HoldoutSummary]
) -> HoldoutComparison:
    """Predicted against actual holdout purchases, per customer and by calibration frequency.

    Args:
        purchases: A fitted purchase model (BG/NBD, MBG/NBD, Pareto/NBD) in the summaries' unit.
        holdout: :func:`crmkit.value.calibration_and_holdout`'s output.

    Returns:
        The :class:`HoldoutComparison`.

    >>> from crmkit.value import CustomerSummary, HoldoutSummary
    >>> class Half:  # a toy model: half a purchase per week
    ...     def conditional_expected_purchases(self, t, *, frequency, recency, T):
    ...         return 0.5 * t
    >>> def customer(x, later):
    ...     calibration = CustomerSummary(customer_id=x, frequency=x, recency=float(x), T=10.0,
    ...                                   unit="weeks")
    ...     return HoldoutSummary(calibration=calibration, frequency_holdout=later,
    ...                           monetary_value_holdout=None, duration_holdout=4.0)
    >>> check = compare_holdout(Half(), [customer(0, 1), customer(1, 3)])
    >>> check.predicted_total, check.actual_total
    (4.0, 4)
    """
    predicted: list[float] = []
    actual: list[int] = []
    groups: dict[int, list[tuple[int, float]]] = {}
    for item in holdout:
        s = item.calibration
        guess = purchases.conditional_expected_purchases(
            item.duration_holdout, frequency=s.frequency, recency=s.recency, T=s.T
        )
        predicted.append(guess)
        actual.append(item.frequency_holdout)
        groups.setdefault(min(s.frequency, FREQUENCY_GROUPS), []).append(
            (item.frequency_holdout, guess)
        )
    if not predicted:
        msg = "'holdout' must hold at least one customer (got none)"
        raise InvalidArgument(msg, field="holdout", value=[])
    return HoldoutComparison(
        correlation=_pearson(predicted, [float(a) for a in actual]),
        predicted_total=math.fsum(predicted),
        actual_total=sum(actual),
        mean_absolute_error=math.fsum(abs(p - a) for p, a in zip(predicted, actual, strict=True))
        / len(actual),
        by_frequency=tuple(
            FrequencyGroup(
                frequency=x,
                customers=len(rows),
                actual_mean=sum(a for a, _ in rows) / len(rows),
                predicted_mean=math.fsum(p for _, p in rows) / len(rows),
            )
            for x, rows in sorted(groups.items())
        ),
    )


def _pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else math.nan
