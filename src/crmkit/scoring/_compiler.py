"""Compiling conditions into closures, and the value semantics they evaluate with.

A scoring model compiles each condition once, when the model is built, into a plain Python
function ``check(lead, events, as_of) -> bool`` with every operand prepared in advance
(text case-folded, regular expressions compiled, dates parsed), so scoring a lead is a
sequence of cheap calls. ``events`` maps an event type to the lead's events of that type as
``(age_days, day, properties)`` triples (``day``: the event's calendar date as an ordinal),
already limited to events at or before ``as_of``.

The semantics are those documented in :mod:`crmkit.scoring._conditions`: a missing value
makes a comparison false; text compares case-insensitively after trimming; numeric text
compares as a number (plain digits: "1,200" is refused rather than read as 1200 or 1.2);
dates compare as dates. A value that cannot be compared (the text ``"many"`` against 200)
raises :class:`~crmkit.InvalidValue` naming the field and showing
the value, never a silent ``False``.

This module imports the standard library and ``crmkit`` scoring's condition module only.

>>> import datetime as dt
>>> from crmkit.scoring._conditions import field
>>> check = compile_condition(field("employees").between(50, 500))
>>> check({"employees": "120"}, {}, dt.date(2026, 1, 1)), check({"employees": None}, {}, None)
(True, False)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from crmkit._errors import InvalidDefinition, InvalidValue
from crmkit.scoring._conditions import (
    AllOf,
    AnyOf,
    Condition,
    EventCondition,
    FieldCondition,
    Not,
)

__all__ = ["Check", "Events", "as_moment", "compile_condition", "is_missing"]

Events = Mapping[str, list[tuple[float, int, Mapping[str, object]]]]
Check = Callable[[Mapping[str, object], Events, "dt.date | None"], bool]

SECONDS_PER_DAY: Final = 86_400.0
_TRUE_TEXT: Final = frozenset({"true", "yes", "1"})
_FALSE_TEXT: Final = frozenset({"false", "no", "0"})


def is_missing(value: object) -> bool:
    """Whether ``value`` means "no value": ``None``, ``NaN`` or text empty after trimming.

    >>> [is_missing(v) for v in (None, float("nan"), "  ", 0, "0")]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # noqa: PLR0124  (NaN is the only float unequal to itself)
    return isinstance(value, str) and not value.strip()


def as_moment(name: str, value: object) -> dt.date:
    """A date or datetime from a date, a datetime or ISO 8601 text; anything else is an error.

    >>> as_moment("at", "2026-03-01T09:30:00")
    datetime.datetime(2026, 3, 1, 9, 30)
    """
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if ("T" in text or " " in text) else parsed.date()
    msg = f"'{name}' must be a date, a datetime or ISO 8601 text (got {value!r})"
    raise InvalidValue(msg, field=name, value=value)


def _number(name: str, value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())  # "1,200" and "1,5" are refused, not guessed
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    msg = f"'{name}' must be a number to compare with numbers (got {value!r})"
    raise InvalidValue(msg, field=name, value=value)


def _same_kind(name: str, value: dt.date, operand: dt.date) -> dt.date:
    """``value`` as the operand's kind: a date for a date, a datetime for a datetime."""
    if not isinstance(operand, dt.datetime):
        return value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=operand.tzinfo)
    if (value.tzinfo is None) != (operand.tzinfo is None):
        msg = f"'{name}' mixes a time zone-aware and a naive datetime (got {value!r})"
        raise InvalidValue(msg, field=name, value=value)
    return value


def _age_days(name: str, value: dt.date, as_of: dt.date) -> float:
    value = _same_kind(name, value, as_of)
    if isinstance(value, dt.datetime):
        moment: Any = as_of
        return (moment - value).total_seconds() / SECONDS_PER_DAY  # type: ignore[no-any-return]
    return float((as_of - value).days)


def _equality_test(name: str, operand: object) -> Callable[[object], bool]:
    """A test of one (present) value against one operand of ``equals`` / ``in``."""
    if isinstance(operand, bool):

        def bool_check(value: object) -> bool:
            if isinstance(value, bool):
                return value is operand
            if isinstance(value, str) and value.strip().casefold() in _TRUE_TEXT | _FALSE_TEXT:
                return (value.strip().casefold() in _TRUE_TEXT) is operand
            if isinstance(value, int | float):
                return bool(value) is operand
            msg = f"'{name}' must be a boolean to compare with {operand!r} (got {value!r})"
            raise InvalidValue(msg, field=name, value=value)

        return bool_check
    if isinstance(operand, str):
        folded = operand.strip().casefold()
        try:
            as_number: float | None = float(folded)
        except ValueError:
            as_number = None

        def text_check(value: object) -> bool:
            if isinstance(value, str):
                return value.strip().casefold() == folded
            if isinstance(value, int | float) and not isinstance(value, bool):
                return as_number is not None and float(value) == as_number  # "250" vs 250
            if isinstance(value, dt.date):
                return value.isoformat() == folded  # "2026-01-31" vs a date
            return False

        return text_check
    if isinstance(operand, dt.date):
        return lambda value: _same_kind(name, as_moment(name, value), operand) == operand
    number = float(operand)  # type: ignore[arg-type]  # checked: a number by _check_operand
    return lambda value: _number(name, value) == number


def _ordered_test(name: str, operator: str, operand: Any) -> Callable[[object], bool]:  # noqa: ANN401
    convert: Callable[[object], Any]
    if isinstance(operand, dt.date):
        date_operand = operand
        convert = lambda v: _same_kind(name, as_moment(name, v), date_operand)  # noqa: E731
    else:
        operand = float(operand)
        convert = lambda v: _number(name, v)  # noqa: E731
    compare: Callable[[Any, Any], bool] = {
        "less_than": lambda a, b: a < b,
        "at_most": lambda a, b: a <= b,
        "greater_than": lambda a, b: a > b,
        "at_least": lambda a, b: a >= b,
        "before": lambda a, b: a < b,
        "after": lambda a, b: a > b,
    }[operator]
    return lambda value: compare(convert(value), operand)


def _value_test(condition: FieldCondition) -> Callable[[object, dt.date | None], bool]:
    """A test of one present value (``as_of`` for ``within_days``)."""
    name, operator = condition.field, condition.operator
    operand: Any = condition.value
    if operator in {"equals", "not_equals"}:
        equal = _equality_test(name, operand)
        if operator == "equals":
            return lambda value, _as_of: equal(value)
        return lambda value, _as_of: not equal(value)
    if operator in {"in", "not_in"}:
        tests = tuple(_equality_test(name, item) for item in operand)
        folded = frozenset(item.strip().casefold() for item in operand if isinstance(item, str))
        only_text = all(isinstance(item, str) for item in operand)
        inside = operator == "in"

        def in_check(value: object, _as_of: dt.date | None) -> bool:
            if only_text:
                found = isinstance(value, str) and value.strip().casefold() in folded
            else:
                found = any(test(value) for test in tests)
            return found is inside

        return in_check
    if operator == "between":
        low, high = operand
        above = _ordered_test(name, "at_least", low)
        below = _ordered_test(name, "at_most", high)
        return lambda value, _as_of: above(value) and below(value)
    if operator == "contains":
        needle = str(operand).strip().casefold()

        def contains_check(value: object, _as_of: dt.date | None) -> bool:
            if isinstance(value, str):
                return needle in value.casefold()
            if isinstance(value, list | tuple | set | frozenset):
                return any(isinstance(v, str) and v.strip().casefold() == needle for v in value)
            msg = f"'{name}' must be text or a list to test 'contains' (got {value!r})"
            raise InvalidValue(msg, field=name, value=value)

        return contains_check
    if operator == "matches":
        search = re.compile(str(operand)).search
        return lambda value, _as_of: search(str(value)) is not None
    if operator == "within_days":
        days = float(operand)

        def within_check(value: object, as_of: dt.date | None) -> bool:
            if as_of is None:
                msg = f"'as_of' is needed to test {name!r} within days (got None)"
                raise InvalidValue(msg, field="as_of", value=as_of)
            age = _age_days(name, as_moment(name, value), as_of)
            return 0.0 <= age <= days

        return within_check
    ordered = _ordered_test(name, operator, operand)
    return lambda value, _as_of: ordered(value)


def _compile_field(condition: FieldCondition) -> Check:
    name, operator = condition.field, condition.operator
    if operator in {"exists", "missing"}:
        wanted = operator == "exists"
        return lambda lead, _events, _as_of: (not is_missing(lead.get(name))) is wanted
    test = _value_test(condition)

    def check(lead: Mapping[str, object], _events: Events, as_of: dt.date | None) -> bool:
        value = lead.get(name)
        if value is None or is_missing(value):
            return False
        return test(value, as_of)

    return check


def _compile_event(condition: EventCondition) -> Check:
    kind, window = condition.event_type, condition.within_days
    least, most = condition.at_least, condition.at_most
    filters = tuple(_compile_field(item) for item in condition.where)
    no_events: dict[str, list[tuple[float, int, Mapping[str, object]]]] = {}

    def check(_lead: Mapping[str, object], events: Events, as_of: dt.date | None) -> bool:
        found = 0
        for age, _day, properties in events.get(kind, ()):
            if window is not None and age > window:
                continue
            if all(keep(properties, no_events, as_of) for keep in filters):
                found += 1
                if most is None and found >= least:
                    return True
        return found >= least and (most is None or found <= most)

    return check


def compile_condition(condition: Condition) -> Check:
    """The condition as a function ``check(lead, events, as_of) -> bool``.

    Args:
        condition: Any condition node.

    Returns:
        A function of the lead's fields (a mapping), its events grouped by type as
        ``(age_days, day, properties)`` triples, and the ``as_of`` date or datetime.

    Raises:
        InvalidDefinition: ``condition`` is not a condition node.

    >>> from crmkit.scoring._conditions import event
    >>> check = compile_condition(event("demo", at_least=2, within_days=30))
    >>> check({}, {"demo": [(3.0, 0, {}), (45.0, 0, {})]}, None)
    False
    """
    if isinstance(condition, FieldCondition):
        return _compile_field(condition)
    if isinstance(condition, EventCondition):
        return _compile_event(condition)
    if isinstance(condition, AllOf | AnyOf):
        parts = tuple(compile_condition(item) for item in condition.conditions)
        if isinstance(condition, AllOf):
            return lambda lead, events, as_of: all(part(lead, events, as_of) for part in parts)
        return lambda lead, events, as_of: any(part(lead, events, as_of) for part in parts)
    if isinstance(condition, Not):
        inner = compile_condition(condition.condition)
        return lambda lead, events, as_of: not inner(lead, events, as_of)
    msg = f"'condition' must be a crmkit condition (got {condition!r})"
    raise InvalidDefinition(msg, field="condition", value=condition)
