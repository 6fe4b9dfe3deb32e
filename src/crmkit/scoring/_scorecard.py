"""Learning points from history: a logistic model turned into an editable scoring model.

The texts: "the historical data from past successful sales can be used to identify
lead-qualification criteria. These criteria can be added as 'attributes' to your CRM's
lead-scoring tool" (texts catalog 1, section 7). :func:`fit_scorecard` does exactly that with
the credit-scoring method (Siddiqi, *Credit Risk Scorecards*, Wiley 2006, ch. 10):

1. each candidate rule is evaluated on every historic lead as of its decision date, giving a
   feature: 1 or 0 for a :class:`Rule`; for an :class:`EventRule`, the points it would give
   at 1 point per event (its count after windows, limits and decay; a cap is read as a
   number of events, ``cap / |points|``, and kept as that number of events at the learnt
   points);
2. an L2-regularised logistic regression of the outcomes (converted or not) on the features
   is fitted (:func:`crmkit.scoring._logistic.fit_logistic`, deterministic Newton-Raphson);
3. log-odds are scaled to points: ``score = offset + factor · log-odds`` with
   ``factor = points_to_double_odds / ln 2`` and
   ``offset = base_score − factor · ln(base_odds)``; each rule's points are ``factor · β_j``
   and the group's base points ``offset + factor · β_0``;
4. the result is a plain :class:`ScoringModel` (rules with their points, rounded to
   ``decimals``), which a team can read, edit and version like any hand-made model.

Symbols: ``β_0`` the intercept, ``β_j`` the coefficient of rule ``j``, odds = p / (1 − p)
with ``p`` the probability of conversion. Units: points; ``base_odds`` is a ratio (1.0 means
even odds).

This module imports the standard library, attrs, ``crmkit._errors`` and the scoring
package's own modules.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.scoring._compiler import as_moment
from crmkit.scoring._engine import compile_model
from crmkit.scoring._logistic import FittedLogistic, fit_logistic
from crmkit.scoring._model import EventRule, Group, Rule, ScoringModel
from crmkit.scoring._scaling import ScorecardScaling, coefficient_points, scorecard_scaling
from crmkit.scoring._score import events_by_lead

__all__ = [
    "DEFAULT_BASE_ODDS",
    "DEFAULT_BASE_SCORE",
    "DEFAULT_POINTS_TO_DOUBLE_ODDS",
    "Scorecard",
    "fit_scorecard",
]

#: crmkit's default scale for lead scores (a convention of ours, not a published one): 50
#: points at even odds of conversion and 10 points per doubling of the odds, so leads from
#: 1:30 to 30:1 odds land between 0 and 100. Siddiqi's credit example is 600 at 50:1, 20 pdo.
DEFAULT_BASE_SCORE: Final = 50.0
DEFAULT_BASE_ODDS: Final = 1.0
DEFAULT_POINTS_TO_DOUBLE_ODDS: Final = 10.0


@attrs.frozen
class Scorecard:
    """A scoring model learnt from history, with the fit and the scale that produced it.

    Attributes:
        model: The points-based :class:`ScoringModel` (one group, its base points, the
            candidate rules with learnt points).
        fit: The logistic fit (coefficients, standard errors, log-likelihood, convergence).
        scaling: The points scale (``factor``, ``offset``).
        exact_points: Each rule's points before rounding, and the base points under the
            group's name.
    """

    model: ScoringModel
    fit: FittedLogistic
    scaling: ScorecardScaling
    exact_points: Mapping[str, float]

    def probability(self, score: float) -> float:
        """The conversion probability the scale gives a score: ``1 / (1 + e^(−log-odds))``.

        Rounded points make this approximate for a model's totals (within the rounding).
        """
        log_odds = self.scaling.log_odds(score)
        if log_odds >= 0:
            return 1.0 / (1.0 + math.exp(-log_odds))
        odds = math.exp(log_odds)
        return odds / (1.0 + odds)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(rule.id)}</td><td>{self.fit.coefficients[rule.id]:.4f}</td>"
            f"<td>{self.fit.standard_errors[rule.id]:.4f}</td><td>{rule.points:g}</td></tr>"
            for rule in self.model.rules
            if isinstance(rule, Rule | EventRule)
        )
        group = self.model.groups[0]
        return (
            f"<table><caption>scorecard {html.escape(self.model.name)}: base "
            f"{group.base:g} points; {self.scaling.points_to_double_odds:g} points double the "
            f"odds</caption><tr><th>rule</th><th>coefficient</th><th>std. error</th>"
            f"<th>points</th></tr>{rows}</table>"
        )


def _candidates(value: object) -> tuple[Rule | EventRule, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if not items:
        msg = f"'candidates' must be a non-empty list of Rule or EventRule values (got {value!r})"
        raise InvalidArgument(msg, field="candidates", value=value)
    for item in items:
        if not isinstance(item, Rule | EventRule):
            name = getattr(item, "id", None)
            msg = (
                f"'candidates' must hold Rule or EventRule values only (got a "
                f"{type(item).__name__}{f' {name!r}' if name else ''}; leave inactivity rules "
                f"out and add them to the learnt model afterwards)"
            )
            raise InvalidArgument(msg, field="candidates", value=item)
    for item in items:
        if isinstance(item, EventRule) and item.cap is not None and not item.points:
            msg = (
                f"candidate {item.id!r} has a cap but no points, so the cap cannot be read as "
                f"a number of events: give it its points, or use 'max_occurrences' "
                f"(got cap={item.cap!r}, points={item.points!r})"
            )
            raise InvalidArgument(msg, field="candidates", value=item.cap)
    return items


def _events_worth(rule: EventRule) -> float | None:
    """A capped event rule's cap in events (``cap / |points|``); ``None`` without a cap."""
    return None if rule.cap is None else rule.cap / abs(rule.points)


def _unit(rule: Rule | EventRule) -> Rule | EventRule:
    """The candidate at 1 point (per event), its cap kept as the same number of events."""
    if isinstance(rule, EventRule):
        return attrs.evolve(rule, points=1.0, group="features", cap=_events_worth(rule))
    return attrs.evolve(rule, points=1.0, group="features")


def _learnt(rule: Rule | EventRule, points: float, group: str) -> Rule | EventRule:
    """The candidate with its learnt points; a cap keeps its number of events."""
    if isinstance(rule, EventRule) and rule.cap is not None:
        worth = _events_worth(rule)
        cap = None if not points or worth is None else worth * abs(points)
        return attrs.evolve(rule, points=points, group=group, cap=cap)
    return attrs.evolve(rule, points=points, group=group)


def _features(
    leads: list[Mapping[str, object]],
    events: Iterable[Mapping[str, object]],
    candidates: tuple[Rule | EventRule, ...],
    *,
    as_of: dt.date,
    as_of_field: str | None,
    id_field: str,
    lead_field: str,
) -> tuple[list[object], list[tuple[float, ...]]]:
    """Each lead's id and its feature row (one value per candidate)."""
    unit = tuple(_unit(rule) for rule in candidates)
    engine = compile_model(ScoringModel("features", unit))
    position = {rule.id: index for index, rule in enumerate(unit)}
    grouped = events_by_lead(leads, events, id_field=id_field, lead_field=lead_field)
    ids = [lead.get(id_field) for lead in leads]
    rows = []
    for lead, lead_events in zip(leads, grouped, strict=True):
        moment = as_of if as_of_field is None else as_moment(as_of_field, lead.get(as_of_field))
        row = [0.0] * len(unit)
        for rule_id, _group, _kind, value, *_ in engine.run(
            lead, lead_events, moment
        ).contributions:
            if rule_id in position:
                row[position[rule_id]] = value
        rows.append(tuple(row))
    return ids, rows


def fit_scorecard(
    leads: Iterable[Mapping[str, object]],
    events: Iterable[Mapping[str, object]],
    outcomes: Mapping[Any, bool],
    candidates: Iterable[Rule | EventRule],
    *,
    as_of: dt.date,
    as_of_field: str | None = None,
    id_field: str = "id",
    lead_field: str = "lead_id",
    name: str = "scorecard",
    group: str = "score",
    l2: float = 1.0,
    base_score: float = DEFAULT_BASE_SCORE,
    base_odds: float = DEFAULT_BASE_ODDS,
    points_to_double_odds: float = DEFAULT_POINTS_TO_DOUBLE_ODDS,
    decimals: int = 0,
) -> Scorecard:
    """Learn points for candidate rules from historic leads and their outcomes.

    Args:
        leads: Historic leads (fields), each with an id in ``id_field``.
        events: Their events in one flat iterable, each naming its lead in ``lead_field``.
        outcomes: Lead id -> converted (True / False); every lead needs one.
        candidates: The rules to weigh (their points and groups are replaced).
        as_of: When the leads are scored (the decision date), for every lead unless
            ``as_of_field`` names a lead field holding each lead's own date.
        as_of_field: A lead field with that lead's decision date (date or ISO text).
        id_field: The leads' id field.
        lead_field: The events' field holding the lead id.
        name: The model's name.
        group: The one group the rules and the base points go to.
        l2: The ridge penalty of the logistic fit (> 0 keeps rare rules finite).
        base_score: The score at ``base_odds``.
        base_odds: The odds of conversion (p / (1 − p)) that score ``base_score``.
        points_to_double_odds: Points that double the odds.
        decimals: Points are rounded to this many decimals (0: whole points).

    Returns:
        The :class:`Scorecard`, whose ``model`` scores leads like any other model.

    Raises:
        InvalidArgument: Leads without outcomes, outcomes of unknown leads, bad options, or
            a fit without a maximum (see ``fit_logistic``).
        InvalidValue: A lead without an id or with a repeated id.

    >>> from crmkit.scoring._conditions import field
    >>> leads = [{"id": i, "demo": i % 2, "big": i % 3 == 0} for i in range(60)]
    >>> outcomes = {i: (i % 2 == 1 and i % 5 != 0) or i % 7 == 0 for i in range(60)}
    >>> card = fit_scorecard(leads, [], outcomes,
    ...                      [Rule("demo", field("demo").equals(1), 0),
    ...                       Rule("big", field("big").equals(True), 0)],
    ...                      as_of=dt.date(2026, 1, 1))
    >>> [(rule.id, rule.points) for rule in card.model.rules]
    [('demo', 33.0), ('big', 0.0)]
    >>> card.model.groups[0].base
    34.0
    """
    rules = _candidates(tuple(candidates))
    if type(decimals) is not int or not 0 <= decimals <= 6:  # noqa: PLR2004
        msg = f"'decimals' must be a whole number from 0 to 6 (got {decimals!r})"
        raise InvalidArgument(msg, field="decimals", value=decimals)
    scaling = scorecard_scaling(
        base_score=base_score, base_odds=base_odds, points_to_double_odds=points_to_double_odds
    )
    rows = list(leads)
    ids, features = _features(
        rows,
        events,
        rules,
        as_of=as_of,
        as_of_field=as_of_field,
        id_field=id_field,
        lead_field=lead_field,
    )
    unknown = [key for key in outcomes if key not in set(ids)]
    if unknown:
        msg = f"'outcomes' has leads that are not in 'leads': {unknown[:5]!r}"
        raise InvalidArgument(msg, field="outcomes", value=unknown[:5])
    missing = [lead_id for lead_id in ids if lead_id not in outcomes]
    if missing:
        msg = f"'outcomes' has no outcome for leads {missing[:5]!r}"
        raise InvalidArgument(msg, field="outcomes", value=missing[:5])
    fit = fit_logistic(
        features, [outcomes[lead_id] for lead_id in ids], feature_names=[r.id for r in rules], l2=l2
    )
    exact = coefficient_points(fit, scaling)
    learnt = tuple(
        # + 0.0 turns a rounded -0.0 into 0.0
        _learnt(rule, round(exact.points[rule.id], decimals) + 0.0, group)
        for rule in rules
    )
    model = ScoringModel(
        name, learnt, groups=(Group(group, base=round(exact.base_points, decimals) + 0.0),)
    )
    return Scorecard(model, fit, scaling, {**exact.points, group: exact.base_points})
