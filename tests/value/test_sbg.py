"""Tests for the shifted-beta-geometric model of contract renewals (crmkit.value._sbg).

Sources of the golden values (all quoted in /work/shared/domain/anchors-value.md §3.6):
- Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing
  21(1):76–90 (FH 2007): the survivors of the "regular" and "high end" cohorts of 1,000 for
  years 0–12 (from Berry & Linoff 2004), and the maximum-likelihood estimates printed to three
  decimals, α̂ = 0.704, β̂ = 1.182 (regular) and α̂ = 0.668, β̂ = 3.806 (high end), from years 0–7.
- Rows marked [R] in anchors §3.6: the sBG's projected survivors (to 1 decimal), α̂ and β̂ to
  4 decimals and the log-likelihoods, all produced there by an independent scipy fit: used as
  regression values from another implementation.
- Rows marked [C] in anchors §3.6: r_1..r_4, DEL and DERL at d = 10 % (formulas of Fader &
  Hardie 2010, Marketing Science 29(1):85–93). They were computed from the fitted (unrounded)
  α̂, β̂: with the 4-decimal α = 0.7041, β = 1.1820 DEL is 3.69476, not 3.6949. The tests below
  therefore recompute them here by plain direct sums from the α̂, β̂ of the fit (which is itself
  checked against the paper), never through the module's formulas, within half a unit of the
  4th decimal printed.
"""

from __future__ import annotations

import math
import pickle
import random

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value._sbg import (
    MAX_SERIES_TERMS,
    FittedSbg,
    SbgModel,
    fit_sbg,
    sbg_log_likelihood,
    survivor_counts,
)

FEW = settings(max_examples=60, deadline=None)

# FH 2007, survivors out of 1,000 at years 0..12; the paper fits years 0..7 and projects 8..12.
REGULAR = (1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173)
HIGH_END = (1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394)
FIT_YEARS = 8  # years 0..7
# anchors §3.6 [R]: the sBG's expected survivors, years 0..12.
REGULAR_PROJECTED = (1000, 626.7, 473.8, 388.0, 332.1, 292.3, 262.5, 239.0, 220.1, 204.4, 191.2,
                     179.9, 170.0)  # fmt: skip
HIGH_END_PROJECTED = (1000, 850.7, 746.9, 669.8, 609.9, 561.8, 522.2, 488.9, 460.4, 435.8, 414.2,
                      395.1, 378.0)  # fmt: skip


@pytest.fixture(scope="module")
def regular() -> FittedSbg:
    return fit_sbg(REGULAR[:FIT_YEARS])


@pytest.fixture(scope="module")
def high_end() -> FittedSbg:
    return fit_sbg(HIGH_END[:FIT_YEARS])


# ---------------------------------------------------------------------------------------------
# Independent reference formulas (plain sums and products, no shared code with the module)


def _survival(alpha, beta, t):
    # S(t) = Π_{k=0..t−1} (β + k) / (α + β + k), the product form of B(α, β + t) / B(α, β).
    return math.prod((beta + k) / (alpha + beta + k) for k in range(t))


def _survivals(alpha, beta, count):
    # S(0..count−1) by the same product, one factor at a time.
    values, current = [], 1.0
    for k in range(count):
        values.append(current)
        current *= (beta + k) / (alpha + beta + k)
    return values


def _direct_del(alpha, beta, d, *, horizon=3000):
    # DEL = Σ_{t≥0} S(t) / (1 + d)^t; at d = 0.1 the tail after 3000 terms is below 1.1^-3000.
    z = 1 / (1 + d)
    return math.fsum(s * z**t for t, s in enumerate(_survivals(alpha, beta, horizon)))


def _direct_derl(alpha, beta, d, n, *, horizon=3000):
    # DERL(n − 1 renewals) = Σ_{t≥n} S(t) / S(n − 1) / (1 + d)^(t − n).
    survivals, z = _survivals(alpha, beta, n + horizon), 1 / (1 + d)
    return math.fsum(survivals[t] / survivals[n - 1] * z ** (t - n) for t in range(n, n + horizon))


def _log_likelihood_via_beta_functions(survivors, alpha, beta):
    # FH 2007: P(T = t) = B(α + 1, β + t − 1) / B(α, β), S(t) = B(α, β + t) / B(α, β).
    def log_b(a, b):
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    n = len(survivors) - 1
    total = sum(
        (survivors[t - 1] - survivors[t]) * (log_b(alpha + 1, beta + t - 1) - log_b(alpha, beta))
        for t in range(1, n + 1)
    )
    return total + survivors[n] * (log_b(alpha, beta + n) - log_b(alpha, beta))


def _observed_information(survivors, alpha, beta):
    # −∂²LL by hand: with u_k = 1/(α + β + k), ∂²ln S(t)/∂α² = ∂²ln S(t)/∂α∂β = Σ_{k<t} u_k²,
    # ∂²ln S(t)/∂β² = Σ_{k<t} (u_k² − 1/(β + k)²); ln P(T = t) = ln S(t − 1) + ln α − ln(α+β+t−1)
    # adds −1/α² + u_{t−1}², u_{t−1}², u_{t−1}².
    def second(t):
        u2 = [1 / (alpha + beta + k) ** 2 for k in range(t)]
        return sum(u2), sum(u2), sum(u - 1 / (beta + k) ** 2 for k, u in enumerate(u2))

    aa = ab = bb = 0.0
    n = len(survivors) - 1
    for t in range(1, n + 1):
        churned = survivors[t - 1] - survivors[t]
        s_aa, s_ab, s_bb = second(t - 1)
        u2 = 1 / (alpha + beta + t - 1) ** 2
        aa += churned * (s_aa - 1 / alpha**2 + u2)
        ab += churned * (s_ab + u2)
        bb += churned * (s_bb + u2)
    s_aa, s_ab, s_bb = second(n)
    aa += survivors[n] * s_aa
    ab += survivors[n] * s_ab
    bb += survivors[n] * s_bb
    return -aa, -ab, -bb


# ---------------------------------------------------------------------------------------------
# Golden: FH 2007 (anchors §3.6)


@pytest.mark.parametrize(
    ("data", "alpha", "beta"),
    [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)],
    ids=["regular", "high-end"],
)
def test_fit_reproduces_the_paper(data, alpha, beta):
    # FH 2007, the MLEs printed to 3 decimals [P].
    fit = fit_sbg(data[:FIT_YEARS])
    assert fit.converged
    assert round(fit.alpha, 3) == alpha
    assert round(fit.beta, 3) == beta
    assert fit.params == {"alpha": fit.alpha, "beta": fit.beta}


@pytest.mark.parametrize(
    ("data", "alpha", "beta", "log_likelihood"),
    [(REGULAR, 0.7041, 1.1820, -1680.27), (HIGH_END, 0.6681, 3.8061, -1611.16)],
    ids=["regular", "high-end"],
)
def test_fit_matches_an_independent_implementation(data, alpha, beta, log_likelihood):
    # anchors §3.6 [R]: α̂, β̂ to 4 decimals and LL to 2 decimals from a scipy fit.
    fit = fit_sbg(data[:FIT_YEARS])
    assert fit.alpha == pytest.approx(alpha, abs=5e-5)
    assert fit.beta == pytest.approx(beta, abs=5e-5)
    assert fit.log_likelihood == pytest.approx(log_likelihood, abs=5e-3)


@pytest.mark.parametrize(
    ("data", "projected"),
    [(REGULAR, REGULAR_PROJECTED), (HIGH_END, HIGH_END_PROJECTED)],
    ids=["regular", "high-end"],
)
def test_projected_survivors_match_the_table(data, projected):
    # anchors §3.6 [R] rows: 1000 · S(t) for years 0..12, to 1 decimal (years 8..12 are the
    # projection beyond the fitted years).
    fit = fit_sbg(data[:FIT_YEARS])
    for year, expected in enumerate(projected):
        assert fit.expected_survivors(year, cohort_size=1000) == pytest.approx(expected, abs=0.05)


@pytest.mark.parametrize(
    ("cohort", "rates"),
    [("regular", (0.6267, 0.7560, 0.8188, 0.8559)), ("high_end", (0.8507, 0.8780, 0.8968, 0.9106))],
)
def test_retention_rates_r1_to_r4(cohort, rates, request):
    # anchors §3.6 [C]: r_t = (β + t − 1)/(α + β + t − 1) at the fitted α̂, β̂, 4 decimals.
    fit = request.getfixturevalue(cohort)
    for t, expected in enumerate(rates, start=1):
        direct = (fit.beta + t - 1) / (fit.alpha + fit.beta + t - 1)
        assert direct == pytest.approx(expected, abs=5e-5)
        assert fit.retention_rate(t) == pytest.approx(direct, rel=1e-12)


@pytest.mark.parametrize(
    ("cohort", "del_value", "derl_value"),
    [("regular", 3.6949, 5.8941), ("high_end", 5.9223, 6.8967)],
)
def test_discounted_lifetimes_at_ten_percent(cohort, del_value, derl_value, request):
    # anchors §3.6 [C] (FH 2010): DEL and DERL after n − 1 = 4 renewals at d = 0.1, first
    # payment at t = 0; recomputed here as direct sums at the fitted α̂, β̂.
    fit = request.getfixturevalue(cohort)
    direct_del = _direct_del(fit.alpha, fit.beta, 0.1)
    direct_derl = _direct_derl(fit.alpha, fit.beta, 0.1, 5)
    assert direct_del == pytest.approx(del_value, abs=5e-5)
    assert direct_derl == pytest.approx(derl_value, abs=5e-5)
    assert fit.discounted_expected_lifetime(discount_rate=0.1) == pytest.approx(
        direct_del, rel=1e-12
    )
    derl = fit.discounted_expected_residual_lifetime(renewals=4, discount_rate=0.1)
    assert derl == pytest.approx(direct_derl, rel=1e-12)


def test_discounted_lifetimes_at_the_papers_rounded_parameters():
    # Same direct sums at the printed α = 0.704, β = 1.182 (a different point: DEL 3.69515).
    model = SbgModel(alpha=0.704, beta=1.182)
    for d in (0.01, 0.1, 0.25, 1.0):
        horizon = 6000 if d == 0.01 else 3000  # 1.01^-6000 ≈ 1e-26
        expected = _direct_del(0.704, 1.182, d, horizon=horizon)
        assert model.discounted_expected_lifetime(discount_rate=d) == pytest.approx(
            expected, rel=1e-12
        )
        for renewals in (0, 1, 7):
            expected = _direct_derl(0.704, 1.182, d, renewals + 1, horizon=horizon)
            actual = model.discounted_expected_residual_lifetime(renewals=renewals, discount_rate=d)
            assert actual == pytest.approx(expected, rel=1e-12)


def test_standard_errors_are_the_inverse_observed_information(regular):
    # Var = I⁻¹ for the 2×2 information I = [[a, b], [b, c]] of _observed_information.
    data = REGULAR[:FIT_YEARS]
    a, b, c = _observed_information(data, regular.alpha, regular.beta)
    det = a * c - b * b
    (var_a, cov), (cov_t, var_b) = regular.covariance
    assert var_a == pytest.approx(c / det, rel=1e-5)
    assert var_b == pytest.approx(a / det, rel=1e-5)
    assert cov == cov_t == pytest.approx(-b / det, rel=1e-5)
    assert regular.standard_errors == {"alpha": math.sqrt(var_a), "beta": math.sqrt(var_b)}


def test_log_likelihood_matches_the_beta_function_form():
    for alpha, beta in [(0.704, 1.182), (0.3, 7.0), (12.0, 0.5)]:
        for data in (REGULAR, HIGH_END[:FIT_YEARS], (10, 4, 1)):
            expected = _log_likelihood_via_beta_functions(data, alpha, beta)
            actual = sbg_log_likelihood(data, alpha=alpha, beta=beta)
            assert actual == pytest.approx(expected, rel=1e-12)


def test_gradient_matches_central_differences():
    from crmkit.value import _sbg

    h = 1e-6
    for alpha, beta in [(0.704, 1.182), (0.3, 7.0), (12.0, 0.5)]:
        grad_alpha, grad_beta = _sbg._gradient(REGULAR, alpha, beta)
        ll = _log_likelihood_via_beta_functions
        numeric_alpha = (ll(REGULAR, alpha + h, beta) - ll(REGULAR, alpha - h, beta)) / (2 * h)
        numeric_beta = (ll(REGULAR, alpha, beta + h) - ll(REGULAR, alpha, beta - h)) / (2 * h)
        assert grad_alpha == pytest.approx(numeric_alpha, rel=1e-5, abs=1e-5)
        assert grad_beta == pytest.approx(numeric_beta, rel=1e-5, abs=1e-5)


def test_survival_churn_and_retention_agree():
    model = SbgModel(alpha=0.704, beta=1.182)
    assert model.survival(0) == 1.0
    assert model.churn_probability(1) == pytest.approx(0.704 / 1.886, rel=1e-14)
    for t in range(1, 40):
        assert model.churn_probability(t) == pytest.approx(
            model.survival(t - 1) - model.survival(t), rel=1e-10
        )
        assert model.retention_rate(t) == pytest.approx(
            model.survival(t) / model.survival(t - 1), rel=1e-12
        )
    total = math.fsum(model.churn_probability(t) for t in range(1, 8)) + model.survival(7)
    assert total == pytest.approx(1.0, rel=1e-14)


@pytest.mark.parametrize("t", [0, 1, 7, 999, 1000, 1001, 5000])
@pytest.mark.parametrize(("alpha", "beta"), [(0.704, 1.182), (3.0, 0.2), (800.0, 3000.0)])
def test_survival_equals_the_product_on_both_sides_of_the_switch(alpha, beta, t):
    # The module switches from the product to lgamma above t = 1000.
    model = SbgModel(alpha=alpha, beta=beta)
    expected = _survival(alpha, beta, t)
    assert model.survival(t) == pytest.approx(expected, rel=1e-9, abs=1e-300)


# ---------------------------------------------------------------------------------------------
# Parameter recovery from simulated cohorts


def _simulate(rng, *, alpha, beta, customers, periods):
    # FH 2007's story: each customer draws θ ~ Beta(α, β), then churns at each renewal with
    # probability θ; None = still active after the last period.
    lifetimes = []
    for _ in range(customers):
        theta = rng.betavariate(alpha, beta)
        churn = next((t for t in range(1, periods + 1) if rng.random() < theta), None)
        lifetimes.append(churn)
    return survivor_counts(lifetimes, periods=periods)


@pytest.mark.parametrize(("alpha", "beta"), [(0.704, 1.182), (0.668, 3.806), (2.0, 5.0)])
def test_parameters_are_recovered_from_a_simulated_cohort(alpha, beta):
    # 5,000 customers over 8 periods, one fixed seed per setting. Across 200 seeds per setting
    # the z-scores (estimate − truth)/se had mean ≈ −0.04 and sd ≈ 0.95–0.99, so the standard
    # errors are right (test_standard_errors_give_nominal_coverage checks that sharply). The
    # bound is 4 standard errors (chance of a miss 6e-5 per check) rather than 3 (0.27 %):
    # with this seed α̂ for (2, 5) lands 3.1 standard errors low, a legitimate tail draw.
    survivors = _simulate(
        random.Random(20070101), alpha=alpha, beta=beta, customers=5000, periods=8
    )
    fit = fit_sbg(survivors)
    assert fit.converged
    se = fit.standard_errors
    assert abs(fit.alpha - alpha) <= 4 * se["alpha"]
    assert abs(fit.beta - beta) <= 4 * se["beta"]


def test_standard_errors_give_nominal_coverage():
    # 40 seeded cohorts of 1,000 customers over 7 periods (the paper's design). If the standard
    # errors are right, the 95 % Wald interval covers the truth in about 38 of 40; fewer than
    # 34 happens with probability 0.6 % (binomial(40, 0.95)).
    alpha, beta = 0.704, 1.182
    covered = {"alpha": 0, "beta": 0}
    for seed in range(40):
        survivors = _simulate(
            random.Random(seed), alpha=alpha, beta=beta, customers=1000, periods=7
        )
        fit = fit_sbg(survivors)
        for name, truth in (("alpha", alpha), ("beta", beta)):
            covered[name] += abs(fit.params[name] - truth) <= 1.96 * fit.standard_errors[name]
    assert covered["alpha"] >= 34
    assert covered["beta"] >= 34


def test_no_heterogeneity_gives_a_constant_retention_rate():
    """Business rule: when every customer has the same churn probability the sBG collapses to
    a geometric model with a constant retention rate (α, β → ∞, α/(α + β) = churn)."""
    survivors = tuple(round(1000 * 0.8**t) for t in range(8))
    fit = fit_sbg(survivors)
    assert fit.alpha > 100
    assert fit.alpha / (fit.alpha + fit.beta) == pytest.approx(0.2, abs=5e-3)
    assert fit.retention_rate(7) - fit.retention_rate(1) < 1e-2
    assert fit.standard_errors["alpha"] > fit.alpha  # the ridge is flat: no precision


# ---------------------------------------------------------------------------------------------
# Per-customer input


def test_survivor_counts_from_lifetimes():
    # Churn periods 1, 3, 2 and two still active after 3 periods: n = (5, 4, 3, 2).
    assert survivor_counts([1, 3, None, 2, None], periods=3) == (5, 4, 3, 2)
    assert survivor_counts([], periods=2) == (0, 0, 0)


def test_fitting_lifetimes_equals_fitting_their_counts():
    data = REGULAR[:FIT_YEARS]
    lifetimes = [None] * data[-1]
    for t in range(1, FIT_YEARS):
        lifetimes += [t] * (data[t - 1] - data[t])
    assert survivor_counts(reversed(lifetimes), periods=FIT_YEARS - 1) == data


@pytest.mark.parametrize("bad", [0, 4, -1, 1.0, True, "2"])
def test_survivor_counts_rejects_bad_lifetimes(bad):
    with pytest.raises(InvalidArgument, match="churn_periods") as info:
        survivor_counts([1, bad], periods=3)
    assert info.value.field == "churn_periods"
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_survivor_counts_rejects_bad_periods(bad):
    with pytest.raises(InvalidArgument, match="periods") as info:
        survivor_counts([1], periods=bad)
    assert info.value.field == "periods"


# ---------------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize(
    ("survivors", "match"),
    [
        ((1000, 631), "at least 2 periods"),
        ((1000, 1200, 500), "must not increase"),
        ((1000, 631, -1), "integers >= 0"),
        ((1000.0, 631, 468), "integers >= 0"),
        ((True, 1, 0), "integers >= 0"),
        ((100, 100, 100), "some customers churning"),
        ((100, 0, 0), "some customers churning"),
        ((0, 0, 0), "some customers churning"),
        ("1000,631,468", "sequence"),
        (1000, "sequence"),
    ],
)
def test_survivors_are_validated(survivors, match):
    with pytest.raises(InvalidArgument, match=match) as info:
        fit_sbg(survivors)
    assert info.value.field == "survivors"
    assert repr(survivors) in str(info.value)


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "1"])
@pytest.mark.parametrize("name", ["alpha", "beta"])
def test_parameters_are_validated(name, bad):
    values = {"alpha": 1.0, "beta": 1.0, name: bad}
    with pytest.raises(InvalidArgument, match=name) as info:
        SbgModel(**values)
    assert info.value.field == name
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match=name):
        sbg_log_likelihood(REGULAR, **values)


@pytest.mark.parametrize("bad", [0, 0.0, -0.1, math.nan, math.inf, True, "0.1"])
def test_discount_rate_is_validated(bad):
    model = SbgModel(alpha=1.0, beta=1.0)
    with pytest.raises(InvalidArgument, match="discount_rate") as info:
        model.discounted_expected_lifetime(discount_rate=bad)
    assert info.value.field == "discount_rate"
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match="discount_rate"):
        model.discounted_expected_residual_lifetime(renewals=1, discount_rate=bad)


def test_a_discount_rate_too_small_for_the_series_is_refused():
    # Terms ≤ (1 + d)^-k with d = 1e-6 need about 4e7 terms > MAX_SERIES_TERMS.
    with pytest.raises(InvalidArgument, match="too small") as info:
        SbgModel(alpha=1.0, beta=1.0).discounted_expected_lifetime(discount_rate=1e-6)
    assert str(MAX_SERIES_TERMS)[:1] in str(info.value)
    assert info.value.field == "discount_rate"


@pytest.mark.parametrize(
    ("method", "bad"),
    [("retention_rate", 0), ("churn_probability", 0), ("survival", -1), ("survival", 1.0)],
)
def test_periods_are_validated(method, bad):
    with pytest.raises(InvalidArgument, match="'t'") as info:
        getattr(SbgModel(alpha=1.0, beta=1.0), method)(bad)
    assert info.value.field == "t"
    assert repr(bad) in str(info.value)


def test_renewals_and_cohort_size_are_validated():
    model = SbgModel(alpha=1.0, beta=1.0)
    with pytest.raises(InvalidArgument, match="renewals") as info:
        model.discounted_expected_residual_lifetime(renewals=-1, discount_rate=0.1)
    assert info.value.field == "renewals"
    for bad in (-1, math.nan, True):
        with pytest.raises(InvalidArgument, match="cohort_size") as info:
            model.expected_survivors(3, cohort_size=bad)
        assert info.value.field == "cohort_size"


# ---------------------------------------------------------------------------------------------
# Values


def test_fit_is_a_frozen_picklable_value(regular):
    assert isinstance(regular, SbgModel)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        regular.alpha = 1.0
    with pytest.raises(TypeError):
        regular.params["alpha"] = 1.0
    assert pickle.loads(pickle.dumps(regular)) == regular
    assert fit_sbg(REGULAR[:FIT_YEARS]) == regular  # deterministic: same data, same fit
    assert regular.survivors == REGULAR[:FIT_YEARS]


def test_reprs(regular):
    assert repr(SbgModel(alpha=0.704, beta=1.182)) == "SbgModel(alpha=0.704, beta=1.182)"
    assert repr(regular) == (
        "FittedSbg(alpha=0.704077, beta=1.18204, log_likelihood=-1680.27, periods=7, "
        "cohort_size=1000, converged=True)"
    )
    page = regular._repr_html_()
    assert "<table>" in page
    assert "0.7041" in page
    assert "1.1820" in page
    assert "gradient below tolerance" in page


# ---------------------------------------------------------------------------------------------
# Properties

parameter = st.floats(min_value=0.01, max_value=100.0)
rate = st.floats(min_value=0.005, max_value=2.0)


@FEW
@given(alpha=parameter, beta=parameter, t=st.integers(min_value=0, max_value=1500))
def test_survival_is_a_share_that_never_grows(alpha, beta, t):
    """Business rule: the share of a cohort still active lies in [0, 1] and can only fall."""
    model = SbgModel(alpha=alpha, beta=beta)
    assert 0.0 <= model.survival(t + 1) <= model.survival(t) <= 1.0


@FEW
@given(alpha=parameter, beta=parameter, t=st.integers(min_value=1, max_value=500))
def test_retention_rates_rise_with_tenure(alpha, beta, t):
    """Business rule (the sBG's hallmark): cohort retention rises with tenure, because the
    customers most likely to churn leave first, although no customer's own churn probability
    changes."""
    model = SbgModel(alpha=alpha, beta=beta)
    assert model.retention_rate(t) < model.retention_rate(t + 1) < 1.0


@FEW
@given(alpha=parameter, beta=parameter, rates=st.tuples(rate, rate))
def test_discounted_lifetime_falls_as_the_discount_rate_rises(alpha, beta, rates):
    """Business rule: a higher discount rate never makes a customer worth more; DEL is at
    least the one certain payment and at most the (1 + d)/d of a customer who never leaves."""
    low, high = sorted(rates)
    model = SbgModel(alpha=alpha, beta=beta)
    at_low = model.discounted_expected_lifetime(discount_rate=low)
    at_high = model.discounted_expected_lifetime(discount_rate=high)
    assert at_low >= at_high
    assert 1.0 <= at_high <= (1 + high) / high * (1 + 1e-12)


@FEW
@given(alpha=parameter, beta=parameter, d=rate, renewals=st.integers(min_value=0, max_value=50))
def test_loyal_customers_are_worth_more(alpha, beta, d, renewals):
    """Business rule: a customer who has renewed more often is expected to be worth more
    (the survivors are the low-churn customers), and a new customer's DEL is the certain first
    payment plus the discounted DERL after 0 renewals."""
    model = SbgModel(alpha=alpha, beta=beta)
    derl = model.discounted_expected_residual_lifetime
    assert derl(renewals=renewals, discount_rate=d) <= derl(
        renewals=renewals + 1, discount_rate=d
    ) * (1 + 1e-12)
    first = 1 + derl(renewals=0, discount_rate=d) / (1 + d)
    assert model.discounted_expected_lifetime(discount_rate=d) == pytest.approx(first, rel=1e-12)


@FEW
@given(
    alpha=st.floats(min_value=0.2, max_value=5.0),
    beta=st.floats(min_value=0.2, max_value=5.0),
    customers=st.integers(min_value=200, max_value=5000),
    periods=st.integers(min_value=2, max_value=12),
    factors=st.tuples(
        st.floats(min_value=0.8, max_value=1.25), st.floats(min_value=0.8, max_value=1.25)
    ),
)
def test_the_fit_maximises_the_likelihood(alpha, beta, customers, periods, factors):
    """Business rule: the fitted parameters explain the cohort at least as well as any nearby
    parameters do (the fit is a maximum, not just a stopping point)."""
    model = SbgModel(alpha=alpha, beta=beta)
    survivors = tuple(
        round(model.expected_survivors(t, cohort_size=customers)) for t in range(periods + 1)
    )
    assume(survivors[-1] < survivors[0] and survivors[1] > 0)
    fit = fit_sbg(survivors)
    assume(fit.converged)
    nearby = sbg_log_likelihood(survivors, alpha=fit.alpha * factors[0], beta=fit.beta * factors[1])
    assert fit.log_likelihood >= nearby - 1e-9 * abs(fit.log_likelihood)
