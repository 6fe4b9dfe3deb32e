"""Analytics over many subjects' histories: funnels and time per stage.

- :func:`funnel`: how many subjects reached each stage of a list, the conversion from one
  to the next, and the median time from entering one stage to entering the next (HubSpot's
  "velocity"). *Strict* counts a subject at a stage only if it reached every earlier listed
  stage first, in order; *cumulative* counts a skipped stage as passed when a later one was
  reached (HubSpot warns that skipped stages break funnel reports, anchor notes B.5: the two
  modes make the choice explicit).
- :func:`stage_durations`: the median, mean and count of completed stays per stage, and
  how many stays are still open, as of an explicit moment.

Stage migration between periods and start cohorts are in ``crmkit.lifecycle._migration``.

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
the life-cycle core.

>>> import datetime as dt
>>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
>>> from crmkit.lifecycle._state import LifecycleState, Visit
>>> deal = Lifecycle("deal", (Stage("lead"), Stage("won", terminal=True)),
...                  (Transition("win", ("lead",), "won"),), initial="lead")
>>> day = dt.date(2026, 1, 1)
>>> a = LifecycleState("deal", "1", "a", (Visit("lead", day, day), Visit("won", day, None, "win")))
>>> b = LifecycleState("deal", "1", "b", (Visit("lead", day),))
>>> [(row.stage, row.reached) for row in funnel((a, b), deal, stages=("lead", "won")).rows]
[('lead', 2), ('won', 1)]
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze
from crmkit.lifecycle._definition import Lifecycle
from crmkit.lifecycle._state import LifecycleState, moment

__all__ = [
    "Funnel",
    "FunnelRow",
    "StageDuration",
    "checked_states",
    "funnel",
    "median",
    "stage_durations",
    "stage_names",
]

MODES = ("strict", "cumulative")


def checked_states(
    states: Iterable[object], lifecycle: Lifecycle | None, *, as_of: object
) -> Iterator[LifecycleState]:
    """``states`` one by one, each checked against ``lifecycle`` and ``as_of``.

    A state must belong to ``lifecycle`` (when given) and have moments of the same kind as
    ``as_of`` (dates or datetimes, aware or naive; when given).

    Raises:
        InvalidArgument: At once for a bad ``as_of`` or ``states`` that is not an iterable;
            while iterating, for the first state that fails, named by its subject.
    """
    if as_of is not None:
        moment("as_of", as_of, None)
    if isinstance(states, LifecycleState | str) or not isinstance(states, Iterable):
        msg = f"'states' must be an iterable of LifecycleState values (got {states!r})"
        raise InvalidArgument(msg, field="states", value=states)
    return _each_checked(states, lifecycle, as_of)


def _each_checked(
    states: Iterable[object], lifecycle: Lifecycle | None, as_of: object
) -> Iterator[LifecycleState]:
    kind = _kind(as_of)
    for state in states:
        if not isinstance(state, LifecycleState):
            msg = f"'states' must hold LifecycleState values (got {state!r})"
            raise InvalidArgument(msg, field="states", value=state)
        if lifecycle is not None and state.lifecycle != lifecycle.name:
            msg = (
                f"'states': subject {state.subject_id!r} is in life-cycle {state.lifecycle!r}, "
                f"not {lifecycle.name!r}"
            )
            raise InvalidArgument(msg, field="states", value=state.subject_id)
        if as_of is not None and _kind(state.started) != kind:
            msg = (
                f"'as_of' must be the same kind of moment as subject {state.subject_id!r}'s "
                f"{state.started!r} (date or datetime, aware or naive; got {as_of!r})"
            )
            raise InvalidArgument(msg, field="as_of", value=as_of)
        yield state


def _kind(value: object) -> str:
    if isinstance(value, dt.datetime):
        return "naive" if value.tzinfo is None else "aware"
    return "date"


def stage_names(name: str, value: object, lifecycle: Lifecycle) -> tuple[str, ...]:
    """``value`` as a tuple of distinct stage names of ``lifecycle``.

    Raises:
        InvalidArgument: Naming the argument ``name`` and the culprit.
    """
    if not isinstance(value, list | tuple):  # ordered: a set would shuffle the funnel
        msg = (
            f"'{name}' must be a list or tuple of stage names, not {type(value).__name__} {value!r}"
        )
        raise InvalidArgument(msg, field=name, value=value)
    names = tuple(value)
    if not names:
        msg = f"'{name}' must name at least one stage (got {names!r})"
        raise InvalidArgument(msg, field=name, value=names)
    known = [stage.name for stage in lifecycle.stages]
    for item in names:
        if item not in known:
            msg = f"'{name}' names {item!r}, not a stage of {lifecycle.name!r} {known!r}"
            raise InvalidArgument(msg, field=name, value=item)
    repeated = sorted({item for item in names if names.count(item) > 1})
    if repeated:
        msg = f"'{name}' repeats the stages {repeated!r} (got {names!r})"
        raise InvalidArgument(msg, field=name, value=names)
    return names


def median(values: list[dt.timedelta]) -> dt.timedelta | None:
    """The median of ``values`` (mean of the middle two); ``None`` when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@attrs.frozen
class FunnelRow:
    """One stage of a funnel.

    Attributes:
        stage: The stage.
        reached: Subjects counted as having reached it.
        from_previous: ``reached`` over the previous row's (1.0 for the first row; 0.0
            when the previous row is 0).
        overall: ``reached`` over the first row's.
        median_to_next: The median time from entering this stage to entering the next row's
            stage (HubSpot's stage velocity), over the subjects who entered both, in that
            order (first entries in cumulative mode; a skipped stage has no time); ``None``
            for the last row or when no subject moved on.
    """

    stage: str
    reached: int
    from_previous: float
    overall: float
    median_to_next: dt.timedelta | None = None


@attrs.frozen
class Funnel:
    """A funnel's rows, in the order of the stages asked for, and how they were counted."""

    rows: tuple[FunnelRow, ...]
    mode: str

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(r.stage)}</td><td>{r.reached}</td>"
            f"<td>{r.from_previous:.1%}</td><td>{r.overall:.1%}</td>"
            f"<td>{'' if r.median_to_next is None else r.median_to_next}</td></tr>"
            for r in self.rows
        )
        return (
            f"<table><caption>funnel ({self.mode})</caption><tr><th>stage</th><th>reached</th>"
            f"<th>from previous</th><th>overall</th><th>median time to next</th></tr>"
            f"{body}</table>"
        )


def _entries(state: LifecycleState, names: tuple[str, ...], mode: str) -> list[dt.date | None]:
    """When ``state`` entered each stage of ``names`` it is counted at, in funnel order.

    ``None`` stands for a stage passed by skipping it (cumulative mode).
    """
    visits = state.visits
    found: list[dt.date | None] = []
    if mode == "strict":  # the listed stages in order, as a subsequence of the visits
        size = len(names)
        for visit in visits:
            if visit.stage == names[len(found)]:
                found.append(visit.entered)
                if len(found) == size:
                    break
        return found
    first: dict[str, dt.date] = {}
    for visit in visits:
        first.setdefault(visit.stage, visit.entered)
    deepest = max((k for k, name in enumerate(names) if name in first), default=-1)
    return [first.get(names[k]) for k in range(deepest + 1)]


def funnel(
    states: Iterable[LifecycleState],
    lifecycle: Lifecycle,
    *,
    stages: Iterable[str],
    mode: str = "strict",
) -> Funnel:
    """How many subjects reached each of ``stages``, with conversions and times between them.

    Args:
        states: One state per subject, all of ``lifecycle``.
        lifecycle: The life-cycle the states belong to (stage names are checked against it).
        stages: The stages of the funnel, in order, distinct (a list or tuple).
        mode: ``"strict"`` (every earlier stage reached first, in order) or
            ``"cumulative"`` (a stage counts as passed when any later one was reached).

    Raises:
        InvalidArgument: An unknown or repeated stage, a single string for ``stages``, an
            unknown mode, or a state of another life-cycle.

    >>> from crmkit.lifecycle._models import LEAD_FUNNEL
    >>> from crmkit.lifecycle._state import Visit
    >>> day, later = dt.date(2026, 1, 1), dt.date(2026, 1, 15)
    >>> skip = LifecycleState("lead_funnel", "1", 1, (Visit("lead", day, later),
    ...                                               Visit("sql", later)))
    >>> [r.reached for r in funnel((skip,), LEAD_FUNNEL, stages=("lead", "mql", "sql")).rows]
    [1, 0, 0]
    >>> [r.reached for r in funnel((skip,), LEAD_FUNNEL, stages=("lead", "mql", "sql"),
    ...                            mode="cumulative").rows]
    [1, 1, 1]
    >>> funnel((skip,), LEAD_FUNNEL, stages=("lead", "sql")).rows[0].median_to_next.days
    14
    """
    if mode not in MODES:
        msg = f"'mode' must be one of {MODES!r} (got {mode!r})"
        raise InvalidArgument(msg, field="mode", value=mode)
    names = stage_names("stages", stages, lifecycle)
    counts = [0] * len(names)
    gaps: list[list[dt.timedelta]] = [[] for _ in names]
    for state in checked_states(states, lifecycle, as_of=None):
        found = _entries(state, names, mode)
        for k, entered in enumerate(found):
            counts[k] += 1
            before = found[k - 1] if k else None
            if before is not None and entered is not None and entered >= before:
                gaps[k - 1].append(entered - before)
    rows = []
    for k, (name, count) in enumerate(zip(names, counts, strict=True)):
        previous = counts[k - 1] if k else count
        rows.append(
            FunnelRow(
                name,
                count,
                1.0 if k == 0 else (count / previous if previous else 0.0),
                count / counts[0] if counts[0] else 0.0,
                median(gaps[k]),
            )
        )
    return Funnel(tuple(rows), mode)


@attrs.frozen
class StageDuration:
    """Stays in one stage: median and mean length of completed ones, their number, open ones."""

    stage: str
    median: dt.timedelta | None
    mean: dt.timedelta | None
    completed: int
    open: int


def stage_durations(
    states: Iterable[LifecycleState], *, as_of: dt.date
) -> FrozenDict[str, StageDuration]:
    """Per stage, the median and mean length of the stays that ended by ``as_of``.

    Stays still open at ``as_of`` are counted apart (their length is not known yet), so
    the figures are never pulled down by subjects who just arrived. ``as_of`` may be before
    some subjects' latest events: the histories are read as they stood then.

    Raises:
        InvalidArgument: ``as_of`` is not the same kind of moment as a state's.

    >>> from crmkit.lifecycle._state import Visit
    >>> day = dt.date(2026, 1, 1)
    >>> states = [LifecycleState("f", "1", i, (
    ...     Visit("lead", day, day + dt.timedelta(days=d)), Visit("won", day, None)))
    ...     for i, d in enumerate((3, 5, 10))]
    >>> times = stage_durations(states, as_of=dt.date(2026, 2, 1))
    >>> times["lead"].median.days, times["lead"].mean.days, times["won"].open
    (5, 6, 3)
    """
    spans: dict[str, list[dt.timedelta]] = {}
    still: dict[str, int] = {}
    for state in checked_states(states, None, as_of=as_of):
        for visit in state.visits:
            if visit.exited is not None and visit.exited <= as_of:
                spans.setdefault(visit.stage, []).append(visit.exited - visit.entered)
            elif visit.entered <= as_of:
                still[visit.stage] = still.get(visit.stage, 0) + 1
    names = sorted(set(spans) | set(still))
    zero = dt.timedelta(0)
    return freeze(
        {
            name: StageDuration(
                name,
                median(spans.get(name, [])),
                sum(spans[name], zero) / len(spans[name]) if name in spans else None,
                len(spans.get(name, ())),
                still.get(name, 0),
            )
            for name in names
        }
    )
