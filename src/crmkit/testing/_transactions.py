"""Seeded synthetic transaction logs with known parameters, for the customer-value models.

:func:`generate_transactions` tells the BG/NBD story (Fader, Hardie & Lee 2005, "Counting
your customers the easy way", *Marketing Science* 24(2):275–284) with Gamma-Gamma spend
(Fader, Hardie & Lee 2005, "RFM and CLV", *JMR* 42(4):415–430), one customer at a time:

* each customer makes a first purchase on a day drawn uniformly from the acquisition window
  (CDNOW's cohort first bought in the first quarter of 1997);
* while alive, purchases follow a Poisson process with rate ``λ ~ Gamma(r, α)`` per week;
* after each repeat purchase the customer drops out with probability ``p ~ Beta(a, b)``;
* each transaction's value is ``z ~ Gamma(p_spend, ν)`` with ``ν ~ Gamma(q, γ)`` per customer.

The default parameters are the published CDNOW estimates (BG/NBD r = 0.243, α = 4.414 weeks,
a = 0.793, b = 2.426; Gamma-Gamma p = 6.25, q = 3.74, γ = 15.44 dollars), so the generated
log looks like CDNOW's in rates and spend. Rows are ``(customer_id, date, amount)``, the shape
:func:`crmkit.value.summarize` reads. Only the standard library and attrs are needed.

>>> import random
>>> log = generate_transactions(3, rng=random.Random(1))
>>> sorted({row[0] for row in log.rows})
['C0000', 'C0001', 'C0002']
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict

__all__ = ["CDNOW_PARAMETERS", "SyntheticTransactions", "generate_transactions"]

CDNOW_PARAMETERS: Final = {
    "r": 0.243,
    "alpha": 4.414,
    "a": 0.793,
    "b": 2.426,
    "p": 6.25,
    "q": 3.74,
    "gamma": 15.44,
}
"""The published CDNOW estimates: BG/NBD (FHL 2005, *Marketing Science*, §7; α in weeks) and
Gamma-Gamma (FHL 2005, *JMR*; Fader & Hardie 2013 note 025; γ in dollars)."""

_DAYS_PER_WEEK: Final = 7.0
_ACQUISITION_DAYS: Final = 90
"""Days over which first purchases are spread: about a quarter, as CDNOW's cohort."""


@attrs.frozen
class SyntheticTransactions:
    """A generated transaction log and the truth behind it.

    Attributes:
        rows: ``(customer_id, date, amount)`` in date order, customer order within a day.
        parameters: The population parameters used (``CDNOW_PARAMETERS``' keys).
        start: First day of the acquisition window.
        end: Last day simulated.
        dropped_out: For each customer, the date they dropped out, or ``None``.
    """

    rows: tuple[tuple[str, dt.date, float], ...]
    parameters: FrozenDict[str, float]
    start: dt.date
    end: dt.date
    dropped_out: FrozenDict[str, dt.date | None]


def generate_transactions(
    customers: int,
    *,
    rng: random.Random,
    start: dt.date = dt.date(1997, 1, 1),
    end: dt.date = dt.date(1998, 6, 30),
    parameters: Mapping[str, float] | None = None,
) -> SyntheticTransactions:
    """A seeded transaction log for ``customers`` customers of one acquisition cohort.

    Args:
        customers: How many customers to simulate.
        rng: The random source (seed it for a reproducible log).
        start: First day of the acquisition window (first purchases within 90 days of it).
        end: Last day simulated; later purchases are not recorded.
        parameters: Population parameters, ``CDNOW_PARAMETERS`` by default (rates per week).

    Returns:
        The :class:`SyntheticTransactions`.

    >>> import random
    >>> a = generate_transactions(50, rng=random.Random(7))
    >>> b = generate_transactions(50, rng=random.Random(7))
    >>> a == b
    True
    """
    if type(customers) is not int or customers < 0:
        msg = f"'customers' must be a whole number >= 0 (got {customers!r})"
        raise InvalidArgument(msg, field="customers", value=customers)
    if end < start:
        msg = f"'end' must not be before start {start!r} (got {end!r})"
        raise InvalidArgument(msg, field="end", value=end)
    values = dict(CDNOW_PARAMETERS if parameters is None else parameters)
    missing = sorted(set(CDNOW_PARAMETERS) - set(values))
    if missing or any(not (v > 0) for v in values.values()):
        msg = f"'parameters' needs positive {sorted(CDNOW_PARAMETERS)!r} (got {values!r})"
        raise InvalidArgument(msg, field="parameters", value=values)
    rows: list[tuple[str, dt.date, float]] = []
    dropped: dict[str, dt.date | None] = {}
    horizon = (end - start).days
    for k in range(customers):
        customer = f"C{k:04d}"
        rate = rng.gammavariate(values["r"], 1.0 / values["alpha"])  # per week
        drop = rng.betavariate(values["a"], values["b"])
        scale = rng.gammavariate(values["q"], 1.0 / values["gamma"])  # ν
        first = rng.uniform(0.0, min(_ACQUISITION_DAYS, horizon + 1) - 1e-9)
        rows.append((customer, start + dt.timedelta(days=int(first)), _spend(rng, values, scale)))
        dropped[customer] = None
        day = first
        while rate > 0:
            day += rng.expovariate(rate) * _DAYS_PER_WEEK
            if day > horizon:
                break
            rows.append((customer, start + dt.timedelta(days=int(day)), _spend(rng, values, scale)))
            if rng.random() < drop:  # inactive after this repeat transaction, with prob. p
                dropped[customer] = start + dt.timedelta(days=int(day))
                break
    rows.sort(key=lambda row: (row[1], row[0]))
    return SyntheticTransactions(
        rows=tuple(rows),
        parameters=FrozenDict(values),
        start=start,
        end=end,
        dropped_out=FrozenDict(dropped),
    )


def _spend(rng: random.Random, values: dict[str, float], scale: float) -> float:
    """One transaction's value, ``z ~ Gamma(p, ν)``, in cents."""
    return round(rng.gammavariate(values["p"], 1.0 / scale), 2)
