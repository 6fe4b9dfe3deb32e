"""Tests for the BG/NBD and MBG/NBD models (crmkit.value._bgnbd, crmkit.value._mbgnbd).

Sources of the golden values (all quoted in /work/shared/domain/anchors-value.md §3.1, §3.3):
- Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science
  24(2):275–284 (FHL), CDNOW 1/10 sample, weeks: r = 0.243, α = 4.414, a = 0.793, b = 2.426
  [P]; the same MLE to 7 digits, r = 0.2425945, α = 4.4136019, a = 0.7929199, b = 2.4258881
  [P] (CLVTools' correctness test).
- Hardie's BG/NBD spreadsheet (note 004), quoted by lifetimes' tests [P]: customer 0001
  (x = 2, t_x = 30.43, T = 38.86) E[Y(39)] = 1.226, and E[X(t)] at t = 0.1429 … 78 to 4
  printed decimals, checked to 3 (as lifetimes does): they come from the unrounded MLE, so the
  7-digit parameters are used; at the 3-digit ones E[X(78)] is 1.8605, not 1.8576.
- R BTYD's documentation [P] at the 3-digit parameters: P(X(2) = 10), P(X(39) = 0) and
  P(X(30) = n) for n = 11..20.
- [R] rows: regression values produced by lifetimes (another implementation) in anchors §3.1
  and §3.3, labelled as such below.
The CDNOW data themselves are not available offline, so the CDNOW fit (LL −9582.43) is not
tested here. Independent calculations below use the papers' formulas written plainly (powers,
gamma functions and crmkit.value._special.hyp2f1, itself tested against Abramowitz & Stegun),
never the module's stable rearrangements.
"""

from __future__ import annotations

import math
import pickle
import random
from collections import Counter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value._bgnbd import (
    BgNbdModel,
    FittedBgNbd,
    bg_nbd_log_likelihood,
    fit_bg_nbd,
)
from crmkit.value._mbgnbd import (
    FittedMbgNbd,
    MbgNbdModel,
    fit_mbg_nbd,
    mbg_nbd_log_likelihood,
)
from crmkit.value._optimize import MINIMISE_REASONS
from crmkit.value._special import hyp2f1
from crmkit.value._summary import CustomerSummary

FEW = settings(max_examples=60, deadline=None)

PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}  # FHL 2005 [P]
SEVEN_DIGITS = {"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881}  # [P]
LIFETIMES_FIT = {"r": 0.242593, "alpha": 4.413532, "a": 0.792886, "b": 2.425752}  # [R]
MBG_LIFETIMES_FIT = {"r": 0.5248, "alpha": 6.1830, "a": 0.8914, "b": 1.6140}  # [R], §3.3
CUSTOMER_0001 = {"frequency": 2, "recency": 30.43, "T": 38.86}
CUSTOMER_0006 = {"frequency": 7, "recency": 29.43, "T": 38.86}
MODELS = (BgNbdModel, MbgNbdModel)
NAMES = ("r", "alpha", "a", "b")


def _summary(i, x, t_x, age, unit="weeks"):
    return CustomerSummary(customer_id=i, frequency=x, recency=t_x, T=age, unit=unit)


# ---------------------------------------------------------------------------------------------
# Independent reference formulas, straight from the papers (no shared code with the modules)


def _beta(p, q):
    return math.gamma(p) * math.gamma(q) / math.gamma(p + q)


def _textbook_log_likelihood(m, x, t_x, age, *, r, alpha, a, b):
    # FHL eq. 6 (m = 0) and Batislam et al. 2007 (m = 1), with powers: fine for moderate x.
    a1 = math.gamma(r + x) * alpha**r / math.gamma(r)
    a2 = _beta(a, b + x + m) / _beta(a, b)
    first = (alpha + age) ** -(r + x)
    second = a / (b + x + m - 1) * (alpha + t_x) ** -(r + x) if x > 0 or m else 0.0
    return math.log(a1 * a2 * (first + second))


def _textbook_p_alive(m, x, t_x, age, *, r, alpha, a, b):
    if x == 0 and m == 0:
        return 1.0
    return 1 / (1 + a / (b + x + m - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x))


def _textbook_conditional(m, t, x, t_x, age, *, r, alpha, a, b):
    # FHL eq. 10; for m = 1 the Wagner & Hoppe (2008) form, as lifetimes writes it.
    z = t / (alpha + age + t)
    c = a + b + x + m - 1
    bracket = 1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyp2f1(r + x, b + x + m, c, z)
    return c / (a - 1) * bracket * _textbook_p_alive(m, x, t_x, age, r=r, alpha=alpha, a=a, b=b)


def _textbook_unconditional(m, t, *, r, alpha, a, b):
    # FHL eq. 7 (m = 0); b/(a − 1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; z)] for m = 1.
    lead = (a + b - 1) / (a - 1) if m == 0 else b / (a - 1)
    return lead * (
        1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b + m, a + b + m - 1, t / (alpha + t))
    )


def _textbook_pmf(m, n, t, *, r, alpha, a, b):
    # FHL eq. 8 with an explicit NBD sum; for m = 1 the same story with drop-out at time 0.
    def nbd(j):
        return (
            math.gamma(r + j)
            / (math.gamma(r) * math.factorial(j))
            * (alpha / (alpha + t)) ** r
            * (t / (alpha + t)) ** j
        )

    value = _beta(a, b + n + m) / _beta(a, b) * nbd(n)
    if n > 0 or m:
        value += _beta(a + 1, b + n + m - 1) / _beta(a, b) * (1 - sum(nbd(j) for j in range(n)))
    return value


def _simulate(rng, *, r, alpha, a, b, m, customers):
    # The models' story: λ ~ Gamma(r, α) (rate α), p ~ Beta(a, b); Poisson purchases while
    # active, drop-out with probability p after each repeat purchase (and at time 0 if m = 1).
    # T = 27..39 weeks, as in CDNOW's first-quarter cohort.
    summaries = []
    for i in range(customers):
        age = 27.0 + i % 13
        rate, p = rng.gammavariate(r, 1.0 / alpha), rng.betavariate(a, b)
        x, t, t_x = 0, 0.0, 0.0
        alive = not (m and rng.random() < p)
        while alive and rate > 0.0:
            t += rng.expovariate(rate)
            if t > age:
                break
            x, t_x = x + 1, t
            alive = rng.random() >= p
        summaries.append(_summary(i, x, t_x, age))
    return summaries


@pytest.fixture(scope="module")
def simulated():
    return _simulate(random.Random(2005), m=0, customers=2000, **PUBLISHED)


@pytest.fixture(scope="module")
def fitted(simulated):
    return fit_bg_nbd(simulated)


# ---------------------------------------------------------------------------------------------
# Golden: FHL 2005, Hardie's spreadsheet, R BTYD (anchors §3.1)


@pytest.mark.parametrize("params", [PUBLISHED, SEVEN_DIGITS], ids=["3-digit", "7-digit"])
def test_customer_0001_expected_purchases_in_39_weeks(params):
    # Hardie note 004 spreadsheet [P]: E[Y(39) | 2, 30.43, 38.86] = 1.226.
    model = BgNbdModel(**params, unit="weeks")
    value = model.conditional_expected_purchases(39, **CUSTOMER_0001)
    assert value == pytest.approx(1.226, abs=5e-4)


def test_unconditional_expected_purchases_curve():
    # Hardie's spreadsheet [P], to 3 decimals at the unrounded MLE (module docstring).
    model = BgNbdModel(**SEVEN_DIGITS)
    times = (0.1429, 1, 3, 31.8571, 32, 78)
    printed = (0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576)
    for t, expected in zip(times, printed, strict=True):
        assert model.expected_purchases(t) == pytest.approx(expected, abs=5e-4)


def test_probability_of_purchases_matches_r_btyd():
    # R BTYD docs [P] at the 3-digit parameters, to the printed digits.
    model = BgNbdModel(**PUBLISHED)
    assert model.probability_of_purchases(10, 2) == pytest.approx(1.07869e-07, abs=5e-13)
    assert model.probability_of_purchases(0, 39) == pytest.approx(0.5737864, abs=5e-8)
    printed = (
        0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
        0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260,
    )  # fmt: skip
    for n, expected in enumerate(printed, start=11):
        assert model.probability_of_purchases(n, 30) == pytest.approx(expected, abs=5e-11)


def test_regression_values_from_lifetimes():
    # [R] regression checks only (anchors §3.1, lifetimes' fit): P(alive) of customer 0001 at
    # the published parameters; customer 0006 and a customer with x = 0 at lifetimes' MLE.
    assert BgNbdModel(**PUBLISHED).p_alive(**CUSTOMER_0001) == pytest.approx(0.7266, abs=5e-5)
    model = BgNbdModel(**LIFETIMES_FIT)
    assert model.p_alive(**CUSTOMER_0006) == pytest.approx(0.6418, abs=5e-5)
    e_y = model.conditional_expected_purchases(39, **CUSTOMER_0006)
    assert e_y == pytest.approx(3.3372, abs=5e-5)
    assert model.p_alive(frequency=0, recency=0, T=38.86) == 1.0
    e_y = model.conditional_expected_purchases(39, frequency=0, recency=0, T=38.86)
    assert e_y == pytest.approx(0.19478, abs=5e-6)


def test_mbg_nbd_regression_values_from_lifetimes():
    # [R] regression checks only (anchors §3.3): lifetimes' MBG/NBD fit on CDNOW, customer
    # 0001. The parameters are printed to 4 decimals; moving each by its rounding (±5e-5)
    # moves these values by up to 1e-4, hence the tolerance.
    model = MbgNbdModel(**MBG_LIFETIMES_FIT)
    e_y = model.conditional_expected_purchases(39, **CUSTOMER_0001)
    assert e_y == pytest.approx(1.2627, abs=2e-4)
    assert model.p_alive(**CUSTOMER_0001) == pytest.approx(0.7061, abs=2e-4)


# ---------------------------------------------------------------------------------------------
# Agreement with the papers' formulas written plainly

GRID = [
    dict(PUBLISHED),
    {"r": 1.5, "alpha": 8.0, "a": 2.0, "b": 6.0},
    {"r": 0.7, "alpha": 3.0, "a": 0.3, "b": 0.5},  # a + b < 1: ₂F₁ with c < 0
    {"r": 4.0, "alpha": 0.5, "a": 1.3, "b": 30.0},
]
HISTORIES = [(0, 0.0, 0.0), (0, 0.0, 38.86), (2, 30.43, 38.86), (7, 29.43, 38.86), (15, 5.0, 20.0)]


@pytest.mark.parametrize("params", GRID)
@pytest.mark.parametrize(("model_class", "m"), [(BgNbdModel, 0), (MbgNbdModel, 1)])
def test_predictions_equal_the_papers_formulas(model_class, m, params):
    model = model_class(**params)
    for t in (0.5, 10.0, 39.0, 78.0):
        expected = _textbook_unconditional(m, t, **params)
        assert model.expected_purchases(t) == pytest.approx(expected, rel=1e-10)
        for x, t_x, age in HISTORIES:
            history = {"frequency": x, "recency": t_x, "T": age}
            expected = _textbook_conditional(m, t, x, t_x, age, **params)
            actual = model.conditional_expected_purchases(t, **history)
            assert actual == pytest.approx(expected, rel=1e-9, abs=1e-15)
            expected = _textbook_p_alive(m, x, t_x, age, **params)
            assert model.p_alive(**history) == pytest.approx(expected, rel=1e-12)
        for n in (0, 1, 5, 20):
            expected = _textbook_pmf(m, n, t, **params)
            assert model.probability_of_purchases(n, t) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("params", GRID)
@pytest.mark.parametrize("m", [0, 1])
def test_log_likelihood_equals_the_papers_formula(m, params):
    histories = [*HISTORIES, (1, 0.0, 0.0), (3, 12.0, 12.0)]
    summaries = [_summary(i, x, t_x, age) for i, (x, t_x, age) in enumerate(histories)]
    expected = math.fsum(_textbook_log_likelihood(m, *h, **params) for h in histories)
    function = mbg_nbd_log_likelihood if m else bg_nbd_log_likelihood
    assert function(summaries, **params) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("model_class", MODELS)
def test_the_distribution_of_purchases_is_consistent(model_class):
    # Σ_n P(X(t) = n) = 1 and Σ_n n P(X(t) = n) = E[X(t)] (eq. 7 from eq. 8, and for the
    # MBG/NBD a check of the pmf derived from its story).
    model = model_class(**PUBLISHED)
    for t in (1.0, 39.0):
        probabilities = [model.probability_of_purchases(n, t) for n in range(4000)]
        assert math.fsum(probabilities) == pytest.approx(1.0, abs=1e-12)
        mean = math.fsum(n * p for n, p in enumerate(probabilities))
        assert mean == pytest.approx(model.expected_purchases(t), rel=1e-10)


def test_gradient_matches_central_differences(simulated):
    from crmkit.value import _bgnbd

    for m in (0, 1):
        rows = _bgnbd._Rows(Counter((s.frequency, s.recency, s.T) for s in simulated), m)
        theta = (0.3, 5.0, 0.8, 2.5)
        analytic = _bgnbd._gradient(rows, *theta)
        for i in range(4):
            h = 1e-6 * theta[i]
            up = [*theta[:i], theta[i] + h, *theta[i + 1 :]]
            down = [*theta[:i], theta[i] - h, *theta[i + 1 :]]
            numeric = (_bgnbd._log_likelihood(rows, *up) - _bgnbd._log_likelihood(rows, *down)) / (
                2 * h
            )
            assert analytic[i] == pytest.approx(numeric, rel=1e-6, abs=1e-5)


# ---------------------------------------------------------------------------------------------
# Fitting


def _inverse(matrix):
    # Gauss-Jordan elimination with partial pivoting, for the small test matrices.
    size = len(matrix)
    rows = [[*row, *(1.0 if i == j else 0.0 for j in range(size))] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda i: abs(rows[i][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        rows[col] = [v / rows[col][col] for v in rows[col]]
        for i in range(size):
            if i != col:
                factor = rows[i][col]
                rows[i] = [v - factor * w for v, w in zip(rows[i], rows[col], strict=True)]
    return [row[size:] for row in rows]


def test_standard_errors_are_the_inverse_observed_information(simulated, fitted):
    # −∂²LL by second differences of the textbook log-likelihood, inverted independently.
    counts = Counter((s.frequency, s.recency, s.T) for s in simulated)
    theta = [fitted.r, fitted.alpha, fitted.a, fitted.b]

    def ll(values):
        return math.fsum(
            n * _textbook_log_likelihood(0, *key, **dict(zip(NAMES, values, strict=True)))
            for key, n in counts.items()
        )

    steps = [1e-4 * v for v in theta]

    def moved(changes):
        return [v + changes.get(i, 0.0) for i, v in enumerate(theta)]

    info = [[0.0] * 4 for _ in range(4)]
    for i in range(4):
        for j in range(4):
            corners = [
                si * sj * ll(moved({i: si * steps[i]} | ({j: sj * steps[j]} if i != j else {})))
                for si in (1, -1)
                for sj in (1, -1)
            ]
            if i == j:
                centre = ll(theta)
                ahead, behind = ll(moved({i: 2 * steps[i]})), ll(moved({i: -2 * steps[i]}))
                info[i][j] = -(ahead - 2 * centre + behind) / (4 * steps[i] ** 2)
            else:
                info[i][j] = -sum(corners) / (4 * steps[i] * steps[j])
    covariance = _inverse(info)
    for k, name in enumerate(NAMES):
        assert fitted.standard_errors[name] == pytest.approx(math.sqrt(covariance[k][k]), rel=1e-3)


@pytest.mark.parametrize(
    "truth",
    [dict(PUBLISHED), {"r": 1.5, "alpha": 8.0, "a": 2.0, "b": 6.0}],
    ids=["cdnow", "regular-buyers"],
)
@pytest.mark.parametrize(("fit", "m"), [(fit_bg_nbd, 0), (fit_mbg_nbd, 1)], ids=["bg", "mbg"])
def test_parameters_are_recovered_from_simulated_customers(fit, m, truth):
    # 5,000 customers, one fixed seed per case. Across 100 seeds per case (a study run while
    # writing this test) the z-scores (estimate − truth)/se had means −0.25..0 and standard
    # deviations 0.89–1.17: the standard errors are about right, a little small for â, b̂,
    # whose sampling distributions are skewed; the largest |z| in 400 fits per model was 4.3
    # (MBG/NBD b). The bound is 4.5 standard errors so that a legitimate tail draw does not
    # fail the test, while a wrong likelihood (biases of many standard errors) still does.
    data = _simulate(random.Random(20050401), m=m, customers=5000, **truth)
    result = fit(data)
    assert result.converged
    for name, value in truth.items():
        assert abs(result.params[name] - value) <= 4.5 * result.standard_errors[name], name


def test_standard_errors_of_the_purchase_rate_give_nominal_coverage():
    # 40 seeded data sets of 1,000 CDNOW-like customers. The 95 % Wald interval for r and α
    # should cover the truth in about 38 of 40; fewer than 34 has probability 0.3 %. (For a
    # and b the Wald intervals under-cover at this size, 0.93 and 0.89 over 200 seeds: their
    # sampling distributions are skewed; the docs say so.)
    covered = {"r": 0, "alpha": 0}
    for seed in range(40):
        result = fit_bg_nbd(_simulate(random.Random(seed), m=0, customers=1000, **PUBLISHED))
        for name in covered:
            error = abs(result.params[name] - PUBLISHED[name])
            covered[name] += error <= 1.96 * result.standard_errors[name]
    assert covered["r"] >= 34
    assert covered["alpha"] >= 34


@pytest.mark.parametrize("fit", [fit_bg_nbd, fit_mbg_nbd])
def test_changing_the_time_unit_only_rescales_alpha(fit, simulated):
    """Business rule: fitting the same customers in days instead of weeks gives the same
    customers' predictions: α is a time scale (×7), r, a, b are unchanged, and the
    log-likelihood, a density of purchase times, changes by −Σx · ln 7."""
    days = [_summary(s.customer_id, s.frequency, 7 * s.recency, 7 * s.T, "days") for s in simulated]
    weekly, daily = fit(simulated), fit(days)
    assert daily.unit == "days"
    assert weekly.unit == "weeks"
    assert daily.alpha == pytest.approx(7 * weekly.alpha, rel=1e-5)
    for name in ("r", "a", "b"):
        assert daily.params[name] == pytest.approx(weekly.params[name], rel=1e-5)
    repeats = sum(s.frequency for s in simulated)
    expected = weekly.log_likelihood - repeats * math.log(7)
    assert daily.log_likelihood == pytest.approx(expected, rel=1e-9)
    e_weeks = weekly.conditional_expected_purchases(39, **CUSTOMER_0001)
    e_days = daily.conditional_expected_purchases(273, frequency=2, recency=7 * 30.43, T=7 * 38.86)
    assert e_days == pytest.approx(e_weeks, rel=1e-5)


@pytest.mark.parametrize("fit", [fit_bg_nbd, fit_mbg_nbd])
def test_customers_observed_for_no_time_leave_the_fit_unchanged(fit, simulated):
    """Business rule (the T = 0 rule): a customer whose first purchase is at the end of
    observation carries no information (likelihood 1) and does not move the fit."""
    base = fit(simulated)
    extra = fit([*simulated, *(_summary(f"new{i}", 0, 0.0, 0.0) for i in range(50))])
    assert extra.customers == base.customers + 50
    assert extra.log_likelihood == pytest.approx(base.log_likelihood, abs=1e-9)
    for name, value in base.params.items():
        assert extra.params[name] == pytest.approx(value, rel=1e-6)


def test_duplicated_customers_double_the_log_likelihood(simulated, fitted):
    doubled = bg_nbd_log_likelihood([*simulated, *simulated], **fitted.params)
    assert doubled == pytest.approx(2 * fitted.log_likelihood, rel=1e-12)
    assert fitted.log_likelihood == pytest.approx(
        bg_nbd_log_likelihood(simulated, **fitted.params), rel=1e-12
    )


@FEW
@given(factors=st.tuples(*(st.floats(min_value=0.8, max_value=1.25),) * 4))
def test_the_fit_maximises_the_likelihood(simulated, fitted, factors):
    """Business rule: the fitted parameters explain the customers at least as well as any
    nearby parameters do (the fit is a maximum, not merely where the search stopped)."""
    nearby = {
        name: value * factor
        for (name, value), factor in zip(fitted.params.items(), factors, strict=True)
    }
    assert fitted.log_likelihood >= bg_nbd_log_likelihood(simulated, **nearby) - 1e-9


# ---------------------------------------------------------------------------------------------
# Edge cases


@pytest.mark.parametrize("model_class", MODELS)
def test_extreme_customers_give_finite_bounded_answers(model_class):
    model = model_class(**PUBLISHED)
    cases = [(10_000, 10_000.0, 10_000.0), (10_000, 10.0, 10_000.0), (300, 1.0, 10_000.0)]
    cases += [(0, 0.0, 10_000.0), (5, 10_000.0, 10_000.0)]
    for x, t_x, age in cases:
        history = {"frequency": x, "recency": t_x, "T": age}
        alive = model.p_alive(**history)
        assert 0.0 <= alive <= 1.0
        for t in (0.0, 1.0, 39.0, 10_000.0):
            value = model.conditional_expected_purchases(t, **history)
            assert math.isfinite(value)
            assert value >= 0.0
    # x = t_x = T = 10,000: about one purchase a week, still buying at the end: the next 39
    # weeks hold about 39 purchases, less the small chance of dropping out.
    busy = {"frequency": 10_000, "recency": 10_000.0, "T": 10_000.0}
    assert model.p_alive(**busy) > 0.999
    assert 38.0 < model.conditional_expected_purchases(39, **busy) < 39.0


def test_a_customer_without_repeat_purchases():
    # BG/NBD: drop-out only after a purchase, so P(alive) = 1; MBG/NBD: 1/(1 + a/b (1+T/α)^r).
    assert BgNbdModel(**PUBLISHED).p_alive(frequency=0, recency=0, T=38.86) == 1.0
    r, alpha, a, b = PUBLISHED.values()
    expected = 1 / (1 + a / b * (1 + 38.86 / alpha) ** r)
    alive = MbgNbdModel(**PUBLISHED).p_alive(frequency=0, recency=0, T=38.86)
    assert alive == pytest.approx(expected, rel=1e-14)
    assert alive < 1.0


@pytest.mark.parametrize(("model_class", "m"), [(BgNbdModel, 0), (MbgNbdModel, 1)])
def test_a_customer_who_just_bought(model_class, m):
    # t_x = T: ((α+T)/(α+t_x))^(r+x) = 1, so P(alive) = 1/(1 + a/(b + x + m − 1)).
    a, b = PUBLISHED["a"], PUBLISHED["b"]
    alive = model_class(**PUBLISHED).p_alive(frequency=4, recency=20.0, T=20.0)
    assert alive == pytest.approx(1 / (1 + a / (b + 3 + m)), rel=1e-14)


@pytest.mark.parametrize("model_class", MODELS)
def test_a_customer_seen_for_no_time_is_a_new_customer(model_class):
    model = model_class(**PUBLISHED)
    for t in (1.0, 39.0):
        new = model.conditional_expected_purchases(t, frequency=0, recency=0, T=0)
        assert new == pytest.approx(model.expected_purchases(t), rel=1e-14)


@pytest.mark.parametrize("model_class", MODELS)
def test_no_time_no_purchases(model_class):
    model = model_class(**PUBLISHED)
    assert model.expected_purchases(0) == 0.0
    assert model.conditional_expected_purchases(0, **CUSTOMER_0001) == 0.0
    assert model.probability_of_purchases(0, 0) == 1.0
    assert model.probability_of_purchases(3, 0) == 0.0


@pytest.mark.parametrize("model_class", MODELS)
def test_a_equal_to_one_is_the_limit_of_its_neighbours(model_class):
    # C/(a − 1) · [1 − …] is 0/0 at a = 1; the module's form has no such point.
    values = {}
    for a in (1.0 - 1e-7, 1.0, 1.0 + 1e-7):
        model = model_class(r=0.5, alpha=5.0, a=a, b=2.0)
        values[a] = (
            model.expected_purchases(30.0),
            model.conditional_expected_purchases(30.0, frequency=3, recency=20.0, T=30.0),
        )
    for low, mid, high in zip(values[1.0 - 1e-7], values[1.0], values[1.0 + 1e-7], strict=True):
        assert mid == pytest.approx((low + high) / 2, rel=1e-7)


def test_too_long_a_horizon_is_refused():
    model = BgNbdModel(**PUBLISHED)
    with pytest.raises(InvalidArgument, match="too long") as info:
        model.expected_purchases(1e9)
    assert info.value.field == "t"
    assert repr(1e9) in str(info.value)


# ---------------------------------------------------------------------------------------------
# Many customers at once


@pytest.mark.parametrize("model_class", MODELS)
def test_batch_predictions_equal_one_by_one(model_class, simulated):
    model = model_class(**PUBLISHED, unit="weeks")
    expected = model.conditional_expected_purchases_for(simulated, t=39)
    alive = model.p_alive_for(simulated)
    assert len(expected) == len(alive) == len(simulated)
    for s, value, p in list(zip(simulated, expected, alive, strict=True))[::97]:
        history = {"frequency": s.frequency, "recency": s.recency, "T": s.T}
        assert value == model.conditional_expected_purchases(39, **history)
        assert p == model.p_alive(**history)
    assert model.p_alive_for([]) == ()


def test_batch_predictions_refuse_another_unit(simulated):
    model = BgNbdModel(**PUBLISHED, unit="days")
    with pytest.raises(InvalidArgument, match="unit 'days'") as info:
        model.p_alive_for(simulated)
    assert info.value.field == "summaries"
    BgNbdModel(**PUBLISHED).p_alive_for(simulated)  # no unit stated: any one unit


# ---------------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize("fit", [fit_bg_nbd, fit_mbg_nbd])
@pytest.mark.parametrize(
    ("summaries", "match"),
    [
        ([], "repeat purchase"),
        ([_summary(1, 0, 0.0, 5.0), _summary(2, 0, 0.0, 9.0)], "repeat purchase"),
        ([_summary(1, 1, 2.0, 5.0), _summary(2, 1, 2.0, 5.0, "days")], "one time unit"),
        ([_summary(1, 1, 2.0, 5.0), (1, 2.0, 5.0)], "CustomerSummary values"),
        (_summary(1, 1, 2.0, 5.0), "iterable of CustomerSummary"),
        ("customers", "iterable of CustomerSummary"),
    ],
)
def test_summaries_are_validated(fit, summaries, match):
    with pytest.raises(InvalidArgument, match=match) as info:
        fit(summaries)
    assert info.value.field == "summaries"


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize("name", ["r", "alpha", "a", "b"])
@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "1"])
def test_parameters_are_validated(model_class, name, bad):
    values = {**PUBLISHED, name: bad}
    with pytest.raises(InvalidArgument, match=name) as info:
        model_class(**values)
    assert info.value.field == name
    assert repr(bad) in str(info.value)


def test_unit_is_validated():
    with pytest.raises(InvalidArgument, match="unit") as info:
        BgNbdModel(**PUBLISHED, unit="fortnights")
    assert info.value.field == "unit"
    assert "'fortnights'" in str(info.value)


@pytest.mark.parametrize(
    ("history", "field"),
    [
        ({"frequency": -1, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": 1.0, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": True, "recency": 0, "T": 1}, "frequency"),
        ({"frequency": 1, "recency": -1.0, "T": 1}, "recency"),
        ({"frequency": 1, "recency": 2.0, "T": 1.0}, "recency"),
        ({"frequency": 0, "recency": 1.0, "T": 2.0}, "recency"),
        ({"frequency": 1, "recency": 0, "T": math.inf}, "T"),
        ({"frequency": 1, "recency": 0, "T": "5"}, "T"),
    ],
)
def test_histories_are_validated(history, field):
    model = BgNbdModel(**PUBLISHED)
    with pytest.raises(InvalidArgument, match=field) as info:
        model.p_alive(**history)
    assert info.value.field == field
    with pytest.raises(InvalidArgument, match=field):
        model.conditional_expected_purchases(1.0, **history)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, True, "3"])
def test_horizons_and_counts_are_validated(bad):
    model = MbgNbdModel(**PUBLISHED)
    for call in (
        lambda: model.expected_purchases(bad),
        lambda: model.conditional_expected_purchases(bad, **CUSTOMER_0001),
        lambda: model.probability_of_purchases(1, bad),
        lambda: model.conditional_expected_purchases_for([], t=bad),
    ):
        with pytest.raises(InvalidArgument, match="'t'") as info:
            call()
        assert info.value.field == "t"
        assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match="'n'") as info:
        model.probability_of_purchases(-1, 1.0)
    assert info.value.field == "n"


# ---------------------------------------------------------------------------------------------
# Values


def test_fit_is_a_frozen_picklable_value(simulated, fitted):
    assert isinstance(fitted, BgNbdModel)
    assert isinstance(fitted, FittedBgNbd)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fitted.r = 1.0
    with pytest.raises(TypeError):
        fitted.params["r"] = 1.0
    assert pickle.loads(pickle.dumps(fitted)) == fitted
    assert fit_bg_nbd(simulated) == fitted  # deterministic: same data, same fit
    assert fitted.converged
    assert fitted.iterations > 0
    assert fitted.reason in MINIMISE_REASONS
    assert fitted.gradient_norm <= 1e-8 * abs(fitted.log_likelihood)
    assert fitted.customers == len(simulated)
    assert set(fitted.params) == set(fitted.standard_errors) == {"r", "alpha", "a", "b"}


def test_models_with_equal_parameters_differ_by_kind():
    assert BgNbdModel(**PUBLISHED) == BgNbdModel(**PUBLISHED)
    assert BgNbdModel(**PUBLISHED) != MbgNbdModel(**PUBLISHED)


def test_reprs(fitted):
    assert repr(MbgNbdModel(**PUBLISHED)) == "MbgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)"
    text = repr(fitted)
    assert text.startswith("FittedBgNbd(r=")
    assert "customers=2000, unit='weeks', converged=True)" in text
    page = fitted._repr_html_()
    assert "<table>" in page
    assert f"{fitted.alpha:.4f}" in page
    assert "weeks" in page
    mbg = fit_mbg_nbd(_simulate(random.Random(7), m=1, customers=500, **PUBLISHED))
    assert isinstance(mbg, FittedMbgNbd)
    assert repr(mbg).startswith("FittedMbgNbd(r=")
    assert "FittedMbgNbd" in mbg._repr_html_()


# ---------------------------------------------------------------------------------------------
# Properties

parameter = st.floats(min_value=0.05, max_value=50.0)
history = st.tuples(
    st.integers(min_value=0, max_value=10_000),
    st.floats(min_value=0.0, max_value=10_000.0),
    st.floats(min_value=0.0, max_value=10_000.0),
).map(lambda h: (h[0], 0.0 if h[0] == 0 else min(h[1], h[2]), max(h[1], h[2])))


@FEW
@given(
    kind=st.sampled_from(MODELS),
    params=st.tuples(parameter, parameter, parameter, parameter),
    h=history,
)
def test_p_alive_is_a_probability(kind, params, h):
    """Business rule: P(alive) is a probability, in [0, 1] and never NaN, for any history up
    to 10,000 purchases over 10,000 periods, including a purchase at the end (t_x = T)."""
    model = kind(**dict(zip(NAMES, params, strict=True)))
    alive = model.p_alive(frequency=h[0], recency=h[1], T=h[2])
    assert 0.0 <= alive <= 1.0


@FEW
@given(
    kind=st.sampled_from(MODELS),
    params=st.tuples(parameter, parameter, parameter, parameter),
    x=st.integers(min_value=1, max_value=200),
    t_x=st.floats(min_value=0.0, max_value=50.0),
    silence=st.tuples(st.floats(min_value=0.0, max_value=50.0), st.floats(0.0, 50.0)),
)
def test_a_longer_silence_makes_a_customer_less_likely_alive(kind, params, x, t_x, silence):
    """Business rule: of two customers with the same purchases, the one who has gone longer
    without buying is no more likely to be still active."""
    model = kind(**dict(zip(NAMES, params, strict=True)))
    short, long = sorted(silence)
    recent = model.p_alive(frequency=x, recency=t_x, T=t_x + short)
    stale = model.p_alive(frequency=x, recency=t_x, T=t_x + long)
    assert stale <= recent


@FEW
@given(
    kind=st.sampled_from(MODELS),
    params=st.tuples(
        st.floats(0.05, 10.0), st.floats(0.5, 50.0), st.floats(0.05, 10.0), st.floats(0.05, 50.0)
    ),
    h=history,
    horizons=st.tuples(st.floats(0.0, 200.0), st.floats(0.0, 200.0)),
)
def test_expected_purchases_grow_with_the_horizon(kind, params, h, horizons):
    """Business rule: a customer is expected to buy at least as much over a longer period,
    never a negative or non-finite amount."""
    model = kind(**dict(zip(NAMES, params, strict=True)))
    short, long = sorted(horizons)
    history_ = {"frequency": h[0], "recency": h[1], "T": h[2]}
    near = model.conditional_expected_purchases(short, **history_)
    far = model.conditional_expected_purchases(long, **history_)
    assert 0.0 <= near <= far * (1 + 1e-12) + 1e-300
    assert math.isfinite(far)
    assert 0.0 <= model.expected_purchases(short) <= model.expected_purchases(long) * (1 + 1e-12)


@FEW
@given(
    kind=st.sampled_from(MODELS),
    params=st.tuples(parameter, parameter, parameter, parameter),
    t=st.floats(min_value=0.01, max_value=100.0),
)
def test_purchase_counts_have_a_proper_distribution(kind, params, t):
    """Business rule: the chances of 0, 1, 2, … purchases are each in [0, 1] and add up to 1
    (well within the first 2,000 counts for these parameters, or nearly so)."""
    model = kind(**dict(zip(NAMES, params, strict=True)))
    probabilities = [model.probability_of_purchases(n, t) for n in range(2000)]
    assert all(0.0 <= p <= 1.0 for p in probabilities)
    assert math.fsum(probabilities) <= 1.0 + 1e-9
    # the mass beyond 2,000 is at most E[X(t)] / 2,000 (Markov's inequality)
    assert math.fsum(probabilities) >= 1.0 - model.expected_purchases(t) / 2000 - 1e-9
