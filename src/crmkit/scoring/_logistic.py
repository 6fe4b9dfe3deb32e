"""Deterministic L2-regularised logistic regression in pure Python, for learned scorecards.

Model (Hosmer, Lemeshow & Sturdivant 2013, *Applied Logistic Regression*, 3rd ed., Wiley,
ch. 1–2: their ``π(x)`` is our probability, their logit ``g(x)`` our ``log_odds``)::

    π(x) = P(y = 1 | x) = 1 / (1 + e^(−η)),    η = g(x) = β_0 + Σ_j β_j x_j

The fit maximises the penalised log-likelihood with case weights ``w_i`` and ``λ = l2``; the
intercept is not penalised (le Cessie & van Houwelingen 1992, "Ridge estimators in logistic
regression", *Applied Statistics* 41(1):191–201)::

    ℓ_λ(β) = Σ_i w_i [y_i η_i − ln(1 + e^(η_i))] − (λ/2) Σ_{j≥1} β_j²

``λ`` is ``1 / C`` of scikit-learn's ``LogisticRegression(C=...)`` (lbfgs solver, which also
leaves the intercept unpenalised). The penalty depends on the features' scales: standardise
numeric features before fitting.

Method: Newton–Raphson, which for this model is iteratively reweighted least squares
(Hosmer & Lemeshow §1.3, §2.2; McCullagh & Nelder 1989, *Generalized Linear Models*, §4.4)::

    β ← β + t (Xᵀ V X + λ D)⁻¹ (Xᵀ W (y − π) − λ D β),    V = diag(w_i π_i (1 − π_i))

with ``W = diag(w_i)``, ``D = diag(0, 1, …, 1)``, a Cholesky solve (Golub & Van Loan 2013,
*Matrix Computations*, Algorithm 4.2.1) and ``t = 1, ½, ¼, …`` halved while ``ℓ_λ`` would fall
by more than rounding (:data:`ROUNDING_ALLOWANCE`). Start: ``β_0 = logit`` of the weighted
base rate, ``β_j = 0`` (the best model without features). Stop: converged when no component
of the next Newton step exceeds ``tolerance``; that step is not taken, so the estimates, the
log-likelihood and the standard errors describe one point, about ``tolerance`` from the
maximum (the remaining error is of the size of that step: Newton converges quadratically).

No maximum: with ``l2 == 0``, a constant feature, features that duplicate each other or
outcomes that the features separate (Albert & Anderson 1984, *Biometrika* 71(1):1–10) leave
no finite estimates. :func:`fit_logistic` then raises :class:`~crmkit.InvalidArgument` on
``'l2'`` (the information matrix became singular, or the fit did not converge) and suggests
``l2 > 0``, whose penalised matrix is positive definite whatever the data.

Speed: identical rows are grouped with summed weights (a pattern of 0/1 rule indicators
shared by 10,000 leads costs one row) and held as columns: a 0/1 indicator keeps the
positions of its ones, another mostly-zero feature its non-zero entries; ``Xᵀ V X`` is summed
only where both features are non-zero, over overlaps computed once per fit. Deterministic:
no random numbers, and the groups are sorted, so the order of the rows does not change the
result, bit for bit.

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen``
and its linear algebra, ``crmkit.scoring._logistic_math``.

>>> fit = fit_logistic([(0,), (0,), (0,), (0,), (1,), (1,), (1,)], (0, 0, 0, 1, 0, 1, 1),
...                    feature_names=("webinar",), l2=0.0)
>>> round(fit.intercept, 6), round(fit.coefficients["webinar"], 6)  # ln(1/3), ln 2 − ln(1/3)
(-1.098612, 1.791759)
"""

from __future__ import annotations

import html
import math
import numbers
import operator
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Final, NoReturn

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.scoring._logistic_math import Design, Matrix, cholesky, inverse, solve

__all__ = [
    "DEFAULT_MAX_ITERATIONS",
    "DEFAULT_TOLERANCE",
    "MAX_HALVINGS",
    "ROUNDING_ALLOWANCE",
    "FittedLogistic",
    "fit_logistic",
]

DEFAULT_MAX_ITERATIONS: Final[int] = 25
"""Newton steps allowed (R's ``glm.control(maxit = 25)``); fits with a maximum need 4 to 8."""
DEFAULT_TOLERANCE: Final[float] = 1e-8
"""Largest component of the next Newton step at convergence (log-odds per unit of feature)."""
MAX_HALVINGS: Final[int] = 30
"""Halvings of one step (down to ``2⁻³⁰ ≈ 1e-9`` of it) before the fit stops unconverged."""
ROUNDING_ALLOWANCE: Final[float] = 1e-10
"""A fall of ``ℓ_λ`` below this fraction of ``1 + |ℓ_λ|`` is rounding, not an overshoot: each
term of the sum carries a relative error of a few ``2⁻⁵³ ≈ 1.1e-16``, so even for 10⁶ rows
the sum is good to ~1e-10, while an overshooting step loses a visible part of ``ℓ_λ``."""
_NUMBER_TYPES: Final = frozenset((float, int, bool))
_add: Final[Callable[[float, float], float]] = operator.add
_mul: Final[Callable[[float, float], float]] = operator.mul


@attrs.frozen(kw_only=True)
class FittedLogistic:
    """A fitted logistic regression: estimates, standard errors and diagnostics.

    Attributes:
        feature_names: The features, in the order of a row.
        intercept: ``β_0``, the log-odds of outcome 1 when every feature is 0.
        coefficients: ``name -> β_j``, the change of the log-odds per unit of the feature.
        intercept_standard_error: The standard error of ``β_0``.
        standard_errors: ``name ->`` the standard error of ``β_j``.
        covariance: ``(Xᵀ V X + λ D)⁻¹`` at the estimates, ordered ``(intercept, *names)``;
            the standard errors are the square roots of its diagonal. For ``l2 == 0``, the
            inverse observed information (Hosmer & Lemeshow §2.2); for ``l2 > 0``, the
            posterior covariance when the penalty is read as a normal prior of variance
            ``1/λ`` on each ``β_j`` (smaller than le Cessie & van Houwelingen's sandwich).
        l2: ``λ``, the penalty used.
        log_likelihood: ``Σ_i w_i [y_i η_i − ln(1 + e^(η_i))]`` at the estimates (unpenalised).
        iterations: Newton steps taken.
        converged: Whether the stopping rule (module notes) was met.
        n_observations: Rows given, zero-weight rows included.
        total_weight: ``Σ_i w_i`` (``n_observations`` without weights).
    """

    feature_names: tuple[str, ...]
    intercept: float
    coefficients: FrozenDict[str, float]
    intercept_standard_error: float
    standard_errors: FrozenDict[str, float]
    covariance: Matrix = attrs.field(repr=False)
    l2: float
    log_likelihood: float
    iterations: int
    converged: bool
    n_observations: int
    total_weight: float

    def log_odds(self, row: Sequence[float]) -> float:
        """``η = β_0 + Σ_j β_j x_j`` for one row (``InvalidArgument`` unless it is valid).

        >>> fit = fit_logistic([(0,), (1,), (1,), (0,)], (0, 1, 0, 1), feature_names=("a",))
        >>> fit.log_odds((1,))
        0.0
        """
        values = _row(row, len(self.feature_names), "row")
        terms = map(_mul, self.coefficients.values(), values)
        return math.fsum(chain((self.intercept,), terms))

    def probability(self, row: Sequence[float]) -> float:
        """``π = 1 / (1 + e^(−η))``, the probability of outcome 1 for one row.

        >>> fit = fit_logistic([(0,), (1,), (1,), (0,)], (0, 1, 0, 1), feature_names=("a",))
        >>> fit.probability((0,))
        0.5
        """
        eta = self.log_odds(row)
        if eta >= 0.0:
            return 1.0 / (1.0 + math.exp(-eta))
        return math.exp(eta) / (1.0 + math.exp(eta))

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        cells = [("(intercept)", self.intercept, self.intercept_standard_error)]
        cells += [(n, self.coefficients[n], self.standard_errors[n]) for n in self.feature_names]
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{value:.4f}</td><td>{error:.4f}</td></tr>"
            for name, value, error in cells
        )
        state = "converged" if self.converged else "did not converge"
        return (
            f"<p><b>FittedLogistic</b>: {self.n_observations:,} rows (total weight "
            f"{self.total_weight:,.6g}), l2 = {self.l2:g}</p>"
            f"<table><tr><th>feature</th><th>coefficient</th><th>s.e.</th></tr>{rows}</table>"
            f"<p>log-likelihood {self.log_likelihood:.4f}; {state} after {self.iterations} "
            "Newton steps</p>"
        )


def fit_logistic(
    rows: Iterable[Sequence[float]],
    outcomes: Iterable[int | bool],
    *,
    feature_names: Sequence[str],
    l2: float = 1.0,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    tolerance: float = DEFAULT_TOLERANCE,
    weights: Iterable[float] | None = None,
) -> FittedLogistic:
    """Fit ``P(y = 1 | x) = 1 / (1 + e^(−β_0 − Σ_j β_j x_j))`` by penalised maximum likelihood.

    Maximises ``Σ_i w_i [y_i η_i − ln(1 + e^(η_i))] − (λ/2) Σ_{j≥1} β_j²`` (``λ = l2``) by
    Newton–Raphson; the module notes give the method, the stopping rule and the sources
    (Hosmer, Lemeshow & Sturdivant 2013; le Cessie & van Houwelingen 1992).

    Args:
        rows: One sequence of finite numbers per observation, one per feature in the order
            of ``feature_names`` (bools count as 0 and 1); typically 0/1 rule indicators.
        outcomes: One 0/1 (or bool) outcome per row; both must occur with positive weight.
        feature_names: Unique names of the features.
        l2: ``λ >= 0``, the ridge penalty on the coefficients (``1 / C`` of scikit-learn).
        max_iterations: Newton steps allowed.
        tolerance: Converged when no component of the next step exceeds it (> 0).
        weights: Case weights ``w_i >= 0`` (a row of weight 2 counts as two identical
            rows); ``None`` gives each row weight 1.

    Returns:
        The estimates; ``converged`` is ``False`` when ``max_iterations`` (or the halvings
        of a step) ran out, which with ``l2 > 0`` means too few iterations were allowed.

    Raises:
        InvalidArgument: An argument is not as described; or (on ``'l2'``) ``l2 == 0`` and
            the data have no maximum (module notes).

    >>> rows = [(1, 0), (1, 1), (0, 1), (0, 0), (1, 0), (0, 0), (1, 1), (0, 1)]
    >>> fit = fit_logistic(rows, (1, 1, 0, 0, 0, 1, 1, 0), feature_names=("demo", "trial"))
    >>> fit.converged, round(fit.coefficients["demo"], 4), round(fit.probability((1, 0)), 4)
    (True, 0.6687, 0.5828)
    """
    names = _names(feature_names)
    penalty = _options(l2, max_iterations, tolerance)
    positive = _outcomes(outcomes)
    count = len(positive)
    groups = _group(rows, positive, _weights(weights, count), len(names))
    keys = sorted(groups)  # the order of the rows cannot change the result
    signed = [groups[key] for key in keys]  # fsum is correctly rounded: order-free as well
    totals = [math.fsum(map(abs, group)) for group in signed]
    successes = [math.fsum(w for w in group if w > 0.0) for group in signed]
    total, hits = math.fsum(totals), math.fsum(successes)
    if not 0.0 < hits < total:
        shown = "no rows of positive weight" if total == 0.0 else f"only {int(hits > 0.0)}"
        msg = f"'outcomes' must include both 0 and 1 with positive weight (got {shown})"
        raise InvalidArgument(msg, field="outcomes", value=shown)
    design = Design(keys, totals, successes)
    start = [math.log(hits / (total - hits))] + [0.0] * len(names)
    beta, log_likelihood, steps, converged, lower = _newton(
        design, start, penalty, max_iterations, tolerance
    )
    covariance = inverse(lower)
    errors = [math.sqrt(covariance[k][k]) for k in range(len(beta))]
    return FittedLogistic(
        feature_names=names,
        intercept=beta[0],
        coefficients=FrozenDict(zip(names, beta[1:], strict=True)),
        intercept_standard_error=errors[0],
        standard_errors=FrozenDict(zip(names, errors[1:], strict=True)),
        covariance=covariance,
        l2=penalty,
        log_likelihood=log_likelihood,
        iterations=steps,
        converged=converged,
        n_observations=count,
        total_weight=total,
    )


def _newton(
    design: Design, beta: list[float], l2: float, max_iterations: int, tolerance: float
) -> tuple[list[float], float, int, bool, list[list[float]]]:
    """``(β, ℓ(β), steps, converged, the Cholesky factor of the information at β)``."""
    totals, successes = design.totals, design.successes

    def evaluate(beta: list[float]) -> tuple[list[float], float, float]:
        eta = design.linear(beta)
        log_likelihood = _log_likelihood(eta, totals, successes)
        return eta, log_likelihood, log_likelihood - l2 / 2 * math.fsum(b * b for b in beta[1:])

    eta, log_likelihood, current = evaluate(beta)
    steps = 0
    while True:
        residuals, variances = _residuals(eta, totals, successes)
        gradient = [sum(residuals)]
        gradient += [
            c.dot(residuals) - l2 * b for c, b in zip(design.columns, beta[1:], strict=True)
        ]
        lower = cholesky(design.information(variances, l2))
        if lower is None:
            _no_maximum(l2, f"the information matrix became singular after {steps} steps")
        step = solve(lower, gradient)
        if max(map(abs, step)) <= tolerance:
            return beta, log_likelihood, steps, True, lower
        if steps == max_iterations:
            break
        length = 1.0
        for _ in range(MAX_HALVINGS + 1):
            trial = [b + length * d for b, d in zip(beta, step, strict=True)]
            trial_eta, trial_log_likelihood, value = evaluate(trial)
            if value >= current - ROUNDING_ALLOWANCE * (1.0 + abs(current)):  # False for NaN
                break
            length /= 2.0
        else:
            break
        beta, eta, log_likelihood, current = trial, trial_eta, trial_log_likelihood, value
        steps += 1
    if l2 == 0.0:
        _no_maximum(l2, f"the fit did not converge in {steps} steps")
    return beta, log_likelihood, steps, False, lower


def _no_maximum(l2: float, what: str) -> NoReturn:
    hint = (
        "a feature is constant, features duplicate each other or they separate the outcomes"
        if l2 == 0.0
        else "features duplicate each other and the penalty is too small to tell them apart"
    )
    msg = f"'l2' must be larger for these data (got {l2!r}): {what}; {hint}"
    raise InvalidArgument(msg, field="l2", value=l2)


def _finite(value: object) -> float | None:
    """``value`` as a float if it is a finite real number (a bool counts as 0 or 1)."""
    if isinstance(value, numbers.Real):
        try:
            number = float(value)
        except OverflowError:  # an int beyond the float range
            return None
        if math.isfinite(number):
            return number
    return None


def _row(row: object, size: int, name: str, index: int | None = None) -> tuple[float, ...]:
    """``row`` as floats; errors name ``name[index]`` (formatted only when the row fails)."""
    where = name if index is None else f"{name}[{{}}]"
    if isinstance(row, str | bytes) or not isinstance(row, Sequence) or len(row) != size:
        msg = f"'{where.format(index)}' must be a sequence of {size} numbers (got {row!r})"
        raise InvalidArgument(msg, field=name, value=row)
    if all(map(_NUMBER_TYPES.__contains__, map(type, row))):  # the fast path, in C
        try:
            values = tuple(map(float, row))
        except OverflowError:
            pass
        else:
            if all(map(math.isfinite, values)):
                return values
    for position, item in enumerate(row):
        if _finite(item) is None:
            msg = f"'{where.format(index)}[{position}]' must be a finite number (got {item!r})"
            raise InvalidArgument(msg, field=name, value=item)
    return tuple(map(float, row))


def _names(feature_names: object) -> tuple[str, ...]:
    names = None
    if isinstance(feature_names, Sequence) and not isinstance(feature_names, str):
        names = tuple(feature_names)
    if names is None or not all(isinstance(n, str) for n in names) or len(set(names)) < len(names):
        msg = f"'feature_names' must be a sequence of unique strings (got {feature_names!r})"
        raise InvalidArgument(msg, field="feature_names", value=feature_names)
    return names


def _options(l2: object, max_iterations: object, tolerance: object) -> float:
    """``l2`` as a float, once every option is checked."""
    if (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, int)
        or max_iterations < 0
    ):
        msg = f"'max_iterations' must be an integer >= 0 (got {max_iterations!r})"
        raise InvalidArgument(msg, field="max_iterations", value=max_iterations)
    _real("tolerance", tolerance, positive=True)
    return _real("l2", l2)


def _real(name: str, value: object, *, positive: bool = False, field: str = "") -> float:
    """``value`` as a float: a finite number (not a bool) ``>= 0``, or ``> 0``."""
    number = None if isinstance(value, bool) else _finite(value)
    if number is None or number < 0.0 or (positive and number == 0.0):
        msg = f"'{name}' must be a finite number {'>' if positive else '>='} 0 (got {value!r})"
        raise InvalidArgument(msg, field=field or name, value=value)
    return number


def _outcomes(outcomes: Iterable[object]) -> list[bool]:
    values = list(outcomes)
    if not (set(map(type, values)) <= _NUMBER_TYPES and set(values) <= {0, 1}):
        for position, value in enumerate(values):
            if not isinstance(value, numbers.Real) or value not in {0, 1}:
                msg = f"'outcomes[{position}]' must be 0 or 1 (got {value!r})"
                raise InvalidArgument(msg, field="outcomes", value=value)
    return [value == 1 for value in values]


def _weights(weights: Iterable[object] | None, count: int) -> list[float]:
    if weights is None:
        return [1.0] * count
    values = list(weights)
    if len(values) != count:
        msg = f"'weights' must hold one weight per outcome, {count} (got {len(values)})"
        raise InvalidArgument(msg, field="weights", value=len(values))
    return [_real(f"weights[{k}]", value, field="weights") for k, value in enumerate(values)]


def _group(
    rows: Iterable[object], positive: list[bool], weights: list[float], features: int
) -> dict[tuple[float, ...], list[float]]:
    """Each distinct row -> its weights, negated for outcome 0 (rows of weight 0 left out)."""
    groups: dict[tuple[float, ...], list[float]] = {}
    count, index = len(positive), -1
    for index, row in enumerate(rows):
        if index == count:
            msg = f"'outcomes' must hold one value per row (got {count} for more rows)"
            raise InvalidArgument(msg, field="outcomes", value=count)
        values = _row(row, features, "rows", index)
        if weight := weights[index]:
            groups.setdefault(values, []).append(weight if positive[index] else -weight)
    if index + 1 != count:
        msg = f"'outcomes' must hold one value per row, {index + 1} (got {count})"
        raise InvalidArgument(msg, field="outcomes", value=count)
    return groups


def _log_likelihood(eta: list[float], totals: list[float], successes: list[float]) -> float:
    """``Σ_g [s_g η_g − m_g ln(1 + e^(η_g))]``, the softplus computed without overflow."""
    return math.fsum(
        s * e - m * (e + math.log1p(math.exp(-e)) if e > 0.0 else math.log1p(math.exp(e)))
        for e, m, s in zip(eta, totals, successes, strict=True)
    )


def _residuals(
    eta: list[float], totals: list[float], successes: list[float]
) -> tuple[list[float], list[float]]:
    """``(s_g − m_g π_g, m_g π_g (1 − π_g))``, with ``π_g`` and ``1 − π_g`` each accurate."""
    residuals, variances = [], []
    for e, m, s in zip(eta, totals, successes, strict=True):
        z = math.exp(-abs(e))
        p, q = (1.0 / (1.0 + z), z / (1.0 + z)) if e >= 0.0 else (z / (1.0 + z), 1.0 / (1.0 + z))
        residuals.append(s - m * p)
        variances.append(m * p * q)
    return residuals, variances
