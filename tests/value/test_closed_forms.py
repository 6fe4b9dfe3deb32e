"""Golden and property tests for the closed-form value and acquisition formulas.

Golden values: the worked values of /work/shared/domain/anchors-value.md §3.7 (Gupta &
Lehmann 2003 margin multiple; Gupta, Lehmann & Stuart 2004 growth; Skok "SaaS Metrics 2.0";
Blattberg & Deighton 1996) and the texts' 3:1 example (001:10155–10157). Each closed form is
also checked against its series summed term by term in the test (an independent
calculation), never against crmkit's own output.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.value._acquisition import (
    attraction_and_retention_cost,
    cac_payback_periods,
    cost_per_acquisition,
    customer_acquisition_cost,
    fully_loaded_acquisition_cost,
    ltv_to_cac,
    max_acquisition_cost,
    meets_ltv_to_cac_guideline,
)
from crmkit.value._closed_forms import (
    blattberg_deighton_equity,
    customer_equity,
    expected_lifetime,
    margin_multiple,
    net_lifetime_value,
    retention_clv,
    subscription_ltv,
    textbook_clv,
    textbook_ltv,
)

SERIES_TERMS = 5000  # terms summed for an "infinite" series; r/(1+i) <= 0.99 leaves < 1e-20


def series(margin, retention, discount, *, first_now=False, periods=None, growth=0.0):
    """The CLV stream summed term by term: margin m·(1+g)^k in each period the customer is
    still there (probability r^t), discounted by (1+i)^t; t from 0 (now) or from 1."""
    count = SERIES_TERMS if periods is None else periods
    start = 0 if first_now else 1
    kept = retention / (1 + discount)  # r/(1+i): one period survived and discounted
    grown = retention * (1 + growth) / (1 + discount)
    return math.fsum(margin * kept**start * grown**k for k in range(count))


# --------------------------------------------------------------------------------------------
# Margin multiple: anchors-value.md §3.7, the r × i table of r/(1+i−r) (Gupta & Lehmann 2003)

MARGIN_MULTIPLE_TABLE = {
    0.6: (1.200, 1.154, 1.111, 1.071),
    0.7: (1.750, 1.667, 1.591, 1.522),
    0.8: (2.667, 2.500, 2.353, 2.222),
    0.9: (4.500, 4.091, 3.750, 3.462),
}
DISCOUNT_COLUMNS = (0.10, 0.12, 0.14, 0.16)


@pytest.mark.parametrize(
    ("retention", "discount", "expected"),
    [
        (r, i, row[k])
        for r, row in MARGIN_MULTIPLE_TABLE.items()
        for k, i in enumerate(DISCOUNT_COLUMNS)
    ],
)
def test_margin_multiple_table(retention, discount, expected) -> None:
    value = margin_multiple(retention_rate=retention, discount_rate=discount)
    assert round(value, 3) == expected
    assert value == pytest.approx(series(1.0, retention, discount), rel=1e-12)


def test_worked_values_of_the_retention_closed_form() -> None:
    """anchors-value.md §3.7: m = 100, r = 0.8, i = 0.12."""
    base = {"margin": 100, "retention_rate": 0.8, "discount_rate": 0.12}
    assert round(retention_clv(**base), 2) == 250.00
    assert round(retention_clv(**base, first_margin="now"), 2) == 350.00
    assert round(retention_clv(**base, periods=5), 4) == 203.5164
    assert round(retention_clv(**base, periods=10), 4) == 241.3571
    assert round(retention_clv(**base, growth_rate=0.05), 4) == 285.7143  # GLS 2004
    assert round(expected_lifetime(retention_rate=0.8), 12) == 5.0


@pytest.mark.parametrize("first_now", [False, True])
@pytest.mark.parametrize("periods", [None, 0, 1, 7, 40])
@pytest.mark.parametrize("growth", [0.0, 0.05, -0.1])
def test_closed_form_equals_the_series(first_now, periods, growth) -> None:
    first = "now" if first_now else "after_one_period"
    value = retention_clv(
        margin=100,
        retention_rate=0.8,
        discount_rate=0.12,
        first_margin=first,
        periods=periods,
        growth_rate=growth,
    )
    expected = series(100, 0.8, 0.12, first_now=first_now, periods=periods, growth=growth)
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_saas_unit_economics() -> None:
    """Skok, "SaaS Metrics 2.0" (anchors-value.md §3.7): ARPA 100/month, gross margin 80 %,
    monthly churn 2 %, CAC 1,200 -> LTV 4,000, LTV:CAC 3.333, payback 15.0 months;
    discounted at 1 %/month in the Gupta–Lehmann form, 80·0.98/(1.01−0.98) = 2,613.33."""
    ltv = subscription_ltv(revenue_per_period=100, gross_margin=0.8, churn_rate=0.02)
    assert round(ltv, 2) == 4000.00
    assert round(ltv_to_cac(lifetime_value=ltv, acquisition_cost=1200), 3) == 3.333
    assert cac_payback_periods(acquisition_cost=1200, revenue_per_period=100, gross_margin=0.8) == (
        pytest.approx(15.0)
    )
    discounted = retention_clv(margin=80, retention_rate=0.98, discount_rate=0.01)
    assert round(discounted, 2) == 2613.33
    # Skok's form is the first-margin-now convention without discounting
    assert ltv == pytest.approx(
        retention_clv(margin=80, retention_rate=0.98, discount_rate=0.0, first_margin="now")
    )


def test_blattberg_deighton_customer_equity() -> None:
    """anchors-value.md §3.7: a=0.2, m=100, A=10, R=20, r=0.6, d=0.15 -> 24.5455 per prospect;
    also the stream summed: a·m − A now, then per period t >= 1 a·(m·r^t − R·r^(t−1))/(1+d)^t
    (retention spend R on each customer alive at the start of the period)."""
    value = blattberg_deighton_equity(
        acquisition_rate=0.2,
        margin=100,
        acquisition_spend=10,
        retention_spend=20,
        retention_rate=0.6,
        discount_rate=0.15,
    )
    assert round(value, 4) == 24.5455
    summed = (
        0.2 * 100
        - 10
        + math.fsum(
            0.2 * (100 * 0.6**t - 20 * 0.6 ** (t - 1)) / 1.15**t for t in range(1, SERIES_TERMS)
        )
    )
    assert value == pytest.approx(summed, rel=1e-12)


# --------------------------------------------------------------------------------------------
# The texts' formulas (001:10125–10157) and the three CACs


def test_the_texts_3_to_1_example() -> None:
    """001:10155–10157: "making $150 for every $50 spent falls within this 3:1 guideline":
    inclusive at 3.0; just below is not; 0.3 / 0.1 (2.9999999999999996 in binary) is 3:1."""
    assert ltv_to_cac(lifetime_value=150, acquisition_cost=50) == 3.0
    assert meets_ltv_to_cac_guideline(lifetime_value=150, acquisition_cost=50)
    assert not meets_ltv_to_cac_guideline(lifetime_value=149.99, acquisition_cost=50)
    assert meets_ltv_to_cac_guideline(lifetime_value=0.3, acquisition_cost=0.1)
    assert max_acquisition_cost(lifetime_value=150) == 50.0


def test_the_texts_ltv_and_clv() -> None:
    """001:10131–10136 by hand: 50 a sale x 4 a year x 3 years = 600; x 25 % margin = 150."""
    ltv = textbook_ltv(average_sale=50, transactions_per_period=4, retention_periods=3)
    assert ltv == 600.0
    assert textbook_clv(lifetime_value=ltv, profit_margin=0.25) == 150.0
    # 000:121 by hand: 900 bought − 120 to acquire − 80 to keep + 50 of referrals = 750
    assert net_lifetime_value(
        lifetime_purchases=900, acquisition_cost=120, retention_costs=80, referral_value=50
    ) == pytest.approx(750.0)


def test_the_three_cacs_differ_by_what_they_divide() -> None:
    """By hand: 001:10146 divides sales and marketing spend by new customers; 001:11150
    adds research; 001:10348 counts attraction and retention over customers served."""
    assert customer_acquisition_cost(sales_and_marketing_expenses=5000, new_customers=100) == 50
    assert fully_loaded_acquisition_cost(
        research=1000, marketing=3000, advertising=2000, new_customers=100
    ) == pytest.approx(60.0)
    assert attraction_and_retention_cost(
        acquisition_costs=4000, retention_costs=1000, customers=250
    ) == pytest.approx(20.0)
    assert cost_per_acquisition(channel_spend=1200, acquisitions=40) == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda: customer_acquisition_cost(sales_and_marketing_expenses=10, new_customers=0),
            "new_customers",
        ),
        (lambda: cost_per_acquisition(channel_spend=-1, acquisitions=3), "channel_spend"),
        (lambda: ltv_to_cac(lifetime_value=10, acquisition_cost=0), "acquisition_cost"),
        (lambda: retention_clv(margin=1, retention_rate=1.0, discount_rate=0.0), "retention_rate"),
        (lambda: retention_clv(margin=1, retention_rate=0.5, discount_rate=-1.0), "discount_rate"),
        (
            lambda: retention_clv(margin=1, retention_rate=0.5, discount_rate=0.1, periods=-1),
            "periods",
        ),
        (
            lambda: retention_clv(margin=1, retention_rate=0.5, discount_rate=0.1, periods=2.0),
            "periods",
        ),  # type: ignore[arg-type]
        (
            lambda: retention_clv(
                margin=1, retention_rate=0.5, discount_rate=0.1, first_margin="later"
            ),
            "first_margin",
        ),  # type: ignore[arg-type]
        (lambda: retention_clv(margin=math.nan, retention_rate=0.5, discount_rate=0.1), "margin"),
        (lambda: expected_lifetime(retention_rate=1.0), "retention_rate"),
        (lambda: textbook_clv(lifetime_value=100, profit_margin=25), "profit_margin"),
        (
            lambda: subscription_ltv(revenue_per_period=1, gross_margin=0.5, churn_rate=0),
            "churn_rate",
        ),
        (lambda: customer_equity([1.0, math.nan]), "lifetime_values[1]"),
        (lambda: customer_equity([1.0, "2"]), "lifetime_values[1]"),
    ],
)
def test_bad_arguments_name_the_field(call, field) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert raised.value.field == field
    assert repr(raised.value.value) in str(raised.value) or field.startswith("lifetime_values")


def test_a_finite_horizon_with_certain_retention_and_no_discount() -> None:
    """By hand: r = 1, i = 0, no growth: T margins of 100 each, either convention."""
    for first in ("after_one_period", "now"):
        assert retention_clv(
            margin=100, retention_rate=1.0, discount_rate=0.0, periods=4, first_margin=first
        ) == pytest.approx(400.0)


def test_payback_without_margin_never_ends() -> None:
    assert cac_payback_periods(acquisition_cost=10, revenue_per_period=0, gross_margin=0.5) == (
        math.inf
    )
    assert customer_equity([]) == 0.0


# --------------------------------------------------------------------------------------------
# Properties

RATES = st.floats(min_value=0.0, max_value=0.95)
DISCOUNTS = st.floats(min_value=0.0, max_value=0.5)
MARGINS = st.floats(min_value=0.0, max_value=1e6)


@given(RATES, RATES, DISCOUNTS, MARGINS)
def test_clv_is_monotone_in_retention(r1, r2, discount, margin) -> None:
    """Business rule: keeping customers longer never lowers their value (margin >= 0)."""
    low, high = sorted((r1, r2))
    for first in ("after_one_period", "now"):
        a = retention_clv(
            margin=margin, retention_rate=low, discount_rate=discount, first_margin=first
        )
        b = retention_clv(
            margin=margin, retention_rate=high, discount_rate=discount, first_margin=first
        )
        assert a <= b * (1 + 1e-12) + 1e-9


@given(RATES, DISCOUNTS, MARGINS, MARGINS)
def test_clv_is_monotone_in_margin_and_zero_at_zero_margin(rate, discount, m1, m2) -> None:
    """Business rule: a larger margin is worth more, and no margin is worth nothing."""
    low, high = sorted((m1, m2))
    value = lambda m: retention_clv(margin=m, retention_rate=rate, discount_rate=discount)  # noqa: E731
    assert value(low) <= value(high)
    assert value(0.0) == 0.0


@given(RATES, DISCOUNTS, st.floats(min_value=0.0, max_value=1e4), st.integers(0, 200))
def test_finite_horizons_grow_towards_the_infinite_one(rate, discount, margin, periods) -> None:
    """Business rule: counting more periods adds value, never beyond the infinite horizon."""
    args = {"margin": margin, "retention_rate": rate, "discount_rate": discount}
    shorter = retention_clv(**args, periods=periods)
    longer = retention_clv(**args, periods=periods + 1)
    forever = retention_clv(**args)
    assert shorter <= longer * (1 + 1e-12) + 1e-9
    assert longer <= forever * (1 + 1e-12) + 1e-9


@given(RATES, DISCOUNTS, MARGINS)
def test_the_first_margin_now_is_worth_one_margin_more(rate, discount, margin) -> None:
    """Business rule: receiving the first margin now, with certainty, adds exactly m."""
    args = {"margin": margin, "retention_rate": rate, "discount_rate": discount}
    now = retention_clv(**args, first_margin="now")
    later = retention_clv(**args)
    assert now == pytest.approx(later + margin, rel=1e-9, abs=1e-9)


@given(
    st.floats(min_value=0.01, max_value=1e6),
    st.floats(min_value=0.01, max_value=1e6),
    st.floats(min_value=0.5, max_value=10),
)
def test_the_guideline_agrees_with_the_ratio(ltv, cac, ratio) -> None:
    """Business rule: a customer meets the guideline exactly when LTV/CAC reaches it."""
    meets = meets_ltv_to_cac_guideline(lifetime_value=ltv, acquisition_cost=cac, ratio=ratio)
    exact = ltv / cac
    if not math.isclose(exact, ratio, rel_tol=1e-6):
        assert meets == (exact >= ratio)
    assert meets_ltv_to_cac_guideline(
        lifetime_value=max_acquisition_cost(lifetime_value=ltv, ratio=ratio) * ratio,
        acquisition_cost=max_acquisition_cost(lifetime_value=ltv, ratio=ratio),
        ratio=ratio,
    )
