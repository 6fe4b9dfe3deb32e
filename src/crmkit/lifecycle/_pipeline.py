"""Pipeline maths over life-cycle states: scoring crossings as events, the weighted pipeline.

- :func:`crossing_event` turns a lead-scoring threshold crossing (``MQL`` met) into the event
  that moves a lead in a funnel (``become_mql`` in :data:`crmkit.lifecycle.LEAD_FUNNEL`).
  It reads any object with ``threshold`` and ``direction`` (a
  :class:`crmkit.scoring.ThresholdCrossing`) or a mapping, so it never imports the scoring
  package.
- :func:`weighted_pipeline` weighs open deals by their stage's win probability (Salesforce's
  opportunity probabilities, anchor notes B.4).

This module imports the standard library, ``crmkit._errors`` and
``crmkit.lifecycle._definition``.

>>> crossing_event({"threshold": "SQL", "direction": "up"})
'become_sql'
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Protocol

from crmkit._errors import InvalidArgument, InvalidDefinition
from crmkit.lifecycle._definition import Lifecycle

__all__ = ["LEAD_FUNNEL_CROSSINGS", "Staged", "crossing_event", "weighted_pipeline"]

LEAD_FUNNEL_CROSSINGS: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        ("lead", "up"): "become_lead",
        ("mql", "up"): "become_mql",
        ("marketing qualified lead", "up"): "become_mql",
        ("sql", "up"): "become_sql",
        ("sales qualified lead", "up"): "become_sql",
    }
)
"""Scoring threshold crossings ``(threshold, direction)`` -> lead funnel events.

The events are those of :data:`crmkit.lifecycle.LEAD_FUNNEL`.

Threshold names compare case-insensitively (``"MQL"`` is ``"mql"``): Marketo's ``Lead``
threshold (65 points in *Predictable Revenue*), ``MQL`` and ``SQL``. Only rising scores move a
lead: HubSpot stages move forward only, so a score falling below ``MQL`` keeps the stage. Add
``("mql", "down"): "recycle"`` to recycle such leads instead.
"""

_DIRECTIONS: Final = ("up", "down")


def _crossing_key(crossing: object) -> tuple[str, str]:
    if isinstance(crossing, Mapping):
        threshold, direction = crossing.get("threshold"), crossing.get("direction")
    else:
        threshold = getattr(crossing, "threshold", None)
        direction = getattr(crossing, "direction", None)
    if not isinstance(threshold, str) or not threshold or direction not in _DIRECTIONS:
        msg = (
            "'crossing' must have a 'threshold' (a name) and a 'direction' ('up' or 'down') "
            f"(got {crossing!r})"
        )
        raise InvalidArgument(msg, field="crossing", value=crossing)
    return (threshold.casefold(), str(direction))


def _entry(key: object, event: object) -> tuple[tuple[str, str], str]:
    if (
        isinstance(key, tuple)
        and len(key) == len(_DIRECTIONS)
        and isinstance(key[0], str)
        and key[1] in _DIRECTIONS
        and isinstance(event, str)
        and event
    ):
        return (key[0].casefold(), key[1]), event
    msg = (
        "'events' must map (threshold, 'up' or 'down') pairs to event names "
        f"(got {key!r}: {event!r})"
    )
    raise InvalidArgument(msg, field="events", value=key)


def crossing_event(
    crossing: object, *, events: Mapping[tuple[str, str], str] = LEAD_FUNNEL_CROSSINGS
) -> str | None:
    """The life-cycle event a scoring threshold crossing stands for, or ``None``.

    Args:
        crossing: Any object with ``threshold`` and ``direction`` attributes (a
            :class:`crmkit.scoring.ThresholdCrossing`) or a mapping with those keys.
        events: ``(threshold, direction) -> event``; threshold names compare
            case-insensitively. The default, :data:`LEAD_FUNNEL_CROSSINGS`, maps rising
            ``Lead``, ``MQL`` and ``SQL`` crossings to ``LEAD_FUNNEL`` events.

    Raises:
        InvalidArgument: A crossing without a threshold name or with another direction, or
            ``events`` with another key or an empty event.

    >>> crossing_event({"threshold": "MQL", "direction": "up"})
    'become_mql'
    >>> crossing_event({"threshold": "MQL", "direction": "down"}) is None
    True
    """
    table = dict(_entry(key, event) for key, event in events.items())
    return table.get(_crossing_key(crossing))


class Staged(Protocol):
    """What :func:`weighted_pipeline` reads of a state (a ``LifecycleState`` has it all)."""

    @property
    def lifecycle(self) -> str:
        """The life-cycle's name."""

    @property
    def version(self) -> str:
        """The life-cycle's version."""

    @property
    def subject_id(self) -> object:
        """Whose state it is (the deal)."""

    @property
    def stage(self) -> str:
        """The current stage."""


def _amount(subject: object, amounts: Mapping[Any, object]) -> float:
    if subject not in amounts:
        msg = f"'amounts' must give an amount for every open deal (missing {subject!r})"
        raise InvalidArgument(msg, field="amounts", value=subject)
    value = amounts[subject]
    try:
        number = (
            float(value)
            if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)
            else math.nan
        )
    except (ValueError, OverflowError):  # a signalling NaN, an int too large for a float
        number = math.nan
    if not (math.isfinite(number) and number >= 0):
        msg = f"'amounts' must be finite, non-negative numbers (got {value!r} for {subject!r})"
        raise InvalidArgument(msg, field="amounts", value=value)
    return number


def weighted_pipeline(
    states: Iterable[Staged],
    lifecycle: Lifecycle,
    *,
    amounts: Mapping[Any, float | decimal.Decimal],
) -> float:
    """The expected value of the open deals: the sum of amount x stage probability.

    ``sum(amount_i * p(stage_i))`` over the deals in a non-terminal stage; closed deals
    (won or lost) are left out, as in Salesforce's pipeline. The CRM texts' "automated
    sales forecasting tools, incorporating metrics on deal value and the probability of
    deal close" (texts catalog 1, 1, L1967-1969).

    Args:
        states: One state per deal (a :class:`LifecycleState` of ``lifecycle``).
        lifecycle: The deals' life-cycle; every non-terminal stage needs a probability.
        amounts: Each deal's amount, by the state's ``subject_id``; finite, not negative
            (``Decimal`` allowed; the result is a float).

    Raises:
        InvalidDefinition: Non-terminal stages without a probability (all named).
        InvalidArgument: A state of another life-cycle or version, a repeated deal, an
            unknown stage, or a missing or invalid amount.

    >>> from types import SimpleNamespace as Deal
    >>> from crmkit.lifecycle._models import OPPORTUNITY_STAGES
    >>> deals = [Deal(lifecycle="opportunity_stages", version="1", subject_id="a",
    ...               stage="negotiation_review")]
    >>> weighted_pipeline(deals, OPPORTUNITY_STAGES, amounts={"a": 1000})
    900.0
    """
    weights: dict[str, float] = {}
    missing: list[str] = []
    for stage in lifecycle.stages:
        if not stage.terminal and stage.probability is None:
            missing.append(stage.name)
        elif not stage.terminal and stage.probability is not None:
            weights[stage.name] = stage.probability
    if missing:
        msg = f"stages {missing!r} of {lifecycle.name!r} have no probability to weigh deals by"
        raise InvalidDefinition(msg, field="probability", value=missing)
    closed = {stage.name for stage in lifecycle.stages if stage.terminal}
    seen: set[object] = set()
    terms: list[float] = []
    for state in states:
        if (state.lifecycle, state.version) != (lifecycle.name, lifecycle.version):
            msg = (
                f"'states' must belong to {lifecycle.name!r} v{lifecycle.version} (got "
                f"{state.subject_id!r} in {state.lifecycle!r} v{state.version})"
            )
            raise InvalidArgument(msg, field="states", value=state.subject_id)
        if state.subject_id in seen:
            msg = f"'states' repeats the deal {state.subject_id!r}"
            raise InvalidArgument(msg, field="states", value=state.subject_id)
        seen.add(state.subject_id)
        if state.stage in closed:
            continue
        if state.stage not in weights:
            msg = f"'states' has {state.subject_id!r} in the unknown stage {state.stage!r}"
            raise InvalidArgument(msg, field="states", value=state.stage)
        terms.append(_amount(state.subject_id, amounts) * weights[state.stage])
    return math.fsum(terms)
