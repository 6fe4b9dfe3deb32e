"""Scoring leads: golden worked examples from the anchors, limits, decay, grades, thresholds."""

from __future__ import annotations

import datetime as dt
import json
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition, InvalidValue
from crmkit.scoring import (
    PARDOT_LADDER,
    Bands,
    EventRule,
    Group,
    HalfLifeDecay,
    Inactivity,
    LinearDecay,
    Rule,
    ScoringModel,
    Threshold,
    event,
    field,
    score,
    score_many,
    score_trend,
    threshold_crossings,
)
from crmkit.serialization import make_converter

AS_OF = dt.date(2026, 6, 30)


def at(days_ago: int) -> str:
    return (AS_OF - dt.timedelta(days=days_ago)).isoformat()


# --- golden worked examples (anchor notes, anchors-scoring-lifecycle-validation.md) ---------


def test_hubspot_linear_decay_halves_ten_points_after_one_month() -> None:
    """A.1 / E.4: 10 points, 50 % a month -> 5 after one month; 0 after two (linear)."""
    model = ScoringModel(
        "hubspot",
        (EventRule("form", "form_submit", 10, decay=LinearDecay(fraction=0.5, period_days=30)),),
    )
    totals = [
        score({}, [{"type": "form_submit", "at": at(days)}], model, as_of=AS_OF).total
        for days in (0, 30, 60)
    ]
    assert totals == [10.0, 5.0, 0.0]


def test_half_life_decay_is_the_compounding_reading_of_the_same_example() -> None:
    """A.1 / E.4 flagged ambiguity: compounding gives 2.5 after two months (2 half-lives)."""
    model = ScoringModel(
        "hubspot", (EventRule("form", "form_submit", 10, decay=HalfLifeDecay(30)),)
    )
    result = score({}, [{"type": "form_submit", "at": at(60)}], model, as_of=AS_OF)
    assert result.total == pytest.approx(2.5, abs=1e-12)


@pytest.mark.parametrize(
    ("thirds", "grade"), [(10, "A+"), (2, "C-"), (3, "C"), (-2, "F"), (0, "D"), (40, "A+")]
)
def test_pardot_grade_ladder(thirds: int, grade: str) -> None:
    """E.1: D + 10 x (1/3) = A+; D + 2/3 = C-; D + 3/3 = C; D - 2/3 = F (13-grade ladder)."""
    model = ScoringModel(
        "pardot",
        (Rule("profile", field("fit").exists(), thirds, group="profile"),),
        groups=(Group("profile", grading=PARDOT_LADDER),),
    )
    assert score({"fit": 1}, [], model, as_of=AS_OF).grades["profile"] == grade


def test_pardot_thirds_from_several_criteria_add_up() -> None:
    """Five 2/3 matches (Pardot's default profile: each criterion 2/3) move D by 10/3 to A+."""
    criteria = ("size", "industry", "location", "title", "department")
    model = ScoringModel(
        "pardot",
        tuple(Rule(name, field(name).equals("match"), 2, group="grade") for name in criteria),
        groups=(Group("grade", grading=PARDOT_LADDER),),
    )
    lead = dict.fromkeys(criteria, "match")
    assert score(lead, [], model, as_of=AS_OF).grades["grade"] == "A+"
    lead["title"] = "other"
    assert score(lead, [], model, as_of=AS_OF).grades["grade"] == "A-"  # D + 8/3


def test_pardot_default_points() -> None:
    """A.2 / E.2: form success +50, page view +1, form error -5 (legacy defaults)."""
    model = ScoringModel(
        "pardot",
        (
            EventRule("form", "form_success", 50),
            EventRule("view", "page_view", 1),
            EventRule("error", "form_error", -5),
        ),
    )
    events = [{"type": "form_success", "at": at(1)}, {"type": "form_error", "at": at(1)}]
    events += [{"type": "page_view", "at": at(2)}] * 3
    assert score({}, events, model, as_of=AS_OF).total == 48.0


@pytest.mark.parametrize(("before", "after"), [(40, 25), (20, 15)])
def test_marketo_inactivity_decay_from_predictable_revenue(before: int, after: int) -> None:
    """A.4 / E.3: no activity in a month: score > 30 -> -15, score 0-30 -> -5 (40->25, 20->15)."""
    model = ScoringModel(
        "marketo",
        (
            Rule("base", field("base").exists(), before, group="score"),
            Inactivity("idle", 30, ((30, -15),), otherwise=-5, group="score"),
        ),
    )
    events = [{"type": "visit", "at": at(45)}]  # one whole month without activity
    assert score({"base": 1}, events, model, as_of=AS_OF).total == after
    recent = [{"type": "visit", "at": at(10)}]
    assert score({"base": 1}, recent, model, as_of=AS_OF).total == before


def test_inactivity_applies_once_per_whole_period_on_the_running_score() -> None:
    """Three idle months: 40 -> 25 -> 20 -> 15 (the band is re-read each month)."""
    model = ScoringModel(
        "marketo",
        (
            Rule("base", field("base").exists(), 40, group="score"),
            Inactivity("idle", 30, ((30, -15),), otherwise=-5, group="score"),
        ),
    )
    result = score({"base": 1}, [{"type": "visit", "at": at(95)}], model, as_of=AS_OF)
    assert result.total == 15.0
    assert any(c.kind == "inactivity" and c.occurrences == 3 for c in result.contributions)


def test_dynamics_grade_bands_are_contiguous() -> None:
    """A.5 / E.6: A from 51 means B ends at 50; every score gets exactly one grade."""
    bands = Bands(("A", "B", "C", "D"), (51, 26, 11))
    assert [bands.grade(s) for s in (51, 50, 26, 25, 11, 10, 0)] == list("ABBCCDD")
    with pytest.raises(InvalidDefinition, match="strictly decreasing"):
        Bands(("A", "B", "C"), (26, 51))


# --- limits, occurrences, matrix, thresholds --------------------------------------------------


def test_hubspot_group_and_total_limits() -> None:
    """A.1: total limit 100, 'sales' group capped 60, 'marketing' capped 40."""
    model = ScoringModel(
        "hubspot",
        (
            EventRule("meeting", "meeting", 25, group="sales"),
            EventRule("email", "email_click", 15, group="marketing"),
        ),
        groups=(Group("sales", maximum=60), Group("marketing", maximum=40)),
        maximum=100,
    )
    events = [{"type": "meeting", "at": at(1)}] * 3 + [{"type": "email_click", "at": at(1)}] * 4
    result = score({}, events, model, as_of=AS_OF)
    assert dict(result.groups) == {"sales": 60.0, "marketing": 40.0}
    assert result.total == 100.0
    limits = {c.rule_id: c.points for c in result.contributions if c.kind == "group limit"}
    assert limits == {"sales": -15.0, "marketing": -20.0}
    assert math.fsum(c.points for c in result.contributions) == result.total


def test_event_rule_limits_occurrences_days_and_cap() -> None:
    rule = EventRule("view", "page_view", 3, max_per_day=2, max_occurrences=3, cap=100)
    model = ScoringModel("m", (rule,))
    events = [{"type": "page_view", "at": at(1)}] * 5 + [{"type": "page_view", "at": at(2)}]
    result = score({}, events, model, as_of=AS_OF)
    assert result.total == 9.0  # 2 on day 1 + 1 on day 2 = 3 occurrences
    capped = ScoringModel("m", (attrs.evolve(rule, max_occurrences=None, cap=5),))
    only = score({}, events, capped, as_of=AS_OF)
    assert only.total == 5.0
    assert only.contributions[0].uncapped == 9.0


def test_score_once_counts_the_most_recent_event_with_its_decay() -> None:
    rule = EventRule("demo", "demo", 10, max_occurrences=1, decay=LinearDecay(0.5, 30))
    model = ScoringModel("m", (rule,))
    events = [{"type": "demo", "at": at(70)}, {"type": "demo", "at": at(35)}]
    assert score({}, events, model, as_of=AS_OF).total == 5.0


def test_events_after_as_of_are_not_scored() -> None:
    model = ScoringModel("m", (EventRule("visit", "visit", 1),))
    events = [{"type": "visit", "at": "2026-07-01"}, {"type": "visit", "at": "2026-06-30"}]
    assert score({}, events, model, as_of=AS_OF).total == 1.0
    moment = dt.datetime(2026, 6, 30, 12, 0)
    timed = [{"type": "visit", "at": "2026-06-30T12:00:01"}, {"type": "visit", "at": moment}]
    assert score({}, timed, model, as_of=moment).total == 1.0


def test_matrix_grades_and_mql_threshold() -> None:
    """HubSpot's fit x engagement matrix; MQL when fit >= 30 and engagement >= 20 (A.1)."""
    model = ScoringModel(
        "matrix",
        (
            Rule("vp", field("title").contains("vp"), 35),
            EventRule("visit", "visit", 5),
        ),
        groups=(
            Group("fit", grading=Bands(("A", "B", "C"), (30, 10))),
            Group("engagement", grading=Bands(("1", "2", "3"), (20, 5))),
        ),
        matrix=("fit", "engagement"),
        thresholds=(Threshold("MQL", {"fit": 30, "engagement": 20}),),
    )
    cold = score({"title": "VP Sales"}, [{"type": "visit", "at": at(3)}], model, as_of=AS_OF)
    assert (cold.matrix, cold.thresholds) == ("A2", ())
    hot = score({"title": "VP Sales"}, [{"type": "visit", "at": at(3)}] * 4, model, as_of=AS_OF)
    assert (hot.matrix, hot.thresholds) == ("A1", ("MQL",))
    (crossing,) = threshold_crossings(cold, hot)
    assert (crossing.threshold, crossing.direction) == ("MQL", "up")
    assert threshold_crossings(hot, hot) == ()


def test_trend_between_two_dates() -> None:
    model = ScoringModel("m", (EventRule("visit", "visit", 5, within_days=30),))
    events = [{"type": "visit", "at": "2026-05-01"}]
    trend = score_trend({}, events, model, since=dt.date(2026, 5, 15), as_of=AS_OF)
    assert (trend.direction, trend.change) == ("declining", -5.0)
    steady = score_trend(
        {}, events, model, since=dt.date(2026, 5, 15), as_of=AS_OF, steady_within=5
    )
    assert steady.direction == "steady"
    with pytest.raises(InvalidArgument, match="'since' must not be after 'as_of'"):
        score_trend({}, events, model, since=dt.date(2026, 8, 1), as_of=AS_OF)


def test_explanation_is_sorted_and_rendered() -> None:
    model = ScoringModel(
        "m",
        (
            Rule("vp", field("title").contains("vp"), 10, description="senior title"),
            Rule("gmail", field("email").matches("@gmail"), -5),
            EventRule("visit", "visit", 1),
        ),
    )
    lead = {"id": 1, "title": "VP", "email": "a@gmail.com"}
    result = score(lead, [{"type": "visit", "at": at(1)}], model, as_of=AS_OF)
    assert [c.rule_id for c in result.contributions] == ["vp", "gmail", "visit"]
    improvers, harmers = result.reasons()
    assert [c.rule_id for c in improvers] == ["vp", "visit"]
    assert [c.rule_id for c in harmers] == ["gmail"]
    assert "senior title" in result.explain()
    assert "<table>" in result._repr_html_()
    assert "email matches '@gmail'" in result.explain()


def test_score_many_matches_score_and_keeps_lead_order() -> None:
    model = ScoringModel(
        "m", (EventRule("visit", "visit", 2), Rule("us", field("c").equals("US"), 1))
    )
    leads = [{"id": "b", "c": "US"}, {"id": "a", "c": "DE"}]
    events = [
        {"lead_id": "a", "type": "visit", "at": at(1)},
        {"lead_id": "z", "type": "visit", "at": at(1)},
    ]
    many = score_many(leads, events, model, as_of=AS_OF)
    assert [(s.lead_id, s.total) for s in many] == [("b", 1.0), ("a", 2.0)]
    single = score(leads[1], [events[0]], model, as_of=AS_OF)
    assert many[1] == single
    with pytest.raises(InvalidValue, match="lead 1 repeats the 'id'"):
        score_many([{"id": 1}, {"id": 1}], [], model, as_of=AS_OF)
    with pytest.raises(InvalidValue, match="lead 0 has no 'id'"):
        score_many([{"id": math.nan}], [], model, as_of=AS_OF)


def test_bad_inputs_are_named() -> None:
    model = ScoringModel("m", (EventRule("visit", "visit", 2),))
    with pytest.raises(InvalidArgument, match="'as_of' must be a date"):
        score({}, [], model, as_of="2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="'type' of an event"):
        score({}, [{"at": at(1)}], model, as_of=AS_OF)
    with pytest.raises(InvalidValue, match="'at' must be a date"):
        score({}, [{"type": "visit", "at": "yesterday"}], model, as_of=AS_OF)


def test_model_validation() -> None:
    rule = Rule("r", field("x").exists(), 1)
    with pytest.raises(InvalidDefinition, match="unique ids"):
        ScoringModel("m", (rule, rule))
    with pytest.raises(InvalidDefinition, match="declares groups that no rule uses"):
        ScoringModel("m", (rule,), groups=(Group("fitt"),))
    with pytest.raises(InvalidDefinition, match="impossible range"):
        Group("fit", minimum=10, maximum=5)
    with pytest.raises(InvalidDefinition, match="threshold 'MQL' names unknown scores"):
        ScoringModel("m", (rule,), thresholds=(Threshold("MQL", {"engagement": 1}),))
    with pytest.raises(InvalidDefinition, match="'matrix' must name two graded scores"):
        ScoringModel("m", (rule,), matrix=("fit", "engagement"))
    with pytest.raises(InvalidDefinition, match="reserved for the total"):
        Group("total")
    with pytest.raises(InvalidDefinition, match="'points' must be a finite number"):
        Rule("r", field("x").exists(), math.inf)


# --- properties ------------------------------------------------------------------------------

event_types = st.sampled_from(["visit", "open", "demo"])
events_strategy = st.lists(
    st.fixed_dictionaries(
        {"type": event_types, "at": st.integers(0, 400).map(at), "page": st.integers(0, 9)}
    ),
    max_size=25,
)
leads_strategy = st.fixed_dictionaries(
    {"employees": st.integers(0, 5000), "country": st.sampled_from(["US", "DE", "FR", ""])}
)
rules_strategy = st.lists(
    st.one_of(
        st.builds(
            lambda n, p: Rule("x", field("employees") >= n, p),
            st.integers(0, 5000),
            st.integers(-20, 20),
        ),
        st.builds(
            lambda c, p: Rule("x", field("country").equals(c), p),
            st.sampled_from(["US", "DE"]),
            st.integers(-20, 20),
        ),
        st.builds(
            lambda t, p, days, cap, decay: EventRule(
                "x", t, p, within_days=days, cap=cap, decay=decay
            ),
            event_types,
            st.integers(-10, 10),
            st.none() | st.integers(0, 200),
            st.none() | st.integers(1, 30),
            st.none() | st.builds(HalfLifeDecay, st.integers(1, 90)),
        ),
        st.builds(
            lambda t, least, p: Rule("x", event(t, at_least=least, within_days=60), p),
            event_types,
            st.integers(0, 4),
            st.integers(-10, 10),
        ),
    ),
    min_size=1,
    max_size=8,
).map(lambda rules: tuple(attrs.evolve(rule, id=f"r{i}") for i, rule in enumerate(rules)))


def model_of(rules: tuple[Rule | EventRule, ...]) -> ScoringModel:
    return ScoringModel("prop", rules, minimum=-50, maximum=80)


@given(leads_strategy, events_strategy, rules_strategy, st.randoms(use_true_random=False))
def test_rule_and_event_order_never_changes_the_score(lead, events, rules, rng) -> None:  # type: ignore[no-untyped-def]
    """Shuffling the model's rules or the lead's events gives exactly the same score."""
    first = score(lead, events, model_of(rules), as_of=AS_OF)
    shuffled_rules, shuffled_events = list(rules), list(events)
    rng.shuffle(shuffled_rules)
    rng.shuffle(shuffled_events)
    again = score(lead, shuffled_events, model_of(tuple(shuffled_rules)), as_of=AS_OF)
    assert again.total == first.total
    assert again.groups == first.groups
    assert again.contributions == first.contributions


@given(leads_strategy, events_strategy, rules_strategy, event_types)
def test_a_zero_point_rule_changes_nothing(lead, events, rules, kind) -> None:  # type: ignore[no-untyped-def]
    """Adding a rule worth 0 points (of any kind) leaves the lead's score unchanged."""
    base = score(lead, events, model_of(rules), as_of=AS_OF)
    extra = (
        Rule("zero_rule", field("employees").exists(), 0, group=rules[0].group),
        EventRule("zero_events", kind, 0, group=rules[0].group),
    )
    more = score(lead, events, model_of(rules + extra), as_of=AS_OF)
    assert (more.total, more.groups, more.contributions) == (
        base.total,
        base.groups,
        base.contributions,
    )


@given(leads_strategy, events_strategy, rules_strategy)
def test_limits_hold_and_the_explanation_adds_up(lead, events, rules) -> None:  # type: ignore[no-untyped-def]
    """The total stays within the model's limits, each rule within its cap, and the
    contributions sum to the total."""
    model = model_of(rules)
    result = score(lead, events, model, as_of=AS_OF)
    assert -50 <= result.total <= 80
    caps = {r.id: r.cap for r in rules if isinstance(r, EventRule) and r.cap is not None}
    for contribution in result.contributions:
        if contribution.rule_id in caps:
            assert abs(contribution.points) <= caps[contribution.rule_id]
    assert math.fsum(c.points for c in result.contributions) == pytest.approx(
        result.total, abs=1e-9
    )


@given(events_strategy, st.integers(1, 20), st.integers(1, 90), st.integers(0, 400))
def test_decay_never_increases_a_score(events, points, half_life, later) -> None:  # type: ignore[no-untyped-def]
    """With positive points, scoring the same events later never gives more (both decays)."""
    for decay in (HalfLifeDecay(half_life), LinearDecay(0.25, half_life)):
        model = ScoringModel("d", (EventRule("v", "visit", points, decay=decay),))
        now = score({}, events, model, as_of=AS_OF).total
        after = score({}, events, model, as_of=AS_OF + dt.timedelta(days=later)).total
        assert after <= now + 1e-12
        undecayed = ScoringModel("u", (EventRule("v", "visit", points),))
        assert now <= score({}, events, undecayed, as_of=AS_OF).total + 1e-12


@given(rules_strategy)
def test_models_round_trip_through_json(rules) -> None:  # type: ignore[no-untyped-def]
    """A model written as JSON by crmkit.serialization and read back is the same model."""
    model = ScoringModel(
        "m",
        rules,
        version="7",
        groups=(Group(rules[0].group, maximum=40, grading=PARDOT_LADDER, base=2.5),),
        grading=Bands(("hot", "cold"), (10,)),
        thresholds=(Threshold("MQL", {"total": 10}),),
        minimum=-5,
    )
    converter = make_converter()
    text = json.dumps(converter.unstructure(model))
    assert converter.structure(json.loads(text), ScoringModel) == model


where_strategy = st.lists(
    st.one_of(
        st.builds(lambda p: field("page").equals(p), st.sampled_from(["1", "2"])),
        st.builds(lambda n: field("page") >= n, st.integers(0, 9)),
        st.builds(lambda lo: field("page").between(lo, lo + 3), st.integers(0, 9)),
        st.just(field("page").exists()),
        st.just(field("missing").missing()),
    ),
    max_size=2,
).map(tuple)
fast_rules_strategy = st.tuples(
    rules_strategy,
    st.lists(
        st.builds(
            lambda t, p, where, most, per_day, decay: EventRule(
                "x", t, p, where=where, max_occurrences=most, max_per_day=per_day, decay=decay
            ),
            event_types,
            st.integers(-10, 10),
            where_strategy,
            st.none() | st.integers(1, 3),
            st.none() | st.integers(1, 2),
            st.none() | st.builds(LinearDecay, st.sampled_from([0.25, 0.5]), st.integers(1, 60)),
        ),
        max_size=3,
    ),
).map(
    lambda parts: tuple(
        attrs.evolve(rule, id=f"r{i}") for i, rule in enumerate(parts[0] + tuple(parts[1]))
    )
)


@given(st.lists(leads_strategy, min_size=1, max_size=4), events_strategy, fast_rules_strategy)
def test_batch_scores_without_explanations_equal_the_explained_ones(leads, events, rules) -> None:  # type: ignore[no-untyped-def]
    """score_many(explain=False), a model compiled to one function, gives exactly the totals,
    groups, grades and thresholds of the explained path."""
    model = ScoringModel(
        "fast",
        rules,
        maximum=60,
        grading=Bands(("A", "B"), (10,)),
        thresholds=(Threshold("MQL", {"total": 5}),),
    )
    rows = [dict(lead, id=i) for i, lead in enumerate(leads)]
    flat = [dict(item, lead_id=i % len(rows)) for i, item in enumerate(events)]
    explained = score_many(rows, flat, model, as_of=AS_OF)
    quick = score_many(rows, flat, model, as_of=AS_OF, explain=False)
    assert [attrs.evolve(s, contributions=()) for s in explained] == list(quick)


@given(leads_strategy, events_strategy, fast_rules_strategy, st.booleans())
def test_the_compiled_function_agrees_with_the_general_engine(lead, events, rules, timed) -> None:  # type: ignore[no-untyped-def]
    """The model compiled to one function and the closure engine give the same total,
    groups and explanation, to the last bit, for dates and datetimes alike."""
    from crmkit.scoring._engine import compile_model, group_events

    model = ScoringModel(
        "fast", rules, groups=(Group(rules[0].group, base=3.25),), minimum=-30, maximum=60
    )
    engine = compile_model(model)
    assert engine.compiled is not None
    as_of = dt.datetime(2026, 6, 30, 9, 30) if timed else AS_OF
    compiled = engine.run(lead, events, as_of)
    general = engine.apply(lead, group_events(events, as_of), as_of)
    assert (compiled.total, compiled.groups) == (general.total, general.groups)
    assert sorted(compiled.contributions) == sorted(general.contributions)


def test_group_base_points_start_every_lead_and_show_in_the_explanation() -> None:
    model = ScoringModel(
        "scorecard",
        (Rule("vp", field("title").contains("vp"), 30, group="score"),),
        groups=(Group("score", base=500, maximum=520),),
    )
    result = score({"title": "VP"}, [], model, as_of=AS_OF)
    assert result.total == 520.0
    kinds = {c.kind: c.points for c in result.contributions}
    assert kinds == {"base": 500.0, "rule": 30.0, "group limit": -10.0}
    assert score({}, [], model, as_of=AS_OF).total == 500.0
    lone = ScoringModel("m", (Rule("vp", field("t").exists(), 1),), groups=(Group("b", base=5),))
    assert score({}, [], lone, as_of=AS_OF).groups == {"fit": 0.0, "b": 5.0}


def test_moments_with_time_zones_compare_as_instants() -> None:
    utc, cest = dt.UTC, dt.timezone(dt.timedelta(hours=2))
    model = ScoringModel(
        "m", (EventRule("v", "visit", 10),), thresholds=(Threshold("MQL", {"total": 20}),)
    )
    events = [
        {"type": "visit", "at": dt.datetime(2026, 3, 1, 7, tzinfo=utc)},
        {"type": "visit", "at": dt.datetime(2026, 3, 1, 8, 30, tzinfo=utc)},
    ]
    before = score({"id": 1}, events, model, as_of=dt.datetime(2026, 3, 1, 10, tzinfo=cest))
    after = score({"id": 1}, events, model, as_of=dt.datetime(2026, 3, 1, 9, tzinfo=utc))
    assert [c.direction for c in threshold_crossings(before, after)] == ["up"]
    with pytest.raises(InvalidArgument, match="no earlier than 'before'"):
        threshold_crossings(after, before)
    with pytest.raises(InvalidArgument, match="mixes a time zone-aware and a naive"):
        threshold_crossings(before, score({"id": 1}, events, model, as_of=AS_OF))


def test_inactivity_needs_a_last_activity_to_count_from() -> None:
    model = ScoringModel(
        "m",
        (
            Rule("base", field("base").exists(), 40, group="score"),
            Inactivity("idle", 30, ((30, -15),), otherwise=-5, group="score"),
        ),
    )
    assert score({"base": 1}, [], model, as_of=AS_OF).total == 40.0
