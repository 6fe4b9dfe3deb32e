"""Analytics over many histories: funnels, stage durations, migration and absorption."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.lifecycle import (
    LEAD_FUNNEL,
    Lifecycle,
    LifecycleState,
    Stage,
    Step,
    Transition,
    Visit,
    funnel,
    migration_chain,
    replay,
    stage_durations,
)
from crmkit.value import absorption

DAY = dt.date(2026, 1, 1)
OPEN_STAGES = ("lead", "mql", "sql", "a", "b", "c", "d")
#: A life-cycle where any open stage may move to any stage (the tests build visits by hand).
ANY = Lifecycle(
    "f",
    (*(Stage(name) for name in OPEN_STAGES), Stage("won", terminal=True)),
    tuple(Transition(f"to_{name}", OPEN_STAGES, name) for name in (*OPEN_STAGES, "won")),
    initial="lead",
)


def visits(*stages: str) -> LifecycleState:
    days = [DAY + dt.timedelta(days=10 * k) for k in range(len(stages))]
    chain = tuple(
        Visit(stage, day, days[k + 1] if k + 1 < len(days) else None)
        for k, (stage, day) in enumerate(zip(stages, days, strict=True))
    )
    return LifecycleState("f", "1", stages, chain)


def test_a_funnel_counted_by_hand() -> None:
    """Six subjects over lead -> mql -> sql -> won (hand count in the comments)."""
    subjects = [
        visits("lead", "mql", "sql", "won"),  # all four
        visits("lead", "mql"),  # lead, mql
        visits("lead", "sql", "won"),  # skips mql: strict stops after lead
        visits("lead"),
        visits("lead", "mql", "lead", "mql", "sql"),  # recycled, then on: strict to sql
        visits("mql", "won"),  # never a lead: strict counts nothing
    ]
    strict = funnel(subjects, ANY, stages=("lead", "mql", "sql", "won"))
    assert [r.reached for r in strict.rows] == [5, 3, 2, 1]
    assert [round(r.from_previous, 4) for r in strict.rows] == [1.0, 0.6, 0.6667, 0.5]
    assert strict.rows[-1].overall == 0.2
    cumulative = funnel(subjects, ANY, stages=("lead", "mql", "sql", "won"), mode="cumulative")
    # deepest listed stage reached: won, mql, won, lead, sql, won
    assert [r.reached for r in cumulative.rows] == [6, 5, 4, 3]
    with pytest.raises(InvalidArgument, match="'mode' must be one of"):
        funnel(subjects, ANY, stages=("lead",), mode="loose")


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6)))
def test_funnel_counts_never_rise_along_the_stages(paths: list[list[str]]) -> None:
    """In both modes, no stage of a funnel counts more subjects than the one before it."""
    states = [visits(*path) for path in paths]
    for mode in ("strict", "cumulative"):
        counts = [
            r.reached for r in funnel(states, ANY, stages=("a", "b", "c", "d"), mode=mode).rows
        ]
        assert all(x >= y for x, y in itertools.pairwise(counts))


def test_median_stays_ignore_open_ones() -> None:
    """lead stays of 10, 10, 20 days ended (median 10); mql stays 10 ended, two open."""
    subjects = [visits("lead", "mql"), visits("lead", "mql", "won"), visits("lead", "lead", "mql")]
    times = stage_durations(subjects, as_of=dt.date(2026, 6, 30))
    assert (times["lead"].median, times["lead"].completed) == (dt.timedelta(days=10), 4)
    assert (times["mql"].completed, times["mql"].open) == (1, 2)
    assert times["won"].median is None


WALK = Lifecycle(
    "walk",
    (
        Stage("home", terminal=True),
        Stage("one"),
        Stage("two"),
        Stage("three"),
        Stage("pub", terminal=True),
    ),
    (
        Transition("left", ("one",), "home"),
        Transition("left", ("two",), "one"),
        Transition("left", ("three",), "two"),
        Transition("right", ("one",), "two"),
        Transition("right", ("two",), "three"),
        Transition("right", ("three",), "pub"),
    ),
    initial="two",
)


def test_a_migration_matrix_estimated_from_histories_feeds_absorption() -> None:
    """Histories built so that from each corner of the drunkard's walk half the steps go each
    way give Grinstead & Snell's P, so t = (3, 4, 3) and B = (3/4, 1/4), (1/2, 1/2), (1/4, 3/4)
    (Introduction to Probability, §11.2) come out of crmkit.value's absorption."""
    histories = []
    # one step a day from 'two'; the four walks leave each inner stage equally often to
    # either side (two: 4 left, 4 right; one: 2 home, 2 back; three: 2 pub, 2 back)
    paths = [
        ["left", "left"],
        ["right", "right"],
        ["left", "right", "right", "left", "left", "left"],
        ["right", "left", "left", "right", "right", "right"],
    ]
    for index, path in enumerate(paths):
        steps = [Step(event, DAY + dt.timedelta(days=k + 1)) for k, event in enumerate(path)]
        histories.append(replay(steps, WALK, started=DAY, subject_id=index))
    migration = migration_chain(histories, WALK, period_days=1, as_of=DAY + dt.timedelta(days=7))
    counts = dict(zip([s.name for s in WALK.stages], migration.counts, strict=True))
    assert counts["two"] == (0, 4, 0, 4, 0)
    assert counts["one"] == (2, 0, 2, 0, 0)
    assert counts["three"] == (0, 0, 2, 0, 2)
    result = absorption(migration.chain)
    assert [round(t, 12) for t in result.expected_periods] == [3.0, 4.0, 3.0]
    assert [[round(p, 12) for p in row] for row in result.probabilities] == [
        [0.75, 0.25],
        [0.5, 0.5],
        [0.25, 0.75],
    ]


@given(
    st.lists(
        st.lists(
            st.sampled_from(["become_lead", "become_mql", "recycle", "close_won", "disqualify"]),
            max_size=6,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_estimated_rows_are_probabilities_and_terminal_stages_absorb(
    paths: list[list[str]],
) -> None:
    """Every row of an estimated migration matrix sums to 1, and terminal stages stay put."""
    states = [
        replay(
            [Step(e, DAY + dt.timedelta(days=3 * k + 1)) for k, e in enumerate(path)],
            LEAD_FUNNEL,
            started=DAY,
            subject_id=i,
        )
        for i, path in enumerate(paths)
    ]
    migration = migration_chain(states, LEAD_FUNNEL, period_days=2, as_of=dt.date(2026, 2, 1))
    for stage, row in zip(LEAD_FUNNEL.stages, migration.chain.transitions, strict=True):
        assert sum(row) == pytest.approx(1.0)
        if stage.terminal:
            assert row[[s.name for s in LEAD_FUNNEL.stages].index(stage.name)] == 1.0


def test_cohorts_count_only_periods_every_member_has_lived() -> None:
    """January starters (Jan 5, Jan 25) reach 'won' after 10 and 40 days; with 30-day periods
    and as_of Mar 31: within 1 period 1, within 2 periods 2, the 3rd period ends Apr 25 for
    the Jan 25 starter, so it is not yet observable (None)."""
    from crmkit.lifecycle import Cohort, cohorts

    def subject(start: dt.date, won_after: int) -> LifecycleState:
        won = start + dt.timedelta(days=won_after)
        return LifecycleState("f", "1", 0, (Visit("lead", start, won), Visit("won", won)))

    def monthly(members: list[LifecycleState], periods: int) -> tuple[Cohort, ...]:
        return cohorts(members, ANY, stage="won", as_of=dt.date(2026, 3, 31), periods=periods)

    found = monthly([subject(dt.date(2026, 1, 5), 10), subject(dt.date(2026, 1, 25), 40)], 3)
    assert [(c.month, c.subjects, c.reached) for c in found] == [
        (dt.date(2026, 1, 1), 2, (1, 2, None))
    ]
    assert found[0].shares == (0.5, 1.0, None)
    # a subject starting after as_of is not in any cohort yet
    later = monthly([subject(dt.date(2026, 1, 5), 10), subject(dt.date(2026, 5, 1), 3)], 1)
    assert [(c.month, c.subjects) for c in later] == [(dt.date(2026, 1, 1), 1)]
    with pytest.raises(InvalidArgument, match="'periods' must be a whole number"):
        cohorts([], ANY, stage="won", as_of=DAY, periods=0)
    with pytest.raises(InvalidArgument, match="'stage' names 'wonn', not a stage of 'f'"):
        cohorts([], ANY, stage="wonn", as_of=DAY)


def test_an_estimated_chain_values_each_stage_with_markov_clv() -> None:
    """The estimated matrix goes straight into crmkit.value.markov_clv once it has rewards:
    from 'one' the walk earns 10 a period until absorbed, t = 3 periods, so undiscounted
    V(one) = 10 x 3 = 30 (Pfeifer & Carraway's V = (I - P)^-1 R on the transient states)."""
    import attrs

    from crmkit.value import markov_clv

    paths = [
        ["left", "left"],
        ["right", "right"],
        ["left", "right", "right", "left", "left", "left"],
        ["right", "left", "left", "right", "right", "right"],
    ]
    histories = [
        replay(
            [Step(e, DAY + dt.timedelta(days=k + 1)) for k, e in enumerate(path)],
            WALK,
            started=DAY,
            subject_id=i,
        )
        for i, path in enumerate(paths)
    ]
    chain = migration_chain(histories, WALK, period_days=1, as_of=DAY + dt.timedelta(days=7))
    rewarded = attrs.evolve(chain.chain, rewards=(0.0, 10.0, 10.0, 10.0, 0.0))
    values = markov_clv(rewarded, discount_rate=0.0)
    assert [round(values[s], 9) for s in ("one", "two", "three")] == [30.0, 40.0, 30.0]


def test_funnel_stages_are_checked_against_the_lifecycle() -> None:
    """A misspelt, repeated or foreign stage, one string for many, or a state of another
    life-cycle is an error naming the culprit, never a silent zero."""
    subjects = [visits("lead", "mql")]
    with pytest.raises(InvalidArgument, match="'stages' names 'mq1', not a stage of 'f'"):
        funnel(subjects, ANY, stages=("lead", "mq1"))
    with pytest.raises(InvalidArgument, match="'stages' must be a list or tuple of stage names"):
        funnel(subjects, ANY, stages="lead")
    with pytest.raises(InvalidArgument, match="not set"):  # unordered: rows would shuffle
        funnel(subjects, ANY, stages={"lead", "mql"})
    with pytest.raises(InvalidArgument, match="'states' must be an iterable of LifecycleState"):
        funnel(subjects[0], ANY, stages=("lead",))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"'stages' repeats the stages \['lead'\]"):
        funnel(subjects, ANY, stages=("lead", "mql", "lead"))
    with pytest.raises(InvalidArgument, match="'stages' must name at least one stage"):
        funnel(subjects, ANY, stages=())
    with pytest.raises(InvalidArgument, match="is in life-cycle 'f', not 'lead_funnel'"):
        funnel(subjects, LEAD_FUNNEL, stages=("lead",))


def test_median_time_to_the_next_stage_counted_by_hand() -> None:
    """visits() moves every 10 days. lead -> mql: subjects 1, 2 and 5 take 10 days (the
    recycled one counts its first lead and first mql after it); mql -> sql: subject 1 takes
    10, subject 5 takes 30 (mql day 10, sql day 40): median 20 days."""
    subjects = [
        visits("lead", "mql", "sql"),
        visits("lead", "mql"),
        visits("lead", "sql"),
        visits("lead"),
        visits("lead", "mql", "lead", "mql", "sql"),
    ]
    rows = funnel(subjects, ANY, stages=("lead", "mql", "sql")).rows
    assert [row.median_to_next for row in rows] == [
        dt.timedelta(days=10),
        dt.timedelta(days=20),
        None,
    ]
    # cumulative: subject 3 passes mql by skipping it and has no time lead -> mql or mql ->
    # sql; the others are as in strict mode
    rows = funnel(subjects, ANY, stages=("lead", "mql", "sql"), mode="cumulative").rows
    assert [row.reached for row in rows] == [5, 4, 3]
    assert [row.median_to_next for row in rows] == [
        dt.timedelta(days=10),
        dt.timedelta(days=20),
        None,
    ]


def test_mean_stay_and_moment_kinds() -> None:
    """lead stays of 1, 2 and 10 days: mean 13/3 days (median 2); a datetime as_of against
    date states is an error naming the subject, not a TypeError."""
    subjects = [
        LifecycleState(
            "f", "1", days, (Visit("lead", DAY, DAY + dt.timedelta(days=days)), Visit("won", DAY))
        )
        for days in (1, 2, 10)
    ]
    times = stage_durations(subjects, as_of=dt.date(2026, 6, 30))
    assert times["lead"].mean == dt.timedelta(days=13) / 3
    assert times["lead"].median == dt.timedelta(days=2)
    assert times["won"].mean is None
    with pytest.raises(InvalidArgument, match="'as_of' must be a date or a datetime"):
        stage_durations([], as_of="2026-06-30")  # type: ignore[arg-type]
    moment = dt.datetime(2026, 6, 30, tzinfo=dt.UTC)
    with pytest.raises(InvalidArgument, match="'as_of' must be the same kind of moment"):
        stage_durations(subjects, as_of=moment)
    with pytest.raises(InvalidArgument, match="'as_of' must be the same kind of moment"):
        migration_chain(subjects, ANY, period_days=7, as_of=moment)
    from crmkit.lifecycle import cohorts

    with pytest.raises(InvalidArgument, match="'as_of' must be the same kind of moment"):
        cohorts(subjects, ANY, stage="won", as_of=moment)


def test_migration_names_foreign_states_and_stages_never_left() -> None:
    """A state of another life-cycle or with a stage this one lacks is named; a non-terminal
    stage every subject stayed in is reported as never left (it absorbs in the estimate)."""
    with pytest.raises(InvalidArgument, match="is in life-cycle 'f', not 'lead_funnel'"):
        migration_chain([visits("lead")], LEAD_FUNNEL, period_days=7, as_of=dt.date(2026, 6, 1))
    old = LifecycleState("f", "0", "old", (Visit("prospect", DAY),))
    with pytest.raises(InvalidArgument, match=r"subject 'old' \(v0\) visited 'prospect'"):
        migration_chain([old], ANY, period_days=7, as_of=dt.date(2026, 6, 1))
    with pytest.raises(InvalidArgument, match="'as_of' must be a date or a datetime"):
        migration_chain([visits("lead")], ANY, period_days=7, as_of=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'period_days' must be a whole number of days"):
        migration_chain([visits("lead")], ANY, period_days=10**9, as_of=DAY)
    # a period longer than the time since the start: no whole period, nothing counted
    late = migration_chain([visits("lead")], ANY, period_days=3_000_000, as_of=DAY)
    assert sum(map(sum, late.counts)) == 0
    stuck = [visits("lead", "mql"), visits("lead", "mql")]  # mql entered day 10, never left
    migration = migration_chain(stuck, ANY, period_days=5, as_of=dt.date(2026, 2, 1))
    assert "mql" in migration.never_left
    assert "lead" not in migration.never_left
    assert "won" not in migration.never_left  # terminal stages absorb by definition


def _naive_counts(
    states: list[LifecycleState], lifecycle: Lifecycle, period: int, as_of: dt.date
) -> list[list[int]]:
    """The definition read literally: the stage at start + k periods for every k."""
    from crmkit.lifecycle import stage_at

    names = [stage.name for stage in lifecycle.stages]
    counts = [[0] * len(names) for _ in names]
    for state in states:
        before = state.visits[0].stage
        moment = state.started + dt.timedelta(days=period)
        while moment <= as_of:
            now = stage_at(state, moment)
            assert now is not None
            counts[names.index(before)][names.index(now)] += 1
            before, moment = now, moment + dt.timedelta(days=period)
    return counts


@given(
    st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["to_lead", "to_mql", "to_sql", "to_a", "to_won"]),
                st.integers(min_value=0, max_value=20),
            ),
            max_size=8,
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=0, max_value=120),
)
def test_migration_counts_match_reading_every_period(
    paths: list[list[tuple[str, int]]], period: int, horizon: int
) -> None:
    """Counting stays in bulk between visits gives exactly the counts of reading each
    subject's stage at every period end (same-day moves and long silences included)."""
    states = []
    for i, path in enumerate(paths):
        day, steps = DAY, []
        for event, gap in path:
            day += dt.timedelta(days=gap)
            steps.append(Step(event, day))
        states.append(replay(steps, ANY, started=DAY, subject_id=i, strict=False))
    as_of = DAY + dt.timedelta(days=horizon)
    migration = migration_chain(states, ANY, period_days=period, as_of=as_of)
    assert [list(row) for row in migration.counts] == _naive_counts(states, ANY, period, as_of)
