"""Scoring leads: :func:`score`, :func:`score_many`, threshold crossings and score trends.

A lead is a mapping of fields (a DataFrame row from ``to_dict("records")`` works: ``NaN``,
``None`` and ``""`` all mean missing); its events are mappings with a ``"type"``, an
``"at"`` (date, datetime or ISO 8601 text) and any properties. ``as_of`` is always given:
the same inputs always give the same :class:`LeadScore`, and events after ``as_of`` are not
scored, so scoring as of a past date replays what that date would have shown (the basis of
backtesting and of :func:`score_trend`).

>>> import datetime as dt
>>> from crmkit.scoring._conditions import field
>>> from crmkit.scoring._model import EventRule, Rule, ScoringModel
>>> model = ScoringModel("demo", (Rule("vp", field("title").contains("vp"), 10),
...                              EventRule("visits", "page_view", 1, cap=5)))
>>> result = score({"title": "VP Marketing"}, [{"type": "page_view", "at": "2026-03-01"}] * 8,
...                model, as_of=dt.date(2026, 3, 2))
>>> result.total, dict(result.groups)
(15.0, {'fit': 10.0, 'engagement': 5.0})
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit._frozen import FrozenDict, freeze
from crmkit.scoring._compiler import is_missing
from crmkit.scoring._engine import Engine, Outcome, compile_model
from crmkit.scoring._model import TOTAL, EventRule, Inactivity, Rule, ScoringModel

__all__ = [
    "Contribution",
    "LeadScore",
    "ScoreTrend",
    "ThresholdCrossing",
    "score",
    "score_many",
    "score_trend",
    "threshold_crossings",
]

#: Default number of top reasons shown each way (Dynamics 365 shows five, anchor notes A.5).
TOP_REASONS: Final = 5


@attrs.frozen
class Contribution:
    """What one rule (or one limit) added to a lead's score.

    Attributes:
        rule_id: The rule's id; the group name for a group limit, ``"total"`` for the
            model's limit.
        group: The score it went to.
        kind: ``"rule"``, ``"event"``, ``"inactivity"``, ``"base"`` (a group's base points),
            ``"group limit"`` or ``"total limit"``.
        points: The points it added (after decay and the rule's cap; negative subtracts).
        occurrences: Matching events counted (event rules), inactive periods (inactivity).
        uncapped: The points before the rule's cap (equal to ``points`` when not capped).
        description: The rule's description, or its condition printed.
    """

    rule_id: str
    group: str
    kind: str
    points: float
    occurrences: int = 1
    uncapped: float = 0.0
    description: str = ""


@attrs.frozen
class LeadScore:
    """A lead's score as of a date: total, groups, grades, thresholds and explanation.

    The contributions sum to the total (limits appear as their own contributions), sorted
    by absolute points, largest first, then by rule id.
    """

    lead_id: object
    as_of: dt.date
    total: float
    groups: FrozenDict[str, float]
    grades: FrozenDict[str, str]
    matrix: str | None
    thresholds: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    model: str
    version: str

    def reasons(self, *, limit: int = TOP_REASONS) -> tuple[tuple[Contribution, ...], ...]:
        """The top ``limit`` positive and top ``limit`` negative rule contributions.

        Returns:
            ``(improvers, harmers)``, each largest first (Dynamics 365's top reasons).
        """
        rules = [c for c in self.contributions if c.kind in {"rule", "event", "inactivity"}]
        improvers = tuple(c for c in rules if c.points > 0)[:limit]
        harmers = tuple(c for c in rules if c.points < 0)[:limit]
        return improvers, harmers

    def explain(self) -> str:
        """The explanation as plain text, one contribution a line."""
        head = f"{self.model} v{self.version} as of {self.as_of.isoformat()}: {_num(self.total)}"
        grades = ", ".join(f"{name} {grade}" for name, grade in self.grades.items())
        lines = [head + (f" ({grades})" if grades else "")]
        lines.extend(
            f"  {_num(c.points, signed=True):>8}  {c.group:<12} {c.rule_id}: {c.description}"
            for c in self.contributions
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='text-align:right'>{_num(c.points, signed=True)}</td>"
            f"<td>{html.escape(c.group)}</td><td>{html.escape(c.rule_id)}</td>"
            f"<td>{html.escape(c.kind)}</td><td>{c.occurrences}</td>"
            f"<td>{html.escape(c.description)}</td></tr>"
            for c in self.contributions
        )
        groups = ", ".join(
            f"{html.escape(name)} {_num(value)}" for name, value in self.groups.items()
        )
        grades = ", ".join(f"{html.escape(n)} {html.escape(g)}" for n, g in self.grades.items())
        caption = (
            f"<b>{html.escape(self.model)}</b> v{html.escape(self.version)} as of "
            f"{self.as_of.isoformat()}: total <b>{_num(self.total)}</b> ({groups})"
            + (f"; grades {grades}" if grades else "")
            + (f"; matrix {html.escape(self.matrix)}" if self.matrix else "")
            + (
                f"; thresholds met: {html.escape(', '.join(self.thresholds))}"
                if self.thresholds
                else ""
            )
        )
        return (
            f"<table><caption>{caption}</caption><tr><th>points</th><th>group</th>"
            f"<th>rule</th><th>kind</th><th>count</th><th>why</th></tr>{rows}</table>"
        )


def _num(value: float, *, signed: bool = False) -> str:
    text = f"{value:+.2f}" if signed else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _descriptions(model: ScoringModel) -> dict[str, str]:
    out = {}
    for rule in model.rules:
        if rule.description:
            out[rule.id] = rule.description
        elif isinstance(rule, Rule):
            out[rule.id] = str(rule.condition)
        elif isinstance(rule, EventRule):
            out[rule.id] = f"each {rule.event_type!r} event" + (
                " where " + " and ".join(map(str, rule.where)) if rule.where else ""
            )
        elif isinstance(rule, Inactivity):
            out[rule.id] = f"each {rule.after_days!r} days without activity"
    return out


def _describe(descriptions: dict[str, str], rule_id: str, kind: str) -> str:
    if kind == "base":
        return f"base points of {rule_id!r}"
    if kind == "group limit":
        return f"limits of {rule_id!r}"
    if kind == "total limit":
        return "limits of the total"
    return descriptions[rule_id]


def _check_as_of(as_of: object) -> dt.date:
    if not isinstance(as_of, dt.date):
        msg = f"'as_of' must be a date or a datetime (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    return as_of


def _result(
    engine: Engine,
    outcome: Outcome,
    lead_id: object,
    as_of: dt.date,
    descriptions: dict[str, str],
) -> LeadScore:
    model = engine.model
    total = outcome.total
    values = dict(outcome.groups)
    values[TOTAL] = total
    grades = {g.name: g.grading.grade(values[g.name]) for g in model.groups if g.grading}
    if model.grading is not None:
        grades[TOTAL] = model.grading.grade(total)
    matrix = None if model.matrix is None else grades[model.matrix[0]] + grades[model.matrix[1]]
    met = tuple(
        threshold.name
        for threshold in model.thresholds
        if all(values[name] >= minimum for name, minimum in threshold.minimums.items())
    )
    contributions = tuple(
        Contribution(
            rule_id, group, kind, points, count, raw, _describe(descriptions, rule_id, kind)
        )
        for rule_id, group, kind, points, count, raw in sorted(
            outcome.contributions, key=lambda part: (-abs(part[3]), part[0])
        )
    )
    return LeadScore(
        lead_id,
        as_of,
        outcome.total,
        freeze(outcome.groups),
        freeze(grades),
        matrix,
        met,
        contributions,
        model.name,
        model.version,
    )


def score(
    lead: Mapping[str, object],
    events: Iterable[Mapping[str, object]],
    model: ScoringModel,
    *,
    as_of: dt.date,
    id_field: str = "id",
) -> LeadScore:
    """Score one lead and its events with ``model`` as of ``as_of``.

    Args:
        lead: The lead's fields.
        events: The lead's events (``"type"``, ``"at"`` and properties).
        model: The scoring model.
        as_of: The moment of scoring: a date (event ages in whole days) or a datetime.
        id_field: The lead field reported as :attr:`LeadScore.lead_id` (``None`` if absent).

    Returns:
        The :class:`LeadScore`, explanation included.

    Raises:
        InvalidArgument: ``as_of`` is not a date.
        InvalidValue: An event without a type or time, or a field value a rule cannot
            compare (named, with the value).

    >>> from crmkit.scoring._conditions import field
    >>> from crmkit.scoring._model import Rule
    >>> model = ScoringModel("m", (Rule("big", field("employees") >= 200, 20),))
    >>> score({"id": 7, "employees": "350"}, [], model, as_of=dt.date(2026, 1, 5)).total
    20.0
    """
    as_of = _check_as_of(as_of)
    engine = compile_model(model)
    outcome = engine.run(lead, events, as_of)
    return _result(engine, outcome, lead.get(id_field), as_of, _descriptions(model))


def score_many(
    leads: Iterable[Mapping[str, object]],
    events: Iterable[Mapping[str, object]],
    model: ScoringModel,
    *,
    as_of: dt.date,
    id_field: str = "id",
    lead_field: str = "lead_id",
    explain: bool = True,
) -> tuple[LeadScore, ...]:
    """Score many leads at once; the model is compiled once.

    With ``explain=False`` the scores carry no contributions (``()``), which saves building
    them; totals, groups, grades, matrix and thresholds are the same.

    Args:
        leads: The leads, each with an id in ``id_field`` (unique, not missing).
        events: All events in one flat iterable, each naming its lead in ``lead_field``
            (a DataFrame of events as records). Events of leads not in ``leads`` are not used.
        model: The scoring model.
        as_of: The moment of scoring.
        id_field: The leads' id field.
        lead_field: The events' field holding the lead id.
        explain: Whether each score lists its contributions.

    Returns:
        One :class:`LeadScore` per lead, in the order of ``leads``.

    Raises:
        InvalidValue: A lead without an id or with a repeated id (named with its position).

    >>> from crmkit.scoring._model import EventRule
    >>> model = ScoringModel("m", (EventRule("open", "email_open", 2),))
    >>> scores = score_many([{"id": "a"}, {"id": "b"}],
    ...                     [{"lead_id": "b", "type": "email_open", "at": "2026-01-02"}],
    ...                     model, as_of=dt.date(2026, 1, 5))
    >>> [(s.lead_id, s.total) for s in scores]
    [('a', 0.0), ('b', 2.0)]
    """
    as_of = _check_as_of(as_of)
    rows = list(leads)
    by_lead = events_by_lead(rows, events, id_field=id_field, lead_field=lead_field)
    engine = compile_model(model)
    descriptions = _descriptions(model)
    results = []
    for lead, lead_events in zip(rows, by_lead, strict=True):
        outcome = engine.run(lead, lead_events, as_of, explain=explain)
        if not explain:
            outcome.contributions = []
        results.append(_result(engine, outcome, lead.get(id_field), as_of, descriptions))
    return tuple(results)


def events_by_lead(
    leads: list[Mapping[str, object]],
    events: Iterable[Mapping[str, object]],
    *,
    id_field: str,
    lead_field: str,
) -> list[list[Mapping[str, object]]]:
    """Each lead's events, in the order of ``leads``; events of other leads are left out.

    Raises:
        InvalidValue: A lead without an id or with a repeated id (named with its position).

    >>> events_by_lead([{"id": 1}, {"id": 2}], [{"lead_id": 2, "type": "visit"}],
    ...                id_field="id", lead_field="lead_id")
    [[], [{'lead_id': 2, 'type': 'visit'}]]
    """
    ids: dict[object, int] = {}
    for position, lead in enumerate(leads):
        lead_id = lead.get(id_field)
        if is_missing(lead_id) or lead_id in ids:
            problem = "has no" if is_missing(lead_id) else "repeats the"
            msg = f"lead {position} {problem} '{id_field}' (got {lead_id!r})"
            raise InvalidValue(msg, field=id_field, value=lead_id)
        ids[lead_id] = position
    by_lead: list[list[Mapping[str, object]]] = [[] for _ in leads]
    for item in events:
        owner = ids.get(item.get(lead_field))
        if owner is not None:
            by_lead[owner].append(item)
    return by_lead


@attrs.frozen
class ThresholdCrossing:
    """A lead crossing a named threshold between two scores (``"up"``: now met).

    A plain value that a life-cycle can consume (``MQL`` met -> move to the MQL stage)
    without importing :mod:`crmkit.scoring`.
    """

    lead_id: object
    threshold: str
    direction: str
    at: dt.date
    total: float


def threshold_crossings(before: LeadScore, after: LeadScore) -> tuple[ThresholdCrossing, ...]:
    """The thresholds ``after`` meets that ``before`` did not (up), and the reverse (down).

    Raises:
        InvalidArgument: The two scores are of different leads or models, or out of order.

    >>> from crmkit.scoring._model import EventRule, Threshold
    >>> model = ScoringModel("m", (EventRule("visit", "visit", 10),),
    ...                      thresholds=(Threshold("MQL", {"total": 20}),))
    >>> events = [{"type": "visit", "at": "2026-03-01"}, {"type": "visit", "at": "2026-03-09"}]
    >>> before = score({"id": 1}, events, model, as_of=dt.date(2026, 3, 5))
    >>> after = score({"id": 1}, events, model, as_of=dt.date(2026, 3, 10))
    >>> [(c.threshold, c.direction, c.at) for c in threshold_crossings(before, after)]
    [('MQL', 'up', datetime.date(2026, 3, 10))]
    """
    same = (before.lead_id, before.model) == (after.lead_id, after.model)
    if not same or _later(before.as_of, after.as_of, "after"):
        msg = (
            "'after' must score the same lead with the same model, no earlier than 'before' "
            f"(got {after.lead_id!r}/{after.model!r} at {after.as_of!r} after "
            f"{before.lead_id!r}/{before.model!r} at {before.as_of!r})"
        )
        raise InvalidArgument(msg, field="after", value=after.as_of)
    was, now = set(before.thresholds), set(after.thresholds)
    names = [name for name in after.thresholds if name not in was]
    gone = [name for name in before.thresholds if name not in now]
    return tuple(
        ThresholdCrossing(after.lead_id, name, direction, after.as_of, after.total)
        for direction, items in (("up", names), ("down", gone))
        for name in items
    )


def _later(first: dt.date, second: dt.date, name: str) -> bool:
    """Whether ``first`` is after ``second``.

    A date means its midnight; aware datetimes compare as instants; an aware and a naive
    one cannot be compared.
    """
    moments = [
        value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        for value in (first, second)
    ]
    if (moments[0].tzinfo is None) != (moments[1].tzinfo is None):
        msg = f"'{name}' mixes a time zone-aware and a naive moment (got {first!r}, {second!r})"
        raise InvalidArgument(msg, field=name, value=(first, second))
    return moments[0] > moments[1]


@attrs.frozen
class ScoreTrend:
    """The change of a lead's score between two moments (Dynamics 365's score trend).

    ``direction`` is ``"improving"`` when the total rose by more than ``steady_within``,
    ``"declining"`` when it fell by more, else ``"steady"``.
    """

    direction: str
    change: float
    before: LeadScore
    after: LeadScore


def score_trend(
    lead: Mapping[str, object],
    events: Iterable[Mapping[str, object]],
    model: ScoringModel,
    *,
    since: dt.date,
    as_of: dt.date,
    steady_within: float = 0.0,
) -> ScoreTrend:
    """Score the lead at ``since`` and at ``as_of`` and name the direction of the change.

    >>> from crmkit.scoring._model import EventRule
    >>> model = ScoringModel("m", (EventRule("visit", "visit", 5),))
    >>> trend = score_trend({}, [{"type": "visit", "at": "2026-02-10"}], model,
    ...                     since=dt.date(2026, 2, 1), as_of=dt.date(2026, 3, 1))
    >>> trend.direction, trend.change
    ('improving', 5.0)
    """
    given: object = steady_within
    real = isinstance(given, int | float) and not isinstance(given, bool)
    if not (real and math.isfinite(steady_within) and steady_within >= 0):
        msg = f"'steady_within' must be a number of points >= 0 (got {steady_within!r})"
        raise InvalidArgument(msg, field="steady_within", value=steady_within)
    if _later(_check_as_of(since), _check_as_of(as_of), "since"):
        msg = f"'since' must not be after 'as_of' (got {since!r} after {as_of!r})"
        raise InvalidArgument(msg, field="since", value=since)
    items = list(events)
    before = score(lead, items, model, as_of=since)
    after = score(lead, items, model, as_of=as_of)
    change = after.total - before.total
    direction = "steady"
    if change > steady_within:
        direction = "improving"
    elif change < -steady_within:
        direction = "declining"
    return ScoreTrend(direction, change, before, after)
