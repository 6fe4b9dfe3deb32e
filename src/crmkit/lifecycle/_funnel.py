"""Analytics over many subjects' histories: funnels, time per stage, stage migration.

- :func:`funnel`: how many subjects reached each stage of a list, and the conversion from
  one to the next. *Strict* counts a subject at a stage only if it reached every earlier
  listed stage first, in order; *cumulative* counts a skipped stage as passed when a later
  one was reached (HubSpot warns that skipped stages break funnel reports, anchor notes
  B.5: the two modes make the choice explicit).
- :func:`stage_durations`: the median and count of completed stays per stage, and how many
  stays are still open, as of an explicit date.
- :func:`migration_chain`: the stage-to-stage transition probabilities per period,
  estimated from histories (each subject's stage read at the end of every whole period
  since its start, transitions counted and each row divided by its total; terminal stages
  absorb), as a :class:`crmkit.value.MarkovChain`, so that ``crmkit.value.absorption`` gives
  expected periods to absorption and absorption probabilities (N = (I − Q)⁻¹, t = N·1,
  B = N·R; Kemeny & Snell 1960) and ``crmkit.value.markov_clv`` values each stage, with the
  Markov maths written once, in crmkit.value.

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen``,
``crmkit.value._markov`` and the life-cycle core.

>>> import datetime as dt
>>> from crmkit.lifecycle._state import LifecycleState, Visit
>>> day = dt.date(2026, 1, 1)
>>> a = LifecycleState("f", "1", "a", (Visit("lead", day, day), Visit("won", day, None, "win")))
>>> b = LifecycleState("f", "1", "b", (Visit("lead", day),))
>>> [(row.stage, row.reached) for row in funnel((a, b), ("lead", "won")).rows]
[('lead', 2), ('won', 1)]
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze
from crmkit.lifecycle._definition import Lifecycle
from crmkit.lifecycle._queries import stage_at
from crmkit.lifecycle._state import LifecycleState
from crmkit.value._markov import MarkovChain

__all__ = [
    "Cohort",
    "Funnel",
    "FunnelRow",
    "Migration",
    "StageDuration",
    "cohorts",
    "funnel",
    "migration_chain",
    "stage_durations",
]

MODES = ("strict", "cumulative")


@attrs.frozen
class FunnelRow:
    """One stage of a funnel.

    Attributes:
        stage: The stage.
        reached: Subjects counted as having reached it.
        from_previous: ``reached`` over the previous row's (1.0 for the first row; 0.0
            when the previous row is 0).
        overall: ``reached`` over the first row's.
    """

    stage: str
    reached: int
    from_previous: float
    overall: float


@attrs.frozen
class Funnel:
    """A funnel's rows, in the order of the stages asked for, and how they were counted."""

    rows: tuple[FunnelRow, ...]
    mode: str

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(r.stage)}</td><td>{r.reached}</td>"
            f"<td>{r.from_previous:.1%}</td><td>{r.overall:.1%}</td></tr>"
            for r in self.rows
        )
        return (
            f"<table><caption>funnel ({self.mode})</caption><tr><th>stage</th><th>reached</th>"
            f"<th>from previous</th><th>overall</th></tr>{body}</table>"
        )


def funnel(
    states: Iterable[LifecycleState], stages: Iterable[str], *, mode: str = "strict"
) -> Funnel:
    """How many subjects reached each of ``stages``, and the conversions between them.

    Args:
        states: One state per subject.
        stages: The stages of the funnel, in order.
        mode: ``"strict"`` (every earlier stage reached first, in order) or
            ``"cumulative"`` (a stage counts as passed when any later one was reached).

    >>> import datetime as dt
    >>> from crmkit.lifecycle._state import Visit
    >>> day = dt.date(2026, 1, 1)
    >>> skip = LifecycleState("f", "1", 1, (Visit("lead", day, day), Visit("sql", day)))
    >>> [r.reached for r in funnel((skip,), ("lead", "mql", "sql")).rows]
    [1, 0, 0]
    >>> [r.reached for r in funnel((skip,), ("lead", "mql", "sql"), mode="cumulative").rows]
    [1, 1, 1]
    """
    names = tuple(stages)
    if mode not in MODES:
        msg = f"'mode' must be one of {MODES!r} (got {mode!r})"
        raise InvalidArgument(msg, field="mode", value=mode)
    if not names:
        msg = f"'stages' must name at least one stage (got {names!r})"
        raise InvalidArgument(msg, field="stages", value=names)
    counts = [0] * len(names)
    for state in states:
        visited = [visit.stage for visit in state.visits]
        if mode == "cumulative":
            deepest = max((names.index(s) for s in visited if s in names), default=-1)
            for k in range(deepest + 1):
                counts[k] += 1
            continue
        position = 0
        for stage in visited:  # strict: the listed stages in order, as a subsequence
            if position < len(names) and stage == names[position]:
                counts[position] += 1
                position += 1
    rows = []
    for k, (name, count) in enumerate(zip(names, counts, strict=True)):
        previous = counts[k - 1] if k else count
        rows.append(
            FunnelRow(
                name,
                count,
                1.0 if k == 0 else (count / previous if previous else 0.0),
                count / counts[0] if counts[0] else 0.0,
            )
        )
    return Funnel(tuple(rows), mode)


@attrs.frozen
class StageDuration:
    """Completed stays in one stage: their median length, their number, and open stays."""

    stage: str
    median: dt.timedelta | None
    completed: int
    open: int


def stage_durations(
    states: Iterable[LifecycleState], *, as_of: dt.date
) -> FrozenDict[str, StageDuration]:
    """Per stage, the median length of the stays that ended by ``as_of``.

    Stays still open at ``as_of`` are counted apart (their length is not known yet), so
    medians are never pulled down by subjects who just arrived.

    >>> from crmkit.lifecycle._state import Visit
    >>> day = dt.date(2026, 1, 1)
    >>> states = [LifecycleState("f", "1", i, (
    ...     Visit("lead", day, day + dt.timedelta(days=d)), Visit("won", day, None)))
    ...     for i, d in enumerate((3, 5, 10))]
    >>> times = stage_durations(states, as_of=dt.date(2026, 2, 1))
    >>> times["lead"].median.days, times["won"].open
    (5, 3)
    """
    spans: dict[str, list[dt.timedelta]] = {}
    still: dict[str, int] = {}
    for state in states:
        for visit in state.visits:
            if visit.exited is not None and visit.exited <= as_of:
                spans.setdefault(visit.stage, []).append(visit.exited - visit.entered)
            elif visit.entered <= as_of:
                still[visit.stage] = still.get(visit.stage, 0) + 1
    names = sorted(set(spans) | set(still))
    return freeze(
        {
            name: StageDuration(
                name,
                _median(spans[name]) if name in spans else None,
                len(spans.get(name, ())),
                still.get(name, 0),
            )
            for name in names
        }
    )


def _median(values: list[dt.timedelta]) -> dt.timedelta:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@attrs.frozen
class Migration:
    """Stage-to-stage transitions per period, estimated from histories.

    Attributes:
        chain: The estimated :class:`crmkit.value.MarkovChain` (rows: stage now, columns:
            stage one period later); give it rewards with ``attrs.evolve`` for CLV.
        counts: The observed transitions, ``counts[i][j]`` from stage ``i`` to ``j``.
        unobserved: Non-terminal stages no subject was seen leaving or staying in; their
            rows are kept as "stay" (probability 1), which makes them absorbing: read
            results for them with care.
    """

    chain: MarkovChain
    counts: tuple[tuple[int, ...], ...]
    unobserved: tuple[str, ...]


def migration_chain(
    states: Iterable[LifecycleState], lifecycle: Lifecycle, *, period_days: int, as_of: dt.date
) -> Migration:
    """Estimate the per-period stage transition matrix from histories (see the module).

    >>> from crmkit.lifecycle._definition import Stage, Transition
    >>> from crmkit.lifecycle._state import Visit
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> day = dt.date(2026, 1, 1)
    >>> quick = LifecycleState("deal", "1", 1, (Visit("open", day, dt.date(2026, 1, 20)),
    ...                        Visit("won", dt.date(2026, 1, 20), None, "win")))
    >>> slow = LifecycleState("deal", "1", 2, (Visit("open", day),))
    >>> migration_chain((quick, slow), deal, period_days=30, as_of=dt.date(2026, 3, 2)).counts
    ((2, 1), (0, 1))
    """
    if type(period_days) is not int or period_days < 1:
        msg = f"'period_days' must be a whole number of days >= 1 (got {period_days!r})"
        raise InvalidArgument(msg, field="period_days", value=period_days)
    names = [stage.name for stage in lifecycle.stages]
    index = {name: i for i, name in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    step = dt.timedelta(days=period_days)
    for state in states:
        moment, before = state.started + step, state.visits[0].stage
        while moment <= as_of:
            now = stage_at(state, moment) or before
            counts[index[before]][index[now]] += 1
            before, moment = now, moment + step
    terminal = {stage.name for stage in lifecycle.stages if stage.terminal}
    rows, unobserved = [], []
    for i, name in enumerate(names):
        total = sum(counts[i])
        if name in terminal or not total:
            if name not in terminal:
                unobserved.append(name)
            rows.append(tuple(float(i == j) for j in range(len(names))))
        else:
            rows.append(tuple(count / total for count in counts[i]))
    chain = MarkovChain(states=tuple(names), transitions=tuple(rows))
    return Migration(chain, tuple(tuple(row) for row in counts), tuple(unobserved))


@attrs.frozen
class Cohort:
    """Subjects who started in one calendar month, and how many reached a stage in time.

    Attributes:
        month: The cohort's first day (the month the subjects started in).
        subjects: How many started that month.
        reached: For each period k = 1, 2, ...: how many had entered the stage within k
            periods of ``period_days`` after their own start; ``None`` for periods that end
            after ``as_of`` (not yet observable for the whole cohort).
    """

    month: dt.date
    subjects: int
    reached: tuple[int | None, ...]


def cohorts(
    states: Iterable[LifecycleState],
    *,
    stage: str,
    as_of: dt.date,
    period_days: int = 30,
    periods: int = 6,
) -> tuple[Cohort, ...]:
    """Monthly start cohorts and how many of each reached ``stage`` within 1..k periods.

    A period is counted for a cohort only when it has ended for every subject of the
    cohort by ``as_of`` (the cohort's last start day plus k periods), so young cohorts
    show ``None`` rather than a share that would still grow.

    >>> from crmkit.lifecycle._state import Visit
    >>> def subject(start, won_after=None):
    ...     open_ = Visit("open", start, None if won_after is None else
    ...                   start + dt.timedelta(days=won_after))
    ...     won = () if won_after is None else (Visit("won", open_.exited, None, "win"),)
    ...     return LifecycleState("deal", "1", 0, (open_, *won))
    >>> found = cohorts([subject(dt.date(2026, 1, 3), 20), subject(dt.date(2026, 1, 20), 45),
    ...                  subject(dt.date(2026, 2, 1))], stage="won", as_of=dt.date(2026, 3, 31),
    ...                 periods=3)
    >>> [(c.month, c.subjects, c.reached) for c in found]
    [(datetime.date(2026, 1, 1), 2, (1, 2, None)), (datetime.date(2026, 2, 1), 1, (0, None, None))]
    """
    for name, value in (("period_days", period_days), ("periods", periods)):
        if type(value) is not int or value < 1:
            msg = f"'{name}' must be a whole number >= 1 (got {value!r})"
            raise InvalidArgument(msg, field=name, value=value)
    groups: dict[dt.date, list[LifecycleState]] = {}
    for state in states:
        groups.setdefault(state.started.replace(day=1), []).append(state)
    step = dt.timedelta(days=period_days)
    result = []
    for month in sorted(groups):
        members = groups[month]
        latest = max(state.started for state in members)
        reached: list[int | None] = []
        for k in range(1, periods + 1):
            if latest + k * step > as_of:
                reached.append(None)
                continue
            reached.append(
                sum(
                    1
                    for state in members
                    if any(
                        visit.stage == stage and visit.entered <= state.started + k * step
                        for visit in state.visits
                    )
                )
            )
        result.append(Cohort(month, len(members), tuple(reached)))
    return tuple(result)
