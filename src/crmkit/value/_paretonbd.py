"""The Pareto/NBD model of repeat purchasing ("counting your customers"), fitted by MLE.

Sources: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
what will they do next?", *Management Science* 33(1):1–24 (SMC 1987: the model); Fader &
Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions", note 009
at brucehardie.com (FH 009: the likelihood, eq. 19 with ``A₀`` from eqs. 20–22; P(alive),
eq. 24; ``E[X(t)]``, eq. 17; ``E[Y(t) | x, t_x, T]``, eq. 27); Fader, Hardie & Lee (2005),
"RFM and CLV: using iso-value curves for customer base analysis", *JMR* 42(4):415–430 (FHL
2005: DERT, eq. 2).

Symbols, as in the papers; every time is in the unit of the data (``CustomerSummary.unit``):

* while alive, a customer buys as a Poisson process of rate ``λ`` (purchases per unit time);
  ``λ ~ Gamma(r, α)`` across customers (shape ``r``, rate ``α``), so ``E[λ] = r/α``;
* a customer's unobserved lifetime is exponential with rate ``μ``; ``μ ~ Gamma(s, β)``;
* per customer: ``x`` repeat purchases (``frequency``), the last at ``t_x`` (``recency``),
  observed for ``T`` since the first purchase.

The likelihood of one customer (FH 009 eq. 19), with ``a = r + s + x``:
``L = Γ(r+x) αʳ βˢ / Γ(r) · [(α+T)^-(r+x) (β+T)^-s + s/a · A₀]``, where
``s/a · A₀ = s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ`` (alive to ``τ``, then gone).
``crmkit.value._paretonbd_math`` evaluates ``A₀`` in a form that cannot overflow and whose
two hypergeometric terms stay of order one, with a quadrature where ``α`` and ``β`` are far
apart; ``A₀ = 0`` exactly when ``t_x = T``, so P(alive) is then 1 (lifetimes returns NaN
there for large ``x`` on current scipy, whose ``logsumexp([v, v], b=[1, −1])`` is ``nan``).

Estimation: maximum likelihood with ``crmkit.value._optimize.minimise`` (BFGS on the logs of
``r``, ``r/α``, ``s``, ``s/β``) and the exact gradient, from a start computed from the data
alone: no random starts, the same data give the same fit. Identical ``(x, t_x, T)`` are
weighted. Standard errors from the inverse Hessian of ``−LL`` (the observed information).

This module imports the standard library, attrs, ``crmkit._errors`` and its siblings
``crmkit.value._optimize``, ``crmkit.value._paretonbd_math`` and ``crmkit.value._summary``.

>>> model = ParetoNbdModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)
>>> round(model.conditional_expected_purchases(52, frequency=26, recency=30.86, T=31), 2)
25.46
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._fitted import fit_html, standard_errors
from crmkit.value._optimize import (
    covariance_at,
    fit_diagnostics,
    minimise,
)
from crmkit.value._paretonbd_math import (
    Histories,
    Rows,
    Terms,
    discounted_time,
    log_likelihood,
    residual_time,
    row,
)
from crmkit.value._summary import CustomerSummary, TimeUnit

__all__ = [
    "FittedParetoNbd",
    "ParetoNbdModel",
    "fit_pareto_nbd",
    "pareto_nbd_log_likelihood",
]

START_SHAPE: Final[float] = 0.5
"""``r`` and ``s`` at the start of a fit: BTYD fits usually find shapes below 1 (CDNOW: 0.55
and 0.61), i.e. purchase and dropout rates that vary a lot from customer to customer."""
_NAMES: Final = ("r", "alpha", "s", "beta")


def _check_real(value: object, name: str, *, strict: bool = True) -> float:
    bound = "> 0" if strict else ">= 0"
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name!r} must be a real number {bound} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if not ((value > 0.0 if strict else value >= 0.0) and value < math.inf):  # NaN fails
        msg = f"{name!r} must be finite and {bound} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return float(value)


def _validate_parameter(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    _check_real(value, attribute.name)


def _check_customer(frequency: object, recency: object, age: object) -> tuple[int, float, float]:
    if isinstance(frequency, bool) or not isinstance(frequency, int) or frequency < 0:
        msg = f"'frequency' must be an integer >= 0 (got {frequency!r})"
        raise InvalidArgument(msg, field="frequency", value=frequency)
    t_x = _check_real(recency, "recency", strict=False)
    big_t = _check_real(age, "T", strict=False)
    if t_x > big_t or (frequency == 0 and t_x != 0.0):
        msg = (
            "'recency' must be 0 without repeat purchases and at most T"
            f" (got recency {recency!r}, T {age!r}, frequency {frequency!r})"
        )
        raise InvalidArgument(msg, field="recency", value=recency)
    return frequency, t_x, big_t


@attrs.frozen(kw_only=True, repr=False)
class ParetoNbdModel:
    """The Pareto/NBD with known parameters: P(alive) and expected purchases.

    Every time (``t``, ``recency``, ``T``) is in the unit the parameters were estimated in:
    ``α`` and ``β`` are per that unit. A fit (:class:`FittedParetoNbd`) records it.

    Args:
        r: Shape of the Gamma distribution of purchase rates ``λ``, ``> 0``.
        alpha: Its rate ``α`` (in time units), ``> 0``; ``E[λ] = r/α`` purchases per unit.
        s: Shape of the Gamma distribution of dropout rates ``μ``, ``> 0``.
        beta: Its rate ``β`` (in time units), ``> 0``; ``E[μ] = s/β`` per unit.

    >>> ParetoNbdModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    ParetoNbdModel(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    """

    r: float = attrs.field(validator=_validate_parameter)
    alpha: float = attrs.field(validator=_validate_parameter)
    s: float = attrs.field(validator=_validate_parameter)
    beta: float = attrs.field(validator=_validate_parameter)

    @property
    def params(self) -> Mapping[str, float]:
        """The parameters by the papers' names, read-only: ``r``, ``alpha``, ``s``, ``beta``."""
        return MappingProxyType(dict(zip(_NAMES, self._theta, strict=True)))

    @property
    def _theta(self) -> tuple[float, float, float, float]:
        return self.r, self.alpha, self.s, self.beta

    def __repr__(self) -> str:
        """The parameters to six significant digits."""
        inner = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return f"ParetoNbdModel({inner})"

    def expected_purchases(self, t: float) -> float:
        """Return ``E[X(t)] = rβ/(α(s−1)) · (1 − (β/(β+t))^(s−1))`` (FH 009 eq. 17).

        The expected repeat purchases of a new customer in ``(0, t]``, ``t >= 0`` in the
        parameters' time unit (at ``s = 1`` the limit ``rβ/α · ln(1 + t/β)``).

        >>> model = ParetoNbdModel(r=0.55, alpha=10.56, s=0.61, beta=11.64)
        >>> round(model.expected_purchases(1), 8)
        0.05077821
        """
        horizon = _check_real(t, "t", strict=False)
        return self.r * self.beta / self.alpha * residual_time(self.s, horizon, self.beta)

    def p_alive(self, *, frequency: int, recency: float, T: float) -> float:  # noqa: N803
        """Return ``P(alive | x, t_x, T) = 1 / (1 + s/a · A₀ (α+T)^(r+x) (β+T)^s)``.

        FH 009 eq. 24: the probability that a customer with ``frequency`` repeat purchases,
        the last at ``recency``, observed for ``T`` (times in the parameters' unit) is still
        active. In ``[0, 1]``; exactly 1 when ``recency == T`` (``A₀ = 0``).

        >>> model = ParetoNbdModel(r=0.61089, alpha=95.28868, s=0.31261, beta=43.05043)
        >>> model.p_alive(frequency=170, recency=496, T=496)
        1.0
        """
        x, t_x, big_t = _check_customer(frequency, recency, T)
        _, log_m, _ = row(Terms(self._theta, gradient=False), x, t_x, big_t, gradient=False)
        return math.exp(-log_m)

    def _per_alive_unit(self, frequency: int, recency: float, T: float) -> tuple[float, float]:  # noqa: N803
        """``(P(alive) · (r+x)/(α+T), β + T)``: the expected purchase rate now, and ``β + T``."""
        alive = self.p_alive(frequency=frequency, recency=recency, T=T)
        return alive * (self.r + frequency) / (self.alpha + T), self.beta + T

    def conditional_expected_purchases(
        self,
        t: float,
        *,
        frequency: int,
        recency: float,
        T: float,  # noqa: N803
    ) -> float:
        """Return ``E[Y(t) | x, t_x, T]``, expected purchases in ``(T, T + t]`` (FH 009 eq. 27).

        ``(r+x)(β+T) / ((α+T)(s−1)) · (1 − ((β+T)/(β+T+t))^(s−1)) · P(alive | x, t_x, T)``:
        the mean purchase rate of a customer like this one if alive, ``(r+x)/(α+T)``, times
        their expected time alive in the next ``t``, times P(alive). Times in the parameters'
        unit.

        >>> model = ParetoNbdModel(r=0.55, alpha=10.58, s=0.61, beta=11.67)
        >>> round(model.conditional_expected_purchases(10, frequency=132, recency=200, T=200), 6)
        6.206052
        """
        horizon = _check_real(t, "t", strict=False)
        rate, scale = self._per_alive_unit(frequency, recency, T)
        return rate * scale * residual_time(self.s, horizon, scale)

    def discounted_expected_residual_transactions(
        self,
        *,
        discount_rate: float,
        frequency: int,
        recency: float,
        T: float,  # noqa: N803
    ) -> float:
        """Return DERT, the customer's future purchases discounted to now (FHL 2005 eq. 2).

        ``DERT = P(alive) (r+x)/(α+T) ∫_0^∞ e^-δt ((β+T)/(β+T+t))ˢ dt`` with ``δ`` the
        continuously compounded ``discount_rate`` per time unit (15 % a year on weekly data:
        ``ln(1.15)/52``); FHL 2005 write the integral with the confluent hypergeometric
        ``Ψ(s, s; δ(β+T))``. Multiply by the margin per purchase for a residual CLV.

        >>> model = ParetoNbdModel(r=0.5533, alpha=10.5778, s=0.6062, beta=11.6669)
        >>> round(model.discounted_expected_residual_transactions(
        ...     discount_rate=math.log(1.15) / 52, frequency=2, recency=30.43, T=38.86), 4)
        6.5003
        """
        delta = _check_real(discount_rate, "discount_rate")
        rate, scale = self._per_alive_unit(frequency, recency, T)
        return rate * scale * discounted_time(self.s, delta * scale)


@attrs.frozen(kw_only=True, repr=False)
class FittedParetoNbd(ParetoNbdModel):
    """A Pareto/NBD fitted by :func:`fit_pareto_nbd`, with its diagnostics.

    Attributes:
        unit: The time unit of the data: ``α``, ``β`` are per unit, and every ``t``,
            ``recency`` and ``T`` given to the predictions is read in this unit.
        customers: How many customers the fit saw.
        log_likelihood: ``LL`` summed over the customers, in nats (times in ``unit``).
        covariance: 4×4 inverse observed information in the order ``r, α, s, β``; all
            ``nan`` when the Hessian is not positive definite (a flat or boundary optimum).
        iterations, converged, gradient_norm, reason: The minimiser's diagnostics
            (``crmkit.value._optimize.Minimum``; the gradient is with respect to the logs of
            ``r``, ``r/α``, ``s``, ``s/β``, in nats).
    """

    unit: TimeUnit
    customers: int
    log_likelihood: float
    covariance: tuple[tuple[float, ...], ...]
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """Square roots of the covariance's diagonal, by parameter name."""
        return standard_errors(_NAMES, self.covariance)

    def __repr__(self) -> str:
        """Parameters, log-likelihood and convergence, to six significant digits."""
        inner = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return (
            f"FittedParetoNbd({inner}, log_likelihood={self.log_likelihood:.6g}, "
            f"customers={self.customers}, unit={self.unit!r}, converged={self.converged})"
        )

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        return fit_html(
            self,
            title="FittedParetoNbd",
            subject=f"{self.customers:,} customers, time in {self.unit}",
        )


def _rows(summaries: object) -> tuple[Rows, TimeUnit]:
    """The distinct ``(x, t_x, T)`` with their counts, and the one time unit."""
    if isinstance(summaries, str | bytes | CustomerSummary) or not isinstance(summaries, Iterable):
        msg = f"'summaries' must be an iterable of CustomerSummary (got {summaries!r})"
        raise InvalidArgument(msg, field="summaries", value=summaries)
    counts: Counter[tuple[int, float, float]] = Counter()
    units: dict[TimeUnit, None] = {}
    for item in summaries:
        if not isinstance(item, CustomerSummary):
            msg = f"'summaries' must hold CustomerSummary values (got {item!r})"
            raise InvalidArgument(msg, field="summaries", value=item)
        counts[item.frequency, float(item.recency), float(item.T)] += 1
        units[item.unit] = None
    if len(units) != 1:
        found = sorted(units)
        msg = f"'summaries' must be non-empty and in one time unit (got units {found!r})"
        raise InvalidArgument(msg, field="summaries", value=found)
    rows = tuple((x, t_x, big_t, n) for (x, t_x, big_t), n in sorted(counts.items()))
    return rows, next(iter(units))


def pareto_nbd_log_likelihood(
    summaries: Iterable[CustomerSummary], *, r: float, alpha: float, s: float, beta: float
) -> float:
    """Return ``LL(r, α, s, β)``, the log-likelihood summed over ``summaries`` (FH 009 eq. 19).

    In nats, with times in the summaries' unit. Raises ``InvalidArgument`` if ``summaries``
    is empty, holds anything but ``CustomerSummary`` or mixes units, or if a parameter is
    not positive and finite.

    >>> one = CustomerSummary(customer_id=1, frequency=0, recency=0, T=1, unit="weeks")
    >>> ll = pareto_nbd_log_likelihood([one], r=1, alpha=1, s=1, beta=1)
    >>> round(ll, 12) == round(math.log(1 / 4 + 3 / 8), 12)  # ln(E(1) + ∫_0^1 (1+τ)^-3 dτ)
    True
    """
    model = ParetoNbdModel(r=r, alpha=alpha, s=s, beta=beta)  # validates the parameters
    rows, _ = _rows(summaries)
    return log_likelihood(rows, tuple(model.params.values()), gradient=False)[0]


def _start(rows: Rows) -> tuple[float, float, float, float]:
    """``(r, α, s, β)`` to start from, from the data alone.

    ``r = s =`` :data:`START_SHAPE`; ``α`` so that ``E[λ] = r/α`` is the pooled purchase rate
    ``Σ x / Σ T``, ``β`` so that ``E[μ] = s/β`` is ``1 / mean T`` (one lifetime per mean age).
    """
    customers = sum(n for *_, n in rows)
    purchases = sum(x * n for x, _, _, n in rows)
    exposure = sum(big_t * n for _, _, big_t, n in rows)
    shape = START_SHAPE
    return shape, shape * exposure / purchases, shape, shape * exposure / customers


class _Objective:
    """``−LL`` and its gradient in ``θ = (r, α, s, β)`` and in ``ψ = (r, r/α, s, s/β)``.

    The minimiser works on ``ln ψ``, shapes and mean rates: the data pin ``E[λ] = r/α`` and
    ``E[μ] = s/β`` down far better than ``r`` and ``α`` apart, so these axes are closer to the
    Hessian's and BFGS needs fewer steps than on ``ln θ``.
    """

    def __init__(self, rows: Rows) -> None:
        self.histories = Histories(rows)  # prepared once for the fit's many evaluations

    def __call__(self, theta: tuple[float, ...]) -> float:
        try:
            return -self.histories.log_likelihood(theta, gradient=False)[0]
        except (ValueError, OverflowError, ZeroDivisionError):  # θ so extreme that logs fail
            return math.inf

    def gradient(self, theta: tuple[float, ...]) -> tuple[float, ...]:
        try:
            _, grad = self.histories.log_likelihood(theta, gradient=True)
        except (ValueError, OverflowError, ZeroDivisionError):
            return (math.nan,) * 4
        return tuple(-g for g in grad)

    @staticmethod
    def theta(psi: tuple[float, ...]) -> tuple[float, float, float, float]:
        r, mean_lambda, s, mean_mu = psi
        return r, r / mean_lambda, s, s / mean_mu

    def in_psi(self, psi: tuple[float, ...]) -> float:
        return self(self.theta(psi))

    def gradient_in_psi(self, psi: tuple[float, ...]) -> tuple[float, ...]:
        r, mean_lambda, s, mean_mu = psi
        d_r, d_alpha, d_s, d_beta = self.gradient(self.theta(psi))  # α = r/m, β = s/n
        return (
            d_r + d_alpha / mean_lambda,
            -d_alpha * r / mean_lambda**2,
            d_s + d_beta / mean_mu,
            -d_beta * s / mean_mu**2,
        )


def fit_pareto_nbd(summaries: Iterable[CustomerSummary]) -> FittedParetoNbd:
    """Fit the Pareto/NBD to customers' frequency, recency and age by maximum likelihood.

    The log-likelihood and its exact gradient are those of FH 009 (module notes); the start
    (``_start``) depends on the data only and there are no random restarts, so the fit is
    deterministic. Standard errors come from the Hessian of ``−LL`` (central differences of
    the exact gradient). Boundaries: with no heterogeneity in purchase rates the likelihood
    keeps rising as ``r, α → ∞`` (``r/α`` fixed), and likewise ``s, β`` for dropout rates; the
    fit then stops where the likelihood is flat to tolerance, with huge standard errors.

    Args:
        summaries: One :class:`~crmkit.value._summary.CustomerSummary` per customer, all in
            one time unit; at least one with a repeat purchase.

    Returns:
        The fitted model; its ``unit`` is the data's, and so is every time it predicts for.

    Raises:
        InvalidArgument: ``summaries`` is empty, holds anything but ``CustomerSummary``,
            mixes time units, or has no repeat purchase at all (no maximum).

    >>> data = [CustomerSummary(customer_id=i, frequency=x, recency=t_x, T=39.0, unit="weeks")
    ...         for i, (x, t_x) in enumerate([(0, 0), (0, 0), (0, 0), (1, 5), (4, 38), (2, 9)])]
    >>> fit = fit_pareto_nbd(data)
    >>> fit.unit, fit.customers, fit.log_likelihood < 0
    ('weeks', 6, True)
    """
    rows, unit = _rows(summaries)
    if not any(x > 0 for x, *_ in rows):
        customers = sum(n for *_, n in rows)
        msg = (
            "'summaries' must include a repeat purchase; without one the likelihood rises"
            f" forever as the purchase rate falls to 0 (got {customers} customers, none)"
        )
        raise InvalidArgument(msg, field="summaries", value=customers)
    objective = _Objective(rows)
    r, alpha, s, beta = _start(rows)
    result = minimise(
        objective.in_psi, (r, r / alpha, s, s / beta), gradient=objective.gradient_in_psi
    )
    theta = objective.theta(result.parameters)
    r, alpha, s, beta = theta
    return FittedParetoNbd(
        r=r,
        alpha=alpha,
        s=s,
        beta=beta,
        unit=unit,
        customers=sum(n for *_, n in rows),
        covariance=covariance_at(objective, theta, gradient=objective.gradient),
        **fit_diagnostics(result),
    )
