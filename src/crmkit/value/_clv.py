"""Discounted customer lifetime value from a purchase model and a spend model.

``CLV_i = m · Σ_{k=1..H} E(M_i) · (E[Y_i(k·L)] − E[Y_i((k−1)·L)]) / (1 + d)^k``

* ``E[Y_i(t)]``: the purchases customer ``i`` is expected to make in the next ``t`` time
  units given their history (BG/NBD, MBG/NBD or Pareto/NBD ``conditional_expected_purchases``);
* ``E(M_i)``: their expected spend per transaction (Gamma-Gamma ``expected_spend``);
* ``L``: the length of one discounting period in the purchase model's time unit (a month is
  30.4375 / 7 = 4.348 weeks: ``crmkit.value.DAYS_PER_UNIT``, never a hidden 4.345 or 30-day
  month);
* ``d``: the discount rate per period (0.01 for 1 % a month); ``H``: the horizon in periods;
* ``m``: the profit margin, a fraction of revenue (1 gives revenue, not profit).

The purchases of period ``k`` are discounted as if made at its end, as lifetimes'
``customer_lifetime_value`` does (Fader, Hardie & Lee 2005, *JMR* 42(4), value continuous
discounting instead: their DERT). Purchase and spend are assumed independent (check with
:func:`crmkit.value.check_spend_independence`).

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen``,
``crmkit.value._checks`` and ``crmkit.value._summary``.

>>> from crmkit.value import CustomerSummary, GammaGammaModel
>>> class Steady:  # a toy purchase model: one purchase per week, forever
...     def conditional_expected_purchases(self, t, *, frequency, recency, T):
...         return t
>>> customer = CustomerSummary(customer_id="c", frequency=2, recency=4.0, T=8.0,
...                            unit="weeks", monetary_value=30.0)
>>> values = discounted_clv([customer], purchases=Steady(), spend=GammaGammaModel(p=6.0,
...     q=4.0, gamma=15.0), horizon=1, period="weeks", discount_rate=0.0)
>>> round(values["c"], 2)  # one week: 1 purchase x E(M) = 6 (15 + 2 x 30) / (12 + 3) = 30
30.0
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Protocol

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.value._checks import check_discount, check_margin
from crmkit.value._summary import DAYS_PER_UNIT, CustomerSummary, TimeUnit

__all__ = ["PurchaseModel", "SpendModel", "discounted_clv"]


class PurchaseModel(Protocol):
    """A model of how many purchases a customer will make (BG/NBD, MBG/NBD, Pareto/NBD)."""

    def conditional_expected_purchases(
        self,
        t: float,
        *,
        frequency: int,
        recency: float,
        T: float,  # noqa: N803 - the papers' symbol
    ) -> float:
        """Expected purchases in the next ``t`` time units given the history."""


class SpendModel(Protocol):
    """A model of what a customer spends per purchase (Gamma-Gamma)."""

    def expected_spend(self, *, frequency: int, monetary_value: float | None) -> float:
        """Expected value of the customer's next transaction."""


def discounted_clv(
    summaries: Iterable[CustomerSummary],
    *,
    purchases: PurchaseModel,
    spend: SpendModel,
    horizon: int,
    period: TimeUnit,
    discount_rate: float,
    margin: float = 1.0,
) -> FrozenDict[Hashable, float]:
    """Each customer's discounted CLV over ``horizon`` periods (module docstring).

    Args:
        summaries: The customers, summarised in the unit the purchase model was fitted in.
        purchases: The fitted purchase model.
        spend: The fitted spend model.
        horizon: ``H``, whole periods to value (12 for a year of months).
        period: The discounting period ("months", "weeks", ...).
        discount_rate: ``d`` per period [fraction, > -1].
        margin: ``m``, profit as a fraction of revenue [<= 1].

    Returns:
        Customer id -> CLV [money], in the summaries' order.

    >>> from crmkit.value import BgNbdModel, CustomerSummary, GammaGammaModel
    >>> customer = CustomerSummary(customer_id="0001", frequency=2, recency=30.43, T=38.86,
    ...                            unit="weeks", monetary_value=22.35)
    >>> values = discounted_clv([customer],
    ...     purchases=BgNbdModel(r=0.2426, alpha=4.4136, a=0.7929, b=2.4259, unit="weeks"),
    ...     spend=GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477),
    ...     horizon=12, period="months", discount_rate=0.01)
    >>> round(values["0001"], 1)
    36.3
    """
    if type(horizon) is not int or horizon < 0:
        msg = f"'horizon' must be a whole number of periods >= 0 (got {horizon!r})"
        raise InvalidArgument(msg, field="horizon", value=horizon)
    if period not in DAYS_PER_UNIT:
        msg = f"'period' must be one of {sorted(DAYS_PER_UNIT)!r} (got {period!r})"
        raise InvalidArgument(msg, field="period", value=period)
    check_discount(discount_rate)
    check_margin("margin", margin)
    # customers with one history have one value: compute each distinct history once
    rows = list(summaries)
    distinct: dict[tuple[int, float, float, float | None, str], CustomerSummary] = {}
    for summary in rows:
        distinct.setdefault(_history(summary), summary)
    representatives = list(distinct.values())
    batch = getattr(purchases, "cumulative_purchases_for", None)
    if batch is not None and len({s.unit for s in representatives}) == 1 and representatives:
        # a model that predicts many customers at many horizons (BG/NBD, MBG/NBD): one call
        length = DAYS_PER_UNIT[period] / DAYS_PER_UNIT[representatives[0].unit]
        rows_by_horizon = batch(representatives, horizons=[k * length for k in range(horizon + 1)])
        factors = [(1.0 + discount_rate) ** k for k in range(horizon + 1)]
        known = {
            _history(s): margin
            * _spend(spend, s)
            * math.fsum((row[k] - row[k - 1]) / factors[k] for k in range(1, horizon + 1))
            for s, row in zip(representatives, rows_by_horizon, strict=True)
        }
    else:
        known = {
            key: margin
            * _value(
                s,
                purchases=purchases,
                spend=spend,
                horizon=horizon,
                period=period,
                discount_rate=discount_rate,
            )
            for key, s in distinct.items()
        }
    return FrozenDict((s.customer_id, known[_history(s)]) for s in rows)


def _history(summary: CustomerSummary) -> tuple[int, float, float, float | None, str]:
    """What a customer's value depends on: x, t_x, T, m̄ (for repeat buyers) and the unit."""
    monetary = summary.monetary_value if summary.frequency else None
    return (summary.frequency, summary.recency, summary.T, monetary, summary.unit)


def _spend(spend: SpendModel, summary: CustomerSummary) -> float:
    return spend.expected_spend(
        frequency=summary.frequency,
        monetary_value=summary.monetary_value if summary.frequency else None,
    )


def _value(
    summary: CustomerSummary,
    *,
    purchases: PurchaseModel,
    spend: SpendModel,
    horizon: int,
    period: TimeUnit,
    discount_rate: float,
) -> float:
    """One customer's undiscounted-margin CLV: spend x discounted purchases per period."""
    length = DAYS_PER_UNIT[period] / DAYS_PER_UNIT[summary.unit]
    money = _spend(spend, summary)
    before, terms = 0.0, []
    for k in range(1, horizon + 1):
        after = purchases.conditional_expected_purchases(
            k * length, frequency=summary.frequency, recency=summary.recency, T=summary.T
        )
        terms.append((after - before) / (1.0 + discount_rate) ** k)
        before = after
    return money * math.fsum(terms)
