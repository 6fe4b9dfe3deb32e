"""The Pareto/NBD log-likelihood, P(alive) and their gradients, evaluated stably.

The numerical core of ``crmkit.value._paretonbd`` (read its notes for the model). Sources:
Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions",
note 009 at brucehardie.com (FH 009; eqs. 19–22 the likelihood with ``A₀``, eq. 24
P(alive)); Abramowitz & Stegun (1964) for ``₂F₁`` (A&S 15.1.1, 15.3.3).

With ``p = r + x``, ``a = r + s + x`` and ``E(t) = (α+t)^-p (β+t)^-s`` (alive until ``t``), a
customer's likelihood is ``L = C E(T) (1 + s/a · D)``, ``C = Γ(r+x) αʳ βˢ / Γ(r)``, and
``P(alive) = 1/(1 + s/a · D)``, where (FH 009's ``A₀ = E(T) D``)

    ``D = a ∫_{t_x}^{T} e^φ(τ) / (β+τ) dτ``,  ``φ(τ) = ln E(τ) − ln E(T) ≥ 0``.

``D ≥ 0``, and ``D = 0`` exactly when ``t_x = T``. Two evaluations:

* **Series** (FH 009 with Euler's transformation ``₂F₁(a, b; c; z) = (1−z)^(c−a−b)
  ₂F₁(c−a, c−b; c; z)``, A&S 15.3.3): ``D = e^Δ G(t_x) − G(T)`` with ``Δ = φ(t_x)`` and, for
  ``α ≥ β``, ``G(t) = ₂F₁(1, p; a+1; z)``, ``z = (α−β)/(α+t)``; for ``α < β``,
  ``G(t) = (1−w) ₂F₁(1, s+1; a+1; w)``, ``w = (β−α)/(β+t)``. With ``b < c`` the terms of
  ``₂F₁(1, b; c; z) = Σ τ_k zᵏ`` satisfy ``τ_k ≤ 1``: ``G`` is of order one (nothing
  overflows, whatever ``x``), and ``K`` terms with ``z^K/(1−z) ≤`` :data:`SERIES_TOLERANCE`
  suffice. ``G`` depends on ``(x, t)`` only, so it is computed once per distinct pair.
* **Quadrature**, when ``z(t_x) >`` :data:`Z_SWITCH` (``α`` and ``β`` far apart: the series
  would need hundreds of terms): Gauss–Legendre on the integral itself, in steps over which
  the integrand falls by at most ``e^DROP`` and that stay a step away from its poles
  (``τ = −α, −β``), so 15 points are exact to rounding.

Both give ``ln D`` and ``∂ ln D/∂(r, α, s, β)`` (the series differentiated term by term, the
integrand under the integral). Large ``Δ`` (``x`` in the thousands) is kept in logs.

This module imports the standard library and ``crmkit.value._special`` only.

>>> terms = Terms((0.5533, 10.5778, 0.6062, 11.6669), gradient=False)
>>> round(math.exp(-row(terms, 2, 30.43, 38.86, gradient=False)[1]), 4)  # P(alive), 0001
0.8691
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from typing import Final

from crmkit.value._special import digamma

__all__ = [
    "DROP",
    "LARGE_DELTA",
    "SERIES_TOLERANCE",
    "Z_SWITCH",
    "Rows",
    "Terms",
    "discounted_time",
    "gauss_legendre",
    "log_likelihood",
    "residual_time",
    "row",
]

SERIES_TOLERANCE: Final[float] = 1e-16
"""The series stops when the bound ``z^K/(1 − z)`` on its tail is below this (``G ≥ 1``)."""
Z_SWITCH: Final[float] = 0.8
"""Above this series argument at ``t_x`` (over ~165 terms) ``D`` is integrated instead."""
LARGE_DELTA: Final[float] = 30.0
"""Above this ``Δ``, ``D e^-Δ = G(t_x) − e^-Δ G(T)`` is formed, not ``D`` (``e^Δ`` overflows)."""
DROP: Final[float] = 4.0
"""Most that the log-integrand may fall over one quadrature step: 15 Gauss–Legendre points
integrate ``e^-4y`` on ``[0, 1]`` to about 1e-22 relative (error ``≈ (c/2)^30/30!``)."""
_DIRECT_DIGAMMA: Final[int] = 64
"""Up to this ``x``, ``ψ(r + x) − ψ(r)`` is the sum ``Σ_{j<x} 1/(r + j)``."""
_NEGLIGIBLE: Final[float] = 1e-17
"""A quadrature stops once a bound on the rest is below this fraction of the sum."""

Rows = tuple[tuple[int, float, float, int], ...]
"""Distinct ``(x, t_x, T)`` with the number of customers sharing them."""


def gauss_legendre(n: int) -> tuple[tuple[float, float], ...]:
    """``(node, weight)`` of the ``n``-point Gauss–Legendre rule on ``[0, 1]``.

    Exact for polynomials of degree ``2n − 1``; nodes by Newton's method on the Legendre
    polynomial ``P_n`` from the A&S 22.16.6 estimates, weights ``2/((1 − y²) P_n'(y)²)``
    (A&S 25.4.29) halved for ``[0, 1]``.

    >>> round(sum(w * x**5 for x, w in gauss_legendre(3)) * 6, 12)  # ∫ x⁵ = 1/6
    1.0
    """
    rule = []
    for i in range(1, n + 1):
        y = math.cos(math.pi * (i - 0.25) / (n + 0.5))
        for _ in range(100):
            p0, p1 = 1.0, y
            for k in range(2, n + 1):
                p0, p1 = p1, ((2 * k - 1) * y * p1 - (k - 1) * p0) / k
            slope = n * (y * p1 - p0) / (y * y - 1.0)
            y, previous = y - p1 / slope, y
            if abs(y - previous) < 1e-15:  # noqa: PLR2004 - converged to rounding
                break
        rule.append(((1.0 - y) / 2.0, 1.0 / ((1.0 - y * y) * slope * slope)))
    return tuple(rule)


_RULE: Final = gauss_legendre(15)


class _Coefficients:
    """``τ_k = (b)_k/(c)_k`` of ``₂F₁(1, b; c; z) = Σ_k τ_k zᵏ``, ``b < c`` (``τ_k ≤ 1``).

    With ``B_k = Σ_{j<k} 1/(b+j)``, ``C_k = Σ_{j<k} 1/(c+j)``: ``∂τ_k/∂b = τ_k B_k`` and
    ``∂τ_k/∂c = −τ_k C_k``; with ``derivatives`` the lists ``τ_k (B_k − C_k)``, ``τ_k C_k``
    and ``(k+1) τ_{k+1}`` (for ``∂/∂z``) are kept too.
    """

    __slots__ = ("shifted", "tau", "tau_bc", "tau_c")

    def __init__(self, b: float, c: float, size: int, *, derivatives: bool) -> None:
        ratios = [(b + k) / (c + k) for k in range(size)]
        self.tau = [1.0, *itertools.accumulate(ratios, operator.mul)]
        self.shifted: list[float] = []
        self.tau_bc: list[float] = []
        self.tau_c: list[float] = []
        if derivatives:
            tau = self.tau
            sum_b = [0.0, *itertools.accumulate(1.0 / (b + k) for k in range(size))]
            sum_c = [0.0, *itertools.accumulate(1.0 / (c + k) for k in range(size))]
            self.tau_bc = [t * (u - v) for t, u, v in zip(tau, sum_b, sum_c, strict=True)]
            self.tau_c = list(map(operator.mul, tau, sum_c))
            self.shifted = [k * tau[k] for k in range(1, size + 1)]


class Terms:
    """What all rows share at one ``θ = (r, α, s, β)``: ``zᵏ`` per ``t``, ``τ_k`` per ``x``.

    And ``G`` per ``(x, t)``, with its gradient when ``gradient``.
    """

    def __init__(self, theta: tuple[float, ...], *, gradient: bool) -> None:
        self.r, self.alpha, self.s, self.beta = theta
        self.gradient = gradient
        self.swap = self.alpha < self.beta  # FH 009's α < β branch
        self.coefficients: dict[int, _Coefficients] = {}
        self.powers: dict[float, list[float]] = {}
        self.cache: dict[tuple[int, float], tuple[float, tuple[float, ...]]] = {}

    def _powers(self, z: float, t: float) -> list[float]:
        powers = self.powers.get(t)
        if powers is None:
            size = 2 if z == 0.0 else math.log(SERIES_TOLERANCE * (1.0 - z)) / math.log(z)
            count = max(2, math.ceil(size))
            powers = [1.0, *itertools.accumulate(itertools.repeat(z, count - 1), operator.mul)]
            self.powers[t] = powers
        return powers

    def g(self, x: int, t: float) -> tuple[float, tuple[float, ...]]:
        """``G(t)`` for frequency ``x`` and, if wanted, ``∂G/∂(r, α, s, β)``."""
        cached = self.cache.get((x, t))
        if cached is not None:
            return cached
        r, alpha, s, beta = self.r, self.alpha, self.s, self.beta
        z = abs(alpha - beta) / ((beta if self.swap else alpha) + t)
        powers = self._powers(z, t)
        co = self.coefficients.get(x)
        if co is None or len(co.tau) <= len(powers):
            size = 2 * len(powers) if co else len(powers)
            b = s + 1.0 if self.swap else r + x
            co = _Coefficients(b, r + s + x + 1.0, size, derivatives=self.gradient)
            self.coefficients[x] = co
        h = sum(map(operator.mul, co.tau, powers))
        grad: tuple[float, ...] = ()
        if self.gradient:
            h_bc = sum(map(operator.mul, co.tau_bc, powers))  # ∂H/∂b + ∂H/∂c
            h_c = sum(map(operator.mul, co.tau_c, powers))  # −∂H/∂c
            h_z = sum(map(operator.mul, co.shifted, powers))  # ∂H/∂z
            if self.swap:  # G = (1 − w) H(w), b = s + 1
                keep = 1.0 - z  # (α + t)/(β + t)
                d_w = keep * h_z - h
                grad = (-keep * h_c, -d_w / (beta + t), keep * h_bc, d_w * keep / (beta + t))
            else:  # G = H(z), b = r + x
                grad = (h_bc, h_z * (beta + t) / (alpha + t) ** 2, -h_c, -h_z / (alpha + t))
        result = self.cache[x, t] = ((1.0 - z) * h if self.swap else h, grad)
        return result


def _series_log_d(  # noqa: PLR0917 - a private helper of row()
    terms: Terms, x: int, t_x: float, big_t: float, delta: float, d_delta: tuple[float, ...]
) -> tuple[float, list[float]]:
    """``(ln D, ∂ ln D)`` from ``D = e^Δ G(t_x) − G(T)``; ``(−inf, [])`` if ``D`` rounds to 0."""
    g_x, dg_x = terms.g(x, t_x)
    g_t, dg_t = terms.g(x, big_t)
    if delta <= LARGE_DELTA:  # D itself
        grow, shrink = math.exp(delta), 1.0
        norm = math.expm1(delta) * g_x + (g_x - g_t)
        log_d = math.log(norm) if norm > 0.0 else -math.inf
    else:  # D e^-Δ
        grow, shrink = 1.0, math.exp(-delta)
        norm = g_x - shrink * g_t
        log_d = delta + math.log(norm) if norm > 0.0 else -math.inf
    if not terms.gradient or log_d == -math.inf:
        return log_d, []
    return log_d, [
        (grow * (d_delta[i] * g_x + dg_x[i]) - shrink * dg_t[i]) / norm for i in range(4)
    ]


def _quadrature_log_d(
    terms: Terms, x: int, t_x: float, big_t: float, delta: float
) -> tuple[float, list[float]]:
    """``(ln D, ∂ ln D)`` by Gauss–Legendre on ``D = a ∫ e^φ(τ)/(β+τ) dτ`` (module notes).

    With ``u = τ − t_x``, ``A = α + t_x``, ``B = β + t_x``: ``D = a e^Δ/B ∫_0^{T−t_x} v(u) du``,
    ``v = (1 + u/A)^-p (1 + u/B)^-(s+1) ≤ 1``, decreasing at the log-rate ``κ = p/(A+u) +
    (s+1)/(B+u)``; steps are ``min(DROP/κ, A + u, B + u)``, and the sum stops once
    ``v(u) (T − τ)`` bounds the rest below ``_NEGLIGIBLE`` of it.
    """
    r, alpha, s, beta = terms.r, terms.alpha, terms.s, terms.beta
    p, s1, length = r + x, s + 1.0, big_t - t_x
    big_a, big_b = alpha + t_x, beta + t_x
    total = m_la = m_ia = m_lb = m_ib = u = 0.0
    while u < length:
        height = math.exp(-p * math.log1p(u / big_a) - s1 * math.log1p(u / big_b))
        if height * (length - u) <= _NEGLIGIBLE * total:
            break
        kappa = p / (big_a + u) + s1 / (big_b + u)
        step = min(DROP / kappa, big_a + u, big_b + u, length - u)
        for node, weight in _RULE:
            at = u + step * node
            l_a, l_b = math.log1p(at / big_a), math.log1p(at / big_b)
            v = weight * step * math.exp(-p * l_a - s1 * l_b)
            total += v
            m_la += v * l_a
            m_ia += v / (big_a + at)
            m_lb += v * l_b
            m_ib += v / (big_b + at)
        u += step
    if total <= 0.0:
        # an interval shorter than the rule's steps resolve (T − t_x of a few subnormal
        # units): the integrand is 1 at its start, so the integral is the interval's length
        total = length
    a = p + s
    log_d = math.log(a) + delta - math.log(big_b) + math.log(total)
    if not terms.gradient:
        return log_d, []
    log_ratio_a = math.log((alpha + big_t) / big_a)
    log_ratio_b = math.log((beta + big_t) / big_b)
    return log_d, [  # ∂ ln a + the mean of ∂(φ − ln(β+τ)) under the integrand
        1.0 / a + log_ratio_a - m_la / total,
        p * (1.0 / (alpha + big_t) - m_ia / total),
        1.0 / a + log_ratio_b - m_lb / total,
        s / (beta + big_t) - s1 * m_ib / total,
    ]


def row(
    terms: Terms, x: int, t_x: float, big_t: float, *, gradient: bool
) -> tuple[float, float, list[float]]:
    """``(ln E(T), ln M, ∂(ln E(T) + ln M)/∂θ)`` for one customer, ``M = 1 + s/a · D``.

    ``ln L = ln C + ln E(T) + ln M`` and ``P(alive) = 1/M``. The gradient is ``[]`` unless
    ``gradient`` (which must match ``terms.gradient``).

    >>> terms = Terms((1.0, 2.0, 1.0, 3.0), gradient=False)
    >>> log_e_t, log_m, _ = row(terms, 5, 4.0, 4.0, gradient=False)  # t_x = T: ln M = 0
    >>> round(log_e_t - (-6 * math.log(6) - math.log(7)), 12), log_m
    (0.0, 0.0)
    """
    r, alpha, s, beta = terms.r, terms.alpha, terms.s, terms.beta
    p = r + x
    la_t, lb_t = math.log(alpha + big_t), math.log(beta + big_t)
    log_e_t = -p * la_t - s * lb_t
    grad = [-la_t, -p / (alpha + big_t), -lb_t, -s / (beta + big_t)] if gradient else []
    if t_x == big_t:  # D = 0 exactly: FH 009's A₀ = 0, P(alive) = 1
        return log_e_t, 0.0, grad
    la_x, lb_x = math.log(alpha + t_x), math.log(beta + t_x)
    delta = p * (la_t - la_x) + s * (lb_t - lb_x)
    if abs(alpha - beta) / (max(alpha, beta) + t_x) <= Z_SWITCH:
        d_delta = (  # ∂Δ/∂(r, α, s, β)
            la_t - la_x,
            p * (1.0 / (alpha + big_t) - 1.0 / (alpha + t_x)),
            lb_t - lb_x,
            s * (1.0 / (beta + big_t) - 1.0 / (beta + t_x)),
        )
        log_d, d_log_d = _series_log_d(terms, x, t_x, big_t, delta, d_delta)
    else:
        log_d, d_log_d = _quadrature_log_d(terms, x, t_x, big_t, delta)
    a = p + s
    log_qd = math.log(s / a) + log_d  # ln(s/a · D)
    if log_qd == -math.inf:
        return log_e_t, 0.0, grad
    softplus = math.log1p(math.exp(-abs(log_qd)))
    log_m = max(log_qd, 0.0) + softplus  # ln(1 + e^q) without overflow
    if gradient:
        dead = math.exp(log_qd - log_m)  # 1 − P(alive) = (s/a) D / M
        dq_over_q = (-1.0 / a, 0.0, p / (s * a), 0.0)  # ∂ ln(s/a)
        for i in range(4):
            grad[i] += dead * (dq_over_q[i] + d_log_d[i])
    return log_e_t, log_m, grad


def _digamma_gap(r: float, x: int) -> float:
    """``ψ(r + x) − ψ(r)``, by its finite sum for small ``x``."""
    if x <= _DIRECT_DIGAMMA:
        return math.fsum(1.0 / (r + j) for j in range(x))
    return digamma(r + x) - digamma(r)


def log_likelihood(
    rows: Rows, theta: tuple[float, ...], *, gradient: bool
) -> tuple[float, list[float]]:
    """``(LL, ∇LL)``: ``Σ n ln L`` over ``rows`` at ``θ = (r, α, s, β)``, in nats.

    ``∇LL`` (by ``r, α, s, β``) is ``[]`` unless ``gradient``.

    >>> ll, _ = log_likelihood(((0, 0.0, 1.0, 1),), (1.0, 1.0, 1.0, 1.0), gradient=False)
    >>> round(ll, 12) == round(math.log(1 / 4 + 3 / 8), 12)  # ln(E(1) + ∫_0^1 (1+τ)^-3 dτ)
    True
    """
    r, alpha, s, beta = theta
    terms = Terms(theta, gradient=gradient)
    total: list[float] = []
    grad = [0.0, 0.0, 0.0, 0.0]
    per_x: Counter[int] = Counter()
    for x, t_x, big_t, weight in rows:
        per_x[x] += weight
        log_e_t, log_m, row_grad = row(terms, x, t_x, big_t, gradient=gradient)
        total.append(weight * (log_e_t + log_m))
        if gradient:
            for i in range(4):
                grad[i] += weight * row_grad[i]
    customers = sum(per_x.values())
    log_alpha, log_beta, log_gamma_r = math.log(alpha), math.log(beta), math.lgamma(r)
    total.append(customers * (r * log_alpha + s * log_beta))
    total.extend(n * (math.lgamma(r + x) - log_gamma_r) for x, n in per_x.items())
    if gradient:
        gaps = math.fsum(n * _digamma_gap(r, x) for x, n in per_x.items())
        grad[0] += customers * log_alpha + gaps
        grad[1] += customers * r / alpha
        grad[2] += customers * log_beta
        grad[3] += customers * s / beta
    return math.fsum(total), grad


def residual_time(s: float, horizon: float, scale: float) -> float:
    """``∫_0^t (β'/(β'+u))ˢ du / β' = (1 − (β'/(β'+t))^(s−1)) / (s − 1)``, ``β' = scale``.

    The expected time alive in the next ``t = horizon``, per unit of ``β'``, of a customer
    alive now whose dropout rate is ``Gamma(s, β')``; the limit ``ln(1 + t/β')`` at ``s = 1``
    is reached smoothly (``expm1``, then the first two terms of its series).

    >>> round(residual_time(1.0, 1.0, 1.0), 12)  # ln 2
    0.69314718056
    """
    length = math.log1p(horizon / scale)
    exponent = (s - 1.0) * length
    if abs(exponent) < 1e-8:  # noqa: PLR2004 - the series' next term is below 1e-16
        return length * (1.0 - exponent / 2.0)
    return -math.expm1(-exponent) / (s - 1.0)


def discounted_time(s: float, z: float) -> float:
    """``∫_0^∞ e^-zu (1 + u)^-s du`` for ``s > 0``, ``z > 0`` (``= U(1, 2 − s, z)``, A&S 13.2.5).

    Gauss–Legendre in steps ``min(DROP/κ, 1 + u)``, ``κ = z + s/(1+u)`` the integrand's
    log-rate of fall; stops when ``e^-zu (1+u)^-s / z`` bounds the rest below
    ``_NEGLIGIBLE`` of the sum.

    >>> round(discounted_time(2.0, 1e-9), 6)  # ∫ (1+u)^-2 = 1 as z → 0
    1.0
    """
    total = u = 0.0
    while True:
        height = math.exp(-z * u - s * math.log1p(u))
        if height <= _NEGLIGIBLE * z * total:
            return total
        step = min(DROP / (z + s / (1.0 + u)), 1.0 + u)
        total += step * math.fsum(
            weight * math.exp(-z * at - s * math.log1p(at))
            for node, weight in _RULE
            for at in (u + step * node,)
        )
        u += step
