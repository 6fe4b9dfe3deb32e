"""Special functions the probabilistic CLV models need, in pure Python.

* :func:`hyp2f1`: Gauss's hypergeometric function ``₂F₁(a, b; c; z)`` for real ``z < 1``,
  by its series ``Σ_k (a)_k (b)_k / ((c)_k k!) z^k`` (Abramowitz & Stegun 1964, 15.1.1),
  with Pfaff's transformation ``₂F₁(a, b; c; z) = (1 − z)^(−b) ₂F₁(c − a, b; c; z/(z − 1))``
  (A&S 15.3.4) for ``z < 0``, so the series always runs on ``0 <= z < 1``. The BG/NBD
  unconditional expectation and the Pareto/NBD likelihood evaluate it there.
* :func:`digamma`: ``ψ(x) = d/dx ln Γ(x)`` for ``x > 0``, by the recurrence
  ``ψ(x) = ψ(x + 1) − 1/x`` up to ``x >= 10`` and the asymptotic series
  ``ln x − 1/(2x) − Σ B_2n / (2n x^2n)`` (A&S 6.3.5, 6.3.18); the likelihoods' gradients use
  it.

This module imports the standard library and ``crmkit._errors`` only.

>>> round(hyp2f1(1.0, 1.0, 2.0, 0.5), 12)  # −ln(1 − z)/z (A&S 15.1.3)
1.38629436112
>>> round(digamma(1.0), 12)  # −γ, the Euler–Mascheroni constant
-0.577215664902
"""

from __future__ import annotations

import math
from typing import Final

from crmkit._errors import InvalidArgument

__all__ = ["HYP2F1_MAX_TERMS", "HYP2F1_RELATIVE_TOLERANCE", "digamma", "hyp2f1"]

HYP2F1_RELATIVE_TOLERANCE: Final[float] = 1e-15
"""The series stops when a term is below this fraction of the sum and the terms shrink."""
HYP2F1_MAX_TERMS: Final[int] = 2_000_000
"""Terms summed at most; near ``z = 1`` the series needs about ``36 / (1 − z)`` terms."""

_DIGAMMA_SHIFT: Final[float] = 10.0
"""Below this, ψ is shifted up by its recurrence before the asymptotic series is used."""
# B_2n / (2n) for n = 1..6 (Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730)
_ASYMPTOTIC: Final = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760)


def hyp2f1(a: float, b: float, c: float, z: float) -> float:
    """Gauss's hypergeometric function ``₂F₁(a, b; c; z)`` for real ``z < 1``.

    Args:
        a: First numerator parameter.
        b: Second numerator parameter.
        c: Denominator parameter, not zero or a negative integer.
        z: The argument, ``z < 1``.

    Returns:
        The function's value.

    Raises:
        InvalidArgument: ``z >= 1``, ``c`` a pole, or the series not converging within
            :data:`HYP2F1_MAX_TERMS` terms.

    >>> round(hyp2f1(0.5, 1.0, 1.5, -1.0), 12)  # arctan(1)/1 (A&S 15.1.5)
    0.785398163397
    """
    if not (math.isfinite(z) and z < 1.0):
        msg = f"'z' must be a finite number below 1 (got {z!r})"
        raise InvalidArgument(msg, field="z", value=z)
    if c <= 0 and float(c).is_integer():
        msg = f"'c' must not be zero or a negative integer (got {c!r})"
        raise InvalidArgument(msg, field="c", value=c)
    if z < 0:
        return float((1.0 - z) ** (-b)) * _series(c - a, b, c, z / (z - 1.0))
    return _series(a, b, c, z)


def _series(a: float, b: float, c: float, z: float) -> float:
    term = total = 1.0
    for k in range(HYP2F1_MAX_TERMS):
        ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z
        term *= ratio
        total += term
        if term == 0.0 or (
            abs(term) <= HYP2F1_RELATIVE_TOLERANCE * abs(total) and abs(ratio) < 1.0
        ):
            return total
    msg = f"'z' is too close to 1 for the series to converge (got {z!r})"
    raise InvalidArgument(msg, field="z", value=z)


def digamma(x: float) -> float:
    """The digamma function ``ψ(x) = Γ'(x) / Γ(x)`` for ``x > 0``.

    Args:
        x: A positive number.

    Returns:
        ``ψ(x)``, to about 1e-14 relative (the asymptotic series' first omitted term
        is below 1e-16 at ``x >= 10``; the recurrence adds rounding).

    >>> round(digamma(0.5), 12)  # −γ − 2 ln 2 (A&S 6.3.3)
    -1.963510026021
    """
    if not (math.isfinite(x) and x > 0):
        msg = f"'x' must be a finite number > 0 (got {x!r})"
        raise InvalidArgument(msg, field="x", value=x)
    shift = 0.0
    while x < _DIGAMMA_SHIFT:
        shift -= 1.0 / x
        x += 1.0
    inverse_square = 1.0 / (x * x)
    series = 0.0
    power = inverse_square
    for coefficient in _ASYMPTOTIC:
        series += coefficient * power
        power *= inverse_square
    return shift + math.log(x) - 0.5 / x - series
