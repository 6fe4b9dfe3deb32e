"""make_converter(): every crmkit value type survives unstructure -> JSON -> structure.

The same values also survive pickling (process pools, caches).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import validation
from crmkit.serialization import make_converter
from crmkit.testing import contact_schema, contacts
from crmkit.validation import AuditedRecord as Audited
from crmkit.validation import (
    BirthDate,
    DateRange,
    DecayRates,
    Email,
    Length,
    OneOf,
    Pattern,
    PersonName,
    Phone,
    Postcode,
    Range,
    Region,
    WasteCategory,
    WasteLine,
    audit_breakdown,
    audit_estimate,
    check_email,
    check_phone,
    check_postcode,
    check_region,
    clean_record,
    compare_entries,
    data_quality_waste,
    decay_breakdown,
    dormancy,
    parse_name,
    parse_organisation_name,
    validate_records,
)

AS_OF = dt.date(2026, 1, 1)
SCHEMA = contact_schema()


def _no_nan(record: dict[str, object]) -> dict[str, object]:
    # NaN is missing on input but never equal to itself; round trips compare with ==.
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()}


records = st.lists(contacts(error_rate=0.3).map(_no_nan), min_size=1, max_size=4)
texts = st.text(max_size=40)
rates = st.floats(min_value=0.0, max_value=0.99)
purchase_days = st.lists(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=AS_OF), min_size=1, max_size=6
)

#: One strategy of real values per crmkit value type: values produced by the library itself.
VALUES: dict[type, st.SearchStrategy[object]] = {
    validation.ValidationReport: records.map(lambda rs: validate_records(rs, SCHEMA, as_of=AS_OF)),
    validation.Issue: records.map(lambda rs: validate_records(rs, SCHEMA, as_of=AS_OF)).flatmap(
        lambda report: st.sampled_from(report.issues) if report.issues else st.nothing()
    ),
    validation.FieldStats: records.map(
        lambda rs: validate_records(rs, SCHEMA, as_of=AS_OF).fields["email"]
    ),
    validation.CleanedRecord: records.map(lambda rs: clean_record(rs[0], SCHEMA, as_of=AS_OF)),
    validation.Change: records.map(lambda rs: clean_record(rs[0], SCHEMA, as_of=AS_OF)).flatmap(
        lambda c: st.sampled_from(c.changes) if c.changes else st.nothing()
    ),
    validation.Mismatch: st.tuples(records, records)
    .flatmap(lambda pair: st.sampled_from(compare_entries(pair[0][0], pair[1][0]) or (None,)))
    .filter(lambda m: m is not None),
    validation.EmailCheck: (st.emails() | texts).map(check_email),
    validation.PhoneCheck: st.tuples(
        texts | st.sampled_from(["+44 20 7946 0958", "(650) 253-0000", "+33 6 12 34 56 78"]),
        st.sampled_from(["GB", "US", "FR"]),
    ).map(lambda t: check_phone(t[0], region=t[1])),
    validation.ParsedName: (texts | st.sampled_from(["Dr. Juan Q. Xavier de la Vega III"])).map(
        parse_name
    ),
    validation.ParsedOrganisationName: texts.map(parse_organisation_name),
    validation.PostcodeCheck: st.tuples(
        texts | st.just("sw1a1aa"), st.sampled_from(["GB", "US", "NL"])
    ).map(lambda t: check_postcode(t[0], country=t[1])),
    validation.RegionCheck: st.tuples(
        texts | st.just("California"), st.sampled_from(["US", "CA"])
    ).map(lambda t: check_region(t[0], country=t[1])),
    validation.DecayRates: st.dictionaries(
        st.sampled_from(["phone", "address", "job"]), rates, min_size=1
    ).map(DecayRates.from_mapping),
    validation.FieldDecay: st.dictionaries(st.just("job"), rates, min_size=1).map(
        lambda m: DecayRates.from_mapping(m).fields[0]
    ),
    validation.DecayBreakdown: st.dictionaries(st.just("job"), rates, min_size=1).map(
        lambda m: decay_breakdown(DecayRates.from_mapping(m), years=2.0)
    ),
    validation.FieldSurvival: st.dictionaries(st.just("job"), rates, min_size=1).map(
        lambda m: decay_breakdown(DecayRates.from_mapping(m), years=1.5).fields[0]
    ),
    validation.AuditEstimate: st.integers(1, 500).flatmap(
        lambda n: st.integers(0, n).map(lambda k: audit_estimate(n, k, population=10_000))
    ),
    validation.AuditedRecord: st.builds(
        Audited,
        source=st.sampled_from(["web", "list"]),
        stale_fields=st.frozensets(st.sampled_from(["a", "b"])),
    ),
    validation.AuditBreakdown: st.lists(
        st.builds(
            Audited,
            source=st.sampled_from(["web", "list"]),
            stale_fields=st.frozensets(st.sampled_from(["a", "b"])),
        ),
        min_size=1,
    ).map(lambda rs: audit_breakdown(rs, fields=("a", "b"))),
    validation.GroupEstimate: st.lists(
        st.builds(Audited, source=st.just("web"), stale_fields=st.just(frozenset())), min_size=1
    ).map(lambda rs: audit_breakdown(rs, fields=("a",)).by_source[0]),
    validation.WasteLine: st.builds(
        WasteLine,
        st.sampled_from(list(WasteCategory)),
        quantity=st.integers(0, 10**6),
        unit_cost=st.decimals(min_value=0, max_value=1000, places=2),
    ),
    validation.WasteReport: st.lists(
        st.builds(
            WasteLine,
            st.sampled_from(list(WasteCategory)),
            quantity=st.integers(0, 10**6),
            unit_cost=st.decimals(min_value=0, max_value=1000, places=2),
        ),
        max_size=5,
    ).map(data_quality_waste),
    validation.CategoryCost: st.builds(
        WasteLine,
        st.just(WasteCategory.RETURNED_MAIL),
        quantity=st.integers(0, 10),
        unit_cost=st.just(Decimal("1.25")),
    ).map(lambda line: data_quality_waste([line]).by_category[0]),
    validation.DormancyStatus: purchase_days.map(lambda days: dormancy(days, as_of=AS_OF)),
    # Rule and check definitions that are plain data.
    validation.Length: st.builds(
        Length, minimum=st.none() | st.integers(0, 5), maximum=st.none() | st.integers(5, 10)
    ),
    validation.Range: st.builds(
        Range, minimum=st.none() | st.floats(-5, 0), maximum=st.none() | st.floats(0, 5)
    ),
    validation.DateRange: st.builds(
        DateRange, earliest=st.none() | st.dates(), not_after_as_of=st.booleans()
    ),
    validation.BirthDate: st.builds(BirthDate, min_age=st.integers(0, 18)),
    validation.Pattern: st.builds(Pattern, regex=st.just(r"\d+"), description=st.just("digits")),
    validation.OneOf: st.builds(
        OneOf, values=st.frozensets(st.text(max_size=5), min_size=1), case_sensitive=st.booleans()
    ),
    validation.Email: st.builds(Email, suggest_domains=st.booleans()),
    validation.Phone: st.builds(Phone, region=st.none() | st.just("GB")),
    validation.Postcode: st.builds(Postcode, country=st.none() | st.just("GB")),
    validation.Region: st.builds(Region, country=st.none() | st.just("US")),
    validation.PersonName: st.just(PersonName()),
    validation.OrganisationName: st.just(validation.OrganisationName()),
    validation.Finding: st.builds(
        validation.Finding, code=texts, detail=texts, severity=st.sampled_from(["error", "warning"])
    ),
    validation.CheckOutcome: st.builds(validation.CheckOutcome, normalized=st.none() | texts),
}

#: Definitions that hold code (callables, protocol-typed checks) are not data: they live in
#: the user's source, so they are deliberately outside the converter's promise.
NOT_DATA = {validation.Predicate, validation.Field, validation.RecordSchema}


def test_every_exported_value_type_has_a_round_trip_strategy() -> None:
    exported = [getattr(validation, n) for n in validation.__all__]
    value_types = {t for t in exported if isinstance(t, type) and attrs.has(t)}
    assert value_types - NOT_DATA - set(VALUES) == set()


@pytest.mark.parametrize("cls", sorted(VALUES, key=lambda t: t.__name__), ids=lambda t: t.__name__)
def test_round_trip_through_json(cls: type) -> None:
    """Business rule: structure(unstructure(x)) == x, also after a trip through JSON text;
    and every value pickles: pickle.loads(pickle.dumps(x)) == x."""
    converter = make_converter()

    @given(VALUES[cls])
    def check(value: object) -> None:
        data = converter.unstructure(value)
        assert converter.structure(data, cls) == value
        assert converter.structure(json.loads(json.dumps(data)), cls) == value
        assert pickle.loads(pickle.dumps(value)) == value

    check()


def test_converters_are_independent() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    second.register_unstructure_hook(dt.date, lambda _: "changed")
    assert first.unstructure(dt.date(2026, 1, 1)) == "2026-01-01"


def test_json_values_of_the_wrong_kind_are_refused_not_converted() -> None:
    """ "false" never becomes True, "0.5" never 0.5, text never a list of its characters:
    each is an error naming the place in the data (an int is a float, 2.0 an int)."""
    from crmkit import InvalidDefinition
    from crmkit.lifecycle import LEAD_FUNNEL, Lifecycle, Stage
    from crmkit.serialization import from_data, to_data

    data = to_data(LEAD_FUNNEL)
    assert from_data(data, Lifecycle) == LEAD_FUNNEL
    cases = [
        (("forward_only",), "false", r"expected bool \(got str 'false'\) @ \$.forward_only"),
        (("stages", 0, "terminal"), "no", r"@ \$.stages\[0\].terminal"),
        (("transitions", 0, "sources"), "subscriber", r"expected a list .*\.sources"),
        (("name",), None, r"expected str \(got NoneType None\) @ \$.name"),
    ]
    for path, value, message in cases:
        broken = json.loads(json.dumps(data))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(InvalidDefinition, match=message):
            from_data(broken, Lifecycle)
    with pytest.raises(InvalidDefinition, match=r"expected float \(got str '0.5'\)"):
        from_data({"name": "a", "probability": "0.5"}, Stage)
    with pytest.raises(InvalidDefinition, match=r"expected float \(got bool True\)"):
        from_data({"name": "a", "probability": True}, Stage)
    assert from_data({"name": "a", "probability": 1}, Stage).probability == 1.0


@pytest.mark.parametrize("zone", [None, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])
def test_states_with_datetimes_read_back_equal(zone: dt.tzinfo | None) -> None:
    """Life-cycle moments may be datetimes (naive or aware) in fields typed date: the JSON
    text of a datetime reads back as that datetime, not as an error or a date."""
    from crmkit.lifecycle import OPPORTUNITY_STAGES, LifecycleState, advance, start
    from crmkit.serialization import from_data, to_data

    state = start(OPPORTUNITY_STAGES, at=dt.datetime(2026, 1, 5, 10, tzinfo=zone))
    state = advance(
        state, "qualify", OPPORTUNITY_STAGES, at=dt.datetime(2026, 1, 7, 16, 30, tzinfo=zone)
    )
    back = from_data(json.loads(json.dumps(to_data(state))), LifecycleState)
    assert back == state
    assert back.visits[-1].entered.tzinfo == zone  # type: ignore[attr-defined]
