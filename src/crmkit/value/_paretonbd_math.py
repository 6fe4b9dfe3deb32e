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
  suffice (``crmkit.value._paretonbd_series``). ``G`` depends on ``(x, t)`` only, so it is
  computed once per distinct pair.
* **Quadrature**, when ``z(t_x) >`` :data:`Z_SWITCH` (``α`` and ``β`` far apart: the series
  would need hundreds of terms): Gauss–Legendre on the integral itself, in steps over which
  the integrand falls by at most ``e^DROP`` and that stay a step away from its poles
  (``τ = −α, −β``), so 15 points are exact to rounding.

Both give ``ln D`` and ``∂ ln D/∂(r, α, s, β)`` (the series differentiated term by term, the
integrand under the integral). Large ``Δ`` (``x`` in the thousands) is kept in logs.

A fit evaluates the log-likelihood of the same customers some fifty times: :class:`Histories`
prepares them once (the distinct times, the rows by ``x``, the sums that do not need ``M``),
and with the series and ``Δ ≤`` :data:`LARGE_DELTA` forms ``ln M = ln(1 + s/a · D)`` from ``D``
directly, its gradient summed per point of the series rather than per customer.

This module imports the standard library, ``crmkit.value._paretonbd_series`` and
``crmkit.value._special`` only.

>>> terms = Terms((0.5533, 10.5778, 0.6062, 11.6669), gradient=False)
>>> round(math.exp(-row(terms, 2, 30.43, 38.86, gradient=False)[1]), 4)  # P(alive), 0001
0.8691
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Final

from crmkit.value._paretonbd_series import SERIES_TOLERANCE, Point, Terms, series_powers
from crmkit.value._special import digamma

__all__ = [
    "DROP",
    "LARGE_DELTA",
    "SERIES_TOLERANCE",
    "Z_SWITCH",
    "Histories",
    "Rows",
    "Terms",
    "discounted_time",
    "gauss_legendre",
    "log_likelihood",
    "residual_time",
    "row",
]

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
_Group = tuple[tuple[int, int, int, int, int], ...]
"""One ``x``'s rows with ``t_x < T``: ``t_x`` and ``T`` as positions in the group's times and
in all times, and the number of customers."""
_Shared = tuple[list[float], list[float], list[tuple[int, list[Point], list[float]]]]
"""``ln(α+t)``, ``ln(β+t)`` and, per group, the times without ``G``, the points and sums."""


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
        if not terms.gradient:  # the integral alone
            for node, weight in _RULE:
                at = u + step * node
                height = math.exp(-p * math.log1p(at / big_a) - s1 * math.log1p(at / big_b))
                total += weight * step * height
            u += step
            continue
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
    log_m, grad_m = _log_m(terms, x, t_x, big_t, (la_t, lb_t))
    if not gradient:
        return log_e_t, log_m, []
    grad = [-la_t, -p / (alpha + big_t), -lb_t, -s / (beta + big_t)]
    for i in range(len(grad_m)):
        grad[i] += grad_m[i]
    return log_e_t, log_m, grad


def _log_m(
    terms: Terms, x: int, t_x: float, big_t: float, logs_t: tuple[float, float]
) -> tuple[float, list[float]]:
    """``(ln M, ∂ ln M/∂θ)``, ``M = 1 + s/a · D``, given ``ln(α+T), ln(β+T)``.

    ``(0, [])`` when ``D = 0`` (``t_x = T``) or rounds to 0; ``[]`` unless ``terms.gradient``.
    """
    r, alpha, s, beta = terms.r, terms.alpha, terms.s, terms.beta
    if t_x == big_t:  # D = 0 exactly: FH 009's A₀ = 0, P(alive) = 1
        return 0.0, []
    p = r + x
    la_t, lb_t = logs_t
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
        return 0.0, []
    softplus = math.log1p(math.exp(-abs(log_qd)))
    log_m = max(log_qd, 0.0) + softplus  # ln(1 + e^q) without overflow
    if not terms.gradient:
        return log_m, []
    dead = math.exp(log_qd - log_m)  # 1 − P(alive) = (s/a) D / M
    dq_over_q = (-1.0 / a, 0.0, p / (s * a), 0.0)  # ∂ ln(s/a)
    return log_m, [dead * (dq_over_q[i] + d_log_d[i]) for i in range(4)]


def _digamma_gap(r: float, x: int) -> float:
    """``ψ(r + x) − ψ(r)``, by its finite sum for small ``x``."""
    if x <= _DIRECT_DIGAMMA:
        return math.fsum(1.0 / (r + j) for j in range(x))
    return digamma(r + x) - digamma(r)


class Histories:
    """Rows prepared once for the many evaluations of a fit: what depends on the data only.

    ``ln L = ln C + ln E(T) + ln M`` (module notes). ``Σ n ln C`` needs the customers per
    ``x``; ``ln E(T) = −(r+x) ln(α+T) − s ln(β+T)`` is linear in ``x``, so ``Σ n ln E(T)``
    needs the customers and purchases per distinct ``T``; only ``ln M`` is per row, and only
    where ``t_x < T`` (else ``M = 1``). Every distinct time (``t_x`` or ``T``) is listed once,
    so that an evaluation takes ``ln(α+t)``, ``ln(β+t)`` and ``zᵏ`` once per time, and for
    each ``x`` the distinct times its rows need, so that ``G`` is summed once per ``(x, t)``.

    What an evaluation computes with or without the gradient (those logs, powers and sums)
    is kept for the last ``θ``: a minimiser asks for the gradient where it has just taken
    the value (each accepted step), and that pass then adds only the derivatives.
    """

    __slots__ = ("_last", "customers", "groups", "per_t", "per_x", "times")

    def __init__(self, rows: Rows) -> None:
        per_x: Counter[int] = Counter()
        customers_t: Counter[float] = Counter()
        purchases_t: Counter[float] = Counter()
        uncertain: dict[int, list[tuple[float, float, int]]] = {}
        for x, t_x, big_t, n in rows:
            per_x[x] += n
            customers_t[big_t] += n
            purchases_t[big_t] += n * x
            if t_x != big_t:
                uncertain.setdefault(x, []).append((t_x, big_t, n))
        self.customers = sum(per_x.values())
        self.per_x = tuple(per_x.items())
        self.times = tuple(sorted({t for _, t_x, big_t, _ in rows for t in (t_x, big_t)}))
        index = {t: i for i, t in enumerate(self.times)}
        self.per_t = tuple((index[t], n, purchases_t[t]) for t, n in customers_t.items())
        groups = []
        for x, items in uncertain.items():
            needed = sorted({index[t] for t_x, big_t, _ in items for t in (t_x, big_t)})
            local = {i: j for j, i in enumerate(needed)}
            group = tuple(
                (local[index[t_x]], local[index[big_t]], index[t_x], index[big_t], n)
                for t_x, big_t, n in items
            )
            groups.append((x, tuple(needed), group))
        self.groups: tuple[tuple[int, tuple[int, ...], _Group], ...] = tuple(groups)
        self._last: tuple[tuple[float, ...], _Shared] | None = None

    def _shared(self, theta: tuple[float, ...], terms: Terms) -> _Shared:
        """What the value and the gradient at ``θ`` both need (kept from the last call at ``θ``).

        ``ln(α+t)``, ``ln(β+t)`` and, per group, how many of its first times take the
        quadrature (``z >`` :data:`Z_SWITCH`: a prefix, as ``z`` falls with ``t``), the points
        ``(t, z, zᵏ)`` of the rest and :meth:`Terms.sums` there.
        """
        if self._last is not None and self._last[0] == theta:
            return self._last[1]
        _, alpha, _, beta = theta
        times = self.times
        la = [math.log(alpha + t) for t in times]
        lb = [math.log(beta + t) for t in times]
        spread, top = abs(alpha - beta), (beta if terms.swap else alpha)
        points = [
            (t, z, series_powers(z)) if z <= Z_SWITCH else None
            for t in times
            for z in (spread / (top + t),)
        ]
        series = []
        for x, needed, _ in self.groups:
            usable = [point for i in needed if (point := points[i]) is not None]
            sums = terms.sums(x, usable) if usable else []
            series.append((len(needed) - len(usable), usable, sums))
        shared = (la, lb, series)
        self._last = (theta, shared)
        return shared

    def log_likelihood(
        self, theta: tuple[float, ...], *, gradient: bool
    ) -> tuple[float, list[float]]:
        """``(LL, ∇LL)`` at ``θ = (r, α, s, β)``: see :func:`log_likelihood`."""
        r, alpha, s, beta = theta
        terms = Terms(theta, gradient=gradient)
        times = self.times
        la, lb, series = self._shared(theta, terms)
        ia = [1.0 / (alpha + t) for t in times] if gradient else []
        ib = [1.0 / (beta + t) for t in times] if gradient else []
        total: list[float] = []
        grad = [0.0, 0.0, 0.0, 0.0]
        # Σ n ln C: ln C = r ln α + s ln β + ln Γ(r+x) − ln Γ(r)
        log_alpha, log_beta, log_gamma_r = math.log(alpha), math.log(beta), math.lgamma(r)
        customers = self.customers
        total.append(customers * (r * log_alpha + s * log_beta))
        total.extend(n * (math.lgamma(r + x) - log_gamma_r) for x, n in self.per_x)
        # Σ n ln E(T), per distinct T
        per_t = self.per_t
        total.extend(-(r * n + bought) * la[i] - s * n * lb[i] for i, n, bought in per_t)
        if gradient:
            gaps = math.fsum(n * _digamma_gap(r, x) for x, n in self.per_x)
            grad[0] = customers * log_alpha + gaps - math.fsum(n * la[i] for i, n, _ in per_t)
            grad[1] = customers * r / alpha - math.fsum(
                (r * n + bought) * ia[i] for i, n, bought in per_t
            )
            grad[2] = customers * log_beta - math.fsum(n * lb[i] for i, n, _ in per_t)
            grad[3] = customers * s / beta - s * math.fsum(n * ib[i] for i, n, _ in per_t)
        # Σ n ln M over the rows with t_x < T, by x (the hot loop: names bound locally)
        append, expm1, log1p, large = total.append, math.expm1, math.log1p, LARGE_DELTA
        for (x, needed, group), (skipped, usable, h) in zip(self.groups, series, strict=True):
            p = r + x
            a = p + s
            q = s / a
            g = terms.values(usable, h)
            if skipped:  # the first times of the group take the quadrature (no G there)
                g = [math.nan] * skipped + list(g)
            weights = [0.0] * len(needed)  # Σ over the rows of ∂(n ln M)/∂G at each time
            d_r = d_alpha = d_s = d_beta = dead = 0.0
            for j_x, j_t, i_x, i_t, n in group:
                d_la, d_lb = la[i_t] - la[i_x], lb[i_t] - lb[i_x]
                delta = p * d_la + s * d_lb
                if delta > large or j_x < skipped:
                    log_m, grad_m = _log_m(terms, x, times[i_x], times[i_t], (la[i_t], lb[i_t]))
                    append(n * log_m)
                    for i in range(len(grad_m)):
                        grad[i] += n * grad_m[i]
                    continue
                g_x = g[j_x]
                grow = expm1(delta)
                d = grow * g_x + (g_x - g[j_t])  # D = e^Δ G(t_x) − G(T)
                if not d > 0.0:  # D rounds to 0: M = 1
                    continue
                qd = q * d
                append(n * log1p(qd))
                if gradient:  # ∂ ln M = (s/a (e^Δ (∂Δ G(t_x) + ∂G(t_x)) − ∂G(T)) + D ∂(s/a)) / M
                    share = n * q / (1.0 + qd)
                    weights[j_x] += share * (grow + 1.0)
                    weights[j_t] -= share
                    grown = share * (grow + 1.0) * g_x  # n s/a e^Δ G(t_x) / M
                    d_r += grown * d_la
                    d_alpha += grown * (ia[i_t] - ia[i_x])
                    d_s += grown * d_lb
                    d_beta += grown * (ib[i_t] - ib[i_x])
                    dead += share * d  # n (1 − P(alive)) = n (s/a) D / M
            if gradient:  # ∂Δ = (the ln differences, p ·, …, s ·); ∂ ln(s/a) = (−1/a, 0, p/(sa), 0)
                grad[0] += d_r - dead / a
                grad[1] += p * d_alpha
                grad[2] += d_s + dead * p / (s * a)
                grad[3] += s * d_beta
                if usable:
                    for i, part in enumerate(terms.gradient_sum(x, usable, h, weights[skipped:])):
                        grad[i] += part
        return math.fsum(total), grad


def log_likelihood(
    rows: Rows | Histories, theta: tuple[float, ...], *, gradient: bool
) -> tuple[float, list[float]]:
    """``(LL, ∇LL)``: ``Σ n ln L`` over ``rows`` at ``θ = (r, α, s, β)``, in nats.

    ``∇LL`` (by ``r, α, s, β``) is ``[]`` unless ``gradient``. Pass :class:`Histories` to
    evaluate the same rows many times.

    >>> ll, _ = log_likelihood(((0, 0.0, 1.0, 1),), (1.0, 1.0, 1.0, 1.0), gradient=False)
    >>> round(ll, 12) == round(math.log(1 / 4 + 3 / 8), 12)  # ln(E(1) + ∫_0^1 (1+τ)^-3 dτ)
    True
    """
    histories = rows if isinstance(rows, Histories) else Histories(rows)
    ll, grad = histories.log_likelihood(theta, gradient=gradient)
    return ll, grad if gradient else []


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
