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
    strict = funnel(subjects, ("lead", "mql", "sql", "won"))
    assert [r.reached for r in strict.rows] == [5, 3, 2, 1]
    assert [round(r.from_previous, 4) for r in strict.rows] == [1.0, 0.6, 0.6667, 0.5]
    assert strict.rows[-1].overall == 0.2
    cumulative = funnel(subjects, ("lead", "mql", "sql", "won"), mode="cumulative")
    # deepest listed stage reached: won, mql, won, lead, sql, won
    assert [r.reached for r in cumulative.rows] == [6, 5, 4, 3]
    with pytest.raises(InvalidArgument, match="'mode' must be one of"):
        funnel(subjects, ("lead",), mode="loose")


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=6)))
def test_funnel_counts_never_rise_along_the_stages(paths: list[list[str]]) -> None:
    """In both modes, no stage of a funnel counts more subjects than the one before it."""
    states = [visits(*path) for path in paths]
    for mode in ("strict", "cumulative"):
        counts = [r.reached for r in funnel(states, ("a", "b", "c", "d"), mode=mode).rows]
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
    from crmkit.lifecycle import cohorts

    def subject(start: dt.date, won_after: int) -> LifecycleState:
        won = start + dt.timedelta(days=won_after)
        return LifecycleState("f", "1", 0, (Visit("lead", start, won), Visit("won", won)))

    found = cohorts(
        [subject(dt.date(2026, 1, 5), 10), subject(dt.date(2026, 1, 25), 40)],
        stage="won",
        as_of=dt.date(2026, 3, 31),
        periods=3,
    )
    assert [(c.month, c.subjects, c.reached) for c in found] == [
        (dt.date(2026, 1, 1), 2, (1, 2, None))
    ]
    with pytest.raises(InvalidArgument, match="'periods' must be a whole number"):
        cohorts([], stage="won", as_of=DAY, periods=0)


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
