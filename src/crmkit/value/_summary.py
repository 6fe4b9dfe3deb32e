"""From a transaction log to per-customer frequency, recency, age and spend (RFM for BTYD).

The "buy till you die" models (Fader, Hardie & Lee 2005, "Counting your customers the easy
way", *Marketing Science* 24(2):275–284) read each customer as four numbers, in one time
unit the caller names:

* ``frequency`` ``x``: the number of *repeat* transactions (purchases after the first);
* ``recency`` ``t_x``: the time from the first purchase to the last one (0 when x = 0);
* ``T``: the time from the first purchase to the end of observation;
* ``monetary_value`` ``m̄``: the mean value of the repeat transactions (Fader, Hardie & Lee
  2005, "RFM and CLV", *JMR* 42(4):415–430: the Gamma-Gamma spend model is fitted to the
  repeat transactions only), ``None`` without any.

Conventions, stated because the anchors hide them: purchases on the same calendar day are
one transaction with their amounts summed (BTYD's ``dc.MergeTransactionsOnSameDate``, and
lifetimes); a timestamp counts as its calendar day; transactions after
``observation_end`` are ignored. Time units: ``"days"``, ``"weeks"`` (7 days), ``"months"``
(365.25 / 12 = 30.4375 days, the mean Gregorian month: lifetimes' hard-coded 30-day month
silently shifted CLV horizons) and ``"years"`` (365.25 days).

This module imports the standard library, attrs and ``crmkit._errors``.

>>> import datetime as dt
>>> rows = [("c1", dt.date(2024, 1, 1), 20.0), ("c1", dt.date(2024, 1, 15), 30.0),
...         ("c1", dt.date(2024, 1, 29), 10.0), ("c2", dt.date(2024, 1, 8), 5.0)]
>>> [summary.frequency for summary in summarize(rows, observation_end=dt.date(2024, 2, 26),
...                                             unit="weeks")]
[2, 0]
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Hashable, Iterable
from typing import Final, Literal

import attrs

from crmkit._errors import InvalidArgument

__all__ = [
    "DAYS_PER_UNIT",
    "CustomerSummary",
    "HoldoutSummary",
    "TimeUnit",
    "calibration_and_holdout",
    "summarize",
]

TimeUnit = Literal["days", "weeks", "months", "years"]

DAYS_PER_UNIT: Final = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}
"""Days in each time unit: months and years are the mean Gregorian (Julian-year) lengths."""


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    del instance
    if isinstance(value, bool) or not (
        isinstance(value, numbers.Real) and math.isfinite(value) and float(value) >= 0
    ):
        msg = f"'{attribute.name}' must be a finite number >= 0 (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


@attrs.frozen(kw_only=True)
class CustomerSummary:
    """One customer's repeat-purchase history, in the unit named by ``unit``.

    Attributes:
        customer_id: The customer's id.
        frequency: ``x``, repeat transactions (same-day purchases merged) [count].
        recency: ``t_x``, first to last purchase [unit]; 0 when ``frequency`` is 0.
        T: First purchase to the end of observation [unit]; at least ``recency``.
        monetary_value: Mean value of the repeat transactions [money], or ``None``.
        unit: The time unit of ``recency`` and ``T``.
    """

    customer_id: Hashable
    frequency: int
    recency: float = attrs.field(validator=_non_negative)
    T: float = attrs.field(validator=_non_negative)
    unit: TimeUnit = attrs.field(validator=attrs.validators.in_(tuple(DAYS_PER_UNIT)))
    monetary_value: float | None = None

    def __attrs_post_init__(self) -> None:
        """Check the relations the models rely on."""
        if type(self.frequency) is not int or self.frequency < 0:
            msg = f"'frequency' must be a whole number >= 0 (got {self.frequency!r})"
            raise InvalidArgument(msg, field="frequency", value=self.frequency)
        if self.recency > self.T or (self.frequency == 0 and self.recency != 0):
            msg = (
                "'recency' must be 0 without repeat transactions and at most T "
                f"(got recency {self.recency!r}, T {self.T!r}, frequency {self.frequency!r})"
            )
            raise InvalidArgument(msg, field="recency", value=self.recency)


@attrs.frozen
class HoldoutSummary:
    """A customer's calibration summary and what they did in the holdout period.

    Attributes:
        calibration: The :class:`CustomerSummary` at the end of calibration.
        frequency_holdout: Transactions in the holdout period [count].
        monetary_value_holdout: Mean value of those transactions [money], or ``None``.
        duration_holdout: Length of the holdout period [unit].
    """

    calibration: CustomerSummary
    frequency_holdout: int
    monetary_value_holdout: float | None
    duration_holdout: float


def _days(transactions: Iterable[object]) -> dict[Hashable, dict[dt.date, float | None]]:
    """Customer -> day -> amount summed over the day (``None`` when no amount is known)."""
    days: dict[Hashable, dict[dt.date, float | None]] = {}
    for index, row in enumerate(transactions):
        if not isinstance(row, tuple | list) or len(row) != 3:  # noqa: PLR2004 - id, date, amount
            msg = f"'transactions[{index}]' must be (customer_id, date, amount) (got {row!r})"
            raise InvalidArgument(msg, field=f"transactions[{index}]", value=row)
        customer, when, amount = row
        day = when.date() if isinstance(when, dt.datetime) else when
        if not isinstance(day, dt.date):
            msg = f"'transactions[{index}]' date must be a date (got {when!r})"
            raise InvalidArgument(msg, field=f"transactions[{index}]", value=row)
        value: float | None = None  # missing, as NaN and None are in a DataFrame
        if isinstance(amount, bool) or not (amount is None or isinstance(amount, numbers.Real)):
            msg = f"'transactions[{index}]' amount must be a number or missing (got {amount!r})"
            raise InvalidArgument(msg, field=f"transactions[{index}]", value=row)
        if amount is not None and not math.isnan(amount):
            value = float(amount)
        per_day = days.setdefault(customer, {})
        if day in per_day:
            before = per_day[day]
            per_day[day] = None if before is None or value is None else before + value
        else:
            per_day[day] = value
    return days


def _check_date(name: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"'{name}' must be a date, not a timestamp (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def _check_unit(unit: object) -> float:
    if unit not in DAYS_PER_UNIT:
        msg = f"'unit' must be one of {sorted(DAYS_PER_UNIT)!r} (got {unit!r})"
        raise InvalidArgument(msg, field="unit", value=unit)
    return DAYS_PER_UNIT[str(unit)]


def _summary(
    customer: Hashable, per_day: dict[dt.date, float | None], end: dt.date, unit: TimeUnit
) -> CustomerSummary | None:
    dates = sorted(day for day in per_day if day <= end)
    if not dates:
        return None
    scale = DAYS_PER_UNIT[unit]
    amounts = [per_day[day] for day in dates[1:]]
    known = [a for a in amounts if a is not None]
    return CustomerSummary(
        customer_id=customer,
        frequency=len(dates) - 1,
        recency=(dates[-1] - dates[0]).days / scale,
        T=(end - dates[0]).days / scale,
        monetary_value=math.fsum(known) / len(known) if known else None,
        unit=unit,
    )


def summarize(
    transactions: Iterable[tuple[Hashable, dt.date, float | None]],
    *,
    observation_end: dt.date,
    unit: TimeUnit,
) -> tuple[CustomerSummary, ...]:
    """Per-customer frequency, recency, T and mean repeat spend from a transaction log.

    Args:
        transactions: ``(customer_id, date, amount)`` rows; ``amount`` may be ``None`` or
            NaN (missing); dates may be timestamps.
        observation_end: The last day observed; later rows are ignored.
        unit: The time unit of ``recency`` and ``T`` (module docstring).

    Returns:
        One :class:`CustomerSummary` per customer with a purchase by ``observation_end``,
        in the order customers first appear.

    >>> import datetime as dt
    >>> rows = [("c1", dt.date(2024, 1, 1), 20.0), ("c1", dt.date(2024, 1, 15), 30.0),
    ...         ("c1", dt.date(2024, 1, 15), 5.0), ("c1", dt.date(2024, 1, 29), 10.0)]
    >>> summary, = summarize(rows, observation_end=dt.date(2024, 2, 26), unit="weeks")
    >>> summary.frequency, summary.recency, summary.T, summary.monetary_value
    (2, 4.0, 8.0, 22.5)
    """
    _check_unit(unit)
    _check_date("observation_end", observation_end)
    summaries = (
        _summary(customer, per_day, observation_end, unit)
        for customer, per_day in _days(transactions).items()
    )
    return tuple(s for s in summaries if s is not None)


def calibration_and_holdout(
    transactions: Iterable[tuple[Hashable, dt.date, float | None]],
    *,
    calibration_end: dt.date,
    observation_end: dt.date,
    unit: TimeUnit,
) -> tuple[HoldoutSummary, ...]:
    """Summaries at ``calibration_end`` and each customer's transactions after it.

    The calibration cohort is the customers with a purchase by ``calibration_end``; a
    customer first seen in the holdout period is left out (the models predict for the
    calibration cohort). Holdout transactions are the days after ``calibration_end`` up to
    ``observation_end``, same-day purchases merged.

    Args:
        transactions: ``(customer_id, date, amount)`` rows, as :func:`summarize`.
        calibration_end: Last day of the calibration period.
        observation_end: Last day of the holdout period.
        unit: The time unit (module docstring).

    Returns:
        One :class:`HoldoutSummary` per calibration customer, in first-appearance order.

    >>> import datetime as dt
    >>> rows = [("c1", dt.date(2024, 1, 1), 20.0), ("c1", dt.date(2024, 2, 5), 30.0),
    ...         ("c2", dt.date(2024, 2, 1), 5.0)]
    >>> split, = calibration_and_holdout(rows, calibration_end=dt.date(2024, 1, 29),
    ...                                  observation_end=dt.date(2024, 2, 26), unit="weeks")
    >>> split.calibration.T, split.frequency_holdout, split.duration_holdout
    (4.0, 1, 4.0)
    """
    scale = _check_unit(unit)
    _check_date("calibration_end", calibration_end)
    _check_date("observation_end", observation_end)
    if observation_end < calibration_end:
        msg = (
            f"'observation_end' must not be before calibration_end {calibration_end!r} "
            f"(got {observation_end!r})"
        )
        raise InvalidArgument(msg, field="observation_end", value=observation_end)
    result = []
    for customer, per_day in _days(transactions).items():
        calibration = _summary(customer, per_day, calibration_end, unit)
        if calibration is None:
            continue
        later = [d for d in per_day if calibration_end < d <= observation_end]
        known = [a for d in later if (a := per_day[d]) is not None]
        result.append(
            HoldoutSummary(
                calibration=calibration,
                frequency_holdout=len(later),
                monetary_value_holdout=math.fsum(known) / len(known) if known else None,
                duration_holdout=(observation_end - calibration_end).days / scale,
            )
        )
    return tuple(result)
