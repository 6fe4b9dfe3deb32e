"""Customer profitability: statements, segments, the whale curve, Pareto classes, the pyramid.

The texts' best practice is to "capture revenues and costs at the transaction level for each
specific customer account", to "include the majority, but not all, of their costs" and to
segment customers by profitability (001:10304–10334); "customer account profitability" is
"a measure of the value of specific customer accounts" (001:10346). Here:

* a customer's profit is ``revenue − product cost − cost to serve`` (cost to serve from
  :mod:`crmkit.value._abc`); costs not assigned to customers (unused capacity, overheads)
  stay visible as ``unallocated_cost``, so the company's profit is the customers' profits
  minus it;
* the whale curve plots cumulative profit against the share of customers, most profitable
  first (Kaplan & Narayanan 2001, "Measuring and managing customer profitability",
  *J. Cost Management* 15(5):5–15): it rises above 100 % of profit and falls back as the
  unprofitable customers are added;
* A/B/C (Pareto) classes split customers by cumulative share of value (Dickie 1951, "ABC
  inventory analysis shoots for dollars, not pennies", *Factory Management and
  Maintenance* 109(7)): A up to 80 %, B up to 95 %, C the rest;
* the customer pyramid sorts most valuable, most growable and below-zero customers
  (Peppers, Rogers & Dorf 1999, "Is your company ready for one-to-one marketing?", *HBR*
  77(1):151–160).

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
``crmkit.value._checks``.

>>> statement = profitability_statement(revenue={"a": 100.0, "b": 50.0},
...     product_cost={"a": 60.0, "b": 30.0}, cost_to_serve={"a": 10.0, "b": 35.0})
>>> [(c.customer, c.profit) for c in statement.customers]
[('a', 30.0), ('b', -15.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Final, Literal, TypeVar

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.value._checks import check_fraction, check_non_negative, is_finite_number

__all__ = [
    "PARETO_A_BOUNDARY",
    "PARETO_B_BOUNDARY",
    "CustomerProfit",
    "ParetoClass",
    "ProfitabilityStatement",
    "PyramidTier",
    "WhaleCurve",
    "customer_pyramid",
    "pareto_classes",
    "profitability_statement",
    "whale_curve",
]

PARETO_A_BOUNDARY: Final[float] = 0.80
"""Cumulative share of value that class A covers (Dickie 1951; the 80/20 convention)."""
PARETO_B_BOUNDARY: Final[float] = 0.95
"""Cumulative share of value that classes A and B cover together (Dickie 1951's 80/15/5)."""

Customer = TypeVar("Customer", bound=Hashable)
ParetoClass = Literal["A", "B", "C"]
PyramidTier = Literal["most_valuable", "most_growable", "below_zero", "other"]


@attrs.frozen
class CustomerProfit:
    """One customer's profit and loss.

    Attributes:
        customer: The customer's id.
        revenue: What the customer paid [money].
        product_cost: Cost of what they bought [money].
        cost_to_serve: Cost of the activities they caused [money].
    """

    customer: Hashable
    revenue: float
    product_cost: float
    cost_to_serve: float

    @property
    def gross_margin(self) -> float:
        """Revenue minus product cost (the texts' "base profit", 001:10409) [money]."""
        return self.revenue - self.product_cost

    @property
    def profit(self) -> float:
        """Revenue minus product cost minus cost to serve [money]."""
        return self.revenue - self.product_cost - self.cost_to_serve


@attrs.frozen
class ProfitabilityStatement:
    """Customers' profit and loss, most profitable first, with what was not allocated.

    Attributes:
        customers: One :class:`CustomerProfit` per customer, by profit descending (ties in
            the input's order).
        unallocated_cost: Costs assigned to no customer (unused capacity, overheads) [money].
    """

    customers: tuple[CustomerProfit, ...]
    unallocated_cost: float = 0.0

    @property
    def customer_profit(self) -> float:
        """The customers' profits summed [money]."""
        return math.fsum(c.profit for c in self.customers)

    @property
    def company_profit(self) -> float:
        """The customers' profits minus the unallocated cost [money]."""
        return self.customer_profit - self.unallocated_cost

    def by_segment(self, segments: Mapping[Hashable, str]) -> FrozenDict[str, CustomerProfit]:
        """The statement summed per segment: each segment as one :class:`CustomerProfit`.

        Args:
            segments: Customer -> segment name; every customer must have one.

        Returns:
            Segment -> totals (its ``customer`` is the segment name), in first-seen order.

        >>> statement = profitability_statement(revenue={"a": 10.0, "b": 5.0},
        ...     product_cost={"a": 4.0, "b": 1.0}, cost_to_serve={"a": 1.0, "b": 1.0})
        >>> statement.by_segment({"a": "retail", "b": "retail"})["retail"].profit
        8.0
        """
        sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for row in self.customers:
            if row.customer not in segments:
                msg = f"'segments' has no segment for customer {row.customer!r}"
                raise InvalidArgument(msg, field="segments", value=row.customer)
            total = sums[segments[row.customer]]
            total[0] += row.revenue
            total[1] += row.product_cost
            total[2] += row.cost_to_serve
        return FrozenDict(
            (name, CustomerProfit(customer=name, revenue=r, product_cost=p, cost_to_serve=c))
            for name, (r, p, c) in sums.items()
        )

    def _repr_html_(self) -> str:
        """The statement as a table for Jupyter."""
        rows = "".join(
            f"<tr><td>{c.customer}</td><td>{c.revenue:,.2f}</td><td>{c.product_cost:,.2f}</td>"
            f"<td>{c.cost_to_serve:,.2f}</td><td>{c.profit:,.2f}</td></tr>"
            for c in self.customers
        )
        return (
            "<table><tr><th>customer</th><th>revenue</th><th>product cost</th>"
            f"<th>cost to serve</th><th>profit</th></tr>{rows}"
            f"<tr><th colspan='4'>unallocated cost</th><td>{-self.unallocated_cost:,.2f}</td>"
            f"</tr><tr><th colspan='4'>company profit</th><td>{self.company_profit:,.2f}</td>"
            "</tr></table>"
        )


def _money(name: str, values: Mapping[Customer, float]) -> None:
    for customer, value in values.items():
        if not is_finite_number(value):
            msg = f"'{name}[{customer!r}]' must be a finite number (got {value!r})"
            raise InvalidArgument(msg, field=f"{name}[{customer!r}]", value=value)


def profitability_statement(
    revenue: Mapping[Customer, float],
    product_cost: Mapping[Customer, float],
    cost_to_serve: Mapping[Customer, float],
    *,
    unallocated_cost: float = 0.0,
) -> ProfitabilityStatement:
    """Each customer's profit: revenue − product cost − cost to serve.

    A customer missing from ``product_cost`` or ``cost_to_serve`` has none of that cost; a
    customer in a cost mapping but not in ``revenue`` is a customer with no revenue (a cost
    is never dropped).

    Args:
        revenue: Customer -> revenue in the period [money].
        product_cost: Customer -> cost of the products sold to them [money].
        cost_to_serve: Customer -> cost of the activities they caused [money].
        unallocated_cost: Costs assigned to no customer [money, >= 0].

    Returns:
        The :class:`ProfitabilityStatement`.

    >>> profitability_statement({"a": 10.0}, {}, {"b": 4.0}).company_profit
    6.0
    """
    for name, values in (
        ("revenue", revenue),
        ("product_cost", product_cost),
        ("cost_to_serve", cost_to_serve),
    ):
        _money(name, values)
    check_non_negative("unallocated_cost", unallocated_cost)
    customers = list(dict.fromkeys([*revenue, *product_cost, *cost_to_serve]))
    rows = [
        CustomerProfit(
            customer=c,
            revenue=float(revenue.get(c, 0.0)),
            product_cost=float(product_cost.get(c, 0.0)),
            cost_to_serve=float(cost_to_serve.get(c, 0.0)),
        )
        for c in customers
    ]
    order = sorted(range(len(rows)), key=lambda k: (-rows[k].profit, k))
    return ProfitabilityStatement(
        customers=tuple(rows[k] for k in order), unallocated_cost=float(unallocated_cost)
    )


@attrs.frozen
class WhaleCurve:
    """Cumulative profit by customer rank, most profitable first (Kaplan & Narayanan 2001).

    Attributes:
        customers: Customer ids in rank order.
        cumulative_profit: Profit of the first k + 1 customers [money].
        total_profit: All customers' profit [money].
    """

    customers: tuple[Hashable, ...]
    cumulative_profit: tuple[float, ...]
    total_profit: float

    @property
    def cumulative_share(self) -> tuple[float, ...]:
        """Cumulative profit as a share of total profit (undefined, NaN, if total <= 0)."""
        if self.total_profit <= 0:
            return tuple(math.nan for _ in self.cumulative_profit)
        return tuple(p / self.total_profit for p in self.cumulative_profit)

    @property
    def peak(self) -> tuple[float, float]:
        """(share of customers, cumulative profit) where the curve is highest: the "hump".

        >>> whale_curve({"a": 30.0, "b": 5.0, "c": -15.0}).peak
        (0.6666666666666666, 35.0)
        """
        if not self.customers:
            return (0.0, 0.0)
        best = max(range(len(self.customers)), key=lambda k: (self.cumulative_profit[k], -k))
        return ((best + 1) / len(self.customers), self.cumulative_profit[best])


def whale_curve(profits: Mapping[Customer, float]) -> WhaleCurve:
    """The whale curve: customers ranked by profit, descending, with cumulative profit.

    Kaplan & Narayanan (2001) report that the most profitable 20 % of customers often earn
    150–300 % of total profit, the least profitable 10–20 % losing 50–200 % of it.

    Args:
        profits: Customer -> profit [money], as :attr:`CustomerProfit.profit`.

    Returns:
        The :class:`WhaleCurve`; ties keep the input's order.

    >>> whale_curve({"a": 30.0, "b": 5.0, "c": -15.0}).cumulative_share
    (1.5, 1.75, 1.0)
    """
    _money("profits", profits)
    ranked = sorted(enumerate(profits.items()), key=lambda item: (-item[1][1], item[0]))
    running: list[float] = []
    for _, (_, profit) in ranked:
        running.append((running[-1] if running else 0.0) + float(profit))
    return WhaleCurve(
        customers=tuple(customer for _, (customer, _) in ranked),
        cumulative_profit=tuple(running),
        total_profit=math.fsum(float(v) for v in profits.values()),
    )


def pareto_classes(
    values: Mapping[Customer, float],
    *,
    a_boundary: float = PARETO_A_BOUNDARY,
    b_boundary: float = PARETO_B_BOUNDARY,
) -> FrozenDict[Customer, ParetoClass]:
    """A/B/C classes by cumulative share of value (Pareto, or ABC, analysis).

    Boundary rule: customers are ranked by value, descending (ties in input order); a
    customer is A while the value of the customers ranked before them is below
    ``a_boundary`` of the total, so the customer who crosses 80 % is still A; B likewise
    below ``b_boundary``; the rest C. A customer with no positive value is always C.

    Args:
        values: Customer -> value (revenue, profit, CLV) [money].
        a_boundary: Cumulative share class A covers [fraction].
        b_boundary: Cumulative share classes A and B cover [fraction, >= a_boundary].

    Returns:
        Customer -> "A", "B" or "C", in the input's order.

    >>> dict(pareto_classes({"a": 70.0, "b": 20.0, "c": 6.0, "d": 4.0}))
    {'a': 'A', 'b': 'A', 'c': 'B', 'd': 'C'}
    """
    _money("values", values)
    check_fraction("a_boundary", a_boundary)
    check_fraction("b_boundary", b_boundary)
    if b_boundary < a_boundary:
        msg = f"'b_boundary' must be at least a_boundary {a_boundary!r} (got {b_boundary!r})"
        raise InvalidArgument(msg, field="b_boundary", value=b_boundary)
    positive = math.fsum(v for v in values.values() if v > 0)
    ranked = sorted(enumerate(values.items()), key=lambda item: (-item[1][1], item[0]))
    classes: dict[Customer, ParetoClass] = {}
    before = 0.0
    for _, (customer, value) in ranked:
        share = before / positive if positive > 0 else 1.0
        if value <= 0:
            classes[customer] = "C"
        elif share < a_boundary:
            classes[customer] = "A"
        elif share < b_boundary:
            classes[customer] = "B"
        else:
            classes[customer] = "C"
        before += max(value, 0.0)
    return FrozenDict((customer, classes[customer]) for customer in values)


def customer_pyramid(
    actual: Mapping[Customer, float],
    potential: Mapping[Customer, float],
    *,
    most_valuable_share: float,
    most_growable_share: float,
) -> FrozenDict[Customer, PyramidTier]:
    """Most valuable, most growable and below-zero customers (Peppers, Rogers & Dorf 1999).

    * below zero: actual value < 0 ("customers who will probably never earn enough
      profit to justify the expense involved in serving them");
    * most valuable: the top ``most_valuable_share`` of all customers by actual value
      (rounded up to whole customers; ties in input order), among those not below zero;
    * most growable: of the rest, the top ``most_growable_share`` of all customers by
      unrealised potential ``potential − actual`` (strategic value), where it is positive;
    * other: everyone else.

    The shares are the caller's choice: the paper fixes none (firms often take the top 20 %
    by the Pareto convention).

    Args:
        actual: Customer -> actual value (profit or CLV) [money].
        potential: Customer -> potential value (share-of-wallet gap, strategic value)
            [money]; a customer missing here has no unrealised potential.
        most_valuable_share: Share of customers to call most valuable [fraction].
        most_growable_share: Share of customers to call most growable [fraction].

    Returns:
        Customer -> tier, in the order of ``actual``.

    >>> tiers = customer_pyramid({"a": 90.0, "b": 10.0, "c": 5.0, "d": -3.0},
    ...     {"b": 80.0, "c": 6.0}, most_valuable_share=0.25, most_growable_share=0.25)
    >>> dict(tiers)
    {'a': 'most_valuable', 'b': 'most_growable', 'c': 'other', 'd': 'below_zero'}
    """
    _money("actual", actual)
    _money("potential", potential)
    check_fraction("most_valuable_share", most_valuable_share)
    check_fraction("most_growable_share", most_growable_share)
    order = list(actual)
    position = {customer: k for k, customer in enumerate(order)}
    tiers: dict[Customer, PyramidTier] = dict.fromkeys(order, "other")
    for customer in order:
        if actual[customer] < 0:
            tiers[customer] = "below_zero"
    eligible = [c for c in order if tiers[c] == "other"]
    by_value = sorted(eligible, key=lambda c: (-actual[c], position[c]))
    for customer in by_value[: math.ceil(most_valuable_share * len(order))]:
        tiers[customer] = "most_valuable"
    gaps = {c: float(potential.get(c, actual[c])) - actual[c] for c in order}
    rest = [c for c in order if tiers[c] == "other" and gaps[c] > 0]
    by_gap = sorted(rest, key=lambda c: (-gaps[c], position[c]))
    for customer in by_gap[: math.ceil(most_growable_share * len(order))]:
        tiers[customer] = "most_growable"
    return FrozenDict((customer, tiers[customer]) for customer in order)
