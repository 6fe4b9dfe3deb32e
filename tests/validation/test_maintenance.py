"""Tests for data maintenance: decay, audit sampling, waste and dormancy.

Sources of the golden values:
- the CRM text (seed 001): degradation rates L5186–5195, audit rule 3 L5205–5206, dormancy
  rule 4 L5208–5213, churn signal L4680–4682, waste categories L3645–3668;
- Cochran (1977) *Sampling Techniques*, 3rd ed., §4.4, and the table of Krejcie & Morgan
  (1970), Educational and Psychological Measurement 30, 607–610, Table 1;
- Newcombe (1998), Statistics in Medicine 17, 857–872, Table I (Wilson score interval,
  "method 3"), for the interval of Wilson (1927).
Every expected value is worked by hand in the comment next to it.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import importlib.util
import math
import pickle
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.validation._decay import (
    BUSINESS_RELOCATION_RATE,
    MANAGING_DIRECTOR_JOB_CHANGE_RATE,
    TEXTBOOK_DECAY_RATES,
    UK_POSTCODE_CHANGE_RATE,
    WESTERN_MORTALITY_RATE,
    DecayRates,
    FieldDecay,
    decay_breakdown,
    expected_stale_records,
    half_life,
    record_survival,
)
from crmkit.validation._dormancy import (
    DEFAULT_DORMANCY_WINDOW,
    DEFAULT_MINIMUM_WINDOW,
    DORMANCY_REASONS,
    dormancy,
    purchase_cycle,
)
from crmkit.validation._maintenance import (
    AuditedRecord,
    audit_breakdown,
    audit_estimate,
    audit_sample_size,
)
from crmkit.validation._waste import (
    WASTE_CATEGORY_SOURCES,
    WasteCategory,
    WasteLine,
    data_quality_waste,
    expected_count,
)

FEW = settings(max_examples=60, deadline=None)
rates_strategy = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
years_strategy = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)


LEAVES = ("_decay", "_maintenance", "_waste", "_dormancy")
LEAF_IMPORTS = {"__future__", "attrs", "crmkit._errors"}


@pytest.mark.parametrize("leaf", LEAVES)
def test_module_is_a_vendorable_leaf(leaf):
    # CONTRIBUTING: a leaf imports only the standard library, attrs and crmkit._errors.
    spec = importlib.util.find_spec(f"crmkit.validation.{leaf}")
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    third_party = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert third_party <= LEAF_IMPORTS


def _single(rate: float) -> DecayRates:
    return DecayRates.from_mapping({"field": rate})


# ---------------------------------------------------------------------------------------------
# Decay (L5186–5195)


def test_text_rates_are_the_published_statistics():
    # L5187 "19%", L5189 "8%", L5191 "5%", L5193 "about 1.2%".
    assert MANAGING_DIRECTOR_JOB_CHANGE_RATE == 0.19
    assert BUSINESS_RELOCATION_RATE == 0.08
    assert UK_POSTCODE_CHANGE_RATE == 0.05
    assert WESTERN_MORTALITY_RATE == 0.012


def test_managing_director_still_in_post():
    # L5187: 19% change jobs a year, so 1 − 0.19 = 0.81 stay one year and
    # 0.81 × 0.81 = 0.6561 stay two years.
    contact = _single(MANAGING_DIRECTOR_JOB_CHANGE_RATE)
    assert record_survival(contact, years=1) == pytest.approx(0.81, abs=1e-12)
    assert record_survival(contact, years=2) == pytest.approx(0.6561, abs=1e-12)


def test_business_still_at_same_address():
    # L5189: 8% relocate, so 1 − 0.08 = 0.92 are at the same address after a year.
    assert record_survival(_single(BUSINESS_RELOCATION_RATE), years=1) == pytest.approx(0.92)


def test_combined_survival_of_the_four_rates():
    # 0.81 × 0.92 = 0.7452; × 0.95 = 0.70794; × 0.988 = 0.70794 − 0.70794 × 0.012
    # = 0.70794 − 0.00849528 = 0.69944472.
    assert record_survival(TEXTBOOK_DECAY_RATES, years=1) == pytest.approx(0.69944472, abs=1e-12)


def test_fractional_years_follow_the_continuous_form():
    # (1 − 0.19)^0.5 = √0.81 = 0.9: exp(−0.5 λ) with λ = −ln 0.81.
    contact = _single(MANAGING_DIRECTOR_JOB_CHANGE_RATE)
    assert record_survival(contact, years=0.5) == pytest.approx(0.9, abs=1e-12)


def test_no_time_no_decay_even_at_rate_one():
    assert record_survival(_single(1.0), years=0) == 1.0
    assert record_survival(_single(1.0), years=1) == 0.0


def test_breakdown_names_the_fastest_field():
    # Survivals after a year: 0.81 < 0.92 < 0.95 < 0.988, so the contact person goes first.
    breakdown = decay_breakdown(TEXTBOOK_DECAY_RATES, years=1)
    assert [f.name for f in breakdown.fields] == [
        "contact_person",
        "business_address",
        "postcode",
        "contact_alive",
    ]
    assert breakdown.fastest.stale_share == pytest.approx(0.19)
    assert breakdown.record_survival == pytest.approx(0.69944472)


def test_breakdown_ties_keep_the_given_order():
    rates = DecayRates.from_mapping({"b": 0.1, "a": 0.1, "c": 0.2})
    assert [f.name for f in decay_breakdown(rates, years=1).fields] == ["c", "b", "a"]


def test_half_life_of_a_managing_director_contact():
    # t½ = ln 2 / −ln 0.81 = 0.693147 / (−2 ln 0.9) = 0.693147 / 0.210721 = 3.2894 years.
    assert half_life(_single(MANAGING_DIRECTOR_JOB_CHANGE_RATE)) == pytest.approx(3.2894, abs=1e-4)


def test_half_life_of_the_four_rates():
    # t½ = ln 2 / −ln 0.69944472 = 0.693147 / 0.357468 = 1.9390 years.
    assert half_life(TEXTBOOK_DECAY_RATES) == pytest.approx(1.9390, abs=1e-4)


def test_half_life_limits():
    assert half_life(_single(0.0)) == math.inf
    assert half_life(_single(1.0)) == 0.0


def test_expected_stale_records():
    # 10 000 × 0.19 = 1900; 10 000 × (1 − 0.69944472) = 3005.5528.
    contact = _single(MANAGING_DIRECTOR_JOB_CHANGE_RATE)
    assert expected_stale_records(contact, records=10_000, years=1) == pytest.approx(1900)
    assert expected_stale_records(TEXTBOOK_DECAY_RATES, records=10_000, years=1) == pytest.approx(
        3005.5528
    )
    assert expected_stale_records(contact, records=0, years=3) == 0.0


@pytest.mark.parametrize("rate", [-0.01, 1.01, math.nan, math.inf, True, "0.1", None])
def test_bad_rate_is_refused_with_its_repr(rate):
    with pytest.raises(InvalidArgument) as info:
        FieldDecay("postcode", rate)
    assert info.value.field == "annual_rate"
    assert repr(rate) in str(info.value)


@pytest.mark.parametrize("years", [-1, math.inf, math.nan, True, "1"])
def test_bad_years_is_refused(years):
    with pytest.raises(InvalidArgument) as info:
        record_survival(TEXTBOOK_DECAY_RATES, years=years)
    assert info.value.field == "years"


def test_bad_rate_sets_are_refused():
    with pytest.raises(InvalidArgument, match="'fields'"):
        DecayRates(())
    with pytest.raises(InvalidArgument, match="twice"):
        DecayRates((FieldDecay("a", 0.1), FieldDecay("a", 0.2)))
    with pytest.raises(InvalidArgument, match="'name'"):
        FieldDecay("  ", 0.1)
    with pytest.raises(InvalidArgument, match="'rates'"):
        DecayRates.from_mapping([("a", 0.1)])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'rates'"):
        record_survival({"a": 0.1}, years=1)  # type: ignore[arg-type]
    for records in (-1, True, 1.5):
        with pytest.raises(InvalidArgument, match="'records'"):
            expected_stale_records(TEXTBOOK_DECAY_RATES, records=records, years=1)


def test_decay_values_are_frozen_and_picklable():
    copy = pickle.loads(pickle.dumps(TEXTBOOK_DECAY_RATES))
    assert copy == TEXTBOOK_DECAY_RATES
    assert hash(copy) == hash(TEXTBOOK_DECAY_RATES)


@FEW
@given(st.lists(rates_strategy, min_size=1, max_size=5), years_strategy, years_strategy)
def test_survival_never_rises_with_time(rates, t1, t2):
    """A file left alone never becomes more correct as time passes."""
    decay = DecayRates(tuple(FieldDecay(f"f{i}", r) for i, r in enumerate(rates)))
    early, late = sorted((t1, t2))
    assert (
        0.0
        <= record_survival(decay, years=late)
        <= record_survival(decay, years=early) * (1 + 1e-12)
        <= 1.0 + 1e-12
    )


@FEW
@given(st.lists(rates_strategy, min_size=1, max_size=5), rates_strategy, years_strategy)
def test_survival_never_rises_with_a_rate(rates, bump, years):
    """Raising any field's change rate never makes more records survive."""
    base = DecayRates(tuple(FieldDecay(f"f{i}", r) for i, r in enumerate(rates)))
    higher = DecayRates(
        (
            FieldDecay("f0", max(rates[0], bump)),
            *(FieldDecay(f"f{i}", r) for i, r in enumerate(rates) if i),
        )
    )
    assert record_survival(higher, years=years) <= record_survival(base, years=years) * (1 + 1e-12)


@FEW
@given(st.lists(st.floats(min_value=1e-6, max_value=0.999), min_size=1, max_size=5))
def test_half_of_the_records_survive_one_half_life(rates):
    """After one half-life, half of the records are still fully correct."""
    decay = DecayRates(tuple(FieldDecay(f"f{i}", r) for i, r in enumerate(rates)))
    assert record_survival(decay, years=half_life(decay)) == pytest.approx(0.5, rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Audit sample size (Cochran 1977 §4.4; rule 3, L5205)


def test_cochran_large_file():
    # z = 1.959964, z² = 3.841459; n0 = 3.841459 × 0.5 × 0.5 / 0.05² = 384.146;
    # N = 10⁹ barely corrects it (384.146 / (1 + 383.146e-9) ≈ 384.146) → round up: 385.
    assert audit_sample_size(population=10**9) == 385


def test_cochran_file_of_1000():
    # n = 384.146 / (1 + 383.146 / 1000) = 384.146 / 1.383146 = 277.73 → 278
    # (Krejcie & Morgan 1970, Table 1: N = 1000 → 278).
    assert audit_sample_size(population=1000) == 278


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        # 384.146 × 100 / (100 + 383.146) = 38414.6 / 483.146 = 79.51 → 80 (K&M: 80)
        (100, 80),
        # 384.146 × 10⁴ / (10⁴ + 383.146) = 3841460 / 10383.146 = 369.97 → 370 (K&M: 370)
        (10_000, 370),
        # 384.146 × 10⁶ / (10⁶ + 383.146) = 383.9988 → 384 (K&M: 384)
        (1_000_000, 384),
    ],
)
def test_krejcie_morgan_table(population, expected):
    assert audit_sample_size(population=population) == expected


def test_cochran_other_options():
    # 99%: z = 2.575829, z² = 6.634897; n0 = 6.634897 × 0.25 / 0.0025 = 663.49 → 664.
    assert audit_sample_size(population=10**9, confidence=0.99) == 664
    # p = 0.1, e = 0.03: n0 = 3.841459 × 0.09 / 0.0009 = 384.146 → 385 (same as p = 0.5, e = 0.05).
    assert audit_sample_size(population=10**9, margin=0.03, expected_rate=0.1) == 385


def test_tiny_files_are_audited_whole():
    # N = 1: n = 384.146 / (1 + 383.146) = 1.
    assert audit_sample_size(population=1) == 1
    assert audit_sample_size(population=2) == 2


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("confidence", 0.0),
        ("confidence", 1.0),
        ("confidence", math.nan),
        ("margin", 0.0),
        ("margin", 1.5),
        ("expected_rate", 0.0),
        ("expected_rate", 1.0),
        ("expected_rate", True),
        ("population", 0),
        ("population", 10.0),
        ("population", True),
    ],
)
def test_bad_sample_size_options(option, value):
    options = {"population": 1000, option: value}
    with pytest.raises(InvalidArgument) as info:
        audit_sample_size(**options)
    assert info.value.field == option
    assert repr(value) in str(info.value)


@FEW
@given(
    st.integers(min_value=1, max_value=10**7),
    st.floats(min_value=0.005, max_value=0.5),
    st.floats(min_value=0.005, max_value=0.5),
)
def test_sample_size_shrinks_as_margin_widens(population, margin_a, margin_b):
    """Accepting a wider margin of error never requires auditing more records, and the sample
    never exceeds the file."""
    narrow, wide = sorted((margin_a, margin_b))
    n_narrow = audit_sample_size(population=population, margin=narrow)
    n_wide = audit_sample_size(population=population, margin=wide)
    assert 1 <= n_wide <= n_narrow <= population


# ---------------------------------------------------------------------------------------------
# Audit estimate: Wilson (1927) score interval


@pytest.mark.parametrize(
    ("errors", "sample", "lower", "upper"),
    [
        # Newcombe (1998) Table I, method 3 (Wilson score), 95%.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        # x = 0: upper = (z²/n) / (1 + z²/n) = 0.192073 / 1.192073 = 0.1611.
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(errors, sample, lower, upper):
    estimate = audit_estimate(sample, errors)
    assert estimate.rate == errors / sample
    assert estimate.lower == pytest.approx(lower, abs=5e-5)
    assert estimate.upper == pytest.approx(upper, abs=5e-5)


def test_estimate_projects_onto_the_file():
    # 10 of 100 → p̂ = 0.1; × 5000 = 500 records; no population → no projection.
    estimate = audit_estimate(100, 10, population=5000)
    assert estimate.stale_records is not None
    low, mid, high = estimate.stale_records
    assert low < mid == 500 < high
    assert audit_estimate(100, 10).stale_records is None


def test_full_error_sample_reaches_one():
    assert audit_estimate(20, 20).upper == 1.0


def test_bad_estimate_arguments():
    with pytest.raises(InvalidArgument, match="'errors_found'"):
        audit_estimate(10, 11)
    with pytest.raises(InvalidArgument, match="'sample_size'"):
        audit_estimate(0, 0)
    with pytest.raises(InvalidArgument, match="'sample_size'"):
        audit_estimate(100, 1, population=50)
    with pytest.raises(InvalidArgument, match="'confidence'"):
        audit_estimate(100, 1, confidence=95)


@FEW
@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n))
    )
)
def test_interval_brackets_the_measured_rate(case):
    """The interval always contains the measured rate and stays within [0, 1]."""
    n, x = case
    estimate = audit_estimate(n, x)
    assert 0.0 <= estimate.lower <= estimate.rate <= estimate.upper <= 1.0


# ---------------------------------------------------------------------------------------------
# Audit breakdown: "is it a particular data source or field?" (L5205–5206)


def test_breakdown_finds_the_worst_source_and_field():
    records = [
        AuditedRecord("trade fair", frozenset({"phone", "email"})),
        AuditedRecord("trade fair", frozenset({"phone"})),
        AuditedRecord("trade fair"),
        AuditedRecord("web form", frozenset({"email"})),
        AuditedRecord("web form"),
        AuditedRecord("web form"),
        AuditedRecord("web form"),
    ]
    report = audit_breakdown(records, fields=("email", "phone", "postcode"), population=700)
    # Overall 3 of 7 degraded; trade fair 2 of 3, web form 1 of 4.
    assert (report.overall.errors_found, report.overall.sample_size) == (3, 7)
    assert [
        (g.name, g.estimate.errors_found, g.estimate.sample_size) for g in report.by_source
    ] == [
        ("trade fair", 2, 3),
        ("web form", 1, 4),
    ]
    # Fields: email 2 of 7 and phone 2 of 7 (tie → by name), postcode 0 of 7.
    assert [(g.name, g.estimate.errors_found) for g in report.by_field] == [
        ("email", 2),
        ("phone", 2),
        ("postcode", 0),
    ]
    assert report.overall.population == 700


def test_breakdown_refuses_bad_input():
    with pytest.raises(InvalidArgument, match="'records'"):
        audit_breakdown([], fields=("email",))
    with pytest.raises(InvalidArgument, match=r"records\[0\]\.stale_fields"):
        audit_breakdown([AuditedRecord("x", frozenset({"fax"}))], fields=("email",))
    with pytest.raises(InvalidArgument, match=r"records\[1\]"):
        audit_breakdown([AuditedRecord("x"), "y"], fields=("email",))  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match="'fields'"):
        audit_breakdown([AuditedRecord("x")], fields=("a", "a"))
    with pytest.raises(InvalidArgument, match="'stale_fields'"):
        AuditedRecord("x", {"email"})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'source'"):
        AuditedRecord("")


# ---------------------------------------------------------------------------------------------
# Waste (L3645–3668)


def test_every_category_cites_its_passage():
    assert set(WASTE_CATEGORY_SOURCES) == set(WasteCategory)


def test_returned_mail_cost_components_add_up():
    # L3647–3649 names three costs of a returned item. 1200 items ×
    # (0.85 print and postage + 0.40 handling + 2.10 correction) = 1200 × 3.35 = 4020.00.
    lines = [
        WasteLine(WasteCategory.RETURNED_MAIL, quantity=1200, unit_cost=Decimal(cost), label=label)
        for cost, label in (("0.85", "print"), ("0.40", "handling"), ("2.10", "correction"))
    ]
    report = data_quality_waste(lines)
    assert report.total == Decimal("4020.00")
    assert report.cost_of(WasteCategory.RETURNED_MAIL) == Decimal("4020.00")
    assert report.cost_of(WasteCategory.DUPLICATE_MAIL) == Decimal(0)


def test_money_is_exact_whatever_the_callers_context():
    # 3 × 0.10 = 0.30 exactly (0.1 + 0.1 + 0.1 ≠ 0.3 in binary floats);
    # 123456789 × 1.23 = 151851850.47 needs 11 digits, more than the context's 2.
    with decimal.localcontext(decimal.Context(prec=2)):
        line = WasteLine(WasteCategory.INVOICING_ERROR, quantity=3, unit_cost=Decimal("0.10"))
        big = WasteLine(
            WasteCategory.INVOICING_ERROR, quantity=123456789, unit_cost=Decimal("1.23")
        )
        assert line.cost == Decimal("0.30")
        assert data_quality_waste([line, big]).total == Decimal("151851850.77")


def test_counts_derived_from_rates():
    # Duplicates: 2.5% of 40 000 pieces = 1000 surplus pieces; invalid addresses: 4% of
    # 50 000 = 2000 returns; × 1.10 = 2200.
    assert expected_count(volume=40_000, rate=0.025) == Decimal(1000)
    line = WasteLine.from_rate(
        WasteCategory.RETURNED_MAIL, volume=50_000, rate=Decimal("0.04"), unit_cost=Decimal("1.10")
    )
    assert line.quantity == 2000
    assert line.cost == Decimal(2200)


@pytest.mark.parametrize("unit_cost", [0.85, -1, Decimal("NaN"), Decimal("Infinity"), True, "1"])
def test_bad_money_is_refused(unit_cost):
    with pytest.raises(InvalidArgument) as info:
        WasteLine(WasteCategory.DUPLICATE_MAIL, quantity=1, unit_cost=unit_cost)
    assert info.value.field == "unit_cost"
    assert repr(unit_cost) in str(info.value)


def test_float_money_hint_names_the_decimal_to_write():
    with pytest.raises(InvalidArgument, match=r"Decimal\('0\.85'\)"):
        WasteLine(WasteCategory.DUPLICATE_MAIL, quantity=1, unit_cost=0.85)  # type: ignore[arg-type]


def test_bad_waste_inputs_are_refused():
    with pytest.raises(InvalidArgument, match="'quantity'"):
        WasteLine(WasteCategory.DUPLICATE_MAIL, quantity=2.5, unit_cost=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'category'"):
        WasteLine("returned_mail", quantity=1, unit_cost=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'rate'"):
        expected_count(volume=10, rate=1.5)
    with pytest.raises(InvalidArgument, match="'rate'"):
        expected_count(volume=10, rate=math.nan)
    with pytest.raises(InvalidArgument, match="'volume'"):
        expected_count(volume=-1, rate=0.5)
    with pytest.raises(InvalidArgument, match=r"'lines\[0\]'"):
        data_quality_waste([("returned_mail", 1, 1)])  # type: ignore[list-item]


money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
waste_lines = st.builds(
    WasteLine,
    st.sampled_from(WasteCategory),
    quantity=st.integers(min_value=0, max_value=10**6),
    unit_cost=money,
)


@FEW
@given(st.lists(waste_lines, max_size=12))
def test_costs_add_up_to_the_total(lines):
    """Every line's cost is counted once: the categories sum to the total, which is the sum of
    the lines."""
    report = data_quality_waste(lines)
    assert sum((entry.cost for entry in report.by_category), Decimal(0)) == report.total
    assert sum((line.quantity * line.unit_cost for line in lines), Decimal(0)) == report.total
    assert all(report.cost_of(entry.category) == entry.cost for entry in report.by_category)


# ---------------------------------------------------------------------------------------------
# Dormancy (L5208–5213) and the churn signal (L4680–4682)

START = dt.date(2024, 1, 1)
WEEKLY = [START + dt.timedelta(weeks=k) for k in range(12)]


def test_weekly_buyer_silent_for_a_month_is_flagged():
    # L4680–4682: cycle 7 days, window 4 × 7 = 28 days; 30 days without a purchase ≥ 28.
    status = dormancy(WEEKLY, as_of=WEEKLY[-1] + dt.timedelta(days=30))
    assert status.cycle == dt.timedelta(days=7)
    assert status.window == dt.timedelta(days=28)
    assert (status.dormant, status.days_inactive, status.reason) == (
        True,
        30,
        "dormancy.cycle_window",
    )


def test_weekly_buyer_silent_for_three_weeks_is_not():
    # 21 days < 28 days.
    assert not dormancy(WEEKLY, as_of=WEEKLY[-1] + dt.timedelta(days=21)).dormant


def test_every_month_length_flags_the_weekly_buyer():
    # The shortest month, 28 days, reaches 4 × 7 = 28.
    for days in (28, 29, 30, 31):
        assert dormancy(WEEKLY, as_of=WEEKLY[-1] + dt.timedelta(days=days)).dormant


def test_one_purchase_uses_six_months():
    # L5208–5209 "six months or less": 183 days.
    status = dormancy([START], as_of=START + dt.timedelta(days=182))
    assert (status.dormant, status.window, status.cycle) == (False, DEFAULT_DORMANCY_WINDOW, None)
    assert status.reason == "dormancy.default_window"
    assert dormancy([START], as_of=START + dt.timedelta(days=183)).dormant


def test_daily_buyer_gets_the_minimum_window():
    # Cycle 1 day × 4 = 4 days < 28 days, so the floor applies: 10 quiet days are not dormancy.
    daily = [START + dt.timedelta(days=k) for k in range(30)]
    status = dormancy(daily, as_of=daily[-1] + dt.timedelta(days=10))
    assert (status.dormant, status.window, status.reason) == (
        False,
        DEFAULT_MINIMUM_WINDOW,
        "dormancy.minimum_window",
    )


def test_credit_card_caveat_fixed_window():
    # L5211–5213: a foreign-currency card used on one trip a year ago is not necessarily
    # dormant. With one use there is no cycle, so the six-month default flags it (366 days
    # ≥ 183); the card category's own two-year window does not (366 < 730).
    uses = [dt.date(2023, 7, 1)]
    as_of = dt.date(2024, 7, 1)
    assert dormancy(uses, as_of=as_of).dormant
    status = dormancy(uses, as_of=as_of, window=dt.timedelta(days=730))
    assert (status.dormant, status.days_inactive, status.reason) == (
        False,
        366,
        "dormancy.fixed_window",
    )


def test_cycle_is_the_median_gap():
    # Gaps 7, 14 → median (7 + 14) / 2 = 10.5 days; gaps 1, 2, 30 → 2 days.
    dates = [dt.date(2024, 3, 1), dt.date(2024, 3, 8), dt.date(2024, 3, 22)]
    assert purchase_cycle(dates) == dt.timedelta(days=10, hours=12)
    dates = [dt.date(2024, 3, 1), dt.date(2024, 3, 2), dt.date(2024, 3, 4), dt.date(2024, 4, 3)]
    assert purchase_cycle(dates) == dt.timedelta(days=2)


def test_same_day_purchases_are_one_occasion():
    assert purchase_cycle([START, START, START]) is None
    assert purchase_cycle([START, START, START + dt.timedelta(days=7)]) == dt.timedelta(days=7)


def test_aware_datetimes_in_different_zones():
    utc = dt.UTC
    plus2 = dt.timezone(dt.timedelta(hours=2))
    first = dt.datetime(2024, 1, 1, 12, tzinfo=utc)
    second = dt.datetime(2024, 1, 8, 14, tzinfo=plus2)  # 12:00 UTC: exactly 7 days later
    assert purchase_cycle([second, first]) == dt.timedelta(days=7)


def test_purchase_after_as_of_is_an_error():
    with pytest.raises(InvalidArgument) as info:
        dormancy(WEEKLY, as_of=WEEKLY[-2])
    assert info.value.field == "purchase_dates"
    assert repr(WEEKLY[-1]) in str(info.value)


def test_mixed_date_kinds_are_errors():
    naive = dt.datetime(2024, 2, 1, 9)
    aware = dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC)
    with pytest.raises(InvalidArgument, match=r"'purchase_dates\[1\]' is a naive datetime"):
        purchase_cycle([START, naive])
    with pytest.raises(InvalidArgument, match="'as_of' is a naive datetime"):
        dormancy([aware], as_of=naive)
    with pytest.raises(InvalidArgument, match="'as_of' is a date"):
        dormancy([naive], as_of=dt.date(2024, 3, 1))
    with pytest.raises(InvalidArgument, match="'as_of'"):
        dormancy([START], as_of="2024-03-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"'purchase_dates\[0\]'"):
        purchase_cycle(["2024-03-01"])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("multiplier", 0.5),
        ("multiplier", math.nan),
        ("multiplier", True),
        ("minimum_window", dt.timedelta(0)),
        ("default_window", 183),
        ("default_window", dt.timedelta(days=7)),  # shorter than the 28-day minimum
        ("window", dt.timedelta(days=-1)),
    ],
)
def test_bad_dormancy_options(option, value):
    with pytest.raises(InvalidArgument) as info:
        dormancy([START], as_of=START, **{option: value})
    assert info.value.field == option
    assert repr(value) in str(info.value)


def test_no_purchase_is_an_error():
    with pytest.raises(InvalidArgument, match="'purchase_dates'"):
        dormancy([], as_of=START)


histories = st.lists(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)), min_size=1, max_size=15
)


@FEW
@given(
    histories,
    st.integers(min_value=0, max_value=3000),
    st.floats(min_value=1.0, max_value=10.0),
    st.integers(min_value=1, max_value=200),
)
def test_window_respects_the_minimum(dates, gap, multiplier, minimum_days):
    """A window derived from the purchase rhythm is never shorter than the minimum window, and
    the verdict is exactly "inactive for at least the window"."""
    minimum = dt.timedelta(days=minimum_days)
    status = dormancy(
        dates,
        as_of=max(dates) + dt.timedelta(days=gap),
        multiplier=multiplier,
        minimum_window=minimum,
        default_window=max(minimum, DEFAULT_DORMANCY_WINDOW),
    )
    assert status.window >= minimum
    assert status.dormant == (status.inactive >= status.window)
    assert status.reason in DORMANCY_REASONS


@FEW
@given(
    histories, st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=3000)
)
def test_dormancy_persists_without_purchases(dates, gap_a, gap_b):
    """With no new purchase, a customer who is dormant today is still dormant later."""
    early, late = sorted((gap_a, gap_b))
    last = max(dates)
    if dormancy(dates, as_of=last + dt.timedelta(days=early)).dormant:
        assert dormancy(dates, as_of=last + dt.timedelta(days=late)).dormant
