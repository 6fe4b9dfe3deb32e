"""The scoring engine: a model compiled once into closures, then applied to leads.

:func:`compile_model` turns a :class:`~crmkit.scoring.ScoringModel` into an :class:`Engine`:
conditions become closures (:mod:`crmkit.scoring._compiler`), event rules are indexed by
event type, and limits, grades and thresholds are laid out as tuples. Applying the engine
to one lead costs one pass over its events plus one call per rule.

Order of work for one lead (each step documented in the explanation page):

1. events after ``as_of`` are dropped; the rest are grouped by type with their age in days
   (whole days when ``as_of`` is a date, fractional when it is a datetime);
2. each :class:`Rule` adds its points when its condition holds;
3. each :class:`EventRule` adds ``points x decay(age)`` for its matching events, most recent
   first, after the per-day and occurrence limits, then its cap;
4. per group, :class:`Inactivity` rules (in id order) apply to the group's running score;
   the group's limits clip the sum;
5. the total is the sum of the groups, clipped to the model's limits; grades, the matrix
   label and thresholds follow.

Sums are exact (``math.fsum``), so the order of rules and events never changes a score.

This module imports the standard library and the scoring package's own modules only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Final

from crmkit._errors import InvalidValue
from crmkit.scoring._compiler import Check, Events, compile_condition
from crmkit.scoring._fast import compile_rules, event_age, event_points
from crmkit.scoring._model import TOTAL, EventRule, Inactivity, Rule, ScoringModel

__all__ = ["Engine", "Outcome", "compile_model", "group_events"]

SECONDS_PER_DAY: Final = 86_400.0
_NO_EVENTS: Final[dict[str, list[tuple[float, int, Mapping[str, object]]]]] = {}

# (rule id, group, kind, points, occurrences, points before the rule's cap)
Part = tuple[str, str, str, float, int, float]


class Outcome:
    """One lead's raw result: totals, group scores and the contributions that made them."""

    __slots__ = ("contributions", "groups", "total")

    def __init__(self, total: float, groups: dict[str, float], contributions: list[Part]) -> None:
        self.total = total
        self.groups = groups
        self.contributions = contributions


def group_events(
    events: Iterable[Mapping[str, object]], as_of: dt.date
) -> dict[str, list[tuple[float, int, Mapping[str, object]]]]:
    """The events at or before ``as_of``, by type, as ``(age_days, day, event)`` triples.

    Each event is a mapping with a ``"type"`` (text) and an ``"at"`` (a date, a datetime or
    ISO 8601 text); every other key is a property rule filters can test.

    >>> group_events([{"type": "visit", "at": "2026-01-30"},
    ...               {"type": "visit", "at": "2026-02-09"}], dt.date(2026, 2, 1))
    {'visit': [(2.0, 739646, {'type': 'visit', 'at': '2026-01-30'})]}
    """
    by_type: dict[str, list[tuple[float, int, Mapping[str, object]]]] = {}
    for event in events:
        kind = event.get("type")
        if not isinstance(kind, str) or not kind:
            msg = f"'type' of an event must be non-empty text (got {kind!r} in {event!r})"
            raise InvalidValue(msg, field="type", value=kind)
        got = event_age(event.get("at"), as_of)
        if got is None:
            continue
        age, day = got
        bucket = by_type.get(kind)
        if bucket is None:
            by_type[kind] = [(age, day, event)]
        else:
            bucket.append((age, day, event))
    return by_type


class Engine:
    """A model compiled for scoring (build it with :func:`compile_model`)."""

    __slots__ = ("compiled", "event_rules", "groups", "inactivity", "model", "names", "rules")

    def __init__(self, model: ScoringModel) -> None:
        self.model = model
        self.rules: tuple[tuple[Rule, Check], ...] = tuple(
            (rule, compile_condition(rule.condition))
            for rule in model.rules
            if isinstance(rule, Rule)
        )
        self.event_rules: tuple[tuple[EventRule, tuple[Check, ...]], ...] = tuple(
            (rule, tuple(compile_condition(item) for item in rule.where))
            for rule in model.rules
            if isinstance(rule, EventRule)
        )
        self.inactivity: tuple[Inactivity, ...] = tuple(
            sorted(
                (rule for rule in model.rules if isinstance(rule, Inactivity)),
                key=lambda rule: rule.id,
            )
        )
        self.groups = model.groups
        self.names = tuple(group.name for group in model.groups)
        self.compiled = compile_rules(model)

    def run(
        self,
        lead: Mapping[str, object],
        events: Iterable[Mapping[str, object]],
        as_of: dt.date,
        *,
        explain: bool = True,
    ) -> Outcome:
        """Score one lead from its raw events, by the compiled function when there is one.

        Without ``explain`` the outcome's contributions hold the limits only.
        """
        if self.compiled is None:
            return self.apply(lead, group_events(events, as_of), as_of)
        values, details, sums = self.compiled(lead, events, as_of)
        parts: list[Part] = []
        if explain:
            parts.extend(
                (group.name, group.name, "base", float(group.base), 1, float(group.base))
                for group in self.groups
                if group.base
            )
            for rule, value, detail in zip(self.model.rules, values, details, strict=True):
                if not value:
                    continue
                if isinstance(rule, EventRule):
                    count, raw = (
                        (detail[1], detail[2])
                        if isinstance(detail, tuple)
                        else (detail, float(rule.points * detail))  # type: ignore[operator]
                    )
                    parts.append((rule.id, rule.group, "event", value, count, raw))  # type: ignore[arg-type]
                else:
                    parts.append((rule.id, rule.group, "rule", value, 1, value))
        running = dict(zip(self.names, sums, strict=True))
        return self._close(running, parts)

    def _close(self, running: dict[str, float], parts: list[Part]) -> Outcome:
        """Group limits, then the total and its limits; each limit that acts is a part."""
        groups: dict[str, float] = {}
        for group in self.groups:
            value = running[group.name]
            limited = _clip(value, group.minimum, group.maximum)
            if limited != value:
                change = limited - value
                parts.append((group.name, group.name, "group limit", change, 1, change))
            groups[group.name] = limited
        raw_total = math.fsum(groups.values())
        model = self.model
        total = _clip(raw_total, model.minimum, model.maximum)
        if total != raw_total:
            change = total - raw_total
            parts.append((TOTAL, TOTAL, "total limit", change, 1, change))
        return Outcome(total, groups, parts)

    def _event_part(
        self,
        rule: EventRule,
        filters: tuple[Check, ...],
        events: Events,
        as_of: dt.date,
    ) -> Part | None:
        window = rule.within_days
        matched = [
            (age, day)
            for age, day, event in events.get(rule.event_type, ())
            if (window is None or age <= window)
            and all(keep(event, _NO_EVENTS, as_of) for keep in filters)
        ]
        if not matched:
            return None
        points, count, raw = event_points(rule, matched)
        return (rule.id, rule.group, "event", points, count, raw)

    def _inactive_periods(self, rule: Inactivity, events: Events) -> int:
        kinds = rule.event_types or tuple(events)
        ages = [min(item[0] for item in items) for kind in kinds if (items := events.get(kind))]
        if not ages:
            return 0  # inactivity counts from the last activity; a lead without any has none
        return math.floor(min(ages) / rule.after_days)

    def apply(self, lead: Mapping[str, object], events: Events, as_of: dt.date) -> Outcome:
        """Score one lead whose events are already grouped (see :func:`group_events`)."""
        parts: list[Part] = [
            (rule.id, rule.group, "rule", float(rule.points), 1, float(rule.points))
            for rule, check in self.rules
            if check(lead, events, as_of) and rule.points
        ]
        for rule, filters in self.event_rules:
            part = self._event_part(rule, filters, events, as_of)
            if part is not None and part[3]:
                parts.append(part)
        running: dict[str, float] = {}
        for group in self.groups:
            if group.base:
                base = float(group.base)
                parts.append((group.name, group.name, "base", base, 1, base))
            value = math.fsum(part[3] for part in parts if part[1] == group.name)
            for idle in self.inactivity:
                if idle.group != group.name:
                    continue
                given = []
                for _ in range(self._inactive_periods(idle, events)):
                    points = float(idle.points_for(value))
                    given.append(points)
                    value += points
                change = math.fsum(given)
                if change:
                    parts.append((idle.id, group.name, "inactivity", change, len(given), change))
            running[group.name] = value
        return self._close(running, parts)


def _clip(value: float, minimum: float | None, maximum: float | None) -> float:
    if minimum is not None and value < minimum:
        return float(minimum)
    if maximum is not None and value > maximum:
        return float(maximum)
    return value


def compile_model(model: ScoringModel) -> Engine:
    """The model compiled for scoring many leads (conditions turned into closures once).

    >>> from crmkit.scoring._conditions import field
    >>> from crmkit.scoring._model import Rule
    >>> engine = compile_model(ScoringModel("m", (Rule("vp", field("title").contains("vp"), 10),)))
    >>> engine.apply({"title": "VP Sales"}, {}, dt.date(2026, 1, 1)).total
    10.0
    """
    return Engine(model)
