"""Activity-based costing: cost pools, driver rates, time-driven ABC, cost to serve.

Customer profitability analysis allocates the costs of serving customers by the activities
they cause (texts: "the method used to assess real cost of providing services to an
individual customer is ... activity based accounting", 001:7028–7036, 001:2534; "use
appropriate methods for cost assignment", 001:10304–10334). Two methods:

* **Classic ABC** (Cooper & Kaplan 1988, "Measure costs right", *HBR* 66(5)): a resource
  cost is split into activity cost pools (often by a time survey), and each pool is divided
  by the quantity of its cost driver: ``rate_a = pool_a / driver quantity_a``.
* **Time-driven ABC** (Kaplan & Anderson 2004, "Time-driven activity-based costing", *HBR*
  82(11):131–138): ``capacity cost rate = cost of capacity / practical capacity`` (money
  per minute), ``rate_a = capacity cost rate x unit time_a``; capacity used is
  ``Σ_a unit time_a x quantity_a``, and what is left is *unused capacity*, which classic
  ABC spreads over the activities instead.

Allocation to customers: ``cost to serve_c = Σ_a rate_a x usage_{c,a}``; the allocated
costs add up to ``Σ_a rate_a x Σ_c usage_{c,a}``, nothing created or lost.

Units: money in one currency; time in one unit (minutes in Kaplan & Anderson); driver
quantities are counts of the driver (orders, inquiries, credit checks, visits).

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
``crmkit.value._checks``.

>>> rates = activity_rates(pool_costs={"orders": 392_000, "inquiries": 56_000},
...                        driver_quantities={"orders": 49_000, "inquiries": 1_400})
>>> rates["orders"], rates["inquiries"]
(8.0, 40.0)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TypeVar

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.value._checks import check_non_negative, check_positive

__all__ = [
    "TimeDrivenCosting",
    "activity_rates",
    "cost_to_serve",
    "pool_costs_from_shares",
    "time_driven_abc",
]

Customer = TypeVar("Customer", bound=Hashable)

_SHARE_TOLERANCE = 1e-9
"""How far shares of a resource may sum from 1 (binary rounding of 0.7 + 0.1 + 0.2)."""


def _amounts(name: str, values: object, *, positive: bool = False) -> None:
    """``values`` a non-empty mapping of activity to a number >= 0 (> 0 with ``positive``)."""
    if not isinstance(values, Mapping) or not values:
        msg = f"'{name}' must be a non-empty mapping of activity to amount (got {values!r})"
        raise InvalidArgument(msg, field=name, value=values)
    check = check_positive if positive else check_non_negative
    for activity, value in values.items():
        check(f"{name}[{activity!r}]", value)


def pool_costs_from_shares(*, cost: float, shares: Mapping[str, float]) -> FrozenDict[str, float]:
    """Split a resource cost into activity cost pools by shares (a time survey, say).

    Classic ABC's first step: Kaplan & Anderson's customer-service department (quarterly
    cost 560,000) reported 70 % of its time on orders, 10 % on inquiries, 20 % on credit
    checks, giving pools of 392,000, 56,000 and 112,000.

    Args:
        cost: The resource's cost for the period [money].
        shares: Activity -> share of the resource [fractions summing to 1].

    Returns:
        Activity -> pool cost [money].

    >>> dict(pool_costs_from_shares(cost=560_000, shares={"orders": 0.7, "inquiries": 0.1,
    ...                                                   "credit checks": 0.2}))
    {'orders': 392000.0, 'inquiries': 56000.0, 'credit checks': 112000.0}
    """
    check_non_negative("cost", cost)
    _amounts("shares", shares)
    total = math.fsum(shares.values())
    if not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=_SHARE_TOLERANCE):
        msg = f"'shares' must sum to 1 (got {total!r} from {dict(shares)!r})"
        raise InvalidArgument(msg, field="shares", value=dict(shares))
    return FrozenDict((activity, cost * share) for activity, share in shares.items())


def activity_rates(
    *, pool_costs: Mapping[str, float], driver_quantities: Mapping[str, float]
) -> FrozenDict[str, float]:
    """Classic ABC driver rates: each pool's cost per unit of its driver.

    ``rate_a = pool cost_a / driver quantity_a`` (Cooper & Kaplan 1988). Kaplan & Anderson
    (2004): 392,000 / 49,000 orders = 8.00 per order, 56,000 / 1,400 inquiries = 40.00,
    112,000 / 2,500 credit checks = 44.80.

    Args:
        pool_costs: Activity -> cost pool [money].
        driver_quantities: Activity -> quantity of its driver in the period [count, > 0].

    Returns:
        Activity -> rate [money per driver unit].

    >>> dict(activity_rates(pool_costs={"credit checks": 112_000},
    ...                     driver_quantities={"credit checks": 2_500}))
    {'credit checks': 44.8}
    """
    _amounts("pool_costs", pool_costs)
    _amounts("driver_quantities", driver_quantities, positive=True)
    if set(pool_costs) != set(driver_quantities):
        msg = (
            "'driver_quantities' must name the same activities as 'pool_costs' (got "
            f"{sorted(driver_quantities)!r} for {sorted(pool_costs)!r})"
        )
        raise InvalidArgument(msg, field="driver_quantities", value=dict(driver_quantities))
    return FrozenDict(
        (activity, pool_costs[activity] / driver_quantities[activity]) for activity in pool_costs
    )


@attrs.frozen
class TimeDrivenCosting:
    """The result of time-driven ABC for one period (Kaplan & Anderson 2004).

    Attributes:
        capacity_cost_rate: Cost of capacity per unit of time [money per minute].
        rates: Activity -> cost per unit of the activity [money].
        used_capacity: Time the period's activities take [minutes].
        unused_capacity: Practical capacity minus used; negative when the activities need
            more time than the practical capacity (overload) [minutes].
        assigned_cost: Cost assigned to the activities [money].
        unused_cost: Cost of the unused capacity (negative when overloaded) [money].
        utilisation: Used over practical capacity [fraction; > 1 when overloaded].
    """

    capacity_cost_rate: float
    rates: FrozenDict[str, float]
    used_capacity: float
    unused_capacity: float
    assigned_cost: float
    unused_cost: float
    utilisation: float


def time_driven_abc(
    *,
    cost: float,
    practical_capacity: float,
    unit_times: Mapping[str, float],
    quantities: Mapping[str, float],
) -> TimeDrivenCosting:
    """Time-driven ABC: rates from unit times, and the cost of unused capacity.

    ``capacity cost rate = cost / practical capacity``; ``rate_a = capacity cost rate x unit
    time_a``; ``used = Σ_a unit time_a x quantity_a``; ``unused = practical − used``
    (Kaplan & Anderson 2004, whose example: 560,000 a quarter, 700,000 practical minutes,
    0.80 a minute; orders 8, inquiries 44, credit checks 50 minutes; 49,000 / 1,400 / 2,500
    of them use 578,600 minutes, assigning 462,880 and leaving 121,400 minutes, 97,120,
    unused).

    Args:
        cost: Cost of the capacity supplied in the period [money].
        practical_capacity: Time the resources can work in the period [minutes, > 0].
        unit_times: Activity -> time one unit takes [minutes].
        quantities: Activity -> units performed in the period [count].

    Returns:
        The :class:`TimeDrivenCosting`.

    >>> result = time_driven_abc(cost=560_000, practical_capacity=700_000,
    ...                          unit_times={"orders": 8}, quantities={"orders": 49_000})
    >>> result.capacity_cost_rate, result.rates["orders"], result.unused_capacity
    (0.8, 6.4, 308000.0)
    """
    check_non_negative("cost", cost)
    check_positive("practical_capacity", practical_capacity)
    _amounts("unit_times", unit_times)
    _amounts("quantities", quantities)
    unknown = sorted(set(quantities) - set(unit_times))
    if unknown:
        msg = f"'quantities' names activities without a unit time: {unknown!r}"
        raise InvalidArgument(msg, field="quantities", value=dict(quantities))
    rate = cost / practical_capacity
    used = math.fsum(unit_times[a] * quantity for a, quantity in quantities.items())
    return TimeDrivenCosting(
        capacity_cost_rate=rate,
        rates=FrozenDict((activity, rate * minutes) for activity, minutes in unit_times.items()),
        used_capacity=used,
        unused_capacity=practical_capacity - used,
        assigned_cost=rate * used,
        unused_cost=rate * (practical_capacity - used),
        utilisation=used / practical_capacity,
    )


def cost_to_serve(
    usage: Mapping[Customer, Mapping[str, float]], *, rates: Mapping[str, float]
) -> FrozenDict[Customer, float]:
    """Each customer's cost to serve: the activities they caused, at the activities' rates.

    ``cost to serve_c = Σ_a rate_a x usage_{c,a}``, rates from :func:`activity_rates` or
    :func:`time_driven_abc`. The allocation conserves cost: the customers' costs add up to
    ``Σ_a rate_a x Σ_c usage_{c,a}``.

    Args:
        usage: Customer -> activity -> quantity the customer caused [count].
        rates: Activity -> rate [money per unit].

    Returns:
        Customer -> cost to serve [money].

    >>> dict(cost_to_serve({"acme": {"orders": 10, "inquiries": 2}},
    ...                    rates={"orders": 6.4, "inquiries": 35.2}))
    {'acme': 134.4}
    """
    _amounts("rates", rates)
    costs: dict[Customer, float] = {}
    for customer, given in usage.items():
        activities: object = given  # checked: notebook data may hold anything here
        if not isinstance(activities, Mapping):
            msg = f"'usage[{customer!r}]' must map activity to quantity (got {activities!r})"
            raise InvalidArgument(msg, field=f"usage[{customer!r}]", value=activities)
        terms = []
        for activity, quantity in activities.items():
            if activity not in rates:
                msg = (
                    f"'usage[{customer!r}]' names activity {activity!r}, which has no rate "
                    f"(rates for {sorted(rates)!r})"
                )
                raise InvalidArgument(msg, field=f"usage[{customer!r}]", value=activity)
            check_non_negative(f"usage[{customer!r}][{activity!r}]", quantity)
            terms.append(rates[activity] * quantity)
        costs[customer] = math.fsum(terms)
    return FrozenDict(costs)
