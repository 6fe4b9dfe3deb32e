"""The condition language of crmkit's scoring models: plain data that reads well printed.

A condition is a frozen value built from five kinds of node:

- :class:`FieldCondition`: one comparison on a field of the lead (``employees >= 200``);
- :class:`EventCondition`: events of a type, filtered on their properties, counted within a
  window that ends at ``as_of`` (``event 'webinar' at least 2 times within 90 days``);
- :class:`AllOf`, :class:`AnyOf` and :class:`Not`, built with ``&``, ``|`` and ``~``.

Build them with :func:`field` and :func:`event`; :func:`condition_to_data` and
:func:`condition_from_data` turn them into JSON-ready data and back (JsonLogic-like dicts of
our own, the format recommended over a rule-engine dependency in the anchor notes, A.8).
Operators and their values are checked when a condition is built, so an unknown operator, a
regular expression that does not compile or an impossible range fails at once with
:class:`~crmkit.InvalidDefinition`.

Semantics (they hold for every operator, and :mod:`crmkit.scoring` evaluates them):

- a missing value (absent, ``None``, ``NaN``, or text that is empty after trimming, as a
  DataFrame's ``to_dict("records")`` gives them) makes every comparison false, including
  ``not_equals`` and ``not_in``; test for it with ``exists`` / ``missing`` or ``~``;
- text compares case-insensitively after trimming (``equals``, ``in``, ``contains``);
  ``matches`` is a regular-expression search with the pattern as written;
- number comparisons accept numeric text (``"250"`` from a CSV file); date comparisons
  accept :class:`datetime.date`, :class:`datetime.datetime` or ISO 8601 text;
- ``between`` includes both ends; ``within_days`` holds for a date no more than that many
  days before ``as_of`` (and not after it).

This module imports the standard library, attrs and ``crmkit._errors`` only.

>>> rule = (field("employees") >= 200) & field("country").is_in(("US", "CA"))
>>> print(rule)
(employees >= 200 and country in ('US', 'CA'))
>>> condition_from_data(condition_to_data(rule)) == rule
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from crmkit._errors import InvalidDefinition

__all__ = [
    "AllOf",
    "AnyOf",
    "Condition",
    "EventCondition",
    "FieldCondition",
    "Not",
    "condition_from_data",
    "condition_to_data",
    "event",
    "field",
]

# operator -> how it prints
_SYMBOLS: Final = {
    "equals": "==",
    "not_equals": "!=",
    "in": "in",
    "not_in": "not in",
    "less_than": "<",
    "at_most": "<=",
    "greater_than": ">",
    "at_least": ">=",
    "between": "between",
    "contains": "contains",
    "matches": "matches",
    "exists": "exists",
    "missing": "is missing",
    "before": "before",
    "after": "after",
    "within_days": "within days",
}
OPERATORS: Final = tuple(sorted(_SYMBOLS))
_ORDERED: Final = frozenset({"less_than", "at_most", "greater_than", "at_least"})
_DATED: Final = frozenset({"before", "after"})


class Condition:
    """Base of every condition node; combine nodes with ``&``, ``|`` and ``~``.

    >>> print(~field("email").exists() | field("score").between(0, 10))
    (not email exists or score between 0 and 10)
    """

    __slots__ = ()

    def __and__(self, other: Condition) -> AllOf:
        left = self.conditions if isinstance(self, AllOf) else (self,)
        return AllOf((*left, other))

    def __or__(self, other: Condition) -> AnyOf:
        left = self.conditions if isinstance(self, AnyOf) else (self,)
        return AnyOf((*left, other))

    def __invert__(self) -> Not:
        return Not(self)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date)


def _as_date(name: str, value: object) -> dt.date:
    """A date or datetime from a date, a datetime or ISO 8601 text."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            has_time = "T" in value or " " in value.strip()
            return parsed if has_time else parsed.date()
    msg = f"'{name}' must be a date, a datetime or ISO 8601 text (got {value!r})"
    raise InvalidDefinition(msg, field=name, value=value)


def _check_field_name(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"'{name}' must be non-empty text (got {value!r})"
        raise InvalidDefinition(msg, field=name, value=value)


def _convert_value(operator: str, value: object) -> object:
    """The operand in canonical form: tuples for lists, dates from ISO text."""
    if operator in {"in", "not_in", "between"} and isinstance(value, list):
        value = tuple(value)
    if operator in _DATED:
        return _as_date("value", value)
    if operator == "between" and isinstance(value, tuple) and len(value) == 2:  # noqa: PLR2004
        low, high = value
        if isinstance(low, str) and isinstance(high, str):
            return (_as_date("value", low), _as_date("value", high))
    return value


def _check_operand(operator: str, value: object) -> None:
    """Operands each operator accepts; anything else is an error when the rule is built."""
    bad = None
    if operator not in _SYMBOLS:
        msg = f"'operator' must be one of {', '.join(OPERATORS)} (got {operator!r})"
        raise InvalidDefinition(msg, field="operator", value=operator)
    if operator in {"equals", "not_equals"}:
        if not isinstance(value, str | int | float | dt.date) or value != value:  # noqa: PLR0124
            bad = "a text, number, boolean or date"
    elif operator in {"in", "not_in"}:
        if not isinstance(value, tuple) or not value:
            bad = "a non-empty list of values"
        elif any(not isinstance(v, str | int | float | dt.date) for v in value):
            bad = "a list of texts, numbers, booleans or dates"
    elif operator in _ORDERED:
        if not (_is_number(value) or _is_date(value)):
            bad = "a finite number or a date"
    elif operator == "between":
        pair: tuple[Any, Any] = (
            value if isinstance(value, tuple) and len(value) == 2 else (None, None)  # noqa: PLR2004
        )
        low, high = pair
        both_numbers = _is_number(low) and _is_number(high)
        both_dates = _is_date(low) and _is_date(high)
        if not (both_numbers or both_dates):
            bad = "a pair (low, high) of finite numbers or of dates"
        elif low > high:
            msg = f"'value' of 'between' is an impossible range: {low!r} > {high!r}"
            raise InvalidDefinition(msg, field="value", value=value)
    elif operator == "contains":
        if not isinstance(value, str) or not value.strip():
            bad = "non-empty text"
    elif operator == "matches":
        if not isinstance(value, str):
            bad = "a regular expression (text)"
        else:
            try:
                re.compile(value)
            except re.error as error:
                msg = (
                    f"'value' of 'matches' is not a valid regular expression: {error} "
                    f"(got {value!r})"
                )
                raise InvalidDefinition(msg, field="value", value=value) from None
    elif operator in {"exists", "missing"}:
        if value is not None:
            bad = "absent (None)"
    elif operator == "within_days" and not (_is_number(value) and value >= 0):  # type: ignore[operator]
        bad = "a number of days >= 0"
    if bad is not None:
        msg = f"'value' of {operator!r} must be {bad} (got {value!r})"
        raise InvalidDefinition(msg, field="value", value=value)


@attrs.frozen
class FieldCondition(Condition):
    """One comparison on a field: ``field operator value``.

    Args:
        field: The field (column) name.
        operator: One of ``OPERATORS`` (see the module's semantics).
        value: The operand; lists become tuples and ISO text becomes a date for the date
            operators.

    Raises:
        InvalidDefinition: An unknown operator or an operand the operator cannot use.

    >>> print(FieldCondition("employees", "between", [50, 500]))
    employees between 50 and 500
    >>> FieldCondition("employees", "between", (500, 50))
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidDefinition: 'value' of 'between' is an impossible range: 500 > 50
    """

    field: str
    operator: str
    value: object = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        _check_field_name("field", self.field)
        value = _convert_value(self.operator, self.value)
        if value is not self.value:
            object.__setattr__(self, "value", value)
        _check_operand(self.operator, self.value)

    def __str__(self) -> str:
        symbol = _SYMBOLS[self.operator]
        if self.operator in {"exists", "missing"}:
            return f"{self.field} {symbol}"
        if self.operator == "between":
            pair: tuple[Any, Any] = self.value  # type: ignore[assignment]
            low, high = pair
            return f"{self.field} between {low!r} and {high!r}"
        if self.operator == "within_days":
            return f"{self.field} within {self.value!r} days"
        return f"{self.field} {symbol} {self.value!r}"


def check_where(value: object) -> tuple[FieldCondition, ...]:
    """``value`` as a tuple of field conditions (an event's property filters), or an error."""
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or any(not isinstance(item, FieldCondition) for item in items):
        msg = f"'where' must be a list of field conditions (got {value!r})"
        raise InvalidDefinition(msg, field="where", value=value)
    return items


@attrs.frozen
class EventCondition(Condition):
    """Events of one type, filtered on their properties, counted within a window.

    Holds when the number of the lead's events of ``event_type`` that satisfy every
    ``where`` condition and happened at most ``within_days`` days before ``as_of`` (any time
    up to ``as_of`` when ``None``) lies in ``[at_least, at_most]``. Events after ``as_of``
    never count, so a score as of a past date is the score that date would have shown.

    Args:
        event_type: The event type to count (compared exactly).
        where: Field conditions on the event's properties, all of which must hold.
        within_days: The window's length in days ending at ``as_of``; ``None`` for no limit.
        at_least: The fewest matching events (0 allowed, with ``at_most``, for "none").
        at_most: The most matching events; ``None`` for no limit.

    >>> print(event("page_view", where=(field("path").equals("/pricing"),),
    ...             within_days=30, at_least=3))
    event 'page_view' where path == '/pricing' at least 3 times within 30 days
    """

    event_type: str
    where: tuple[FieldCondition, ...] = attrs.field(default=(), converter=check_where)
    within_days: float | None = None
    at_least: int = 1
    at_most: int | None = None

    def __attrs_post_init__(self) -> None:
        _check_field_name("event_type", self.event_type)
        days = self.within_days
        if days is not None and not (_is_number(days) and days >= 0):
            msg = f"'within_days' must be a number of days >= 0 or None (got {days!r})"
            raise InvalidDefinition(msg, field="within_days", value=days)
        for name, count in (("at_least", self.at_least), ("at_most", self.at_most)):
            if count is None and name == "at_most":
                continue
            if type(count) is not int or count < 0:
                msg = f"'{name}' must be a whole number >= 0 (got {count!r})"
                raise InvalidDefinition(msg, field=name, value=count)
        if self.at_most is not None and self.at_most < self.at_least:
            msg = (
                f"'at_most' is an impossible count: {self.at_most!r} < 'at_least' {self.at_least!r}"
            )
            raise InvalidDefinition(msg, field="at_most", value=self.at_most)

    def __str__(self) -> str:
        text = f"event {self.event_type!r}"
        if self.where:
            text += " where " + " and ".join(str(item) for item in self.where)
        if self.at_most is None:
            text += " at least once" if self.at_least == 1 else f" at least {self.at_least} times"
        elif self.at_most == self.at_least:
            text += f" exactly {self.at_least} times"
        else:
            text += f" {self.at_least} to {self.at_most} times"
        if self.within_days is not None:
            text += f" within {self.within_days!r} days"
        return text


def _check_nodes(value: object) -> tuple[Condition, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if not items or any(not isinstance(item, Condition) for item in items):
        msg = f"'conditions' must be a non-empty list of conditions (got {value!r})"
        raise InvalidDefinition(msg, field="conditions", value=value)
    return items


@attrs.frozen
class AllOf(Condition):
    """Holds when every one of ``conditions`` holds.

    >>> print(AllOf((field("a").exists(), field("b").exists())))
    (a exists and b exists)
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_check_nodes)

    def __str__(self) -> str:
        return "(" + " and ".join(str(item) for item in self.conditions) + ")"


@attrs.frozen
class AnyOf(Condition):
    """Holds when at least one of ``conditions`` holds.

    >>> print(AnyOf((field("a").exists(), field("b").exists())))
    (a exists or b exists)
    """

    conditions: tuple[Condition, ...] = attrs.field(converter=_check_nodes)

    def __str__(self) -> str:
        return "(" + " or ".join(str(item) for item in self.conditions) + ")"


@attrs.frozen
class Not(Condition):
    """Holds when ``condition`` does not (so ``~field("x").equals(1)`` holds for a missing x).

    >>> print(Not(field("country").equals("US")))
    not country == 'US'
    """

    condition: Condition = attrs.field()

    @condition.validator
    def _check(self, _attribute: object, value: object) -> None:
        if not isinstance(value, Condition):
            msg = f"'condition' must be a condition (got {value!r})"
            raise InvalidDefinition(msg, field="condition", value=value)

    def __str__(self) -> str:
        return f"not {self.condition}"


class field:  # noqa: N801  (reads as a function: field("x") >= 3)
    """A field reference that builds :class:`FieldCondition` values.

    >>> print(field("title").matches("vp|chief"))
    title matches 'vp|chief'
    >>> print(field("signed_up").within_days(30))
    signed_up within 30 days
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        _check_field_name("field", name)
        self.name = name

    def __repr__(self) -> str:
        return f"field({self.name!r})"

    def equals(self, value: object) -> FieldCondition:
        """``name == value`` (text: case-insensitive)."""
        return FieldCondition(self.name, "equals", value)

    def not_equals(self, value: object) -> FieldCondition:
        """``name != value`` (false when the field is missing)."""
        return FieldCondition(self.name, "not_equals", value)

    def is_in(self, values: tuple[object, ...]) -> FieldCondition:
        """``name`` is one of ``values``."""
        return FieldCondition(self.name, "in", values)

    def not_in(self, values: tuple[object, ...]) -> FieldCondition:
        """``name`` is none of ``values`` (false when the field is missing)."""
        return FieldCondition(self.name, "not_in", values)

    def between(self, low: object, high: object) -> FieldCondition:
        """``low <= name <= high``."""
        return FieldCondition(self.name, "between", (low, high))

    def contains(self, text: str) -> FieldCondition:
        """``text`` occurs in the field (case-insensitive), or is an item of a list field."""
        return FieldCondition(self.name, "contains", text)

    def matches(self, pattern: str) -> FieldCondition:
        """The regular expression ``pattern`` matches somewhere in the field's text."""
        return FieldCondition(self.name, "matches", pattern)

    def exists(self) -> FieldCondition:
        """The field has a value."""
        return FieldCondition(self.name, "exists")

    def missing(self) -> FieldCondition:
        """The field has no value (absent, None, NaN or empty text)."""
        return FieldCondition(self.name, "missing")

    def before(self, date: object) -> FieldCondition:
        """The field's date is before ``date``."""
        return FieldCondition(self.name, "before", date)

    def after(self, date: object) -> FieldCondition:
        """The field's date is after ``date``."""
        return FieldCondition(self.name, "after", date)

    def within_days(self, days: float) -> FieldCondition:
        """The field's date is at most ``days`` days before ``as_of``."""
        return FieldCondition(self.name, "within_days", days)

    def __lt__(self, value: object) -> FieldCondition:
        return FieldCondition(self.name, "less_than", value)

    def __le__(self, value: object) -> FieldCondition:
        return FieldCondition(self.name, "at_most", value)

    def __gt__(self, value: object) -> FieldCondition:
        return FieldCondition(self.name, "greater_than", value)

    def __ge__(self, value: object) -> FieldCondition:
        return FieldCondition(self.name, "at_least", value)


def event(
    event_type: str,
    *,
    where: tuple[FieldCondition, ...] = (),
    within_days: float | None = None,
    at_least: int = 1,
    at_most: int | None = None,
) -> EventCondition:
    """An :class:`EventCondition`: events of ``event_type`` counted within a window.

    >>> print(event("email_open", within_days=7, at_least=0, at_most=0))
    event 'email_open' exactly 0 times within 7 days
    """
    return EventCondition(event_type, where, within_days, at_least, at_most)


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def condition_to_data(condition: Condition) -> dict[str, object]:
    """A condition as JSON-ready data (dicts, lists, text, numbers).

    >>> condition_to_data(field("employees") >= 200)
    {'field': 'employees', 'op': 'at_least', 'value': 200}
    >>> condition_to_data(~event("unsubscribe"))
    {'not': {'event': 'unsubscribe', 'at_least': 1}}
    """
    if isinstance(condition, FieldCondition):
        data: dict[str, object] = {"field": condition.field, "op": condition.operator}
        if condition.operator not in {"exists", "missing"}:
            data["value"] = _plain(condition.value)
        return data
    if isinstance(condition, EventCondition):
        data = {"event": condition.event_type}
        if condition.where:
            data["where"] = [condition_to_data(item) for item in condition.where]
        if condition.within_days is not None:
            data["within_days"] = condition.within_days
        data["at_least"] = condition.at_least
        if condition.at_most is not None:
            data["at_most"] = condition.at_most
        return data
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        return {key: [condition_to_data(item) for item in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": condition_to_data(condition.condition)}
    msg = f"'condition' must be a crmkit condition (got {condition!r})"
    raise InvalidDefinition(msg, field="condition", value=condition)


_KEYS: Final = {
    "field": frozenset({"field", "op", "value"}),
    "event": frozenset({"event", "where", "within_days", "at_least", "at_most"}),
    "all": frozenset({"all"}),
    "any": frozenset({"any"}),
    "not": frozenset({"not"}),
}


def condition_from_data(data: Mapping[str, object]) -> Condition:
    """The condition that :func:`condition_to_data` wrote; unknown keys are errors.

    >>> print(condition_from_data({"any": [{"field": "country", "op": "in",
    ...                                     "value": ["US", "CA"]},
    ...                                    {"field": "vip", "op": "equals", "value": True}]}))
    (country in ('US', 'CA') or vip == True)
    >>> condition_from_data({"field": "x", "op": "like", "value": "a%"})
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidDefinition: 'operator' must be one of after, at_least, ...
    """
    is_mapping = isinstance(data, Mapping)  # checked: JSON input may be anything
    kind = next((key for key in _KEYS if is_mapping and key in data), None)
    if kind is None or not set(data) <= _KEYS[kind]:
        msg = f"'condition' must be a field, event, all, any or not node (got {data!r})"
        raise InvalidDefinition(msg, field="condition", value=data)
    if kind == "field":
        return FieldCondition(data["field"], data["op"], data.get("value"))  # type: ignore[arg-type]
    if kind == "event":
        where = data.get("where", [])
        if not isinstance(where, list | tuple):
            msg = f"'where' must be a list of field conditions (got {where!r})"
            raise InvalidDefinition(msg, field="where", value=where)
        return EventCondition(
            data["event"],  # type: ignore[arg-type]
            tuple(condition_from_data(item) for item in where),
            data.get("within_days"),  # type: ignore[arg-type]
            data.get("at_least", 1),  # type: ignore[arg-type]
            data.get("at_most"),  # type: ignore[arg-type]
        )
    if kind == "not":
        return Not(condition_from_data(data["not"]))  # type: ignore[arg-type]
    items = data[kind]
    if not isinstance(items, list | tuple):
        msg = f"'{kind}' must be a list of conditions (got {items!r})"
        raise InvalidDefinition(msg, field=kind, value=items)
    nodes = tuple(condition_from_data(item) for item in items)
    return AllOf(nodes) if kind == "all" else AnyOf(nodes)
