"""Scoring models as plain, validated data: rules, groups, limits, grades and thresholds.

A :class:`ScoringModel` holds

- :class:`Rule`: points (negative allowed) once when a condition holds (fit rules on the
  lead's fields, or engagement conditions such as "3 pricing-page views in 30 days");
- :class:`EventRule`: points for each matching event (HubSpot's "score every time",
  Marketo's "each time"), with a time window, a limit on occurrences ("score once": the most
  recent), a per-day limit (Marketo's "daily cap of 20 per activity type"), a cap on the
  rule's total and time decay (:mod:`crmkit.scoring._decay`);
- :class:`Inactivity`: points taken (or given) for each whole period without activity,
  by score band (Marketo's "no activity in one month: score > 30 -> -15, score 0-30 -> -5",
  from *Predictable Revenue*, anchor notes A.4);
- :class:`Group`: named scores (fit, engagement, one per product) with their own minimum,
  maximum and grading (HubSpot's score groups with limits);
- the model's own minimum and maximum for the total (HubSpot's total score limit), a grading
  of the total, a fit x engagement matrix (A1-D4) and named :class:`Threshold` values
  (``MQL``: fit >= 30 and engagement >= 20).

Everything is checked when the model is built. A rule may name any group (a group without
limits or grading needs no declaration), but repeated rule ids, a declared group that no
rule uses (a misspelt name would otherwise lose its limits silently), a threshold or matrix
naming an unknown score, and limits with minimum > maximum are all
:class:`~crmkit.InvalidDefinition` errors.

The order of rules never changes a score: rule contributions are summed exactly
(``math.fsum``) and limits apply per rule, then per group, then to the total.

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
the scoring package's own condition, decay and grade modules.

>>> from crmkit.scoring._conditions import field
>>> model = ScoringModel("starter", (Rule("big", field("employees") >= 200, 20),))
>>> model.groups[0].name, model.rules[0].group
('fit', 'fit')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping

import attrs

from crmkit._errors import InvalidDefinition
from crmkit._frozen import FrozenDict, freeze
from crmkit.scoring._conditions import Condition, FieldCondition, check_where
from crmkit.scoring._decay import HalfLifeDecay, LinearDecay
from crmkit.scoring._grades import Bands, Ladder

__all__ = [
    "TOTAL",
    "EventRule",
    "Group",
    "Inactivity",
    "Rule",
    "ScoringModel",
    "Threshold",
]

#: The name under which the total score appears in grades and thresholds.
TOTAL = "total"


def _text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"'{name}' must be non-empty text (got {value!r})"
        raise InvalidDefinition(msg, field=name, value=value)


def _finite(name: str, value: object, *, optional: bool = False, positive: bool = False) -> None:
    if value is None and optional:
        return
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not (ok and math.isfinite(value) and (value > 0 or not positive)):  # type: ignore[arg-type,operator]
        kind = "a number > 0" if positive else "a finite number"
        msg = f"'{name}' must be {kind}{' or None' if optional else ''} (got {value!r})"
        raise InvalidDefinition(msg, field=name, value=value)


def _limits(minimum: float | None, maximum: float | None) -> None:
    _finite("minimum", minimum, optional=True)
    _finite("maximum", maximum, optional=True)
    if minimum is not None and maximum is not None and minimum > maximum:
        msg = f"'minimum' {minimum!r} is above 'maximum' {maximum!r}: an impossible range"
        raise InvalidDefinition(msg, field="minimum", value=minimum)


@attrs.frozen
class Rule:
    """Points once when ``condition`` holds.

    Args:
        id: The rule's unique id (shown in explanations).
        condition: Any condition (field, event, all / any / not).
        points: Points added when it holds (negative to subtract).
        group: The score it adds to (``"fit"`` by default).
        description: Free text for explanations; the condition is printed when empty.

    >>> from crmkit.scoring._conditions import field
    >>> print(Rule("vp", field("title").contains("vp"), 10).condition)
    title contains 'vp'
    """

    id: str
    condition: Condition
    points: float
    group: str = "fit"
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _text("id", self.id)
        _text("group", self.group)
        condition: object = self.condition
        if not isinstance(condition, Condition):
            msg = f"'condition' of rule {self.id!r} must be a condition (got {condition!r})"
            raise InvalidDefinition(msg, field="condition", value=condition)
        _finite("points", self.points)


@attrs.frozen
class EventRule:
    """Points for each matching event, optionally limited, capped and decayed.

    Args:
        id: The rule's unique id.
        event_type: The event type scored.
        points: Points per matching event (negative to subtract).
        group: The score it adds to (``"engagement"`` by default).
        where: Field conditions on the event's properties, all of which must hold.
        within_days: Only events at most this many days before ``as_of`` count (HubSpot's
            "time frame"); ``None``: any age.
        max_occurrences: Only the most recent this many events count (1: "score once").
        max_per_day: At most this many events per calendar day count (Marketo's daily cap).
        cap: The rule's total is limited to ``[-cap, cap]``.
        decay: :class:`HalfLifeDecay` or :class:`LinearDecay` applied to each event's points
            by its age.
        description: Free text for explanations.

    >>> rule = EventRule("demo", "watch_demo", 5, cap=15)
    >>> rule.group, rule.cap
    ('engagement', 15)
    """

    id: str
    event_type: str
    points: float
    group: str = "engagement"
    where: tuple[FieldCondition, ...] = attrs.field(default=(), converter=check_where)
    within_days: float | None = None
    max_occurrences: int | None = None
    max_per_day: int | None = None
    cap: float | None = None
    decay: HalfLifeDecay | LinearDecay | None = None
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _text("id", self.id)
        _text("event_type", self.event_type)
        _text("group", self.group)
        _finite("points", self.points)
        _finite("within_days", self.within_days, optional=True)
        if self.within_days is not None and self.within_days < 0:
            msg = f"'within_days' must be >= 0 or None (got {self.within_days!r})"
            raise InvalidDefinition(msg, field="within_days", value=self.within_days)
        _finite("cap", self.cap, optional=True, positive=True)
        for name in ("max_occurrences", "max_per_day"):
            count = getattr(self, name)
            if count is not None and (type(count) is not int or count < 1):
                msg = f"'{name}' must be a whole number >= 1 or None (got {count!r})"
                raise InvalidDefinition(msg, field=name, value=count)
        decay: object = self.decay
        if decay is not None and not isinstance(decay, HalfLifeDecay | LinearDecay):
            msg = f"'decay' must be a HalfLifeDecay, a LinearDecay or None (got {decay!r})"
            raise InvalidDefinition(msg, field="decay", value=decay)


def _bands(value: object) -> tuple[tuple[float, float], ...]:
    items = (
        tuple(tuple(item) if isinstance(item, list | tuple) else (item,) for item in value)
        if isinstance(value, list | tuple)
        else None
    )
    if items is None or any(len(item) != 2 for item in items):  # noqa: PLR2004
        msg = f"'bands' must be a list of (above, points) pairs (got {value!r})"
        raise InvalidDefinition(msg, field="bands", value=value)
    for above, points in items:
        _finite("bands", above)
        _finite("bands", points)
    if any(a[0] <= b[0] for a, b in itertools.pairwise(items)):
        msg = f"'bands' must list thresholds strictly decreasing (got {value!r})"
        raise InvalidDefinition(msg, field="bands", value=value)
    return items


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Inactivity:
    """Points for each whole period of ``after_days`` without activity, by score band.

    For each whole period since the lead's most recent event (of ``event_types``, or of any
    type when empty; a lead with no such event has no activity to count from and gets
    none), the group's running score ``s`` gains the points of the first band with
    ``s > above``, else ``otherwise``. Marketo's rule from *Predictable Revenue* (pp.
    148-150): "no activity in one month: score > 30 -> -15, score 0-30 -> -5", so 40 -> 25
    and 20 -> 15.

    Args:
        id: The rule's unique id.
        after_days: The length of one period without activity, in days.
        bands: ``(above, points)`` pairs with ``above`` strictly decreasing.
        otherwise: Points when no band applies.
        group: The score it changes (applied after the group's other rules).
        event_types: The event types that count as activity (empty: every type).
        description: Free text for explanations.

    >>> rule = Inactivity("idle", 30, ((30, -15),), otherwise=-5, group="score")
    >>> rule.points_for(40), rule.points_for(20)
    (-15, -5)
    """

    id: str
    after_days: float
    bands: tuple[tuple[float, float], ...] = attrs.field(converter=_bands)
    otherwise: float = 0.0
    group: str = "engagement"
    event_types: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _text("id", self.id)
        _text("group", self.group)
        _finite("after_days", self.after_days, positive=True)
        _finite("otherwise", self.otherwise)
        for kind in self.event_types:
            _text("event_types", kind)

    def points_for(self, score: float) -> float:
        """The points one inactive period gives a group score of ``score``."""
        for above, points in self.bands:
            if score > above:
                return points
        return self.otherwise


@attrs.frozen
class Group:
    """A named score with optional limits and grading.

    Args:
        name: The group's name (``"fit"``, ``"engagement"``, a product); not ``"total"``.
        minimum: The lowest the group's score goes (``None``: no limit).
        maximum: The highest the group's score goes (``None``: no limit).
        grading: :class:`Bands` or :class:`Ladder` for the group's grade, or ``None``.
        base: Points every lead starts with in this group before any rule (a scorecard's
            base score; 0 by default). It appears in explanations as kind ``"base"``.

    >>> Group("engagement", maximum=60).maximum
    60
    """

    name: str
    minimum: float | None = None
    maximum: float | None = None
    grading: Bands | Ladder | None = None
    base: float = 0.0

    def __attrs_post_init__(self) -> None:
        _text("name", self.name)
        _finite("base", self.base)
        if self.name == TOTAL:
            msg = f"'name' {TOTAL!r} is reserved for the total score (got {self.name!r})"
            raise InvalidDefinition(msg, field="name", value=self.name)
        _limits(self.minimum, self.maximum)


def _minimums(value: object) -> FrozenDict[str, float]:
    if not isinstance(value, Mapping) or not value:
        msg = f"'minimums' must be a non-empty mapping of score name to minimum (got {value!r})"
        raise InvalidDefinition(msg, field="minimums", value=value)
    for minimum in value.values():
        _finite("minimums", minimum)
    return freeze(value)


@attrs.frozen
class Threshold:
    """A named bar met when every listed score is at least its minimum (``"total"`` too).

    >>> Threshold("MQL", {"fit": 30, "engagement": 20}).minimums["fit"]
    30
    """

    name: str
    minimums: FrozenDict[str, float] = attrs.field(converter=_minimums)

    def __attrs_post_init__(self) -> None:
        _text("name", self.name)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(value)


def _thresholds(value: Iterable[Threshold]) -> tuple[Threshold, ...]:
    return tuple(value)


def _rules(value: object) -> tuple[Rule | EventRule | Inactivity, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or any(not isinstance(item, Rule | EventRule | Inactivity) for item in items):
        msg = f"'rules' must be a list of Rule, EventRule or Inactivity values (got {value!r})"
        raise InvalidDefinition(msg, field="rules", value=value)
    return items


def _pair(value: object) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, list | tuple) and len(value) == 2:  # noqa: PLR2004
        first, second = value
        if isinstance(first, str) and isinstance(second, str):
            return (first, second)
    msg = f"'matrix' must be a pair of score names or None (got {value!r})"
    raise InvalidDefinition(msg, field="matrix", value=value)


@attrs.frozen
class ScoringModel:
    """A complete scoring model: rules, groups, limits, grades, matrix and thresholds.

    Args:
        name: The model's name (reported on every score).
        rules: :class:`Rule`, :class:`EventRule` and :class:`Inactivity` values.
        version: The model's version (reported on every score).
        groups: Declared groups (limits, grading); groups that rules name without a
            declaration are added with no limits, in order of first use.
        minimum: The total score's floor (``None``: none).
        maximum: The total score's ceiling (HubSpot's 100 or 500; ``None``: none).
        grading: Grading of the total score.
        matrix: Two graded scores whose grades combine into one label (``("fit",
            "engagement")`` -> ``"A1"``).
        thresholds: Named bars such as ``MQL``.
        description: Free text.

    Raises:
        InvalidDefinition: Repeated rule ids, a declared group no rule uses, repeated
            groups or thresholds, limits with minimum > maximum, a threshold or matrix that
            names an unknown or ungraded score.
    """

    name: str
    rules: tuple[Rule | EventRule | Inactivity, ...] = attrs.field(converter=_rules)
    version: str = "1"
    groups: tuple[Group, ...] = attrs.field(default=(), converter=_groups)
    minimum: float | None = None
    maximum: float | None = None
    grading: Bands | Ladder | None = None
    matrix: tuple[str, str] | None = attrs.field(default=None, converter=_pair)
    thresholds: tuple[Threshold, ...] = attrs.field(default=(), converter=_thresholds)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _text("name", self.name)
        _text("version", self.version)
        _limits(self.minimum, self.maximum)
        ids = [rule.id for rule in self.rules]
        repeated = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if repeated:
            msg = f"'rules' must have unique ids (repeated: {', '.join(map(repr, repeated))})"
            raise InvalidDefinition(msg, field="rules", value=repeated)
        declared = [group.name for group in self.groups]
        if len(set(declared)) != len(declared):
            msg = f"'groups' must have unique names (got {declared!r})"
            raise InvalidDefinition(msg, field="groups", value=declared)
        used = list(dict.fromkeys(rule.group for rule in self.rules))
        unused = [g.name for g in self.groups if g.name not in used and not g.base]
        if unused:
            msg = (
                f"'groups' declares groups that no rule uses and that have no base points: "
                f"{unused!r} (a misspelt group name?)"
            )
            raise InvalidDefinition(msg, field="groups", value=unused)
        extra = tuple(Group(name) for name in used if name not in declared)
        object.__setattr__(self, "groups", self.groups + extra)
        self._check_references()

    def _check_references(self) -> None:
        graded = {group.name for group in self.groups if group.grading is not None}
        if self.grading is not None:
            graded.add(TOTAL)
        if self.matrix is not None and not set(self.matrix) <= graded:
            msg = (
                f"'matrix' must name two graded scores among {sorted(graded)!r} "
                f"(got {self.matrix!r})"
            )
            raise InvalidDefinition(msg, field="matrix", value=self.matrix)
        names = [threshold.name for threshold in self.thresholds]
        if len(set(names)) != len(names):
            msg = f"'thresholds' must have unique names (got {names!r})"
            raise InvalidDefinition(msg, field="thresholds", value=names)
        scores = {group.name for group in self.groups} | {TOTAL}
        for threshold in self.thresholds:
            unknown = sorted(set(threshold.minimums) - scores)
            if unknown:
                msg = (
                    f"threshold {threshold.name!r} names unknown scores {unknown!r} "
                    f"(known: {sorted(scores)!r})"
                )
                raise InvalidDefinition(msg, field="thresholds", value=unknown)

    def group(self, name: str) -> Group:
        """The group called ``name``.

        >>> from crmkit.scoring._conditions import field
        >>> ScoringModel("m", (Rule("r", field("x").exists(), 1),)).group("fit").maximum
        """
        for group in self.groups:
            if group.name == name:
                return group
        known = [group.name for group in self.groups]
        msg = f"'name' must be one of the model's groups {known!r} (got {name!r})"
        raise InvalidDefinition(msg, field="name", value=name)
