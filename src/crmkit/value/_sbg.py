"""The shifted-beta-geometric (sBG) model of contract renewals, fitted to one cohort.

Source: Fader & Hardie (2007), "How to project customer retention", *Journal of Interactive
Marketing* 21(1):76–90 (FH 2007: the model, its likelihood, eqs. 6–8, and the "regular" and
"high end" cohorts); discounted lifetimes from Fader & Hardie (2010), "Customer-base valuation
in a contractual setting: the perils of ignoring heterogeneity", *Marketing Science*
29(1):85–93 (FH 2010).

Symbols, as in the papers:

* ``t = 1, 2, …``: contract periods (years, months: the unit of the data; every rate below is
  per period). A customer's lifetime ``T`` is the period in which they churn: they pay at the
  start of periods ``1 … T`` (times ``0 … T − 1``) and do not renew at the end of period ``T``.
* ``θ``: a customer's churn probability at each renewal, constant over their lifetime, so
  ``P(T = t | θ) = θ (1 − θ)^(t−1)``; across customers ``θ ~ Beta(α, β)``, ``α, β > 0``.
* ``S(t) = P(T > t) = B(α, β + t) / B(α, β)``: the share of the cohort still active after ``t``
  renewal opportunities; ``S(0) = 1``.
* ``P(T = t) = S(t − 1) − S(t)``; ``P(T = 1) = α / (α + β)`` and
  ``P(T = t) = (β + t − 2) / (α + β + t − 1) · P(T = t − 1)``.
* ``r_t = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1)``: the retention rate at the end of
  period ``t``. It increases with ``t`` as the churn-prone customers leave, although no
  customer's ``θ`` changes: the sBG's hallmark.

Data: ``survivors = (n_0, n_1, …, n_N)``: ``n_0`` is the cohort size and ``n_t`` the customers
who have renewed ``t`` times (``T > t``). The log-likelihood (FH 2007) is
``LL(α, β) = Σ_{t=1..N} (n_{t−1} − n_t) ln P(T = t) + n_N ln S(N)``: the churners of each
period plus the customers still active (right-censored) after ``N`` periods. Per-customer data
become counts with :func:`survivor_counts`.

Estimation: maximum likelihood by ``crmkit.value._optimize.minimise`` on ``ln α, ln β`` with
the exact gradient, from a method-of-moments start; standard errors from the inverse Hessian
of ``−LL`` at the maximum (the observed information).

This module imports the standard library, attrs, ``crmkit._errors`` and its siblings
``crmkit.value._checks``, ``crmkit.value._fitted`` and ``crmkit.value._optimize``.

>>> fit = fit_sbg((1000, 631, 468, 382, 326, 289, 262, 241))
>>> round(fit.alpha, 3), round(fit.beta, 3)
(0.704, 1.182)
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._checks import real_number, whole_number
from crmkit.value._fitted import fit_html, standard_errors
from crmkit.value._optimize import (
    covariance_at,
    fit_diagnostics,
    minimise,
)

__all__ = [
    "FittedSbg",
    "SbgModel",
    "fit_sbg",
    "sbg_log_likelihood",
    "survivor_counts",
]

MIN_PERIODS: Final[int] = 2
"""Fewest periods ``N = len(survivors) − 1``: one period identifies only ``α / (α + β)``."""
FALLBACK_START: Final[tuple[float, float]] = (1.0, 1.0)
"""``(α, β)`` start when the method of moments does not apply: ``θ`` uniform on (0, 1)."""
SERIES_RELATIVE_TOLERANCE: Final[float] = 1e-15
"""Truncation rule of the ``₂F₁`` series: stop once the bound on the remaining terms is at
most this fraction of the partial sum (dimensionless; about five double-precision ulps)."""
MAX_SERIES_TERMS: Final[int] = 1_000_000
"""Most terms the ``₂F₁`` series may need (reached near ``discount_rate ≈ 4.5e-5``); a smaller
discount rate is refused rather than summed for seconds."""
_PRODUCT_TERMS: Final[int] = 1000
"""Up to this ``t``, ``S(t)`` is the product ``Π_{k<t} (β + k)/(α + β + k)`` (summed as logs),
accurate for any ``α, β``; beyond it, ``lgamma`` differences, with relative error about
``ε (α + β + t) ln(α + β + t)``: small unless ``α + β`` is huge (a fit without heterogeneity)."""


def _validate_parameter(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    real_number(attribute.name, value, positive=True)


def _check_survivors(survivors: object) -> tuple[int, ...]:
    if isinstance(survivors, str | bytes) or not isinstance(survivors, Sequence):
        msg = f"'survivors' must be a sequence of counts (got {survivors!r})"
        raise InvalidArgument(msg, field="survivors", value=survivors)
    counts = tuple(survivors)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts):
        msg = f"'survivors' must hold integers >= 0 (got {survivors!r})"
        raise InvalidArgument(msg, field="survivors", value=survivors)
    if len(counts) < MIN_PERIODS + 1:
        msg = f"'survivors' must cover at least {MIN_PERIODS} periods after 0 (got {survivors!r})"
        raise InvalidArgument(msg, field="survivors", value=survivors)
    if any(later > earlier for earlier, later in itertools.pairwise(counts)):
        msg = f"'survivors' must not increase from one period to the next (got {survivors!r})"
        raise InvalidArgument(msg, field="survivors", value=survivors)
    if counts[-1] == counts[0] or counts[1] == 0:
        msg = (
            "'survivors' must show some customers churning and some renewing; with none or all"
            f" gone after period 1 the likelihood has no maximum (got {survivors!r})"
        )
        raise InvalidArgument(msg, field="survivors", value=survivors)
    return counts


def survivor_counts(churn_periods: Iterable[int | None], *, periods: int) -> tuple[int, ...]:
    """Turn per-customer lifetimes into the ``survivors`` counts :func:`fit_sbg` takes.

    ``churn_periods`` holds one entry per customer of the cohort: ``T``, the period ``1 …
    periods`` in which they churned, or ``None`` if still active after ``periods`` (``N``).
    Returns ``(n_0, …, n_N)``, ``n_t`` the customers with ``T > t``. Raises
    ``InvalidArgument`` if ``periods < 1`` or an entry is not ``None`` or in ``1 … periods``.

    >>> survivor_counts([1, 3, None, 2, None], periods=3)
    (5, 4, 3, 2)
    """
    whole_number("periods", periods, minimum=1)
    churned = [0] * (periods + 1)
    total = 0
    for item in churn_periods:
        churn: object = item  # checked at run time: callers may not run a type checker
        if churn is not None:
            if isinstance(churn, bool) or not isinstance(churn, int) or not 1 <= churn <= periods:
                msg = f"'churn_periods' must hold None or integers in 1..{periods} (got {churn!r})"
                raise InvalidArgument(msg, field="churn_periods", value=churn)
            churned[churn] += 1
        total += 1
    return tuple(itertools.accumulate(churned[1:], operator.sub, initial=total))


def _log_likelihood(counts: Sequence[int], alpha: float, beta: float) -> float:
    """``LL(α, β)``; ``−inf`` outside ``α, β > 0`` (so the minimiser backs off)."""
    if not (0.0 < alpha < math.inf and 0.0 < beta < math.inf):
        return -math.inf
    total, log_survival, log_alpha = 0.0, 0.0, math.log(alpha)  # log_survival = ln S(t − 1)
    for k in range(len(counts) - 1):  # k = t − 1, kept apart so that tiny β + k stays > 0
        log_denominator = math.log(alpha + beta + k)
        churned = counts[k] - counts[k + 1]
        if churned:
            total += churned * (log_survival + log_alpha - log_denominator)  # ln P(T = t)
        log_survival += math.log(beta + k) - log_denominator
    return total + counts[-1] * log_survival


def _gradient(counts: Sequence[int], alpha: float, beta: float) -> tuple[float, float]:
    """``(∂LL/∂α, ∂LL/∂β)``, exact, from the recursions, with ``u_k = 1/(α + β + k)``.

    ``∂_α ln S(t) = −Σ_{k<t} u_k`` and ``∂_β ln S(t) = Σ_{k<t} (1/(β + k) − u_k)``;
    ``ln P(T = t) = ln S(t − 1) + ln α − ln(α + β + t − 1)`` adds ``1/α − u_{t−1}``, ``−u_{t−1}``.
    """
    d_alpha = d_beta = 0.0  # ∂ ln S(t − 1) / ∂α, ∂β
    grad_alpha = grad_beta = 0.0
    for k in range(len(counts) - 1):  # k = t − 1
        u = 1.0 / (alpha + beta + k)
        churned = counts[k] - counts[k + 1]
        grad_alpha += churned * (d_alpha + 1.0 / alpha - u)
        grad_beta += churned * (d_beta - u)
        d_alpha -= u
        d_beta += 1.0 / (beta + k) - u
    return grad_alpha + counts[-1] * d_alpha, grad_beta + counts[-1] * d_beta


def sbg_log_likelihood(survivors: Sequence[int], *, alpha: float, beta: float) -> float:
    """Return ``LL(α, β)`` of one cohort's survivor counts (FH 2007; module notes), in nats.

    Raises ``InvalidArgument`` as :func:`fit_sbg` does, or if ``α`` or ``β`` is not positive.
    With ``α = β = 1``, ``LL = 369 ln(1/2) + 163 ln(1/6) + 468 ln(1/3)``:

    >>> round(sbg_log_likelihood((1000, 631, 468), alpha=1.0, beta=1.0), 2)
    -1061.98
    """
    counts = _check_survivors(survivors)
    return _log_likelihood(
        counts, real_number("alpha", alpha, positive=True), real_number("beta", beta, positive=True)
    )


def _hyp2f1_unit_a(b: float, c: float, z: float) -> float:
    """``₂F₁(1, b; c; z) = Σ_{k≥0} (b)_k / (c)_k · z^k`` for ``0 < b < c`` and ``0 < z < 1``.

    The term ratio ``(b + k) / (c + k) · z`` is below ``z``, so the terms fall and the tail after
    term ``k`` is at most ``term_k · z / (1 − z)``: the sum stops when that bound is at most
    :data:`SERIES_RELATIVE_TOLERANCE` times the partial sum.
    """
    term = total = 1.0
    k = 0
    while term * z / (1.0 - z) > SERIES_RELATIVE_TOLERANCE * total:
        term *= (b + k) / (c + k) * z
        total += term
        k += 1
    return total


def _discount_factor(discount_rate: object) -> float:
    """``z = 1/(1 + d)``; the series stops by ``K`` with ``z^K z/(1 − z) ≤ tol`` (terms ≤ z^k)."""
    d = real_number("discount_rate", discount_rate, positive=True)
    z = 1.0 / (1.0 + d)
    needed = math.log(SERIES_RELATIVE_TOLERANCE * d) / math.log(z) if z < 1.0 else math.inf
    if needed > MAX_SERIES_TERMS:
        msg = (
            f"'discount_rate' is too small for the series (over {MAX_SERIES_TERMS:,} terms);"
            f" use a rate per period of at least about 5e-5 (got {discount_rate!r})"
        )
        raise InvalidArgument(msg, field="discount_rate", value=discount_rate)
    return z


@attrs.frozen(kw_only=True, repr=False)
class SbgModel:
    """The sBG with known parameters: retention, survival and discounted lifetimes.

    Args:
        alpha: ``α > 0`` of the Beta distribution of the churn probability ``θ``.
        beta: ``β > 0``; the mean churn probability of a new cohort is ``α / (α + β)``.

    >>> SbgModel(alpha=0.704, beta=1.182)
    SbgModel(alpha=0.704, beta=1.182)
    """

    alpha: float = attrs.field(validator=_validate_parameter)
    beta: float = attrs.field(validator=_validate_parameter)

    @property
    def params(self) -> Mapping[str, float]:
        """The parameters by the papers' names, read-only: ``{"alpha": α, "beta": β}``."""
        return MappingProxyType({"alpha": self.alpha, "beta": self.beta})

    def __repr__(self) -> str:
        """The parameters to six significant digits."""
        return f"{type(self).__name__}(alpha={self.alpha:.6g}, beta={self.beta:.6g})"

    def retention_rate(self, t: int) -> float:
        """Return ``r_t = (β + t − 1) / (α + β + t − 1)``, the retention rate of period ``t``.

        The share of period ``t``'s customers who renew at its end (FH 2007); ``t >= 1``.

        >>> round(SbgModel(alpha=0.704, beta=1.182).retention_rate(1), 4)
        0.6267
        """
        k = whole_number("t", t, minimum=1) - 1
        return (self.beta + k) / (self.alpha + self.beta + k)

    def survival(self, t: int) -> float:
        """Return ``S(t) = B(α, β + t) / B(α, β)``, the survivor function.

        The share of a cohort still active after ``t >= 0`` renewal opportunities (FH 2007),
        computed as a product or with ``lgamma`` (see ``_PRODUCT_TERMS``).

        >>> round(SbgModel(alpha=0.704, beta=1.182).survival(2), 4)
        0.4738
        """
        period, a, b = whole_number("t", t, minimum=0), self.alpha, self.beta
        if period <= _PRODUCT_TERMS:
            log_s = math.fsum(math.log1p(-a / (a + b + k)) for k in range(period))
        else:
            log_s = math.lgamma(b + period) - math.lgamma(b)
            log_s -= math.lgamma(a + b + period) - math.lgamma(a + b)
        return min(1.0, math.exp(log_s))

    def churn_probability(self, t: int) -> float:
        """Return ``P(T = t) = S(t − 1) · α / (α + β + t − 1)``, the churn distribution.

        The probability that a new customer churns in period ``t >= 1`` (FH 2007).

        >>> round(SbgModel(alpha=0.704, beta=1.182).churn_probability(1), 4)
        0.3733
        """
        k = whole_number("t", t, minimum=1) - 1
        return self.survival(k) * self.alpha / (self.alpha + self.beta + k)

    def expected_survivors(self, t: int, *, cohort_size: float) -> float:
        """Return ``cohort_size · S(t)``: the customers of a cohort expected after ``t`` periods.

        >>> round(SbgModel(alpha=0.704, beta=1.182).expected_survivors(1, cohort_size=1000), 1)
        626.7
        """
        size = real_number("cohort_size", cohort_size)
        return size * self.survival(t)

    def discounted_expected_lifetime(self, *, discount_rate: float) -> float:
        """Return DEL, a new customer's expected discounted number of payments.

        ``DEL = Σ_{t≥0} S(t) / (1 + d)^t = ₂F₁(1, β; α + β; 1/(1 + d))`` (FH 2010).
        Convention: one unit paid at the start of every period the customer is active; the
        first payment, at ``t = 0``, is certain and undiscounted. Multiply by the margin per
        period for a CLV. ``d``: the discount rate per period, ``> 0``.

        >>> round(SbgModel(alpha=0.704, beta=1.182).discounted_expected_lifetime(
        ...     discount_rate=0.1), 3)
        3.695
        """
        z = _discount_factor(discount_rate)
        return _hyp2f1_unit_a(self.beta, self.alpha + self.beta, z)

    def discounted_expected_residual_lifetime(
        self, *, renewals: int, discount_rate: float
    ) -> float:
        """Return DERL, an active customer's expected discounted number of future payments.

        For a customer who has renewed ``n − 1 = renewals`` times (now in period ``n``),
        ``DERL = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d))
        = Σ_{t≥n} S(t)/S(n − 1) / (1 + d)^(t−n)`` (FH 2010). Convention: valued just
        before the ``n``-th renewal decision, so the next payment is undiscounted and is made
        with probability ``r_n``; then one unit per period as for DEL. ``d > 0`` per period.

        >>> round(SbgModel(alpha=0.704, beta=1.182).discounted_expected_residual_lifetime(
        ...     renewals=4, discount_rate=0.1), 3)
        5.894
        """
        done = whole_number("renewals", renewals, minimum=0)  # n − 1
        z = _discount_factor(discount_rate)
        a, b = self.alpha, self.beta
        return (b + done) / (a + b + done) * _hyp2f1_unit_a(b + done + 1, a + b + done + 1, z)


@attrs.frozen(kw_only=True, repr=False)
class FittedSbg(SbgModel):
    """An sBG fitted to one cohort by :func:`fit_sbg`, with its diagnostics.

    Attributes:
        log_likelihood: ``LL(α̂, β̂)`` in nats.
        covariance: ``((Var α̂, Cov), (Cov, Var β̂))``, the inverse observed information;
            ``nan`` when the Hessian is not positive definite (a flat or boundary optimum).
        iterations, converged, gradient_norm, reason: The minimiser's diagnostics
            (``crmkit.value._optimize.Minimum``; the gradient norm is in nats per e-fold).
        survivors: The data, ``(n_0, …, n_N)``.
    """

    log_likelihood: float
    covariance: tuple[tuple[float, ...], ...]
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    survivors: tuple[int, ...]

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """``{"alpha": se(α̂), "beta": se(β̂)}``, square roots of the covariance's diagonal."""
        return standard_errors(("alpha", "beta"), self.covariance)

    def __repr__(self) -> str:
        """Parameters, log-likelihood and convergence, to six significant digits."""
        return (
            f"FittedSbg(alpha={self.alpha:.6g}, beta={self.beta:.6g}, "
            f"log_likelihood={self.log_likelihood:.6g}, periods={len(self.survivors) - 1}, "
            f"cohort_size={self.survivors[0]}, converged={self.converged})"
        )

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        return fit_html(
            self,
            title="FittedSbg",
            subject=f"cohort of {self.survivors[0]:,} over {len(self.survivors) - 1} periods",
        )


def _moment_start(counts: Sequence[int]) -> tuple[float, float]:
    """``(α, β)`` matching the first two retention rates ``r_1``, ``r_2`` (FH 2007).

    ``r_1 = β/s``, ``r_2 = (β + 1)/(s + 1)`` with ``s = α + β`` give ``s = (1 − r_2)/(r_2 − r_1)``,
    ``β = r_1 s``, ``α = s − β`` when ``0 < r_1 < r_2 < 1``; else :data:`FALLBACK_START`.
    """
    r1 = counts[1] / counts[0]
    r2 = counts[2] / counts[1]
    if not 0.0 < r1 < r2 < 1.0:
        return FALLBACK_START
    total = (1.0 - r2) / (r2 - r1)
    return ((1.0 - r1) * total, r1 * total)


def fit_sbg(survivors: Sequence[int]) -> FittedSbg:
    """Fit the sBG to one cohort's survivor counts by maximum likelihood.

    The log-likelihood and its exact gradient are those of the module notes (FH 2007); the
    start is the method-of-moments solution from ``r_1`` and ``r_2`` (or α = β = 1), so the
    fit is deterministic. Standard errors come from the Hessian of ``−LL`` (central
    differences of the exact gradient).

    Boundaries: without heterogeneity the likelihood rises as ``α, β → ∞`` (``α/(α + β)``
    fixed); if churners all leave in period 1 and the rest never do, as ``α, β → 0``. The fit
    then stops where the likelihood is flat to tolerance, with huge or ``nan`` standard errors
    and predictions close to the limit's. Check ``converged`` and ``standard_errors``.

    Args:
        survivors: ``(n_0, n_1, …, n_N)``: the cohort size at period 0, then the customers still
            active after each period (``N >= 2``); non-increasing integers.

    Returns:
        The fitted model with its log-likelihood, covariance and convergence diagnostics.

    Raises:
        InvalidArgument: ``survivors`` has fewer than three entries, holds anything but
            integers >= 0, increases, or shows no churn or no renewal at all.

    >>> fit = fit_sbg((1000, 869, 743, 653, 593, 551, 517, 491))
    >>> round(fit.alpha, 3), round(fit.beta, 3), fit.converged
    (0.668, 3.806, True)
    """
    counts = _check_survivors(survivors)

    def objective(theta: tuple[float, ...]) -> float:
        return -_log_likelihood(counts, theta[0], theta[1])

    def gradient(theta: tuple[float, ...]) -> tuple[float, float]:
        grad_alpha, grad_beta = _gradient(counts, theta[0], theta[1])
        return -grad_alpha, -grad_beta

    result = minimise(objective, _moment_start(counts), gradient=gradient)
    alpha, beta = result.parameters
    return FittedSbg(
        alpha=alpha,
        beta=beta,
        covariance=covariance_at(objective, result.parameters, gradient=gradient),
        survivors=counts,
        **fit_diagnostics(result),
    )
