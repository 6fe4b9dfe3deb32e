"""Questions about one state's history, always as of an explicit moment.

HubSpot keeps four "stage calculated properties" per stage (anchor notes B.4): *date
entered*, *date exited*, *latest time in* and *cumulative time in* (re-entries summed).
:func:`stage_times` gives the same for any stage; :func:`time_in_stages` the cumulative time
of every stage, which sums to the time since the subject started; :func:`stage_at` the stage
a subject was in on a past date. Durations are :class:`datetime.timedelta` (whole days when
the state's moments are dates). ``as_of`` may be any moment from the subject's start on: a
past one reads the history as it stood then (later entries and exits not yet happened).

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
``crmkit.lifecycle._state``.

>>> import datetime as dt
>>> from crmkit.lifecycle._state import LifecycleState, moment, Visit
>>> state = LifecycleState("funnel", "1", 7, (
...     Visit("lead", dt.date(2026, 1, 1), dt.date(2026, 1, 11)),
...     Visit("mql", dt.date(2026, 1, 11), None, "qualify")))
>>> stage_at(state, dt.date(2026, 1, 10)), time_in_stages(state, as_of=dt.date(2026, 1, 31))["mql"]
('lead', datetime.timedelta(days=20))
"""

from __future__ import annotations

import datetime as dt

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze
from crmkit.lifecycle._state import LifecycleState, moment

__all__ = ["StageTimes", "stage_at", "stage_times", "time_in_stages"]


def _as_of(state: LifecycleState, as_of: object) -> dt.date:
    """``as_of`` checked: a moment like the state's, not before its start."""
    moment("as_of", as_of, state.started)
    if as_of < state.started:  # type: ignore[operator]
        msg = f"'as_of' must not be before the state's start {state.started!r} (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    return as_of  # type: ignore[return-value]


def _stays(state: LifecycleState, end: dt.date) -> list[tuple[str, dt.date, dt.date | None]]:
    """The visits begun by ``end``, each as (stage, entered, exited by ``end`` or None)."""
    return [
        (v.stage, v.entered, v.exited if v.exited is not None and v.exited <= end else None)
        for v in state.visits
        if v.entered <= end
    ]


def stage_at(state: LifecycleState, at: dt.date) -> str | None:
    """The stage the subject was in at ``at`` (``None`` before it started).

    A subject that moved at ``at`` is counted in the stage it moved to.

    >>> from crmkit.lifecycle._state import Visit
    >>> state = LifecycleState("deal", "1", 1, (
    ...     Visit("open", dt.date(2026, 1, 1), dt.date(2026, 1, 5)),
    ...     Visit("won", dt.date(2026, 1, 5), None, "win")))
    >>> stage_at(state, dt.date(2026, 1, 4)), stage_at(state, dt.date(2026, 1, 5))
    ('open', 'won')
    """
    moment("at", at, state.started)
    current = None
    for visit in state.visits:
        if visit.entered <= at:
            current = visit.stage
        else:
            break
    return current


@attrs.frozen
class StageTimes:
    """HubSpot's stage calculated properties for one stage.

    Attributes:
        stage: The stage.
        entered: The first time the subject entered it (``None``: never).
        exited: The last time it left it (``None``: never left, or never there).
        latest: The time of the latest stay, up to ``as_of`` if it is still there.
        cumulative: All stays summed, the current one up to ``as_of``.
        entries: How many times the subject entered it.
    """

    stage: str
    entered: dt.date | None
    exited: dt.date | None
    latest: dt.timedelta
    cumulative: dt.timedelta
    entries: int


def stage_times(state: LifecycleState, stage: str, *, as_of: dt.date) -> StageTimes:
    """Date entered, date exited, latest and cumulative time in ``stage`` as of ``as_of``.

    A stage the subject has not visited gives no entries and zero times; the state does not
    know its life-cycle's stages, so check a name with :meth:`Lifecycle.stage` first when
    it comes from input.

    >>> from crmkit.lifecycle._state import Visit
    >>> state = LifecycleState("deal", "1", 1, (
    ...     Visit("open", dt.date(2026, 1, 1), dt.date(2026, 1, 5)),
    ...     Visit("lost", dt.date(2026, 1, 5), dt.date(2026, 2, 1), "lose"),
    ...     Visit("open", dt.date(2026, 2, 1), None, "reopen")))
    >>> times = stage_times(state, "open", as_of=dt.date(2026, 2, 11))
    >>> times.entered, times.exited, times.latest.days, times.cumulative.days, times.entries
    (datetime.date(2026, 1, 1), datetime.date(2026, 1, 5), 10, 14, 2)
    >>> stage_times(state, "open", as_of=dt.date(2026, 1, 20)).entries  # before the re-opening
    1
    """
    name: object = stage
    if not isinstance(name, str):
        msg = f"'stage' must be a stage's name (got {name!r})"
        raise InvalidArgument(msg, field="stage", value=name)
    end = _as_of(state, as_of)
    stays = [(entered, exited) for name, entered, exited in _stays(state, end) if name == stage]
    spans = [(exited or end) - entered for entered, exited in stays]
    exits = [exited for _, exited in stays if exited is not None]
    zero = dt.timedelta(0)
    return StageTimes(
        stage,
        stays[0][0] if stays else None,
        exits[-1] if exits else None,
        spans[-1] if spans else zero,
        sum(spans, zero),
        len(stays),
    )


def time_in_stages(state: LifecycleState, *, as_of: dt.date) -> FrozenDict[str, dt.timedelta]:
    """Cumulative time in each stage visited, as of ``as_of``.

    The values sum to the span from the start to ``as_of``.

    >>> from crmkit.lifecycle._state import Visit
    >>> state = LifecycleState("deal", "1", 1, (
    ...     Visit("open", dt.date(2026, 1, 1), dt.date(2026, 1, 5)),
    ...     Visit("won", dt.date(2026, 1, 5), None, "win")))
    >>> {k: v.days for k, v in time_in_stages(state, as_of=dt.date(2026, 1, 8)).items()}
    {'open': 4, 'won': 3}
    """
    end = _as_of(state, as_of)
    totals: dict[str, dt.timedelta] = {}
    for name, entered, exited in _stays(state, end):
        totals[name] = totals.get(name, dt.timedelta(0)) + ((exited or end) - entered)
    return freeze(totals)
