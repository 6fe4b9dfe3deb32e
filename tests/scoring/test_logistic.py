"""Golden, reference, property and error tests for the logistic fit and scorecard scaling.

Independent checks (none uses the module's own formulas):
- closed form: with one 0/1 feature the unpenalised maximum-likelihood log-odds of each group
  is the logit of its observed rate, so ``β_0 = logit(rate_0)``, ``β_1 = logit(rate_1) −
  logit(rate_0)`` (the log odds ratio), and the standard errors are Woolf's (1955):
  ``sqrt(1/a + 1/b + 1/c + 1/d)`` for the log odds ratio of a 2×2 table, ``sqrt(1/a + 1/b)``
  for the log-odds of one group (Hosmer, Lemeshow & Sturdivant 2013, §3.3);
- a plain dense Newton–Raphson written out below (full matrices, Gauss–Jordan elimination)
  for mixed data with weights and a penalty;
- Siddiqi (2006), *Credit Risk Scorecards*, ch. 10, worked example: 600 points at odds of
  50:1 with 20 points to double the odds give factor 28.8539 and offset 487.123, recomputed
  below from ``factor = pdo / ln 2``, ``offset = base − factor · ln(odds)``.
"""

from __future__ import annotations

import math
import pickle
import random
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.scoring._logistic import FittedLogistic, fit_logistic
from crmkit.scoring._scaling import (
    ScorecardPoints,
    ScorecardScaling,
    coefficient_points,
    scorecard_scaling,
)

FEW = settings(max_examples=40, deadline=None)


def logit(p):
    return math.log(p / (1 - p))


def table_rows(cells):
    """Rows and outcomes of a 2×2 table {(x, y): count}."""
    rows, outcomes = [], []
    for (x, y), count in cells.items():
        rows += [(x,)] * count
        outcomes += [y] * count
    return rows, outcomes


# --- golden: closed forms ------------------------------------------------------------------

# 200 leads without the webinar (40 converted), 60 with it (30 converted)
CELLS = {(0, 1): 40, (0, 0): 160, (1, 1): 30, (1, 0): 30}


def test_one_binary_feature_matches_the_closed_form():
    """Unpenalised MLE of a saturated 2-group model: each group's observed log-odds."""
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic(rows, outcomes, feature_names=("webinar",), l2=0.0)
    a, b, c, d = CELLS[1, 1], CELLS[1, 0], CELLS[0, 1], CELLS[0, 0]
    assert fit.converged
    assert fit.intercept == pytest.approx(logit(c / (c + d)), abs=1e-9)  # ln(40/160)
    assert fit.coefficients["webinar"] == pytest.approx(math.log(a * d / (b * c)), abs=1e-9)
    assert fit.intercept_standard_error == pytest.approx(math.sqrt(1 / c + 1 / d), rel=1e-9)
    woolf = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    assert fit.standard_errors["webinar"] == pytest.approx(woolf, rel=1e-9)
    # ℓ = Σ over cells of count · ln(observed probability of that cell's outcome)
    expected = sum(
        n * math.log(Fraction(CELLS[x, y], CELLS[x, 0] + CELLS[x, 1]))
        for (x, y), n in CELLS.items()
    )
    assert fit.log_likelihood == pytest.approx(expected, rel=1e-12)
    assert fit.probability((1,)) == pytest.approx(a / (a + b), rel=1e-9)
    assert (fit.n_observations, fit.total_weight) == (260, 260.0)


def test_weights_reproduce_the_table():
    """A row of weight k is k identical rows: the 2×2 table as 4 weighted rows."""
    rows, outcomes = table_rows(CELLS)
    expanded = fit_logistic(rows, outcomes, feature_names=("webinar",), l2=0.0)
    cells = list(CELLS.items())
    weighted = fit_logistic(
        [(x,) for (x, _), _ in cells],
        [y for (_, y), _ in cells],
        weights=[n for _, n in cells],
        feature_names=("webinar",),
        l2=0.0,
    )
    assert weighted.n_observations == 4
    assert attrs.evolve(weighted, n_observations=260) == expanded


def test_without_features_the_intercept_is_the_logit_of_the_base_rate():
    fit = fit_logistic([()] * 10, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], feature_names=())
    assert fit.intercept == pytest.approx(logit(0.3), abs=1e-12)
    assert fit.intercept_standard_error == pytest.approx(math.sqrt(1 / 3 + 1 / 7), rel=1e-12)
    assert fit.iterations == 0
    assert fit.converged


# --- reference: a plain dense Newton–Raphson ------------------------------------------------


def solve(matrix, vector):
    """Gauss–Jordan elimination with partial pivoting (matrix and vector are copied)."""
    size = len(vector)
    rows = [[*row, value] for row, value in zip(matrix, vector, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [v - factor * p for v, p in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def reference_fit(rows, outcomes, weights, l2):
    """β, covariance and ℓ by textbook IRLS on the full design matrix (no grouping)."""
    design = [[1.0, *map(float, row)] for row in rows]
    size = len(design[0])
    beta = [0.0] * size
    for _ in range(100):
        eta = [sum(b * x for b, x in zip(beta, row, strict=True)) for row in design]
        p = [1 / (1 + math.exp(-e)) for e in eta]
        data = list(zip(design, outcomes, p, weights, strict=True))
        gradient = [
            sum(w * (y - q) * row[j] for row, y, q, w in data) - (l2 * beta[j] if j else 0.0)
            for j in range(size)
        ]
        hessian = [
            [
                sum(w * q * (1 - q) * row[j] * row[k] for row, _, q, w in data)
                + (l2 if j == k and j else 0.0)
                for k in range(size)
            ]
            for j in range(size)
        ]
        step = solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(map(abs, step)) < 1e-13:
            break
    unit = [[float(i == j) for i in range(size)] for j in range(size)]
    covariance = [solve(hessian, column) for column in unit]
    ll = sum(
        w * (y * math.log(q) + (1 - y) * math.log(1 - q))
        for _, y, q, w in zip(design, outcomes, p, weights, strict=True)
    )
    return beta, covariance, ll


def mixed_data(seed, count):
    """Every column kind: rare and common 0/1 indicators, a sparse count, a dense number."""
    rng = random.Random(seed)
    rows, outcomes, weights = [], [], []
    for _ in range(count):
        row = (
            float(rng.random() < 0.1),
            float(rng.random() < 0.7),
            float(rng.choice((0, 0, 0, 0, 1, 2, 5))),
            rng.gauss(0, 1),
            float(rng.random() < 0.4),
        )
        eta = -0.5 + 1.2 * row[0] - 0.7 * row[1] + 0.3 * row[2] + 0.8 * row[3] + 0.4 * row[4]
        rows.append(row)
        outcomes.append(int(rng.random() < 1 / (1 + math.exp(-eta))))
        weights.append(rng.choice((0.5, 1.0, 2.0, 3.25)))
    return rows, outcomes, weights


@pytest.mark.parametrize("l2", [0.0, 0.7, 25.0])
def test_agrees_with_a_plain_dense_newton(l2):
    rows, outcomes, weights = mixed_data(3, 300)
    names = ("rare", "common", "visits", "score", "trial")
    fit = fit_logistic(rows, outcomes, feature_names=names, l2=l2, weights=weights)
    beta, covariance, ll = reference_fit(rows, outcomes, weights, l2)
    assert fit.converged
    assert [fit.intercept, *fit.coefficients.values()] == pytest.approx(beta, abs=1e-9)
    flat = [v for row in fit.covariance for v in row]
    assert flat == pytest.approx([v for row in covariance for v in row], rel=1e-8, abs=1e-12)
    assert fit.log_likelihood == pytest.approx(ll, rel=1e-12)
    errors = [fit.intercept_standard_error, *fit.standard_errors.values()]
    assert errors == pytest.approx([math.sqrt(covariance[k][k]) for k in range(6)], rel=1e-8)


def test_recovers_known_coefficients_on_simulated_data():
    """Each estimate lies within 4 standard errors of the coefficient that generated the data."""
    rng = random.Random(11)
    truth = (-1.5, 0.9, -0.6, 1.4, 0.5, -0.3)
    rows, outcomes = [], []
    for _ in range(20_000):
        row = (
            float(rng.random() < 0.3),
            float(rng.random() < 0.6),
            float(rng.random() < 0.05),
            rng.gauss(0, 1),
            rng.gauss(0, 1) if rng.random() < 0.2 else 0.0,  # a sparse numeric feature
        )
        eta = truth[0] + sum(b * x for b, x in zip(truth[1:], row, strict=True))
        rows.append(row)
        outcomes.append(rng.random() < 1 / (1 + math.exp(-eta)))
    names = ("a", "b", "c", "x", "z")
    fit = fit_logistic(rows, outcomes, feature_names=names, l2=0.0)
    estimates = [fit.intercept, *(fit.coefficients[n] for n in names)]
    errors = [fit.intercept_standard_error, *(fit.standard_errors[n] for n in names)]
    for estimate, true, error in zip(estimates, truth, errors, strict=True):
        assert abs(estimate - true) < 4 * error
    assert max(errors) < 0.1  # 20,000 leads pin every coefficient down


# --- properties ---------------------------------------------------------------------------

SMALL_DATA = st.lists(
    st.tuples(
        st.tuples(st.booleans(), st.booleans(), st.sampled_from((0.0, 0.0, 1.5, -2.0))),
        st.booleans(),
        st.integers(1, 3),
    ),
    min_size=4,
    max_size=30,
).filter(lambda data: 0 < sum(y for _, y, _ in data) < len(data))
NAMES = ("email_opened", "demo", "pages")


@FEW
@given(data=SMALL_DATA, seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_change_the_fit(data, seed):
    """Business rule: the same leads in another order give the same scorecard, bit for bit."""
    shuffled = list(data)
    random.Random(seed).shuffle(shuffled)
    fits = [
        fit_logistic([r for r, _, _ in d], [y for _, y, _ in d], feature_names=NAMES)
        for d in (data, shuffled)
    ]
    assert fits[0] == fits[1]


@FEW
@given(data=SMALL_DATA)
def test_duplicated_rows_and_weights_give_the_same_fit(data):
    """Business rule: k identical historic leads weigh as much as one lead of weight k."""
    rows = [row for row, _, k in data for _ in range(k)]
    outcomes = [y for _, y, k in data for _ in range(k)]
    duplicated = fit_logistic(rows, outcomes, feature_names=NAMES)
    weighted = fit_logistic(
        [row for row, _, _ in data],
        [y for _, y, _ in data],
        weights=[k for _, _, k in data],
        feature_names=NAMES,
    )
    assert attrs.evolve(weighted, n_observations=len(rows)) == duplicated


@FEW
@given(data=SMALL_DATA, low=st.floats(0.01, 10), factor=st.floats(1.5, 100))
def test_a_larger_l2_shrinks_the_coefficients(data, low, factor):
    """Business rule: more regularisation never lengthens the coefficient vector (ridge)."""
    rows, outcomes = [r for r, _, _ in data], [y for _, y, _ in data]
    fits = [fit_logistic(rows, outcomes, feature_names=NAMES, l2=l2) for l2 in (low, low * factor)]
    norms = [math.fsum(b * b for b in fit.coefficients.values()) for fit in fits]
    assert norms[1] <= norms[0] * (1 + 1e-9) + 1e-15


def test_a_huge_l2_leaves_only_the_base_rate():
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic(rows, outcomes, feature_names=("webinar",), l2=1e12)
    assert abs(fit.coefficients["webinar"]) < 1e-9
    assert fit.intercept == pytest.approx(logit(70 / 260), abs=1e-9)


def test_zero_weight_rows_count_for_nothing():
    rows, outcomes = table_rows(CELLS)
    base = fit_logistic(rows, outcomes, feature_names=("webinar",))
    padded = fit_logistic(
        [*rows, (1,), (0,)],
        [*outcomes, 1, 0],
        weights=[1] * len(rows) + [0, 0.0],
        feature_names=("webinar",),
    )
    assert attrs.evolve(padded, n_observations=len(rows)) == base


def test_bools_and_numbers_are_the_same_rows():
    rows, outcomes = table_rows(CELLS)
    bools = [(x == 1,) for (x,) in rows]
    as_bools = fit_logistic(bools, [y == 1 for y in outcomes], feature_names=("webinar",))
    assert as_bools == fit_logistic(rows, outcomes, feature_names=("webinar",))


def test_log_odds_and_probability_follow_the_coefficients():
    rows, outcomes, _ = mixed_data(5, 200)
    names = ("rare", "common", "visits", "score", "trial")
    fit = fit_logistic(rows, outcomes, feature_names=names)
    row = (1, 0, 2, -0.25, True)
    eta = fit.intercept + sum(fit.coefficients[n] * x for n, x in zip(names, row, strict=True))
    assert fit.log_odds(row) == pytest.approx(eta, rel=1e-12)
    assert fit.probability(row) == pytest.approx(1 / (1 + math.exp(-eta)), rel=1e-12)


def fitted(intercept, coefficients):
    """A FittedLogistic value built directly (its fields only need to be consistent)."""
    names = tuple(coefficients)
    size = len(names) + 1
    return FittedLogistic(
        feature_names=names,
        intercept=intercept,
        coefficients=FrozenDict(coefficients),
        intercept_standard_error=1.0,
        standard_errors=FrozenDict(dict.fromkeys(names, 1.0)),
        covariance=tuple(tuple(float(i == j) for j in range(size)) for i in range(size)),
        l2=1.0,
        log_likelihood=-1.0,
        iterations=1,
        converged=True,
        n_observations=2,
        total_weight=2.0,
    )


def test_probability_does_not_overflow_far_from_zero():
    fit = fitted(0.0, {"a": 1.0})
    assert fit.probability((-800,)) == 0.0
    assert fit.probability((800,)) == 1.0
    assert fit.probability((-40,)) == pytest.approx(math.exp(-40), rel=1e-12)


def test_a_fit_is_a_frozen_picklable_value():
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic(rows, outcomes, feature_names=("webinar",))
    assert pickle.loads(pickle.dumps(fit)) == fit
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fit.intercept = 0.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        fit.coefficients["webinar"] = 0.0  # type: ignore[index]
    assert "covariance" not in repr(fit)


def test_html_shows_every_estimate_with_its_standard_error():
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic([(x, 1 - x) for (x,) in rows], outcomes, feature_names=("<b>", "b&c"))
    shown = fit._repr_html_()
    assert "&lt;b&gt;" in shown
    assert "b&amp;c" in shown
    assert f"{fit.coefficients['<b>']:.4f}" in shown
    assert f"{fit.standard_errors['b&c']:.4f}" in shown
    assert "260 rows" in shown
    assert "converged" in shown


def test_max_iterations_zero_returns_the_start_unconverged():
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic(rows, outcomes, feature_names=("webinar",), max_iterations=0)
    assert (fit.converged, fit.iterations) == (False, 0)
    assert fit.intercept == pytest.approx(logit(70 / 260), abs=1e-12)
    assert fit.coefficients["webinar"] == 0.0


# --- no maximum -----------------------------------------------------------------------------


def test_separated_outcomes_without_penalty_raise_and_suggest_l2():
    """Every lead with the rule converted: the MLE is infinite, so l2 = 0 cannot fit it."""
    rows, outcomes = [(1,), (1,), (0,), (0,), (0,)], [1, 1, 0, 1, 0]
    with pytest.raises(InvalidArgument, match=r"'l2' must be larger.*\(got 0.0\).*separate") as e:
        fit_logistic(rows, outcomes, feature_names=("rule",), l2=0.0)
    assert (e.value.field, e.value.value) == ("l2", 0.0)
    fit = fit_logistic(rows, outcomes, feature_names=("rule",), l2=1.0)  # the remedy
    assert fit.converged
    assert 0 < fit.coefficients["rule"] < 5


@pytest.mark.parametrize(
    ("rows", "names"),
    [
        ([(1,), (1,), (1,), (1,)], ("always",)),  # duplicates the intercept
        ([(0,), (0,), (0,), (0,)], ("never",)),  # no information at all
        ([(1, 1), (0, 0), (1, 1), (0, 0)], ("a", "copy_of_a")),
    ],
)
def test_singular_information_without_penalty_raises(rows, names):
    with pytest.raises(InvalidArgument, match=r"'l2' must be larger.*singular") as e:
        fit_logistic(rows, [1, 0, 0, 1], feature_names=names, l2=0)
    assert e.value.field == "l2"
    fit = fit_logistic(rows, [1, 0, 0, 1], feature_names=names, l2=1)
    assert fit.converged


# --- errors -----------------------------------------------------------------------------

ROWS = [(1, 0), (0, 1), (1, 1), (0, 0)]
OUTCOMES = [1, 0, 1, 0]


@pytest.mark.parametrize(
    ("changes", "field", "value", "shown"),
    [
        ({"feature_names": "ab"}, "feature_names", "ab", "'ab'"),
        ({"feature_names": ("a", "a")}, "feature_names", ("a", "a"), "('a', 'a')"),
        ({"feature_names": ("a", 2)}, "feature_names", ("a", 2), "('a', 2)"),
        ({"rows": [(1, 0), (0,), (1, 1), (0, 0)]}, "rows", (0,), "'rows[1]' must"),
        ({"rows": [(1, 0), "01", (1, 1), (0, 0)]}, "rows", "01", "'01'"),
        ({"rows": [(1, 0), (0, math.nan), (1, 1), (0, 0)]}, "rows", math.nan, "rows[1][1]"),
        ({"rows": [(1, 0), (0, 1), (1, "1"), (0, 0)]}, "rows", "1", "(got '1')"),
        ({"rows": [(1, 0), (0, 1), (1, 10**400), (0, 0)]}, "rows", 10**400, "rows[2][1]"),
        ({"rows": ROWS[:3]}, "outcomes", 4, "3 (got 4)"),
        ({"rows": [*ROWS, (1, 1)]}, "outcomes", 4, "(got 4 for more rows)"),
        ({"outcomes": [1, 0, 2, 0]}, "outcomes", 2, "'outcomes[2]' must be 0 or 1 (got 2)"),
        ({"outcomes": [1, 0, "1", 0]}, "outcomes", "1", "(got '1')"),
        ({"outcomes": [1, 1, 1, 1]}, "outcomes", "only 1", "both 0 and 1"),
        ({"weights": [0, 1, 0, 1]}, "outcomes", "only 0", "positive weight (got only 0)"),
        ({"weights": [0, 0, 0, 0]}, "outcomes", "no rows of positive weight", "no rows"),
        ({"weights": [1, 1, 1]}, "weights", 3, "4 (got 3)"),
        ({"weights": [1, -1, 1, 1]}, "weights", -1, "'weights[1]' must be a finite number >= 0"),
        ({"weights": [1, True, 1, 1]}, "weights", True, "(got True)"),
        ({"weights": [1, math.inf, 1, 1]}, "weights", math.inf, "(got inf)"),
        ({"l2": -1.0}, "l2", -1.0, "'l2' must be a finite number >= 0 (got -1.0)"),
        ({"l2": math.nan}, "l2", math.nan, "(got nan)"),
        ({"l2": True}, "l2", True, "(got True)"),
        ({"max_iterations": -1}, "max_iterations", -1, "integer >= 0 (got -1)"),
        ({"max_iterations": 2.0}, "max_iterations", 2.0, "(got 2.0)"),
        ({"tolerance": 0.0}, "tolerance", 0.0, "'tolerance' must be a finite number > 0"),
    ],
)
def test_invalid_arguments_are_named_with_their_value(changes, field, value, shown):
    arguments = {"rows": ROWS, "outcomes": OUTCOMES, "feature_names": ("a", "b")} | changes
    with pytest.raises(InvalidArgument) as error:
        fit_logistic(**arguments)
    assert error.value.field == field
    got = error.value.value
    assert got == value or (math.isnan(value) and math.isnan(got))
    assert shown in str(error.value)
    assert f"'{field}" in str(error.value)


def test_a_row_for_prediction_is_checked():
    fit = fit_logistic(ROWS, OUTCOMES, feature_names=("a", "b"))
    with pytest.raises(InvalidArgument, match=r"'row' must be a sequence of 2 numbers") as e:
        fit.log_odds((1,))
    assert e.value.field == "row"
    with pytest.raises(InvalidArgument, match=r"'row\[1\]' must be a finite number \(got inf\)"):
        fit.probability((1, math.inf))


# --- scorecard scaling ----------------------------------------------------------------------


def test_siddiqi_worked_example():
    """Siddiqi (2006) ch. 10: 600 points at 50:1, pdo 20 -> factor 28.8539, offset 487.123."""
    scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
    factor = 20 / math.log(2)  # pdo / ln 2
    offset = 600 - factor * math.log(50)  # base score − factor · ln(base odds)
    assert (scaling.factor, scaling.offset) == pytest.approx((factor, offset), rel=1e-15)
    assert round(scaling.factor, 4) == 28.8539  # as printed
    assert round(scaling.offset, 3) == 487.123
    assert scaling.points(math.log(50)) == pytest.approx(600, rel=1e-15)
    assert scaling.points(math.log(100)) == pytest.approx(620, rel=1e-15)


SCALES = st.builds(
    scorecard_scaling,
    base_score=st.floats(-1000, 1000),
    base_odds=st.floats(1e-3, 1e3),
    points_to_double_odds=st.floats(0.5, 100),
)


@given(scaling=SCALES, log_odds=st.floats(-30, 30))
def test_points_and_log_odds_are_inverse(scaling, log_odds):
    """Business rule: a score read back gives the odds it was computed from."""
    assert scaling.log_odds(scaling.points(log_odds)) == pytest.approx(log_odds, abs=1e-9)


@given(scaling=SCALES, log_odds=st.floats(-30, 30))
def test_doubling_the_odds_adds_pdo_points(scaling, log_odds):
    """Business rule: the definition of points to double the odds."""
    gained = scaling.points(log_odds + math.log(2)) - scaling.points(log_odds)
    assert gained == pytest.approx(scaling.points_to_double_odds, abs=1e-9)


@given(
    intercept=st.floats(-5, 5),
    coefficients=st.lists(st.floats(-4, 4), min_size=1, max_size=8),
    active=st.lists(st.booleans(), min_size=8, max_size=8),
    scaling=SCALES,
)
def test_base_points_plus_matched_rule_points_is_the_score(
    intercept, coefficients, active, scaling
):
    """Business rule: a lead's score is the base points plus the points of the rules it
    matches, equal to the scaled log-odds before rounding (here to floating-point error)."""
    fit = fitted(intercept, {f"rule_{j}": b for j, b in enumerate(coefficients)})
    row = [int(a) for a in active[: len(coefficients)]]
    card = coefficient_points(fit, scaling)
    matched = [n for n, x in zip(fit.feature_names, row, strict=True) if x]
    total = card.base_points + sum(card.points[n] for n in matched)
    assert total == pytest.approx(scaling.points(fit.log_odds(row)), rel=1e-12, abs=1e-9)


def test_coefficient_points_are_factor_times_coefficients():
    rows, outcomes = table_rows(CELLS)
    fit = fit_logistic(rows, outcomes, feature_names=("webinar",))
    scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
    card = coefficient_points(fit, scaling)
    assert isinstance(card, ScorecardPoints)
    assert card.points["webinar"] == fit.coefficients["webinar"] * 20 / math.log(2)
    assert card.base_points == pytest.approx(487.1228762045055 + fit.intercept * 20 / math.log(2))
    assert pickle.loads(pickle.dumps(card)) == card


@pytest.mark.parametrize(
    ("changes", "field", "shown"),
    [
        ({"base_score": math.nan}, "base_score", "'base_score' must be a finite number (got nan)"),
        ({"base_score": "600"}, "base_score", "(got '600')"),
        ({"base_score": 10**400}, "base_score", "must be a finite number (got 1000"),
        ({"base_odds": 0}, "base_odds", "'base_odds' must be a finite number > 0 (got 0)"),
        ({"base_odds": -50}, "base_odds", "(got -50)"),
        ({"points_to_double_odds": 0.0}, "points_to_double_odds", "> 0 (got 0.0)"),
        ({"points_to_double_odds": True}, "points_to_double_odds", "(got True)"),
        ({"points_to_double_odds": math.inf}, "points_to_double_odds", "(got inf)"),
    ],
)
def test_invalid_scaling_is_named_with_its_value(changes, field, shown):
    arguments = {"base_score": 600, "base_odds": 50, "points_to_double_odds": 20} | changes
    with pytest.raises(InvalidArgument) as error:
        scorecard_scaling(**arguments)
    assert (error.value.field, error.value.value) == (field, changes[field])
    assert shown in str(error.value)


def test_scaling_is_a_frozen_value_derived_from_its_inputs():
    scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
    moved = attrs.evolve(scaling, base_score=620)
    assert moved.offset == pytest.approx(scaling.offset + 20)
    assert moved.factor == scaling.factor
    assert ScorecardScaling(base_score=600, base_odds=50, points_to_double_odds=20) == scaling
    with pytest.raises(TypeError):
        ScorecardScaling(base_score=600, base_odds=50, points_to_double_odds=20, factor=1.0)  # type: ignore[call-arg]
