"""The BG/NBD model of repeat purchasing ("buy till you die"), fitted to customer summaries.

Sources: Fader, Hardie & Lee (2005), "'Counting your customers' the easy way: an alternative
to the Pareto/NBD model", *Marketing Science* 24(2):275–284 (FHL: likelihood eq. 6,
``E[X(t)]`` eq. 7, ``P(X(t) = n)`` eq. 8, ``E[Y(t) | x, t_x, T]`` eq. 10); Fader & Hardie
(2013), note 027 "Overcoming the BG/NBD model's #NUM! error problem" (the likelihood in logs);
Fader, Hardie & Lee (2008), note 021 "Computing P(alive) using the BG/NBD model". The MBG/NBD
(``crmkit.value._mbgnbd``) reuses all of it with ``m = 1``.

One customer's story, in the data's time unit (weeks for CDNOW): while active, purchases
follow a Poisson process with rate ``λ`` [purchases per unit], ``λ ~ Gamma(r, α)`` across
customers (shape ``r``, rate ``α`` [units]); after each repeat purchase the customer drops
out for good with probability ``p``, ``p ~ Beta(a, b)``; the MBG/NBD (``m = 1``) also drops
out at time 0 (BG/NBD: ``m = 0``). Data (``crmkit.value._summary.CustomerSummary``):
``x`` = frequency (repeat purchases), ``t_x`` = recency, ``T``. With ``A = r + x`` and
``δ = [x + m > 0]``:

    L = Γ(r + x) α^r / Γ(r) · B(a, b + x + m) / B(a, b)
        · [(α + T)^(−A) + δ · a/(b + x + m − 1) · (α + t_x)^(−A)]
    P(alive) = 1 / (1 + δ · a/(b + x + m − 1) · ((α + T)/(α + t_x))^A)

``ln L`` uses ``lgamma`` and a log-sum-exp of the bracket's terms (note 027): no power is
formed, nothing overflows. ``P(alive)`` is the first term's share of the bracket.

With ``z = t/(α + T + t)`` and ``C = a + b + x + m − 1``, eq. 10 (and its MBG/NBD form, Wagner
& Hoppe 2008) is ``E[Y(t)] = P(alive) · C/(a − 1) · [1 − (1 − z)^A ₂F₁(A, b + x + m; C; z)]``;
``E[X(t)]`` (eq. 7) is the case ``x = 0, T = 0``. The bracket is 0/0 at ``a = 1`` and the ₂F₁
overflows for large ``x``. Euler's transformation (Abramowitz & Stegun 15.3.3),
``(1 − z)^A ₂F₁(A, b + x + m; C; z) = (1 − z)^u ₂F₁(C − A, u; C; z)`` with ``u = a − 1``, gives,
with ``ℓ = ln(1 − z)`` and ``−expm1(uℓ)/u = −ℓ`` at ``u = 0``, a form finite for all ``a, x``:

    C/(a − 1) · [1 − …] = C · (−expm1(uℓ)/u)
                          − e^(uℓ) · Σ_{k≥1} (C − A)_k (a)_(k−1) / ((C + 1)_(k−1) k!) · z^k

``P(X(t) = n)`` (eq. 8) needs the NBD tail ``P(N >= n) = I_q(n, r)``, ``q = t/(α + t)``: the
regularised incomplete beta function by its continued fraction (Press et al. 2007,
*Numerical Recipes* 3rd ed., §6.4, modified Lentz).

Estimation: maximum likelihood by ``crmkit.value._optimize.minimise`` on log-parameters with
the exact gradient (digamma), identical ``(x, t_x, T)`` rows evaluated once; standard errors
from the inverse Hessian of ``−LL`` (central differences of the gradient).

Imports: the standard library, attrs, ``crmkit._errors`` and the siblings
``crmkit.value._bgnbd_math`` (the likelihood, gradient and series, split out to keep each
module readable), ``crmkit.value._optimize``, ``crmkit.value._special`` and
``crmkit.value._summary``.

>>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, unit="weeks")
>>> round(model.conditional_expected_purchases(39, frequency=2, recency=30.43, T=38.86), 3)
1.226
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import ClassVar

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._bgnbd_math import (
    _DECADES,
    MAX_SERIES_TERMS,
    Covariance,
    SeriesTerms,
    _check_parameter,
    _check_unit,
    _gradient,
    _history,
    _keys,
    _log_beta,
    _log_likelihood,
    _nbd_tail,
    _Rows,
    _series,
)
from crmkit.value._checks import real_number, whole_number
from crmkit.value._fitted import fit_html, standard_errors
from crmkit.value._optimize import (
    FitDiagnostics,
    covariance_at,
    fit_diagnostics,
    minimise,
)
from crmkit.value._summary import CustomerSummary, TimeUnit

__all__ = [
    "BgNbdModel",
    "FittedBgNbd",
    "bg_nbd_log_likelihood",
    "fit_bg_nbd",
]


@attrs.frozen(kw_only=True, repr=False)
class BetaGeoNbd:
    """The parameters and predictions shared by :class:`BgNbdModel` and ``MbgNbdModel``.

    Args:
        r, alpha: ``λ ~ Gamma(r, α)``; ``alpha`` is in the time unit of the data.
        a, b: ``p ~ Beta(a, b)``, the drop-out probability after each purchase.
        unit: The time unit of ``alpha`` and of every ``t``, ``recency`` and ``T`` given to
            the predictions, or ``None`` if unstated (then ``*_for`` accept any one unit).
    """

    DROPOUT_AT_ZERO: ClassVar[int] = 0
    """``m``: 1 if a customer may drop out right after the first purchase (MBG/NBD)."""

    r: float = attrs.field(validator=_check_parameter)
    alpha: float = attrs.field(validator=_check_parameter)
    a: float = attrs.field(validator=_check_parameter)
    b: float = attrs.field(validator=_check_parameter)
    unit: TimeUnit | None = attrs.field(default=None, validator=_check_unit)

    @property
    def params(self) -> Mapping[str, float]:
        """The parameters by the papers' names, read-only: ``r``, ``alpha``, ``a``, ``b``."""
        return MappingProxyType({"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b})

    def __repr__(self) -> str:
        """The parameters to six significant digits, and the unit if known."""
        text = ", ".join(f"{name}={value:.6g}" for name, value in self.params.items())
        return (
            f"{type(self).__name__}({text}{'' if self.unit is None else f', unit={self.unit!r}'})"
        )

    def _p_alive(self, x: int, t_x: float, age: float) -> float:
        m = self.DROPOUT_AT_ZERO
        if x + m == 0:
            return 1.0
        gap = math.log(self.a) - math.log(self.b + x + m - 1)
        gap += (self.r + x) * math.log1p((age - t_x) / (self.alpha + t_x))
        return math.exp(-gap) / (1.0 + math.exp(-gap)) if gap > 0.0 else 1.0 / (1.0 + math.exp(gap))

    def _expected(self, t: float, x: int, t_x: float, age: float) -> float:
        return self._bracket(t, x, age) * self._p_alive(x, t_x, age)

    def _bracket(self, t: float, x: int, age: float) -> float:
        """``E[Y(t) | x, t_x, T] / P(alive)``, which does not depend on ``t_x``."""
        return self._brackets((t,), x, age, None)[0]

    def _series_terms(self, x: int) -> SeriesTerms:
        """The bracket's series for frequency ``x``, to evaluate at many ``(T, t)``."""
        c = self.a + self.b + x + self.DROPOUT_AT_ZERO - 1
        return SeriesTerms(c - self.r - x, self.a, c)

    def _brackets(
        self, times: Sequence[float], x: int, age: float, series: SeriesTerms | None
    ) -> list[float]:
        """:meth:`_bracket` at each ``t`` of ``times``.

        The series by ``series`` if given (:meth:`_series_terms` of this ``x``, shared by many
        horizons and ``T``), else by ``_series``.
        """
        scale, u, a = self.alpha + age, self.a - 1.0, self.a
        c = a + self.b + x + self.DROPOUT_AT_ZERO - 1
        c_minus_a = c - self.r - x
        out = []
        for t in times:
            if t == 0.0:
                out.append(0.0)
                continue
            if math.log1p(scale / t) * MAX_SERIES_TERMS < _DECADES:  # needs > MAX terms
                msg = (
                    f"'t' is too long a horizon for the series (over {MAX_SERIES_TERMS:,} terms "
                    f"at alpha + T = {scale!r}); use t below about 57,000 (alpha + T) (got {t!r})"
                )
                raise InvalidArgument(msg, field="t", value=t)
            ell = -math.log1p(t / scale)  # ln(1 − z)
            first = -math.expm1(u * ell) / u if u else -ell
            z = t / (scale + t)
            total = _series(c_minus_a, a, c, z) if series is None else series.total(z)
            second = math.exp(u * ell) * total
            out.append(max(0.0, c * first - second))
        return out

    def p_alive(self, *, frequency: int, recency: float, T: float) -> float:  # noqa: N803
        """Return ``P(alive | x, t_x, T)``: the chance the customer has not dropped out by ``T``.

        Module notes (note 021; Batislam et al. 2007 for the MBG/NBD). In [0, 1] for any
        history; exactly 1 for a BG/NBD customer with ``x = 0`` (no purchase, no chance to
        drop out). ``recency`` and ``T`` are in the model's unit.

        >>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.p_alive(frequency=2, recency=30.43, T=38.86), 4)
        0.7266
        """
        return self._p_alive(*_history(frequency, recency, T))

    def conditional_expected_purchases(
        self,
        t: float,
        *,
        frequency: int,
        recency: float,
        T: float,  # noqa: N803 - the papers' symbol
    ) -> float:
        """Return ``E[Y(t) | x, t_x, T]``: expected purchases in the next ``t`` units (eq. 10).

        ``t >= 0``, ``recency`` and ``T`` are in the model's time unit.

        >>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.conditional_expected_purchases(39, frequency=0, recency=0, T=38.86), 4)
        0.1951
        """
        return self._expected(real_number("t", t), *_history(frequency, recency, T))

    def expected_purchases(self, t: float) -> float:
        """Return ``E[X(t)]``: a new customer's expected repeat purchases within ``t`` (eq. 7).

        ``t >= 0`` in the model's time unit; the same as a customer with ``x = 0``, ``T = 0``.
        At FHL's unrounded estimates (Hardie's spreadsheet: 0.0532, 1.0437, 1.8576):

        >>> model = BgNbdModel(r=0.2425945, alpha=4.4136019, a=0.7929199, b=2.4258881)
        >>> [round(model.expected_purchases(t), 3) for t in (1, 32, 78)]
        [0.053, 1.044, 1.858]
        """
        return self._expected(real_number("t", t), 0, 0.0, 0.0)

    def probability_of_purchases(self, n: int, t: float) -> float:
        """Return ``P(X(t) = n)``: the chance a new customer makes ``n`` repeat purchases (eq. 8).

        ``B(a, b+n+m)/B(a, b) · P(N = n) + [n + m > 0] · B(a+1, b+n+m−1)/B(a, b) · P(N >= n)``,
        ``N`` the purchases in ``t`` of a customer who never drops out (NBD; module notes).

        >>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(model.probability_of_purchases(0, 39), 7)
        0.5737864
        """
        count, horizon = whole_number("n", n), real_number("t", t)
        if horizon == 0.0:
            return 1.0 if count == 0 else 0.0
        r, a, b, m = self.r, self.a, self.b, self.DROPOUT_AT_ZERO
        log_q = math.log(horizon) - math.log(self.alpha + horizon)  # ln(t/(α + t))
        log_p = -math.log1p(horizon / self.alpha)  # ln(α/(α + t))
        log_nbd = math.lgamma(r + count) - math.lgamma(r) - math.lgamma(count + 1.0)
        log_nbd += r * log_p + count * log_q
        result = math.exp(_log_beta(a, b + count + m) - _log_beta(a, b) + log_nbd)
        if count + m:
            tail = _nbd_tail(count, r, log_q, log_p) if count else 1.0
            result += math.exp(_log_beta(a + 1.0, b + count + m - 1) - _log_beta(a, b)) * tail
        return min(1.0, result)

    def conditional_expected_purchases_for(
        self, summaries: Iterable[CustomerSummary], *, t: float
    ) -> tuple[float, ...]:
        """Return ``E[Y(t) | x, t_x, T]`` for many customers at once, in their order.

        The series runs once per distinct ``(x, T)``. The summaries must share one time
        unit, the model's if it has one; ``t`` is in that unit.

        >>> from crmkit.value._summary import CustomerSummary as S
        >>> people = [S(customer_id=i, frequency=2, recency=30.43, T=38.86, unit="weeks")
        ...           for i in range(3)]
        >>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, unit="weeks")
        >>> [round(v, 3) for v in model.conditional_expected_purchases_for(people, t=39)]
        [1.226, 1.226, 1.226]
        """
        horizon = real_number("t", t)
        keys, _ = _keys(summaries, self.unit)
        pairs = {(x, age) for x, _, age in keys}
        brackets = {pair: self._bracket(horizon, *pair) for pair in pairs}
        done = {key: brackets[key[0], key[2]] * self._p_alive(*key) for key in set(keys)}
        return tuple(done[key] for key in keys)

    def cumulative_purchases_for(
        self, summaries: Iterable[CustomerSummary], *, horizons: Iterable[float]
    ) -> tuple[tuple[float, ...], ...]:
        """``E[Y(t) | x, t_x, T]`` for many customers at several horizons ``t``.

        One row per customer, one column per horizon. ``P(alive)`` is computed once per
        distinct history and the series once per distinct ``(x, T)`` and horizon: what a
        discounted CLV over many periods needs.

        >>> from crmkit.value._summary import CustomerSummary as S
        >>> people = [S(customer_id=0, frequency=2, recency=30.43, T=38.86, unit="weeks")]
        >>> model = BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, unit="weeks")
        >>> [round(v, 3) for v in model.cumulative_purchases_for(people, horizons=(0, 39))[0]]
        [0.0, 1.226]
        """
        times = [real_number("horizons", t) for t in horizons]
        keys, _ = _keys(summaries, self.unit)
        pairs = {(x, age) for x, _, age in keys}
        series = {x: self._series_terms(x) for x, _ in pairs}  # its terms, once per x
        brackets = {(x, age): self._brackets(times, x, age, series[x]) for x, age in pairs}
        alive = {key: self._p_alive(*key) for key in set(keys)}
        return tuple(
            tuple(value * alive[key] for value in brackets[key[0], key[2]]) for key in keys
        )

    def p_alive_for(self, summaries: Iterable[CustomerSummary]) -> tuple[float, ...]:
        """Return ``P(alive)`` for many customers at once, in their order (see ``p_alive``).

        >>> from crmkit.value._summary import CustomerSummary as S
        >>> people = [S(customer_id=1, frequency=0, recency=0, T=3, unit="weeks")]
        >>> BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426).p_alive_for(people)
        (1.0,)
        """
        keys, _ = _keys(summaries, self.unit)
        done = {key: self._p_alive(*key) for key in set(keys)}
        return tuple(done[key] for key in keys)


@attrs.frozen(kw_only=True, repr=False)
class BgNbdModel(BetaGeoNbd):
    """The BG/NBD with known parameters (FHL 2005), e.g. a published fit.

    >>> BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, unit="weeks")
    BgNbdModel(r=0.243, alpha=4.414, a=0.793, b=2.426, unit='weeks')
    """


class FitReport:
    """Display and standard errors of a fitted model (a mixin: fields live on the subclass).

    Attributes the subclass defines: ``log_likelihood`` (``Σ ln L`` in nats, in the data's
    time unit), ``covariance`` (inverse observed information of ``(r, α, a, b)``, ``nan``
    when the Hessian is not positive definite: a flat or boundary optimum), ``iterations``,
    ``converged``, ``gradient_norm``, ``reason`` (``crmkit.value._optimize.Minimum``) and
    ``customers`` (how many summaries were fitted).
    """

    __slots__ = ()
    params: Mapping[str, float]
    unit: TimeUnit | None
    log_likelihood: float
    covariance: Covariance
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    customers: int

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """``{"r": se(r̂), "alpha": se(α̂), "a": se(â), "b": se(b̂)}`` from ``covariance``."""
        return standard_errors(tuple(self.params), self.covariance)

    def __repr__(self) -> str:
        """Parameters, log-likelihood, size, unit and convergence, to six significant digits."""
        text = ", ".join(f"{key}={value:.6g}" for key, value in self.params.items())
        return (
            f"{type(self).__name__}({text}, log_likelihood={self.log_likelihood:.6g}, "
            f"customers={self.customers}, unit={self.unit!r}, converged={self.converged})"
        )

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        return fit_html(
            self,
            title=type(self).__name__,
            subject=f"{self.customers:,} customers, time unit {self.unit}",
        )


@attrs.frozen(kw_only=True, repr=False)
class FittedBgNbd(FitReport, BgNbdModel):
    """A BG/NBD fitted by :func:`fit_bg_nbd`; ``unit`` is the data's (see ``FitReport``)."""

    log_likelihood: float
    covariance: Covariance
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    customers: int


class FitFields(FitDiagnostics):
    """The constructor arguments of a fitted model (see ``FitReport``)."""

    r: float
    alpha: float
    a: float
    b: float
    unit: TimeUnit | None
    covariance: Covariance
    customers: int


def fit_family(summaries: Iterable[CustomerSummary], m: int) -> FitFields:
    """The keyword arguments of a fitted model of the family with drop-out switch ``m``.

    Deterministic start: ``r = 1``, ``a = b = 1`` and ``α`` giving the observed mean purchase
    rate, ``r/α = Σx / ΣT``; then :func:`~crmkit.value._optimize.minimise`.
    """
    keys, unit = _keys(summaries, None)
    if not any(x for x, _, _ in keys):
        msg = (
            "'summaries' must include a repeat purchase: with none the likelihood rises "
            f"without bound as r → 0 (got {len(keys)} customers, all with frequency 0)"
        )
        raise InvalidArgument(msg, field="summaries", value=len(keys))
    rows = _Rows(Counter(keys), m)

    def objective(theta: tuple[float, ...]) -> float:
        try:
            return -_log_likelihood(rows, *theta)
        except (OverflowError, ValueError):  # lgamma of a huge argument: off the map
            return math.inf

    def gradient(theta: tuple[float, ...]) -> tuple[float, ...]:
        try:
            return tuple(-v for v in _gradient(rows, *theta))
        except (OverflowError, ValueError):
            return (math.nan,) * 4

    exposure = math.fsum(age for _, _, age in keys)
    start = (1.0, exposure / sum(x for x, _, _ in keys), 1.0, 1.0)
    result = minimise(objective, start, gradient=gradient)
    r, alpha, a, b = result.parameters
    return FitFields(
        r=r,
        alpha=alpha,
        a=a,
        b=b,
        unit=unit,
        covariance=covariance_at(objective, result.parameters, gradient=gradient),
        customers=rows.customers,
        **fit_diagnostics(result),
    )


def fit_bg_nbd(summaries: Iterable[CustomerSummary]) -> FittedBgNbd:
    """Fit the BG/NBD to customer summaries by maximum likelihood (FHL 2005; module notes).

    Deterministic: a fixed start (see ``fit_family``), BFGS on ``ln θ`` with the exact
    gradient, no restarts. Customers with ``T = 0`` have likelihood 1 and do not move the fit.

    Args:
        summaries: One :class:`~crmkit.value._summary.CustomerSummary` per customer, all in
            one time unit (kept as the fit's ``unit``); at least one repeat purchase.

    Returns:
        The fitted model with log-likelihood, covariance and the minimiser's diagnostics.

    Raises:
        InvalidArgument: ``summaries`` holds something else, mixes time units or has no
            repeat purchase (``field="summaries"``).

    >>> from crmkit.value._summary import CustomerSummary as S
    >>> data = [S(customer_id=i, frequency=x, recency=t_x, T=10.0, unit="weeks")
    ...         for i, (x, t_x) in enumerate([(0, 0), (1, 2), (3, 9), (0, 0), (2, 4), (1, 8)])]
    >>> fit = fit_bg_nbd(data)
    >>> fit.unit, fit.customers, round(fit.log_likelihood, 3)
    ('weeks', 6, -22.039)
    """
    return FittedBgNbd(**fit_family(summaries, 0))


def log_likelihood_of(summaries: Iterable[CustomerSummary], model: BetaGeoNbd) -> float:
    """``Σ ln L`` of the summaries (any one time unit) under ``model`` and its ``m``."""
    keys, _ = _keys(summaries, None)
    rows = _Rows(Counter(keys), model.DROPOUT_AT_ZERO)
    return _log_likelihood(rows, model.r, model.alpha, model.a, model.b)


def bg_nbd_log_likelihood(
    summaries: Iterable[CustomerSummary], *, r: float, alpha: float, a: float, b: float
) -> float:
    """Return the BG/NBD log-likelihood ``Σ ln L`` of the summaries at given parameters, nats.

    >>> from crmkit.value._summary import CustomerSummary as S
    >>> one = [S(customer_id=1, frequency=0, recency=0, T=2.0, unit="weeks")]
    >>> round(bg_nbd_log_likelihood(one, r=1.0, alpha=2.0, a=1.0, b=1.0), 6)  # ln(2/4)
    -0.693147
    """
    return log_likelihood_of(summaries, BgNbdModel(r=r, alpha=alpha, a=a, b=b))
