"""The yearly data-quality audit: how many records to check and what the check shows.

Maintenance rule 3 of the CRM text reads "Audit a subset of the files every year. Measure the
amount of degradation. Identify the source of degradation: is it a particular data source or
field?" (L5205–5206). This module answers the three parts:

* :func:`audit_sample_size`: how many records to draw at random (Cochran's sample size for a
  proportion, with the finite population correction);
* :func:`audit_estimate`: the degradation rate the sample shows, with a Wilson score interval;
* :func:`audit_breakdown`: the same rate per data source and per field, worst first.

Every interval assumes a simple random sample of records. The Wilson interval ignores the
finite population correction, so it is conservative (too wide, never too narrow) when the
sample is a large share of the file.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only.

>>> audit_sample_size(population=1000)
278
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import TYPE_CHECKING, Final

import attrs

from crmkit._errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "DEFAULT_AUDIT_CONFIDENCE",
    "DEFAULT_AUDIT_MARGIN",
    "DEFAULT_EXPECTED_RATE",
    "AuditBreakdown",
    "AuditEstimate",
    "AuditedRecord",
    "GroupEstimate",
    "audit_breakdown",
    "audit_estimate",
    "audit_sample_size",
]

DEFAULT_AUDIT_CONFIDENCE: Final[float] = 0.95
"""Two-sided confidence level (a probability): the survey-sampling convention, Cochran §4.4."""

DEFAULT_AUDIT_MARGIN: Final[float] = 0.05
"""Margin of error ``e`` (a fraction of records, ±5 percentage points), Cochran §4.4."""

DEFAULT_EXPECTED_RATE: Final[float] = 0.5
"""Prior guess ``p`` of the error rate: 0.5 maximises ``p(1 − p)``, so it is the safe choice
when nothing is known (Cochran §4.4)."""


def _check_open_unit(value: object, name: str) -> float:
    """Return ``value`` as a float after checking it is a real number in (0, 1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name!r} must be a real number in (0, 1) (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if not 0.0 < value < 1.0:  # also rejects NaN
        msg = f"{name!r} must be strictly between 0 and 1 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return float(value)


def _check_count(value: object, name: str, *, minimum: int) -> int:
    """Return ``value`` after checking it is an int (not a bool) ≥ ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        msg = f"{name!r} must be an integer >= {minimum} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def _z(confidence: float) -> float:
    """The two-sided standard normal quantile ``z = Φ⁻¹((1 + confidence) / 2)``."""
    return NormalDist().inv_cdf((1.0 + confidence) / 2.0)


def audit_sample_size(
    *,
    population: int,
    confidence: float = DEFAULT_AUDIT_CONFIDENCE,
    margin: float = DEFAULT_AUDIT_MARGIN,
    expected_rate: float = DEFAULT_EXPECTED_RATE,
) -> int:
    """Return how many records to audit to measure the error rate within ``±margin``.

    Formula (Cochran, W. G. (1977) *Sampling Techniques*, 3rd ed., Wiley, §4.4):
    ``n0 = z² p (1 − p) / e²`` for an infinite file, then the finite population correction
    ``n = n0 / (1 + (n0 − 1) / N)``, rounded up and never above ``N``. Symbols: ``z`` is
    ``Φ⁻¹((1 + confidence) / 2)``, the standard normal quantile; ``p`` is ``expected_rate``;
    ``e`` is ``margin``; ``N`` is ``population``. Units: ``n`` and ``N`` are records; ``p`` and
    ``e`` are fractions of records. The same formula gives the table of Krejcie, R. V. and
    Morgan, D. W. (1970), *Educational and Psychological Measurement* 30, 607–610.
    Applies maintenance rule 3, "Audit a subset of the files every year" (CRM text L5205).

    Args:
        population: ``N``, the number of records in the file (≥ 1).
        confidence: The two-sided confidence level, in (0, 1).
        margin: ``e``, the largest acceptable distance between the measured and the true
            error rate, in (0, 1).
        expected_rate: ``p``, a prior guess of the error rate, in (0, 1); 0.5 is the safe
            choice when there is none.

    Returns:
        The number of records to draw at random, between 1 and ``population``.

    Raises:
        InvalidArgument: an argument is outside its range or of the wrong type.

    >>> audit_sample_size(population=10**9)
    385
    >>> audit_sample_size(population=100)
    80
    """
    n_records = _check_count(population, "population", minimum=1)
    level = _check_open_unit(confidence, "confidence")
    e = _check_open_unit(margin, "margin")
    p = _check_open_unit(expected_rate, "expected_rate")
    z = _z(level)
    n0 = z * z * p * (1.0 - p) / (e * e)
    n = n0 / (1.0 + (n0 - 1.0) / n_records)
    return max(1, min(math.ceil(n), n_records))


@attrs.frozen
class AuditEstimate:
    """The error rate measured by an audit, with its Wilson score interval.

    Attributes:
        sample_size: ``n``, the records audited.
        errors_found: ``x``, the audited records found degraded.
        confidence: The two-sided confidence level of the interval.
        rate: ``p̂ = x / n``, the measured degradation rate.
        lower: The lower end of the Wilson score interval for the true rate.
        upper: The upper end of the Wilson score interval for the true rate.
        population: ``N``, the records in the file, when given.
    """

    sample_size: int
    errors_found: int
    confidence: float
    rate: float
    lower: float
    upper: float
    population: int | None = None

    @property
    def stale_records(self) -> tuple[float, float, float] | None:
        """``(N·lower, N·p̂, N·upper)``: the degraded records in the whole file, or ``None``.

        >>> counts = audit_estimate(100, 10, population=5000).stale_records
        >>> tuple(round(count) for count in counts)
        (276, 500, 872)
        """
        if self.population is None:
            return None
        n = self.population
        return (n * self.lower, n * self.rate, n * self.upper)


def _wilson(errors: int, sample: int, z: float) -> tuple[float, float]:
    """The Wilson score interval for ``errors`` successes in ``sample`` trials."""
    p_hat = errors / sample
    z2_n = z * z / sample
    denominator = 1.0 + z2_n
    centre = (p_hat + z2_n / 2.0) / denominator
    half_width = z / denominator * math.sqrt(p_hat * (1.0 - p_hat) / sample + z2_n / (4.0 * sample))
    # At x = 0 (x = n) the lower (upper) end is exactly 0 (1); rounding must not move it.
    lower = 0.0 if errors == 0 else max(0.0, centre - half_width)
    upper = 1.0 if errors == sample else min(1.0, centre + half_width)
    return lower, upper


def audit_estimate(
    sample_size: int,
    errors_found: int,
    *,
    population: int | None = None,
    confidence: float = DEFAULT_AUDIT_CONFIDENCE,
) -> AuditEstimate:
    """Return the degradation rate an audit measured, with its Wilson score interval.

    Formula (Wilson, E. B. (1927), *JASA* 22, 209–212; recommended over the Wald interval by
    Agresti, A. and Coull, B. A. (1998), *The American Statistician* 52, 119–126):
    ``p̂ = x / n`` and ``(p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n)``.
    Symbols: ``x`` is ``errors_found``, ``n`` is ``sample_size``, ``z`` is
    ``Φ⁻¹((1 + confidence) / 2)``. Units: ``x`` and ``n`` are records; the rate and bounds
    are fractions of records. "Measure the amount of degradation" (CRM text L5205).

    Args:
        sample_size: ``n``, the records audited (≥ 1).
        errors_found: ``x``, the audited records found degraded (0 ≤ x ≤ n).
        population: ``N``, the records in the file (≥ ``n``), to project the counts onto the
            file; ``None`` when not needed.
        confidence: The two-sided confidence level, in (0, 1).

    Returns:
        The measured rate and the interval.

    Raises:
        InvalidArgument: a count is negative, ``x > n``, ``n > N``, or ``confidence`` is
            outside (0, 1).

    >>> estimate = audit_estimate(20, 0)
    >>> (estimate.rate, estimate.lower, round(estimate.upper, 4))
    (0.0, 0.0, 0.1611)
    """
    n = _check_count(sample_size, "sample_size", minimum=1)
    x = _check_count(errors_found, "errors_found", minimum=0)
    if x > n:
        msg = f"'errors_found' must not exceed 'sample_size' ({n!r}) (got {x!r})"
        raise InvalidArgument(msg, field="errors_found", value=x)
    if population is not None:
        _check_count(population, "population", minimum=1)
        if n > population:
            msg = f"'sample_size' must not exceed 'population' ({population!r}) (got {n!r})"
            raise InvalidArgument(msg, field="sample_size", value=n)
    level = _check_open_unit(confidence, "confidence")
    lower, upper = _wilson(x, n, _z(level))
    return AuditEstimate(
        sample_size=n,
        errors_found=x,
        confidence=level,
        rate=x / n,
        lower=lower,
        upper=upper,
        population=population,
    )


def _validate_name(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name!r} must be a non-blank string (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


def _validate_stale_fields(
    _instance: object, _attribute: attrs.Attribute[frozenset[str]], value: object
) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(item, str) for item in value):
        msg = f"'stale_fields' must be a frozenset of field names (got {value!r})"
        raise InvalidArgument(msg, field="stale_fields", value=value)


@attrs.frozen
class AuditedRecord:
    """One record checked by the audit.

    Args:
        source: Where the record came from (a list, a channel, a supplier).
        stale_fields: The fields the audit found wrong; empty when the record is correct.

    >>> AuditedRecord("web form", frozenset({"postcode"})).degraded
    True
    """

    source: str = attrs.field(validator=_validate_name)
    stale_fields: frozenset[str] = attrs.field(
        default=frozenset(), validator=_validate_stale_fields
    )

    @property
    def degraded(self) -> bool:
        """Whether any field of the record was found wrong.

        >>> AuditedRecord("import").degraded
        False
        """
        return bool(self.stale_fields)


@attrs.frozen
class GroupEstimate:
    """The error rate of one data source or one field.

    Attributes:
        name: The source or field.
        estimate: Its measured rate and Wilson interval.
    """

    name: str
    estimate: AuditEstimate


@attrs.frozen
class AuditBreakdown:
    """An audit's error rates overall, per data source and per field, worst first.

    Attributes:
        overall: Records with at least one stale field, over all records audited.
        by_source: Per source: its degraded records over its audited records.
        by_field: Per field: records where that field is stale, over all records audited.
    """

    overall: AuditEstimate
    by_source: tuple[GroupEstimate, ...]
    by_field: tuple[GroupEstimate, ...]


def _worst_first(groups: Iterable[GroupEstimate]) -> tuple[GroupEstimate, ...]:
    return tuple(sorted(groups, key=lambda group: (-group.estimate.rate, group.name)))


def audit_breakdown(
    records: Iterable[AuditedRecord],
    *,
    fields: tuple[str, ...],
    population: int | None = None,
    confidence: float = DEFAULT_AUDIT_CONFIDENCE,
) -> AuditBreakdown:
    """Return the audit's error rate overall, per data source and per field, worst first.

    Answers "Identify the source of degradation: is it a particular data source or field?"
    (CRM text L5205–5206). Every rate is ``x / n`` with a Wilson score interval as in
    :func:`audit_estimate`: overall ``x`` counts degraded records and ``n`` all records; per
    source ``x`` and ``n`` count that source's records; per field ``x`` counts records whose
    field is stale and ``n`` all records (every field is checked on every record). Groups are
    sorted by rate, highest first, then by name. With few records per group the intervals
    overlap widely: compare the intervals, not only the rates.

    Args:
        records: The audited records (at least one).
        fields: The fields the audit checked on every record; a field never found stale
            still gets a line, with rate 0.
        population: ``N``, the records in the whole file, for the overall estimate.
        confidence: The two-sided confidence level, in (0, 1).

    Returns:
        The three views of the audit.

    Raises:
        InvalidArgument: ``records`` is empty or holds something else than
            :class:`AuditedRecord`, a record names a field not in ``fields``, or as
            :func:`audit_estimate`.

    >>> audit = [AuditedRecord("fair", frozenset({"phone"})), AuditedRecord("fair"),
    ...          AuditedRecord("web"), AuditedRecord("web")]
    >>> report = audit_breakdown(audit, fields=("phone", "email"))
    >>> [(group.name, group.estimate.rate) for group in report.by_source]
    [('fair', 0.5), ('web', 0.0)]
    >>> [(group.name, group.estimate.errors_found) for group in report.by_field]
    [('phone', 1), ('email', 0)]
    """
    given: object = fields  # checked at run time: callers may not run a type checker
    if (
        not isinstance(given, tuple)
        or not given
        or not all(isinstance(name, str) for name in given)
        or len(set(given)) != len(given)
    ):
        msg = f"'fields' must be a non-empty tuple of distinct field names (got {given!r})"
        raise InvalidArgument(msg, field="fields", value=given)
    audited = tuple(records)
    if not audited:
        msg = f"'records' must hold at least one audited record (got {audited!r})"
        raise InvalidArgument(msg, field="records", value=audited)
    known = frozenset(fields)
    per_source: dict[str, list[int]] = {}
    per_field = dict.fromkeys(fields, 0)
    for index, item in enumerate(audited):
        record: object = item  # checked at run time: callers may not run a type checker
        if not isinstance(record, AuditedRecord):
            msg = f"'records[{index}]' must be an AuditedRecord (got {record!r})"
            raise InvalidArgument(msg, field=f"records[{index}]", value=record)
        unknown = record.stale_fields - known
        if unknown:
            msg = f"'records[{index}].stale_fields' names fields not in 'fields' (got {unknown!r})"
            raise InvalidArgument(msg, field=f"records[{index}].stale_fields", value=unknown)
        counts = per_source.setdefault(record.source, [0, 0])
        counts[0] += 1
        counts[1] += record.degraded
        for name in record.stale_fields:
            per_field[name] += 1
    n = len(audited)
    degraded = sum(record.degraded for record in audited)
    return AuditBreakdown(
        overall=audit_estimate(n, degraded, population=population, confidence=confidence),
        by_source=_worst_first(
            GroupEstimate(source, audit_estimate(size, errors, confidence=confidence))
            for source, (size, errors) in per_source.items()
        ),
        by_field=_worst_first(
            GroupEstimate(name, audit_estimate(n, errors, confidence=confidence))
            for name, errors in per_field.items()
        ),
    )
