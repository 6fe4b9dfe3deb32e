"""Stage migration per period and start cohorts, estimated from many subjects' histories.

- :func:`migration_chain`: the stage-to-stage transition probabilities per period,
  estimated from histories (each subject's stage read at the end of every whole period
  since its start, transitions counted and each row divided by its total; terminal stages
  absorb), as a :class:`crmkit.value.MarkovChain`, so that ``crmkit.value.absorption`` gives
  expected periods to absorption and absorption probabilities (N = (I − Q)⁻¹, t = N·1,
  B = N·R; Kemeny & Snell 1960) and ``crmkit.value.markov_clv`` values each stage, with the
  Markov maths written once, in crmkit.value.
- :func:`cohorts`: subjects grouped by the calendar month they started in, and how many of
  each group reached a stage within 1, 2, ... periods of their own start.

This module imports the standard library, attrs, ``crmkit._errors``,
``crmkit.value._markov`` and the life-cycle core.

>>> import datetime as dt
>>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
>>> from crmkit.lifecycle._state import LifecycleState, Visit
>>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
...                  (Transition("win", ("open",), "won"),), initial="open")
>>> day = dt.date(2026, 1, 1)
>>> won = LifecycleState("deal", "1", 1, (Visit("open", day, dt.date(2026, 1, 20)),
...                      Visit("won", dt.date(2026, 1, 20), None, "win")))
>>> migration_chain((won,), deal, period_days=30, as_of=dt.date(2026, 3, 2)).counts
((0, 1), (0, 1))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit.lifecycle._definition import Lifecycle
from crmkit.lifecycle._funnel import checked_states, stage_names
from crmkit.lifecycle._state import LifecycleState, moment
from crmkit.value._markov import MarkovChain

__all__ = ["Cohort", "Migration", "cohorts", "migration_chain"]


#: The longest span of days the calendar holds (``date.max − date.min``): a longer period
#: could never end.
_CALENDAR_DAYS: Final = (dt.date.max - dt.date.min).days


def _whole(name: str, value: object, *, days: bool = False) -> int:
    if type(value) is not int or value < 1 or (days and value > _CALENDAR_DAYS):
        limit = f" of days from 1 to {_CALENDAR_DAYS}" if days else " >= 1"
        msg = f"'{name}' must be a whole number{limit} (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


@attrs.frozen
class Migration:
    """Stage-to-stage transitions per period, estimated from histories.

    Attributes:
        chain: The estimated :class:`crmkit.value.MarkovChain` (rows: stage now, columns:
            stage one period later); give it rewards with ``attrs.evolve`` for CLV.
        counts: The observed transitions, ``counts[i][j]`` from stage ``i`` to ``j``.
        never_left: Non-terminal stages no subject was seen leaving (no data at all, or
            every subject stayed put). Their rows are "stay" with probability 1, which makes
            them absorbing in the estimate: results for them say "the data never showed a
            way out", not that there is none. Empty when every such row was observed.
    """

    chain: MarkovChain
    counts: tuple[tuple[int, ...], ...]
    never_left: tuple[str, ...]


def migration_chain(
    states: Iterable[LifecycleState], lifecycle: Lifecycle, *, period_days: int, as_of: dt.date
) -> Migration:
    """Estimate the per-period stage transition matrix from histories (see the module).

    Each subject is read at its start plus 1, 2, ... whole periods up to ``as_of``; the
    stage at each reading (the latest stage entered at or before it) is compared with the
    one before. Stays are counted in bulk between visits, so the work grows with the
    number of visits, not of periods.

    Raises:
        InvalidArgument: A state of another life-cycle or with a stage the life-cycle does
            not have (an older version: migrate or replay it), a period that is not a whole
            number of days >= 1, or ``as_of`` of another kind of moment than the states'.

    >>> from crmkit.lifecycle._definition import Stage, Transition
    >>> from crmkit.lifecycle._state import Visit
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> day = dt.date(2026, 1, 1)
    >>> quick = LifecycleState("deal", "1", 1, (Visit("open", day, dt.date(2026, 1, 20)),
    ...                        Visit("won", dt.date(2026, 1, 20), None, "win")))
    >>> slow = LifecycleState("deal", "1", 2, (Visit("open", day),))
    >>> found = migration_chain((quick, slow), deal, period_days=30, as_of=dt.date(2026, 3, 2))
    >>> found.counts, found.chain.transitions[0]
    (((2, 1), (0, 1)), (0.6666666666666666, 0.3333333333333333))
    """
    _whole("period_days", period_days, days=True)
    moment("as_of", as_of, None)
    names = [stage.name for stage in lifecycle.stages]
    index = {name: i for i, name in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    step = dt.timedelta(days=period_days)
    for state in checked_states(states, lifecycle, as_of=as_of):
        try:
            at = [index[visit.stage] for visit in state.visits]
        except KeyError as error:
            msg = (
                f"'states': subject {state.subject_id!r} (v{state.version}) visited "
                f"{error.args[0]!r}, not a stage of {lifecycle.name!r} v{lifecycle.version}"
            )
            raise InvalidArgument(msg, field="states", value=state.subject_id) from None
        _walk(state, at, counts, step, as_of)
    terminal = {stage.name for stage in lifecycle.stages if stage.terminal}
    rows, never_left = [], []
    for i, name in enumerate(names):
        total = sum(counts[i])
        if name not in terminal and total == counts[i][i]:
            never_left.append(name)
        if name in terminal or not total:
            rows.append(tuple(float(i == j) for j in range(len(names))))
        else:
            rows.append(tuple(count / total for count in counts[i]))
    chain = MarkovChain(states=tuple(names), transitions=tuple(rows))
    return Migration(chain, tuple(tuple(row) for row in counts), tuple(never_left))


def _walk(
    state: LifecycleState,
    at: list[int],
    counts: list[list[int]],
    step: dt.timedelta,
    as_of: dt.date,
) -> None:
    """Add one subject's per-period transitions to ``counts`` (``at``: its visits' stages)."""
    visits = state.visits
    if as_of - state.started < step:
        return  # not one whole period yet
    last = len(visits) - 1
    moment, before, j = state.started + step, at[0], 0
    while True:  # moment <= as_of throughout: nothing is computed beyond it
        while j < last and visits[j + 1].entered <= moment:
            j += 1
        now = at[j]
        counts[before][now] += 1
        before = now
        remaining = (as_of - moment) // step  # readings after this one
        # the readings before the next visit begins all find the subject still there
        stays = (
            remaining
            if j == last
            else min(remaining, -((moment - visits[j + 1].entered) // step) - 1)
        )
        counts[now][now] += stays
        if stays == remaining:
            return
        moment += (stays + 1) * step


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

    @property
    def shares(self) -> tuple[float | None, ...]:
        """``reached`` as shares of ``subjects`` (``None`` where not yet observable)."""
        return tuple(None if count is None else count / self.subjects for count in self.reached)


def cohorts(
    states: Iterable[LifecycleState],
    lifecycle: Lifecycle,
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

    Raises:
        InvalidArgument: ``stage`` is not a stage of ``lifecycle``, a state belongs to
            another life-cycle, ``as_of`` is another kind of moment, or a count is not a
            whole number >= 1.

    >>> from crmkit.lifecycle._definition import Stage, Transition
    >>> from crmkit.lifecycle._state import Visit
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> def subject(start, won_after=None):
    ...     open_ = Visit("open", start, None if won_after is None else
    ...                   start + dt.timedelta(days=won_after))
    ...     won = () if won_after is None else (Visit("won", open_.exited, None, "win"),)
    ...     return LifecycleState("deal", "1", 0, (open_, *won))
    >>> found = cohorts([subject(dt.date(2026, 1, 3), 20), subject(dt.date(2026, 1, 20), 45),
    ...                  subject(dt.date(2026, 2, 1))], deal, stage="won",
    ...                 as_of=dt.date(2026, 3, 31), periods=3)
    >>> [(c.month, c.subjects, c.reached) for c in found]
    [(datetime.date(2026, 1, 1), 2, (1, 2, None)), (datetime.date(2026, 2, 1), 1, (0, None, None))]
    >>> found[0].shares
    (0.5, 1.0, None)
    """
    _whole("period_days", period_days, days=True)
    _whole("periods", periods)
    moment("as_of", as_of, None)
    (target,) = stage_names("stage", (stage,), lifecycle)
    groups: dict[dt.date, list[tuple[dt.date, dt.date | None]]] = {}
    for state in checked_states(states, lifecycle, as_of=as_of):
        if state.started > as_of:
            continue  # not started yet as of as_of
        entered = next((v.entered for v in state.visits if v.stage == target), None)
        month = dt.date(state.started.year, state.started.month, 1)
        groups.setdefault(month, []).append((state.started, entered))
    step = dt.timedelta(days=period_days)
    result = []
    for month in sorted(groups):
        members = groups[month]
        # whole periods every member has lived, and the period each member reached the
        # stage in (entered within k periods of its start: k >= ceil((entered - start) / step))
        lived = (as_of - max(started for started, _ in members)) // step
        within = [
            -((started - entered) // step)
            for started, entered in members
            if entered is not None and entered <= as_of
        ]
        reached: list[int | None] = [
            sum(1 for needed in within if needed <= k) if k <= lived else None
            for k in range(1, periods + 1)
        ]
        result.append(Cohort(month, len(members), tuple(reached)))
    return tuple(result)
