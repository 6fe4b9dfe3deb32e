"""Acquisition cost and its payback: the texts' three CACs, channel CPA, LTV:CAC and the 3:1 rule.

The texts define customer acquisition cost three ways that do not agree (001:10143–10146,
001:11150–11152, 001:10348); each has its own function here, named for what it divides.
The LTV:CAC guideline is the texts' "at least 3 times greater ... an LTV to CAC ratio of
3:1. For example, making $150 for every $50 spent falls within this 3:1 guideline"
(001:10155–10157): inclusive at 3.0.

Units: money in one currency throughout; customers counted over the same period as the
spend.

This module imports the standard library, ``crmkit._errors`` and ``crmkit.value._checks``.

>>> cac = customer_acquisition_cost(sales_and_marketing_expenses=5000, new_customers=100)
>>> cac, meets_ltv_to_cac_guideline(lifetime_value=150, acquisition_cost=cac)
(50.0, True)
"""

from __future__ import annotations

import math
from typing import Final

from crmkit._errors import InvalidArgument
from crmkit.value._checks import (
    check_finite,
    check_fraction,
    check_non_negative,
    check_positive,
    is_finite_number,
)

__all__ = [
    "LTV_TO_CAC_GUIDELINE",
    "attraction_and_retention_cost",
    "cac_payback_periods",
    "cost_per_acquisition",
    "customer_acquisition_cost",
    "fully_loaded_acquisition_cost",
    "ltv_to_cac",
    "max_acquisition_cost",
    "meets_ltv_to_cac_guideline",
]

LTV_TO_CAC_GUIDELINE: Final[float] = 3.0
"""A good lifetime value is at least this multiple of the acquisition cost (001:10155–10157;
also Skok, "SaaS Metrics 2.0": LTV:CAC >= 3). Inclusive: 150 / 50 "falls within" it."""

_RATIO_TOLERANCE: Final[float] = 1e-9
"""Relative tolerance of the guideline's boundary: 0.3 / 0.1 is 2.9999999999999996 in binary
floating point and must still meet 3:1 (the text's "at least")."""


def _per_customer(costs: dict[str, float], customers: float, customer_field: str) -> float:
    """The named costs (each checked >= 0), summed, per customer (checked > 0)."""
    for name, cost in costs.items():
        check_non_negative(name, cost)
    if not (is_finite_number(customers) and customers > 0):
        msg = (
            f"'{customer_field}' must be > 0: with no customers the cost per customer is "
            f"undefined (got {customers!r})"
        )
        raise InvalidArgument(msg, field=customer_field, value=customers)
    return math.fsum(costs.values()) / customers


def customer_acquisition_cost(
    *, sales_and_marketing_expenses: float, new_customers: float
) -> float:
    """CAC as the texts define it: sales and marketing expenses per new customer.

    ``CAC = sales and marketing expenses / number of new customers`` (001:10143–10146). Of
    the texts' definitions this is the one their 3:1 rule is stated with. See also
    :func:`fully_loaded_acquisition_cost` (001:11150–11152), :func:`cost_per_acquisition`
    (000:119, per channel) and :func:`attraction_and_retention_cost` (001:10348).

    Args:
        sales_and_marketing_expenses: Spend in the period [money].
        new_customers: Customers acquired in the period [customers, > 0].

    Returns:
        Cost per new customer [money per customer].

    >>> customer_acquisition_cost(sales_and_marketing_expenses=5000, new_customers=100)
    50.0
    """
    return _per_customer(
        {"sales_and_marketing_expenses": sales_and_marketing_expenses},
        new_customers,
        "new_customers",
    )


def fully_loaded_acquisition_cost(
    *, research: float, marketing: float, advertising: float, new_customers: float
) -> float:
    """CAC including research: research, marketing and advertising per new customer.

    "The cost associated with convincing a consumer to buy your product or service,
    including research, marketing, and advertising costs" (001:11150–11152).

    ``CAC_full = (research + marketing + advertising) / new customers``.

    Args:
        research: Research spend in the period [money].
        marketing: Marketing spend [money].
        advertising: Advertising spend [money].
        new_customers: Customers acquired in the period [customers, > 0].

    Returns:
        Fully loaded cost per new customer [money per customer].

    >>> fully_loaded_acquisition_cost(research=1000, marketing=3000, advertising=2000,
    ...                               new_customers=100)
    60.0
    """
    costs = {"research": research, "marketing": marketing, "advertising": advertising}
    return _per_customer(costs, new_customers, "new_customers")


def cost_per_acquisition(*, channel_spend: float, acquisitions: float) -> float:
    """CPA of one channel: its spend per customer (or sale) it acquired (000:119, 000:125).

    "The cost of acquiring the customer refers to the marketing and advertising channels
    used to acquire that customer. In eMarketing, this is the CPA (cost per acquisition) of
    any of the channels." ``CPA = channel spend / acquisitions attributed to the channel``.

    Args:
        channel_spend: What the channel cost [money].
        acquisitions: Customers or sales attributed to it [count, > 0].

    Returns:
        Cost per acquisition [money per acquisition].

    >>> cost_per_acquisition(channel_spend=1200, acquisitions=40)
    30.0
    """
    return _per_customer({"channel_spend": channel_spend}, acquisitions, "acquisitions")


def attraction_and_retention_cost(
    *, acquisition_costs: float, retention_costs: float, customers: float
) -> float:
    """The texts' other "CAC": "the cost involved in attracting or retaining customers".

    001:10348 (and 001:2437–2438) define customer acquisition cost over attraction and
    retention together; this is that figure, named apart so it is not mistaken for
    :func:`customer_acquisition_cost`: ``(acquisition costs + retention costs) / customers``.

    Args:
        acquisition_costs: Spend on attracting customers [money].
        retention_costs: Spend on keeping them [money].
        customers: Customers attracted or kept in the period [customers, > 0].

    Returns:
        Relationship cost per customer [money per customer].

    >>> attraction_and_retention_cost(acquisition_costs=4000, retention_costs=1000,
    ...                               customers=250)
    20.0
    """
    costs = {"acquisition_costs": acquisition_costs, "retention_costs": retention_costs}
    return _per_customer(costs, customers, "customers")


def ltv_to_cac(*, lifetime_value: float, acquisition_cost: float) -> float:
    """The LTV:CAC ratio (001:10155–10157): how many times a customer's value repays its cost.

    The text writes "LTV to CAC" and "a good CLV is at least 3 times greater": the caller
    chooses the numerator (revenue LTV, margin CLV, or a discounted CLV) and should say
    which; SaaS practice uses margin (Skok).

    Args:
        lifetime_value: The customer's lifetime value [money].
        acquisition_cost: What acquiring the customer cost [money, > 0].

    Returns:
        The ratio [dimensionless].

    >>> ltv_to_cac(lifetime_value=150, acquisition_cost=50)
    3.0
    """
    check_finite("lifetime_value", lifetime_value)
    check_positive("acquisition_cost", acquisition_cost)
    return lifetime_value / acquisition_cost


def meets_ltv_to_cac_guideline(
    *, lifetime_value: float, acquisition_cost: float, ratio: float = LTV_TO_CAC_GUIDELINE
) -> bool:
    """Whether LTV:CAC is at least ``ratio`` (default 3:1, inclusive: 150 / 50 meets it).

    "A good CLV is at least 3 times greater, with an LTV to CAC ratio of 3:1. For example,
    making $150 for every $50 spent falls within this 3:1 guideline" (001:10155–10157). The
    boundary is compared with a relative tolerance of 1e-9, so 0.3 / 0.1 meets 3:1 although
    binary floating point makes it 2.9999999999999996.

    Args:
        lifetime_value: The customer's lifetime value [money].
        acquisition_cost: What acquiring the customer cost [money, > 0].
        ratio: The guideline [dimensionless, > 0].

    Returns:
        True when the ratio is at least the guideline.

    >>> meets_ltv_to_cac_guideline(lifetime_value=150, acquisition_cost=50)
    True
    >>> meets_ltv_to_cac_guideline(lifetime_value=149.99, acquisition_cost=50)
    False
    """
    check_positive("ratio", ratio)
    value = ltv_to_cac(lifetime_value=lifetime_value, acquisition_cost=acquisition_cost)
    return value >= ratio or math.isclose(value, ratio, rel_tol=_RATIO_TOLERANCE)


def max_acquisition_cost(*, lifetime_value: float, ratio: float = LTV_TO_CAC_GUIDELINE) -> float:
    """The most one may pay to acquire a customer and still meet the guideline: ``LTV / ratio``.

    The texts: knowing the expected CLV tells "how much you are willing to pay to acquire
    that customer" (001:10148–10150); under the 3:1 rule that is a third of it.

    Args:
        lifetime_value: The customer's expected lifetime value [money, >= 0].
        ratio: The guideline [dimensionless, > 0].

    Returns:
        The allowable acquisition cost [money per customer].

    >>> max_acquisition_cost(lifetime_value=150)
    50.0
    """
    check_non_negative("lifetime_value", lifetime_value)
    check_positive("ratio", ratio)
    return lifetime_value / ratio


def cac_payback_periods(
    *, acquisition_cost: float, revenue_per_period: float, gross_margin: float
) -> float:
    """Periods of margin needed to earn back the acquisition cost: ``CAC / (ARPA x GM)``.

    Skok, "SaaS Metrics 2.0": months to recover CAC, target below 12. Undiscounted and
    ignoring churn, as the practice states it. Skok's example: CAC 1,200, ARPA 100 a month,
    80 % margin: 15 months.

    Args:
        acquisition_cost: CAC [money per customer, >= 0].
        revenue_per_period: Average revenue per account [money per period].
        gross_margin: [fraction of revenue, in (0, 1]].

    Returns:
        Payback time [periods]; ``math.inf`` when the account earns no margin.

    >>> cac_payback_periods(acquisition_cost=1200, revenue_per_period=100, gross_margin=0.8)
    15.0
    """
    check_non_negative("acquisition_cost", acquisition_cost)
    check_non_negative("revenue_per_period", revenue_per_period)
    check_fraction("gross_margin", gross_margin)
    per_period = revenue_per_period * gross_margin
    if per_period == 0:
        return 0.0 if acquisition_cost == 0 else math.inf
    return acquisition_cost / per_period
