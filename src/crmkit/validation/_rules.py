"""Generic field rules: length, numeric and date ranges, birth dates, patterns, allowed values.

A rule is a frozen value with a ``run(value, record, *, as_of)`` method returning a
:class:`CheckOutcome`: the normalised value (or ``None`` when the rule does not normalise)
and the findings. Rules never see missing values: the schema reports those once, as
``required.missing`` when the field is required, and skips the field's rules otherwise.

Anything with such a ``run`` method (the :class:`FieldCheck` protocol) can stand in a
schema, so a team's own rule is a ten-line class.

>>> Range(minimum=0, maximum=120).run(130, {}, as_of=None).findings[0].code
'range.above_maximum'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Protocol, runtime_checkable

import attrs

from crmkit._errors import InvalidDefinition
from crmkit.validation._report import Severity
from crmkit.validation._values import as_date

__all__ = [
    "MAX_PLAUSIBLE_AGE_YEARS",
    "RULE_REASONS",
    "BirthDate",
    "CheckOutcome",
    "DateRange",
    "FieldCheck",
    "Finding",
    "Length",
    "OneOf",
    "Pattern",
    "Predicate",
    "Range",
    "age_in_years",
]

#: The oldest fully verified human lifespan, Jeanne Calment, 122 years 164 days
#: (Robine & Allard, "The oldest human", Science 279:1834, 1998). A birth date implying an
#: older customer is a data error, not a record holder.
MAX_PLAUSIBLE_AGE_YEARS = 122

RULE_REASONS: Mapping[str, str] = {
    "required.missing": "value is required but missing",
    "length.too_short": "value is shorter than the minimum length",
    "length.too_long": "value is longer than the maximum length",
    "range.not_a_number": "value is not a number",
    "range.below_minimum": "value is below the minimum",
    "range.above_maximum": "value is above the maximum",
    "date.format": "value is not a date (expected a date or an ISO 8601 string)",
    "date.before_earliest": "value is before the earliest allowed date",
    "date.after_latest": "value is after the latest allowed date",
    "date.in_future": "value is after the as-of date",
    "birth_date.in_future": "value is a birth date after the as-of date",
    "birth_date.too_young": "value gives an age below the minimum",
    "birth_date.too_old": "value gives an age above the plausible maximum",
    "pattern.mismatch": "value does not match the required pattern",
    "one_of.not_allowed": "value is not one of the allowed values",
    "compare.failed": "value fails a comparison with another field",
    "rule.failed": "value fails a record rule",
}


@attrs.frozen
class Finding:
    """One thing a rule found about one value.

    Attributes:
        code: Stable reason code (``"range.above_maximum"``).
        detail: What is wrong, without the field name or value (the schema adds them).
        severity: ``"error"`` or ``"warning"``.
        suggestion: A proposed correction, if any.
    """

    code: str
    detail: str
    severity: Severity = "error"
    suggestion: object = None


@attrs.frozen
class CheckOutcome:
    """What one rule made of one value: the normalised value (``None``: unchanged) and findings.

    >>> CheckOutcome().findings
    ()
    """

    normalized: object = None
    findings: tuple[Finding, ...] = ()


_OK = CheckOutcome()


@runtime_checkable
class FieldCheck(Protocol):
    """Anything a :class:`~crmkit.validation.RecordSchema` can run on a field's value."""

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check ``value`` (never missing), seeing the whole ``record`` for cross-field rules."""
        ...


def _fail(code: str, detail: str, *, suggestion: object = None) -> CheckOutcome:
    return CheckOutcome(findings=(Finding(code=code, detail=detail, suggestion=suggestion),))


def _check_interval(minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and maximum is not None and minimum > maximum:
        msg = f"'minimum' must not exceed 'maximum' (got {minimum!r} > {maximum!r})"
        raise InvalidDefinition(msg, field="minimum", value=minimum)


def _optional_ge0(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (not isinstance(value, int) or value < 0):
        msg = f"'{attribute.name}' must be a non-negative int or None (got {value!r})"
        raise InvalidDefinition(msg, field=attribute.name, value=value)


@attrs.frozen
class Length:
    """The value's text length (``len(str(value).strip())``) lies in [minimum, maximum].

    >>> Length(maximum=3).run("abcd", {}, as_of=None).findings[0].code
    'length.too_long'
    """

    minimum: int | None = attrs.field(default=None, kw_only=True, validator=_optional_ge0)
    maximum: int | None = attrs.field(default=None, kw_only=True, validator=_optional_ge0)

    def __attrs_post_init__(self) -> None:
        """Reject an empty interval when the schema is built."""
        _check_interval(self.minimum, self.maximum)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check the length; see the class docstring."""
        del record, as_of
        size = len(str(value).strip())
        if self.minimum is not None and size < self.minimum:
            return _fail("length.too_short", f"value has length {size} < {self.minimum}")
        if self.maximum is not None and size > self.maximum:
            return _fail("length.too_long", f"value has length {size} > {self.maximum}")
        return _OK


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@attrs.frozen
class Range:
    """A numeric value (or numeric string) lies in [minimum, maximum] (inclusive).

    >>> Range(minimum=0).run("-1", {}, as_of=None).findings[0].code
    'range.below_minimum'
    >>> Range(minimum=0).run("ten", {}, as_of=None).findings[0].code
    'range.not_a_number'
    """

    minimum: float | None = attrs.field(default=None, kw_only=True)
    maximum: float | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        """Reject an empty interval when the schema is built."""
        _check_interval(self.minimum, self.maximum)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check the range; see the class docstring."""
        del record, as_of
        number = _number(value)
        if number is None:
            return _fail("range.not_a_number", RULE_REASONS["range.not_a_number"])
        if self.minimum is not None and number < self.minimum:
            return _fail("range.below_minimum", f"value is below the minimum {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            return _fail("range.above_maximum", f"value is above the maximum {self.maximum}")
        return _OK


@attrs.frozen
class DateRange:
    """A date lies in [earliest, latest]; with ``not_after_as_of`` it is also not after as_of.

    The normalised value is the ISO date string (``"2024-02-29"``).

    >>> rule = DateRange(not_after_as_of=True)
    >>> rule.run("2031-01-01", {}, as_of=dt.date(2026, 1, 1)).findings[0].code
    'date.in_future'
    """

    earliest: dt.date | None = attrs.field(default=None, kw_only=True)
    latest: dt.date | None = attrs.field(default=None, kw_only=True)
    not_after_as_of: bool = attrs.field(default=False, kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check the date; see the class docstring."""
        del record
        day = as_date(value)
        if day is None:
            return _fail("date.format", RULE_REASONS["date.format"])
        if self.earliest is not None and day < self.earliest:
            return _fail("date.before_earliest", f"value is before {self.earliest.isoformat()}")
        if self.latest is not None and day > self.latest:
            return _fail("date.after_latest", f"value is after {self.latest.isoformat()}")
        if self.not_after_as_of and as_of is not None and day > as_of:
            return _fail("date.in_future", f"value is after the as-of date {as_of.isoformat()}")
        return CheckOutcome(normalized=day.isoformat())


def age_in_years(born: dt.date, *, as_of: dt.date) -> int:
    """Completed years of age on ``as_of`` (a 29 February birthday counts on 1 March).

    >>> age_in_years(dt.date(2000, 2, 29), as_of=dt.date(2021, 2, 28))
    20
    >>> age_in_years(dt.date(2000, 2, 29), as_of=dt.date(2021, 3, 1))
    21
    """
    before_birthday = (as_of.month, as_of.day) < (born.month, born.day)
    return as_of.year - born.year - before_birthday


@attrs.frozen
class BirthDate:
    """A birth date: not after ``as_of``, and a plausible age in [min_age, max_age] years.

    ``max_age`` defaults to :data:`MAX_PLAUSIBLE_AGE_YEARS`; ``min_age`` to 0. Set
    ``min_age=18`` for a product sold to adults only. Needs ``as_of`` (the schema passes it).

    >>> rule = BirthDate(min_age=18)
    >>> rule.run("2010-06-01", {}, as_of=dt.date(2026, 1, 1)).findings[0].code
    'birth_date.too_young'
    >>> rule.run("1890-01-01", {}, as_of=dt.date(2026, 1, 1)).findings[0].code
    'birth_date.too_old'
    """

    min_age: int = attrs.field(default=0, kw_only=True, validator=attrs.validators.ge(0))
    max_age: int = attrs.field(
        default=MAX_PLAUSIBLE_AGE_YEARS, kw_only=True, validator=attrs.validators.ge(0)
    )

    def __attrs_post_init__(self) -> None:
        """Reject an empty age interval when the schema is built."""
        if self.min_age > self.max_age:
            msg = f"'min_age' must not exceed 'max_age' (got {self.min_age!r} > {self.max_age!r})"
            raise InvalidDefinition(msg, field="min_age", value=self.min_age)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check the birth date; see the class docstring."""
        del record
        day = as_date(value)
        if day is None:
            return _fail("date.format", RULE_REASONS["date.format"])
        if as_of is None:
            return CheckOutcome(normalized=day.isoformat())
        if day > as_of:
            return _fail(
                "birth_date.in_future", f"value is after the as-of date {as_of.isoformat()}"
            )
        age = age_in_years(day, as_of=as_of)
        if age < self.min_age:
            return _fail("birth_date.too_young", f"value gives age {age} < {self.min_age}")
        if age > self.max_age:
            return _fail("birth_date.too_old", f"value gives age {age} > {self.max_age}")
        return CheckOutcome(normalized=day.isoformat())


@attrs.frozen
class Pattern:
    r"""The text matches a regular expression in full (``re.fullmatch``).

    >>> Pattern(regex=r"[A-Z]{2}\d{4}", description="two letters, four digits").run(
    ...     "ab1234", {}, as_of=None).findings[0].detail
    'value does not match two letters, four digits'
    """

    regex: str = attrs.field(kw_only=True)
    description: str = attrs.field(kw_only=True)
    _compiled: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    @_compiled.default
    def _compile(self) -> re.Pattern[str]:
        try:
            return re.compile(self.regex)
        except re.error as error:
            msg = f"'regex' is not a valid regular expression: {error} (got {self.regex!r})"
            raise InvalidDefinition(msg, field="regex", value=self.regex) from error

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check the pattern; see the class docstring."""
        del record, as_of
        if self._compiled.fullmatch(str(value).strip()) is None:
            return _fail("pattern.mismatch", f"value does not match {self.description}")
        return _OK


def _frozen_values(values: object) -> frozenset[str]:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        msg = f"'values' must be a collection of strings, not a single value (got {values!r})"
        raise InvalidDefinition(msg, field="values", value=values)
    return frozenset(str(v) for v in values)


@attrs.frozen
class OneOf:
    """The value is one of ``values``.

    With ``case_sensitive=False`` the canonical spelling from ``values`` is the normalised
    value.

    >>> OneOf(values=("gold", "silver"), case_sensitive=False).run(
    ...     "GOLD", {}, as_of=None).normalized
    'gold'
    """

    values: frozenset[str] = attrs.field(kw_only=True, converter=_frozen_values)
    case_sensitive: bool = attrs.field(default=True, kw_only=True)
    _folded: Mapping[str, str] = attrs.field(init=False, repr=False, eq=False)

    @_folded.default
    def _fold(self) -> Mapping[str, str]:
        return {v.casefold(): v for v in self.values}

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check membership; see the class docstring."""
        del record, as_of
        text = str(value).strip()
        if self.case_sensitive:
            if text in self.values:
                return CheckOutcome(normalized=text)
        elif (canonical := self._folded.get(text.casefold())) is not None:
            return CheckOutcome(normalized=canonical)
        shown = ", ".join(sorted(self.values)[:_SHOWN_ALLOWED])
        return _fail("one_of.not_allowed", f"value is not one of {{{shown}}}")


_SHOWN_ALLOWED = 10  # allowed values listed in a message before it is cut


@attrs.frozen
class Predicate:
    """A team's own rule as a function of the whole record: ``test(record) -> bool``.

    The finding is reported on ``field`` with ``code`` (default ``"rule.failed"``).

    >>> rule = Predicate(test=lambda r: r["start"] <= r["end"], detail="ends before it starts")
    >>> rule.run(None, {"start": 2, "end": 1}, as_of=None).findings[0].code
    'rule.failed'
    """

    test: Callable[[Mapping[str, object]], bool] = attrs.field(kw_only=True)
    detail: str = attrs.field(kw_only=True)
    code: str = attrs.field(default="rule.failed", kw_only=True)
    severity: Severity = attrs.field(default="error", kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Evaluate the predicate on the record."""
        del value, as_of
        if self.test(record):
            return _OK
        finding = Finding(code=self.code, detail=self.detail, severity=self.severity)
        return CheckOutcome(findings=(finding,))
