"""Tests for the BG/BB model of discrete-opportunity repeat transactions (crmkit.value._bgbb).

Sources of the golden values (quoted in /work/shared/domain/anchors-value.md §3.5 and §4.2):
- Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time noncontractual
  setting", Marketing Science 29(6):1086–1108 (FHS 2010), and Hardie's spreadsheet (note
  010): the donations data (22 patterns, 11,104 donors, n = 6) [P]; the MLE α = 1.204,
  β = 0.750, γ = 0.657, δ = 2.783 and LL = −33,225.6 [P]; the expected numbers of donors
  with 0 and with 6 repeat transactions in 6 periods, 3,454.9 and 1,253.1 (cells C18, C24)
  [P]; Σ count × E[X(5) | x, t_x, n = 6] = 12,884.2 ("Conditional Expectations (II)") [P];
  P(alive) for (x, t_x) = (0, 0), (2, 4), (6, 6) at n = 6: 0.11, 0.59, 0.93 [P, 2 dp].
  The spreadsheet computes these at its unrounded MLE, so the tests evaluate them at this
  fit's MLE, itself checked against the paper.
- anchors §4.2 [R]: lifetimes' fit (1.2035, 0.7497, 0.6567, 2.7834), LL −33,225.58: another
  implementation, used as regression values.
- Independent reference formulas below are plain transcriptions of FHS 2010 with
  math.lgamma, and a brute-force sum over every 0/1 history; they share no code with the
  module.
"""

from __future__ import annotations

import itertools
import math
import pickle
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value._bgbb import (
    MAX_PERIODS,
    BgBbModel,
    BgBbPattern,
    FittedBgBb,
    bg_bb_log_likelihood,
    fit_bg_bb,
)

FEW = settings(max_examples=50, deadline=None)

# FHS 2010 donations data: (x, t_x, count) at n = 6 (anchors §3.5).
DONATIONS = [(0, 0, 3464), (1, 1, 1091), (1, 2, 277), (1, 3, 129), (1, 4, 78), (1, 5, 119),
             (1, 6, 129), (2, 2, 613), (2, 3, 255), (2, 4, 155), (2, 5, 173), (2, 6, 234),
             (3, 3, 322), (3, 4, 181), (3, 5, 225), (3, 6, 357), (4, 4, 240), (4, 5, 284),
             (4, 6, 512), (5, 5, 335), (5, 6, 728), (6, 6, 1203)]  # fmt: skip
DONORS = 11_104
PAPER = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}


def _patterns(rows=DONATIONS, n=6):
    return [BgBbPattern(frequency=x, recency=t, periods=n, count=c) for x, t, c in rows]


@pytest.fixture(scope="module")
def donations() -> FittedBgBb:
    return fit_bg_bb(_patterns())


# ---------------------------------------------------------------------------------------------
# Independent reference formulas (FHS 2010, transcribed with math.lgamma)


def _beta(a, b):
    return math.exp(math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))


def _term(params, x, y, e, m):
    # B(α+x, β+y)/B(α,β) · B(γ+e, δ+m)/B(γ,δ)
    a, b, g, d = (params[k] for k in ("alpha", "beta", "gamma", "delta"))
    return _beta(a + x, b + y) / _beta(a, b) * _beta(g + e, d + m) / _beta(g, d)


def _likelihood(params, x, t_x, n):
    total = _term(params, x, n - x, 0, n)
    for i in range(n - t_x):
        total += _term(params, x, t_x - x + i, 1, t_x + i)
    return total


def _pmf(params, x, n):
    total = math.comb(n, x) * _term(params, x, n - x, 0, n)
    for i in range(x, n):
        total += math.comb(i, x) * _term(params, x, i - x, 1, i)
    return total


def _ll(params):
    return math.fsum(c * math.log(_likelihood(params, x, t, 6)) for x, t, c in DONATIONS)


def _expected_closed_form(params, n):
    # FHS 2010: α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))], γ ≠ 1.
    a, b, g, d = (params[k] for k in ("alpha", "beta", "gamma", "delta"))
    ratio = math.exp(
        math.lgamma(g + d) + math.lgamma(1 + d + n) - math.lgamma(g + d + n) - math.lgamma(1 + d)
    )
    return a / (a + b) * d / (g - 1) * (1 - ratio)


def _conditional_closed_form(params, n_star, x, t_x, n):
    # FHS 2010 (lifetimes cites it as eq. 13): 1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) ·
    # Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)].
    a, b, g, d = (params[k] for k in ("alpha", "beta", "gamma", "delta"))
    lg = math.lgamma
    bracket = math.exp(lg(1 + d + n) - lg(g + d + n)) - math.exp(
        lg(1 + d + n + n_star) - lg(g + d + n + n_star)
    )
    front = (
        _beta(a + x + 1, b + n - x) / _beta(a, b) * d / (g - 1) * math.exp(lg(g + d) - lg(1 + d))
    )
    return front * bracket / _likelihood(params, x, t_x, n)


def _p_alive(params, x, t_x, n):
    # FHS 2010: P(alive at n + 1) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L.
    a, b, g, d = (params[k] for k in ("alpha", "beta", "gamma", "delta"))
    top = _beta(a + x, b + n - x) / _beta(a, b) * _beta(g, d + n + 1) / _beta(g, d)
    return top / _likelihood(params, x, t_x, n)


def _summary(history):
    x = sum(history)
    return x, max((t for t, bought in enumerate(history, start=1) if bought), default=0)


# ---------------------------------------------------------------------------------------------
# Golden: FHS 2010 and the spreadsheet (anchors §3.5)


def test_fit_reproduces_the_paper(donations):
    # [P] MLE to 3 decimals and LL to 1 decimal.
    assert donations.converged
    assert {name: round(value, 3) for name, value in donations.params.items()} == PAPER
    assert round(donations.log_likelihood, 1) == -33225.6
    assert donations.customers == DONORS
    assert len(donations.patterns) == 22


def test_fit_matches_lifetimes(donations):
    # anchors §4.2 [R]: lifetimes stops within ~5e-5 of the optimum (Nelder-Mead-like
    # tolerance), so the comparison allows 1e-4.
    expected = {"alpha": 1.2035, "beta": 0.7497, "gamma": 0.6567, "delta": 2.7834}
    for name, value in expected.items():
        assert donations.params[name] == pytest.approx(value, abs=1e-4)
    assert donations.log_likelihood == pytest.approx(-33225.58, abs=5e-3)


def test_expected_numbers_with_zero_and_six_repeat_transactions(donations):
    # [P] spreadsheet cells C18 and C24: 11,104 · P(X(6) = 0) and 11,104 · P(X(6) = 6).
    zero = DONORS * donations.probability_of_frequency(frequency=0, periods=6)
    six = DONORS * donations.probability_of_frequency(frequency=6, periods=6)
    assert round(zero, 1) == 3454.9
    assert round(six, 1) == 1253.1


def test_total_conditional_expectation_over_the_next_five_periods(donations):
    # [P] Σ count · E[X(6, 11) | x, t_x, 6] = 12,884.2.
    total = math.fsum(
        c * donations.conditional_expected_purchases(5, frequency=x, recency=t, periods=6)
        for x, t, c in DONATIONS
    )
    assert round(total, 1) == 12884.2


@pytest.mark.parametrize(("x", "t_x", "expected"), [(0, 0, 0.11), (2, 4, 0.59), (6, 6, 0.93)])
def test_p_alive_matches_the_spreadsheet(donations, x, t_x, expected):
    # [P] 2 dp; FHS 2010's P(alive) is "alive in period n + 1" (at n it would be 0.12 for
    # (0, 0) and 1 for (6, 6)).
    assert round(donations.p_alive(frequency=x, recency=t_x, periods=6), 2) == expected


# ---------------------------------------------------------------------------------------------
# Against the independent transcriptions


@pytest.mark.parametrize("params", [PAPER, {"alpha": 0.3, "beta": 4.0, "gamma": 2.5, "delta": 0.4}])
def test_log_likelihood_matches_the_paper_formula(params):
    expected = _ll(params)
    assert bg_bb_log_likelihood(_patterns(), **params) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("params", [PAPER, {"alpha": 0.3, "beta": 4.0, "gamma": 2.5, "delta": 0.4}])
def test_predictions_match_the_paper_formulas(params):
    model = BgBbModel(**params)
    for n in (0, 1, 6, 25):
        assert model.expected_purchases(n) == pytest.approx(
            _expected_closed_form(params, n), rel=1e-10, abs=1e-15
        )
        for x in range(n + 1):
            assert model.probability_of_frequency(frequency=x, periods=n) == pytest.approx(
                _pmf(params, x, n), rel=1e-10
            )
    for x, t, _ in DONATIONS:
        assert model.p_alive(frequency=x, recency=t, periods=6) == pytest.approx(
            _p_alive(params, x, t, 6), rel=1e-10
        )
        for n_star in (1, 5, 30):
            assert model.conditional_expected_purchases(
                n_star, frequency=x, recency=t, periods=6
            ) == pytest.approx(_conditional_closed_form(params, n_star, x, t, 6), rel=1e-9)


def test_expected_purchases_at_gamma_one():
    # The closed form is 0/0 at γ = 1; its limit is α/(α+β) · δ Σ_{k<n} 1/(1 + δ + k)
    # (δ (ψ(1+δ+n) − ψ(1+δ)) by the digamma recurrence).
    model = BgBbModel(alpha=2.0, beta=3.0, gamma=1.0, delta=1.5)
    limit = 2.0 / 5.0 * 1.5 * math.fsum(1 / (2.5 + k) for k in range(40))
    assert model.expected_purchases(40) == pytest.approx(limit, rel=1e-12)


def test_histories_add_up(donations):
    # Brute force over every 0/1 history of n = 6: each has probability L(x, t_x, 6); their
    # sum by x is P(X(6) = x), by (x, t_x) the pattern probability, and the total is 1.
    by_x: dict[int, float] = {}
    by_pattern: dict[tuple[int, int], float] = {}
    params = dict(donations.params)
    for history in itertools.product((0, 1), repeat=6):
        x, t_x = _summary(history)
        probability = _likelihood(params, x, t_x, 6)
        by_x[x] = by_x.get(x, 0.0) + probability
        by_pattern[x, t_x] = by_pattern.get((x, t_x), 0.0) + probability
    assert math.fsum(by_x.values()) == pytest.approx(1.0, rel=1e-12)
    for x, total in by_x.items():
        assert donations.probability_of_frequency(frequency=x, periods=6) == pytest.approx(
            total, rel=1e-10
        )
    for (x, t_x), total in by_pattern.items():
        assert donations.probability_of_pattern(
            frequency=x, recency=t_x, periods=6
        ) == pytest.approx(total, rel=1e-10)


def test_gradient_matches_central_differences():
    from crmkit.value._bgbb import _Data, _grouped

    data = _Data(_grouped(_patterns()))
    names = ("alpha", "beta", "gamma", "delta")
    for theta in [(1.2, 0.75, 0.66, 2.8), (0.3, 4.0, 2.5, 0.4), (9.0, 2.0, 0.1, 12.0)]:
        _, gradient = data.evaluate(theta)
        for i, analytic in enumerate(gradient):
            h = 1e-6 * theta[i]
            up = dict(zip(names, [*theta[:i], theta[i] + h, *theta[i + 1 :]], strict=True))
            down = dict(zip(names, [*theta[:i], theta[i] - h, *theta[i + 1 :]], strict=True))
            numeric = (_ll(up) - _ll(down)) / (2 * h)
            assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-3)


# ---------------------------------------------------------------------------------------------
# Simulated data


def _simulate(rng, *, alpha, beta, gamma, delta, customers, periods):
    # FHS 2010's story: p ~ Beta(α, β), θ ~ Beta(γ, δ); before each opportunity an alive
    # customer drops out with probability θ, else transacts with probability p.
    rows = []
    for _ in range(customers):
        p, theta = rng.betavariate(alpha, beta), rng.betavariate(gamma, delta)
        history, alive = [], True
        for _ in range(periods):
            alive = alive and rng.random() >= theta
            history.append(alive and rng.random() < p)
        rows.append(BgBbPattern.from_history(history))
    return rows


@pytest.mark.parametrize(
    "truth",
    [PAPER, {"alpha": 0.5, "beta": 3.0, "gamma": 2.0, "delta": 6.0}],
    ids=["donations", "infrequent"],
)
def test_parameters_are_recovered_from_simulated_customers(truth):
    # 8,000 customers over 8 opportunities, one row each; within 4 standard errors.
    rows = _simulate(random.Random(2010), customers=8000, periods=8, **truth)
    fit = fit_bg_bb(rows)
    assert fit.converged
    assert fit.customers == 8000
    for name, value in truth.items():
        assert abs(fit.params[name] - value) <= 4 * fit.standard_errors[name]


def test_one_row_per_customer_equals_one_row_per_pattern(donations):
    rows = [BgBbPattern(frequency=x, recency=t, periods=6) for x, t, c in DONATIONS[:6]
            for _ in range(c)]  # fmt: skip
    rows += _patterns(DONATIONS[6:])
    fit = fit_bg_bb(reversed(rows))
    assert fit.patterns == donations.patterns
    assert fit.params == donations.params


def test_customers_may_have_different_numbers_of_opportunities():
    # A cohort seen for 6 years and a later one seen for 3: LL adds up over both.
    later = _patterns([(0, 0, 400), (1, 1, 120), (1, 3, 80), (2, 3, 150), (3, 3, 250)], n=3)
    fit = fit_bg_bb([*_patterns(), *later])
    assert fit.converged
    separate = bg_bb_log_likelihood(_patterns(), **fit.params) + bg_bb_log_likelihood(
        later, **fit.params
    )
    assert fit.log_likelihood == pytest.approx(separate, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Patterns and validation


def test_pattern_from_history():
    assert BgBbPattern.from_history([1, 0, 1, 1, 0, 0]) == BgBbPattern(
        frequency=3, recency=4, periods=6
    )
    assert BgBbPattern.from_history((False,) * 4, count=9) == BgBbPattern(
        frequency=0, recency=0, periods=4, count=9
    )
    assert BgBbPattern.from_history([]) == BgBbPattern(frequency=0, recency=0, periods=0)


@pytest.mark.parametrize("bad", ["1010", [1, 2], [0.5], 7])
def test_history_is_validated(bad):
    with pytest.raises(InvalidArgument, match="purchases") as info:
        BgBbPattern.from_history(bad)
    assert info.value.field == "purchases"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"frequency": 3, "recency": 2, "periods": 6}, "recency"),
        ({"frequency": 0, "recency": 2, "periods": 6}, "recency"),
        ({"frequency": 2, "recency": 0, "periods": 6}, "recency"),
        ({"frequency": 2, "recency": 7, "periods": 6}, "recency"),
        ({"frequency": -1, "recency": 0, "periods": 6}, "frequency"),
        ({"frequency": 1.0, "recency": 1, "periods": 6}, "frequency"),
        ({"frequency": True, "recency": 1, "periods": 6}, "frequency"),
        ({"frequency": 0, "recency": 0, "periods": MAX_PERIODS + 1}, "periods"),
        ({"frequency": 0, "recency": 0, "periods": 6, "count": -2}, "count"),
    ],
)
def test_patterns_are_validated(values, field):
    with pytest.raises(InvalidArgument, match=field) as info:
        BgBbPattern(**values)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("patterns", "match"),
    [
        ("patterns", "iterable of BgBbPattern"),
        ([(1, 1, 6)], r"patterns\[0\]"),
        ([], "transacted"),
        ([BgBbPattern(frequency=0, recency=0, periods=6, count=5)], "transacted"),
        ([BgBbPattern(frequency=3, recency=3, periods=3, count=5)], "transacted"),
        ([BgBbPattern(frequency=1, recency=1, periods=6, count=0)], "transacted"),
    ],
)
def test_fit_data_are_validated(patterns, match):
    with pytest.raises(InvalidArgument, match=match) as info:
        fit_bg_bb(patterns)
    assert info.value.field.startswith("patterns")


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, True, "1"])
@pytest.mark.parametrize("name", ["alpha", "beta", "gamma", "delta"])
def test_parameters_are_validated(name, bad):
    values = {**PAPER, name: bad}
    with pytest.raises(InvalidArgument, match=name) as info:
        BgBbModel(**values)
    assert info.value.field == name
    assert repr(bad) in str(info.value)
    with pytest.raises(InvalidArgument, match=name):
        bg_bb_log_likelihood(_patterns(), **values)


def test_prediction_arguments_are_validated():
    model = BgBbModel(**PAPER)
    cases = [
        (lambda: model.expected_purchases(-1), "n"),
        (lambda: model.expected_purchases(MAX_PERIODS + 1), "n"),
        (lambda: model.expected_purchases(2.0), "n"),
        (lambda: model.probability_of_frequency(frequency=7, periods=6), "frequency"),
        (lambda: model.probability_of_frequency(frequency=1, periods=-6), "periods"),
        (lambda: model.p_alive(frequency=2, recency=1, periods=6), "recency"),
        (lambda: model.conditional_expected_purchases(-1, frequency=0, recency=0, periods=6),
         "n_star"),
        (lambda: model.probability_of_pattern(frequency=1, recency=0, periods=6), "recency"),
    ]  # fmt: skip
    for call, field in cases:
        with pytest.raises(InvalidArgument, match=field) as info:
            call()
        assert info.value.field == field


# ---------------------------------------------------------------------------------------------
# Values


def test_fit_is_a_frozen_picklable_deterministic_value(donations):
    assert isinstance(donations, BgBbModel)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        donations.alpha = 1.0
    with pytest.raises(TypeError):
        donations.params["alpha"] = 1.0
    assert pickle.loads(pickle.dumps(donations)) == donations
    assert fit_bg_bb(_patterns()) == donations


def test_reprs(donations):
    model = BgBbModel(**PAPER)
    assert repr(model) == "BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)"
    assert repr(donations) == (
        "FittedBgBb(alpha=1.20352, beta=0.749716, gamma=0.656718, delta=2.78344, "
        "log_likelihood=-33225.6, customers=11104, patterns=22, converged=True)"
    )
    page = donations._repr_html_()
    assert "<table>" in page
    assert "1.2035" in page
    assert "11,104 customers" in page


# ---------------------------------------------------------------------------------------------
# Properties

parameter = st.floats(min_value=0.05, max_value=50.0)
models = st.builds(BgBbModel, alpha=parameter, beta=parameter, gamma=parameter, delta=parameter)


@st.composite
def histories(draw):
    n = draw(st.integers(min_value=1, max_value=30))
    x = draw(st.integers(min_value=0, max_value=n))
    t_x = draw(st.integers(min_value=max(x, 1), max_value=n)) if x else 0
    return x, t_x, n


@FEW
@given(model=models, pattern=histories())
def test_p_alive_is_a_probability_that_rises_with_recency(model, pattern):
    """Business rule: P(alive) lies in [0, 1], and of two customers with the same number of
    transactions the one who transacted more recently is more likely to still be there."""
    x, t_x, n = pattern
    alive = model.p_alive(frequency=x, recency=t_x, periods=n)
    assert 0.0 <= alive <= 1.0
    if x > 0 and t_x < n:
        later = model.p_alive(frequency=x, recency=t_x + 1, periods=n)
        assert later >= alive * (1 - 1e-12)


@FEW
@given(model=models, pattern=histories(), n_star=st.integers(min_value=0, max_value=60))
def test_conditional_expectation_is_bounded(model, pattern, n_star):
    """Business rule: a customer cannot be expected to transact at more opportunities than
    there are, nor less than never; more opportunities never lower the expectation."""
    x, t_x, n = pattern
    value = model.conditional_expected_purchases(n_star, frequency=x, recency=t_x, periods=n)
    more = model.conditional_expected_purchases(n_star + 1, frequency=x, recency=t_x, periods=n)
    assert 0.0 <= value <= n_star
    assert more >= value


@FEW
@given(model=models, n=st.integers(min_value=0, max_value=40))
def test_frequency_distribution_is_a_distribution(model, n):
    """Business rule: the numbers of customers expected with 0, 1, …, n transactions add up
    to the whole cohort, and their mean is the expected number of transactions."""
    pmf = [model.probability_of_frequency(frequency=x, periods=n) for x in range(n + 1)]
    assert math.fsum(pmf) == pytest.approx(1.0, rel=1e-9)
    mean = math.fsum(x * p for x, p in enumerate(pmf))
    assert model.expected_purchases(n) == pytest.approx(mean, rel=1e-8, abs=1e-12)
