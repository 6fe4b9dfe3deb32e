"""Closed-form customer value: the texts' LTV and CLV, retention-based CLV, customer equity.

The CRM texts give the arithmetic of customer value in words (001:10125–10136): "Lifetime
Value = Average Value of Sale x Average Number of Transactions x Retention Time" and "CLV =
Lifetime Value x Profit Margin"; customer equity is "the sum of lifetime values of all the
customers" (L935). They leave the conventions open; here each one is named in the function
that uses it. Acquisition cost and the 3:1 rule are in :mod:`crmkit.value._acquisition`.

Symbols used in every docstring below (units in brackets):

* ``m``: margin per period a surviving customer brings [money per period];
* ``r``: retention rate, the probability that a customer active in one period is active in
  the next [fraction per period, 0 <= r < 1];
* ``i`` (``discount_rate``): discount rate per period [fraction per period, > -1];
* ``g``: growth of the margin per period [fraction per period];
* ``T`` (``periods``): the number of margins counted [periods].

Timing. Gupta & Lehmann (2003, "Customers as assets", *J. Interactive Marketing* 17(1):9–24)
count the first margin at the end of the first period, after a retention decision:
``CLV = m·r/(1 + i − r)``. *Marketing Metrics* (Farris et al. 2010) and Berry & Linoff count
it now, with certainty: ``CLV = m·(1 + i)/(1 + i − r)``, which is ``m`` more. The argument
``first_margin`` names the convention: ``"after_one_period"`` or ``"now"``.

This module imports the standard library, ``crmkit._errors`` and ``crmkit.value._checks``.

>>> round(retention_clv(margin=100, retention_rate=0.8, discount_rate=0.12), 2)
250.0
>>> round(retention_clv(margin=100, retention_rate=0.8, discount_rate=0.12, first_margin="now"), 2)
350.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from crmkit._errors import InvalidArgument
from crmkit.value._checks import (
    check_discount,
    check_finite,
    check_fraction,
    check_margin,
    check_non_negative,
    is_finite_number,
)

__all__ = [
    "FirstMargin",
    "blattberg_deighton_equity",
    "customer_equity",
    "expected_lifetime",
    "margin_multiple",
    "net_lifetime_value",
    "retention_clv",
    "subscription_ltv",
    "textbook_clv",
    "textbook_ltv",
]

FirstMargin = Literal["after_one_period", "now"]
"""When the first margin arrives: at the end of period 1 after a retention decision (Gupta &
Lehmann 2003), or now, with certainty (Farris et al. 2010, *Marketing Metrics*)."""


def textbook_ltv(
    *, average_sale: float, transactions_per_period: float, retention_periods: float
) -> float:
    """The texts' lifetime value: revenue over the relationship, undiscounted.

    ``LTV = average sale x transactions per period x retention time`` (001:10125–10132). It is
    a revenue figure with no discounting; the text gives no units, so the transactions must be
    counted per period of the unit ``retention_periods`` is in (per year and years, say).

    Args:
        average_sale: Average value of a sale [money per transaction].
        transactions_per_period: Average number of transactions [per period].
        retention_periods: How long a customer stays [periods].

    Returns:
        Lifetime revenue [money].

    >>> textbook_ltv(average_sale=50, transactions_per_period=4, retention_periods=3)
    600.0
    """
    check_non_negative("average_sale", average_sale)
    check_non_negative("transactions_per_period", transactions_per_period)
    check_non_negative("retention_periods", retention_periods)
    return float(average_sale * transactions_per_period * retention_periods)


def textbook_clv(*, lifetime_value: float, profit_margin: float) -> float:
    """The texts' CLV: lifetime value times profit margin (001:10133–10136), a profit figure.

    Args:
        lifetime_value: Lifetime revenue, as :func:`textbook_ltv` [money].
        profit_margin: Profit as a fraction of revenue [fraction, <= 1; may be negative].

    Returns:
        Lifetime profit [money].

    >>> textbook_clv(lifetime_value=600, profit_margin=0.25)
    150.0
    """
    check_non_negative("lifetime_value", lifetime_value)
    check_margin("profit_margin", profit_margin)
    return float(lifetime_value * profit_margin)


def net_lifetime_value(
    *,
    lifetime_purchases: float,
    acquisition_cost: float,
    retention_costs: float,
    referral_value: float = 0.0,
) -> float:
    """Net lifetime value: purchases against the costs of acquiring and keeping the customer.

    ``LTV_net = purchases − (acquisition cost + retention costs) + referral value``: "the costs
    of both acquiring and retaining a customer against all purchases made over the lifetime
    of the customer relationship", optionally with "the referrals that a customer generates"
    (000:121). Undiscounted, as the text states it.

    Args:
        lifetime_purchases: What the customer bought over the relationship [money].
        acquisition_cost: What acquiring the customer cost [money].
        retention_costs: What keeping the customer cost (mailings, service) [money].
        referral_value: Value of the customer's referrals [money].

    Returns:
        Net lifetime value [money]; negative for a customer who cost more than they bought.

    >>> net_lifetime_value(lifetime_purchases=900, acquisition_cost=120, retention_costs=80)
    700.0
    """
    for name, value in (
        ("lifetime_purchases", lifetime_purchases),
        ("acquisition_cost", acquisition_cost),
        ("retention_costs", retention_costs),
        ("referral_value", referral_value),
    ):
        check_non_negative(name, value)
    return float(lifetime_purchases - acquisition_cost - retention_costs + referral_value)


def margin_multiple(
    *, retention_rate: float, discount_rate: float, first_margin: FirstMargin = "after_one_period"
) -> float:
    """The margin multiple: CLV per unit of constant margin, infinite horizon.

    ``r/(1 + i − r)`` with the first margin after one period (Gupta & Lehmann 2003, Table 1),
    ``(1 + i)/(1 + i − r)`` with the first margin now. Gupta & Lehmann's table: r = 80 %,
    i = 12 % gives 2.5.

    Args:
        retention_rate: ``r`` [fraction per period, 0 <= r < 1].
        discount_rate: ``i`` [fraction per period, > -1]; with ``r``, ``1 + i − r > 0``.
        first_margin: The timing convention (module docstring).

    Returns:
        The multiple [periods' worth of margin].

    >>> round(margin_multiple(retention_rate=0.8, discount_rate=0.12), 3)
    2.5
    """
    return retention_clv(
        margin=1.0,
        retention_rate=retention_rate,
        discount_rate=discount_rate,
        first_margin=first_margin,
    )


def retention_clv(
    *,
    margin: float,
    retention_rate: float,
    discount_rate: float,
    first_margin: FirstMargin = "after_one_period",
    periods: int | None = None,
    growth_rate: float = 0.0,
) -> float:
    """CLV of a customer with constant retention, discounted: the retention-based closed form.

    With ``q = r·(1 + g)/(1 + i)`` and the first margin after one period:

    * infinite horizon ``CLV = m·r/(1 + i − r·(1 + g))`` (Gupta & Lehmann 2003; with growth,
      Gupta, Lehmann & Stuart 2004, "Valuing customers", *JMR* 41(1):7–18), which needs
      ``q < 1``;
    * finite horizon ``CLV = Σ_{t=1..T} m·(1 + g)^(t−1)·r^t/(1 + i)^t
      = m·r/(1 + i)·(1 − q^T)/(1 − q)``.

    With the first margin now, the stream starts at t = 0 with certainty:
    ``CLV = Σ_{t=0..T−1} m·(1 + g)^t·r^t/(1 + i)^t = m·(1 − q^T)/(1 − q)``, and for the
    infinite horizon ``m·(1 + i)/(1 + i − r·(1 + g))``. ``periods`` counts the margins
    either way.

    Args:
        margin: ``m``, margin per period of a surviving customer [money per period]; may be
            negative (a customer who costs more than they bring).
        retention_rate: ``r`` [fraction per period, 0 <= r <= 1; < 1 without ``periods``].
        discount_rate: ``i`` [fraction per period, > -1].
        first_margin: Timing of the first margin (module docstring).
        periods: ``T``, the number of margins counted; ``None`` for an infinite horizon.
        growth_rate: ``g``, margin growth per period [fraction per period, > -1].

    Returns:
        The customer lifetime value [money], in the margin's currency.

    >>> round(retention_clv(margin=100, retention_rate=0.8, discount_rate=0.12, periods=5), 4)
    203.5164
    >>> round(retention_clv(margin=100, retention_rate=0.8, discount_rate=0.12,
    ...                     growth_rate=0.05), 4)
    285.7143
    """
    check_finite("margin", margin)
    check_fraction("retention_rate", retention_rate)
    check_discount(discount_rate)
    if not (is_finite_number(growth_rate) and growth_rate > -1.0):
        msg = f"'growth_rate' must be a finite fraction per period > -1 (got {growth_rate!r})"
        raise InvalidArgument(msg, field="growth_rate", value=growth_rate)
    if first_margin not in {"after_one_period", "now"}:
        msg = f"'first_margin' must be 'after_one_period' or 'now' (got {first_margin!r})"
        raise InvalidArgument(msg, field="first_margin", value=first_margin)
    ratio = retention_rate * (1.0 + growth_rate) / (1.0 + discount_rate)
    # the stream's first term: m·r/(1+i) after one period, m now
    first = margin * retention_rate / (1.0 + discount_rate) if first_margin != "now" else margin
    if periods is None:
        if ratio >= 1.0:
            msg = (
                "the infinite-horizon CLV diverges: retention_rate x (1 + growth_rate) must be "
                f"below 1 + discount_rate (got {retention_rate!r} x (1 + {growth_rate!r}) >= "
                f"1 + {discount_rate!r}); give 'periods' for a finite horizon"
            )
            raise InvalidArgument(msg, field="retention_rate", value=retention_rate)
        return first / (1.0 - ratio)
    if type(periods) is not int or periods < 0:
        msg = f"'periods' must be a whole number of periods >= 0 (got {periods!r})"
        raise InvalidArgument(msg, field="periods", value=periods)
    if ratio == 1.0:  # no retention loss, discounting or growth: T equal margins
        return first * periods
    return first * (1.0 - ratio**periods) / (1.0 - ratio)


def expected_lifetime(*, retention_rate: float) -> float:
    """Expected number of periods a customer stays: ``1/(1 − r)`` (geometric lifetime).

    A customer active now stays each further period with probability ``r``, so the number of
    active periods, this one included, is geometric with mean ``1/(1 − r)``; the texts'
    "retention time" (001:10131) under constant churn ``c = 1 − r`` is ``1/c``.

    Args:
        retention_rate: ``r`` [fraction per period, 0 <= r < 1].

    Returns:
        Expected lifetime [periods].

    >>> round(expected_lifetime(retention_rate=0.8), 12)
    5.0
    """
    check_fraction("retention_rate", retention_rate, upper_open=True)
    return 1.0 / (1.0 - retention_rate)


def subscription_ltv(*, revenue_per_period: float, gross_margin: float, churn_rate: float) -> float:
    """Subscription LTV as SaaS practice writes it: ``ARPA x gross margin / churn``.

    Skok, "SaaS Metrics 2.0" (forEntrepreneurs.com): LTV = ARPA·GM/c, undiscounted, the first
    month's margin counted (it is :func:`retention_clv` with ``first_margin="now"``,
    ``discount_rate=0`` and ``r = 1 − c``). Skok's example: ARPA 100 a month, 80 % margin,
    2 % monthly churn gives 4,000.

    Args:
        revenue_per_period: Average revenue per account (ARPA) [money per period].
        gross_margin: [fraction of revenue, <= 1].
        churn_rate: ``c``, share of accounts lost per period [fraction per period, > 0].

    Returns:
        Lifetime gross margin of an account [money].

    >>> round(subscription_ltv(revenue_per_period=100, gross_margin=0.8, churn_rate=0.02), 2)
    4000.0
    """
    check_non_negative("revenue_per_period", revenue_per_period)
    check_margin("gross_margin", gross_margin)
    if not (0.0 < churn_rate <= 1.0):
        msg = f"'churn_rate' must be in (0, 1] (got {churn_rate!r})"
        raise InvalidArgument(msg, field="churn_rate", value=churn_rate)
    return revenue_per_period * gross_margin / churn_rate


def customer_equity(lifetime_values: Iterable[float]) -> float:
    """Customer equity: "the sum of lifetime values of all the customers" (L935, L979–980).

    Args:
        lifetime_values: Each customer's lifetime value [money]; summed exactly
            (:func:`math.fsum`).

    Returns:
        The firm's customer equity [money].

    >>> customer_equity([250.0, 350.0, -20.0])
    580.0
    """
    values = list(lifetime_values)
    for index, value in enumerate(values):
        if not is_finite_number(value):
            msg = f"'lifetime_values[{index}]' must be a finite number (got {value!r})"
            raise InvalidArgument(msg, field=f"lifetime_values[{index}]", value=value)
    return math.fsum(values)


def blattberg_deighton_equity(
    *,
    acquisition_rate: float,
    margin: float,
    acquisition_spend: float,
    retention_spend: float,
    retention_rate: float,
    discount_rate: float,
) -> float:
    """Customer equity per prospect, Blattberg & Deighton's customer equity test.

    Blattberg & Deighton 1996, "Manage marketing by the customer equity test", *Harvard
    Business Review* 74(4):136–144.

    ``CE = a·m − A + a·(m − R/r)·r′/(1 − r′)`` with ``r′ = r/(1 + d)``: a prospect is acquired
    with probability ``a`` for spend ``A``, brings margin ``m`` at once, and each later period
    is retained with probability ``r`` for spend ``R`` per customer (``R/r`` per retained
    customer), discounted at ``d``. Symbol mapping: ``a`` acquisition_rate, ``m`` margin,
    ``A`` acquisition_spend (per prospect), ``R`` retention_spend (per customer per period),
    ``r`` retention_rate, ``d`` discount_rate.

    Args:
        acquisition_rate: ``a`` [fraction of prospects].
        margin: ``m`` [money per customer per period].
        acquisition_spend: ``A`` [money per prospect].
        retention_spend: ``R`` [money per customer per period].
        retention_rate: ``r`` [fraction per period, 0 < r < 1].
        discount_rate: ``d`` [fraction per period, > -1, with r < 1 + d].

    Returns:
        Customer equity per prospect [money].

    >>> round(blattberg_deighton_equity(acquisition_rate=0.2, margin=100, acquisition_spend=10,
    ...       retention_spend=20, retention_rate=0.6, discount_rate=0.15), 4)
    24.5455
    """
    check_fraction("acquisition_rate", acquisition_rate)
    check_finite("margin", margin)
    check_non_negative("acquisition_spend", acquisition_spend)
    check_non_negative("retention_spend", retention_spend)
    check_discount(discount_rate)
    if not (0.0 < retention_rate < 1.0 + discount_rate and retention_rate <= 1.0):
        msg = (
            "'retention_rate' must be in (0, 1] and below 1 + discount_rate "
            f"(got {retention_rate!r})"
        )
        raise InvalidArgument(msg, field="retention_rate", value=retention_rate)
    kept = retention_rate / (1.0 + discount_rate)
    later = (margin - retention_spend / retention_rate) * kept / (1.0 - kept)
    return acquisition_rate * margin - acquisition_spend + acquisition_rate * later
