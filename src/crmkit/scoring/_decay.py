"""Time decay of engagement points: half-life and linear-per-period.

Engagement fades: an event's points shrink with the event's age at ``as_of``. HubSpot's
knowledge base describes the decay as "linear": "a rule gives 10 points when a form is filled
out. A decay of 50% every month would mean that, a month after the form was filled out, the
10 points ... would be cut in half" (anchor notes A.1). Its text stops there, and two
readings fit it, so crmkit offers both under distinct names:

- :class:`LinearDecay` (the linear reading): each whole period removes the same fraction of
  the *original* points, ``factor = max(0, 1 − fraction · ⌊age / period⌋)``; 10 points at
  50 % a month are worth 5 after one month and 0 after two.
- :class:`HalfLifeDecay` (the compounding reading): ``factor = 0.5 ** (age / half_life)``,
  continuous in the age; 10 points with a 30-day half-life are worth 5 after 30 days and
  2.5 after 60.

Ages are in days (fractional when ``as_of`` and the event are datetimes); an event is never
older than 0 days (events after ``as_of`` are not scored at all). Neither decay ever raises
points: both factors lie in [0, 1] and never increase with age.

This module imports the standard library, attrs and ``crmkit._errors`` only.

>>> LinearDecay(fraction=0.5, period_days=30).factor(30), HalfLifeDecay(30).factor(60)
(0.5, 0.25)
"""

from __future__ import annotations

import math

import attrs

from crmkit._errors import InvalidDefinition

__all__ = ["Decay", "HalfLifeDecay", "LinearDecay"]


def _positive_days(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    del instance
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not (ok and math.isfinite(value) and value > 0):  # type: ignore[arg-type,operator]
        msg = f"'{attribute.name}' must be a number of days > 0 (got {value!r})"
        raise InvalidDefinition(msg, field=attribute.name, value=value)


@attrs.frozen
class HalfLifeDecay:
    """Exponential decay: points halve every ``half_life_days``.

    ``factor(age) = 0.5 ** (age / half_life_days)`` (age in days).

    >>> round(10 * HalfLifeDecay(half_life_days=30).factor(60), 6)
    2.5
    """

    half_life_days: float = attrs.field(validator=_positive_days)

    def factor(self, age_days: float) -> float:
        """The share of an event's points left at ``age_days`` (1 at age 0)."""
        return float(0.5 ** (max(age_days, 0.0) / self.half_life_days))


@attrs.frozen
class LinearDecay:
    """Linear step decay: each whole period removes ``fraction`` of the original points.

    ``factor(age) = max(0, 1 − fraction · ⌊age / period_days⌋)`` (age in days). HubSpot's
    worked example: 10 points, 50 % a month (``period_days=30``) -> 5 after a month, 0 after
    two.

    >>> decay = LinearDecay(fraction=0.5, period_days=30)
    >>> [10 * decay.factor(age) for age in (0, 29.9, 30, 59, 60, 400)]
    [10.0, 10.0, 5.0, 5.0, 0.0, 0.0]
    """

    fraction: float = attrs.field()
    period_days: float = attrs.field(validator=_positive_days)

    @fraction.validator
    def _check_fraction(self, _attribute: object, value: object) -> None:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not (ok and 0 < value <= 1):  # type: ignore[operator]
            msg = f"'fraction' must be in (0, 1] (got {value!r})"
            raise InvalidDefinition(msg, field="fraction", value=value)

    def factor(self, age_days: float) -> float:
        """The share of an event's points left at ``age_days`` (1 at age 0)."""
        periods = math.floor(max(age_days, 0.0) / self.period_days)
        return max(0.0, 1.0 - self.fraction * periods)


Decay = HalfLifeDecay | LinearDecay
