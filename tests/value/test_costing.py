"""Golden and property tests for activity-based costing and customer profitability.

Golden values: Kaplan & Anderson (2004), "Time-driven activity-based costing", *HBR*
82(11):131–138, the customer-service department example (quarterly cost 560,000; 49,000
orders, 1,400 inquiries, 2,500 credit checks), as listed in anchors-value.md §3.9; the
whale-curve, Pareto and pyramid cases are worked by hand in the comments.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.value._abc import (
    activity_rates,
    cost_to_serve,
    pool_costs_from_shares,
    time_driven_abc,
)
from crmkit.value._profitability import (
    customer_pyramid,
    pareto_classes,
    profitability_statement,
    whale_curve,
)

QUANTITIES = {"orders": 49_000, "inquiries": 1_400, "credit checks": 2_500}


def test_kaplan_anderson_conventional_abc() -> None:
    """K&A 2004: a time survey of 70 / 10 / 20 % gives 8.00 per order, 40.00 per inquiry and
    44.80 per credit check."""
    pools = pool_costs_from_shares(
        cost=560_000, shares={"orders": 0.7, "inquiries": 0.1, "credit checks": 0.2}
    )
    rates = activity_rates(pool_costs=pools, driver_quantities=QUANTITIES)
    assert {a: round(r, 2) for a, r in rates.items()} == {
        "orders": 8.00,
        "inquiries": 40.00,
        "credit checks": 44.80,
    }


def test_kaplan_anderson_time_driven_abc() -> None:
    """K&A 2004: 700,000 practical minutes -> 0.80 a minute; unit times 8 / 44 / 50 minutes
    -> 6.40 / 35.20 / 40.00; 578,600 minutes used (82.66 %), 462,880 assigned, 121,400
    minutes = 97,120 unused."""
    result = time_driven_abc(
        cost=560_000,
        practical_capacity=700_000,
        unit_times={"orders": 8, "inquiries": 44, "credit checks": 50},
        quantities=QUANTITIES,
    )
    assert result.capacity_cost_rate == pytest.approx(0.80)
    assert {a: round(r, 2) for a, r in result.rates.items()} == {
        "orders": 6.40,
        "inquiries": 35.20,
        "credit checks": 40.00,
    }
    assert result.used_capacity == 578_600
    assert round(result.utilisation * 100, 2) == 82.66
    assert result.assigned_cost == pytest.approx(462_880)
    assert result.unused_capacity == 121_400
    assert result.unused_cost == pytest.approx(97_120)


def test_cost_to_serve_and_the_statement() -> None:
    """By hand at the TDABC rates: acme 10 orders + 2 inquiries = 64 + 70.40 = 134.40;
    zenith 1 order + 6 inquiries + 3 credit checks = 6.40 + 211.20 + 120 = 337.60."""
    rates = {"orders": 6.4, "inquiries": 35.2, "credit checks": 40.0}
    usage = {
        "acme": {"orders": 10, "inquiries": 2},
        "zenith": {"orders": 1, "inquiries": 6, "credit checks": 3},
    }
    served = cost_to_serve(usage, rates=rates)
    assert served["acme"] == pytest.approx(134.40)
    assert served["zenith"] == pytest.approx(337.60)
    statement = profitability_statement(
        revenue={"acme": 1000.0, "zenith": 400.0},
        product_cost={"acme": 600.0, "zenith": 200.0},
        cost_to_serve=served,
        unallocated_cost=50.0,
    )
    # acme 1000 − 600 − 134.40 = 265.60; zenith 400 − 200 − 337.60 = −137.60
    assert [c.customer for c in statement.customers] == ["acme", "zenith"]
    assert statement.customers[1].profit == pytest.approx(-137.60)
    assert statement.company_profit == pytest.approx(265.60 - 137.60 - 50.0)
    segment = statement.by_segment({"acme": "retail", "zenith": "retail"})["retail"]
    assert segment.profit == pytest.approx(128.0)
    assert "<table>" in statement._repr_html_()


def test_whale_curve_by_hand() -> None:
    """Profits 60, 30, 20, −10, −40 (total 60): cumulative 60, 90, 110, 100, 60 -> shares
    1.0, 1.5, 1.833, 1.667, 1.0; the hump at 3 of 5 customers, 110."""
    curve = whale_curve({"d": -10.0, "a": 60.0, "c": 20.0, "b": 30.0, "e": -40.0})
    assert curve.customers == ("a", "b", "c", "d", "e")
    assert curve.cumulative_profit == (60.0, 90.0, 110.0, 100.0, 60.0)
    assert [round(s, 3) for s in curve.cumulative_share] == [1.0, 1.5, 1.833, 1.667, 1.0]
    assert curve.peak == (0.6, 110.0)
    assert all(math.isnan(s) for s in whale_curve({"a": -1.0}).cumulative_share)


def test_pareto_boundary_rule_by_hand() -> None:
    """Values 50, 25, 10, 8, 5, 2 (total 100): before each, 0, 50, 75, 85, 93, 98 % of the
    total -> A, A, A (75 < 80: the customer crossing 80 % is A), B, B, C; a customer with a
    negative value is C."""
    values = {"p": 50.0, "q": 25.0, "r": 10.0, "s": 8.0, "t": 5.0, "u": 2.0, "v": -3.0}
    assert dict(pareto_classes(values)) == {
        "p": "A",
        "q": "A",
        "r": "A",
        "s": "B",
        "t": "B",
        "u": "C",
        "v": "C",
    }


def test_pyramid_by_hand() -> None:
    """Ten customers; top 20 % by value (2) most valuable; of the rest, top 20 % by gap
    (potential − actual, positive) most growable; negatives below zero."""
    actual = {f"c{k}": float(v) for k, v in enumerate([90, 80, 40, 30, 20, 10, 5, 0, -5, -20])}
    potential = {"c2": 45.0, "c3": 130.0, "c5": 60.0, "c6": 6.0, "c8": 100.0}
    tiers = customer_pyramid(actual, potential, most_valuable_share=0.2, most_growable_share=0.2)
    assert [c for c, t in tiers.items() if t == "most_valuable"] == ["c0", "c1"]
    # gaps: c2 5, c3 100, c5 50, c6 1 -> c3 and c5; c8 is below zero whatever its potential
    assert [c for c, t in tiers.items() if t == "most_growable"] == ["c3", "c5"]
    assert [c for c, t in tiers.items() if t == "below_zero"] == ["c8", "c9"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: pool_costs_from_shares(cost=10, shares={"a": 0.5, "b": 0.4}), "shares"),
        (
            lambda: activity_rates(pool_costs={"a": 1.0}, driver_quantities={"a": 0}),
            "driver_quantities['a']",
        ),
        (
            lambda: activity_rates(pool_costs={"a": 1.0}, driver_quantities={"b": 2}),
            "driver_quantities",
        ),
        (
            lambda: time_driven_abc(
                cost=1, practical_capacity=0, unit_times={"a": 1}, quantities={"a": 1}
            ),
            "practical_capacity",
        ),
        (
            lambda: time_driven_abc(
                cost=1, practical_capacity=9, unit_times={"a": 1}, quantities={"b": 1}
            ),
            "quantities",
        ),
        (lambda: cost_to_serve({"x": {"visits": 2}}, rates={"orders": 1.0}), "usage['x']"),
        (
            lambda: cost_to_serve({"x": {"orders": -2}}, rates={"orders": 1.0}),
            "usage['x']['orders']",
        ),
        (lambda: cost_to_serve({"x": 3}, rates={"orders": 1.0}), "usage['x']"),
        (lambda: profitability_statement({"a": math.nan}, {}, {}), "revenue['a']"),
        (lambda: pareto_classes({"a": 1.0}, a_boundary=0.9, b_boundary=0.8), "b_boundary"),
        (
            lambda: customer_pyramid(
                {"a": 1.0}, {}, most_valuable_share=1.5, most_growable_share=0.1
            ),
            "most_valuable_share",
        ),
    ],
)
def test_bad_input_names_the_field(call, field) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert raised.value.field == field


USAGE = st.dictionaries(
    st.text(min_size=1, max_size=4),
    st.dictionaries(st.sampled_from(["orders", "inquiries", "visits"]), st.integers(0, 1000)),
    max_size=30,
)
RATES = st.fixed_dictionaries({k: st.floats(0, 500) for k in ("orders", "inquiries", "visits")})


@given(USAGE, RATES)
def test_allocation_conserves_cost(usage, rates) -> None:
    """Business rule: allocating activity costs to customers neither creates nor loses
    cost: the customers' costs add up to each activity's rate times its total use."""
    served = cost_to_serve(usage, rates=rates)
    totals = {a: sum(u.get(a, 0) for u in usage.values()) for a in rates}
    expected = math.fsum(rates[a] * totals[a] for a in rates)
    assert math.fsum(served.values()) == pytest.approx(expected, rel=1e-9, abs=1e-6)


PROFITS = st.dictionaries(
    st.text(min_size=1, max_size=4), st.floats(-1e6, 1e6, allow_nan=False), max_size=40
)


@given(PROFITS)
def test_whale_curve_ends_at_total_profit(profits) -> None:
    """Business rule: the whale curve ends at the company's total customer profit and its
    hump is never below it (the most profitable customers come first)."""
    curve = whale_curve(profits)
    if profits:
        assert curve.cumulative_profit[-1] == pytest.approx(curve.total_profit, abs=1e-6)
        assert curve.peak[1] >= curve.total_profit - 1e-6


@given(PROFITS)
def test_pareto_classes_respect_the_ranking(values) -> None:
    """Business rule: a customer worth more is never in a lower class than one worth less."""
    classes = pareto_classes(values)
    rank = {"A": 0, "B": 1, "C": 2}
    for a, va in values.items():
        for b, vb in values.items():
            if va > vb:
                assert rank[classes[a]] <= rank[classes[b]]


@given(PROFITS, st.floats(0, 1), st.floats(0, 1))
def test_pyramid_tiers_partition_the_customers(actual, mvc, mgc) -> None:
    """Business rule: every customer is in exactly one tier, below-zero exactly when the
    actual value is negative, and most valuable ones are worth at least any "other" one."""
    tiers = customer_pyramid(actual, {}, most_valuable_share=mvc, most_growable_share=mgc)
    assert set(tiers) == set(actual)
    for customer, tier in tiers.items():
        assert (tier == "below_zero") == (actual[customer] < 0)
    valuable = [actual[c] for c, t in tiers.items() if t == "most_valuable"]
    others = [actual[c] for c, t in tiers.items() if t == "other"]
    if valuable and others:
        assert min(valuable) >= max(others)
