"""A small deterministic minimiser shared by the probabilistic customer-value models.

Problem: minimise a smooth objective ``f(θ)`` of a few (two to five) positive parameters
``θ = (θ_1, …, θ_k)``, typically a negative log-likelihood in nats (sBG, BG/NBD, Pareto/NBD,
Gamma-Gamma, BG/BB), from a start the caller chooses deterministically.

Method (Nocedal & Wright 2006, *Numerical Optimization*, 2nd ed.; symbols as there):

* The search runs on ``x = ln θ``: every trial point is positive and parameters that differ
  by orders of magnitude share one scale; ``∂f/∂x_i = θ_i · ∂f/∂θ_i``.
* BFGS (Algorithm 6.1): ``p = −H ∇f`` with ``H`` the inverse-Hessian approximation, the
  identity rescaled by ``sᵀy / yᵀy`` before the first update (eq. 6.20), then updated by
  eq. 6.17 (``s = x_{k+1} − x_k``, ``y = ∇f_{k+1} − ∇f_k``), skipping updates with ``sᵀy ≤ 0``
  so that ``H`` stays positive definite.
* Backtracking line search (Algorithm 3.1): try the step ``1`` (after capping ``|p|_∞`` at
  :data:`MAX_LOG_STEP`), halve it until ``f`` falls and the Armijo condition (eq. 3.4)
  ``f(x + a p) ≤ f(x) + c_1 a ∇fᵀp`` holds with ``c_1 =`` :data:`ARMIJO_SUFFICIENT_DECREASE`;
  a full step that passes is doubled while it keeps paying (and a quadratic model says it
  may). A trial point where ``f`` is not finite counts as no decrease.
* Gradient: the caller's analytic ``∇_θ f``, or central differences in ``x`` with step
  :data:`CENTRAL_DIFFERENCE_STEP` (Nocedal & Wright §8.1).

The search stops at the first of:

1. converged (:data:`REASON_GRADIENT`): ``‖∇_x f‖_∞ ≤ tol · max(1, |f|)``,
   ``tol =`` :data:`GRADIENT_TOLERANCE`. ``‖∇_x f‖_∞`` is the largest change of ``f`` per unit
   change of one log-parameter (objective units per e-fold of ``θ_i``); dividing by ``|f|``
   makes the rule the same for a cohort of 100 customers and one of 10⁶;
2. not converged (:data:`REASON_ITERATIONS`): ``max_iterations`` accepted steps;
3. stalled: no step lowers ``f`` by more than :data:`VALUE_TOLERANCE` ``· max(1, |f|)``
   (rounding), along ``−H∇f`` nor along steepest descent. Converged (:data:`REASON_ROUNDING`)
   if ``‖∇_x f‖_∞ ≤`` :data:`STALL_GRADIENT_TOLERANCE` ``· max(1, |f|)``, else not
   (:data:`REASON_LINE_SEARCH`). scipy's BFGS calls every such stop a failure ("precision
   loss", met by lifetimes users near the optimum: lifetimes issues #396 and #335);
4. not converged (:data:`REASON_NON_FINITE_GRADIENT`): the gradient is not finite.

Deterministic: no random numbers and no restarts from other points; the same objective and
start give bit-for-bit the same :class:`Minimum`.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only.

>>> result = minimise(lambda t: (t[0] - 2.0) ** 2 + (t[1] - 0.5) ** 2, (1.0, 1.0))
>>> [round(value, 6) for value in result.parameters], result.converged
([2.0, 0.5], True)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from typing import Final, TypedDict

import attrs

from crmkit._errors import InvalidArgument

__all__ = [
    "ARMIJO_SUFFICIENT_DECREASE",
    "BACKTRACK_FACTOR",
    "CENTRAL_DIFFERENCE_STEP",
    "DEFAULT_MAX_ITERATIONS",
    "EXPANSION_MODEL_MINIMUM",
    "GRADIENT_TOLERANCE",
    "HESSIAN_GRADIENT_STEP",
    "HESSIAN_VALUE_STEP",
    "MAX_BACKTRACKS",
    "MAX_LOG_STEP",
    "MINIMISE_REASONS",
    "REASON_GRADIENT",
    "REASON_ITERATIONS",
    "REASON_LINE_SEARCH",
    "REASON_NON_FINITE_GRADIENT",
    "REASON_ROUNDING",
    "STALL_GRADIENT_TOLERANCE",
    "VALUE_TOLERANCE",
    "FitDiagnostics",
    "Minimum",
    "covariance_at",
    "fit_diagnostics",
    "invert_positive_definite",
    "minimise",
    "numerical_gradient",
    "numerical_hessian",
]

Objective = Callable[[tuple[float, ...]], float]
"""``f(θ)``: the objective at positive parameters (return ``inf`` or ``nan`` where undefined)."""
Gradient = Callable[[tuple[float, ...]], Sequence[float]]
"""``∇_θ f(θ)``: the partial derivatives with respect to the parameters themselves (not logs)."""
Matrix = tuple[tuple[float, ...], ...]

_EPSILON: Final[float] = sys.float_info.epsilon

GRADIENT_TOLERANCE: Final[float] = 1e-8
"""``tol`` of rule 1, ``‖∇_x f‖_∞ ≤ tol · max(1, |f|)`` (relative). For the sBG's cohorts it
leaves each log-parameter ~1e-7 from the optimum, far below the decimals the papers print."""
DEFAULT_MAX_ITERATIONS: Final[int] = 200
"""Accepted BFGS steps before giving up (the sBG needs about 10, Rosenbrock about 20)."""
ARMIJO_SUFFICIENT_DECREASE: Final[float] = 1e-4
"""``c_1`` of the Armijo condition (Nocedal & Wright eq. 3.4; their suggested value)."""
BACKTRACK_FACTOR: Final[float] = 0.5
"""Factor applied to the step length after each failed Armijo test (dimensionless)."""
MAX_BACKTRACKS: Final[int] = 60
"""Halvings tried per line search: 2⁻⁶⁰ ≈ 1e-18, below the resolution of a double."""
EXPANSION_MODEL_MINIMUM: Final[float] = 1.4
"""An accepted step ``a`` is doubled only if the quadratic model of ``f`` along ``p`` has no
minimum or one beyond this times ``a`` (``2a`` beats ``a`` on it beyond ``1.5 a``: a margin)."""
MAX_LOG_STEP: Final[float] = 5.0
"""Largest change of one log-parameter in one step (an e⁵ ≈ 148-fold change of ``θ_i``)."""
_MAX_ABS_LOG_PARAMETER: Final[float] = math.log(sys.float_info.max) - 1.0
"""Trial points with ``|ln θ_i|`` beyond this count as ``f = inf`` (``exp`` would overflow)."""
VALUE_TOLERANCE: Final[float] = 4.0 * _EPSILON
"""A fall of ``f`` up to this fraction of ``max(1, |f|)`` (≈ 8.9e-16, four ulps) is rounding."""
STALL_GRADIENT_TOLERANCE: Final[float] = 1e-5
"""Relative gradient accepted when ``f`` can fall no further (rule 3).

Below ``‖∇_x f‖ ≈ sqrt(2 δ h)``, with ``δ`` the rounding error of ``f`` and ``h`` its curvature
in ``x``, a step cannot lower ``f`` measurably. For a log-likelihood ``δ ≈ ε Σ|terms|`` and
``h ≈ |f|``; allowing terms and curvature up to 10³ ``|f|`` gives ``sqrt(ε) · 10³ ≈ 1.5e-5``.
"""
CENTRAL_DIFFERENCE_STEP: Final[float] = _EPSILON ** (1.0 / 3.0)
"""Step in ``ln θ`` of the central-difference gradient, ``ε^(1/3) ≈ 6.1e-6`` (N&W §8.1)."""
HESSIAN_GRADIENT_STEP: Final[float] = _EPSILON ** (1.0 / 3.0)
"""Relative step ``h_j / θ_j`` when the Hessian is the central difference of the gradient."""
HESSIAN_VALUE_STEP: Final[float] = _EPSILON ** (1.0 / 4.0)
"""Relative step ``h_j / θ_j`` when the Hessian is the second difference of ``f`` (≈ 1.2e-4)."""

REASON_GRADIENT: Final[str] = "gradient below tolerance"
REASON_ITERATIONS: Final[str] = "iteration limit reached"
REASON_ROUNDING: Final[str] = "no decrease beyond rounding, gradient small"
REASON_LINE_SEARCH: Final[str] = "line search found no decrease"
REASON_NON_FINITE_GRADIENT: Final[str] = "gradient not finite"
MINIMISE_REASONS: Final[tuple[str, ...]] = (
    REASON_GRADIENT,
    REASON_ROUNDING,
    REASON_ITERATIONS,
    REASON_LINE_SEARCH,
    REASON_NON_FINITE_GRADIENT,
)
"""Every ``Minimum.reason``; the first two come with ``converged=True``."""


@attrs.frozen(kw_only=True)
class Minimum:
    """The outcome of :func:`minimise`: where it stopped and why.

    Attributes:
        parameters: ``θ`` at the last accepted point (positive, in the caller's units).
        value: ``f(θ)`` there.
        iterations: Accepted BFGS steps.
        evaluations: Calls of the objective, including those of a numerical gradient.
        converged: Whether a gradient test of the stopping rule passed (rule 1 or 3).
        gradient_norm: ``‖∇_x f‖_∞`` at ``parameters``: objective units per unit change of a
            log-parameter.
        reason: One of :data:`MINIMISE_REASONS`.
    """

    parameters: tuple[float, ...]
    value: float
    iterations: int
    evaluations: int
    converged: bool
    gradient_norm: float
    reason: str


def _check_parameters(parameters: object, name: str) -> tuple[float, ...]:
    if isinstance(parameters, str | bytes) or not isinstance(parameters, Sequence):
        msg = f"{name!r} must be a sequence of positive numbers (got {parameters!r})"
        raise InvalidArgument(msg, field=name, value=parameters)
    if not parameters or any(
        isinstance(item, bool) or not isinstance(item, int | float) or not 0.0 < item < math.inf
        for item in parameters  # the chained comparison also rejects NaN
    ):
        msg = f"{name!r} must hold at least one finite positive real number (got {parameters!r})"
        raise InvalidArgument(msg, field=name, value=parameters)
    return tuple(float(item) for item in parameters)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return math.fsum(p * q for p, q in zip(a, b, strict=True))


def _identity(size: int) -> list[list[float]]:
    return [[1.0 if i == j else 0.0 for j in range(size)] for i in range(size)]


class _LogProblem:
    """The objective and its gradient as functions of ``x = ln θ``, counting evaluations."""

    def __init__(self, objective: Objective, gradient: Gradient | None) -> None:
        self.objective = objective
        self.gradient = gradient
        self.evaluations = 0

    def value(self, x: Sequence[float]) -> float:
        if any(abs(xi) > _MAX_ABS_LOG_PARAMETER for xi in x):
            return math.inf
        self.evaluations += 1
        result = float(self.objective(tuple(math.exp(xi) for xi in x)))
        return result if math.isfinite(result) else math.inf

    def slope(self, x: Sequence[float]) -> list[float]:
        if self.gradient is not None:
            theta = tuple(math.exp(xi) for xi in x)
            return [t * float(g) for t, g in zip(theta, self.gradient(theta), strict=True)]
        slope = []
        for i in range(len(x)):
            up = [*x[:i], x[i] + CENTRAL_DIFFERENCE_STEP, *x[i + 1 :]]
            down = [*x[:i], x[i] - CENTRAL_DIFFERENCE_STEP, *x[i + 1 :]]
            slope.append((self.value(up) - self.value(down)) / (2.0 * CENTRAL_DIFFERENCE_STEP))
        return slope


def minimise(
    objective: Objective,
    start: Sequence[float],
    *,
    gradient: Gradient | None = None,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    gradient_tolerance: float = GRADIENT_TOLERANCE,
) -> Minimum:
    """Minimise ``objective`` over positive parameters by BFGS on their logarithms.

    See the module notes for the method and the stopping rule.

    Args:
        objective: ``f(θ)``; it may return ``inf`` or ``nan`` where it is undefined.
        start: ``θ_0``, positive and finite, where ``f`` is finite.
        gradient: ``∇_θ f`` (derivatives with respect to ``θ``, not ``ln θ``); ``None`` uses
            central differences in ``ln θ``.
        max_iterations: Accepted steps before stopping with :data:`REASON_ITERATIONS`.
        gradient_tolerance: ``tol`` of the stopping rule (relative, dimensionless).

    Returns:
        The last accepted point with its diagnostics; check ``converged``.

    Raises:
        InvalidArgument: ``start`` is not positive and finite, ``f(start)`` is not finite,
            ``max_iterations < 0`` or ``gradient_tolerance`` is not positive.

    >>> rosenbrock = lambda t: (1 - math.log(t[0])) ** 2 + 100 * (
    ...     math.log(t[1]) - math.log(t[0]) ** 2) ** 2
    >>> result = minimise(rosenbrock, (math.exp(-1.2), math.e))
    >>> [round(value, 6) for value in result.parameters], result.reason
    ([2.718282, 2.718282], 'gradient below tolerance')
    """
    theta = _check_parameters(start, "start")
    cap: object = max_iterations  # checked at run time: callers may not run a type checker
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
        msg = f"'max_iterations' must be an integer >= 0 (got {max_iterations!r})"
        raise InvalidArgument(msg, field="max_iterations", value=max_iterations)
    if not 0.0 < gradient_tolerance < math.inf:
        msg = f"'gradient_tolerance' must be positive and finite (got {gradient_tolerance!r})"
        raise InvalidArgument(msg, field="gradient_tolerance", value=gradient_tolerance)
    problem = _LogProblem(objective, gradient)
    x = [math.log(t) for t in theta]
    fx = problem.value(x)
    if not math.isfinite(fx):
        msg = f"the objective must be finite at 'start' (got f = {fx!r} at {start!r})"
        raise InvalidArgument(msg, field="start", value=start)
    gx = problem.slope(x)
    size = len(x)
    inverse = _identity(size)
    scaled = steepest = False
    iterations = 0
    while True:
        norm = max(abs(g) for g in gx)
        if not math.isfinite(norm):
            reason = REASON_NON_FINITE_GRADIENT
            break
        if norm <= gradient_tolerance * max(1.0, abs(fx)):
            reason = REASON_GRADIENT
            break
        if iterations >= max_iterations:
            reason = REASON_ITERATIONS
            break
        direction = [-_dot(row, gx) for row in inverse]
        slope = _dot(gx, direction)
        if slope >= 0.0:  # H lost positive definiteness to rounding: fall back
            direction, slope = [-g for g in gx], -_dot(gx, gx)
        longest = max(abs(p) for p in direction)
        if longest > MAX_LOG_STEP:
            direction = [p * MAX_LOG_STEP / longest for p in direction]
            slope *= MAX_LOG_STEP / longest
        found = _line_search(problem, x, fx, direction, slope)
        if found is None or fx - found[2] <= VALUE_TOLERANCE * max(1.0, abs(fx)):
            if not steepest:  # retry once along steepest descent with a fresh H
                inverse, scaled, steepest = _identity(size), False, True
                continue
            small = norm <= STALL_GRADIENT_TOLERANCE * max(1.0, abs(fx))
            reason = REASON_ROUNDING if small else REASON_LINE_SEARCH
            break
        step, trial, f_trial = found
        g_trial = problem.slope(trial)
        s = [step * p for p in direction]
        y = [b - a for a, b in zip(gx, g_trial, strict=True)]
        x, fx, gx = trial, f_trial, g_trial
        iterations += 1
        steepest = False
        sy = _dot(s, y)
        if sy > 0.0 and all(math.isfinite(v) for v in y):
            if not scaled:
                inverse = [[v * sy / _dot(y, y) for v in row] for row in inverse]
                scaled = True
            inverse = _bfgs_update(inverse, s, y, sy)
    return Minimum(
        parameters=tuple(math.exp(xi) for xi in x),
        value=fx,
        iterations=iterations,
        evaluations=problem.evaluations,
        converged=reason in {REASON_GRADIENT, REASON_ROUNDING},
        gradient_norm=norm,
        reason=reason,
    )


def _line_search(
    problem: _LogProblem, x: list[float], fx: float, direction: list[float], slope: float
) -> tuple[float, list[float], float] | None:
    """``(a, x + a p, f(x + a p))`` for the first Armijo step of 1, ½, ¼, … that lowers ``f``.

    When the full step passes, it is doubled while ``f`` keeps falling, Armijo still holds and
    ``|a p|_∞ ≤`` :data:`MAX_LOG_STEP` (the expansion phase of N&W Algorithm 3.5): where ``f``
    is concave the curvature updates are skipped and ``H`` alone would keep the steps short.
    Not when the quadratic through ``f(x)``, the slope and ``f(x + a p)`` (N&W §3.5) has its
    minimum below :data:`EXPANSION_MODEL_MINIMUM` ``· a``, as near an optimum.
    """

    def point(step: float) -> list[float]:
        return [xi + step * p for xi, p in zip(x, direction, strict=True)]

    step = 1.0
    for _ in range(MAX_BACKTRACKS):
        trial = point(step)
        f_trial = problem.value(trial)
        if f_trial < fx and f_trial <= fx + ARMIJO_SUFFICIENT_DECREASE * step * slope:
            break  # (the strict decrease refuses null steps lost below rounding)
        step *= BACKTRACK_FACTOR
    else:
        return None
    longest = max(abs(p) for p in direction)
    while step >= 1.0:  # no backtracking was needed
        longer = step / BACKTRACK_FACTOR
        if longer * longest > MAX_LOG_STEP:
            break
        curvature = (f_trial - fx - step * slope) / (step * step)  # of the quadratic model
        if curvature > 0.0 and -slope / (2.0 * curvature) <= EXPANSION_MODEL_MINIMUM * step:
            break  # the model's minimum is too close for the longer step to pay
        candidate = point(longer)
        f_candidate = problem.value(candidate)
        if not f_candidate < min(f_trial, fx + ARMIJO_SUFFICIENT_DECREASE * longer * slope):
            break
        step, trial, f_trial = longer, candidate, f_candidate
    return step, trial, f_trial


def _bfgs_update(
    inverse: list[list[float]], s: list[float], y: list[float], sy: float
) -> list[list[float]]:
    """``H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ`` with ``ρ = 1 / sᵀy`` (N&W eq. 6.17)."""
    rho = 1.0 / sy
    hy = [_dot(row, y) for row in inverse]  # H y (H is symmetric, so also yᵀH)
    c = rho * rho * _dot(y, hy) + rho
    indices = range(len(s))

    def entry(i: int, j: int) -> float:
        return inverse[i][j] - rho * (s[i] * hy[j] + hy[i] * s[j]) + c * s[i] * s[j]

    return [[entry(i, j) for j in indices] for i in indices]


def numerical_gradient(objective: Objective, parameters: Sequence[float]) -> tuple[float, ...]:
    """Return ``∇_θ f`` at ``parameters`` by central differences in ``ln θ``.

    ``∂f/∂θ_i ≈ (f(θ e^{h e_i}) − f(θ e^{−h e_i})) / (2 h θ_i)`` with
    ``h =`` :data:`CENTRAL_DIFFERENCE_STEP`; the error is ``O(h²)`` relative. Raises
    ``InvalidArgument`` if ``parameters`` are not positive and finite.

    >>> [round(g, 6) for g in numerical_gradient(lambda t: t[0] ** 2 * t[1], (3.0, 2.0))]
    [12.0, 9.0]
    """
    theta = _check_parameters(parameters, "parameters")
    slope = _LogProblem(objective, None).slope([math.log(t) for t in theta])
    return tuple(g / t for g, t in zip(slope, theta, strict=True))


def numerical_hessian(
    objective: Objective,
    parameters: Sequence[float],
    *,
    gradient: Gradient | None = None,
) -> Matrix:
    """Return the Hessian ``∂²f/∂θ_i∂θ_j`` at ``parameters`` by central differences.

    With ``gradient``: ``H_ij ≈ (g_i(θ + h_j e_j) − g_i(θ − h_j e_j)) / (2 h_j)``, averaged
    with its transpose, ``h_j =`` :data:`HESSIAN_GRADIENT_STEP` ``· θ_j``; without: second
    differences of ``f``, ``h_j =`` :data:`HESSIAN_VALUE_STEP` ``· θ_j`` (N&W §8.1). For a
    negative log-likelihood at its minimum the inverse (:func:`invert_positive_definite`) is
    the covariance of the estimates of ``θ`` (the inverse observed information). Raises
    ``InvalidArgument`` if ``parameters`` are not positive and finite.

    >>> hessian = numerical_hessian(lambda t: t[0] ** 2 * t[1], (3.0, 2.0))
    >>> [[round(v, 4) for v in row] for row in hessian]
    [[4.0, 6.0], [6.0, 0.0]]
    """
    theta = _check_parameters(parameters, "parameters")
    size = len(theta)

    def moved(changes: dict[int, float]) -> tuple[float, ...]:
        return tuple(t + changes.get(i, 0.0) for i, t in enumerate(theta))

    if gradient is not None:
        steps = [HESSIAN_GRADIENT_STEP * t for t in theta]
        columns = []
        for j in range(size):
            up = gradient(moved({j: steps[j]}))
            down = gradient(moved({j: -steps[j]}))
            columns.append([(u - d) / (2.0 * steps[j]) for u, d in zip(up, down, strict=True)])
        return tuple(
            tuple((columns[j][i] + columns[i][j]) / 2.0 for j in range(size)) for i in range(size)
        )
    steps = [HESSIAN_VALUE_STEP * t for t in theta]
    centre = objective(theta)
    rows: list[list[float]] = [[0.0] * size for _ in range(size)]
    for i in range(size):
        ahead, behind = objective(moved({i: steps[i]})), objective(moved({i: -steps[i]}))
        rows[i][i] = (ahead - 2.0 * centre + behind) / (steps[i] * steps[i])
        for j in range(i):
            pp, pm, mp, mm = (
                objective(moved({i: si * steps[i], j: sj * steps[j]}))
                for si, sj in ((1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0))
            )
            rows[i][j] = rows[j][i] = (pp - pm - mp + mm) / (4.0 * steps[i] * steps[j])
    return tuple(tuple(row) for row in rows)


def invert_positive_definite(matrix: Sequence[Sequence[float]]) -> Matrix:
    """Return the inverse of a symmetric positive-definite matrix, by Cholesky factorisation.

    ``A = L Lᵀ`` (Golub & Van Loan 2013, *Matrix Computations*, Algorithm 4.2.1), then
    ``A⁻¹ = L⁻ᵀ L⁻¹``. Used on the Hessian of a negative log-likelihood at its minimum to get
    the covariance of the estimates; standard errors are the square roots of its diagonal.

    Raises:
        InvalidArgument: ``matrix`` is not square, or not positive definite (the minimum is
            flat or a saddle in some direction, and standard errors do not exist).

    >>> invert_positive_definite(((4.0, 2.0), (2.0, 2.0)))
    ((0.5, -0.5), (-0.5, 1.0))
    """
    size = len(matrix)
    if size == 0 or any(len(row) != size for row in matrix):
        msg = f"'matrix' must be square and non-empty (got {matrix!r})"
        raise InvalidArgument(msg, field="matrix", value=matrix)
    lower = [[0.0] * size for _ in range(size)]
    for j in range(size):
        pivot = matrix[j][j] - math.fsum(v * v for v in lower[j][:j])
        if not pivot > 0.0:  # also catches NaN
            msg = f"'matrix' must be positive definite (got {matrix!r})"
            raise InvalidArgument(msg, field="matrix", value=matrix)
        lower[j][j] = math.sqrt(pivot)
        for i in range(j + 1, size):
            dot = math.fsum(a * b for a, b in zip(lower[i][:j], lower[j][:j], strict=True))
            lower[i][j] = (matrix[i][j] - dot) / lower[j][j]
    inv_lower = [[0.0] * size for _ in range(size)]  # L⁻¹ by forward substitution
    for i in range(size):
        inv_lower[i][i] = 1.0 / lower[i][i]
        for j in range(i):
            total = math.fsum(lower[i][k] * inv_lower[k][j] for k in range(j, i))
            inv_lower[i][j] = -total / lower[i][i]
    return tuple(
        tuple(
            math.fsum(inv_lower[k][i] * inv_lower[k][j] for k in range(max(i, j), size))
            for j in range(size)
        )
        for i in range(size)
    )


class FitDiagnostics(TypedDict):
    """What every maximum-likelihood fit keeps of its minimisation of ``−LL``."""

    log_likelihood: float
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str


def fit_diagnostics(result: Minimum) -> FitDiagnostics:
    """The fit's log-likelihood (``−f`` at the minimum) and the minimiser's diagnostics."""
    return FitDiagnostics(
        log_likelihood=-result.value,
        iterations=result.iterations,
        converged=result.converged,
        gradient_norm=result.gradient_norm,
        reason=result.reason,
    )


def covariance_at(
    objective: Objective, parameters: Sequence[float], *, gradient: Gradient | None = None
) -> Matrix:
    """The inverse observed information at a minimum of ``−LL`` (Wald covariance).

    ``nan`` throughout when the Hessian is not positive definite there (a flat or boundary
    optimum), so the standard errors say "unknown" rather than failing the fit.
    """
    try:
        return invert_positive_definite(numerical_hessian(objective, parameters, gradient=gradient))
    except InvalidArgument:
        size = len(parameters)
        return tuple((math.nan,) * size for _ in range(size))
