"""Database decay: how fast the fields of a customer file go stale.

The CRM text lists yearly change rates and concludes "It does not take long for databases to
degrade" (L5186–5197). This module turns such rates into the share of records still correct
after ``t`` years, a per-field breakdown, the file's half-life, and the expected number of
stale records.

Model and assumptions (the symbols used in every docstring below):

* ``r_i``: the annual change rate of field ``i``, a fraction of records per year in [0, 1]
  (``FieldDecay.annual_rate``).
* ``t``: elapsed time in years (``years``), any non-negative real.
* Each field changes at most once per year with probability ``r_i``, independently of the other
  fields and of earlier years (a Bernoulli event per field per year). Then a record is still
  fully correct after ``t`` whole years with probability ``S(t) = Π_i (1 − r_i)^t``.
* Equivalently, in continuous time each field changes as a Poisson process with hazard
  ``λ_i = −ln(1 − r_i)`` per year, so ``S(t) = exp(−t Σ_i λ_i)``. The two forms agree at every
  whole year and the continuous form gives fractional years their meaning.

Independence is a modelling assumption, not a fact: a business that relocates (L5189) usually
changes postcode as well (L5191), so the product overstates decay when both fields are listed.
List the rates that apply to your records and do not double-count one event.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only.

>>> round(record_survival(TEXTBOOK_DECAY_RATES, years=1), 4)
0.6994
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

import attrs

from crmkit._errors import InvalidArgument

__all__ = [
    "BUSINESS_RELOCATION_RATE",
    "MANAGING_DIRECTOR_JOB_CHANGE_RATE",
    "TEXTBOOK_DECAY_RATES",
    "UK_POSTCODE_CHANGE_RATE",
    "WESTERN_MORTALITY_RATE",
    "DecayBreakdown",
    "DecayRates",
    "FieldDecay",
    "FieldSurvival",
    "decay_breakdown",
    "expected_stale_records",
    "half_life",
    "record_survival",
]

MANAGING_DIRECTOR_JOB_CHANGE_RATE: Final[float] = 0.19
"""Share of managing directors who change jobs in a year (fraction per year; L5187)."""

BUSINESS_RELOCATION_RATE: Final[float] = 0.08
"""Share of businesses that relocate in a year (fraction per year; L5189)."""

UK_POSTCODE_CHANGE_RATE: Final[float] = 0.05
"""Share of UK postcodes that change in an average year (fraction per year; L5191)."""

WESTERN_MORTALITY_RATE: Final[float] = 0.012
"""Share of the population of western economies that dies each year (fraction per year; L5193).

The text's fifth statistic, "in the USA, over 40 million people change addresses each year"
(L5195), is a head count, not a rate, so no constant is derived from it here.
"""


def _check_rate(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a real number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name!r} must be a real number in [0, 1] (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        msg = f"{name!r} must be in [0, 1] (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return float(value)


def _check_years(value: object) -> float:
    """Return ``years`` as a float after checking it is a finite real number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"'years' must be a real number >= 0 (got {value!r})"
        raise InvalidArgument(msg, field="years", value=value)
    if not 0.0 <= value < math.inf:  # also rejects NaN
        msg = f"'years' must be finite and >= 0 (got {value!r})"
        raise InvalidArgument(msg, field="years", value=value)
    return float(value)


def _validate_name(_instance: object, _attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"'name' must be a non-blank string (got {value!r})"
        raise InvalidArgument(msg, field="name", value=value)


def _validate_rate(_instance: object, _attribute: attrs.Attribute[float], value: object) -> None:
    _check_rate(value, "annual_rate")


def _hazard(rate: float) -> float:
    """Continuous-time hazard ``λ = −ln(1 − r)`` per year; ``inf`` when ``r = 1``."""
    return math.inf if rate == 1.0 else -math.log1p(-rate)


def _survival(rate: float, years: float) -> float:
    """``(1 − r)^t`` with the convention ``0^0 = 1`` (no time elapsed, nothing changed)."""
    return 1.0 if years == 0.0 else (1.0 - rate) ** years


@attrs.frozen
class FieldDecay:
    """The annual change rate of one field of a customer record.

    Args:
        name: The field, for example ``"contact_person"`` or ``"postcode"``.
        annual_rate: ``r``, the fraction of records whose field changes in a year, in [0, 1].

    >>> FieldDecay("postcode", UK_POSTCODE_CHANGE_RATE)
    FieldDecay(name='postcode', annual_rate=0.05)
    """

    name: str = attrs.field(validator=_validate_name)
    annual_rate: float = attrs.field(validator=_validate_rate)

    @property
    def hazard(self) -> float:
        """The continuous-time hazard ``λ = −ln(1 − r)`` per year (``inf`` when ``r = 1``).

        >>> round(FieldDecay("contact_person", 0.19).hazard, 4)
        0.2107
        """
        return _hazard(float(self.annual_rate))


def _validate_fields(
    _instance: object, _attribute: attrs.Attribute[tuple[FieldDecay, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value:
        msg = f"'fields' must be a non-empty tuple of FieldDecay (got {value!r})"
        raise InvalidArgument(msg, field="fields", value=value)
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, FieldDecay):
            msg = f"'fields' must hold FieldDecay values (got {item!r})"
            raise InvalidArgument(msg, field="fields", value=item)
        if item.name in seen:
            msg = f"'fields' names each field once (got {item.name!r} twice)"
            raise InvalidArgument(msg, field="fields", value=item.name)
        seen.add(item.name)


@attrs.frozen
class DecayRates:
    """The annual change rates of the fields that make a record correct.

    Args:
        fields: One :class:`FieldDecay` per field, each name once.

    >>> rates = DecayRates.from_mapping({"contact_person": 0.19, "address": 0.08})
    >>> [field.name for field in rates.fields]
    ['contact_person', 'address']
    """

    fields: tuple[FieldDecay, ...] = attrs.field(validator=_validate_fields)

    @classmethod
    def from_mapping(cls, rates: Mapping[str, float]) -> DecayRates:
        """Build the rates from a mapping of field name to annual rate, in the mapping's order.

        >>> DecayRates.from_mapping({"postcode": 0.05}).fields[0].annual_rate
        0.05
        """
        given: object = rates  # checked at run time: callers may not run a type checker
        if not isinstance(given, Mapping):
            msg = f"'rates' must be a mapping of field name to annual rate (got {given!r})"
            raise InvalidArgument(msg, field="rates", value=given)
        return cls(tuple(FieldDecay(name, rate) for name, rate in given.items()))

    @property
    def total_hazard(self) -> float:
        """``Σ λ_i``, the record's continuous-time hazard per year.

        >>> round(DecayRates.from_mapping({"a": 0.19, "b": 0.08}).total_hazard, 4)
        0.2941
        """
        return math.fsum(field.hazard for field in self.fields)


TEXTBOOK_DECAY_RATES: Final[DecayRates] = DecayRates(
    (
        FieldDecay("contact_person", MANAGING_DIRECTOR_JOB_CHANGE_RATE),
        FieldDecay("business_address", BUSINESS_RELOCATION_RATE),
        FieldDecay("postcode", UK_POSTCODE_CHANGE_RATE),
        FieldDecay("contact_alive", WESTERN_MORTALITY_RATE),
    )
)
"""The four yearly rates of L5187–5193, as the fields of a UK business-to-business record.

A record naming a managing director at a UK business goes stale when the director changes job,
the business relocates, the postcode is recoded or the director dies. Relocation and postcode
change overlap (see the module notes), so treat the combined survival as a pessimistic bound.
"""


def _check_rates(rates: object) -> DecayRates:
    if not isinstance(rates, DecayRates):
        msg = f"'rates' must be a DecayRates (got {rates!r}); see DecayRates.from_mapping"
        raise InvalidArgument(msg, field="rates", value=rates)
    return rates


def record_survival(rates: DecayRates, *, years: float) -> float:
    """Return the share of records still fully correct after ``years`` years.

    Formula: ``S(t) = Π_i (1 − r_i)^t = exp(−t Σ_i λ_i)`` with ``λ_i = −ln(1 − r_i)``.
    Source: the yearly rates of the CRM text, L5186–5195; the product form assumes independent
    annual change events per field (see the module notes). Units: ``r_i`` per year, ``t`` in
    years, ``S`` a fraction in [0, 1]. Symbols: ``r_i`` is ``rates.fields[i].annual_rate``,
    ``t`` is ``years``.

    Args:
        rates: The annual change rate of each field.
        years: ``t``, the time since the records were last verified, in years (≥ 0).

    Returns:
        The probability that a record verified ``t`` years ago has no stale field.

    Raises:
        InvalidArgument: ``rates`` is not a :class:`DecayRates` or ``years`` is negative,
            infinite or not a number.

    >>> contact = DecayRates.from_mapping({"contact_person": MANAGING_DIRECTOR_JOB_CHANGE_RATE})
    >>> round(record_survival(contact, years=2), 4)
    0.6561
    """
    checked = _check_rates(rates)
    t = _check_years(years)
    return math.prod(_survival(float(field.annual_rate), t) for field in checked.fields)


@attrs.frozen
class FieldSurvival:
    """How one field has decayed after ``years`` years.

    Attributes:
        name: The field.
        annual_rate: ``r``, its annual change rate.
        survival: ``(1 − r)^t``, the share of records whose field is still correct.
    """

    name: str
    annual_rate: float
    survival: float

    @property
    def stale_share(self) -> float:
        """``1 − (1 − r)^t``, the share of records whose field is stale.

        >>> round(FieldSurvival("postcode", 0.05, 0.95).stale_share, 2)
        0.05
        """
        return 1.0 - self.survival


@attrs.frozen
class DecayBreakdown:
    """Per-field decay after ``years`` years, fastest-decaying field first.

    Attributes:
        years: ``t``, in years.
        fields: One :class:`FieldSurvival` per field, sorted by survival ascending (ties keep
            the order of the rates).
        record_survival: ``Π_i (1 − r_i)^t``, the share of records with no stale field.
    """

    years: float
    fields: tuple[FieldSurvival, ...]
    record_survival: float

    @property
    def fastest(self) -> FieldSurvival:
        """The field that decays fastest (the first of ``fields``).

        >>> decay_breakdown(TEXTBOOK_DECAY_RATES, years=1).fastest.name
        'contact_person'
        """
        return self.fields[0]


def decay_breakdown(rates: DecayRates, *, years: float) -> DecayBreakdown:
    """Return each field's survival after ``years`` years and the record's combined survival.

    Formula: per field ``S_i(t) = (1 − r_i)^t``; per record ``S(t) = Π_i S_i(t)`` (independent
    annual events; CRM text L5186–5195). Units: ``r_i`` per year, ``t`` in years, ``S`` a
    fraction. Symbols: ``r_i`` is ``rates.fields[i].annual_rate``, ``t`` is ``years``.

    Args:
        rates: The annual change rate of each field.
        years: ``t``, in years (≥ 0).

    Returns:
        The fields sorted fastest-decaying first, and the combined survival.

    Raises:
        InvalidArgument: as :func:`record_survival`.

    >>> breakdown = decay_breakdown(TEXTBOOK_DECAY_RATES, years=1)
    >>> for field in breakdown.fields:
    ...     print(field.name, round(field.survival, 3))
    contact_person 0.81
    business_address 0.92
    postcode 0.95
    contact_alive 0.988
    >>> round(breakdown.record_survival, 4)
    0.6994
    """
    checked = _check_rates(rates)
    t = _check_years(years)
    fields = tuple(
        FieldSurvival(f.name, f.annual_rate, _survival(float(f.annual_rate), t))
        for f in checked.fields
    )
    ordered = tuple(sorted(fields, key=lambda field: field.survival))
    combined = math.prod(field.survival for field in fields)
    return DecayBreakdown(years=t, fields=ordered, record_survival=combined)


def half_life(rates: DecayRates) -> float:
    """Return the years until half of the records have at least one stale field.

    Formula: solve ``S(t½) = 1/2``: ``t½ = ln 2 / Σ_i λ_i`` with ``λ_i = −ln(1 − r_i)``
    (continuous-time form of the independent-events model; rates from L5186–5195). Units:
    years. Symbols: ``r_i`` is ``rates.fields[i].annual_rate``. When every rate is 0 the file
    never decays and the result is ``math.inf``; when a rate is 1 it is ``0.0``.

    Args:
        rates: The annual change rate of each field.

    Returns:
        ``t½`` in years.

    Raises:
        InvalidArgument: ``rates`` is not a :class:`DecayRates`.

    >>> contact = DecayRates.from_mapping({"contact_person": MANAGING_DIRECTOR_JOB_CHANGE_RATE})
    >>> round(half_life(contact), 2)
    3.29
    """
    total = _check_rates(rates).total_hazard
    if total == 0.0:
        return math.inf
    return math.log(2.0) / total


def expected_stale_records(rates: DecayRates, *, records: int, years: float) -> float:
    """Return the expected number of records with at least one stale field after ``years``.

    Formula: ``E[stale] = N (1 − S(t))`` with ``S(t) = Π_i (1 − r_i)^t`` (each record decays
    independently; rates from L5186–5195). Units: records. Symbols: ``N`` is ``records``,
    ``t`` is ``years``, ``r_i`` is ``rates.fields[i].annual_rate``. The result is an
    expectation, not rounded; the count itself is binomial with variance ``N S (1 − S)``.

    Args:
        rates: The annual change rate of each field.
        records: ``N``, the number of records in the file (≥ 0).
        years: ``t``, in years (≥ 0).

    Returns:
        The expected number of stale records.

    Raises:
        InvalidArgument: ``records`` is not a non-negative integer, or as
            :func:`record_survival`.

    >>> contact = DecayRates.from_mapping({"contact_person": MANAGING_DIRECTOR_JOB_CHANGE_RATE})
    >>> round(expected_stale_records(contact, records=10_000, years=1))
    1900
    """
    given: object = records  # checked at run time: callers may not run a type checker
    if isinstance(given, bool) or not isinstance(given, int) or given < 0:
        msg = f"'records' must be an integer >= 0 (got {given!r})"
        raise InvalidArgument(msg, field="records", value=given)
    return given * (1.0 - record_survival(rates, years=years))
