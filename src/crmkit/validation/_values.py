"""Missing-value and date coercion rules shared by the record validator.

A notebook's ``DataFrame.to_dict("records")`` yields ``float("nan")`` for a missing number,
``None`` for a missing object, ``NaT`` for a missing timestamp and ``""`` for an empty cell
read from CSV. crmkit treats all of them, and whitespace-only strings, as *missing*.

>>> [is_missing(v) for v in (None, float("nan"), "", "  ", 0, "x")]
[True, True, True, True, False, False]
"""

from __future__ import annotations

import datetime as dt

__all__ = ["as_date", "is_missing"]


def is_missing(value: object) -> bool:
    """Return whether ``value`` means "no value" (None, NaN, NaT, pandas NA, blank string).

    >>> is_missing(float("nan")), is_missing("0")
    (True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, int):
        return False
    try:  # pandas.NaT subclasses datetime, so dates go through this test too
        return bool(value != value)  # NaN, numpy.nan, pandas.NaT  # noqa: PLR0124
    except TypeError:  # pandas.NA: comparisons are ambiguous, and NA means missing
        return True


def as_date(value: object) -> dt.date | None:
    """Read a calendar date from a ``date``, a ``datetime`` or an ISO 8601 string.

    Returns ``None`` when ``value`` is not a date in one of those forms; the caller reports
    that. A ``datetime`` keeps its own calendar date (no time-zone conversion).

    >>> as_date("1980-05-17"), as_date("17/05/1980")
    (datetime.date(1980, 5, 17), None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text).date()
            except ValueError:
                return None
    return None
