"""Dormant customers: who has been inactive long enough, given their own buying rhythm.

Maintenance rule 4 of the CRM text: "Purge customers who have been inactive for a certain
period of time. For frequently bought products, the dormant time period might be six months or
less. For products with a longer repeat purchase cycle, the period will be longer. It is not
always clear what a suitable dormancy period is." (L5208–5210). The churn signal gives the
scale: "If a customer typically purchases from you every week, and you notice the customer has
not purchased in the previous month, try to research the possible reasons" (L4680–4682).

So the window is the customer's own purchase cycle times a multiplier, floored at a minimum,
with a six-month default when the history is too short to show a cycle. Where a long silence
is normal (the text's credit-card holder who only uses a foreign-currency card when travelling,
L5211–5213), pass a fixed ``window`` per product category instead.

Dates: ``purchase_dates`` and ``as_of`` are all :class:`datetime.date` values, or all naive
:class:`datetime.datetime` values, or all timezone-aware ones. Mixing the kinds is an error,
because a date has no time of day and a naive time has no zone to compare with.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only.

>>> import datetime as dt
>>> weekly = [dt.date(2024, 1, 1) + dt.timedelta(weeks=k) for k in range(10)]
>>> dormancy(weekly, as_of=weekly[-1] + dt.timedelta(days=30)).dormant
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from crmkit._errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "DEFAULT_CYCLE_MULTIPLIER",
    "DEFAULT_DORMANCY_WINDOW",
    "DEFAULT_MINIMUM_WINDOW",
    "DORMANCY_REASONS",
    "DormancyStatus",
    "dormancy",
    "purchase_cycle",
]

DEFAULT_CYCLE_MULTIPLIER: Final[float] = 4.0
"""``k``, the dormancy window in purchase cycles (dimensionless).

The churn signal flags a weekly buyer after "the previous month" without a purchase
(L4680–4682). A month lasts 28 to 31 days, 4.0 to 4.4 weekly cycles, so ``k`` must be at most
4 for every month to trigger the flag; 4 is the most tolerant such value, which keeps false
alarms on customers who merely skipped a cycle or two as few as the text allows.
"""

DEFAULT_MINIMUM_WINDOW: Final[dt.timedelta] = dt.timedelta(days=28)
"""The shortest window derived from a cycle: 4 × 7 days, the default ``k`` times the weekly cycle
of the text's churn example (L4680).

A customer who buys several times a week is not dormant after a few quiet days; below the
weekly example the text gives no shorter period, so none is used.
"""

DEFAULT_DORMANCY_WINDOW: Final[dt.timedelta] = dt.timedelta(days=183)
"""The window when the history shows no cycle: six months, half of 365.25 days rounded up.

"For frequently bought products, the dormant time period might be six months or less"
(L5208–5209); a customer with one purchase has shown no rhythm, so the outer bound is used.
"""

DORMANCY_REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "dormancy.cycle_window": "window = multiplier × the customer's purchase cycle",
        "dormancy.minimum_window": "window = minimum_window (multiplier × cycle was shorter)",
        "dormancy.default_window": "window = default_window (fewer than two purchase occasions)",
        "dormancy.fixed_window": "window = the fixed window given by the caller",
    }
)
"""Every ``DormancyStatus.reason`` code, with how the window was chosen."""

_NAIVE: Final = "naive datetime"
_AWARE: Final = "timezone-aware datetime"
_DATE: Final = "date"
_MIN_OCCASIONS: Final = 2  # a gap, hence a cycle, needs two distinct purchase occasions


def _kind(value: object, name: str) -> str:
    """Return which kind of date ``value`` is, or raise naming ``name``."""
    if isinstance(value, dt.datetime):
        return _NAIVE if value.utcoffset() is None else _AWARE
    if isinstance(value, dt.date):
        return _DATE
    msg = f"{name!r} must be a datetime.date or datetime.datetime (got {value!r})"
    raise InvalidArgument(msg, field=name, value=value)


def _occasions(
    purchase_dates: Iterable[dt.date], *, reference: tuple[str, str] | None = None
) -> list[dt.date]:
    """Return the distinct purchase occasions sorted, after checking they are all one kind.

    ``reference`` is ``(name, kind)`` of the value the dates must match (``as_of``); without
    it the first date sets the kind.
    """
    given = tuple(purchase_dates)
    for index, value in enumerate(given):
        name = f"purchase_dates[{index}]"
        found = _kind(value, name)
        if reference is None:
            reference = (name, found)
        if found != reference[1]:
            msg = f"{name!r} is a {found} but {reference[0]!r} is a {reference[1]} (got {value!r})"
            raise InvalidArgument(msg, field=name, value=value)
    return sorted(set(given))


def _cycle(occasions: list[dt.date]) -> dt.timedelta | None:
    """The median gap between consecutive occasions, ``None`` with fewer than two."""
    if len(occasions) < _MIN_OCCASIONS:
        return None
    gaps = sorted(later - earlier for earlier, later in itertools.pairwise(occasions))
    middle = len(gaps) // 2
    if len(gaps) % 2:
        return gaps[middle]
    return (gaps[middle - 1] + gaps[middle]) / 2


def purchase_cycle(purchase_dates: Iterable[dt.date]) -> dt.timedelta | None:
    """Return the customer's typical interval between purchases, or ``None`` if unknown.

    Formula: the median of the gaps ``d_(j+1) − d_j`` between consecutive distinct purchase
    occasions ``d_1 < d_2 < … < d_m``. The median, not the mean, so that one long holiday
    does not stretch the cycle. This is the "repeat purchase cycle" of L5209–5210 and the
    "typically purchases from you every week" of L4680. Units: a :class:`~datetime.timedelta`.
    Equal dates count as one occasion (several transactions in one visit).

    Args:
        purchase_dates: The customer's purchase dates, in any order, all of one kind (see the
            module notes).

    Returns:
        The median gap, or ``None`` when there are fewer than two distinct occasions.

    Raises:
        InvalidArgument: a value is not a date, or the kinds are mixed.

    >>> import datetime as dt
    >>> purchase_cycle([dt.date(2024, 3, 1), dt.date(2024, 3, 8), dt.date(2024, 3, 22)])
    datetime.timedelta(days=10, seconds=43200)
    >>> purchase_cycle([dt.date(2024, 3, 1)]) is None
    True
    """
    return _cycle(_occasions(purchase_dates))


@attrs.frozen
class DormancyStatus:
    """Whether a customer is dormant on ``as_of``, and why.

    Attributes:
        dormant: ``inactive >= window``.
        inactive: Time from the last purchase to ``as_of``.
        window: The dormancy window applied.
        cycle: The customer's purchase cycle, ``None`` when fewer than two occasions.
        reason: How the window was chosen, a code of :data:`DORMANCY_REASONS`.
        last_purchase: The latest purchase date.
    """

    dormant: bool
    inactive: dt.timedelta
    window: dt.timedelta
    cycle: dt.timedelta | None
    reason: str
    last_purchase: dt.date

    @property
    def days_inactive(self) -> int:
        """Whole days from the last purchase to ``as_of``.

        >>> import datetime as dt
        >>> dormancy([dt.date(2024, 1, 1)], as_of=dt.date(2024, 3, 1)).days_inactive
        60
        """
        return self.inactive.days


def _check_window(value: object, name: str) -> dt.timedelta:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        msg = f"{name!r} must be a positive datetime.timedelta (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def dormancy(
    purchase_dates: Iterable[dt.date],
    *,
    as_of: dt.date,
    multiplier: float = DEFAULT_CYCLE_MULTIPLIER,
    minimum_window: dt.timedelta = DEFAULT_MINIMUM_WINDOW,
    default_window: dt.timedelta = DEFAULT_DORMANCY_WINDOW,
    window: dt.timedelta | None = None,
) -> DormancyStatus:
    """Return whether the customer has been inactive for their dormancy window on ``as_of``.

    Formula: ``dormant = (as_of − d_m) >= W`` with ``W = max(k × c, W_min)`` when the cycle
    ``c`` is known, ``W = W_default`` when it is not, and ``W = W_fixed`` when the caller fixes
    it. Symbols: ``d_m`` is the last purchase, ``c`` is :func:`purchase_cycle`, ``k`` is
    ``multiplier``, ``W_min`` is ``minimum_window``, ``W_default`` is ``default_window``,
    ``W_fixed`` is ``window``. Units: durations. Sources: rule 4, L5208–5213 (the window grows
    with the repeat-purchase cycle; six months or less for frequent purchases) and the weekly
    buyer of L4680–4682 (see :data:`DEFAULT_CYCLE_MULTIPLIER`).

    The credit-card caveat (L5211–5213): a card used only when travelling may rest for a year
    without the holder leaving. Keep one fixed ``window`` per product category for such cases,
    for example ``window=dt.timedelta(days=730)``.

    Args:
        purchase_dates: The customer's purchase dates (at least one), all of one kind and none
            after ``as_of``.
        as_of: The day (or instant) of the assessment, of the same kind as the dates.
        multiplier: ``k``, the window in purchase cycles (a real number ≥ 1).
        minimum_window: ``W_min``, the floor of a cycle-derived window (positive).
        default_window: ``W_default``, used with fewer than two purchase occasions (positive,
            ≥ ``minimum_window``).
        window: ``W_fixed``, a window that overrides the cycle rule (positive), or ``None``.

    Returns:
        The verdict, the inactivity, the window and how it was chosen.

    Raises:
        InvalidArgument: no purchase date, a date after ``as_of``, mixed date kinds, or an
            option out of range.

    >>> import datetime as dt
    >>> weekly = [dt.date(2024, 1, 1) + dt.timedelta(weeks=k) for k in range(10)]
    >>> status = dormancy(weekly, as_of=dt.date(2024, 3, 20))
    >>> (status.dormant, status.days_inactive, status.window.days, status.reason)
    (False, 16, 28, 'dormancy.cycle_window')
    """
    as_of_kind = _kind(as_of, "as_of")
    occasions = _occasions(purchase_dates, reference=("as_of", as_of_kind))
    if not occasions:
        msg = "'purchase_dates' must hold at least one purchase (got no dates)"
        raise InvalidArgument(msg, field="purchase_dates", value=())
    last = occasions[-1]
    if last > as_of:
        msg = f"'purchase_dates' must not be after 'as_of' ({as_of!r}) (got {last!r})"
        raise InvalidArgument(msg, field="purchase_dates", value=last)
    k: object = multiplier  # checked at run time: callers may not run a type checker
    if isinstance(k, bool) or not isinstance(k, int | float) or not 1.0 <= k < math.inf:
        msg = f"'multiplier' must be a finite real number >= 1 (got {multiplier!r})"
        raise InvalidArgument(msg, field="multiplier", value=multiplier)
    floor = _check_window(minimum_window, "minimum_window")
    fallback = _check_window(default_window, "default_window")
    if fallback < floor:
        msg = (
            f"'default_window' must not be shorter than 'minimum_window' ({floor!r}) "
            f"(got {fallback!r})"
        )
        raise InvalidArgument(msg, field="default_window", value=default_window)
    cycle = _cycle(occasions)
    if window is not None:
        chosen, reason = _check_window(window, "window"), "dormancy.fixed_window"
    elif cycle is None:
        chosen, reason = fallback, "dormancy.default_window"
    elif cycle * k < floor:
        chosen, reason = floor, "dormancy.minimum_window"
    else:
        chosen, reason = cycle * k, "dormancy.cycle_window"
    inactive = as_of - last
    return DormancyStatus(
        dormant=inactive >= chosen,
        inactive=inactive,
        window=chosen,
        cycle=cycle,
        reason=reason,
        last_purchase=last,
    )
