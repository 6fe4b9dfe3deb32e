"""The customer-value part of ``crmkit demo``: unit economics, CLV models, profitability.

Runs on a transaction log the library generates (:func:`crmkit.testing.generate_transactions`,
the BG/NBD story at the published CDNOW parameters), so it needs no files.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from typing import TextIO

from crmkit.testing import CDNOW_PARAMETERS, generate_transactions
from crmkit.value import (
    cac_payback_periods,
    calibration_and_holdout,
    cost_to_serve,
    discounted_clv,
    fit_bg_nbd,
    fit_gamma_gamma,
    ltv_to_cac,
    meets_ltv_to_cac_guideline,
    pareto_classes,
    profitability_statement,
    retention_clv,
    subscription_ltv,
    time_driven_abc,
    whale_curve,
)

CALIBRATION_END = dt.date(1997, 9, 30)  # CDNOW's calibration period: weeks 1-39
HOLDOUT_END = dt.date(1998, 6, 30)  # and its holdout: weeks 40-78
TOP_SHOWN = 5  # customers shown by CLV
#: Illustrative, not the texts': a product cost of 60 % of revenue, and Kaplan & Anderson's
#: (2004) 8 minutes an order at their capacity cost rate of 0.80 a minute, with a quarter
#: of the capacity left unused.
ILLUSTRATIVE_PRODUCT_COST_SHARE = 0.6
KAPLAN_ANDERSON_MINUTES = {"orders": 8.0}
KAPLAN_ANDERSON_RATE = 0.8  # money per minute
ILLUSTRATIVE_CAPACITY_MARGIN = 1.25  # practical capacity over the time the orders take


def value_demo(*, customers: int, seed: int, out: TextIO) -> None:
    """Write the value part of the demo to ``out``."""
    out.write("Unit economics (Skok's SaaS example: ARPA 100/month, 80% margin, 2% churn):\n")
    ltv = subscription_ltv(revenue_per_period=100, gross_margin=0.8, churn_rate=0.02)
    ratio = ltv_to_cac(lifetime_value=ltv, acquisition_cost=1200)
    meets = meets_ltv_to_cac_guideline(lifetime_value=ltv, acquisition_cost=1200)
    payback = cac_payback_periods(acquisition_cost=1200, revenue_per_period=100, gross_margin=0.8)
    out.write(
        f"  LTV {ltv:,.0f}; with CAC 1,200: LTV:CAC {ratio:.2f} (3:1 met: {meets}), payback "
        f"{payback:.0f} months\n"
    )
    discounted = retention_clv(margin=80, retention_rate=0.98, discount_rate=0.01)
    out.write(f"  discounted at 1% a month: {discounted:,.2f}\n\n")

    log = generate_transactions(customers, rng=random.Random(seed))
    split = calibration_and_holdout(
        log.rows, calibration_end=CALIBRATION_END, observation_end=HOLDOUT_END, unit="weeks"
    )
    summaries = [s.calibration for s in split]
    started = time.perf_counter()
    purchases = fit_bg_nbd(summaries)
    spend = fit_gamma_gamma(summaries)
    elapsed = time.perf_counter() - started
    truth = ", ".join(f"{k} {CDNOW_PARAMETERS[k]}" for k in ("r", "alpha", "a", "b"))
    fitted = ", ".join(f"{k} {v:.3f}" for k, v in purchases.params.items())
    out.write(
        f"{len(summaries):,} generated customers, weeks 1-39 (BG/NBD + Gamma-Gamma fitted in "
        f"{elapsed * 1000:.0f} ms):\n  BG/NBD {fitted} (generated with {truth})\n"
    )
    weeks = (HOLDOUT_END - CALIBRATION_END).days / 7
    predicted = sum(purchases.conditional_expected_purchases_for(summaries, t=weeks))
    actual = sum(s.frequency_holdout for s in split)
    out.write(f"  weeks 40-78: {predicted:,.0f} repeat purchases predicted, {actual:,} made\n")
    values = discounted_clv(
        summaries,
        purchases=purchases,
        spend=spend,
        horizon=12,
        period="months",
        discount_rate=0.01,
    )
    out.write("  12-month CLV at 1% a month, the top customers:\n")
    for summary in sorted(summaries, key=lambda s: -values[s.customer_id])[:TOP_SHOWN]:
        alive = purchases.p_alive(frequency=summary.frequency, recency=summary.recency, T=summary.T)
        out.write(
            f"    {summary.customer_id}: {summary.frequency} repeat purchases, last in week "
            f"{summary.recency:.0f}, P(alive) {alive:.2f}, CLV {values[summary.customer_id]:,.2f}\n"
        )

    _profitability(log.rows, out=out)


def _profitability(rows: tuple[tuple[str, dt.date, float], ...], *, out: TextIO) -> None:
    revenue: dict[str, float] = defaultdict(float)
    orders: Counter[str] = Counter()
    for customer, day, amount in rows:
        if day <= CALIBRATION_END:
            revenue[customer] += amount
            orders[customer] += 1
    usage = {c: {"orders": float(n)} for c, n in orders.items()}
    totals = {"orders": float(sum(orders.values()))}
    capacity = ILLUSTRATIVE_CAPACITY_MARGIN * KAPLAN_ANDERSON_MINUTES["orders"] * totals["orders"]
    costing = time_driven_abc(
        cost=KAPLAN_ANDERSON_RATE * capacity,
        practical_capacity=capacity,
        unit_times=KAPLAN_ANDERSON_MINUTES,
        quantities=totals,
    )
    served = cost_to_serve(usage, rates=costing.rates)
    statement = profitability_statement(
        revenue,
        {c: ILLUSTRATIVE_PRODUCT_COST_SHARE * r for c, r in revenue.items()},
        served,
        unallocated_cost=costing.unused_cost,
    )
    profits = {c.customer: c.profit for c in statement.customers}
    curve = whale_curve(profits)
    classes = Counter(pareto_classes(profits).values())
    losing = sum(1 for p in profits.values() if p < 0)
    out.write(
        "\nCustomer profitability, weeks 1-39 (time-driven ABC at 0.80 a minute, 8 minutes an "
        "order; product cost 60% of revenue: illustrative):\n"
        f"  {losing:,} of {len(profits):,} customers lose money; unused capacity "
        f"{costing.unused_capacity:,.0f} minutes ({costing.unused_cost:,.2f}), company profit "
        f"{statement.company_profit:,.2f}\n"
    )
    if curve.total_profit > 0:
        out.write(
            f"  whale curve: the top {curve.peak[0]:.0%} of customers earn "
            f"{curve.peak[1] / curve.total_profit:.0%} of the customer profit\n"
        )
    out.write(f"  A/B/C classes: {classes['A']:,} / {classes['B']:,} / {classes['C']:,}\n")
