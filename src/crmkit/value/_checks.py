"""Argument checks shared by crmkit.value's closed-form modules.

Each check raises :class:`~crmkit.InvalidArgument` naming the argument and showing the value.
This module imports the standard library and ``crmkit._errors`` only.
"""

from __future__ import annotations

import math
import numbers

from crmkit._errors import InvalidArgument

__all__ = [
    "check_discount",
    "check_finite",
    "check_fraction",
    "check_margin",
    "check_non_negative",
    "check_positive",
    "is_finite_number",
    "real_number",
    "whole_number",
]


def is_finite_number(value: object) -> bool:
    """Whether ``value`` is a finite real number (not a bool, not text)."""
    if isinstance(value, bool):  # True is an int to Python, not a number to a user
        return False
    return isinstance(value, numbers.Real) and math.isfinite(float(value))


def check_fraction(name: str, value: float, *, upper_open: bool = False) -> None:
    """``value`` in [0, 1] (or [0, 1) with ``upper_open``)."""
    if not is_finite_number(value) or not (
        0.0 <= value < 1.0 if upper_open else 0.0 <= value <= 1.0
    ):
        bound = "[0, 1)" if upper_open else "[0, 1]"
        msg = f"'{name}' must be in {bound} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def check_finite(name: str, value: float) -> None:
    """``value`` a finite real number."""
    if not is_finite_number(value):
        msg = f"'{name}' must be a finite number (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def check_non_negative(name: str, value: float) -> None:
    """``value`` a finite real number >= 0."""
    if not (is_finite_number(value) and value >= 0):
        msg = f"'{name}' must be a finite number >= 0 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def check_positive(name: str, value: float) -> None:
    """``value`` a finite real number > 0."""
    if not (is_finite_number(value) and value > 0):
        msg = f"'{name}' must be a finite number > 0 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def check_discount(value: float) -> None:
    """``discount_rate`` a finite fraction per period > -1."""
    if not (is_finite_number(value) and value > -1.0):
        msg = f"'discount_rate' must be a finite fraction per period > -1 (got {value!r})"
        raise InvalidArgument(msg, field="discount_rate", value=value)


def check_margin(name: str, value: float) -> None:
    """``value`` a margin as a fraction of revenue: finite, at most 1 (it may be negative)."""
    if not (is_finite_number(value) and value <= 1):
        msg = f"'{name}' is a fraction of revenue, a finite number <= 1 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def real_number(name: str, value: object, *, positive: bool = False) -> float:
    """``value`` as a float: a real number (not a bool), finite and ``>= 0`` (``> 0``)."""
    bound = "> 0" if positive else ">= 0"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = f"{name!r} must be a real number {bound} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    number = float(value)
    if not ((number > 0.0 if positive else number >= 0.0) and number < math.inf):  # NaN fails
        msg = f"{name!r} must be finite and {bound} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return number


def whole_number(name: str, value: object, *, minimum: int = 0) -> int:
    """``value`` as an int: a whole number (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"{name!r} must be an integer >= {minimum} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value
