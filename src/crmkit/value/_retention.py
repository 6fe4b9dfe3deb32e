"""Retention measures: churn, cohort tables, survival curves and the texts' loyalty metrics.

The texts name retention, churn and defection rates without formulas (L964–968, L1251,
001:10231–10236) and give three alternative "Repeat Purchasers" measures, two "Value of Key
Customers" measures and "Customer Relationship – Duration" (001:10338–10369, L2433–2451).
Each is computed here with its open questions answered in the docstring; share of wallet
(001:10073: "share of customer (known as share of wallet in the banking sector)") too.

Units: periods are whole numbers (a month or a year index: the caller decides); dates are
:class:`datetime.date`; durations are in days unless stated.

This module imports the standard library, attrs, ``crmkit._errors`` and
``crmkit.value._checks``.

>>> table = cohort_retention([("a", 0), ("a", 1), ("b", 0), ("c", 1), ("c", 2)])
>>> table.rates
((1.0, 0.5, 0.0), (1.0, 1.0))
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._checks import check_non_negative, is_finite_number

__all__ = [
    "CohortTable",
    "SurvivalCurve",
    "churn_rate",
    "cohort_retention",
    "key_customer_referral_share",
    "key_customer_sales_share",
    "relationship_duration",
    "repeat_purchasers",
    "retention_rate",
    "share_of_wallet",
    "survival_curve",
]


def _counts(start_name: str, start: int, part_name: str, part: int) -> None:
    for name, value in ((start_name, start), (part_name, part)):
        if type(value) is not int or value < 0:
            msg = f"'{name}' must be a whole number >= 0 (got {value!r})"
            raise InvalidArgument(msg, field=name, value=value)
    if start == 0 or part > start:
        msg = f"'{part_name}' must be at most '{start_name}' > 0 (got {part!r} of {start!r})"
        raise InvalidArgument(msg, field=part_name, value=part)


def retention_rate(*, customers_at_start: int, customers_retained: int) -> float:
    """Period retention: the share of the customers at the start still customers at the end.

    ``r = retained / at start``; customers acquired during the period are in neither count.

    Args:
        customers_at_start: Customers at the start of the period [customers, > 0].
        customers_retained: Of those, the ones still customers at its end [customers].

    Returns:
        The retention rate [fraction per period].

    >>> retention_rate(customers_at_start=200, customers_retained=170)
    0.85
    """
    _counts("customers_at_start", customers_at_start, "customers_retained", customers_retained)
    return customers_retained / customers_at_start


def churn_rate(*, customers_at_start: int, customers_lost: int) -> float:
    """Period churn (attrition, defection): the share of the customers at the start lost in it.

    ``c = lost / at start = 1 − r`` (001:10231–10236 name churn; the ratio is the usual one).

    Args:
        customers_at_start: Customers at the start of the period [customers, > 0].
        customers_lost: Of those, the ones lost by its end [customers].

    Returns:
        The churn rate [fraction per period].

    >>> churn_rate(customers_at_start=200, customers_lost=30)
    0.15
    """
    _counts("customers_at_start", customers_at_start, "customers_lost", customers_lost)
    return customers_lost / customers_at_start


@attrs.frozen
class CohortTable:
    """Retention by acquisition cohort.

    ``rates[c][k]`` is the share of cohort ``c`` active ``k`` periods after its first period
    (``rates[c][0] == 1``).

    Attributes:
        cohorts: The cohorts' first periods, ascending.
        sizes: Customers in each cohort.
        rates: One row per cohort, from period 0 to the last period observed.
    """

    cohorts: tuple[int, ...]
    sizes: tuple[int, ...]
    rates: tuple[tuple[float, ...], ...]

    def _repr_html_(self) -> str:
        """The table for Jupyter: one row per cohort, percentages by period since joining."""
        width = max((len(row) for row in self.rates), default=0)
        head = "".join(f"<th>+{k}</th>" for k in range(width))
        rows = "".join(
            f"<tr><th>{c}</th><td>{n}</td>"
            + "".join(f"<td>{rate:.1%}</td>" for rate in row)
            + "</tr>"
            for c, n, row in zip(self.cohorts, self.sizes, self.rates, strict=True)
        )
        return f"<table><tr><th>cohort</th><th>customers</th>{head}</tr>{rows}</table>"


def cohort_retention(activity: Iterable[tuple[Hashable, int]]) -> CohortTable:
    """A cohort retention table from (customer, period) activity rows.

    A customer's cohort is the first period they are active in; ``rates[c][k]`` is the share
    of cohort ``c`` active in period ``c + k``, up to the last period in the data. A
    customer who skips a period and returns counts as active again ("active", not
    "retained without a break").

    Args:
        activity: ``(customer_id, period)`` pairs; duplicates are fine.

    Returns:
        The :class:`CohortTable`.

    >>> cohort_retention([("a", 0), ("a", 1), ("b", 0), ("c", 1)]).sizes
    (2, 1)
    """
    active: dict[Hashable, set[int]] = defaultdict(set)
    for index, row in enumerate(activity):
        customer, period = row
        if type(period) is not int:
            msg = f"'activity[{index}]' period must be a whole number (got {period!r})"
            raise InvalidArgument(msg, field=f"activity[{index}]", value=row)
        active[customer].add(period)
    if not active:
        return CohortTable(cohorts=(), sizes=(), rates=())
    last = max(max(periods) for periods in active.values())
    members: dict[int, list[set[int]]] = defaultdict(list)
    for periods in active.values():
        members[min(periods)].append(periods)
    cohorts = tuple(sorted(members))
    rates = tuple(
        tuple(
            sum(1 for periods in members[c] if c + k in periods) / len(members[c])
            for k in range(last - c + 1)
        )
        for c in cohorts
    )
    return CohortTable(cohorts=cohorts, sizes=tuple(len(members[c]) for c in cohorts), rates=rates)


@attrs.frozen
class SurvivalCurve:
    """A Kaplan–Meier survival curve: ``survival[j]`` is S(t) just after ``times[j]``.

    Attributes:
        times: The distinct durations at which customers churned, ascending.
        at_risk: Customers still observed just before each time.
        churned: Customers who churned at each time.
        survival: The estimate of S(t) after each time.
    """

    times: tuple[float, ...]
    at_risk: tuple[int, ...]
    churned: tuple[int, ...]
    survival: tuple[float, ...]

    def at(self, duration: float) -> float:
        """S(duration): the share expected to stay beyond ``duration``.

        >>> survival_curve([(1, True), (2, False)]).at(1.5)
        0.5
        """
        value = 1.0
        for time, survived in zip(self.times, self.survival, strict=True):
            if time > duration:
                break
            value = survived
        return value


def survival_curve(durations: Iterable[tuple[float, bool]]) -> SurvivalCurve:
    """Kaplan–Meier estimate of relationship survival from (duration, churned) pairs.

    ``S(t) = Π_{t_j <= t} (1 − d_j / n_j)`` with ``d_j`` customers churning at ``t_j`` and
    ``n_j`` still observed just before it (Kaplan & Meier 1958, *JASA* 53(282):457–481). A
    customer still active at the as-of date is *censored*: counted at risk up to their
    duration, never as churned; at a tie, churns come before censorings, the usual rule.

    Args:
        durations: ``(duration, churned)`` per customer, duration >= 0 in any unit.

    Returns:
        The :class:`SurvivalCurve`.

    >>> curve = survival_curve([(1, True), (2, True), (2, False), (3, True)])
    >>> curve.times, curve.survival
    ((1, 2, 3), (0.75, 0.5, 0.0))
    """
    events: dict[float, list[int]] = defaultdict(lambda: [0, 0])  # churned, censored
    total = 0
    for index, row in enumerate(durations):
        duration, churned = row
        if not (is_finite_number(duration) and duration >= 0) or type(churned) is not bool:
            msg = f"'durations[{index}]' must be (duration >= 0, churned: bool) (got {row!r})"
            raise InvalidArgument(msg, field=f"durations[{index}]", value=row)
        events[duration][0 if churned else 1] += 1
        total += 1
    times: list[float] = []
    at_risk: list[int] = []
    churned_counts: list[int] = []
    survival: list[float] = []
    remaining, value = total, 1.0
    for time in sorted(events):
        lost, censored = events[time]
        if lost:
            value *= 1.0 - lost / remaining
            times.append(time)
            at_risk.append(remaining)
            churned_counts.append(lost)
            survival.append(value)
        remaining -= lost + censored
    return SurvivalCurve(
        times=tuple(times),
        at_risk=tuple(at_risk),
        churned=tuple(churned_counts),
        survival=tuple(survival),
    )


def relationship_duration(
    relationships: Iterable[tuple[dt.date, dt.date | None]], *, as_of: dt.date
) -> float:
    """The texts' "average duration of relationships" (001:10352–10356), in days.

    A relationship still running at ``as_of`` (end ``None``) counts up to ``as_of``: this is
    the *observed* mean duration, which understates the eventual one while relationships
    are still running (use :func:`survival_curve` for that, with ongoing ones censored).

    Args:
        relationships: ``(start, end or None)`` per customer.
        as_of: The date the data describe.

    Returns:
        Mean observed duration [days]; ``nan`` for no relationships.

    >>> import datetime as dt
    >>> relationship_duration([(dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
    ...                        (dt.date(2024, 1, 1), None)], as_of=dt.date(2024, 3, 1))
    45.0
    """
    days: list[int] = []
    for index, (start, end) in enumerate(relationships):
        stop = as_of if end is None else end
        if not (start <= stop <= as_of):
            msg = (
                f"'relationships[{index}]' must run from start to an end no later than "
                f"as_of {as_of!r} (got {(start, end)!r})"
            )
            raise InvalidArgument(msg, field=f"relationships[{index}]", value=(start, end))
        days.append((stop - start).days)
    return math.fsum(days) / len(days) if days else math.nan


def repeat_purchasers(
    transactions: Iterable[tuple[Hashable, dt.date, float]],
    *,
    window_start: dt.date,
    as_of: dt.date,
) -> tuple[float, float, float]:
    """The texts' three "Repeat Purchasers" measures, as fractions (001:10339–10345).

    "(a) number of repeat purchase customers over the past year as a % of total number of
    customers or, (b) Value of repeat sales as a % of total sales or, (c) % of purchases by
    current customers." The text leaves the terms open; here, with the window
    ``[window_start, as_of]`` (the past year by default in practice):

    * (a) customers with at least two purchases in the window / customers with any
      purchase up to ``as_of``;
    * (b) value of the window's sales made by a customer who had bought before (earlier in
      the window or before it) / value of all the window's sales;
    * (c) purchases in the window by customers whose first purchase was before the window
      ("current" customers, not new ones) / all purchases in the window.

    Args:
        transactions: ``(customer_id, date, amount)`` rows; amounts >= 0.
        window_start: First day of the window.
        as_of: Last day of the window; later rows are ignored.

    Returns:
        ``(a, b, c)``; each ``nan`` when its denominator is zero.

    >>> import datetime as dt
    >>> rows = [("a", dt.date(2023, 5, 1), 10.0), ("a", dt.date(2024, 2, 1), 30.0),
    ...         ("a", dt.date(2024, 3, 1), 20.0), ("b", dt.date(2024, 4, 1), 50.0)]
    >>> repeat_purchasers(rows, window_start=dt.date(2024, 1, 1), as_of=dt.date(2024, 12, 31))
    (0.5, 0.5, 0.6666666666666666)
    """
    if window_start > as_of:
        msg = f"'window_start' must not be after as_of {as_of!r} (got {window_start!r})"
        raise InvalidArgument(msg, field="window_start", value=window_start)
    rows = []
    for index, row in enumerate(transactions):
        customer, date, amount = row
        if isinstance(date, dt.datetime):  # a timestamp (pandas' too): its calendar day
            date = date.date()
        valid_date = isinstance(date, dt.date)
        if not (valid_date and is_finite_number(amount) and amount >= 0):
            msg = f"'transactions[{index}]' must be (customer, date, amount >= 0) (got {row!r})"
            raise InvalidArgument(msg, field=f"transactions[{index}]", value=row)
        if date <= as_of:
            rows.append((date, index, customer, float(amount)))
    rows.sort(key=lambda r: (r[0], r[1]))
    seen: set[Hashable] = set()
    first: dict[Hashable, dt.date] = {}
    in_window: dict[Hashable, int] = defaultdict(int)
    total_value = repeat_value = 0.0
    purchases = current_purchases = 0
    for date, _index, customer, amount in rows:
        first.setdefault(customer, date)
        if date >= window_start:
            in_window[customer] += 1
            total_value += amount
            purchases += 1
            if customer in seen:
                repeat_value += amount
            if first[customer] < window_start:
                current_purchases += 1
        seen.add(customer)
    repeaters = sum(1 for count in in_window.values() if count >= 2)  # noqa: PLR2004 - "repeat"
    a = repeaters / len(first) if first else math.nan
    b = repeat_value / total_value if total_value else math.nan
    c = current_purchases / purchases if purchases else math.nan
    return a, b, c


def key_customer_sales_share(*, key_customer_sales: float, gross_sales: float) -> float:
    """Value of key customers (a): their sales as a share of gross sales (001:10364–10369).

    Args:
        key_customer_sales: Sales or contracts to key customers in the period [money].
        gross_sales: All sales or contracts in the period [money, > 0].

    Returns:
        The share [fraction].

    >>> key_customer_sales_share(key_customer_sales=300, gross_sales=1200)
    0.25
    """
    return _share("key_customer_sales", key_customer_sales, "gross_sales", gross_sales)


def key_customer_referral_share(*, referral_sales: float, total_sales: float) -> float:
    """Value of key customers (b): sales gained through their referrals, as a share of all.

    Args:
        referral_sales: Sales or contracts referred by key customers [money].
        total_sales: All sales or contracts [money, > 0].

    Returns:
        The share [fraction].

    >>> key_customer_referral_share(referral_sales=90, total_sales=1200)
    0.075
    """
    return _share("referral_sales", referral_sales, "total_sales", total_sales)


def share_of_wallet(*, our_spend: float, category_spend: float) -> float:
    """Share of wallet: the customer's spend with us over their spend in the category.

    001:10073 names it ("share of customer (known as share of wallet in the banking
    sector)") without a formula; this is the usual one.

    Args:
        our_spend: What the customer spends with us [money].
        category_spend: What they spend in the category, with everyone [money, > 0].

    Returns:
        The share [fraction].

    >>> share_of_wallet(our_spend=150, category_spend=600)
    0.25
    """
    return _share("our_spend", our_spend, "category_spend", category_spend)


def _share(part_name: str, part: float, whole_name: str, whole: float) -> float:
    check_non_negative(part_name, part)
    check_non_negative(whole_name, whole)
    if whole == 0 or part > whole:
        msg = f"'{part_name}' must be at most '{whole_name}' > 0 (got {part!r} of {whole!r})"
        raise InvalidArgument(msg, field=part_name, value=part)
    return part / whole
