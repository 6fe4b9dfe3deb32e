"""Discounted CLV composed from a purchase model and a spend model."""

from __future__ import annotations

import math

import pytest

from crmkit import InvalidArgument
from crmkit.value import DAYS_PER_UNIT, BgNbdModel, CustomerSummary, GammaGammaModel, discounted_clv

# lifetimes' fitted CDNOW parameters (anchors-value.md §4.2): BG/NBD and Gamma-Gamma.
BG_NBD = BgNbdModel(r=0.242593, alpha=4.413532, a=0.792886, b=2.425752, unit="weeks")
GAMMA_GAMMA = GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477)
# CDNOW customer 0001: x = 2, t_x = 30.43, T = 38.86 weeks, mean repeat spend 22.35.
CUSTOMER_0001 = CustomerSummary(
    customer_id="0001", frequency=2, recency=30.43, T=38.86, unit="weeks", monetary_value=22.35
)
LIFETIMES_WEEKS_PER_MONTH = 4.345  # lifetimes' hard-coded conversion for freq="W"


class Rescaled:
    """A purchase model whose time runs ``factor`` times faster (to use lifetimes' month)."""

    def __init__(self, model: BgNbdModel, factor: float) -> None:
        self.model, self.factor = model, factor

    def conditional_expected_purchases(self, t, *, frequency, recency, T):  # noqa: N803
        return self.model.conditional_expected_purchases(
            t * self.factor, frequency=frequency, recency=recency, T=T
        )


def test_reproduces_lifetimes_clv_for_customer_0001_in_its_convention() -> None:
    """[R] anchors-value.md §3.4: lifetimes' 12-month CLV of customer 0001, BG/NBD + GG,
    1 % a month, months of 4.345 weeks, is 36.28. Regression only (an implementation's
    convention, not a published value); crmkit's own month is 30.4375 days = 4.348 weeks."""
    factor = LIFETIMES_WEEKS_PER_MONTH / (DAYS_PER_UNIT["months"] / DAYS_PER_UNIT["weeks"])
    values = discounted_clv(
        [CUSTOMER_0001],
        purchases=Rescaled(BG_NBD, factor),
        spend=GAMMA_GAMMA,
        horizon=12,
        period="months",
        discount_rate=0.01,
    )
    assert round(values["0001"], 2) == 36.28


def test_the_sum_by_hand_for_a_steady_buyer() -> None:
    """A toy purchase model, one purchase a week: over 2 weeks at 10 % a week the CLV is
    E(M) (1/1.1 + 1/1.21), E(M) = p (γ + x m̄)/(p x + q − 1) = 6 (15 + 60)/(12 + 3) = 30,
    so 30 x 1.735537 = 52.0661; with a 25 % margin, a quarter of it."""

    class Steady:
        def conditional_expected_purchases(self, t, **history):
            del history  # the same for everyone
            return t

    customer = CustomerSummary(
        customer_id="c", frequency=2, recency=4.0, T=8.0, unit="weeks", monetary_value=30.0
    )
    spend = GammaGammaModel(p=6.0, q=4.0, gamma=15.0)
    args = {"purchases": Steady(), "spend": spend, "horizon": 2, "period": "weeks"}
    value = discounted_clv([customer], **args, discount_rate=0.1)["c"]
    assert value == pytest.approx(30 * (1 / 1.1 + 1 / 1.21))
    quarter = discounted_clv([customer], **args, discount_rate=0.1, margin=0.25)["c"]
    assert quarter == pytest.approx(value / 4)
    # days: a week is 7 days, so 14 one-day periods at no discount make the same 2 purchases
    days = discounted_clv(
        [customer], purchases=Steady(), spend=spend, horizon=14, period="days", discount_rate=0.0
    )["c"]
    assert days == pytest.approx(60.0)


def test_clv_grows_with_the_horizon_and_falls_with_the_discount_rate() -> None:
    """Business rule: a longer horizon adds value; a higher discount rate removes it."""
    values = [
        discounted_clv(
            [CUSTOMER_0001],
            purchases=BG_NBD,
            spend=GAMMA_GAMMA,
            horizon=h,
            period="months",
            discount_rate=d,
        )["0001"]
        for h, d in ((6, 0.01), (12, 0.01), (12, 0.02))
    ]
    assert values[0] < values[1]
    assert values[2] < values[1]
    assert all(math.isfinite(v) and v > 0 for v in values)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"horizon": -1}, "horizon"),
        ({"period": "quarters"}, "period"),
        ({"discount_rate": -1.0}, "discount_rate"),
        ({"margin": 2.0}, "margin"),
    ],
)
def test_bad_options(options, field) -> None:
    base = {"horizon": 12, "period": "months", "discount_rate": 0.01}
    with pytest.raises(InvalidArgument) as raised:
        discounted_clv([CUSTOMER_0001], purchases=BG_NBD, spend=GAMMA_GAMMA, **(base | options))
    assert raised.value.field == field


def test_the_batch_path_agrees_with_one_customer_at_a_time() -> None:
    """Rule of the implementation: a model that predicts many customers at once (BG/NBD's
    ``conditional_expected_purchases_for``) gives the same CLV as calling it per customer."""

    class OneAtATime:
        def conditional_expected_purchases(self, t, **history):
            return BG_NBD.conditional_expected_purchases(t, **history)

    customers = [
        CUSTOMER_0001,
        CustomerSummary(customer_id="x0", frequency=0, recency=0.0, T=30.0, unit="weeks"),
        CustomerSummary(
            customer_id="x7", frequency=7, recency=29.4, T=38.9, unit="weeks", monetary_value=73.74
        ),
    ]
    options = {"spend": GAMMA_GAMMA, "horizon": 12, "period": "months", "discount_rate": 0.01}
    batch = discounted_clv(customers, purchases=BG_NBD, **options)
    single = discounted_clv(customers, purchases=OneAtATime(), **options)
    assert dict(batch) == pytest.approx(dict(single), rel=1e-12)


def test_cumulative_purchases_are_the_conditional_expectations_at_each_horizon() -> None:
    """Rule of the implementation: the many-horizon prediction equals the one-horizon one."""
    zero = CustomerSummary(customer_id="z", frequency=0, recency=0.0, T=20.0, unit="weeks")
    customers = [CUSTOMER_0001, zero]
    horizons = (0.0, 4.3, 13.0, 52.0)
    rows = BG_NBD.cumulative_purchases_for(customers, horizons=horizons)
    for customer, row in zip(customers, rows, strict=True):
        history = {"frequency": customer.frequency, "recency": customer.recency, "T": customer.T}
        expected = [BG_NBD.conditional_expected_purchases(t, **history) for t in horizons]
        assert list(row) == pytest.approx(expected, rel=1e-12, abs=1e-15)
