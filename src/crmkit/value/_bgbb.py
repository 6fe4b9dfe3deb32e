"""The BG/BB model of repeat transactions at discrete opportunities (non-contractual).

Source: Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time
noncontractual setting", *Marketing Science* 29(6):1086–1108 (FHS 2010: the model, its
likelihood, the pmf of ``X(n)``, ``E[X(n)]``, P(alive), the conditional expectation and the
donations data), with Hardie's companion spreadsheet (note 010) for worked values.

Setting: after a first transaction at time 0, a customer has ``n`` discrete opportunities
``1 … n`` (yearly donation drives, annual events) and transacts at each or not. Symbols as
in FHS 2010; all four parameters are positive:

* ``x``: opportunities with a transaction (``frequency``); ``t_x``: the last of them
  (``recency``, 0 when ``x = 0``); ``n``: opportunities observed (``periods``).
* Alive, a customer transacts at each opportunity with probability ``p ~ Beta(α, β)``.
* Alive at opportunity ``t``, they are gone for good from ``t + 1`` with probability
  ``θ ~ Beta(γ, δ)``: alive at ``t`` with probability ``(1 − θ)^t``.

Formulas (``B`` the beta function):

* One history with summary ``(x, t_x, n)`` has likelihood ``L = B(α+x, β+n−x)/B(α,β) ·
  B(γ, δ+n)/B(γ,δ) + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)``
  (alive throughout, or gone after ``t_x + i``); ``LL = Σ count · ln L``. ``L`` is the
  probability of one 0/1 history; the summary ``(x, t_x)`` itself has probability
  ``C(t_x − 1, x − 1) · L`` for ``x >= 1`` (:meth:`BgBbModel.probability_of_pattern`). FHS
  2010 maximise ``LL`` without that constant (their ``LL = −33,225.6`` is this ``LL``);
  goodness-of-fit tables need the probabilities with it.
* ``P(X(n) = x) = C(n, x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
  + Σ_{i=x}^{n−1} C(i, x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ)``.
* ``E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ)``: FHS 2010's ``δ/(γ−1) · [1 −
  Γ(γ+δ) Γ(1+δ+n) / (Γ(γ+δ+n) Γ(1+δ))]`` summed term by term (no ``0/0`` at ``γ = 1``).
* P(alive) ``= P(alive at opportunity n + 1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) ·
  B(γ, δ+n+1)/B(γ,δ) / L`` (FHS 2010 and the spreadsheet): still there for the next one.
* ``E[X(n, n+n*) | x, t_x, n] = P(alive at n | ·) · (α+x)/(α+β+n) · Σ_{t=1}^{n*}
  B(γ, δ+n+t)/B(γ, δ+n)``: transactions at ``n+1 … n+n*``, FHS 2010's closed form summed.

Estimation: maximum likelihood by ``crmkit.value._optimize.minimise`` on ``ln α … ln δ``
from ``α = β = γ = δ = 1`` with the exact gradient: every Gamma ratio has an integer offset,
so ``ln Γ(a + k) − ln Γ(a) = Σ_{j<k} ln(a + j)`` and its derivative ``Σ_{j<k} 1/(a + j)``
are short sums. Identical patterns are grouped; standard errors come from the Hessian of
``−LL``. Sums over opportunities run term by term, so ``n, n* <=`` :data:`MAX_PERIODS`.

The arithmetic (the terms of ``L`` in logs, ``LL`` and its gradient) is in
``crmkit.value._bgbb_math``. This module imports the standard library, attrs,
``crmkit._errors`` and its siblings ``crmkit.value._bgbb_math``, ``crmkit.value._fitted``
and ``crmkit.value._optimize``.

>>> model = BgBbModel(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
>>> round(model.p_alive(frequency=6, recency=6, periods=6), 2)
0.93
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._bgbb_math import Likelihood, log_sum_exp, log_terms, survival_sum
from crmkit.value._fitted import fit_html, standard_errors
from crmkit.value._optimize import (
    covariance_at,
    fit_diagnostics,
    minimise,
)

__all__ = [
    "BgBbModel",
    "BgBbPattern",
    "FittedBgBb",
    "bg_bb_log_likelihood",
    "fit_bg_bb",
]

MAX_PERIODS: Final[int] = 100_000
"""Most opportunities ``n`` (and ``n*``) accepted: the sums run term by term (~10 ms here)."""
START: Final[tuple[float, float, float, float]] = (1.0, 1.0, 1.0, 1.0)
"""``(α, β, γ, δ)`` where every fit starts: ``p`` and ``θ`` uniform on (0, 1)."""

_NAMES: Final = ("alpha", "beta", "gamma", "delta")


def _check_count(value: object, name: str, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"{name!r} must be an integer >= 0 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if maximum is not None and value > maximum:
        msg = f"{name!r} must be at most {maximum:,} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def _validate_count(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    _check_count(value, attribute.name, MAX_PERIODS if attribute.name != "count" else None)


def _validate_parameter(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        msg = f"{attribute.name!r} must be a finite real number > 0 (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


@attrs.frozen(kw_only=True)
class BgBbPattern:
    """One purchase pattern ``(x, t_x, n)`` and how many customers share it: the BG/BB input.

    Attributes:
        frequency: ``x``, opportunities with a transaction [count].
        recency: ``t_x``, the last such opportunity (0 when ``x = 0``).
        periods: ``n``, opportunities observed after the first transaction.
        count: Customers with this pattern (default 1: one row per customer).

    Raises ``InvalidArgument`` unless ``0 <= x <= t_x <= n <=`` :data:`MAX_PERIODS` with
    ``x = 0`` exactly when ``t_x = 0``.

    >>> BgBbPattern(frequency=2, recency=4, periods=6, count=155)
    BgBbPattern(frequency=2, recency=4, periods=6, count=155)
    """

    frequency: int = attrs.field(validator=_validate_count)
    recency: int = attrs.field(validator=_validate_count)
    periods: int = attrs.field(validator=_validate_count)
    count: int = attrs.field(default=1, validator=_validate_count)

    def __attrs_post_init__(self) -> None:
        """Check ``x <= t_x <= n`` and that ``x = 0`` exactly when ``t_x = 0``."""
        x, t_x, n = self.frequency, self.recency, self.periods
        if not (x <= t_x <= n and (x == 0) == (t_x == 0)):
            msg = (
                "'recency' must be 0 without transactions, else between frequency and periods"
                f" (got frequency {x!r}, recency {t_x!r}, periods {n!r})"
            )
            raise InvalidArgument(msg, field="recency", value=t_x)

    @classmethod
    def from_history(cls, purchases: Sequence[bool | int], *, count: int = 1) -> BgBbPattern:
        """Summarise a 0/1 history of the opportunities after the first transaction.

        >>> BgBbPattern.from_history([1, 0, 1, 1, 0, 0])
        BgBbPattern(frequency=3, recency=4, periods=6, count=1)
        """
        given: object = purchases  # checked at run time: callers may not run a type checker
        if (
            isinstance(given, str | bytes)
            or not isinstance(given, Sequence)
            or any(item not in (0, 1) for item in given)
        ):
            msg = f"'purchases' must be a sequence of 0/1 or booleans (got {purchases!r})"
            raise InvalidArgument(msg, field="purchases", value=purchases)
        last = max((t for t, bought in enumerate(given, start=1) if bought), default=0)
        return cls(frequency=sum(map(bool, given)), recency=last, periods=len(given), count=count)


@attrs.frozen(kw_only=True, repr=False)
class BgBbModel:
    """The BG/BB with known parameters: predictions for discrete-opportunity customers.

    Args:
        alpha: ``α > 0``, with ``β`` the Beta distribution of the transaction probability
            ``p``; the mean of ``p`` is ``α/(α + β)``.
        beta: ``β > 0``.
        gamma: ``γ > 0``, with ``δ`` the Beta distribution of the dropout probability ``θ``.
        delta: ``δ > 0``.

    >>> BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
    BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
    """

    alpha: float = attrs.field(validator=_validate_parameter)
    beta: float = attrs.field(validator=_validate_parameter)
    gamma: float = attrs.field(validator=_validate_parameter)
    delta: float = attrs.field(validator=_validate_parameter)

    @property
    def params(self) -> Mapping[str, float]:
        """The parameters by the paper's names, read-only: alpha, beta, gamma, delta."""
        return MappingProxyType(
            {"alpha": self.alpha, "beta": self.beta, "gamma": self.gamma, "delta": self.delta}
        )

    @property
    def _theta(self) -> tuple[float, float, float, float]:
        return self.alpha, self.beta, self.gamma, self.delta

    def __repr__(self) -> str:
        """The parameters to six significant digits."""
        values = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return f"{type(self).__name__}({values})"

    def _alive_at_end(self, frequency: int, recency: int, periods: int) -> tuple[float, float]:
        """``(P(alive at n | x, t_x, n), ln L)`` for a validated pattern."""
        pattern = BgBbPattern(frequency=frequency, recency=recency, periods=periods)
        terms = log_terms(self._theta, pattern.frequency, pattern.recency, pattern.periods)
        log_l = log_sum_exp(terms)
        return min(1.0, math.exp(terms[0] - log_l)), log_l

    def probability_of_pattern(self, *, frequency: int, recency: int, periods: int) -> float:
        """Return ``P(x, t_x | n) = C(t_x − 1, x − 1) · L`` (``L`` when ``x = 0``).

        The share of customers expected to show this summary after ``n`` opportunities;
        summed over every ``(x, t_x)`` it is 1. Use it (times the customers) for
        goodness-of-fit tables, not ``L`` (module notes).

        >>> model = BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
        >>> round(11104 * model.probability_of_pattern(frequency=1, recency=6, periods=6), 1)
        84.0
        """
        _, log_l = self._alive_at_end(frequency, recency, periods)
        ways = math.comb(recency - 1, frequency - 1) if frequency else 1
        return min(1.0, ways * math.exp(log_l))

    def probability_of_frequency(self, *, frequency: int, periods: int) -> float:
        """Return ``P(X(n) = x)``, the chance of ``x`` transactions in ``n`` opportunities.

        FHS 2010; ``0 <= x <= n <=`` :data:`MAX_PERIODS`.

        >>> model = BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
        >>> round(model.probability_of_frequency(frequency=0, periods=6), 4)
        0.3112
        """
        x = _check_count(frequency, "frequency", MAX_PERIODS)
        n = _check_count(periods, "periods", MAX_PERIODS)
        if x > n:
            msg = f"'frequency' must be at most periods {n!r} (got {frequency!r})"
            raise InvalidArgument(msg, field="frequency", value=frequency)
        return min(1.0, math.exp(log_sum_exp(log_terms(self._theta, x, x, n, choose=True))))

    def expected_purchases(self, n: int) -> float:
        """Return ``E[X(n)]``, a new customer's expected transactions in ``n`` opportunities.

        ``α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ)`` (FHS 2010); ``0 <= n <=`` :data:`MAX_PERIODS`.

        >>> round(BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
        ...       .expected_purchases(6), 4)
        2.2196
        """
        count = _check_count(n, "n", MAX_PERIODS)
        mean_p = self.alpha / (self.alpha + self.beta)
        return mean_p * survival_sum(self.gamma, self.delta, count)

    def p_alive(self, *, frequency: int, recency: int, periods: int) -> float:
        """Return P(alive at opportunity ``n + 1`` | ``x, t_x, n``), FHS 2010's P(alive).

        The probability that the customer is still there for the next opportunity. Even a
        customer who transacted at opportunity ``n`` may be gone by ``n + 1``.

        >>> model = BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
        >>> round(model.p_alive(frequency=2, recency=4, periods=6), 2)
        0.59
        """
        alive, _ = self._alive_at_end(frequency, recency, periods)
        return alive * (self.delta + periods) / (self.gamma + self.delta + periods)

    def conditional_expected_purchases(
        self, n_star: int, *, frequency: int, recency: int, periods: int
    ) -> float:
        """Return ``E[X(n, n + n*) | x, t_x, n]``: transactions at the next ``n*`` opportunities.

        FHS 2010's conditional expectation, as a product of P(alive at ``n``), the posterior
        mean ``(α + x)/(α + β + n)`` of ``p`` and the expected opportunities alive among the
        next ``n*`` (module notes); ``0 <= n* <=`` :data:`MAX_PERIODS`.

        >>> model = BgBbModel(alpha=1.204, beta=0.75, gamma=0.657, delta=2.783)
        >>> round(model.conditional_expected_purchases(5, frequency=6, recency=6, periods=6), 4)
        3.7521
        """
        ahead = _check_count(n_star, "n_star", MAX_PERIODS)
        alive, _ = self._alive_at_end(frequency, recency, periods)
        mean_p = (self.alpha + frequency) / (self.alpha + self.beta + periods)
        return alive * mean_p * survival_sum(self.gamma, self.delta + periods, ahead)


@attrs.frozen(kw_only=True, repr=False)
class FittedBgBb(BgBbModel):
    """A BG/BB fitted by :func:`fit_bg_bb`, with its diagnostics.

    Attributes:
        log_likelihood: ``LL(α̂, β̂, γ̂, δ̂) = Σ count · ln L`` in nats, without the
            combinatorial constants (comparable with FHS 2010's).
        covariance: The 4×4 inverse observed information in the order ``(α, β, γ, δ)``;
            ``nan`` when the Hessian is not positive definite.
        iterations, converged, gradient_norm, reason: The minimiser's diagnostics.
        patterns: The data, identical patterns merged, sorted by ``(n, x, t_x)``.
        customers: Total count of customers.
    """

    log_likelihood: float
    covariance: tuple[tuple[float, ...], ...]
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    patterns: tuple[BgBbPattern, ...]
    customers: int

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """alpha, beta, gamma, delta -> square roots of the covariance's diagonal."""
        return standard_errors(_NAMES, self.covariance)

    def __repr__(self) -> str:
        """Parameters, log-likelihood and convergence, to six significant digits."""
        values = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return (
            f"FittedBgBb({values}, log_likelihood={self.log_likelihood:.6g}, "
            f"customers={self.customers}, patterns={len(self.patterns)}, "
            f"converged={self.converged})"
        )

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        return fit_html(
            self,
            title="FittedBgBb",
            subject=f"{self.customers:,} customers in {len(self.patterns)} patterns",
        )


class _Data(Likelihood):
    """``LL`` and its gradient (``crmkit.value._bgbb_math.Likelihood``) of grouped patterns."""

    def __init__(self, patterns: Sequence[BgBbPattern]) -> None:
        super().__init__([(p.frequency, p.recency, p.periods, p.count) for p in patterns])


def _grouped(patterns: object) -> tuple[BgBbPattern, ...]:
    if isinstance(patterns, str | bytes) or not isinstance(patterns, Iterable):
        msg = f"'patterns' must be an iterable of BgBbPattern (got {patterns!r})"
        raise InvalidArgument(msg, field="patterns", value=patterns)
    counts = Counter[tuple[int, int, int]]()
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, BgBbPattern):
            msg = f"'patterns[{index}]' must be a BgBbPattern (got {pattern!r})"
            raise InvalidArgument(msg, field=f"patterns[{index}]", value=pattern)
        if pattern.count:
            counts[pattern.periods, pattern.frequency, pattern.recency] += pattern.count
    if not any(x for _, x, _ in counts) or all(x == n for n, x, _ in counts):
        msg = (
            "'patterns' must show customers who transacted and opportunities they missed; with"
            " none of either the likelihood has no maximum"
            f" (got {sum(counts.values())} customers in {len(counts)} patterns)"
        )
        raise InvalidArgument(msg, field="patterns", value=len(counts))
    return tuple(
        BgBbPattern(frequency=x, recency=t_x, periods=n, count=count)
        for (n, x, t_x), count in sorted(counts.items())
    )


def bg_bb_log_likelihood(
    patterns: Iterable[BgBbPattern], *, alpha: float, beta: float, gamma: float, delta: float
) -> float:
    """Return ``LL = Σ count · ln L(x, t_x, n)`` in nats (module notes; FHS 2010's ``LL``).

    Raises ``InvalidArgument`` as :func:`fit_bg_bb` does, or if a parameter is not a
    positive number. At ``α = β = γ = δ = 1`` one customer with ``(1, 1, 1)`` has
    ``L = E(p) E(1 − θ) = 1/4``, one with ``(0, 0, 1)`` ``L = E(1 − p) E(1 − θ) + E(θ) = 3/4``:

    >>> rows = [BgBbPattern(frequency=1, recency=1, periods=1),
    ...         BgBbPattern(frequency=0, recency=0, periods=1)]
    >>> round(bg_bb_log_likelihood(rows, alpha=1, beta=1, gamma=1, delta=1), 6)  # ln(3/16)
    -1.673976
    """
    model = BgBbModel(alpha=alpha, beta=beta, gamma=gamma, delta=delta)
    theta = (model.alpha, model.beta, model.gamma, model.delta)
    return _Data(_grouped(patterns)).evaluate(tuple(map(float, theta)))[0]


def fit_bg_bb(patterns: Iterable[BgBbPattern]) -> FittedBgBb:
    """Fit the BG/BB by maximum likelihood to purchase patterns.

    The fit is deterministic: the start :data:`START`, BFGS on log-parameters with the exact
    gradient (module notes). Identical patterns are merged first, so one row per customer
    (``count=1``) and one row per pattern with its count give the same fit.

    Args:
        patterns: :class:`BgBbPattern` rows; customers may have different ``n``.

    Returns:
        The fitted model with ``LL``, covariance and convergence diagnostics.

    Raises:
        InvalidArgument: ``patterns`` is not an iterable of :class:`BgBbPattern`, or nobody
            transacted, or everybody transacted at every opportunity (the maximum is then at
            the boundary of the parameter space).

    >>> rows = [(0, 0, 3464), (1, 1, 1091), (1, 2, 277), (1, 3, 129), (1, 4, 78), (1, 5, 119),
    ...         (1, 6, 129), (2, 2, 613), (2, 3, 255), (2, 4, 155), (2, 5, 173), (2, 6, 234),
    ...         (3, 3, 322), (3, 4, 181), (3, 5, 225), (3, 6, 357), (4, 4, 240), (4, 5, 284),
    ...         (4, 6, 512), (5, 5, 335), (5, 6, 728), (6, 6, 1203)]
    >>> fit = fit_bg_bb(BgBbPattern(frequency=x, recency=t, periods=6, count=c)
    ...                 for x, t, c in rows)
    >>> [round(value, 3) for value in fit.params.values()], round(fit.log_likelihood, 1)
    ([1.204, 0.75, 0.657, 2.783], -33225.6)
    """
    grouped = _grouped(patterns)
    data = _Data(grouped)

    def objective(theta: tuple[float, ...]) -> float:
        return -data.evaluate(theta)[0]

    def gradient(theta: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(-g for g in data.evaluate(theta)[1])

    result = minimise(objective, START, gradient=gradient)
    alpha, beta, gamma, delta = result.parameters
    return FittedBgBb(
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        delta=delta,
        covariance=covariance_at(objective, result.parameters, gradient=gradient),
        patterns=grouped,
        customers=sum(pattern.count for pattern in grouped),
        **fit_diagnostics(result),
    )
