"""Golden and property tests for retention measures.

Golden values: the Kaplan–Meier estimates of the Freireich et al. (1963) 6-MP leukaemia
remission data as tabulated by Gehan (1965, *Biometrika* 52:203–223) and reproduced in
Kleinbaum & Klein, *Survival Analysis* (3rd ed., 2012), ch. 2, Table 2.2; the texts'
measures (001:10339–10369) on small data sets worked by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.value._retention import (
    churn_rate,
    cohort_retention,
    key_customer_referral_share,
    key_customer_sales_share,
    relationship_duration,
    repeat_purchasers,
    retention_rate,
    share_of_wallet,
    survival_curve,
)

# 6-MP group, weeks of remission; False = censored (still in remission when last seen).
SIX_MP = [
    (6, True), (6, True), (6, True), (6, False), (7, True), (9, False), (10, True),
    (10, False), (11, False), (13, True), (16, True), (17, False), (19, False), (20, False),
    (22, True), (23, True), (25, False), (32, False), (32, False), (34, False), (35, False),
]  # fmt: skip
# Kleinbaum & Klein Table 2.2: t_(j), n_j, m_j (churned), S(t_(j)) to 4 dp.
SIX_MP_KM = [
    (6, 21, 3, 0.8571),
    (7, 17, 1, 0.8067),
    (10, 15, 1, 0.7529),
    (13, 12, 1, 0.6902),
    (16, 11, 1, 0.6275),
    (22, 7, 1, 0.5378),
    (23, 6, 1, 0.4482),
]


def test_kaplan_meier_reproduces_the_6mp_table() -> None:
    curve = survival_curve(SIX_MP)
    assert list(curve.times) == [t for t, _, _, _ in SIX_MP_KM]
    assert list(curve.at_risk) == [n for _, n, _, _ in SIX_MP_KM]
    assert list(curve.churned) == [m for _, _, m, _ in SIX_MP_KM]
    assert [round(s, 4) for s in curve.survival] == [s for _, _, _, s in SIX_MP_KM]
    assert round(curve.at(15), 4) == 0.6902  # a step function: S(15) = S(13)
    assert curve.at(5) == 1.0


def test_period_retention_and_churn() -> None:
    """By hand: 200 customers at the start, 170 still there: r = 0.85, c = 30/200 = 0.15."""
    assert retention_rate(customers_at_start=200, customers_retained=170) == 0.85
    assert churn_rate(customers_at_start=200, customers_lost=30) == 0.15


def test_cohort_table_by_hand() -> None:
    """Cohort 0 = {a, b, d}: period 1 a and d active (2/3), period 2 only d (1/3); cohort 1 =
    {c}: active in 1 and 3, not 2 (a customer may come back)."""
    activity = [("a", 0), ("a", 1), ("b", 0), ("d", 0), ("d", 1), ("d", 2), ("c", 1), ("c", 3)]
    table = cohort_retention(activity)
    assert table.cohorts == (0, 1)
    assert table.sizes == (3, 1)
    assert table.rates[0] == pytest.approx((1.0, 2 / 3, 1 / 3, 0.0))
    assert table.rates[1] == (1.0, 0.0, 1.0)
    assert "<table>" in table._repr_html_()
    assert cohort_retention([]).cohorts == ()


def test_the_texts_repeat_purchaser_measures_by_hand() -> None:
    """001:10339–10345 on a year's window (2024): customers a (bought 2023 and twice in
    2024), b (once in 2024), c (once in 2022, not since), d (after the as-of date only).
    (a) repeaters / customers = 1 / 3 (a; of a, b, c); (b) repeat value / value =
    (30 + 20 + 0) / (30 + 20 + 50) = 0.5; (c) purchases by earlier customers = 2 of 3."""
    rows = [
        ("a", dt.date(2023, 5, 1), 10.0),
        ("a", dt.date(2024, 2, 1), 30.0),
        ("a", dt.datetime(2024, 3, 1, 15, 30), 20.0),  # a timestamp counts as its day
        ("b", dt.date(2024, 4, 1), 50.0),
        ("c", dt.date(2022, 7, 1), 99.0),
        ("d", dt.date(2025, 1, 5), 10.0),
    ]
    a, b, c = repeat_purchasers(rows, window_start=dt.date(2024, 1, 1), as_of=dt.date(2024, 12, 31))
    assert a == pytest.approx(1 / 3)
    assert b == pytest.approx(0.5)
    assert c == pytest.approx(2 / 3)


def test_relationship_duration_counts_running_ones_to_the_as_of_date() -> None:
    """By hand: 2024-01-01 to 01-31 is 30 days; to 2024-03-01 (leap year) is 31 + 29 = 60."""
    relationships = [(dt.date(2024, 1, 1), dt.date(2024, 1, 31)), (dt.date(2024, 1, 1), None)]
    assert relationship_duration(relationships, as_of=dt.date(2024, 3, 1)) == 45.0
    assert math.isnan(relationship_duration([], as_of=dt.date(2024, 3, 1)))


def test_shares() -> None:
    assert key_customer_sales_share(key_customer_sales=300, gross_sales=1200) == 0.25
    assert key_customer_referral_share(referral_sales=90, total_sales=1200) == 0.075
    assert share_of_wallet(our_spend=150, category_spend=600) == 0.25


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: retention_rate(customers_at_start=0, customers_retained=0), "customers_retained"),
        (lambda: churn_rate(customers_at_start=10, customers_lost=11), "customers_lost"),
        (lambda: churn_rate(customers_at_start=10.0, customers_lost=1), "customers_at_start"),
        (lambda: share_of_wallet(our_spend=700, category_spend=600), "our_spend"),
        (lambda: share_of_wallet(our_spend=-1, category_spend=600), "our_spend"),
        (lambda: survival_curve([(1, True), (-2, False)]), "durations[1]"),
        (lambda: survival_curve([(1, "yes")]), "durations[0]"),
        (lambda: cohort_retention([("a", 1.5)]), "activity[0]"),
        (
            lambda: relationship_duration([(dt.date(2024, 5, 1), None)], as_of=dt.date(2024, 1, 1)),
            "relationships[0]",
        ),
        (
            lambda: repeat_purchasers(
                [("a", "2024-01-01", 1.0)],
                window_start=dt.date(2024, 1, 1),
                as_of=dt.date(2024, 2, 1),
            ),
            "transactions[0]",
        ),
        (
            lambda: repeat_purchasers(
                [], window_start=dt.date(2024, 3, 1), as_of=dt.date(2024, 2, 1)
            ),
            "window_start",
        ),
    ],
)
def test_bad_input_names_the_field(call, field) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert raised.value.field == field


DURATIONS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=50), st.booleans()), min_size=1, max_size=60
)


@given(DURATIONS)
def test_survival_is_a_non_increasing_probability(durations) -> None:
    """Business rule: the share of customers still with us never rises with tenure and is a
    probability; with nobody censored it is the plain share still active."""
    curve = survival_curve(durations)
    values = [1.0, *curve.survival]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(b <= a for a, b in itertools.pairwise(values))
    if all(churned for _, churned in durations):
        for time in curve.times:
            beyond = sum(1 for d, _ in durations if d > time) / len(durations)
            assert curve.at(time) == pytest.approx(beyond)


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 12)), max_size=80))
def test_cohort_rates_are_shares_and_start_at_one(activity) -> None:
    """Business rule: every cohort is fully active in its first period, and a cohort's rate
    in any later period is a share of that cohort."""
    table = cohort_retention(activity)
    assert sum(table.sizes) == len({customer for customer, _ in activity})
    for row in table.rates:
        assert row[0] == 1.0
        assert all(0.0 <= rate <= 1.0 for rate in row)


@given(st.integers(1, 10_000), st.data())
def test_retention_and_churn_add_up(start, data) -> None:
    """Business rule: every customer at the start is either retained or lost."""
    lost = data.draw(st.integers(0, start))
    assert retention_rate(customers_at_start=start, customers_retained=start - lost) + churn_rate(
        customers_at_start=start, customers_lost=lost
    ) == pytest.approx(1.0)
