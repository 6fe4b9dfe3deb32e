"""The BG/BB's probabilities and log-likelihood with its gradient (the core of ``_bgbb``).

The model, its symbols and sources (Fader, Hardie & Shang 2010, *Marketing Science*
29(6):1086–1108) are in :mod:`crmkit.value._bgbb`; this module holds the arithmetic on plain
numbers: the terms of a pattern's likelihood ``L`` and of ``P(X(n) = x)`` in logs, the
expected opportunities alive, and ``LL`` with its exact gradient over grouped patterns.

Every Gamma ratio in ``L`` has an integer offset, so ``ln Γ(a + k) − ln Γ(a) = Σ_{j<k}
ln(a + j)`` and its derivative ``Σ_{j<k} 1/(a + j)`` are running sums, tabulated once per
evaluation up to the longest ``n`` (:func:`rising_logs`). Sums of terms are taken in logs
(:func:`log_sum_exp`), so nothing underflows for long histories.

This module imports the standard library only.

>>> round(math.exp(log_sum_exp(log_terms((1.0, 1.0, 1.0, 1.0), 1, 1, 1))), 12)  # E(p) E(1−θ)
0.25
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = [
    "Likelihood",
    "Pattern",
    "log_beta",
    "log_sum_exp",
    "log_terms",
    "rising_logs",
    "survival_sum",
]

Pattern = tuple[int, int, int, int]
"""``(x, t_x, n, count)``: a purchase pattern and the customers who share it."""


def log_beta(a: float, b: float) -> float:
    """``ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)``."""
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def log_sum_exp(values: Sequence[float]) -> float:
    """``ln Σ e^v`` over ``values`` (non-empty), without overflow or underflow."""
    top = max(values)
    return top + math.log(math.fsum(math.exp(v - top) for v in values))


def survival_sum(gamma: float, delta: float, count: int) -> float:
    """``Σ_{t=1}^{count} Π_{k<t} (δ + k)/(γ + δ + k)``: expected opportunities alive."""
    total, survival = 0.0, 1.0
    for k in range(count):
        survival *= (delta + k) / (gamma + delta + k)
        total += survival
    return total


def log_terms(
    theta: tuple[float, float, float, float],
    x: int,
    since: int,
    n: int,
    *,
    choose: bool = False,
) -> list[float]:
    """``ln`` of ``[C(j, x)] · B(α+x, β+j−x)/B(α,β) · B(γ+e, δ+j)/B(γ,δ)``, ``θ = (α, β, γ, δ)``.

    For ``j = n, e = 0`` (alive after ``n``), then ``j = since … n − 1, e = 1`` (gone
    after ``j``): the terms of ``L`` with ``since = t_x``, of ``P(X(n) = x)`` with
    ``since = x`` and the binomial coefficients (``crmkit.value._bgbb``'s notes).
    """
    a, b, g, d = theta
    base = log_beta(a, b) + log_beta(g, d)

    def term(j: int, e: float) -> float:
        value = log_beta(a + x, b + j - x) + log_beta(g + e, d + j) - base
        if choose:
            value += math.lgamma(j + 1) - math.lgamma(x + 1) - math.lgamma(j - x + 1)
        return value

    return [term(n, 0.0), *(term(j, 1.0) for j in range(since, n))]


def rising_logs(a: float, size: int) -> tuple[list[float], list[float]]:
    """``G[k] = ln Γ(a + k) − ln Γ(a) = Σ_{j<k} ln(a + j)`` and ``D[k] = ∂G[k]/∂a``, k <= size."""
    logs, slopes = [0.0], [0.0]
    for j in range(size):
        logs.append(logs[-1] + math.log(a + j))
        slopes.append(slopes[-1] + 1.0 / (a + j))
    return logs, slopes


class Likelihood:
    """Grouped patterns and, per pattern, the table indices of the terms of ``L``.

    A term is ``B(α+x, β+y)/B(α,β) · B(γ+e, δ+m)/B(γ,δ)`` with ``e`` 0 (alive at ``n``;
    ``y = n − x``, ``m = n``) or 1 (gone after ``t_x + i``; ``y = t_x − x + i``,
    ``m = t_x + i``); in logs ``G_α[x] + G_β[y] − G_{α+β}[x+y] + e ln γ + G_δ[m] −
    G_{γ+δ}[m+e]``.
    """

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.size = max(n for _, _, n, _ in patterns)
        self.rows = []
        for x, t_x, n, count in patterns:
            terms = [(n - x, n, 0)]
            terms.extend((t_x - x + i, t_x + i, 1) for i in range(n - t_x))
            self.rows.append((float(count), x, terms))
        self._cache: tuple[tuple[float, ...], float, tuple[float, ...]] | None = None

    def evaluate(self, theta: tuple[float, ...]) -> tuple[float, tuple[float, ...]]:
        """``(LL, ∇LL)`` at ``θ = (α, β, γ, δ)``, remembered for the last ``θ``."""
        if self._cache is not None and self._cache[0] == theta:
            return self._cache[1], self._cache[2]
        alpha, beta, gamma, delta = theta
        g_a, d_a = rising_logs(alpha, self.size)
        g_b, d_b = rising_logs(beta, self.size)
        g_ab, d_ab = rising_logs(alpha + beta, self.size)
        g_d, d_d = rising_logs(delta, self.size)
        g_gd, d_gd = rising_logs(gamma + delta, self.size)
        log_gamma, inverse_gamma = math.log(gamma), 1.0 / gamma
        value: list[float] = []
        slopes: list[list[float]] = [[], [], [], []]
        for weight, x, terms in self.rows:
            logs = [
                g_b[y] - g_ab[x + y] + e * log_gamma + g_d[m] - g_gd[m + e] for y, m, e in terms
            ]
            top = max(logs)
            shares = [math.exp(v - top) for v in logs]
            total = math.fsum(shares)
            value.append(weight * (g_a[x] + top + math.log(total)))
            scale = weight / total
            s_ab = math.fsum(s * d_ab[x + y] for s, (y, _, _) in zip(shares, terms, strict=True))
            s_b = math.fsum(s * d_b[y] for s, (y, _, _) in zip(shares, terms, strict=True))
            s_gd = math.fsum(s * d_gd[m + e] for s, (_, m, e) in zip(shares, terms, strict=True))
            s_d = math.fsum(s * d_d[m] for s, (_, m, _) in zip(shares, terms, strict=True))
            s_dead = math.fsum(s * e for s, (_, _, e) in zip(shares, terms, strict=True))
            slopes[0].append(weight * d_a[x] - scale * s_ab)
            slopes[1].append(scale * (s_b - s_ab))
            slopes[2].append(scale * (s_dead * inverse_gamma - s_gd))
            slopes[3].append(scale * (s_d - s_gd))
        result = math.fsum(value), tuple(math.fsum(column) for column in slopes)
        self._cache = (theta, *result)
        return result
