"""Tests for the Pareto/NBD model (crmkit.value._paretonbd and its numerical core).

Sources of the golden values (all quoted in /work/shared/domain/anchors-value.md §3.2):
- [P] R BTYD manual, ``pnbd.Expectation`` example, as hard-coded in lifetimes' test
  ``test_expectation_returns_same_value_as_R_BTYD``: E[X(t)] for t = 0..9 to 8 decimals,
  checked there (and here) with atol 0.01 at the CDNOW fit (0.553, 10.578, 0.606, 11.669).
  All ten values are reproduced to the last printed decimal at (0.55, 10.56, 0.61, 11.64),
  evidently the manual's rounded parameters (inferred here: the manual's text could not be
  read offline), so they are also checked to ±5e-9 there.
- [P] BTYD walkthrough vignette (lifetimes tests ``test_conditional_expectation_returns_
  same_value_as_R_BTYD`` and ``test_conditional_probability_alive``): E[Y(52) | x = 26,
  t_x = 30.86, T = 31] = 25.46 and P(alive | same) = 0.9979, the latter at BTYD's estimates
  (0.5534, 10.5802, 0.6061, 11.6562). At those estimates E[Y(52)] is 25.455 (lifetimes'
  tolerance 0.01 covers it); at the papers' (0.553, 10.578, 0.606, 11.669) it is 25.4585,
  25.46 to the printed precision.
- [P] lifetimes ``test_conditional_expectation_underflow``: at (0.55, 10.58, 0.61, 11.67),
  E[Y(10) | 132, 200, 200] = 6.2060517889632418 and E[Y(10) | 133, 200, 200] =
  6.2528722475748113 (lifetimes' own output, printed in a comment). With t_x = T both are
  also recomputed here from the closed form with P(alive) = 1.
- [R] regression values from lifetimes (anchors §3.2), not published: the CDNOW-master edge
  case x = 170, t_x = T = 496 days at (0.61089, 95.28868, 0.31261, 43.05043): P(alive) = 1,
  E[Y(365)] = 96.573 (scipy 1.10; lifetimes on scipy 1.17 returns NaN); CDNOW customer 0001
  (2, 30.43, 38.86) at lifetimes' fit (0.5533, 10.5778, 0.6062, 11.6669): E[Y(39)] = 1.4551,
  P(alive) = 0.8691.
- [C] DERT at δ = ln(1.15)/52 per week, FHL 2005 eq. 2 computed with scipy's ``hyperu``
  (anchors' ``golden_extra.py``), at lifetimes' fit: customer 0001 6.5003, and x = 0 (at
  T = 38.86, the calibration length) 0.4783; both are also recomputed here by plain numerical
  integration.
The CDNOW fit itself (0.553/10.578/0.606/11.669, LL −9595.0) needs the CDNOW data, which is
not available offline; it is not tested here.

Independent reference: the likelihood as FH 009 eq. 19 writes it before any closed form,
``L = C [E(T) + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ]``, integrated by Simpson's rule
below; P(alive) = C E(T)/L; expectations as integrals of the survival curve.
"""

from __future__ import annotations

import math
import pickle
import random

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value import _paretonbd_math as core
from crmkit.value._paretonbd import (
    FittedParetoNbd,
    ParetoNbdModel,
    fit_pareto_nbd,
    pareto_nbd_log_likelihood,
)
from crmkit.value._summary import CustomerSummary

FEW = settings(max_examples=60, deadline=None)
CDNOW = (0.553, 10.578, 0.606, 11.669)  # FHL 2005 (both papers), weeks
LIFETIMES_FIT = (0.5533, 10.5778, 0.6062, 11.6669)  # anchors §4.2 [R]
BTYD_FIT = (0.5534, 10.5802, 0.6061, 11.6562)  # BTYD walkthrough, via lifetimes' test


def _model(theta):
    r, alpha, s, beta = theta
    return ParetoNbdModel(r=r, alpha=alpha, s=s, beta=beta)


def _summary(x, t_x, big_t, unit="weeks", customer_id=0):
    return CustomerSummary(customer_id=customer_id, frequency=x, recency=t_x, T=big_t, unit=unit)


# ---------------------------------------------------------------------------------------------
# Independent reference formulas (Simpson's rule on the defining integrals)


def _simpson(f, a, b, n=4000):
    if b <= a:
        return 0.0
    h = (b - a) / n
    inner = math.fsum((4 if i % 2 else 2) * f(a + i * h) for i in range(1, n))
    return (f(a) + f(b) + inner) * h / 3


def _reference_log_m(theta, x, t_x, big_t):
    # ln(L / (C E(T))) = ln(1 + s ∫_{t_x}^{T} e^φ(τ)/(β+τ) dτ), φ(τ) = ln E(τ) − ln E(T),
    # integrated in y = ln((c+τ)/(c+t_x)), c = min(α, β), where the integrand is smooth.
    r, alpha, s, beta = theta
    c = min(alpha, beta)

    def f(y):
        tau = (c + t_x) * math.exp(y) - c
        phi = (r + x) * math.log((alpha + big_t) / (alpha + tau))
        phi += s * math.log((beta + big_t) / (beta + tau))
        return math.exp(phi) / (beta + tau) * (c + tau)

    return math.log1p(s * _simpson(f, 0.0, math.log((c + big_t) / (c + t_x))))


def _reference_log_likelihood(theta, x, t_x, big_t):
    r, alpha, s, beta = theta
    log_c = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha) + s * math.log(beta)
    log_e_t = -(r + x) * math.log(alpha + big_t) - s * math.log(beta + big_t)
    return log_c + log_e_t + _reference_log_m(theta, x, t_x, big_t)


def _reference_p_alive(theta, x, t_x, big_t):
    return math.exp(-_reference_log_m(theta, x, t_x, big_t))


def _reference_conditional(theta, t, x, t_x, big_t):
    # P(alive) · E[λ | alive] · ∫_0^t P(still alive at T + u | alive at T) du.
    r, alpha, s, beta = theta
    survival = _simpson(lambda u: ((beta + big_t) / (beta + big_t + u)) ** s, 0.0, t)
    return _reference_p_alive(theta, x, t_x, big_t) * (r + x) / (alpha + big_t) * survival


def _reference_dert(theta, delta, customer):
    # ∫_0^∞ e^-δu S(u) du, S(u) = (b/(b+u))^s, b = β+T; with u = b(e^y − 1) the integrand
    # b e^((1−s)y − δb(e^y − 1)) is smooth and negligible beyond y = ln(1 + 60/(δb)).
    r, alpha, s, beta = theta
    x, t_x, big_t = customer
    b = beta + big_t
    top = math.log1p(60 / (delta * b))
    integral = _simpson(lambda y: b * math.exp((1 - s) * y - delta * b * math.expm1(y)), 0, top)
    return _reference_p_alive(theta, x, t_x, big_t) * (r + x) / (alpha + big_t) * integral


# ---------------------------------------------------------------------------------------------
# Golden values (anchors §3.2)

BTYD_EXPECTATION = (0.0, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466,
                    0.27361274, 0.31335159, 0.35181024, 0.38909211)  # fmt: skip


def test_unconditional_expectation_matches_the_btyd_manual():
    # [P] R BTYD manual, pnbd.Expectation, t = 0..9 (atol 0.01 as in lifetimes, at CDNOW).
    published = _model(CDNOW)
    rounded = _model((0.55, 10.56, 0.61, 11.64))
    for t, expected in enumerate(BTYD_EXPECTATION):
        assert published.expected_purchases(t) == pytest.approx(expected, abs=0.01)
        assert rounded.expected_purchases(t) == pytest.approx(expected, abs=5e-9)


def test_conditional_expectation_and_p_alive_match_the_btyd_walkthrough():
    # [P] BTYD walkthrough: x = 26, t_x = 30.86, T = 31.
    customer = {"frequency": 26, "recency": 30.86, "T": 31}
    assert round(_model(BTYD_FIT).p_alive(**customer), 4) == 0.9979
    assert _model(BTYD_FIT).conditional_expected_purchases(52, **customer) == pytest.approx(
        25.46, abs=0.01
    )
    assert round(_model(CDNOW).conditional_expected_purchases(52, **customer), 2) == 25.46


def test_underflow_pair_matches_lifetimes_and_the_closed_form():
    # [P] lifetimes' underflow test at (0.55, 10.58, 0.61, 11.67); t_x = T, so P(alive) = 1
    # and E[Y(t)] = (r+x)(β+T)/((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)).
    r, alpha, s, beta = theta = (0.55, 10.58, 0.61, 11.67)
    model = _model(theta)
    for x, expected in ((132, 6.2060517889632418), (133, 6.2528722475748113)):
        closed = (r + x) * (beta + 200) / ((alpha + 200) * (s - 1))
        closed *= 1 - ((beta + 200) / (beta + 210)) ** (s - 1)
        actual = model.conditional_expected_purchases(10, frequency=x, recency=200, T=200)
        assert actual == pytest.approx(expected, rel=1e-12)
        assert actual == pytest.approx(closed, rel=1e-12)


def test_the_nan_edge_case_of_lifetimes_is_finite_and_exact():
    # [R] CDNOW master customer, days: x = 170, t_x = T = 496 at (0.61089, 95.28868, 0.31261,
    # 43.05043). lifetimes on current scipy returns NaN for both; scipy 1.10 gave these.
    model = _model((0.61089, 95.28868, 0.31261, 43.05043))
    assert model.p_alive(frequency=170, recency=496, T=496) == 1.0
    expected = model.conditional_expected_purchases(365, frequency=170, recency=496, T=496)
    assert expected == pytest.approx(96.573, abs=5e-4)


def test_customer_0001_matches_lifetimes():
    # [R] CDNOW customer 0001 (x = 2, t_x = 30.43, T = 38.86) at lifetimes' fit.
    model = _model(LIFETIMES_FIT)
    customer = {"frequency": 2, "recency": 30.43, "T": 38.86}
    assert round(model.p_alive(**customer), 4) == 0.8691
    assert round(model.conditional_expected_purchases(39, **customer), 4) == 1.4551
    reference = _reference_conditional(LIFETIMES_FIT, 39, 2, 30.43, 38.86)
    assert model.conditional_expected_purchases(39, **customer) == pytest.approx(reference, 1e-9)


@pytest.mark.parametrize(
    ("x", "t_x", "expected"), [(2, 30.43, 6.5003), (0, 0.0, 0.4783)], ids=["0001", "x=0"]
)
def test_dert_matches_the_hypergeometric_computation(x, t_x, expected):
    # [C] FHL 2005 eq. 2 via scipy's hyperu at lifetimes' fit, δ = ln(1.15)/52 per week; and
    # the plain integral of the discounted survival curve here.
    delta = math.log(1.15) / 52
    model = _model(LIFETIMES_FIT)
    dert = model.discounted_expected_residual_transactions(
        discount_rate=delta, frequency=x, recency=t_x, T=38.86
    )
    assert dert == pytest.approx(expected, abs=5e-5)
    assert dert == pytest.approx(_reference_dert(LIFETIMES_FIT, delta, (x, t_x, 38.86)), rel=1e-9)


# ---------------------------------------------------------------------------------------------
# The likelihood against FH 009's integral, and its gradient

THETAS = [
    CDNOW,
    (0.55, 20.0, 1.3, 3.0),  # α > β: the series in z = (α−β)/(α+t)
    (2.0, 3.0, 0.5, 30.0),  # α < β: the series in w
    (1.0, 5.0, 1.0, 5.0),  # α = β: the series' argument is 0
    (0.3, 200.0, 0.8, 2.0),  # α ≫ β: quadrature
    (1.5, 0.5, 0.2, 400.0),  # β ≫ α: quadrature
]
CUSTOMERS = [(2, 30.43, 38.86), (0, 0.0, 38.86), (5, 3.0, 40.0), (1, 39.0, 39.5), (30, 20.0, 39.0)]


@pytest.mark.parametrize("theta", THETAS)
@pytest.mark.parametrize("customer", CUSTOMERS)
def test_log_likelihood_equals_the_integral_form(theta, customer):
    expected = _reference_log_likelihood(theta, *customer)
    actual = pareto_nbd_log_likelihood([_summary(*customer)], **_model(theta).params)
    assert actual == pytest.approx(expected, rel=1e-10, abs=1e-10)
    alive = _model(theta).p_alive(frequency=customer[0], recency=customer[1], T=customer[2])
    assert alive == pytest.approx(_reference_p_alive(theta, *customer), rel=1e-10)


@pytest.mark.parametrize("theta", THETAS)
def test_gradient_matches_central_differences(theta):
    rows = tuple((*customer, 3) for customer in CUSTOMERS)
    _, grad = core.log_likelihood(rows, theta, gradient=True)
    for i in range(4):
        h = 1e-6 * theta[i]
        up = tuple(v + h * (j == i) for j, v in enumerate(theta))
        down = tuple(v - h * (j == i) for j, v in enumerate(theta))
        numeric = (
            core.log_likelihood(rows, up, gradient=False)[0]
            - core.log_likelihood(rows, down, gradient=False)[0]
        ) / (2 * h)
        assert grad[i] == pytest.approx(numeric, rel=1e-6, abs=1e-6)


def test_series_and_quadrature_agree():
    # The two evaluations of ln D (module notes) on cases both can do (z ≤ 0.98).
    rng = random.Random(9)
    for _ in range(300):
        theta = tuple(math.exp(rng.uniform(-3, 4)) for _ in range(4))
        x = rng.choice([0, 1, 5, 100, 1000])
        big_t = math.exp(rng.uniform(-2, 6))
        t_x = 0.0 if x == 0 else rng.uniform(0, big_t * 0.999)
        r, alpha, s, beta = theta
        if abs(alpha - beta) / (max(alpha, beta) + t_x) > 0.98:
            continue
        la = math.log((alpha + big_t) / (alpha + t_x))
        lb = math.log((beta + big_t) / (beta + t_x))
        delta = (r + x) * la + s * lb
        d_delta = (la, (r + x) * (1 / (alpha + big_t) - 1 / (alpha + t_x)), lb,
                   s * (1 / (beta + big_t) - 1 / (beta + t_x)))  # fmt: skip
        terms = core.Terms(theta, gradient=True)
        series, d_series = core._series_log_d(terms, x, t_x, big_t, delta, d_delta)
        quadrature, d_quadrature = core._quadrature_log_d(terms, x, t_x, big_t, delta)
        assert series == pytest.approx(quadrature, rel=1e-10, abs=1e-10)
        for u, v in zip(d_series, d_quadrature, strict=True):
            assert u == pytest.approx(v, rel=1e-8, abs=1e-8)


def test_gauss_legendre_is_exact_to_degree_29():
    rule = core.gauss_legendre(15)
    assert math.fsum(w for _, w in rule) == pytest.approx(1.0, rel=1e-14)
    for degree in (1, 10, 29):
        integral = math.fsum(w * node**degree for node, w in rule)
        assert integral == pytest.approx(1 / (degree + 1), rel=1e-13)


# ---------------------------------------------------------------------------------------------
# Edge cases


@pytest.mark.parametrize("theta", THETAS)
def test_x_zero_matches_the_integral(theta):
    for big_t in (0.5, 38.86, 1000.0):
        expected = _reference_p_alive(theta, 0, 0.0, big_t)
        assert _model(theta).p_alive(frequency=0, recency=0, T=big_t) == pytest.approx(
            expected, rel=1e-9
        )


@pytest.mark.parametrize("x", [1, 170, 10_000])
@pytest.mark.parametrize("big_t", [0.5, 496.0, 10_000.0])
def test_last_purchase_now_means_alive(x, big_t):
    """Business rule: a customer who bought at the very end of the observation window cannot
    have dropped out yet, so P(alive) is exactly 1 (A₀ = 0), whatever x and T."""
    for theta in THETAS:
        assert _model(theta).p_alive(frequency=x, recency=big_t, T=big_t) == 1.0


def test_alpha_equal_to_beta():
    # z = 0: G = 1 and D = e^Δ − 1 in closed form, so P(alive) = 1/(1 + s/a (e^Δ − 1)).
    r, alpha, s, _ = theta = (0.7, 8.0, 0.9, 8.0)
    x, t_x, big_t = 4, 12.0, 40.0
    delta = (r + x + s) * math.log((alpha + big_t) / (alpha + t_x))
    expected = 1 / (1 + s / (r + s + x) * math.expm1(delta))
    assert _model(theta).p_alive(frequency=x, recency=t_x, T=big_t) == pytest.approx(expected)
    _, grad = core.log_likelihood(((x, t_x, big_t, 1),), theta, gradient=True)
    assert all(math.isfinite(g) for g in grad)


@pytest.mark.parametrize("t_x", [0.0, 1.0, 5_000.0, 9_999.0, 9_999.999])
def test_huge_frequency_and_age_stay_finite(t_x):
    # x = 10⁴, T = 10⁴: Δ in the tens of thousands, E(T) far below the smallest double.
    for theta in THETAS:
        alive = _model(theta).p_alive(frequency=10_000, recency=t_x, T=10_000.0)
        assert 0.0 <= alive <= 1.0
        summary = _summary(10_000, t_x, 10_000.0)
        assert math.isfinite(pareto_nbd_log_likelihood([summary], **_model(theta).params))


def test_alpha_and_beta_extremely_far_apart():
    # The series would need millions of terms; the quadrature does not.
    for theta in [(1.0, 1e6, 1.0, 1e-3), (0.5, 1e-3, 0.5, 1e6)]:
        for customer in [(0, 0.0, 39.0), (3, 1.0, 39.0)]:
            expected = _reference_p_alive(theta, *customer)
            actual = _model(theta).p_alive(
                frequency=customer[0], recency=customer[1], T=customer[2]
            )
            assert actual == pytest.approx(expected, rel=1e-6)


# ---------------------------------------------------------------------------------------------
# Properties

params = st.floats(min_value=0.01, max_value=100.0)
thetas = st.tuples(params, params, params, params)


@FEW
@given(thetas, st.integers(0, 10_000), st.floats(0.0, 1.0), st.floats(0.0, 10_000.0))
# found by hypothesis in CI: an age of one subnormal unit left the quadrature sum at 0
@example(theta=(1.0, 1.0, 1.0, 6.0), x=0, share=0.0, big_t=5e-324)
def test_p_alive_is_a_probability(theta, x, share, big_t):
    """Business rule: P(alive) is a probability, for any customer history and parameters."""
    t_x = 0.0 if x == 0 else share * big_t
    alive = _model(theta).p_alive(frequency=x, recency=t_x, T=big_t)
    assert 0.0 <= alive <= 1.0


@FEW
@given(thetas, st.integers(1, 200), st.floats(0.0, 0.9), st.floats(1.0, 500.0))
def test_a_more_recent_last_purchase_means_more_likely_alive(theta, x, share, big_t):
    """Business rule: of two customers with the same purchases and age, the one who bought
    more recently is at least as likely to be still active."""
    model = _model(theta)
    earlier = model.p_alive(frequency=x, recency=share * big_t, T=big_t)
    later = model.p_alive(frequency=x, recency=(share + 0.1) * big_t, T=big_t)
    assert later >= earlier - 1e-12


@FEW
@given(thetas, st.integers(0, 50), st.floats(1.0, 100.0), st.floats(0.1, 100.0))
def test_longer_silence_means_less_likely_alive(theta, x, t_x, gap):
    """Business rule: the longer a customer has been silent since their last purchase, the
    less likely they are still active (same purchases, same last purchase)."""
    model = _model(theta)
    recency = 0.0 if x == 0 else t_x
    near = model.p_alive(frequency=x, recency=recency, T=t_x + gap)
    far = model.p_alive(frequency=x, recency=recency, T=t_x + 2 * gap)
    assert far <= near + 1e-12


@FEW
@given(thetas, st.integers(0, 50), st.floats(0.0, 1.0), st.floats(0.5, 100.0),
       st.tuples(st.floats(0.0, 100.0), st.floats(0.0, 100.0)))  # fmt: skip
def test_expected_purchases_grow_with_the_horizon(theta, x, share, big_t, horizons):
    """Business rule: over a longer horizon a customer is expected to buy at least as much,
    and never more than if they were surely alive and never left."""
    model = _model(theta)
    customer = {"frequency": x, "recency": 0.0 if x == 0 else share * big_t, "T": big_t}
    short, long = sorted(horizons)
    assert model.conditional_expected_purchases(short, **customer) >= 0.0
    assert model.conditional_expected_purchases(
        short, **customer
    ) <= model.conditional_expected_purchases(long, **customer) * (1 + 1e-12)
    ceiling = (theta[0] + x) / (theta[1] + big_t) * long
    assert model.conditional_expected_purchases(long, **customer) <= ceiling * (1 + 1e-9)
    assert model.expected_purchases(short) <= model.expected_purchases(long) * (1 + 1e-12)


@FEW
@given(thetas, st.integers(0, 30), st.floats(0.0, 1.0), st.floats(0.5, 100.0),
       st.floats(0.01, 100.0))  # fmt: skip
def test_the_time_unit_does_not_matter(theta, x, share, big_t, factor):
    """Business rule: measuring time in other units (days instead of weeks) while rescaling
    the rates α and β accordingly changes no prediction."""
    r, alpha, s, beta = theta
    t_x = 0.0 if x == 0 else share * big_t
    weeks, days = _model(theta), _model((r, alpha * factor, s, beta * factor))
    assert days.p_alive(frequency=x, recency=t_x * factor, T=big_t * factor) == pytest.approx(
        weeks.p_alive(frequency=x, recency=t_x, T=big_t), rel=1e-8, abs=1e-12
    )
    assert days.conditional_expected_purchases(
        10 * factor, frequency=x, recency=t_x * factor, T=big_t * factor
    ) == pytest.approx(
        weeks.conditional_expected_purchases(10, frequency=x, recency=t_x, T=big_t),
        rel=1e-8,
        abs=1e-12,
    )


def test_a_customer_who_never_returned_has_dert_below_a_recent_buyer():
    model, delta = _model(CDNOW), 0.1 / 52
    quiet = model.discounted_expected_residual_transactions(
        discount_rate=delta, frequency=0, recency=0, T=38.0
    )
    loyal = model.discounted_expected_residual_transactions(
        discount_rate=delta, frequency=10, recency=37.0, T=38.0
    )
    assert 0 < quiet < loyal


def test_dert_falls_with_the_discount_rate_and_has_the_right_limit():
    # As δ → ∞, DERT ≈ P(alive) (r+x)/(α+T) / δ (only the next instant counts).
    model = _model(CDNOW)
    customer = {"frequency": 3, "recency": 20.0, "T": 30.0}
    values = [
        model.discounted_expected_residual_transactions(discount_rate=d, **customer)
        for d in (1e-4, 1e-2, 1.0, 1e4)
    ]
    assert values == sorted(values, reverse=True)
    rate = model.p_alive(**customer) * (CDNOW[0] + 3) / (CDNOW[1] + 30.0)
    assert values[-1] * 1e4 == pytest.approx(rate, rel=1e-4)


# ---------------------------------------------------------------------------------------------
# Fitting


def _simulate(rng, theta, *, customers, unit="weeks"):
    # SMC 1987's story: λ ~ Gamma(r, α), μ ~ Gamma(s, β) (rates: scale 1/α, 1/β); lifetime
    # ~ Exp(μ); Poisson(λ) purchases while alive; T uniform on 27–39 weeks like CDNOW.
    r, alpha, s, beta = theta
    summaries = []
    for i in range(customers):
        rate = rng.gammavariate(r, 1 / alpha)
        death = rng.expovariate(rng.gammavariate(s, 1 / beta))
        big_t = rng.uniform(27.0, 39.0)
        end, clock, x, last = min(death, big_t), 0.0, 0, 0.0
        while (clock := clock + rng.expovariate(rate)) <= end:
            x, last = x + 1, clock
        summaries.append(_summary(x, last, big_t, unit=unit, customer_id=i))
    return summaries


@pytest.fixture(scope="module")
def simulated():
    return _simulate(random.Random(1987), CDNOW, customers=3000)


@pytest.fixture(scope="module")
def fitted(simulated):
    return fit_pareto_nbd(simulated)


def test_parameters_are_recovered_from_simulated_customers(fitted):
    # 3,000 customers at the CDNOW parameters, one fixed seed. Over 40 seeds of 2,000
    # customers (T uniform on 27–39 weeks) the z-scores (estimate − truth)/se had standard
    # deviations 0.90–1.09, so the standard errors are right; means 0.07 (r), 0.04 (α),
    # −0.41 (s), −0.54 (β): ŝ and β̂ lean low at this size (their sampling distribution is
    # skewed), and the largest |z| was 3.4 (β). Hence 4 standard errors, not 3.
    assert fitted.converged
    for name, truth in zip(("r", "alpha", "s", "beta"), CDNOW, strict=True):
        assert abs(fitted.params[name] - truth) <= 4 * fitted.standard_errors[name]


def test_the_fit_is_a_maximum(simulated, fitted):
    # The reported LL is the likelihood at the reported parameters, and moving any parameter
    # by 1 % lowers it.
    best = pareto_nbd_log_likelihood(simulated, **fitted.params)
    assert fitted.log_likelihood == pytest.approx(best, rel=1e-12)
    for name in fitted.params:
        for factor in (0.99, 1.01):
            moved = {**fitted.params, name: fitted.params[name] * factor}
            assert pareto_nbd_log_likelihood(simulated, **moved) < best


def test_the_fit_is_a_deterministic_frozen_value(simulated, fitted):
    assert isinstance(fitted, ParetoNbdModel)
    assert fit_pareto_nbd(list(reversed(simulated))) == fitted  # order and grouping: no matter
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fitted.r = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        fitted.params["r"] = 1.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(fitted)) == fitted
    assert fitted.unit == "weeks"
    assert fitted.customers == 3000
    assert math.isfinite(fitted.gradient_norm)


def test_duplicated_customers_double_the_log_likelihood(simulated):
    params = _model(CDNOW).params
    once = pareto_nbd_log_likelihood(simulated[:200], **params)
    twice = pareto_nbd_log_likelihood(simulated[:200] * 2, **params)
    assert twice == pytest.approx(2 * once, rel=1e-13)


def test_fit_in_days_equals_fit_in_weeks():
    """Business rule: the same customers in days give the same model, rates per day."""
    weeks = _simulate(random.Random(3), CDNOW, customers=800)
    days = [
        _summary(c.frequency, c.recency * 7, c.T * 7, unit="days", customer_id=c.customer_id)
        for c in weeks
    ]
    in_weeks, in_days = fit_pareto_nbd(weeks), fit_pareto_nbd(days)
    assert in_days.unit == "days"
    assert in_days.r == pytest.approx(in_weeks.r, rel=1e-4)
    assert in_days.alpha == pytest.approx(7 * in_weeks.alpha, rel=1e-4)
    assert in_days.s == pytest.approx(in_weeks.s, rel=1e-4)
    assert in_days.beta == pytest.approx(7 * in_weeks.beta, rel=1e-4)
    assert in_days.log_likelihood == pytest.approx(
        in_weeks.log_likelihood - sum(c.frequency for c in weeks) * math.log(7), rel=1e-9
    )


def test_homogeneous_purchase_rates_run_to_the_boundary():
    # Every customer buys at rate 0.3 per week: r, α → ∞ with r/α → 0.3. The fit ends
    # (far apart α and β use the quadrature) and keeps the mean rate.
    rng = random.Random(5)
    data = []
    for i in range(600):
        death, big_t = rng.expovariate(0.05), 39.0
        clock, x, last = 0.0, 0, 0.0
        while (clock := clock + rng.expovariate(0.3)) <= min(death, big_t):
            x, last = x + 1, clock
        data.append(_summary(x, last, big_t, customer_id=i))
    fit = fit_pareto_nbd(data)
    assert fit.r > 10
    assert fit.r / fit.alpha == pytest.approx(0.3, rel=0.1)


# ---------------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "1", None])
@pytest.mark.parametrize("name", ["r", "alpha", "s", "beta"])
def test_parameters_are_validated(name, bad):
    values = {"r": 1.0, "alpha": 1.0, "s": 1.0, "beta": 1.0, name: bad}
    with pytest.raises(InvalidArgument, match=name) as info:
        ParetoNbdModel(**values)
    assert info.value.field == name
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match=name):
        pareto_nbd_log_likelihood([_summary(1, 1.0, 2.0)], **values)


@pytest.mark.parametrize(
    ("customer", "field"),
    [
        ({"frequency": -1, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": 1.0, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": True, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": 1, "recency": -0.5, "T": 1}, "recency"),
        ({"frequency": 1, "recency": 2.0, "T": 1}, "recency"),
        ({"frequency": 0, "recency": 0.5, "T": 1}, "recency"),
        ({"frequency": 1, "recency": math.nan, "T": 1}, "recency"),
        ({"frequency": 1, "recency": 0.5, "T": math.inf}, "T"),
        ({"frequency": 1, "recency": 0.5, "T": "1"}, "T"),
    ],
)
def test_customers_are_validated(customer, field):
    model = _model(CDNOW)
    calls = [
        lambda: model.p_alive(**customer),
        lambda: model.conditional_expected_purchases(1.0, **customer),
        lambda: model.discounted_expected_residual_transactions(discount_rate=0.1, **customer),
    ]
    for call in calls:
        with pytest.raises(InvalidArgument, match=field) as info:
            call()
        assert info.value.field == field
        assert repr(customer[field]) in str(info.value)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, True, "1"])
def test_horizons_and_discount_rates_are_validated(bad):
    model = _model(CDNOW)
    customer = {"frequency": 1, "recency": 1.0, "T": 2.0}
    for call in (
        lambda: model.expected_purchases(bad),
        lambda: model.conditional_expected_purchases(bad, **customer),
    ):
        with pytest.raises(InvalidArgument, match="'t'") as info:
            call()
        assert info.value.field == "t"
    for rate in (bad, 0.0):
        with pytest.raises(InvalidArgument, match="discount_rate") as info:
            model.discounted_expected_residual_transactions(discount_rate=rate, **customer)
        assert info.value.field == "discount_rate"
        assert repr(rate) in str(info.value)


@pytest.mark.parametrize(
    ("summaries", "match"),
    [
        ([], "non-empty"),
        ([_summary(1, 1.0, 2.0), _summary(1, 1.0, 2.0, unit="days")], "one time unit"),
        ([_summary(0, 0.0, 2.0), _summary(0, 0.0, 3.0)], "repeat purchase"),
        ([_summary(1, 1.0, 2.0), (1, 1.0, 2.0)], "CustomerSummary"),
        (_summary(1, 1.0, 2.0), "iterable"),
        ("abc", "iterable"),
    ],
)
def test_summaries_are_validated(summaries, match):
    with pytest.raises(InvalidArgument, match=match) as info:
        fit_pareto_nbd(summaries)
    assert info.value.field == "summaries"


def test_reprs(fitted):
    assert repr(_model(CDNOW)) == "ParetoNbdModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)"
    assert repr(fitted).startswith("FittedParetoNbd(r=")
    assert "unit='weeks'" in repr(fitted)
    assert "customers=3000" in repr(fitted)
    html = fitted._repr_html_()
    assert "<table>" in html
    assert "3,000 customers" in html
    assert isinstance(fitted, FittedParetoNbd)
