"""The condition language: building, printing, data round trips and evaluation semantics."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidDefinition, InvalidValue
from crmkit.scoring import (
    AllOf,
    AnyOf,
    EventCondition,
    FieldCondition,
    Not,
    condition_from_data,
    condition_to_data,
    event,
    field,
)
from crmkit.scoring._compiler import compile_condition

AS_OF = dt.date(2026, 6, 30)


def holds(condition: object, lead: dict[str, object], events: object = None) -> bool:
    check = compile_condition(condition)  # type: ignore[arg-type]
    return check(lead, events or {}, AS_OF)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("condition", "lead", "expected"),
    [
        (field("industry").equals("Software"), {"industry": " software "}, True),
        (field("industry").equals("software"), {"industry": "hardware"}, False),
        (field("industry").not_equals("software"), {"industry": "hardware"}, True),
        (field("country").is_in(("US", "CA")), {"country": "ca"}, True),
        (field("country").not_in(("US", "CA")), {"country": "DE"}, True),
        (field("employees") >= 200, {"employees": 200}, True),
        (field("employees") > 200, {"employees": 200}, False),
        (field("employees") < 200, {"employees": "150"}, True),
        (field("employees") <= 200, {"employees": "1200"}, False),
        (field("employees").equals("250"), {"employees": 250}, True),
        (field("signed").equals("2026-01-31"), {"signed": dt.date(2026, 1, 31)}, True),
        (field("employees").between(50, 500), {"employees": 50}, True),
        (field("employees").between(50, 500), {"employees": 500.0}, True),
        (field("employees").between(50, 500), {"employees": 501}, False),
        (field("title").contains("vp"), {"title": "SVP, Sales"}, True),
        (field("tags").contains("partner"), {"tags": ["Partner", "emea"]}, True),
        (field("title").matches(r"^(VP|Chief)\b"), {"title": "Chief Revenue Officer"}, True),
        (field("title").matches(r"^(VP|Chief)\b"), {"title": "chief of staff"}, False),
        (field("vip").equals(True), {"vip": "true"}, True),
        (field("vip").equals(True), {"vip": False}, False),
        (field("signed").before(dt.date(2026, 1, 1)), {"signed": "2025-12-31"}, True),
        (field("signed").after(dt.date(2026, 1, 1)), {"signed": dt.date(2026, 1, 1)}, False),
        (field("signed").within_days(30), {"signed": dt.date(2026, 5, 31)}, True),
        (field("signed").within_days(30), {"signed": dt.date(2026, 5, 30)}, False),
        (field("signed").within_days(30), {"signed": dt.date(2026, 7, 1)}, False),
    ],
)
def test_field_operators(
    condition: FieldCondition, lead: dict[str, object], expected: object
) -> None:
    assert holds(condition, lead) is expected


@pytest.mark.parametrize("missing", [None, math.nan, "", "   "])
def test_a_missing_value_fails_every_comparison_even_negative_ones(missing: object) -> None:
    lead = {"country": missing}
    for condition in (
        field("country").equals("US"),
        field("country").not_equals("US"),
        field("country").not_in(("US",)),
        field("country").contains("u"),
        field("country").exists(),
    ):
        assert not holds(condition, lead), condition
    assert holds(field("country").missing(), lead)
    assert holds(~field("country").equals("US"), lead)
    assert holds(field("absent").missing(), {})


def test_a_value_that_cannot_be_compared_is_an_error_naming_the_field() -> None:
    with pytest.raises(InvalidValue, match=r"\(got '1,5'\)"):  # 1.5 or 15? never guessed
        holds(field("employees") >= 200, {"employees": "1,5"})
    with pytest.raises(InvalidValue, match=r"'employees' must be a number .* \(got 'many'\)"):
        holds(field("employees") >= 200, {"employees": "many"})
    with pytest.raises(InvalidValue, match=r"'signed' must be a date"):
        holds(field("signed").before(dt.date(2026, 1, 1)), {"signed": "soon"})


def test_event_conditions_count_matching_events_within_the_window() -> None:
    pricing = event("page_view", where=(field("path").equals("/pricing"),), within_days=30)
    events = {
        "page_view": [
            (3.0, 0, {"path": "/pricing"}),
            (40.0, 0, {"path": "/pricing"}),
            (1.0, 0, {"path": "/blog"}),
        ]
    }
    assert holds(pricing, {}, events)
    assert not holds(event("page_view", within_days=30, at_least=3), {}, events)
    assert holds(event("page_view", at_least=3), {}, events)
    assert holds(event("demo_request", at_least=0, at_most=0), {}, events)
    assert not holds(event("page_view", at_most=2), {}, events)


def test_building_rejects_impossible_or_unknown_definitions() -> None:
    with pytest.raises(InvalidDefinition, match="impossible range: 500 > 50"):
        field("employees").between(500, 50)
    with pytest.raises(InvalidDefinition, match="'operator' must be one of"):
        FieldCondition("x", "like", "a%")
    with pytest.raises(InvalidDefinition, match="not a valid regular expression"):
        field("title").matches("(vp")
    with pytest.raises(InvalidDefinition, match="'value' of 'in' must be a non-empty list"):
        field("country").is_in(())
    with pytest.raises(InvalidDefinition, match=r"'at_most' is an impossible count"):
        event("visit", at_least=3, at_most=2)
    with pytest.raises(InvalidDefinition, match="'within_days' must be"):
        event("visit", within_days=-1)
    with pytest.raises(InvalidDefinition, match="'conditions' must be a non-empty list"):
        AllOf(())
    with pytest.raises(InvalidDefinition, match="'field' must be non-empty text"):
        field("").exists()


def test_printing_reads_like_the_rule() -> None:
    rule = (field("employees") >= 200) & field("country").is_in(("US", "CA")) & ~field("x").exists()
    assert str(rule) == "(employees >= 200 and country in ('US', 'CA') and not x exists)"
    assert str(event("webinar", within_days=90, at_least=2)) == (
        "event 'webinar' at least 2 times within 90 days"
    )


names = st.sampled_from(["industry", "country", "employees", "title", "signed"])
leaves = st.one_of(
    st.builds(lambda n, v: field(n).equals(v), names, st.text(min_size=1, max_size=5)),
    st.builds(lambda n, v: field(n) >= v, names, st.integers(-1000, 1000)),
    st.builds(
        lambda n, lo, span: field(n).between(lo, lo + span),
        names,
        st.integers(-100, 100),
        st.integers(0, 100),
    ),
    st.builds(
        lambda n, vs: field(n).is_in(tuple(vs)),
        names,
        st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=3),
    ),
    st.builds(lambda n, d: field(n).after(d), names, st.dates()),
    st.builds(lambda n: field(n).exists(), names),
    st.builds(
        lambda t, days, least: event(t, within_days=days, at_least=least),
        st.sampled_from(["visit", "demo"]),
        st.none() | st.integers(0, 365),
        st.integers(0, 5),
    ),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AllOf(tuple(xs))),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: AnyOf(tuple(xs))),
        inner.map(Not),
    ),
    max_leaves=8,
)


@given(conditions)
def test_conditions_round_trip_through_plain_data(condition: object) -> None:
    """A condition written as data and read back is the same condition."""
    data = condition_to_data(condition)  # type: ignore[arg-type]
    assert condition_from_data(data) == condition


@given(conditions)
def test_conditions_round_trip_through_the_converter_as_json(condition: object) -> None:
    """Through crmkit.serialization and JSON text, a condition comes back unchanged."""
    import json

    from crmkit.scoring import Condition
    from crmkit.serialization import make_converter

    converter = make_converter()
    text = json.dumps(converter.unstructure(condition, Condition))
    assert converter.structure(json.loads(text), Condition) == condition


def test_reading_data_rejects_unknown_keys_and_shapes() -> None:
    with pytest.raises(InvalidDefinition, match="must be a field, event, all, any or not node"):
        condition_from_data({"field": "x", "op": "exists", "extra": 1})
    with pytest.raises(InvalidDefinition, match="must be a field, event, all, any or not node"):
        condition_from_data({"nope": []})
    with pytest.raises(InvalidDefinition, match="'all' must be a list"):
        condition_from_data({"all": "x"})
    event_data = {"event": "visit", "where": [{"field": "p", "op": "exists"}], "within_days": 7}
    assert condition_from_data(event_data) == EventCondition(
        "visit", (field("p").exists(),), within_days=7
    )
