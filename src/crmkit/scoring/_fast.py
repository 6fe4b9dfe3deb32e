"""A model compiled to one Python function that scores a lead in one pass.

:func:`compile_rules` writes the source of a single function for a model (one pass over a
lead's events with a branch per event type, an inline test for each simple field rule) and
compiles it once, the way attrs writes ``__init__`` methods. The function returns each
rule's points and, for event rules, what the explanation needs (events counted, points
before the cap); :class:`~crmkit.scoring._engine.Engine` turns them into group scores,
limits and the explanation. Every condition that is not a simple comparison of a value of
the usual type goes to the same compiled closure the general engine uses, so errors and edge
cases behave the same, and a property test checks both paths agree to the last bit.

Only values chosen by crmkit enter the generated source: identifiers are numbered, numbers
and texts are written as their ``repr`` (a literal that reads back exactly), and everything
else (sets, closures, rules) is passed in through the function's namespace, so no rule text
can inject code.

Models it does not cover (inactivity rules, event conditions inside all / any / not) return
``None`` and are scored by the general engine.

This module imports the standard library and the scoring package's own modules only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast

from crmkit._errors import InvalidValue
from crmkit.scoring._compiler import as_moment, compile_condition
from crmkit.scoring._conditions import AllOf, AnyOf, Condition, EventCondition, FieldCondition, Not
from crmkit.scoring._model import EventRule, Inactivity, Rule, ScoringModel

__all__ = ["Compiled", "compile_rules", "event_age", "event_points"]

#: ``(lead, events, as_of) -> (points per rule, details per rule, score per group)``;
#: details are ``None`` for rules, the count of events for plain event rules, and
#: :func:`event_points`' triple (or 0) for event rules with limits or decay; group scores
#: (base points included, limits not yet applied) follow ``model.groups``.
Compiled = Callable[
    [Mapping[str, object], Iterable[Mapping[str, object]], dt.date],
    tuple[tuple[float, ...], tuple[object, ...], tuple[float, ...]],
]
SECONDS_PER_DAY: Final = 86_400.0
_NO_EVENTS: Final[dict[str, list[tuple[float, int, Mapping[str, object]]]]] = {}
_ORDERED: Final = {"less_than": "<", "at_most": "<=", "greater_than": ">", "at_least": ">="}


def event_points(rule: EventRule, matched: list[tuple[float, int]]) -> tuple[float, int, float]:
    """Points of an event rule from its matching events' ``(age_days, day)`` pairs.

    Most recent first; the per-day limit, then the occurrence limit, then decay and the cap.

    Returns:
        ``(points, occurrences counted, points before the cap)``.
    """
    matched.sort()
    if rule.max_per_day is not None:
        per_day: dict[int, int] = {}
        kept = []
        for age, day in matched:
            seen = per_day.get(day, 0)
            if seen < rule.max_per_day:
                per_day[day] = seen + 1
                kept.append((age, day))
        matched = kept
    if rule.max_occurrences is not None:
        matched = matched[: rule.max_occurrences]
    decay = rule.decay
    if decay is None:
        raw = float(rule.points * len(matched))
    else:
        raw = math.fsum(rule.points * decay.factor(age) for age, _day in matched)
    points = raw if rule.cap is None else float(max(-rule.cap, min(rule.cap, raw)))
    return points, len(matched), raw


def _has_event(condition: Condition) -> bool:
    if isinstance(condition, EventCondition):
        return True
    if isinstance(condition, AllOf | AnyOf):
        return any(_has_event(item) for item in condition.conditions)
    if isinstance(condition, Not):
        return _has_event(condition.condition)
    return False


def event_age(at: object, as_of: dt.date) -> tuple[float, int] | None:
    """``(age_days, day)`` of an event at ``at`` seen from ``as_of``; ``None`` if after it.

    ``day`` is the event's calendar date as an ordinal. With a date ``as_of``, times are
    reduced to their date and ages are whole days; with a datetime ``as_of``, a date means
    midnight and ages are fractional days. Mixing aware and naive datetimes is an error.

    >>> event_age("2026-01-30T18:00:00", dt.date(2026, 2, 1))
    (2.0, 739646)
    """
    moment = at if isinstance(at, dt.date) else as_moment("at", at)
    if not isinstance(as_of, dt.datetime):
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        if day > as_of:
            return None
        return float(as_of.toordinal() - day.toordinal()), day.toordinal()
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(), tzinfo=as_of.tzinfo)
    if (moment.tzinfo is None) != (as_of.tzinfo is None):
        msg = f"'at' mixes a time zone-aware and a naive datetime (got {at!r})"
        raise InvalidValue(msg, field="at", value=at)
    if moment > as_of:
        return None
    return (as_of - moment).total_seconds() / SECONDS_PER_DAY, moment.toordinal()


def _bad_type(kind: object, event: Mapping[str, object]) -> None:
    msg = f"'type' of an event must be non-empty text (got {kind!r} in {event!r})"
    raise InvalidValue(msg, field="type", value=kind)


class _Writer:
    """Collects the generated lines and the namespace of constants they refer to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, object] = {
            "_date": dt.date,
            "_fsum": math.fsum,
            "_event_age": event_age,
            "_bad_type": _bad_type,
            "_NOEV": _NO_EVENTS,
            "_event_points": event_points,
        }

    def const(self, prefix: str, value: object) -> str:
        """A name for ``value`` in the generated code: a literal for numbers and texts."""
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)  # a float's repr is a literal that reads back exactly
        if type(value) is int:
            return repr(value)
        if type(value) is str:
            return repr(value)  # a string's repr is a literal, escapes included
        name = f"_{prefix}{len(self.names)}"
        self.names[name] = value
        return name

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)


def _exact(number: float) -> float:
    """``number`` as an int when it is whole (comparing ints with ints is quicker), else a float.

    The comparison's result is the same either way: Python compares ints and floats exactly.
    """
    return int(number) if float(number).is_integer() else float(number)


def _emit_test(out: _Writer, condition: Condition, record: str, depth: int) -> None:
    """Lines that set ``ok`` to whether ``condition`` holds for ``record`` (lead or event).

    Simple field comparisons are written inline for values of the usual type; every other
    value and every other condition goes to the compiled closure, so errors and edge cases
    behave exactly as in the general engine.
    """
    slow = f"{out.const('c', compile_condition(condition))}({record}, _NOEV, as_of)"
    if not isinstance(condition, FieldCondition):
        out.add(depth, f"ok = {slow}")
        return
    operator, operand = condition.operator, cast("Any", condition.value)
    out.add(depth, f"v = {record}.get({out.const('f', condition.field)})")
    if operator in {"exists", "missing"}:
        # present: not None, not NaN (the only value unequal to itself), not blank text
        present = "v is not None and v == v and (v.__class__ is not str or bool(v.strip()))"
        out.add(depth, f"ok = {present}" if operator == "exists" else f"ok = not ({present})")
        return
    items = operand if isinstance(operand, tuple) else (operand,)
    numbers = all(isinstance(x, int | float) and not isinstance(x, bool) for x in items)
    if operator in {"equals", "in", "not_equals", "not_in"} and all(
        isinstance(x, str) for x in items
    ):
        folded = out.const("s", frozenset(x.strip().casefold() for x in items) - {""})
        out.add(depth, "if v.__class__ is str:")
        out.add(depth + 1, "w = v.strip().casefold()")
        if operator.startswith("not"):
            out.add(depth + 1, f"ok = w != '' and w not in {folded}")
        else:
            out.add(depth + 1, f"ok = w in {folded}")
    elif (operator in _ORDERED or operator == "between") and numbers:
        if operator == "between":
            low, high = (out.const("n", _exact(x)) for x in operand)
            test = f"{low} <= v <= {high}"
        else:
            test = f"v {_ORDERED[operator]} {out.const('n', _exact(operand))}"
        out.add(depth, "if v.__class__ is int or v.__class__ is float:")
        out.add(depth + 1, f"ok = {test}")
    else:
        out.add(depth, f"ok = v is not None and {slow}")
        return
    out.add(depth, "else:")
    out.add(depth + 1, f"ok = v is not None and {slow}")


def _emit_event_block(
    out: _Writer,
    window: float | None,
    where: tuple[FieldCondition, ...],
    action: str,
    depth: int,
) -> None:
    """Lines running ``action`` for an event within ``window`` that passes ``where``."""
    if window is not None:
        out.add(depth, f"if age <= {out.const('w', _exact(window))}:")
        depth += 1
    for condition in where:
        _emit_test(out, condition, "e", depth)
        out.add(depth, "if ok:")
        depth += 1
    out.add(depth, action)


def _prepare_event_rules(
    out: _Writer, rules: tuple[Rule | EventRule | Inactivity, ...]
) -> tuple[
    dict[str, list[tuple[int, float | None, tuple[FieldCondition, ...], str]]],
    list[tuple[int, str]],
]:
    """Per event type, the blocks to run for each event; and the lines after the loop."""
    by_type: dict[str, list[tuple[int, float | None, tuple[FieldCondition, ...], str]]] = {}
    after: list[tuple[int, str]] = []
    for index, rule in enumerate(rules):
        if isinstance(rule, EventRule):
            plain = rule.decay is None and rule.max_occurrences is None
            plain = plain and rule.max_per_day is None
            out.add(1, f"m{index} = {'0' if plain else '[]'}")
            action = f"m{index} += 1" if plain else f"m{index}.append((age, day))"
            block = (index, rule.within_days, rule.where, action)
            by_type.setdefault(rule.event_type, []).append(block)
            if plain:
                after.append((1, f"if m{index}:"))
                after.append((2, f"x = {out.const('p', float(rule.points))} * m{index}"))
                if rule.cap is not None:
                    cap = out.const("p", float(rule.cap))
                    after.append((2, f"if x > {cap}: x = {cap}"))
                    after.append((2, f"elif x < -{cap}: x = -{cap}"))
                after.append((2, f"r{index} = x"))
            else:
                helper = out.const("e", rule)
                after.append((1, f"if m{index}:"))
                after.append((2, f"m{index} = _event_points({helper}, m{index})"))
                after.append((2, f"r{index} = m{index}[0]"))
                after.append((1, f"else: m{index} = 0"))
        elif isinstance(rule, Rule) and isinstance(rule.condition, EventCondition):
            condition = rule.condition
            out.add(1, f"m{index} = 0")
            block = (index, condition.within_days, condition.where, f"m{index} += 1")
            by_type.setdefault(condition.event_type, []).append(block)
            test = f"{out.const('k', condition.at_least)} <= m{index}"
            if condition.at_most is not None:
                test += f" <= {out.const('k', condition.at_most)}"
            after.append((1, f"if {test}: r{index} = {out.const('p', float(rule.points))}"))
    return by_type, after


def compile_rules(model: ScoringModel) -> Compiled | None:
    """The model's rules as one function (see :data:`Compiled`), or ``None``.

    ``None`` for models with inactivity rules or event conditions nested inside all / any /
    not; the general engine scores those.
    """
    rules = model.rules
    if any(isinstance(rule, Inactivity) for rule in rules) or any(
        isinstance(rule, Rule)
        and _has_event(rule.condition)
        and not isinstance(rule.condition, EventCondition)
        for rule in rules
    ):
        return None
    out = _Writer()
    out.add(0, "def run(lead, events, as_of):")
    out.add(1, "as_of_ord = as_of.toordinal()")
    out.add(1, "whole_days = as_of.__class__ is _date")
    if rules:
        out.add(1, " = ".join(f"r{i}" for i in range(len(rules))) + " = 0.0")
    by_type, after = _prepare_event_rules(out, rules)
    out.add(1, "for e in events:")
    out.add(2, "at = e.get('at')")
    out.add(2, "if at.__class__ is _date and whole_days:")
    out.add(3, "day = at.toordinal()")
    out.add(3, "age = as_of_ord - day")
    out.add(3, "if age < 0: continue")
    out.add(2, "else:")
    out.add(3, "got = _event_age(at, as_of)")
    out.add(3, "if got is None: continue")
    out.add(3, "age, day = got")
    out.add(2, "t = e.get('type')")
    for position, (kind, blocks) in enumerate(by_type.items()):
        out.add(2, f"{'if' if position == 0 else 'elif'} t == {out.const('t', kind)}:")
        for _index, window, where, action in blocks:
            _emit_event_block(out, window, where, action, 3)
    out.add(2, "else:" if by_type else "if True:")
    out.add(3, "if t.__class__ is not str or not t: _bad_type(t, e)")
    for index, rule in enumerate(rules):
        if isinstance(rule, Rule) and not isinstance(rule.condition, EventCondition):
            _emit_test(out, rule.condition, "lead", 1)
            out.add(1, f"if ok: r{index} = {out.const('p', float(rule.points))}")
    for depth, line in after:
        out.add(depth, line)
    values = "".join(f"r{i}, " for i in range(len(rules)))
    details = "".join(
        f"m{i}, " if isinstance(rule, EventRule) else "None, " for i, rule in enumerate(rules)
    )
    sums = []
    for group in model.groups:
        members = [f"r{i}" for i, rule in enumerate(rules) if rule.group == group.name]
        if group.base:
            members.insert(0, out.const("p", float(group.base)))
        sums.append(f"_fsum(({', '.join(members)},))" if members else "0.0")
    out.add(1, f"return ({values}), ({details}), ({''.join(f'{x}, ' for x in sums)})")
    namespace: dict[str, Any] = dict(out.names)
    source = "\n".join(out.lines)
    exec(compile(source, f"<crmkit scoring model {model.name!r}>", "exec"), namespace)  # noqa: S102
    run: Compiled = namespace["run"]
    return run
