"""The series ``G`` of the Pareto/NBD likelihood and its derivatives, at many points.

Part of the numerical core of ``crmkit.value._paretonbd`` (``crmkit.value._paretonbd_math``
has the notes on the likelihood). With ``p = r + x`` and ``a = r + s + x``, FH 009's ``A₀``
(Fader & Hardie 2005, note 009 at brucehardie.com, eqs. 20–22) after Euler's transformation
(Abramowitz & Stegun 1964, 15.3.3) needs, at a time ``t`` (``t_x`` or ``T``),

* for ``α ≥ β``: ``G(t) = H(z) = ₂F₁(1, b; c; z)`` with ``b = p``, ``c = a + 1``,
  ``z = (α−β)/(α+t)``;
* for ``α < β``: ``G(t) = (1−w) H(w)`` with ``b = s + 1``, ``c = a + 1``, ``w = (β−α)/(β+t)``.

``H = Σ_k τ_k zᵏ`` with ``τ_k = (b)_k/(c)_k ≤ 1`` (as ``b < c``; A&S 15.1.1), so ``K`` terms
with ``z^K/(1−z) ≤`` :data:`SERIES_TOLERANCE` suffice. ``τ_k`` depends on ``(r, s, x)`` and
the powers ``zᵏ`` on ``(α, β, t)``: :class:`Terms` keeps each once per evaluation, and sums
``H`` and the gradient of ``G`` over the points (``(t, z, zᵏ)``) one ``x`` needs.

This module imports the standard library only.

>>> terms = Terms((1.0, 3.0, 1.0, 1.0), gradient=False)  # α > β: z = 2/(3 + t)
>>> g, _ = terms.g(0, 1.0)  # ₂F₁(1, 1; 3; z) = 2((1 − z) ln(1 − z) + z)/z² at z = 1/2
>>> round(g, 12) == round(8 * (0.5 * math.log(0.5) + 0.5), 12)
True
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Sequence
from typing import Final

__all__ = ["SERIES_TOLERANCE", "Point", "Terms", "series_powers"]

SERIES_TOLERANCE: Final[float] = 1e-16
"""The series stops when the bound ``z^K/(1 − z)`` on its tail is below this (``G ≥ 1``)."""

Point = tuple[float, float, list[float]]
"""``(t, z, [1, z, z², …])``: a time, the series' argument there and its powers."""


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

    def point(self, t: float) -> Point:
        """``(t, z, zᵏ)``: the series' argument at ``t`` and its powers (kept per ``t``)."""
        z = abs(self.alpha - self.beta) / ((self.beta if self.swap else self.alpha) + t)
        powers = self.powers.get(t)
        if powers is None:
            powers = self.powers[t] = series_powers(z)
        return t, z, powers

    def g(self, x: int, t: float) -> tuple[float, tuple[float, ...]]:
        """``G(t)`` for frequency ``x`` and, if wanted, ``∂G/∂(r, α, s, β)``."""
        cached = self.cache.get((x, t))
        if cached is not None:
            return cached
        points = (self.point(t),)
        sums = self.sums(x, points)
        grad = self.gradient_sum(x, points, sums, (1.0,)) if self.gradient else ()
        result = self.cache[x, t] = (self.values(points, sums)[0], grad)
        return result

    def _coefficients(self, x: int, size: int) -> _Coefficients:
        """``τ_k`` for ``x``, at least ``size + 1`` of them."""
        co = self.coefficients.get(x)
        if co is None or len(co.tau) <= size:
            size = 2 * size if co else size
            b = self.s + 1.0 if self.swap else self.r + x
            co = _Coefficients(b, self.r + self.s + x + 1.0, size, derivatives=self.gradient)
            self.coefficients[x] = co
        return co

    def sums(self, x: int, points: Sequence[Point]) -> list[float]:
        """``H = Σ_k τ_k zᵏ`` for frequency ``x`` at each point."""
        tau = self._coefficients(x, max(len(powers) for _, _, powers in points)).tau
        return [sum(map(operator.mul, tau, powers)) for _, _, powers in points]

    def values(self, points: Sequence[Point], sums: Sequence[float]) -> Sequence[float]:
        """``G`` at each point from its :meth:`sums`: ``(1 − w) H(w)`` or ``H(z)``."""
        if self.swap:
            return [(1.0 - z) * h for (_, z, _), h in zip(points, sums, strict=True)]
        return sums

    def gradient_sum(
        self, x: int, points: Sequence[Point], sums: Sequence[float], weights: Sequence[float]
    ) -> tuple[float, float, float, float]:
        """``Σ_j w_j ∂G(t_j)/∂(r, α, s, β)`` over the points, from their :meth:`sums`.

        Needs ``gradient``. ``G`` depends on ``(r, s)`` through ``b`` and ``c`` and on
        ``(α, β)`` through ``z``: with ``H_bc = ∂H/∂b + ∂H/∂c``, ``H_c = −∂H/∂c`` and
        ``H_z = ∂H/∂z`` (:class:`_Coefficients`), for ``α ≥ β`` (``b = r + x``, ``G = H(z)``)
        ``∂G = (H_bc, H_z (β+t)/(α+t)², −H_c, −H_z/(α+t))``, and for ``α < β`` (``b = s + 1``,
        ``G = (1 − w) H(w)``, ``∂G/∂w = (1 − w) H_w − H``)
        ``∂G = (−(1 − w) H_c, −G_w/(β+t), (1 − w) H_bc, (1 − w) G_w/(β+t))``.
        """
        alpha, beta, mul = self.alpha, self.beta, operator.mul
        co = self._coefficients(x, max(len(powers) for _, _, powers in points))
        h_bc = [sum(map(mul, co.tau_bc, powers)) for _, _, powers in points]
        h_c = [sum(map(mul, co.tau_c, powers)) for _, _, powers in points]
        h_z = [sum(map(mul, co.shifted, powers)) for _, _, powers in points]
        if self.swap:
            kept = [w * (1.0 - z) for w, (_, z, _) in zip(weights, points, strict=True)]
            slopes = [  # w_j G_w(t_j) / (β + t_j)
                w * ((1.0 - z) * v_z - v) / (beta + t)
                for w, (t, z, _), v, v_z in zip(weights, points, sums, h_z, strict=True)
            ]
            return (
                -sum(map(mul, kept, h_c)),
                -sum(slopes),
                sum(map(mul, kept, h_bc)),
                sum(v * (1.0 - z) for v, (_, z, _) in zip(slopes, points, strict=True)),
            )
        return (
            sum(map(mul, weights, h_bc)),
            sum(
                w * v_z * (beta + t) / (alpha + t) ** 2
                for w, (t, _, _), v_z in zip(weights, points, h_z, strict=True)
            ),
            -sum(map(mul, weights, h_c)),
            -sum(
                w * v_z / (alpha + t)
                for w, (t, _, _), v_z in zip(weights, points, h_z, strict=True)
            ),
        )


def series_powers(z: float) -> list[float]:
    """``[1, z, z², …, z^(K−1)]``: the powers the series at ``z`` needs.

    ``K ≥ 2`` is the fewest terms with ``z^K/(1 − z) ≤`` :data:`SERIES_TOLERANCE`, the
    bound on the series' tail as ``τ_k ≤ 1``.

    >>> series_powers(0.5)[:4], len(series_powers(0.5))
    ([1.0, 0.5, 0.25, 0.125], 55)
    """
    size = 2 if z == 0.0 else math.log(SERIES_TOLERANCE * (1.0 - z)) / math.log(z)
    count = max(2, math.ceil(size))
    return [1.0, *itertools.accumulate(itertools.repeat(z, count - 1), operator.mul)]
