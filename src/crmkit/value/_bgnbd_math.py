"""The BG/NBD family's likelihood, gradient and series (the core of ``_bgnbd``).

The formulas, sources and numerical notes are in :mod:`crmkit.value._bgnbd`; this module
holds the arithmetic that module and :mod:`crmkit.value._mbgnbd` share: input checks, the
grouping of identical histories, the rearranged log-likelihood (Hardie note 027) and its
gradient, the hypergeometric and incomplete-beta series of the predictions.

This module imports the standard library, attrs, ``crmkit._errors``,
``crmkit.value._checks``, ``crmkit.value._special`` and ``crmkit.value._summary``.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.value._checks import real_number, whole_number
from crmkit.value._special import digamma
from crmkit.value._summary import DAYS_PER_UNIT, CustomerSummary, TimeUnit

__all__ = ["MAX_SERIES_TERMS", "SERIES_RELATIVE_TOLERANCE", "Covariance", "SeriesTerms"]


SERIES_RELATIVE_TOLERANCE: Final[float] = 1e-15
"""The series stop once a bound on their remaining terms is this fraction of the sum."""
MAX_SERIES_TERMS: Final[int] = 2_000_000
"""Terms summed at most. The series in ``z`` needs about ``35 / −ln z`` terms, so horizons
``t`` beyond about 57,000 ``(α + T)`` are refused."""
_DECADES: Final[float] = -math.log(SERIES_RELATIVE_TOLERANCE)
_DIGAMMA_STEP: Final[int] = 64
"""``ψ(y + s) − ψ(y)`` is summed as ``Σ_{k<s} 1/(y + k)`` across gaps in ``s`` up to this."""
_TERMS_BLOCK: Final[int] = 32
"""``SeriesTerms`` keeps this many more terms whenever it needs more (most sums take 10–60)."""
_TINY: Final[float] = 1e-300  # Lentz's guard against a zero denominator
_Key = tuple[int, float, float]  # (x, t_x, T)
Covariance = tuple[tuple[float, ...], ...]


def _check_parameter(_: object, attribute: attrs.Attribute[float], value: object) -> None:
    real_number(attribute.name, value, positive=True)


def _check_unit(_: object, attribute: attrs.Attribute[object], value: object) -> None:
    if value is not None and value not in DAYS_PER_UNIT:
        msg = f"'unit' must be None or one of {sorted(DAYS_PER_UNIT)!r} (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


def _history(frequency: object, recency: object, age: object) -> _Key:
    x, t_x, big_t = (
        whole_number("frequency", frequency),
        real_number("recency", recency),
        real_number("T", age),
    )
    if t_x > big_t or (x == 0 and t_x != 0.0):
        msg = f"'recency' must be 0 when frequency is 0 and at most T={age!r} (got {recency!r})"
        raise InvalidArgument(msg, field="recency", value=recency)
    return x, t_x, big_t


def _keys(
    summaries: Iterable[CustomerSummary], unit: TimeUnit | None
) -> tuple[list[_Key], TimeUnit | None]:
    """``(x, t_x, T)`` of each summary and their one time unit (``unit`` if it is set)."""
    if isinstance(summaries, CustomerSummary | str | bytes):
        msg = f"'summaries' must be an iterable of CustomerSummary (got {summaries!r})"
        raise InvalidArgument(msg, field="summaries", value=summaries)
    keys: list[_Key] = []
    units: set[TimeUnit] = set()
    for entry in summaries:
        item: object = entry  # checked at run time: callers may not run a type checker
        if not isinstance(item, CustomerSummary):
            msg = f"'summaries' must hold CustomerSummary values only (got {item!r})"
            raise InvalidArgument(msg, field="summaries", value=item)
        keys.append((item.frequency, float(item.recency), float(item.T)))
        units.add(item.unit)
    if len(units) > 1 or (unit is not None and units - {unit}):
        want = "one time unit" if unit is None else f"the model's unit {unit!r}"
        msg = f"'summaries' must all be in {want} (got units {sorted(units)!r})"
        raise InvalidArgument(msg, field="summaries", value=sorted(units))
    return keys, units.pop() if units else unit


class _Rows:
    """Distinct ``(x, t_x, T)`` rows with their counts, in columns for a fast likelihood.

    Rows whose bracket has one term (BG/NBD, ``x = 0``) are pooled by ``T``; the others keep
    ``x``, its slot in ``xs`` and indices into ``times`` (``ln(α + v)`` once per time).
    """

    __slots__ = ("customers", "lone", "m", "pairs", "times", "weights", "xs")

    def __init__(self, counts: Mapping[_Key, int], m: int) -> None:
        self.m, self.customers = m, sum(counts.values())
        per_x: Counter[int] = Counter()
        for (x, _, _), n in counts.items():
            per_x[x] += n
        self.xs = sorted(per_x)
        self.weights = [per_x[x] for x in self.xs]
        two = [(key, n) for key, n in sorted(counts.items()) if key[0] + m]
        one = [(key, n) for key, n in counts.items() if not key[0] + m]
        self.times = sorted({key[2] for key, _ in one} | {v for key, _ in two for v in key[1:]})
        where = {v: i for i, v in enumerate(self.times)}
        pooled: Counter[int] = Counter()
        for (_, _, age), n in one:
            pooled[where[age]] += n
        self.lone = sorted(pooled.items())
        slot = {x: k for k, x in enumerate(self.xs)}
        self.pairs = [(float(x), slot[x], where[age], where[t_x], n) for (x, t_x, age), n in two]


def _log_likelihood(rows: _Rows, r: float, alpha: float, a: float, b: float) -> float:
    """``Σ n ln L`` over the rows (module notes)."""
    m, log, lgamma, exp, log1p = rows.m, math.log, math.lgamma, math.exp, math.log1p
    logs = [log(alpha + v) for v in rows.times]
    lg_r, lg_b, lg_ab = lgamma(r), lgamma(b), lgamma(a + b)
    total = rows.customers * r * log(alpha) - r * math.fsum(n * logs[i] for i, n in rows.lone)
    for x, n in zip(rows.xs, rows.weights, strict=True):
        s = x + m
        total += n * (lgamma(r + x) - lg_r + lgamma(b + s) - lg_b + lg_ab - lgamma(a + b + s))
    odds = [log(a) - log(b + x + m - 1) if x + m else 0.0 for x in rows.xs]
    for repeats, k, i, j, n in rows.pairs:
        first, second = -(r + repeats) * logs[i], odds[k] - (r + repeats) * logs[j]
        if first > second:
            total += n * (first + log1p(exp(second - first)))
        else:
            total += n * (second + log1p(exp(first - second)))
    return total


def _digamma_shifts(y: float, xs: list[int], m: int) -> list[float]:
    """``[ψ(y + x + m) − ψ(y) for x in xs]`` (``xs`` ascending), by recurrence where cheap."""
    out, total, k, base = [], 0.0, 0, math.nan
    for x in xs:
        if x + m - k > _DIGAMMA_STEP:
            base = digamma(y) if math.isnan(base) else base
            total, k = digamma(y + x + m) - base, x + m
        while k < x + m:
            total, k = total + 1.0 / (y + k), k + 1
        out.append(total)
    return out


def _gradient(rows: _Rows, r: float, alpha: float, a: float, b: float) -> tuple[float, ...]:
    """``∂ Σ n ln L / ∂(r, α, a, b)``, with ``w`` the second term's share of the bracket.

    ``∂r = ψ(r+x) − ψ(r) + ln α − (1−w) ln(α+T) − w ln(α+t_x)``,
    ``∂α = r/α − A ((1−w)/(α+T) + w/(α+t_x))``, ``∂a = ψ(a+b) − ψ(a+b+x+m) + w/a``,
    ``∂b = ψ(a+b) − ψ(a+b+x+m) + ψ(b+x+m) − ψ(b) − w/(b+x+m−1)``.
    """
    m, log, exp = rows.m, math.log, math.exp
    logs = [log(alpha + v) for v in rows.times]
    inverse = [1.0 / (alpha + v) for v in rows.times]
    d_r = rows.customers * log(alpha) - math.fsum(n * logs[i] for i, n in rows.lone)
    d_alpha = rows.customers * r / alpha - r * math.fsum(n * inverse[i] for i, n in rows.lone)
    d_a = d_b = dropped = 0.0
    on_r, on_b = _digamma_shifts(r, rows.xs, 0), _digamma_shifts(b, rows.xs, m)
    on_ab = _digamma_shifts(a + b, rows.xs, m)
    for n, psi_r, psi_b, psi_ab in zip(rows.weights, on_r, on_b, on_ab, strict=True):
        d_r, d_a, d_b = d_r + n * psi_r, d_a - n * psi_ab, d_b + n * (psi_b - psi_ab)
    odds = [log(a) - log(b + x + m - 1) if x + m else 0.0 for x in rows.xs]
    for repeats, k, i, j, n in rows.pairs:
        big = r + repeats
        gap = odds[k] - big * (logs[j] - logs[i])  # ln(second term / first term)
        w = 1.0 / (1.0 + exp(-gap)) if gap > 0.0 else exp(gap) / (1.0 + exp(gap))
        d_r -= n * (logs[i] + w * (logs[j] - logs[i]))
        d_alpha -= n * big * (inverse[i] + w * (inverse[j] - inverse[i]))
        dropped += n * w
        d_b -= n * w / (b + repeats + m - 1)
    return d_r, d_alpha, d_a + dropped / a, d_b


def _series(c_minus_a: float, a: float, c: float, z: float) -> float:
    """``Σ_{k≥1} (C − A)_k (a)_(k−1) / ((C + 1)_(k−1) k!) z^k`` (module notes), ``0 <= z < 1``.

    The term ratio tends to ``z``; the sum stops when ``|term| ρ/(1 − ρ)``, ``ρ`` the larger of
    ``z`` and the last ratio, is below :data:`SERIES_RELATIVE_TOLERANCE` of the sum.
    """
    term = total = c_minus_a * z
    k, shift, tol = 1, a - 1.0, SERIES_RELATIVE_TOLERANCE
    while term != 0.0 and k <= MAX_SERIES_TERMS:
        ratio = (c_minus_a + k) * (shift + k) / ((c + k) * (k + 1)) * z
        term *= ratio
        total += term
        k += 1
        rho = z if -z <= ratio <= z else (ratio if ratio > 0.0 else -ratio)  # max(|ratio|, z)
        if rho < 1.0 and abs(term) * rho <= tol * abs(total) * (1.0 - rho):
            break
    return total


class SeriesTerms:
    """:func:`_series` at many ``z`` for one ``(C − A, a, C)``: one ``x``, many ``T`` and ``t``.

    ``S(z) = Σ_{k≥1} P_k zᵏ`` with ``P_1 = C − A`` and ``P_{k+1} = P_k ρ_k``,
    ``ρ_k = (C − A + k)(a − 1 + k)/((C + k)(k + 1))``; the ``P_k`` are kept, so each ``z`` costs
    a dot product. When ``C > A`` every ``P_k > 0`` (so ``S ≥ P_1 z``), and when ``A + 2 > a``
    (``A = C − (C − A)``) ``ρ_k ≤ 1`` for ``k ≥ k₀ = ((C − A)(a − 1) − C)/(A − a + 2)``; then
    the terms after the ``K``-th (``K ≥ k₀``) sum to at most ``P_K z^(K+1)/(1 − z)``, and the
    first ``K`` with ``P_K zᴷ ≤`` :data:`SERIES_RELATIVE_TOLERANCE` ``· P_1 (1 − z)`` (found by
    bisection on ``ln P_k + k ln z``, which falls from ``k₀`` on) leaves less than that
    fraction of ``S``. Otherwise each sum is :func:`_series`'s, term by term. The sums agree
    with :func:`_series` to rounding (the same terms, multiplied in another order).

    >>> terms = SeriesTerms(1.5, 0.8, 3.0)
    >>> abs(terms.total(0.6) / _series(1.5, 0.8, 3.0, 0.6) - 1.0) < 1e-14
    True
    """

    __slots__ = ("_c", "_c_minus_a", "_first", "_log_p", "_p", "_shift")

    def __init__(self, c_minus_a: float, a: float, c: float) -> None:
        self._c_minus_a, self._shift, self._c = c_minus_a, a - 1.0, c
        slope = (c - c_minus_a) - a + 2.0  # A − a + 2
        self._first = 0  # k₀ rounded up, or 0 where the bound does not hold
        if c_minus_a > 0.0 and slope > 0.0:
            self._first = max(1, math.ceil((c_minus_a * (a - 1.0) - c) / slope))
            self._p, self._log_p = [c_minus_a], [math.log(c_minus_a)]

    def _grow(self) -> None:
        """Add :data:`_TERMS_BLOCK` more ``P_k`` (and their logs)."""
        c_minus_a, shift, c, size = self._c_minus_a, self._shift, self._c, len(self._p)
        ratios = [
            (c_minus_a + k) * (shift + k) / ((c + k) * (k + 1))
            for k in range(size, size + _TERMS_BLOCK)
        ]
        products = itertools.accumulate(ratios, operator.mul, initial=self._p[-1])
        self._p.extend(itertools.islice(products, 1, None))  # after the initial P_size
        logs = itertools.accumulate(map(math.log, ratios), initial=self._log_p[-1])
        self._log_p.extend(itertools.islice(logs, 1, None))

    def total(self, z: float) -> float:
        """``S(z)`` for ``0 <= z < 1``."""
        if not self._first:
            return _series(self._c_minus_a, self._shift + 1.0, self._c, z)
        if z == 0.0:
            return 0.0
        log_z = math.log(z)
        bound = math.log(SERIES_RELATIVE_TOLERANCE * self._c_minus_a * (1.0 - z))
        log_p = self._log_p
        while len(log_p) < self._first or log_p[-1] + len(log_p) * log_z > bound:
            if len(log_p) >= MAX_SERIES_TERMS:
                return _series(self._c_minus_a, self._shift + 1.0, self._c, z)
            self._grow()
        low, high = self._first, len(log_p)  # the bound holds at K = high
        while low < high:
            middle = (low + high) // 2
            if log_p[middle - 1] + middle * log_z <= bound:
                high = middle
            else:
                low = middle + 1
        powers = itertools.accumulate(itertools.repeat(z, low), operator.mul)  # z, …, zᴷ
        total: float = sum(map(operator.mul, self._p, powers))
        return total


def _log_beta(p: float, q: float) -> float:
    return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of ``I_x(a, b)`` (Numerical Recipes §6.4, ``betacf``)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for k in range(1, MAX_SERIES_TERMS):
        for step in (
            k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k)),
            -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1)),
        ):
            d, c = 1.0 + step * d, 1.0 + step / c
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = c if abs(c) > _TINY else _TINY
            result *= d * c
        if abs(d * c - 1.0) <= SERIES_RELATIVE_TOLERANCE:
            break
    return result


def _nbd_tail(n: int, r: float, log_q: float, log_p: float) -> float:
    """``P(N >= n) = I_q(n, r)`` for ``P(N = j) = Γ(r + j)/(Γ(r) j!) p^r q^j``, ``p = 1 − q``."""
    q, front = math.exp(log_q), math.exp(n * log_q + r * log_p - _log_beta(n, r))
    if q < (n + 1.0) / (n + r + 2.0):
        return front * _beta_fraction(q, n, r) / n
    return 1.0 - front * _beta_fraction(math.exp(log_p), r, n) / r
