"""The Gamma-Gamma model of spend per transaction, fitted to repeat buyers.

Sources: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base
analysis", *Journal of Marketing Research* 42(4):415–430 (FHL 2005, the section on spend per
transaction); Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", note 025 at
brucehardie.com (FH 2013: the density of ``m̄``, the likelihood and the CDNOW estimates).

Symbols, as in the papers (money in the unit of the data):

* ``x``: a customer's number of repeat transactions (``frequency``), ``z_1 … z_x`` their
  values and ``m̄ = (z_1 + … + z_x) / x`` their mean (``monetary_value``) [money].
* ``z_i | ν ~ Gamma(p, ν)`` (shape ``p``, rate ``ν``): a customer's transaction values vary
  around their own mean ``ζ = p / ν`` [money].
* ``ν ~ Gamma(q, γ)`` across customers (shape ``q``, rate ``γ`` [money]): mean spend differs
  from customer to customer. All three parameters are positive.
* ``x m̄ | ν ~ Gamma(p x, ν)``, so the density of ``m̄`` (FH 2013), with the Jacobian ``x``:
  ``f(m̄ | p, q, γ; x) = Γ(p x + q) / (Γ(p x) Γ(q)) · γ^q · m̄^(p x − 1) · x^(p x)
  / (γ + m̄ x)^(p x + q)``; ``LL(p, q, γ) = Σ ln f`` over the customers with ``x >= 1``.
* ``E(M) = p γ / (q − 1)``: the mean spend per transaction of a new customer, finite only
  for ``q > 1`` (FHL 2005).
* ``E(M | x, m̄) = p (γ + x m̄) / (p x + q − 1)`` (FHL 2005; FH 2013)
  ``= (q − 1)/(p x + q − 1) · E(M) + p x/(p x + q − 1) · m̄``: a weighted average of the
  population mean and the customer's own mean, the weight on ``m̄`` growing with ``x``. It is
  the mean ``p / ν`` under the posterior ``ν | x, m̄ ~ Gamma(p x + q, γ + x m̄)``, finite only
  for ``p x + q > 1``.

Assumptions (FHL 2005): a customer's spend per transaction varies around their own mean;
that mean varies across customers but not over time; and it is independent of the
transaction process. :func:`check_spend_independence` looks at the last one.

Guards: ``lifetimes`` returns negative spend (and CLV) when a fit gives ``q < 1`` (its
issues #146, #370). Here a mean that is infinite (``q <= 1``; ``p x + q <= 1`` for a
customer) is refused with an error. A zero or negative mean spend (refunds, negative
margins) has no density under the model and is refused rather than skipped.

Estimation: maximum likelihood by ``crmkit.value._optimize.minimise`` on ``ln p, ln q, ln γ``
with the exact gradient (digamma), customers grouped by identical ``(x, m̄)``; the start
matches the mean and variance of ``m̄`` at ``q = 3``; standard errors from the Hessian of
``−LL``. This module imports the standard library, attrs, ``crmkit._errors`` and its siblings
``crmkit.value._checks``, ``crmkit.value._fitted``, ``crmkit.value._optimize``,
``crmkit.value._special`` and ``crmkit.value._summary``.

>>> model = GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477)  # CDNOW (FH 2013)
>>> round(model.population_mean_spend, 2), round(
...     model.expected_spend(frequency=2, monetary_value=22.35), 2)
(35.17, 24.66)
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._checks import real_number
from crmkit.value._fitted import fit_html, standard_errors
from crmkit.value._optimize import (
    covariance_at,
    fit_diagnostics,
    minimise,
)
from crmkit.value._special import digamma
from crmkit.value._summary import CustomerSummary

__all__ = [
    "INDEPENDENCE_CORRELATION_LIMIT",
    "FittedGammaGamma",
    "GammaGammaModel",
    "SpendIndependence",
    "check_spend_independence",
    "fit_gamma_gamma",
    "gamma_gamma_log_likelihood",
]

START_Q: Final[float] = 3.0
"""``q`` of the start: the smallest whole ``q`` at which ``m̄`` has a finite variance."""
MIN_REPEATERS: Final[int] = 2
"""Fewest repeat buyers a fit needs: one mean spend cannot show heterogeneity."""
INDEPENDENCE_CORRELATION_LIMIT: Final[float] = 0.3
"""``|r|`` from which the frequency–spend correlation casts doubt on independence: Cohen's
(1988, *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed., §3.2) "medium"
effect; 0.1 is his "small" one."""

_NAMES: Final = ("p", "q", "gamma")


def _validate_parameter(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    real_number(attribute.name, value, positive=True)


def _repeaters(summaries: object) -> tuple[list[tuple[int, float]], int]:
    """``(x, m̄)`` of the customers with ``x >= 1`` and a monetary value; the others' count."""
    if isinstance(summaries, str | bytes) or not isinstance(summaries, Iterable):
        msg = f"'summaries' must be an iterable of CustomerSummary (got {summaries!r})"
        raise InvalidArgument(msg, field="summaries", value=summaries)
    pairs: list[tuple[int, float]] = []
    skipped = 0
    for index, summary in enumerate(summaries):
        if not isinstance(summary, CustomerSummary):
            msg = f"'summaries[{index}]' must be a CustomerSummary (got {summary!r})"
            raise InvalidArgument(msg, field=f"summaries[{index}]", value=summary)
        spend = summary.monetary_value
        if summary.frequency == 0 or spend is None:
            skipped += 1
            continue
        if not 0.0 < spend < math.inf:
            msg = (
                f"'summaries[{index}].monetary_value' must be finite and > 0: the Gamma-Gamma"
                f" model has no density at zero or negative spend (got {spend!r})"
            )
            raise InvalidArgument(msg, field=f"summaries[{index}].monetary_value", value=spend)
        pairs.append((summary.frequency, float(spend)))
    return pairs, skipped


class _Data:
    """Repeat buyers grouped for the likelihood: by ``(x, m̄)`` and, for Γ terms, by ``x``."""

    def __init__(self, pairs: Sequence[tuple[int, float]]) -> None:
        rows = Counter(pairs)
        self.customers = len(pairs)
        self.rows = [(float(x), m, float(w)) for (x, m), w in rows.items()]
        self.xm = [x * m for x, m in rows]  # x m̄
        self.weight = [float(w) for w in rows.values()]
        self.wx = [float(w * x) for (x, _), w in rows.items()]
        by_frequency = Counter(x for x, _ in pairs)
        self.frequencies = [(float(x), float(w)) for x, w in sorted(by_frequency.items())]
        # p-free parts: Σ w x (ln m̄ + ln x) and Σ w ln m̄
        self.x_log_xm = math.fsum(w * x * math.log(x * m) for (x, m), w in rows.items())
        self.log_m = math.fsum(w * math.log(m) for (_, m), w in rows.items())
        self._cache: tuple[tuple[float, ...], float, tuple[float, float, float]] | None = None

    def evaluate(self, theta: tuple[float, ...]) -> tuple[float, tuple[float, float, float]]:
        """``(LL, ∇LL)`` at ``θ = (p, q, γ)``, remembered for the last ``θ``."""
        if self._cache is not None and self._cache[0] == theta:
            return self._cache[1], self._cache[2]
        p, q, gamma = theta
        n = float(self.customers)
        log_gamma_sum = d_p = d_q = 0.0
        for x, w in self.frequencies:  # the Γ terms depend on x only
            px = p * x
            log_gamma_sum += w * (math.lgamma(px + q) - math.lgamma(px))
            psi = digamma(px + q)
            d_p += w * x * (psi - digamma(px))
            d_q += w * psi
        shifted = [gamma + xm for xm in self.xm]  # γ + x m̄
        logs = list(map(math.log, shifted))
        sum_w_log = math.fsum(map(operator.mul, self.weight, logs))
        sum_wx_log = math.fsum(map(operator.mul, self.wx, logs))
        sum_w_inv = math.fsum(map(operator.truediv, self.weight, shifted))
        sum_wx_inv = math.fsum(map(operator.truediv, self.wx, shifted))
        log_rate = math.log(gamma)
        value = log_gamma_sum - n * math.lgamma(q) + n * q * log_rate - self.log_m
        value += p * (self.x_log_xm - sum_wx_log) - q * sum_w_log
        gradient = (
            d_p + self.x_log_xm - sum_wx_log,
            d_q - n * digamma(q) + n * log_rate - sum_w_log,
            n * q / gamma - p * sum_wx_inv - q * sum_w_inv,
        )
        self._cache = (theta, value, gradient)
        return value, gradient

    def start(self) -> tuple[float, float, float]:
        """``(p, q, γ)`` matching the mean and variance of ``m̄`` at ``q =`` :data:`START_Q`.

        With ``ζ = p/ν``: ``E(m̄) = p γ/(q − 1)`` and ``E(m̄² | x) = E(ζ²)(1 + 1/(p x))``,
        ``E(ζ²) = p² γ²/((q − 1)(q − 2))``; at ``q = 3`` the ratio ``E(m̄²)/E(m̄)² = 2 (1 +
        1/(p x̃))`` gives ``p`` (``x̃`` the harmonic mean of ``x``), and ``γ = 2 E(m̄)/p``.
        Where that ``p`` is below 1 or does not exist (ratio <= 2), ``p = 1`` (exponential
        transaction values): a heavy tail is then left to ``q`` to explain.
        """
        total = math.fsum(w for _, _, w in self.rows)
        mean = math.fsum(w * m for _, m, w in self.rows) / total
        square = math.fsum(w * m * m for _, m, w in self.rows) / total
        ratio = square / (mean * mean)
        harmonic = total / math.fsum(w / x for x, _, w in self.rows)
        excess = ratio / (START_Q - 1.0) - 1.0
        p = max(1.0, 1.0 / (harmonic * excess)) if excess > 0.0 else 1.0
        return p, START_Q, (START_Q - 1.0) * mean / p


@attrs.frozen(kw_only=True)
class SpendIndependence:
    """The frequency–spend check of :func:`check_spend_independence`.

    Attributes:
        correlation: Pearson's ``r`` between ``x`` and ``m̄`` over the repeat buyers, ``nan``
            when either does not vary.
        repeaters: Customers with ``x >= 1`` and a monetary value.
        limit: :data:`INDEPENDENCE_CORRELATION_LIMIT`.
    """

    correlation: float
    repeaters: int
    limit: float = INDEPENDENCE_CORRELATION_LIMIT

    @property
    def plausible(self) -> bool:
        """Whether ``|r| < limit``: the data do not contradict independence (``nan``: no)."""
        return abs(self.correlation) < self.limit


def check_spend_independence(summaries: Iterable[CustomerSummary]) -> SpendIndependence:
    """Check the Gamma-Gamma assumption that spend per transaction ignores frequency.

    The model (FHL 2005) takes a customer's mean spend as independent of how often they buy,
    so that CLV can multiply expected transactions by expected spend. FHL 2005 check the
    correlation of ``x`` and ``m̄`` among repeat buyers first: a weak one supports the
    assumption; from :data:`INDEPENDENCE_CORRELATION_LIMIT` on, segment the customers or
    model spend and frequency jointly.

    Args:
        summaries: Customers as :class:`CustomerSummary`; those without repeat purchases or a
            monetary value are left out, as in :func:`fit_gamma_gamma`.

    Returns:
        Pearson's ``r`` and the number of repeat buyers it is based on.

    Raises:
        InvalidArgument: as :func:`fit_gamma_gamma` for malformed or non-positive spend.

    >>> from crmkit.value._summary import CustomerSummary
    >>> rows = [(1, 20.0), (2, 31.0), (3, 25.0), (4, 24.0)]
    >>> check = check_spend_independence(
    ...     CustomerSummary(customer_id=i, frequency=x, recency=x, T=10.0, unit="weeks",
    ...                     monetary_value=m) for i, (x, m) in enumerate(rows))
    >>> round(check.correlation, 3), check.plausible
    (0.17, True)
    """
    pairs, _ = _repeaters(summaries)
    rows = [(float(x), m, 1.0) for x, m in pairs]
    correlation = _correlation(rows) if rows else math.nan
    return SpendIndependence(correlation=correlation, repeaters=len(pairs))


@attrs.frozen(kw_only=True, repr=False)
class GammaGammaModel:
    """The Gamma-Gamma spend model with known parameters.

    Args:
        p: ``p > 0``, the shape of a customer's transaction values around their mean.
        q: ``q > 0``, the shape of the distribution of ``ν`` across customers; the mean spend
            is finite only for ``q > 1``.
        gamma: ``γ > 0`` [money], the scale of mean spend across customers.

    >>> GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    """

    p: float = attrs.field(validator=_validate_parameter)
    q: float = attrs.field(validator=_validate_parameter)
    gamma: float = attrs.field(validator=_validate_parameter)

    @property
    def params(self) -> Mapping[str, float]:
        """The parameters by the papers' names, read-only: ``{"p", "q", "gamma"}``."""
        return MappingProxyType({"p": self.p, "q": self.q, "gamma": self.gamma})

    def __repr__(self) -> str:
        """The parameters to six significant digits."""
        return f"{type(self).__name__}(p={self.p:.6g}, q={self.q:.6g}, gamma={self.gamma:.6g})"

    @property
    def population_mean_spend(self) -> float:
        """``E(M) = p γ / (q − 1)``: a new customer's expected spend per transaction [money].

        Raises ``InvalidArgument`` (field ``q``) when ``q <= 1``: the mean is then infinite,
        not the negative number the formula would give.

        >>> round(GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477).population_mean_spend, 2)
        35.17
        """
        if not self.q > 1.0:
            msg = (
                "'q' must be > 1 for the population mean spend to be finite; with q <= 1 the"
                f" spend has no mean and p*gamma/(q-1) is meaningless (got {self.q!r})"
            )
            raise InvalidArgument(msg, field="q", value=self.q)
        return self.p * self.gamma / (self.q - 1.0)

    def expected_spend(self, *, frequency: int, monetary_value: float | None) -> float:
        """Return ``E(M | x, m̄) = p (γ + x m̄) / (p x + q − 1)`` [money] (FHL 2005).

        A customer's expected spend per future transaction, given ``x = frequency`` repeat
        transactions with mean value ``m̄ = monetary_value``. With ``x = 0`` it is
        :attr:`population_mean_spend` and ``monetary_value`` must be ``None`` or 0 (the
        convention of summary tables).

        Raises:
            InvalidArgument: ``frequency`` is not an integer >= 0; ``monetary_value`` is not
                finite and > 0 for ``x >= 1``, or is given for ``x = 0``; or the expectation is
                infinite (``p x + q <= 1``, field ``q``).

        >>> model = GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477)
        >>> round(model.expected_spend(frequency=7, monetary_value=73.74), 2)
        71.46
        """
        x: object = frequency  # checked at run time: callers may not run a type checker
        if isinstance(x, bool) or not isinstance(x, int) or x < 0:
            msg = f"'frequency' must be an integer >= 0 (got {frequency!r})"
            raise InvalidArgument(msg, field="frequency", value=frequency)
        if x == 0:
            given: object = monetary_value
            if isinstance(given, bool) or given not in (None, 0, 0.0):
                msg = (
                    "'monetary_value' must be None (or 0) without repeat transactions"
                    f" (got {monetary_value!r})"
                )
                raise InvalidArgument(msg, field="monetary_value", value=monetary_value)
            return self.population_mean_spend
        spend = real_number("monetary_value", monetary_value, positive=True)
        shape = self.p * x + self.q
        if not shape > 1.0:
            msg = (
                f"'q' must exceed 1 - p*x = {1.0 - self.p * x!r} for the expected spend of a"
                f" customer with {x} repeat transactions to be finite (got {self.q!r})"
            )
            raise InvalidArgument(msg, field="q", value=self.q)
        return self.p * (self.gamma + x * spend) / (shape - 1.0)


@attrs.frozen(kw_only=True, repr=False)
class FittedGammaGamma(GammaGammaModel):
    """A Gamma-Gamma model fitted by :func:`fit_gamma_gamma`, with its diagnostics.

    Attributes:
        log_likelihood: ``LL(p̂, q̂, γ̂)`` in nats: the density of ``m̄`` summed over the
            repeat buyers (module notes).
        covariance: The 3×3 inverse observed information in the order ``(p, q, γ)``; ``nan``
            when the Hessian is not positive definite.
        iterations, converged, gradient_norm, reason: The minimiser's diagnostics.
        customers: Repeat buyers used (``x >= 1`` with a monetary value).
        skipped: Customers left out: no repeat transaction or no monetary value.
        frequency_spend_correlation: Pearson's ``r`` of ``x`` and ``m̄`` over the repeat
            buyers (see :func:`check_spend_independence`).
    """

    log_likelihood: float
    covariance: tuple[tuple[float, ...], ...]
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    customers: int
    skipped: int
    frequency_spend_correlation: float

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """``{"p", "q", "gamma"}`` -> square roots of the covariance's diagonal."""
        return standard_errors(_NAMES, self.covariance)

    def __repr__(self) -> str:
        """Parameters, log-likelihood and convergence, to six significant digits."""
        return (
            f"FittedGammaGamma(p={self.p:.6g}, q={self.q:.6g}, gamma={self.gamma:.6g}, "
            f"log_likelihood={self.log_likelihood:.6g}, customers={self.customers}, "
            f"skipped={self.skipped}, converged={self.converged})"
        )

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: estimates with standard errors, then the diagnostics."""
        return fit_html(
            self,
            title="FittedGammaGamma",
            subject=f"{self.customers:,} repeat buyers ({self.skipped:,} skipped)",
            note=f"corr(x, m̄) {self.frequency_spend_correlation:.3f}",
        )


def _checked_data(summaries: object) -> tuple[_Data, int]:
    pairs, skipped = _repeaters(summaries)
    if len(pairs) < MIN_REPEATERS or len(set(pairs)) < MIN_REPEATERS:
        msg = (
            f"'summaries' must hold at least {MIN_REPEATERS} repeat buyers with different"
            f" (frequency, monetary_value) (got {len(pairs)} repeat buyers, {skipped} skipped)"
        )
        raise InvalidArgument(msg, field="summaries", value=len(pairs))
    return _Data(pairs), skipped


def gamma_gamma_log_likelihood(
    summaries: Iterable[CustomerSummary], *, p: float, q: float, gamma: float
) -> float:
    """Return ``LL(p, q, γ)``, the log-density of the repeat buyers' ``m̄`` (module notes).

    Customers without repeat purchases or a monetary value are skipped, as in
    :func:`fit_gamma_gamma`. Raises ``InvalidArgument`` as that function does, or if a
    parameter is not positive. One customer with ``x = 1, m̄ = 1`` at ``p = q = γ = 1`` has
    ``f = Γ(2)/(Γ(1)Γ(1)) · 1/2² = 1/4``:

    >>> from crmkit.value._summary import CustomerSummary
    >>> rows = [CustomerSummary(customer_id=m, frequency=1, recency=1.0, T=2.0, unit="weeks",
    ...                         monetary_value=m) for m in (1.0, 3.0)]
    >>> round(gamma_gamma_log_likelihood(rows, p=1, q=1, gamma=1), 6)  # ln(1/4 · 1/16)
    -4.158883
    """
    data, _ = _checked_data(summaries)
    theta = (
        real_number("p", p, positive=True),
        real_number("q", q, positive=True),
        real_number("gamma", gamma, positive=True),
    )
    return data.evaluate(theta)[0]


def fit_gamma_gamma(summaries: Iterable[CustomerSummary]) -> FittedGammaGamma:
    """Fit the Gamma-Gamma spend model to the repeat buyers by maximum likelihood.

    Only customers with ``frequency >= 1`` and a ``monetary_value`` (the mean of their
    *repeat* transactions, as :func:`crmkit.value._summary.summarize` computes it) carry
    information on spend; the others are skipped and counted in ``skipped``. The fit is
    deterministic (a moment start, BFGS with the exact gradient; module notes). A fit with
    ``q̂ <= 1`` is returned as found, but its mean spend is infinite and
    :attr:`GammaGammaModel.population_mean_spend` refuses it.

    Args:
        summaries: Customers as :class:`CustomerSummary`, in any unit of time.

    Returns:
        The fitted model with its log-likelihood, covariance and diagnostics.

    Raises:
        InvalidArgument: ``summaries`` is not an iterable of :class:`CustomerSummary`, a
            repeat buyer's monetary value is not finite and > 0, or fewer than
            :data:`MIN_REPEATERS` distinct repeat buyers remain.

    >>> from crmkit.value._summary import CustomerSummary
    >>> rows = [(1, 12.0), (3, 95.0), (2, 18.0), (1, 240.0), (6, 22.0), (2, 41.0), (1, 7.5),
    ...         (4, 60.0), (0, None)]
    >>> fit = fit_gamma_gamma(
    ...     CustomerSummary(customer_id=i, frequency=x, recency=float(x), T=8.0,
    ...                     unit="weeks", monetary_value=m) for i, (x, m) in enumerate(rows))
    >>> fit.customers, fit.skipped, fit.converged, round(fit.q, 2)
    (8, 1, True, 2.87)
    """
    data, skipped = _checked_data(summaries)

    def objective(theta: tuple[float, ...]) -> float:
        return -data.evaluate(theta)[0]

    def gradient(theta: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(-g for g in data.evaluate(theta)[1])

    result = minimise(objective, data.start(), gradient=gradient)
    p, q, gamma = result.parameters
    return FittedGammaGamma(
        p=p,
        q=q,
        gamma=gamma,
        covariance=covariance_at(objective, result.parameters, gradient=gradient),
        customers=data.customers,
        skipped=skipped,
        frequency_spend_correlation=_correlation(data.rows),
        **fit_diagnostics(result),
    )


def _correlation(rows: Sequence[tuple[float, float, float]]) -> float:
    """Pearson's ``r`` of ``x`` and ``m̄`` from ``(x, m̄, w)`` rows, each counted ``w`` times."""
    total = math.fsum(w for _, _, w in rows)
    mean_x = math.fsum(w * x for x, _, w in rows) / total
    mean_m = math.fsum(w * m for _, m, w in rows) / total
    sxy = math.fsum(w * (x - mean_x) * (m - mean_m) for x, m, w in rows)
    sxx = math.fsum(w * (x - mean_x) ** 2 for x, _, w in rows)
    syy = math.fsum(w * (m - mean_m) ** 2 for _, m, w in rows)
    if not (sxx > 0.0 and syy > 0.0):
        return math.nan
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
