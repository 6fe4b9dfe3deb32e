"""Tests for the shared minimiser of the probabilistic value models (crmkit.value._optimize).

The test functions have known minima worked by hand: a separable quadratic in the parameters
(minimum at its centre), Rosenbrock's function in log-space (minimum where ln θ = (1, 1), so
θ = (e, e); Nocedal & Wright 2006, eq. 2.22) and polynomials whose derivatives are written out
next to each check.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value._optimize import (
    DEFAULT_MAX_ITERATIONS,
    GRADIENT_TOLERANCE,
    MINIMISE_REASONS,
    REASON_GRADIENT,
    REASON_ITERATIONS,
    REASON_LINE_SEARCH,
    REASON_NON_FINITE_GRADIENT,
    REASON_ROUNDING,
    STALL_GRADIENT_TOLERANCE,
    Minimum,
    invert_positive_definite,
    minimise,
    numerical_gradient,
    numerical_hessian,
)

FEW = settings(max_examples=60, deadline=None)


def _bowl(theta):
    # f = (θ1 − 2)² + 4 (θ2 − 0.5)², minimum 0 at (2, 0.5).
    return (theta[0] - 2.0) ** 2 + 4.0 * (theta[1] - 0.5) ** 2


def _bowl_gradient(theta):
    return (2.0 * (theta[0] - 2.0), 8.0 * (theta[1] - 0.5))


def _rosenbrock(theta):
    # Rosenbrock in x = ln θ: (1 − x1)² + 100 (x2 − x1²)², minimum 0 at x = (1, 1).
    x1, x2 = math.log(theta[0]), math.log(theta[1])
    return (1.0 - x1) ** 2 + 100.0 * (x2 - x1 * x1) ** 2


ROSENBROCK_START = (math.exp(-1.2), math.exp(1.0))  # the classical start x = (−1.2, 1)


@pytest.mark.parametrize("gradient", [_bowl_gradient, None], ids=["analytic", "numerical"])
def test_quadratic_with_known_minimum(gradient):
    result = minimise(_bowl, (0.3, 3.0), gradient=gradient)
    assert result.converged
    # The minimum value is 0, so f is known to about ε absolutely: the search may stop on
    # either gradient test.
    assert result.reason in {REASON_GRADIENT, REASON_ROUNDING}
    assert result.parameters == pytest.approx((2.0, 0.5), rel=1e-7)
    assert result.value == pytest.approx(0.0, abs=1e-12)
    assert result.gradient_norm <= STALL_GRADIENT_TOLERANCE
    assert 0 < result.iterations < DEFAULT_MAX_ITERATIONS


def test_rosenbrock_in_log_space():
    result = minimise(_rosenbrock, ROSENBROCK_START)
    assert result.converged
    assert result.reason == REASON_GRADIENT
    assert result.gradient_norm <= GRADIENT_TOLERANCE
    assert result.parameters == pytest.approx((math.e, math.e), rel=1e-6)
    assert result.value < 1e-12


def test_numerical_gradient_costs_objective_evaluations():
    # Central differences need two evaluations per parameter per gradient.
    analytic = minimise(_bowl, (0.3, 3.0), gradient=_bowl_gradient)
    numerical = minimise(_bowl, (0.3, 3.0))
    assert numerical.evaluations >= analytic.evaluations + 4 * (numerical.iterations + 1)


def test_same_start_gives_the_same_answer():
    """Business rule: a fit is reproducible; no random restarts or seeds are involved."""
    first = minimise(_rosenbrock, ROSENBROCK_START)
    second = minimise(_rosenbrock, ROSENBROCK_START)
    assert first == second
    assert isinstance(first, Minimum)


def test_iteration_cap_reports_not_converged():
    result = minimise(_rosenbrock, ROSENBROCK_START, max_iterations=3)
    assert not result.converged
    assert result.reason == REASON_ITERATIONS
    assert result.iterations == 3
    assert result.gradient_norm > GRADIENT_TOLERANCE


def test_zero_iterations_returns_the_start():
    result = minimise(_bowl, (1.0, 1.0), max_iterations=0)
    assert result.parameters == (1.0, 1.0)
    assert result.value == 2.0  # (1 − 2)² + 4 (1 − 0.5)² = 1 + 1
    assert result.reason == REASON_ITERATIONS


def test_a_wrong_gradient_ends_in_a_failed_line_search():
    # The sign-flipped gradient points uphill, so no step length decreases f.
    def uphill(theta):
        return tuple(-g for g in _bowl_gradient(theta))

    result = minimise(_bowl, (0.3, 3.0), gradient=uphill)
    assert not result.converged
    assert result.reason == REASON_LINE_SEARCH


def test_a_non_finite_gradient_stops_the_search():
    result = minimise(_bowl, (0.3, 3.0), gradient=lambda _theta: (math.nan, 0.0))
    assert not result.converged
    assert result.reason == REASON_NON_FINITE_GRADIENT


def test_points_where_the_objective_is_undefined_are_backed_away_from():
    # f = (θ − 2)² is declared undefined (nan) above θ = 2.5, inside the first full step from
    # θ = 0.01 (Δ ln θ is capped at 5, i.e. θ up to 1.48, then BFGS may overshoot).
    def fenced(theta):
        return math.nan if theta[0] > 2.5 else (theta[0] - 2.0) ** 2

    result = minimise(fenced, (0.01,))
    assert result.converged
    assert result.parameters[0] == pytest.approx(2.0, rel=1e-7)


def test_a_stop_at_the_rounding_floor_counts_as_converged():
    """Business rule: a fit that cannot improve only because of floating-point rounding, at
    a small gradient, is reported as converged (scipy's "precision loss" is not an error)."""

    # Σ w (r − ln r − 1) with r = θ/c cancels catastrophically near r = 1: f is known only to
    # ~1e-15 absolutely, so the gradient cannot be driven to 1e-8 (seen at start (68, 1, 12.5)).
    centre, weights = (9.0, 4.0, 11.0), (31.0, 15.0, 1.0)

    def objective(theta):
        ratios = [t / c for t, c in zip(theta, centre, strict=True)]
        terms = (w * (r - math.log(r) - 1.0) for w, r in zip(weights, ratios, strict=True))
        return math.fsum(terms) + (math.log(ratios[0]) - math.log(ratios[1])) ** 2

    result = minimise(objective, (68.0, 1.0, 12.5))
    assert result.converged
    assert result.reason == REASON_ROUNDING
    assert GRADIENT_TOLERANCE < result.gradient_norm <= STALL_GRADIENT_TOLERANCE
    assert result.parameters == pytest.approx(centre, rel=1e-6)


def test_reasons_are_listed_and_two_of_them_converge():
    assert set(MINIMISE_REASONS) == {
        REASON_GRADIENT,
        REASON_ROUNDING,
        REASON_ITERATIONS,
        REASON_LINE_SEARCH,
        REASON_NON_FINITE_GRADIENT,
    }


@pytest.mark.parametrize(
    ("start", "match"),
    [
        ((), "at least one finite positive"),
        ((1.0, -2.0), "positive"),
        ((1.0, 0.0), "positive"),
        ((1.0, math.inf), "positive"),
        ((1.0, math.nan), "positive"),
        ((True, 1.0), "finite positive real"),
        ("12", "sequence"),
        (3.0, "sequence"),
    ],
)
def test_start_is_validated(start, match):
    with pytest.raises(InvalidArgument, match=match) as info:
        minimise(_bowl, start)
    assert info.value.field == "start"
    assert repr(start) in str(info.value)


def test_objective_must_be_finite_at_the_start():
    with pytest.raises(InvalidArgument, match="finite at 'start'") as info:
        minimise(lambda _theta: math.inf, (1.0,))
    assert info.value.field == "start"


@pytest.mark.parametrize("bad", [-1, True, 2.5])
def test_max_iterations_is_validated(bad):
    with pytest.raises(InvalidArgument, match="max_iterations") as info:
        minimise(_bowl, (1.0, 1.0), max_iterations=bad)
    assert info.value.field == "max_iterations"
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [0.0, -1e-8, math.inf, math.nan])
def test_gradient_tolerance_is_validated(bad):
    with pytest.raises(InvalidArgument, match="gradient_tolerance") as info:
        minimise(_bowl, (1.0, 1.0), gradient_tolerance=bad)
    assert info.value.field == "gradient_tolerance"


# ---------------------------------------------------------------------------------------------
# Numerical derivatives


def _cubic(theta):
    # f = θ1² θ2 + θ2³ / θ1:
    # ∂f/∂θ1 = 2 θ1 θ2 − θ2³/θ1²,  ∂f/∂θ2 = θ1² + 3 θ2²/θ1,
    # ∂²f/∂θ1² = 2 θ2 + 2 θ2³/θ1³,  ∂²f/∂θ1∂θ2 = 2 θ1 − 3 θ2²/θ1²,  ∂²f/∂θ2² = 6 θ2/θ1.
    a, b = theta
    return a * a * b + b**3 / a


def _cubic_gradient(theta):
    a, b = theta
    return (2 * a * b - b**3 / a**2, a * a + 3 * b * b / a)


def _cubic_hessian(a, b):
    return (
        (2 * b + 2 * b**3 / a**3, 2 * a - 3 * b * b / a**2),
        (2 * a - 3 * b * b / a**2, 6 * b / a),
    )


def test_numerical_gradient_matches_the_derivative():
    # At (2, 3): (2·2·3 − 27/4, 4 + 27/2) = (5.25, 17.5).
    assert numerical_gradient(_cubic, (2.0, 3.0)) == pytest.approx((5.25, 17.5), rel=1e-8)


@pytest.mark.parametrize("gradient", [_cubic_gradient, None], ids=["from-gradient", "from-values"])
def test_numerical_hessian_matches_the_second_derivatives(gradient):
    # At (2, 3): ((6 + 54/8, 4 − 27/4), (4 − 27/4, 9)) = ((12.75, −2.75), (−2.75, 9)).
    hessian = numerical_hessian(_cubic, (2.0, 3.0), gradient=gradient)
    expected = ((12.75, -2.75), (-2.75, 9.0))
    tolerance = 1e-7 if gradient else 1e-5
    for row, want in zip(hessian, expected, strict=True):
        assert row == pytest.approx(want, rel=tolerance, abs=tolerance)
    assert hessian[0][1] == hessian[1][0]


def test_derivative_helpers_validate_the_point():
    with pytest.raises(InvalidArgument, match="parameters"):
        numerical_gradient(_cubic, (2.0, -3.0))
    with pytest.raises(InvalidArgument, match="parameters"):
        numerical_hessian(_cubic, (0.0, 3.0))


def test_inverse_of_a_positive_definite_matrix():
    # A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]]; det = 4(15 − 1) − 2(6 − 0) = 44; A⁻¹ = adj(A)/44
    # with adj(A) = [[14, −6, 2], [−6, 12, −4], [2, −4, 16]].
    inverse = invert_positive_definite(((4.0, 2.0, 0.0), (2.0, 5.0, 1.0), (0.0, 1.0, 3.0)))
    expected = ((14, -6, 2), (-6, 12, -4), (2, -4, 16))
    for row, want in zip(inverse, expected, strict=True):
        assert row == pytest.approx([v / 44 for v in want], rel=1e-12)


@pytest.mark.parametrize(
    "matrix",
    [((1.0, 2.0), (2.0, 1.0)), ((0.0, 0.0), (0.0, 1.0)), ((math.nan, 0.0), (0.0, 1.0))],
    ids=["indefinite", "singular", "nan"],
)
def test_inverse_refuses_a_matrix_that_is_not_positive_definite(matrix):
    with pytest.raises(InvalidArgument, match="positive definite") as info:
        invert_positive_definite(matrix)
    assert info.value.field == "matrix"


@pytest.mark.parametrize("matrix", [(), ((1.0, 2.0),)])
def test_inverse_refuses_a_matrix_that_is_not_square(matrix):
    with pytest.raises(InvalidArgument, match="square"):
        invert_positive_definite(matrix)


# ---------------------------------------------------------------------------------------------
# Properties

positive = st.floats(min_value=1e-2, max_value=1e2, allow_nan=False)


@FEW
@given(
    centre=st.tuples(positive, positive, positive),
    weights=st.tuples(positive, positive, positive),
    start=st.tuples(positive, positive, positive),
)
def test_a_likelihood_shaped_objective_is_minimised_from_any_start(centre, weights, start):
    """Business rule: when the objective has one minimum and rises towards 0 and infinity in
    every parameter, as a negative log-likelihood does, the fit lands on the minimum wherever
    the deterministic start lies (no start-dependent answers, no random restarts)."""

    # Σ w_i (θ_i/c_i − ln(θ_i/c_i) − 1) + (ln θ_1 − ln θ_2 − ln c_1 + ln c_2)²: each term is
    # ≥ 0 and 0 only at θ = c; the second couples the parameters.
    def objective(theta):
        ratios = [t / c for t, c in zip(theta, centre, strict=True)]
        separable = math.fsum(
            w * (r - math.log(r) - 1.0) for w, r in zip(weights, ratios, strict=True)
        )
        return separable + (math.log(ratios[0]) - math.log(ratios[1])) ** 2

    result = minimise(objective, start)
    assert result.converged
    assert result.parameters == pytest.approx(centre, rel=1e-5)


@FEW
@given(
    customers=st.integers(min_value=10, max_value=10**7),
    mean=st.floats(min_value=0.01, max_value=100.0),
)
def test_the_estimate_does_not_depend_on_the_number_of_customers(customers, mean):
    """Business rule: the same data summed over 10 or 10⁷ customers give the same estimate
    (the gradient test is relative to |f|, so its meaning does not change with the size)."""

    # Negative log-likelihood of exponential durations with sample mean m: N (m λ − ln λ),
    # minimised at λ = 1/m; ∂/∂λ = N (m − 1/λ).
    def objective(theta):
        return customers * (mean * theta[0] - math.log(theta[0]))

    def gradient(theta):
        return (customers * (mean - 1.0 / theta[0]),)

    result = minimise(objective, (1.0,), gradient=gradient)
    assert result.converged
    assert result.parameters[0] == pytest.approx(1.0 / mean, rel=1e-6)
