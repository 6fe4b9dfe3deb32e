"""The life-cycle core: checked definitions, pure transitions, replay and queries."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition, InvalidTransition
from crmkit.lifecycle import (
    Lifecycle,
    LifecycleState,
    Stage,
    Step,
    Transition,
    Visit,
    advance,
    replay,
    stage_at,
    stage_times,
    start,
    time_in_stages,
)
from crmkit.serialization import from_data, to_data

DAY0 = dt.date(2026, 1, 1)

FUNNEL = Lifecycle(
    "funnel",
    (
        Stage("subscriber"),
        Stage("lead"),
        Stage("mql"),
        Stage("customer", terminal=True),
        Stage("lost", terminal=True),
    ),
    (
        Transition("sign_up", ("subscriber",), "lead"),
        Transition("qualify", ("lead",), "mql", guard="fit_enough"),
        Transition("touch", ("lead", "mql"), "lead"),  # stays in lead; mql -> lead is backward
        Transition("buy", ("lead", "mql"), "customer"),
        Transition("lose", ("subscriber", "lead", "mql"), "lost"),
    ),
    initial="subscriber",
    guards=("fit_enough",),
    forward_only=False,
)
GUARDS = {"fit_enough": lambda subject, _data: subject.get("fit", 0) >= 30}


def test_definitions_are_checked_and_name_the_culprit() -> None:
    stages = (Stage("a"), Stage("b", terminal=True))
    with pytest.raises(InvalidDefinition, match=r"names unknown stages \['c'\]"):
        Lifecycle("x", stages, (Transition("go", ("a",), "c"),), initial="a")
    with pytest.raises(InvalidDefinition, match=r"leaves the terminal stages \['b'\]"):
        Lifecycle(
            "x",
            stages,
            (Transition("go", ("a",), "b"), Transition("back", ("b",), "a")),
            initial="a",
        )
    with pytest.raises(InvalidDefinition, match=r"stages \['c'\] of 'x' cannot be reached"):
        Lifecycle(
            "x", (*stages, Stage("c", terminal=True)), (Transition("go", ("a",), "b"),), initial="a"
        )
    with pytest.raises(InvalidDefinition, match=r"non-terminal stages \['a'\] .* no way out"):
        Lifecycle("x", (Stage("a"),), (), initial="a")
    with pytest.raises(InvalidDefinition, match="a second unguarded transition for event 'go'"):
        Lifecycle(
            "x",
            (*stages, Stage("c", terminal=True)),
            (Transition("go", ("a",), "b"), Transition("go", ("a",), "c")),
            initial="a",
        )
    with pytest.raises(InvalidDefinition, match="undeclared guard 'ok'"):
        Lifecycle("x", stages, (Transition("go", ("a",), "b", guard="ok"),), initial="a")
    with pytest.raises(InvalidDefinition, match="goes back from 'b' in the forward-only"):
        Lifecycle(
            "x",
            (Stage("a"), Stage("b"), Stage("c", terminal=True)),
            (
                Transition("go", ("a",), "b"),
                Transition("undo", ("b",), "a"),
                Transition("end", ("b",), "c"),
            ),
            initial="a",
            forward_only=True,
        )
    with pytest.raises(InvalidDefinition, match="'initial' must be one of the stages"):
        Lifecycle("x", stages, (Transition("go", ("a",), "b"),), initial="z")
    with pytest.raises(InvalidDefinition, match=r"'stages' repeats \['a'\]"):
        Lifecycle("x", (Stage("a"), Stage("a")), (), initial="a")


def test_guards_flags_and_texts_are_checked() -> None:
    """A declared guard no transition uses (a misspelling), a guarded transition shadowed by
    an unguarded one listed before it, and a flag or text of the wrong type are refused."""
    stages = (Stage("a"), Stage("b", terminal=True))
    go = Transition("go", ("a",), "b")
    with pytest.raises(InvalidDefinition, match=r"declares unused \['fit_enuogh'\]"):
        Lifecycle("x", stages, (go,), initial="a", guards=("fit_enuogh",))
    with pytest.raises(InvalidDefinition, match=r"repeats \['ok'\]"):
        Lifecycle(
            "x",
            stages,
            (Transition("go", ("a",), "b", guard="ok"), go),
            initial="a",
            guards=("ok", "ok"),
        )
    with pytest.raises(
        InvalidDefinition,
        match="guard 'ok' is tried after an unguarded transition; it can never apply",
    ):
        Lifecycle(
            "x",
            stages,
            (go, Transition("go", ("a",), "b", guard="ok")),
            initial="a",
            guards=("ok",),
        )
    with pytest.raises(InvalidDefinition, match="'terminal' of stage 'b' must be True or False"):
        Stage("b", terminal="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidDefinition, match="'description' of transition 'go' must be text"):
        Transition("go", ("a",), "b", description=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidDefinition, match="'source' of life-cycle 'x' must be text"):
        Lifecycle("x", stages, (go,), initial="a", source=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidDefinition, match="guard 'ok' is tried after the same guard"):
        Lifecycle(
            "x",
            stages,
            (Transition("go", ("a",), "b", guard="ok"), Transition("go", ("a",), "b", guard="ok")),
            initial="a",
            guards=("ok",),
        )
    with pytest.raises(InvalidDefinition, match="without surrounding spaces"):
        Stage(" a ")
    with pytest.raises(InvalidDefinition, match="'stage' must be one of"):
        Lifecycle("x", stages, (go,), initial="a").events_from("c")


def test_advance_is_pure_and_records_the_history() -> None:
    state = start(FUNNEL, at=DAY0, subject_id="ann")
    later = advance(state, "sign_up", FUNNEL, at=dt.date(2026, 1, 3), reason="form")
    assert state.stage == "subscriber"  # unchanged
    assert later.stage == "lead"
    assert later.visits[0].exited == dt.date(2026, 1, 3)
    assert (later.visits[1].event, later.visits[1].reason) == ("sign_up", "form")
    same = advance(later, "touch", FUNNEL, at=dt.date(2026, 1, 4))
    assert len(same.visits) == 2  # a transition to the same stage adds no visit
    assert same.steps[-1].outcome == "lead"


def test_guards_decide_and_a_refused_event_lists_what_is_allowed() -> None:
    lead = advance(start(FUNNEL, at=DAY0), "sign_up", FUNNEL, at=DAY0)
    with pytest.raises(InvalidTransition, match="guard 'fit_enough' does not hold") as info:
        advance(lead, "qualify", FUNNEL, at=DAY0, subject={"fit": 10}, guards=GUARDS)
    assert info.value.allowed == ("buy", "lose", "qualify", "touch")
    mql = advance(lead, "qualify", FUNNEL, at=DAY0, subject={"fit": 40}, guards=GUARDS)
    assert mql.stage == "mql"
    with pytest.raises(InvalidArgument, match="'guards' must give a function for guard"):
        advance(lead, "qualify", FUNNEL, at=DAY0)
    won = advance(mql, "buy", FUNNEL, at=dt.date(2026, 2, 1), guards=GUARDS)
    with pytest.raises(InvalidTransition, match="stage 'customer' is terminal") as info:
        advance(won, "lose", FUNNEL, at=dt.date(2026, 2, 2), guards=GUARDS)
    assert info.value.allowed == ()
    kept = advance(won, "lose", FUNNEL, at=dt.date(2026, 2, 2), guards=GUARDS, strict=False)
    assert (kept.stage, kept.steps[-1].accepted) == ("customer", False)


def test_states_are_versioned_and_moments_ordered() -> None:
    state = start(FUNNEL, at=DAY0)
    other = Lifecycle(
        "funnel",
        FUNNEL.stages,
        FUNNEL.transitions,
        initial="subscriber",
        version="2",
        guards=("fit_enough",),
    )
    with pytest.raises(InvalidArgument, match="belongs to life-cycle 'funnel' v1"):
        advance(state, "sign_up", other, at=DAY0, guards=GUARDS)
    later = advance(state, "sign_up", FUNNEL, at=dt.date(2026, 1, 5))
    with pytest.raises(InvalidArgument, match="must not be before the state's last event"):
        advance(later, "touch", FUNNEL, at=dt.date(2026, 1, 4))
    with pytest.raises(InvalidArgument, match="must be a date like the state's"):
        advance(later, "touch", FUNNEL, at=dt.datetime(2026, 1, 6, 9))


def test_hubspot_stage_properties_and_past_stages() -> None:
    """Date entered, date exited, latest and cumulative time in a stage (anchor notes B.4)."""
    state = start(FUNNEL, at=DAY0)
    for event, day in (("sign_up", 3), ("qualify", 10), ("touch", 12), ("qualify", 20)):
        state = advance(
            state, event, FUNNEL, at=dt.date(2026, 1, day), subject={"fit": 50}, guards=GUARDS
        )
    # subscriber 1-3, lead 3-10, mql 10-12, lead 12-20, mql 20-
    times = stage_times(state, "lead", as_of=dt.date(2026, 1, 31))
    assert (times.entered, times.exited, times.entries) == (
        dt.date(2026, 1, 3),
        dt.date(2026, 1, 20),
        2,
    )
    assert (times.latest.days, times.cumulative.days) == (8, 15)
    mql = stage_times(state, "mql", as_of=dt.date(2026, 1, 31))
    assert (mql.latest.days, mql.cumulative.days, mql.exited) == (11, 13, dt.date(2026, 1, 12))
    assert [stage_at(state, dt.date(2026, 1, d)) for d in (1, 3, 11, 12, 25)] == [
        "subscriber",
        "lead",
        "mql",
        "lead",
        "mql",
    ]
    assert stage_at(state, dt.date(2025, 12, 31)) is None
    never = stage_times(state, "customer", as_of=dt.date(2026, 1, 31))
    assert (never.entered, never.cumulative) == (None, dt.timedelta(0))


events = st.lists(
    st.tuples(
        st.sampled_from(["sign_up", "qualify", "touch", "buy", "lose", "bogus"]),
        st.integers(0, 30),
        st.integers(0, 100),
    ),
    max_size=15,
)


def run(steps: list[tuple[str, int, int]]) -> LifecycleState:
    state = start(FUNNEL, at=DAY0, subject_id="s")
    day = DAY0
    for event, gap, fit in steps:
        day += dt.timedelta(days=gap)
        state = advance(
            state,
            event,
            FUNNEL,
            at=day,
            data={"fit": fit},
            strict=False,
            subject={"fit": fit},
            guards=GUARDS,
        )
    return state


@given(events)
def test_replay_is_identity(steps: list[tuple[str, int, int]]) -> None:
    """Replaying a state's own steps from its start gives exactly the same state."""
    state = run([(event, gap, 50) for event, gap, _ in steps])
    again = replay(
        state.steps,
        FUNNEL,
        started=state.started,
        subject_id="s",
        subject={"fit": 50},
        guards=GUARDS,
    )
    assert again == state


@given(events, st.integers(0, 60))
def test_time_in_stages_sums_to_the_span(steps: list[tuple[str, int, int]], extra: int) -> None:
    """The cumulative times of all stages add up to the time from the start to as_of."""
    state = run(steps)
    last = state.steps[-1].at if state.steps else state.started
    as_of = last + dt.timedelta(days=extra)
    total = sum(time_in_stages(state, as_of=as_of).values(), dt.timedelta(0))
    assert total == as_of - state.started


@given(events, st.integers(0, 400))
def test_a_past_reading_is_the_history_as_it_stood(
    steps: list[tuple[str, int, int]], offset: int
) -> None:
    """Read as of a past moment, a state gives what a state replayed from the events up to
    that moment gives (the same times per stage, the same entries and exits)."""
    state = run(steps)
    as_of = state.started + dt.timedelta(days=offset)
    day = DAY0
    kept = []
    for event, gap, fit in steps:
        day += dt.timedelta(days=gap)
        if day <= as_of:
            kept.append((event, gap, fit))
    earlier = run(kept)
    assert time_in_stages(state, as_of=as_of) == time_in_stages(earlier, as_of=as_of)
    for name in ("subscriber", "lead", "mql", "customer", "lost"):
        assert stage_times(state, name, as_of=as_of) == stage_times(earlier, name, as_of=as_of)
    with pytest.raises(InvalidArgument, match="'as_of' must not be before the state's start"):
        time_in_stages(state, as_of=state.started - dt.timedelta(days=1))


@given(events)
def test_terminal_stages_are_never_left(steps: list[tuple[str, int, int]]) -> None:
    """Once a subject reaches a terminal stage, no later event moves it."""
    state = run(steps)
    stages = [visit.stage for visit in state.visits]
    for index, stage in enumerate(stages):
        if FUNNEL.stage(stage).terminal:
            assert index == len(stages) - 1


FORWARD = Lifecycle(
    "ladder",
    (
        Stage("prospect"),
        Stage("customer"),
        Stage("client"),
        Stage("advocate"),
        Stage("gone", terminal=True),
    ),
    (
        Transition("buy", ("prospect", "customer"), "customer"),
        Transition("repeat", ("customer",), "client"),
        Transition("recommend", ("client",), "advocate"),
        Transition("defect", ("customer", "client", "advocate"), "gone"),
        Transition("win_back", ("client", "advocate"), "customer", backward=True),
    ),
    initial="prospect",
    forward_only=True,
)


@given(st.lists(st.sampled_from(["buy", "repeat", "recommend", "defect", "nope"]), max_size=12))
def test_a_forward_only_lifecycle_never_moves_backwards(names: list[str]) -> None:
    """In a forward-only life-cycle each visit is to a later stage, except by a transition
    marked backward."""
    state = start(FORWARD, at=DAY0)
    for index, name in enumerate(names):
        state = advance(state, name, FORWARD, at=DAY0 + dt.timedelta(days=index), strict=False)
    order = [stage.name for stage in FORWARD.stages]
    for before, after in zip(state.visits, state.visits[1:], strict=False):
        assert order.index(after.stage) > order.index(before.stage)


@given(events)
def test_states_and_lifecycles_round_trip_through_json(steps: list[tuple[str, int, int]]) -> None:
    """A state (and its life-cycle) written as JSON and read back is the same value."""
    state = run(steps)
    assert from_data(json.loads(json.dumps(to_data(state))), LifecycleState) == state
    assert from_data(json.loads(json.dumps(to_data(FUNNEL))), Lifecycle) == FUNNEL


def test_steps_can_be_built_for_replay() -> None:
    steps = [Step("sign_up", dt.date(2026, 1, 2)), Step("buy", dt.date(2026, 1, 9))]
    state = replay(steps, FUNNEL, started=DAY0)
    assert [visit.stage for visit in state.visits] == ["subscriber", "lead", "customer"]


def test_aware_and_naive_moments_are_not_mixed() -> None:
    state = start(FUNNEL, at=dt.datetime(2026, 1, 1, 9))
    with pytest.raises(InvalidArgument, match="mixes a time zone-aware and a naive"):
        advance(state, "sign_up", FUNNEL, at=dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(InvalidArgument, match="mixes a time zone-aware and a naive"):
        time_in_stages(state, as_of=dt.datetime(2026, 1, 2, 9, tzinfo=dt.UTC))
    with pytest.raises(InvalidDefinition, match="'sources' repeats a stage"):
        Transition("go", ("a", "a"), "b")


def test_malformed_events_and_moments_name_the_culprit() -> None:
    """Steps that are not Step values, an event without a name, and a moment of the wrong
    kind for stage_at are crmkit errors naming the argument, not AttributeError or
    TypeError."""
    with pytest.raises(InvalidArgument, match=r"'steps' must hold Step values \(step 0 is"):
        replay([("sign_up", DAY0)], FUNNEL, started=DAY0)  # type: ignore[list-item]
    state = start(FUNNEL, at=DAY0)
    with pytest.raises(InvalidArgument, match="'event' must be an event's name"):
        advance(state, None, FUNNEL, at=DAY0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'at' must be a date or a datetime"):
        stage_at(state, "2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'at' must be a date like the state's"):
        stage_at(state, dt.datetime(2026, 1, 2))


def test_guards_must_be_functions_returning_booleans() -> None:
    """A guard that is not a function, or returns anything but True or False, is an error
    naming it (a truthy "no" must not open a transition); an exception a guard raises keeps
    its type and says which guard raised it."""

    def says_no(_subject: Mapping[str, Any], _data: Mapping[str, Any]) -> bool:
        return "no"  # type: ignore[return-value]  # the mistake under test

    state = start(FUNNEL, at=DAY0)
    state = advance(state, "sign_up", FUNNEL, at=DAY0)
    with pytest.raises(InvalidArgument, match="'guards' must map guard names to functions"):
        advance(state, "qualify", FUNNEL, at=DAY0, guards={"fit_enough": True})  # type: ignore[dict-item]
    with pytest.raises(InvalidArgument, match=r"guard 'fit_enough' \(event 'qualify' in stage"):
        advance(state, "qualify", FUNNEL, at=DAY0, guards={"fit_enough": says_no})

    def strict_guard(subject: Mapping[str, Any], _data: Mapping[str, Any]) -> bool:
        return bool(subject["fit"] > 1)

    with pytest.raises(KeyError) as raised:
        advance(state, "qualify", FUNNEL, at=DAY0, guards={"fit_enough": strict_guard})
    assert "raised by guard 'fit_enough' (event 'qualify' in stage 'lead')" in (
        raised.value.__notes__
    )


def test_a_state_needs_visits_and_events_cannot_precede_its_stay() -> None:
    """A state without visits is refused; on a state built by hand (no steps), an event
    before the current stay began is refused instead of giving negative times."""
    with pytest.raises(InvalidArgument, match="'visits' must be a non-empty tuple"):
        LifecycleState("funnel", "1", 1, ())
    built = LifecycleState(
        "funnel",
        "1",
        1,
        (
            Visit("subscriber", DAY0, DAY0 + dt.timedelta(days=9)),
            Visit("lead", DAY0 + dt.timedelta(days=9), None, "sign_up"),
        ),
    )
    with pytest.raises(InvalidArgument, match="'at' must not be before the state's last event"):
        advance(built, "buy", FUNNEL, at=DAY0 + dt.timedelta(days=4))


def test_event_data_is_json_ready_so_a_stored_history_reads_back_equal() -> None:
    """Data JSON cannot hold as it is (a date, a tuple, a non-text key) is refused with the
    place named; JSON-ready data, nested too, survives storage unchanged."""
    with pytest.raises(InvalidArgument, match=r"'data\['when'\]' must hold JSON-ready .*ISO text"):
        Step("sign_up", DAY0, {"when": DAY0})
    with pytest.raises(InvalidArgument, match=r"'data\['pair'\]' must hold .*\(a list\)"):
        Step("sign_up", DAY0, {"pair": (1, 2)})
    with pytest.raises(InvalidArgument, match="'data' keys must be text"):
        Step("sign_up", DAY0, {1: "x"})
    data = {"score": 61.5, "tags": ["a", "b"], "source": {"utm": "mail", "ok": True}, "x": None}
    state = replay([Step("sign_up", DAY0, data)], FUNNEL, started=DAY0, subject_id="s")
    assert from_data(json.loads(json.dumps(to_data(state))), LifecycleState) == state
