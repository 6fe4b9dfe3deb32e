"""The shipped life-cycle models, the pipeline maths and the diagrams.

Golden cases cite the CRM texts (texts catalog 1 and 2, section 4) and anchor notes B.4.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition, InvalidTransition
from crmkit.lifecycle import Lifecycle, LifecycleState, Stage, Transition, advance, start
from crmkit.lifecycle._diagrams import lifecycle_html, to_dot, to_mermaid
from crmkit.lifecycle._models import (
    CRM_CYCLE,
    DWYER_PHASES,
    LEAD_FUNNEL,
    LIFECYCLE_MODELS,
    LOYALTY_LADDER,
    OPPORTUNITY_STAGES,
    RELATIONSHIP_LIFE_CYCLE,
)
from crmkit.lifecycle._pipeline import LEAD_FUNNEL_CROSSINGS, crossing_event, weighted_pipeline
from crmkit.serialization import from_data, to_data

DAY0 = dt.date(2026, 1, 1)


def walk(model: Lifecycle, *events: str, subject_id: object = None) -> LifecycleState:
    """The state after ``events``, one a day from DAY0, strictly applied."""
    state = start(model, at=DAY0, subject_id=subject_id)
    for day, event in enumerate(events, start=1):
        state = advance(state, event, model, at=DAY0 + dt.timedelta(days=day))
    return state


def names(model: Lifecycle) -> list[str]:
    return [stage.name for stage in model.stages]


# --- the models, from their sources ---------------------------------------------------------


def test_the_relationship_life_cycle_follows_peelens_triggers() -> None:
    """Texts catalog 1, 4.1 (L3093-3145): the first purchase ends exploration and starts
    growth; growth ends when the increase in purchases turns regressive; decline begins
    when purchases drop."""
    assert names(RELATIONSHIP_LIFE_CYCLE)[:4] == ["exploration", "growth", "saturation", "decline"]
    assert walk(RELATIONSHIP_LIFE_CYCLE, "first_purchase").stage == "growth"
    state = walk(RELATIONSHIP_LIFE_CYCLE, "first_purchase", "purchase_growth_slows")
    assert state.stage == "saturation"
    state = walk(
        RELATIONSHIP_LIFE_CYCLE, "first_purchase", "purchase_growth_slows", "purchases_drop"
    )
    assert state.stage == "decline"
    # Phases are never skipped: a drop in purchases during exploration is no trigger.
    with pytest.raises(InvalidTransition, match="allowed: first_purchase, terminate"):
        walk(RELATIONSHIP_LIFE_CYCLE, "purchases_drop")
    # "The likelihood is relatively high that the relationship will be terminated during or
    # just after the growth phase" (L3128-3136): it can end there.
    assert walk(RELATIONSHIP_LIFE_CYCLE, "first_purchase", "terminate").stage == "ended"


def test_dwyer_phases_in_order_and_dissolution_once_interacting() -> None:
    """Anchor notes B.4: awareness -> exploration -> expansion -> commitment ->
    dissolution; exploration begins with bilateral interaction (texts catalog 1, 4.2)."""
    assert names(DWYER_PHASES) == [
        "awareness",
        "exploration",
        "expansion",
        "commitment",
        "dissolution",
    ]
    state = walk(DWYER_PHASES, "interact", "expand", "commit", "dissolve")
    assert [visit.stage for visit in state.visits] == names(DWYER_PHASES)
    # "easy enough to terminate at this stage": exploration can dissolve.
    assert walk(DWYER_PHASES, "interact", "dissolve").stage == "dissolution"
    # Awareness is one-sided: there is no relationship to dissolve yet.
    assert "dissolve" not in DWYER_PHASES.events_from("awareness")


def test_the_ladder_of_loyalty_is_climbed_in_order_and_can_lapse() -> None:
    """Anchor notes B.4 and texts catalog 1, 3 (L2776-2786): prospect -> customer ->
    client -> supporter -> advocate -> partner; a completed transaction makes a prospect a
    customer, a long-term orientation a customer a client."""
    assert names(LOYALTY_LADDER) == [
        "prospect",
        "customer",
        "client",
        "supporter",
        "advocate",
        "partner",
        "defected",
    ]
    climb = ("first_purchase", "repeat_purchase", "support", "recommend", "form_partnership")
    state = walk(LOYALTY_LADDER, *climb)
    assert [visit.stage for visit in state.visits] == names(LOYALTY_LADDER)[:6]
    # One rung at a time: a prospect cannot become an advocate.
    with pytest.raises(InvalidTransition, match="not allowed in stage 'prospect'"):
        walk(LOYALTY_LADDER, "recommend")
    # The only way down is a lapse to the bottom rung; defection ends it.
    assert walk(LOYALTY_LADDER, *climb[:4], "lapse").stage == "customer"
    assert [t.event for t in LOYALTY_LADDER.transitions if t.backward] == ["lapse"]
    assert walk(LOYALTY_LADDER, *climb[:3], "defect").stage == "defected"


def test_a_weekly_buyer_silent_for_a_month_lapses_in_the_crm_cycle() -> None:
    """Texts catalog 1, 2 (L4680-4682): "If a customer typically purchases from you every
    week, and you notice the customer has not purchased in the previous month" -> lapse;
    texts catalog 2, 4 (001:7900-7916): reach, acquisition, conversion, retention,
    loyalty."""
    from crmkit.validation import dormancy

    assert names(CRM_CYCLE)[:5] == ["reach", "acquisition", "conversion", "retention", "loyalty"]
    weekly = [DAY0 + dt.timedelta(weeks=k) for k in range(8)]
    state = start(CRM_CYCLE, at=DAY0, subject_id="ann")
    for event, day in (("engage", 0), ("first_purchase", 0), ("repeat_purchase", 7)):
        state = advance(state, event, CRM_CYCLE, at=DAY0 + dt.timedelta(days=day))
    assert state.stage == "retention"
    fortnight = weekly[-1] + dt.timedelta(days=14)
    assert not dormancy(weekly, as_of=fortnight).dormant  # two skipped weeks: no lapse yet
    month = weekly[-1] + dt.timedelta(days=30)
    assert dormancy(weekly, as_of=month).dormant
    lapsed = advance(state, "lapse", CRM_CYCLE, at=month, reason="dormant")
    assert lapsed.stage == "lapsed"
    won_back = advance(lapsed, "win_back", CRM_CYCLE, at=month + dt.timedelta(days=3))
    assert won_back.stage == "retention"
    gone = advance(lapsed, "defect", CRM_CYCLE, at=month + dt.timedelta(days=200))
    assert gone.stage == "defected"


def test_the_lead_funnel_moves_forward_like_hubspot() -> None:
    """Anchor notes B.4: HubSpot's stages in order; automatic updates only move forward,
    skipping stages (Subscriber -> Opportunity); Marketo's endings: disqualified,
    converted, recycled."""
    assert names(LEAD_FUNNEL)[:8] == [
        "subscriber",
        "lead",
        "mql",
        "sql",
        "opportunity",
        "customer",
        "evangelist",
        "other",
    ]
    assert LEAD_FUNNEL.forward_only
    assert walk(LEAD_FUNNEL, "open_deal").stage == "opportunity"
    assert walk(LEAD_FUNNEL, "become_mql", "close_won").stage == "customer"
    with pytest.raises(InvalidTransition, match="not allowed in stage 'sql'"):
        walk(LEAD_FUNNEL, "become_sql", "become_mql")  # no going back by a score
    assert walk(LEAD_FUNNEL, "become_sql", "recycle").stage == "lead"
    assert [t.event for t in LEAD_FUNNEL.transitions if t.backward] == ["recycle"]
    assert walk(LEAD_FUNNEL, "become_lead", "disqualify").stage == "disqualified"


def test_opportunity_stages_carry_salesforces_probabilities() -> None:
    """Anchor notes B.4: Salesforce's default opportunity stages and probabilities."""
    expected = {
        "prospecting": 0.10,
        "qualification": 0.10,
        "needs_analysis": 0.20,
        "value_proposition": 0.50,
        "id_decision_makers": 0.60,
        "perception_analysis": 0.70,
        "proposal_price_quote": 0.75,
        "negotiation_review": 0.90,
        "closed_won": 1.0,
        "closed_lost": 0.0,
    }
    assert {s.name: s.probability for s in OPPORTUNITY_STAGES.stages} == expected
    assert [s.name for s in OPPORTUNITY_STAGES.stages if s.terminal] == [
        "closed_won",
        "closed_lost",
    ]
    proposal = OPPORTUNITY_STAGES.stage("proposal_price_quote")
    assert proposal.description.startswith("Proposal/Price Quote (probability 75%")
    assert "Omitted" in OPPORTUNITY_STAGES.stage("closed_lost").description
    # Deals skip forward and step back; closed deals stay closed.
    state = walk(OPPORTUNITY_STAGES, "send_quote", "analyse_needs", "negotiate", "close_won")
    assert [v.stage for v in state.visits][1:] == [
        "proposal_price_quote",
        "needs_analysis",
        "negotiation_review",
        "closed_won",
    ]


@pytest.mark.parametrize("name", sorted(LIFECYCLE_MODELS))
def test_every_model_cites_its_source_and_describes_its_stages(name: str) -> None:
    model = LIFECYCLE_MODELS[name]
    assert model.name == name
    assert model.source
    assert all(stage.description for stage in model.stages)
    assert any(stage.terminal for stage in model.stages)
    assert model.forward_only


@given(st.sampled_from(sorted(LIFECYCLE_MODELS)), st.lists(st.integers(0, 10_000), max_size=40))
def test_a_random_walk_of_allowed_events_never_raises_nor_leaves_a_terminal_stage(
    name: str, picks: list[int]
) -> None:
    """Business rule: in every shipped model, any event the current stage allows is applied
    without error (strict mode); a move to an earlier stage is always by a transition marked
    backward; once a terminal stage is reached, every later event is refused and the stage
    stays."""
    model = LIFECYCLE_MODELS[name]
    order = names(model)
    every = sorted({t.event for t in model.transitions})
    state = start(model, at=DAY0)
    for day, pick in enumerate(picks):
        at = DAY0 + dt.timedelta(days=day)
        allowed = model.events_from(state.stage)
        if model.stage(state.stage).terminal:
            assert allowed == ()
            after = advance(state, every[pick % len(every)], model, at=at, strict=False)
            assert after.stage == state.stage
            assert not after.steps[-1].accepted
        else:
            event = allowed[pick % len(allowed)]
            after = advance(state, event, model, at=at)
            if order.index(after.stage) < order.index(state.stage):
                assert model.candidates(state.stage, event)[0].backward
        state = after


@pytest.mark.parametrize("name", sorted(LIFECYCLE_MODELS))
def test_every_model_round_trips_through_json(name: str) -> None:
    model = LIFECYCLE_MODELS[name]
    data = json.loads(json.dumps(to_data(model)))
    assert from_data(data, Lifecycle) == model


# --- pipeline maths ---------------------------------------------------------------------------


def test_the_weighted_pipeline_of_three_deals() -> None:
    """Texts catalog 1, 1 (L1967-1969): deal value x probability of close.

    a: 10,000 in Proposal/Price Quote (0.75) -> 7,500
    b:  5,000 in Qualification (0.10)        ->   500
    c: 20,000 in Closed Won                  ->  excluded (not open)
    total                                    -> 8,000
    """
    deals = [
        walk(OPPORTUNITY_STAGES, "send_quote", subject_id="a"),
        walk(OPPORTUNITY_STAGES, "qualify", subject_id="b"),
        walk(OPPORTUNITY_STAGES, "negotiate", "close_won", subject_id="c"),
    ]
    amounts = {"a": 10_000, "b": 5_000, "c": 20_000}
    assert weighted_pipeline(deals, OPPORTUNITY_STAGES, amounts=amounts) == 8_000.0
    decimals = {key: decimal.Decimal(value) for key, value in amounts.items()}
    assert weighted_pipeline(deals, OPPORTUNITY_STAGES, amounts=decimals) == 8_000.0
    assert weighted_pipeline([], OPPORTUNITY_STAGES, amounts={}) == 0.0
    # A closed deal needs no amount.
    assert weighted_pipeline(deals[2:], OPPORTUNITY_STAGES, amounts={}) == 0.0


def test_the_weighted_pipeline_refuses_what_it_cannot_weigh() -> None:
    deal = walk(OPPORTUNITY_STAGES, "qualify", subject_id="a")
    with pytest.raises(InvalidDefinition, match=r"stages \['subscriber', 'lead', .*no probability"):
        weighted_pipeline([], LEAD_FUNNEL, amounts={})
    with pytest.raises(InvalidArgument, match="missing 'a'"):
        weighted_pipeline([deal], OPPORTUNITY_STAGES, amounts={})
    bad: Any
    for bad in (-1, float("nan"), True, "100", decimal.Decimal("sNaN"), 10**400):
        with pytest.raises(InvalidArgument, match="finite, non-negative"):
            weighted_pipeline([deal], OPPORTUNITY_STAGES, amounts={"a": bad})
    with pytest.raises(InvalidArgument, match="repeats the deal 'a'"):
        weighted_pipeline([deal, deal], OPPORTUNITY_STAGES, amounts={"a": 1})
    other = walk(LEAD_FUNNEL, subject_id="x")
    with pytest.raises(InvalidArgument, match="must belong to 'opportunity_stages' v1"):
        weighted_pipeline([other], OPPORTUNITY_STAGES, amounts={"x": 1})
    lost = SimpleNamespace(lifecycle="opportunity_stages", version="1", subject_id=1, stage="x")
    with pytest.raises(InvalidArgument, match="unknown stage 'x'"):
        weighted_pipeline([lost], OPPORTUNITY_STAGES, amounts={1: 1})


def test_crossing_events_read_attributes_or_mappings() -> None:
    up = SimpleNamespace(threshold="Mql", direction="up", at=DAY0)
    assert crossing_event(up) == "become_mql"
    assert crossing_event({"threshold": "Lead", "direction": "up"}) == "become_lead"
    assert crossing_event({"threshold": "Sales Qualified Lead", "direction": "up"}) == "become_sql"
    assert crossing_event({"threshold": "hot lead", "direction": "up"}) is None
    down = {"threshold": "MQL", "direction": "down"}
    assert crossing_event(down) is None  # forward only by default
    recycling = {**LEAD_FUNNEL_CROSSINGS, ("MQL", "down"): "recycle"}
    assert crossing_event(down, events=recycling) == "recycle"
    for bad in ({"threshold": "MQL"}, {"threshold": "", "direction": "up"}, object()):
        with pytest.raises(InvalidArgument, match="'crossing' must have a 'threshold'"):
            crossing_event(bad)
    with pytest.raises(InvalidArgument, match="'events' must map"):
        crossing_event(up, events={("MQL", "sideways"): "x"})
    with pytest.raises(InvalidArgument, match="'events' must map"):
        crossing_event(up, events={("MQL", "up"): ""})


def test_every_crossing_maps_to_a_lead_funnel_event() -> None:
    events = {t.event for t in LEAD_FUNNEL.transitions}
    assert set(LEAD_FUNNEL_CROSSINGS.values()) <= events
    assert all(direction == "up" for _, direction in LEAD_FUNNEL_CROSSINGS)


def test_a_scoring_threshold_crossing_moves_a_lead_through_the_funnel() -> None:
    """A lead whose score reaches the MQL threshold becomes an MQL (anchor notes A and B.4);
    the scoring package is imported by the test only."""
    from crmkit.scoring import EventRule, ScoringModel, Threshold, score, threshold_crossings

    model = ScoringModel(
        "m", (EventRule("visit", "visit", 10),), thresholds=(Threshold("MQL", {"total": 20}),)
    )
    events = [{"type": "visit", "at": "2026-03-01"}, {"type": "visit", "at": "2026-03-09"}]
    before = score({"id": 7}, events, model, as_of=dt.date(2026, 3, 5))
    after = score({"id": 7}, events, model, as_of=dt.date(2026, 3, 10))
    state = advance(
        start(LEAD_FUNNEL, at=dt.date(2026, 3, 1), subject_id=7),
        "become_lead",
        LEAD_FUNNEL,
        at=dt.date(2026, 3, 1),
    )
    for crossing in threshold_crossings(before, after):
        event = crossing_event(crossing)
        assert event is not None
        reason = f"{crossing.threshold} {crossing.direction} at {crossing.total:g}"
        state = advance(state, event, LEAD_FUNNEL, at=crossing.at, reason=reason)
    assert (state.stage, state.since, state.visits[-1].reason) == (
        "mql",
        dt.date(2026, 3, 10),
        "MQL up at 20",
    )


def test_the_pipeline_module_never_imports_the_scoring_package() -> None:
    code = (
        "import sys, crmkit.lifecycle._pipeline, crmkit.lifecycle._models, "
        "crmkit.lifecycle._diagrams; "
        "print(sorted(m for m in sys.modules if m.startswith('crmkit.scoring')))"
    )
    result = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- diagrams -----------------------------------------------------------------------------------

TINY = Lifecycle(
    'tiny "q"',
    (Stage("lead"), Stage("mql"), Stage("Closed Won", terminal=True)),
    (
        Transition("qualify", ("lead",), "mql", guard="fit"),
        Transition("recycle", ("mql",), "lead", backward=True),
        Transition("win", ("lead", "mql"), "Closed Won"),
    ),
    initial="lead",
    guards=("fit",),
)


def test_mermaid_golden_text() -> None:
    assert to_mermaid(TINY) == (
        "stateDiagram-v2\n"
        '    state "Closed Won" as s2\n'
        "    [*] --> lead\n"
        "    lead --> mql : qualify [fit]\n"
        "    mql --> lead : recycle\n"
        "    lead --> s2 : win\n"
        "    mql --> s2 : win\n"
        "    s2 --> [*]"
    )
    state = advance(start(TINY, at=DAY0), "qualify", TINY, at=DAY0, guards={"fit": lambda *_: True})
    assert to_mermaid(TINY, state=state).endswith(
        "    s2 --> [*]\n"
        "    classDef visited fill:#eeeeee\n"
        "    classDef current font-weight:bold,stroke-width:3px\n"
        "    class lead visited\n"
        "    class mql current"
    )


def test_dot_golden_text() -> None:
    assert to_dot(TINY) == (
        'digraph "tiny \\"q\\"" {\n'
        "    rankdir=LR;\n"
        "    node [shape=circle];\n"
        '    init [shape=point, label=""];\n'
        '    n0 [label="lead"];\n'
        '    n1 [label="mql"];\n'
        '    n2 [label="Closed Won", shape=doublecircle];\n'
        "    init -> n0;\n"
        '    n0 -> n1 [label="qualify [fit]"];\n'
        '    n1 -> n0 [label="recycle", style=dashed];\n'
        '    n0 -> n2 [label="win"];\n'
        '    n1 -> n2 [label="win"];\n'
        "}"
    )
    state = advance(start(TINY, at=DAY0), "qualify", TINY, at=DAY0, guards={"fit": lambda *_: True})
    marked = to_dot(TINY, state=state)
    assert '    n0 [label="lead", style=filled, fillcolor="#eeeeee"];' in marked
    assert '    n1 [label="mql", penwidth=3];' in marked


def test_diagrams_escape_names_and_avoid_keywords() -> None:
    odd = Lifecycle(
        "odd",
        (Stage("end"), Stage("s0"), Stage('a#b;"c"<d>\\e\nf', terminal=True)),
        (
            Transition("go", ("end",), "s0"),
            Transition('x"y', ("s0",), 'a#b;"c"<d>\\e\nf'),
        ),
        initial="end",
    )
    assert to_mermaid(odd).splitlines() == [
        "stateDiagram-v2",
        '    state "end" as s0_',
        '    state "a#35;b#59;#quot;c#quot;#lt;d#gt;\\e f" as s2',
        "    [*] --> s0_",
        "    s0_ --> s0 : go",
        "    s0 --> s2 : x#quot;y",
        "    s2 --> [*]",
    ]
    dot = to_dot(odd)
    assert '    n2 [label="a#b;\\"c\\"<d>\\\\e\\nf", shape=doublecircle];' in dot
    assert '    n1 -> n2 [label="x\\"y"];' in dot


def test_diagrams_refuse_another_lifecycles_state() -> None:
    state = start(LEAD_FUNNEL, at=DAY0)
    with pytest.raises(InvalidArgument, match="'state' belongs to life-cycle 'lead_funnel' v1"):
        to_mermaid(TINY, state=state)
    with pytest.raises(InvalidArgument, match="'state' belongs to life-cycle"):
        to_dot(TINY, state=state)


@pytest.mark.parametrize("name", sorted(LIFECYCLE_MODELS))
def test_every_model_draws_deterministically(name: str) -> None:
    model = LIFECYCLE_MODELS[name]
    mermaid = to_mermaid(model)
    edges = sum(len(t.sources) for t in model.transitions)
    terminals = sum(stage.terminal for stage in model.stages)
    assert len(mermaid.splitlines()) == 1 + 1 + edges + terminals  # all plain identifiers
    assert mermaid == to_mermaid(from_data(to_data(model), Lifecycle))
    assert to_dot(model).count(" -> ") == 1 + edges


def test_html_lists_stages_and_transitions_escaped() -> None:
    text = lifecycle_html(OPPORTUNITY_STAGES)
    assert "<td>proposal_price_quote</td><td></td><td>75%</td>" in text
    assert "<td>closed_won</td><td>terminal</td><td>100%</td>" in text
    assert "Salesforce default opportunity stages" in text
    assert "<b>tiny &quot;q&quot;</b> v1 (any order, starts in lead)" in lifecycle_html(TINY)
    assert "<td>qualify</td><td>lead</td><td>mql</td><td>fit</td><td></td>" in lifecycle_html(TINY)
