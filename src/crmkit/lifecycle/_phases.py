"""Inferring a relationship's phase and its dormancy from dated purchases.

Peelen's relationship life-cycle (texts catalog 1, section 4): exploration before the first
purchase; "the first purchase starts growth"; growth ends "when purchases turn from
progressive to regressive" (saturation); "decline begins when purchases drop"; growth lasts
"about three months to two years". :func:`infer_phase` reads that from purchase dates:

- no purchase up to ``as_of``: **exploration**;
- a relationship younger than ``minimum_growth_days`` (the texts' three months) with a
  purchase in the current window: **growth**;
- no purchase in either of the last two windows: **decline**;
- otherwise compare the purchase days in the current window ``(as_of − w, as_of]`` with
  those in the previous one ``(as_of − 2w, as_of − w]``: the change is a trend only when it
  is at least ``minimum_change`` purchase days *and* the relative change
  ``(current − previous) / max(previous, 1)`` is beyond ``±tolerance``: above is
  **growth**, below **decline**; anything else is **saturation**. The minimum change
  exists because window alignment alone moves a steady rhythm by one purchase: a monthly
  buyer has 3 or 4 purchases in a 91-day window depending on where it falls (−25 % or
  +33 %), a buyer every four months 0 or 1, and neither must read as a trend.

Defection (texts: "a weekly buyer silent for a month") is measured against each customer's
own rhythm by :func:`dormancy`: the usual gap is the median of the gaps between the
customer's purchase days, and the customer is dormant when the silence since the last
purchase exceeds ``factor`` usual gaps. With the default factor 3, a weekly buyer silent
for a month (about 4.3 gaps) is dormant and a monthly buyer silent for three weeks is not.

Units: days; a datetime (purchase or ``as_of``) counts as its calendar day. This module
imports the standard library, attrs, ``crmkit._errors`` and ``crmkit._frozen``.

>>> import datetime as dt
>>> weekly = [dt.date(2026, 1, 1) + dt.timedelta(days=7 * k) for k in range(8)]
>>> dormancy(weekly, as_of=weekly[-1] + dt.timedelta(days=30)).dormant
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable
from typing import Final, cast

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze

__all__ = [
    "DORMANCY_FACTOR",
    "MINIMUM_GROWTH_DAYS",
    "PHASE_MINIMUM_CHANGE",
    "PHASE_TOLERANCE",
    "PHASE_WINDOW_DAYS",
    "DormancyCheck",
    "PhaseInference",
    "dormancy",
    "infer_phase",
    "infer_phases",
]

#: The texts' shortest growth phase, "about three months", in days (365.25 / 4, rounded).
MINIMUM_GROWTH_DAYS: Final = 91
#: The window purchase rates are compared over: a quarter, in days (a choice of ours,
#: matching the texts' three-month scale).
PHASE_WINDOW_DAYS: Final = 91
#: A change of purchases by more than this share between windows is a trend (ours: 20 %).
PHASE_TOLERANCE: Final = 0.2
#: A change smaller than this many purchase days is never a trend: window alignment alone
#: moves a steady rhythm by one (see the module docstring).
PHASE_MINIMUM_CHANGE: Final = 2
#: Silence longer than this many usual gaps is dormancy (ours; see the module docstring).
DORMANCY_FACTOR: Final = 3.0


#: The longest span of days the calendar holds (``date.max − date.min``); longer options
#: could not be placed on it.
_CALENDAR_DAYS: Final = (dt.date.max - dt.date.min).days


def _days(name: str, value: object, *, positive: bool = True) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if (
        not ok
        or not (value > 0 if positive else value >= 0)  # type: ignore[operator]
        or not value <= _CALENDAR_DAYS  # type: ignore[operator]  # also refuses NaN
    ):
        bound = "> 0" if positive else ">= 0"
        msg = f"'{name}' must be a number of days {bound} and <= {_CALENDAR_DAYS} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return float(value)  # type: ignore[arg-type]


def _whole_days(name: str, value: object) -> int:
    if type(value) is not int or not 1 <= value <= _CALENDAR_DAYS:
        msg = f"'{name}' must be a whole number of days from 1 to {_CALENDAR_DAYS} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def _day(as_of: object) -> dt.date:
    """``as_of`` as a calendar day (a datetime counts as its day, like purchases)."""
    if not isinstance(as_of, dt.date):
        msg = f"'as_of' must be a date (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    return as_of.date() if isinstance(as_of, dt.datetime) else as_of


def _dates(purchases: Iterable[dt.date], as_of: dt.date) -> list[dt.date]:
    days = []
    for position, given in enumerate(cast("Iterable[object]", purchases)):
        if not isinstance(given, dt.date):
            msg = f"purchase {position} must be a date (got {given!r})"
            raise InvalidArgument(msg, field="purchases", value=given)
        day = given.date() if isinstance(given, dt.datetime) else given
        if day > as_of:
            msg = f"purchase {position} is after 'as_of' {as_of!r} (got {day!r})"
            raise InvalidArgument(msg, field="purchases", value=day)
        days.append(day)
    return sorted(days)


@attrs.frozen
class PhaseInference:
    """A relationship's inferred phase and the evidence.

    Attributes:
        phase: ``"exploration"``, ``"growth"``, ``"saturation"`` or ``"decline"``.
        started: The first purchase (``None`` in exploration).
        current: Purchase days in the current window (several purchases on one day count
            once).
        previous: Purchase days in the window before it.
        reason: Why, in words.
    """

    phase: str
    started: dt.date | None
    current: int
    previous: int
    reason: str


def infer_phase(
    purchases: Iterable[dt.date],
    *,
    as_of: dt.date,
    window_days: int = PHASE_WINDOW_DAYS,
    tolerance: float = PHASE_TOLERANCE,
    minimum_change: int = PHASE_MINIMUM_CHANGE,
    minimum_growth_days: float = MINIMUM_GROWTH_DAYS,
) -> PhaseInference:
    """Peelen's phase of one customer from its purchase dates (see the module).

    >>> start = dt.date(2025, 1, 1)
    >>> rising = [start + dt.timedelta(days=d) for d in (5, 100, 130, 150, 170)]
    >>> infer_phase(rising, as_of=dt.date(2025, 6, 30)).phase
    'growth'
    >>> infer_phase(rising, as_of=dt.date(2025, 12, 31)).phase
    'decline'
    >>> infer_phase([], as_of=start).phase
    'exploration'
    """
    window = dt.timedelta(days=_whole_days("window_days", window_days))
    limit = _days("tolerance", tolerance, positive=False)
    if type(minimum_change) is not int or minimum_change < 1:
        msg = f"'minimum_change' must be a whole number of purchases >= 1 (got {minimum_change!r})"
        raise InvalidArgument(msg, field="minimum_change", value=minimum_change)
    young = dt.timedelta(days=_days("minimum_growth_days", minimum_growth_days, positive=False))
    as_of = _day(as_of)
    days = sorted(set(_dates(purchases, as_of)))
    if not days:
        return PhaseInference("exploration", None, 0, 0, "no purchase yet")
    current = sum(1 for day in days if as_of - window < day)
    previous = sum(1 for day in days if as_of - 2 * window < day <= as_of - window)
    first = days[0]
    if as_of - first < young and current:
        return PhaseInference(
            "growth", first, current, previous, "the first purchase started growth recently"
        )
    if not current and not previous:
        return PhaseInference("decline", first, 0, 0, "no purchase in the last two windows")
    change = (current - previous) / max(previous, 1)
    counts = f"from {previous} to {current} purchase days"
    if abs(current - previous) < minimum_change:
        phase, why = "saturation", f"{counts}: less than {minimum_change} apart"
    elif change > limit:
        phase, why = "growth", f"{counts} ({change:+.0%})"
    elif change < -limit:
        phase, why = "decline", f"{counts} ({change:+.0%})"
    else:
        phase, why = "saturation", f"{counts} ({change:+.0%}), within the tolerance"
    return PhaseInference(phase, first, current, previous, why)


def _by_customer(
    transactions: Iterable[tuple[object, dt.date, object]],
) -> dict[object, list[dt.date]]:
    grouped: dict[object, list[dt.date]] = {}
    for position, row in enumerate(transactions):
        given: object = row
        if not isinstance(given, tuple | list) or len(given) != 3:  # noqa: PLR2004
            msg = f"transaction {position} must be (customer_id, date, amount) (got {row!r})"
            raise InvalidArgument(msg, field="transactions", value=row)
        customer, day = given[0], given[1]
        if not isinstance(day, dt.date):
            msg = f"transaction {position} must have a date second (got {day!r})"
            raise InvalidArgument(msg, field="transactions", value=row)
        try:
            grouped.setdefault(customer, []).append(day)
        except TypeError:
            msg = f"transaction {position} must have a hashable customer id (got {customer!r})"
            raise InvalidArgument(msg, field="transactions", value=row) from None
    return grouped


def infer_phases(
    transactions: Iterable[tuple[object, dt.date, object]],
    *,
    as_of: dt.date,
    window_days: int = PHASE_WINDOW_DAYS,
    tolerance: float = PHASE_TOLERANCE,
    minimum_change: int = PHASE_MINIMUM_CHANGE,
    minimum_growth_days: float = MINIMUM_GROWTH_DAYS,
) -> FrozenDict[object, PhaseInference]:
    """:func:`infer_phase` for each customer of ``(customer_id, date, amount)`` rows.

    The rows have the shape crmkit.value's transaction summaries read; the phase uses
    purchase dates only (the amount is not read).

    >>> rows = [("a", dt.date(2025, 11, 20), 10.0), ("b", dt.date(2024, 1, 5), 99.0)]
    >>> {k: v.phase for k, v in infer_phases(rows, as_of=dt.date(2025, 12, 31)).items()}
    {'a': 'growth', 'b': 'decline'}
    """
    return freeze(
        {
            customer: infer_phase(
                days,
                as_of=as_of,
                window_days=window_days,
                tolerance=tolerance,
                minimum_change=minimum_change,
                minimum_growth_days=minimum_growth_days,
            )
            for customer, days in _by_customer(transactions).items()
        }
    )


@attrs.frozen
class DormancyCheck:
    """A customer's silence measured against its own purchase rhythm.

    Attributes:
        dormant: Whether the silence exceeds ``factor`` usual gaps (``None``: unknown, too
            few purchases and no default gap).
        usual_gap_days: The median gap between purchase days (or the default given).
        silent_days: Days from the last purchase to ``as_of``.
        ratio: ``silent_days / usual_gap_days`` (``None`` when unknown).
    """

    dormant: bool | None
    usual_gap_days: float | None
    silent_days: int
    ratio: float | None


def dormancy(
    purchases: Iterable[dt.date],
    *,
    as_of: dt.date,
    factor: float = DORMANCY_FACTOR,
    default_gap_days: float | None = None,
) -> DormancyCheck:
    """Whether a customer has gone quiet for longer than its own rhythm allows.

    Purchases on one day count once. With fewer than two purchase days the usual gap is
    ``default_gap_days`` if given, else the verdict is ``None`` (unknown).

    Raises:
        InvalidArgument: No purchases, a purchase after ``as_of``, or bad options.

    >>> monthly = [dt.date(2026, 1, 1) + dt.timedelta(days=30 * k) for k in range(6)]
    >>> dormancy(monthly, as_of=monthly[-1] + dt.timedelta(days=21)).dormant
    False
    """
    limit: object = factor
    if not isinstance(limit, int | float) or isinstance(limit, bool) or not 0 < limit < math.inf:
        msg = f"'factor' must be a finite number > 0 (got {factor!r})"
        raise InvalidArgument(msg, field="factor", value=factor)
    as_of = _day(as_of)
    days = sorted(set(_dates(purchases, as_of)))
    if not days:
        msg = "'purchases' must hold at least one purchase"
        raise InvalidArgument(msg, field="purchases", value=days)
    silent = (as_of - days[-1]).days
    gaps = sorted((b - a).days for a, b in itertools.pairwise(days))
    if gaps:
        middle = len(gaps) // 2
        usual = float(gaps[middle]) if len(gaps) % 2 else (gaps[middle - 1] + gaps[middle]) / 2
    elif default_gap_days is not None:
        usual = _days("default_gap_days", default_gap_days)
    else:
        return DormancyCheck(None, None, silent, None)
    ratio = silent / usual
    return DormancyCheck(ratio > limit, usual, silent, ratio)
