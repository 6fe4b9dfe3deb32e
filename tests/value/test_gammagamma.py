"""Tests for the Gamma-Gamma spend model (crmkit.value._gammagamma).

Sources of the golden values (quoted in /work/shared/domain/anchors-value.md §3.4 and §4.2):
- Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", note 025 (FH 2013), and
  Fader, Hardie & Lee (2005), "RFM and CLV", JMR 42(4):415–430 (FHL 2005): the CDNOW fit
  p = 6.25, q = 3.74, γ = 15.44 printed to 2 decimals [P]; Hardie's spreadsheet: population
  mean 35.17 and E(M | x, m̄) of the first 10 CDNOW customers 24.65, 18.91, 35.17, 35.17,
  35.17, 71.46, 18.91, 35.17, 27.28, 35.17 [P], checked in lifetimes' test with atol 0.1.
- The spreadsheet computes those at the unrounded MLE. At the printed (6.25, 3.74, 15.44)
  the population mean is 6.25 · 15.44 / 2.74 = 35.22, not 35.17. The tests therefore use
  the MLE that lifetimes reproduces, (6.2488, 3.7446, 15.4477), LL −4055.92 (anchors §4.2,
  [R]: another implementation, not this code), and also check the printed parameters with
  the spreadsheet's own tolerance.
- The inputs (x, m̄) of the first 10 CDNOW customers are not in the anchors; they are the
  published derived data of Hardie's CDNOW 1/10 sample as shipped by lifetimes
  (lifetimes/datasets/cdnow_customers_summary_with_transactions.csv, IDs 1–10, columns x
  and zbar; commit 43b4648240ecb1024624766f92120ae6c6c0c286). Only those ten rows are used.
- The CDNOW fit itself (946 repeat buyers) is not reproduced here: the data are not vendored
  (unstated licence, anchors §4.5).
"""

from __future__ import annotations

import math
import pickle
import random
import statistics

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value._gammagamma import (
    INDEPENDENCE_CORRELATION_LIMIT,
    FittedGammaGamma,
    GammaGammaModel,
    check_spend_independence,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)
from crmkit.value._summary import CustomerSummary

FEW = settings(max_examples=50, deadline=None)

PRINTED = {"p": 6.25, "q": 3.74, "gamma": 15.44}  # FH 2013 [P]
LIFETIMES_MLE = {"p": 6.2488, "q": 3.7446, "gamma": 15.4477}  # anchors §4.2 [R]
# CDNOW IDs 1–10: (x, zbar) from the shipped summary file (module docstring); zbar is 0.00 in
# the file when x = 0, passed here as None (no repeat transaction, no mean).
FIRST_TEN = [(2, 22.35), (1, 11.77), (0, None), (0, None), (0, None), (7, 73.74), (1, 11.77),
             (0, None), (2, 25.55), (0, None)]  # fmt: skip
FIRST_TEN_EXPECTED = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]


def _summary(index, x, m):
    return CustomerSummary(
        customer_id=index, frequency=x, recency=float(x), T=52.0, unit="weeks", monetary_value=m
    )


def _summaries(pairs):
    return [_summary(i, x, m) for i, (x, m) in enumerate(pairs)]


def _simulate(rng, *, p, q, gamma, customers, mean_repeats=2.5):
    # FHL 2005's story: ν ~ Gamma(shape q, rate γ); each of the x >= 1 repeat transactions is
    # Gamma(shape p, rate ν); m̄ their mean. random.gammavariate takes a scale (1 / rate).
    pairs = []
    for _ in range(customers):
        nu = rng.gammavariate(q, 1.0 / gamma)
        x = 1 + int(rng.expovariate(1.0 / mean_repeats))
        pairs.append((x, math.fsum(rng.gammavariate(p, 1.0 / nu) for _ in range(x)) / x))
    return pairs


def _log_density(x, m, p, q, gamma):
    # FH 2013: f(m̄) = Γ(px+q)/(Γ(px)Γ(q)) γ^q m̄^(px−1) x^(px) / (γ + m̄x)^(px+q), in logs.
    return (
        math.lgamma(p * x + q)
        - math.lgamma(p * x)
        - math.lgamma(q)
        + q * math.log(gamma)
        + (p * x - 1) * math.log(m)
        + p * x * math.log(x)
        - (p * x + q) * math.log(gamma + m * x)
    )


def _log_likelihood(pairs, p, q, gamma):
    return math.fsum(_log_density(x, m, p, q, gamma) for x, m in pairs)


@pytest.fixture(scope="module")
def simulated():
    return _simulate(random.Random(2005), p=6.0, q=4.0, gamma=15.0, customers=3000)


@pytest.fixture(scope="module")
def fitted(simulated):
    return fit_gamma_gamma(_summaries(simulated))


# ---------------------------------------------------------------------------------------------
# Golden: FH 2013 / Hardie's spreadsheet (anchors §3.4)


def test_population_mean_spend_matches_the_spreadsheet():
    # [P] 35.17 at the MLE; at the printed parameters the same formula gives 35.22 by hand.
    assert round(GammaGammaModel(**LIFETIMES_MLE).population_mean_spend, 2) == 35.17
    printed = GammaGammaModel(**PRINTED).population_mean_spend
    assert printed == pytest.approx(6.25 * 15.44 / 2.74, rel=1e-15)
    assert printed == pytest.approx(35.17, abs=0.1)  # the spreadsheet's tolerance


@pytest.mark.parametrize("params", [LIFETIMES_MLE, PRINTED], ids=["mle", "printed"])
def test_expected_spend_of_the_first_ten_cdnow_customers(params):
    # [P] spreadsheet values, atol 0.1 as in lifetimes' test.
    model = GammaGammaModel(**params)
    for (x, m), expected in zip(FIRST_TEN, FIRST_TEN_EXPECTED, strict=True):
        assert model.expected_spend(frequency=x, monetary_value=m) == pytest.approx(
            expected, abs=0.1
        )


def test_customers_without_repeat_purchases_get_the_population_mean():
    # [P] the x = 0 customers (IDs 3, 4, 5, 8, 10) are at 35.17, the population mean.
    model = GammaGammaModel(**LIFETIMES_MLE)
    for x, m in FIRST_TEN:
        if x == 0:
            spend = model.expected_spend(frequency=0, monetary_value=m)
            assert spend == model.population_mean_spend
            assert round(spend, 2) == 35.17
    assert model.expected_spend(frequency=0, monetary_value=0.0) == model.population_mean_spend


def test_expected_spend_by_hand():
    # Customer 0006 at the MLE: 6.2488 (15.4477 + 7 · 73.74) / (6.2488 · 7 + 3.7446 − 1).
    model = GammaGammaModel(**LIFETIMES_MLE)
    by_hand = 6.2488 * (15.4477 + 7 * 73.74) / (6.2488 * 7 + 3.7446 - 1)
    assert model.expected_spend(frequency=7, monetary_value=73.74) == pytest.approx(
        by_hand, rel=1e-14
    )
    assert round(by_hand, 2) == 71.46


# ---------------------------------------------------------------------------------------------
# The likelihood against an independent transcription of FH 2013


def test_log_likelihood_matches_the_density_of_the_mean(simulated):
    for params in (LIFETIMES_MLE, PRINTED, {"p": 0.3, "q": 0.8, "gamma": 2.0}):
        expected = _log_likelihood(simulated, params["p"], params["q"], params["gamma"])
        actual = gamma_gamma_log_likelihood(_summaries(simulated), **params)
        assert actual == pytest.approx(expected, rel=1e-12)


def test_gradient_matches_central_differences(simulated):
    from crmkit.value._gammagamma import _Data

    data = _Data(simulated)
    for theta in [(6.0, 4.0, 15.0), (0.5, 1.5, 3.0), (20.0, 0.7, 80.0)]:
        _, gradient = data.evaluate(theta)
        for i, analytic in enumerate(gradient):
            h = 1e-6 * theta[i]
            up = [*theta[:i], theta[i] + h, *theta[i + 1 :]]
            down = [*theta[:i], theta[i] - h, *theta[i + 1 :]]
            numeric = (_log_likelihood(simulated, *up) - _log_likelihood(simulated, *down)) / (
                2 * h
            )
            assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-4)


def test_standard_errors_are_the_inverse_observed_information(simulated, fitted):
    # −∂²LL by second differences of the independent log-likelihood, then the inverse of the
    # 3×3 matrix by cofactors.
    theta = [fitted.p, fitted.q, fitted.gamma]

    def ll(values):
        return _log_likelihood(simulated, *values)

    steps = [1e-4 * t for t in theta]
    info = [[0.0] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(3):
            corners = []
            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                point = list(theta)
                point[i] += si * steps[i]
                point[j] += sj * steps[j]
                corners.append(ll(point))
            info[i][j] = -(corners[0] - corners[1] - corners[2] + corners[3]) / (
                4 * steps[i] * steps[j]
            )
    (a, b, c), (d, e, f), (g, h, k) = info
    det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g)
    variances = [(e * k - f * h) / det, (a * k - c * g) / det, (a * e - b * d) / det]
    for name, variance in zip(("p", "q", "gamma"), variances, strict=True):
        assert fitted.standard_errors[name] == pytest.approx(math.sqrt(variance), rel=1e-3)


# ---------------------------------------------------------------------------------------------
# Fitting


def test_parameters_are_recovered_from_simulated_spend(fitted):
    # 3,000 seeded repeat buyers drawn from (p, q, γ) = (6, 4, 15); within 4 standard errors.
    assert fitted.converged
    for name, truth in {"p": 6.0, "q": 4.0, "gamma": 15.0}.items():
        assert abs(fitted.params[name] - truth) <= 4 * fitted.standard_errors[name]


def test_standard_errors_give_nominal_coverage():
    # 40 seeded samples of 400 repeat buyers from the CDNOW estimates. If the standard errors
    # are right the 95 % Wald interval covers the truth in about 38 of 40; fewer than 34
    # happens with probability 0.6 % (binomial(40, 0.95)).
    truth = LIFETIMES_MLE
    covered = dict.fromkeys(truth, 0)
    for seed in range(40):
        pairs = _simulate(random.Random(seed), customers=400, **truth)
        fit = fit_gamma_gamma(_summaries(pairs))
        for name, value in truth.items():
            covered[name] += abs(fit.params[name] - value) <= 1.96 * fit.standard_errors[name]
    assert min(covered.values()) >= 34


def test_customers_without_repeat_spend_are_skipped_and_counted(simulated, fitted):
    extra = [
        CustomerSummary(customer_id="new", frequency=0, recency=0.0, T=5.0, unit="weeks"),
        CustomerSummary(customer_id="unknown", frequency=3, recency=4.0, T=5.0, unit="weeks"),
    ]
    fit = fit_gamma_gamma([*extra, *_summaries(simulated)])
    assert (fit.customers, fit.skipped) == (len(simulated), 2)
    assert (fitted.customers, fitted.skipped) == (len(simulated), 0)
    assert fit.params == fitted.params


def test_duplicated_customers_double_the_log_likelihood(simulated, fitted):
    # Grouping identical rows is exact: twice the data, the same maximum, twice the LL.
    fit = fit_gamma_gamma(_summaries(simulated + simulated))
    assert fit.p == pytest.approx(fitted.p, rel=1e-6)
    assert fit.gamma == pytest.approx(fitted.gamma, rel=1e-6)
    assert fit.log_likelihood == pytest.approx(2 * fitted.log_likelihood, rel=1e-12)


def test_a_fit_with_infinite_mean_refuses_to_predict():
    """Business rule (lifetimes #146, #370): a heavy-tailed spend distribution (q <= 1) has
    no mean; the model refuses to predict it instead of returning a negative spend."""
    pairs = _simulate(random.Random(7), p=2.0, q=0.6, gamma=5.0, customers=2000)
    fit = fit_gamma_gamma(_summaries(pairs))
    assert fit.converged
    assert fit.q < 1.0
    with pytest.raises(InvalidArgument, match="'q' must be > 1") as info:
        _ = fit.population_mean_spend
    assert info.value.field == "q"
    with pytest.raises(InvalidArgument, match="'q' must be > 1"):
        fit.expected_spend(frequency=0, monetary_value=None)
    # A repeat buyer's posterior mean is finite when p x + q > 1, and positive.
    assert fit.expected_spend(frequency=3, monetary_value=20.0) > 0.0


# ---------------------------------------------------------------------------------------------
# Frequency–spend independence


def test_independence_check_is_pearsons_r(simulated):
    summaries = [*_summaries(simulated), _summary("zero", 0, None)]
    check = check_spend_independence(summaries)
    expected = statistics.correlation([x for x, _ in simulated], [m for _, m in simulated])
    assert check.correlation == pytest.approx(expected, rel=1e-12)
    assert check.repeaters == len(simulated)
    assert check.plausible  # independent by construction
    assert fit_gamma_gamma(summaries).frequency_spend_correlation == pytest.approx(
        expected, rel=1e-12
    )


def test_spend_rising_with_frequency_is_flagged():
    """Business rule: when heavy buyers also spend more per transaction, the independence the
    Gamma-Gamma CLV relies on fails, and the check says so."""
    pairs = [(x, 10.0 * x + (x % 3)) for x in range(1, 40)]
    check = check_spend_independence(_summaries(pairs))
    assert check.correlation > INDEPENDENCE_CORRELATION_LIMIT
    assert not check.plausible


def test_independence_check_without_variation_is_nan():
    check = check_spend_independence(_summaries([(2, 10.0), (2, 30.0)]))
    assert math.isnan(check.correlation)
    assert not check.plausible
    assert check_spend_independence([]).repeaters == 0


# ---------------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "1"])
@pytest.mark.parametrize("name", ["p", "q", "gamma"])
def test_parameters_are_validated(name, bad):
    values = {"p": 1.0, "q": 2.0, "gamma": 3.0, name: bad}
    with pytest.raises(InvalidArgument, match=name) as info:
        GammaGammaModel(**values)
    assert info.value.field == name
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match=name):
        gamma_gamma_log_likelihood(_summaries([(1, 2.0), (2, 3.0)]), **values)


@pytest.mark.parametrize("bad", [0.0, -5.0, math.nan, math.inf, None, True])
def test_repeat_buyers_need_a_positive_monetary_value(bad):
    model = GammaGammaModel(**LIFETIMES_MLE)
    with pytest.raises(InvalidArgument, match="monetary_value") as info:
        model.expected_spend(frequency=2, monetary_value=bad)
    assert info.value.field == "monetary_value"
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [0.0, -12.5])
def test_fit_refuses_non_positive_spend(bad):
    # Negative margins (lifetimes #211) and zero spend have no density under the model.
    summaries = _summaries([(1, 10.0), (2, bad), (3, 12.0)])
    with pytest.raises(InvalidArgument, match=r"summaries\[1\]\.monetary_value") as info:
        fit_gamma_gamma(summaries)
    assert info.value.field == "summaries[1].monetary_value"
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match="monetary_value"):
        check_spend_independence(summaries)


@pytest.mark.parametrize("bad", [-1, 1.0, True, "2", None])
def test_frequency_is_validated(bad):
    with pytest.raises(InvalidArgument, match="frequency") as info:
        GammaGammaModel(**LIFETIMES_MLE).expected_spend(frequency=bad, monetary_value=10.0)
    assert info.value.field == "frequency"


@pytest.mark.parametrize("bad", [25.0, -1.0, math.nan, False])
def test_a_monetary_value_without_repeat_purchases_is_refused(bad):
    with pytest.raises(InvalidArgument, match="None") as info:
        GammaGammaModel(**LIFETIMES_MLE).expected_spend(frequency=0, monetary_value=bad)
    assert info.value.field == "monetary_value"


def test_infinite_posterior_mean_is_refused():
    # p x + q = 0.2 · 2 + 0.5 = 0.9 <= 1: E(1/ν) diverges under Gamma(0.9, ·).
    model = GammaGammaModel(p=0.2, q=0.5, gamma=3.0)
    with pytest.raises(InvalidArgument, match="'q' must exceed") as info:
        model.expected_spend(frequency=2, monetary_value=10.0)
    assert info.value.field == "q"
    # x = 3: p x + q = 1.1 > 1, finite: p (γ + x m̄) / 0.1 by hand.
    assert model.expected_spend(frequency=3, monetary_value=10.0) == pytest.approx(
        0.2 * (3.0 + 30.0) / 0.1, rel=1e-12
    )


@pytest.mark.parametrize(
    ("summaries", "match"),
    [
        ("not summaries", "iterable of CustomerSummary"),
        (42, "iterable of CustomerSummary"),
        ([(1, 10.0)], r"summaries\[0\]"),
        ([], "at least 2 repeat buyers"),
        ("one", "at least 2 repeat buyers"),
        ("same", "at least 2 repeat buyers"),
    ],
)
def test_summaries_are_validated(summaries, match):
    if summaries == "one":
        summaries = _summaries([(1, 10.0), (0, None)])
    elif summaries == "same":
        summaries = _summaries([(1, 10.0), (1, 10.0)])
    with pytest.raises(InvalidArgument, match=match) as info:
        fit_gamma_gamma(summaries)
    assert info.value.field.startswith("summaries")


# ---------------------------------------------------------------------------------------------
# Values


def test_fit_is_a_frozen_picklable_deterministic_value(simulated, fitted):
    assert isinstance(fitted, GammaGammaModel)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fitted.p = 1.0
    with pytest.raises(TypeError):
        fitted.params["p"] = 1.0
    assert pickle.loads(pickle.dumps(fitted)) == fitted
    assert fit_gamma_gamma(_summaries(simulated)) == fitted


def test_reprs(fitted):
    assert repr(GammaGammaModel(**PRINTED)) == "GammaGammaModel(p=6.25, q=3.74, gamma=15.44)"
    assert repr(fitted).startswith("FittedGammaGamma(p=")
    assert "customers=3000, skipped=0, converged=True" in repr(fitted)
    page = fitted._repr_html_()
    assert "<table>" in page
    assert f"{fitted.p:.4f}" in page
    assert "gradient below tolerance" in page or "rounding" in page
    assert isinstance(fitted, FittedGammaGamma)


# ---------------------------------------------------------------------------------------------
# Properties

positive = st.floats(min_value=0.05, max_value=50.0)
spend = st.floats(min_value=0.01, max_value=10_000.0)


@FEW
@given(p=positive, q=st.floats(min_value=1.01, max_value=50.0), gamma=positive,
       x=st.integers(min_value=1, max_value=500), m=spend)  # fmt: skip
def test_expected_spend_lies_between_the_population_mean_and_the_customers_own(p, q, gamma, x, m):
    """Business rule: a customer's expected spend shrinks their own mean towards the
    population mean, more weakly the more transactions we have seen (FHL 2005)."""
    model = GammaGammaModel(p=p, q=q, gamma=gamma)
    prior = model.population_mean_spend
    spend_x = model.expected_spend(frequency=x, monetary_value=m)
    spend_more = model.expected_spend(frequency=x + 1, monetary_value=m)
    slack = 1e-9 * max(prior, m)
    assert min(prior, m) - slack <= spend_x <= max(prior, m) + slack
    assert abs(spend_more - m) <= abs(spend_x - m) + slack


@FEW
@given(p=positive, q=positive, gamma=positive, x=st.integers(min_value=0, max_value=500),
       m=spend)  # fmt: skip
def test_expected_spend_is_never_negative(p, q, gamma, x, m):
    """Business rule: the model never predicts a negative spend; where the mean does not
    exist it raises instead (the lifetimes q < 1 defect)."""
    model = GammaGammaModel(p=p, q=q, gamma=gamma)
    if p * x + q <= 1.0:
        with pytest.raises(InvalidArgument) as info:
            model.expected_spend(frequency=x, monetary_value=m if x else None)
        assert info.value.field == "q"
    else:
        assert 0.0 < model.expected_spend(frequency=x, monetary_value=m if x else None) < math.inf


@settings(max_examples=10, deadline=None)
@given(scale=st.floats(min_value=0.01, max_value=1000.0), seed=st.integers(0, 10_000))
def test_the_fit_does_not_depend_on_the_currency(scale, seed):
    """Business rule: spend in cents instead of dollars scales γ̂ (money) and leaves the
    shapes p̂, q̂ and every prediction's currency-free part unchanged."""
    pairs = _simulate(random.Random(seed), p=4.0, q=3.0, gamma=20.0, customers=300)
    base = fit_gamma_gamma(_summaries(pairs))
    scaled = fit_gamma_gamma(_summaries([(x, m * scale) for x, m in pairs]))
    assume(base.converged and scaled.converged and base.q < 1e3)
    assert scaled.p == pytest.approx(base.p, rel=1e-4)
    assert scaled.q == pytest.approx(base.q, rel=1e-4)
    assert scaled.gamma == pytest.approx(base.gamma * scale, rel=1e-4)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), factors=st.tuples(*[st.floats(0.8, 1.25)] * 3))
def test_the_fit_maximises_the_likelihood(seed, factors):
    """Business rule: the fitted parameters explain the spend at least as well as any nearby
    parameters do (the fit is a maximum, not just a stopping point)."""
    pairs = _simulate(random.Random(seed), p=3.0, q=5.0, gamma=40.0, customers=300)
    fit = fit_gamma_gamma(_summaries(pairs))
    assume(fit.converged)
    nearby = [value * f for value, f in zip((fit.p, fit.q, fit.gamma), factors, strict=True)]
    assert fit.log_likelihood >= _log_likelihood(pairs, *nearby) - 1e-9 * abs(fit.log_likelihood)
