"""Golden, property and error tests for RFM scoring.

Golden values are worked by hand in the comments from the definitions in
``crmkit.scoring._rfm``: recency in days to ``as_of``, frequency in purchase days (or rows),
monetary the total (or mean) with refunds netted, and mid-rank quantile scores
``1 + ⌊bins · (2w + t) / 2n⌋`` (``w`` customers strictly worse, ``t`` tied with the customer,
itself included). The segment grid is Putler's published table (putler.com, "RFM Analysis For
Successful Customer Segmentation") resolved into the 5 × 5 R × FM grid documented on
``DEFAULT_SEGMENTS``.
"""

from __future__ import annotations

import datetime as dt
import math
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition
from crmkit.scoring._rfm import (
    DEFAULT_SEGMENTS,
    RfmEdges,
    RfmScore,
    RfmSegment,
    RfmTable,
    check_segments,
    rfm,
)

D = dt.date
AS_OF = D(2024, 7, 1)

# Six customers, observed to 2024-07-01 (2024 is a leap year).
ROWS = [
    ("a", D(2024, 6, 25), 100.0),
    ("a", D(2024, 5, 1), 50.0),
    ("a", D(2024, 3, 1), 50.0),
    ("b", D(2024, 6, 1), 30.0),
    ("b", D(2024, 6, 1), 20.0),  # same day as the row above: one purchase day
    ("c", D(2024, 1, 15), 500.0),
    ("c", D(2024, 2, 15), 300.0),
    ("d", D(2023, 7, 1), 40.0),
    ("e", D(2024, 6, 25), 10.0),
    ("e", D(2024, 6, 28), -10.0),  # a refund: netted into monetary, not a purchase
    ("f", D(2024, 4, 10), 60.0),
    ("f", D(2024, 5, 10), 60.0),
    ("f", D(2024, 6, 10), 60.0),
    ("f", dt.datetime(2024, 6, 10, 18, 30), 15.0),  # a timestamp: its calendar day
]


def codes(table: RfmTable) -> dict[object, str]:
    return {score.customer_id: score.code for score in table}


def test_golden_six_customers_by_hand() -> None:
    """Values: a last bought 06-25 (6 days), 3 days, 200; b 06-01 (30 days), 1 day, 50;
    c 02-15 (15 + 31 + 30 + 31 + 30 = 137 days), 2 days, 800; d 2023-07-01 (366 days), 1, 40;
    e 06-25 (6 days; the 06-28 refund does not count), 1 day, 10 - 10 = 0; f 06-10 (21 days),
    3 days, 195.

    Scores, n = 6, bins = 5: score = 1 + 5 (2w + t) // 12.
    R (fewer days better): a, e: w 4, t 2 -> 1 + 50 // 12 = 5; f: w 3 -> 1 + 35 // 12 = 3;
    b: w 2 -> 1 + 25 // 12 = 3; c: w 1 -> 1 + 15 // 12 = 2; d: w 0 -> 1 + 5 // 12 = 1.
    F: a, f (3): w 4, t 2 -> 5; c (2): w 3 -> 3; b, d, e (1): w 0, t 3 -> 1 + 15 // 12 = 2.
    M: c 800: w 5 -> 1 + 55 // 12 = 5; a 200: w 4 -> 1 + 45 // 12 = 4; f 195: w 3 -> 3;
    b 50: w 2 -> 3; d 40: w 1 -> 2; e 0: w 0 -> 1.
    FM = (F + M + 1) // 2: a 5, b 3, c 4, d 2, e 2, f 4; segments by the R × FM grid:
    a (5, 5) Champions, b (3, 3) Need attention, c (2, 4) At risk, d (1, 2) Hibernating,
    e (5, 2) Potential loyalists, f (3, 4) Loyal customers.
    Order: codes descending: a 554, e 521, f 353, b 323, c 235, d 122."""
    table = rfm(ROWS, as_of=AS_OF)
    got = [(s.customer_id, s.recency_days, s.frequency, s.monetary, s.code) for s in table]
    assert got == [
        ("a", 6, 3, 200.0, "554"),
        ("e", 6, 1, 0.0, "521"),
        ("f", 21, 3, 195.0, "353"),
        ("b", 30, 1, 50.0, "323"),
        ("c", 137, 2, 800.0, "235"),
        ("d", 366, 1, 40.0, "122"),
    ]
    assert {s.customer_id: s.segment for s in table} == {
        "a": "Champions",
        "b": "Need attention",
        "c": "At risk",
        "d": "Hibernating",
        "e": "Potential loyalists",
        "f": "Loyal customers",
    }
    assert [s.fm for s in table] == [5, 2, 4, 3, 4, 2]
    assert table.unscored == ()


def test_golden_counting_transactions_and_mean_spend() -> None:
    """frequency="transactions" counts purchase rows: a 3, b 2, c 2, d 1, e 1 (the refund is
    no purchase), f 4. F: f (4): w 5 -> 1 + 55 // 12 = 5; a (3): w 4 -> 1 + 45 // 12 = 4;
    b, c (2): w 2, t 2 -> 1 + 30 // 12 = 3; d, e (1): w 0, t 2 -> 1 + 10 // 12 = 1.
    monetary="mean" is total / frequency: a 200 / 3, b 50 / 2 = 25, c 400, d 40, e 0,
    f 195 / 4 = 48.75. M: c 5; a 66.7: w 4 -> 4; f 48.75: w 3 -> 3; d 40: w 2 -> 3;
    b 25: w 1 -> 2; e 0: 1."""
    table = rfm(ROWS, as_of=AS_OF, frequency="transactions", monetary="mean")
    assert {s.customer_id: (s.frequency, s.f) for s in table} == {
        "a": (3, 4), "b": (2, 3), "c": (2, 3), "d": (1, 1), "e": (1, 1), "f": (4, 5),
    }  # fmt: skip
    assert table.by_customer["a"].monetary == pytest.approx(200 / 3)
    assert {s.customer_id: (s.monetary, s.m) for s in table if s.customer_id != "a"} == {
        "b": (25.0, 2), "c": (400.0, 5), "d": (40.0, 3), "e": (0.0, 1), "f": (48.75, 3),
    }  # fmt: skip
    assert table.by_customer["a"].m == 4


def test_golden_fixed_edges() -> None:
    """Recency edges (7, 30, 90, 180) are upper limits: a, e 6 days -> 5; f 21, b 30 -> 4
    (30 is within 30 days); c 137 -> 2; d 366 -> 1. Frequency edges (2, 3, 5, 10) are lower
    limits: 1 -> 1, 2 -> 2, 3 -> 3. Monetary edges (50, 100, 250, 500): e 0, d 40 -> 1;
    b 50 -> 2; f 195, a 200 -> 3; c 800 -> 5."""
    edges = RfmEdges(
        recency=(7, 30, 90, 180), frequency=(2, 3, 5, 10), monetary=(50, 100, 250, 500)
    )
    assert codes(rfm(ROWS, as_of=AS_OF, edges=edges)) == {
        "a": "533", "b": "412", "c": "225", "d": "111", "e": "511", "f": "433",
    }  # fmt: skip
    # Recency fixed, frequency and monetary still by quantile (as in the first golden test).
    mixed = rfm(ROWS, as_of=AS_OF, edges=RfmEdges(recency=(7, 30, 90, 180)))
    assert codes(mixed) == {
        "a": "554", "b": "423", "c": "235", "d": "122", "e": "521", "f": "453",
    }  # fmt: skip


def test_refund_only_customers_are_listed_not_scored() -> None:
    rows = [("z", D(2024, 6, 1), -25.0), ("a", D(2024, 6, 1), 10.0)]
    table = rfm(rows, as_of=AS_OF)
    assert [s.customer_id for s in table] == ["a"]
    assert table.unscored == ("z",)


def test_one_customer_and_no_customers() -> None:
    """A lone customer ties with itself (w 0, t 1 = n): 1 + 5 · 1 // 2 = 3 on every axis."""
    (score,) = rfm([("a", D(2024, 6, 1), 10.0)], as_of=AS_OF)
    assert (score.code, score.segment) == ("333", "Need attention")
    empty = rfm([], as_of=AS_OF)
    assert (len(empty), empty.unscored, empty.segment_counts["Champions"]) == (0, (), 0)


def test_the_default_grid_is_the_documented_one() -> None:
    """DEFAULT_SEGMENTS' docstring grid, row FM 5 down to FM 1, column R 1 to R 5."""
    grid = {
        5: ["Can't lose them"] * 2 + ["Loyal customers"] * 2 + ["Champions"],
        4: ["At risk"] * 2 + ["Loyal customers"] * 2 + ["Champions"],
        3: ["At risk"] * 2 + ["Need attention"] + ["Potential loyalists"] * 2,
        2: ["Hibernating"] * 2 + ["About to sleep"] + ["Potential loyalists"] * 2,
        1: ["Lost", "Hibernating", "About to sleep", "Promising", "New customers"],
    }
    for fm, names in grid.items():
        for r, name in enumerate(names, start=1):
            for f in range(1, 6):
                for m in range(1, 6):
                    if (f + m + 1) // 2 == fm:
                        first = next(s for s in DEFAULT_SEGMENTS if s.matches(r=r, f=f, m=m))
                        assert first.name == name, (r, f, m)
    assert len(DEFAULT_SEGMENTS) == 11
    check_segments(DEFAULT_SEGMENTS, 5)


# Putler's published table: segment -> (R range, FM range); "<= 2" written as (1, 2).
PUTLER = {
    "Champions": ((4, 5), (4, 5)),
    "Loyal customers": ((2, 5), (3, 5)),
    "Potential loyalists": ((3, 5), (1, 3)),
    "New customers": ((4, 5), (1, 1)),
    "Promising": ((3, 4), (1, 1)),
    "Need attention": ((2, 3), (2, 3)),
    "About to sleep": ((2, 3), (1, 2)),
    "At risk": ((1, 2), (2, 5)),
    "Can't lose them": ((1, 1), (4, 5)),
    "Hibernating": ((1, 2), (1, 2)),
    "Lost": ((1, 2), (1, 2)),
}


def test_default_segments_stay_within_putlers_ranges_but_one_documented_cell() -> None:
    """Every cell a default segment wins lies in Putler's range for it, except Can't lose
    them at R 2 (the grid's choice, documented on DEFAULT_SEGMENTS)."""
    outside = set()
    for r in range(1, 6):
        for fm in range(1, 6):
            f, m = fm, fm  # any (f, m) with this FM
            name = next(s for s in DEFAULT_SEGMENTS if s.matches(r=r, f=f, m=m)).name
            (r_low, r_high), (fm_low, fm_high) = PUTLER[name]
            if not (r_low <= r <= r_high and fm_low <= fm <= fm_high):
                outside.add((name, r, fm))
    assert outside == {("Can't lose them", 2, 5)}


def test_segments_are_editable_data() -> None:
    vip = attrs.evolve(DEFAULT_SEGMENTS[0], name="VIP", description="Our best.")
    table = rfm(ROWS, as_of=AS_OF, segments=(vip, *DEFAULT_SEGMENTS[1:]))
    assert table.by_customer["a"].segment == "VIP"
    assert next(iter(table.segment_counts)) == "VIP"
    plain = rfm(ROWS, as_of=AS_OF, segments=())
    assert {s.segment for s in plain} == {None}
    assert plain.segment_counts == {}
    # A map on F and M themselves, on a 3-point scale; the last segment catches the rest.
    three = (
        RfmSegment(name="Big spenders", m=(3, 3)),
        RfmSegment(name="Frequent", f=(3, 3)),
        RfmSegment(name="Others"),
    )
    table = rfm(ROWS, as_of=AS_OF, bins=3, segments=three)
    assert sum(table.segment_counts.values()) == 6


def test_table_lookup_html_and_pickle() -> None:
    rows = [*ROWS, ("<b>x</b>", D(2024, 6, 30), 5.0)]
    table = rfm(rows, as_of=AS_OF)
    assert len(table) == 7
    assert table.by_customer["c"].recency_days == 137
    assert "a" in table.by_customer
    assert list(table) == list(table.scores)
    page = table._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<b>x</b>" not in page
    assert "Can&#x27;t lose them" in page
    assert pickle.loads(pickle.dumps(table)) == table
    assert hash(table) == hash(rfm(list(reversed(rows)), as_of=AS_OF))
    many = rfm([(i, D(2024, 6, 1 + i % 28), float(i)) for i in range(60)], as_of=AS_OF)
    assert "… and 10 more" in many._repr_html_()


def test_ids_of_mixed_types_sort_by_repr() -> None:
    rows = [(2, D(2024, 6, 1), 1.0), ("2", D(2024, 6, 1), 1.0), (None, D(2024, 6, 1), 1.0)]
    with pytest.raises(InvalidArgument, match="customer_id must not be missing"):
        rfm(rows, as_of=AS_OF)
    table = rfm(rows[:2], as_of=AS_OF)
    assert [s.customer_id for s in table] == ["2", 2]  # repr "'2'" < "2"


def test_score_value_checks_itself() -> None:
    score = RfmScore(customer_id="a", recency_days=0, frequency=1, monetary=-5.0, r=1, f=1, m=1)
    assert (score.code, score.fm, score.segment) == ("111", 1, None)
    with pytest.raises(InvalidArgument, match="'r' must be a score from 1 to 9"):
        attrs.evolve(score, r=0)


# -- properties -------------------------------------------------------------------------------

AMOUNTS = st.integers(-20, 300).map(float) | st.floats(0, 1000, allow_nan=False)
ROW = st.tuples(
    st.sampled_from("abcdefghij"),
    st.integers(0, 400).map(lambda days: AS_OF - dt.timedelta(days=days)),
    AMOUNTS,
)
LOGS = st.lists(ROW, min_size=1, max_size=40)
BINS = st.integers(2, 9)


@st.composite
def edges_for(draw: st.DrawFn, bins: int) -> RfmEdges:
    def increasing(top: int) -> tuple[float, ...]:
        values = draw(
            st.lists(st.integers(0, top), min_size=bins - 1, max_size=bins - 1, unique=True)
        )
        return tuple(float(v) for v in sorted(values))

    return RfmEdges(recency=increasing(400), frequency=increasing(20), monetary=increasing(2000))


@st.composite
def logs_and_edges(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, dt.date, float]], int, RfmEdges | None]:
    bins = draw(BINS)
    return draw(LOGS), bins, draw(st.none() | edges_for(bins))


@given(logs_and_edges())
def test_scores_are_on_the_scale(case) -> None:
    """Business rule: every score is a whole number from 1 to bins, whatever the binning."""
    rows, bins, edges = case
    for score in rfm(rows, as_of=AS_OF, bins=bins, edges=edges, segments=()):
        assert 1 <= min(score.r, score.f, score.m) <= max(score.r, score.f, score.m) <= bins


@given(logs_and_edges())
def test_better_values_never_get_lower_scores_and_ties_share_them(case) -> None:
    """Business rule: a customer who bought more recently never has a lower R score than one
    who bought longer ago; more purchases never a lower F, more spend never a lower M; and
    customers with equal values have equal scores (quantile and fixed binning alike)."""
    rows, bins, edges = case
    scores = list(rfm(rows, as_of=AS_OF, bins=bins, edges=edges, segments=()))
    for x in scores:
        for y in scores:
            if x.recency_days <= y.recency_days:
                assert x.r >= y.r
            if x.frequency >= y.frequency:
                assert x.f >= y.f
            if x.monetary >= y.monetary:
                assert x.m >= y.m


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60, unique=True), BINS)
def test_without_ties_quantile_bins_are_as_equal_as_possible(values, bins) -> None:
    """Business rule: with distinct values, bin sizes differ by at most one customer, and the
    best customer gets the top score and the worst 1 once there are at least bins customers."""
    rows = [(i, AS_OF, float(v)) for i, v in enumerate(values)]
    table = rfm(rows, as_of=AS_OF, bins=bins, segments=())
    sizes = [sum(1 for s in table if s.m == k) for k in range(1, bins + 1)]
    assert max(sizes) - min(sizes) <= 1
    if len(values) >= bins:
        assert min(s.m for s in table) == 1
        assert max(s.m for s in table) == bins


@given(LOGS, st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_table(rows, rng) -> None:
    """Business rule: the scores, segments and their order depend on the data, not on the
    order of the rows (totals are exact sums, ties are broken by customer id)."""
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert rfm(shuffled, as_of=AS_OF) == rfm(rows, as_of=AS_OF)


@given(
    logs_and_edges(),
    st.integers(0, 400),
    st.integers(0, 300),
    st.sampled_from(("days", "transactions")),
)
def test_another_purchase_never_lowers_the_buyers_f_or_r_score(case, days, amount, count) -> None:
    """Business rule: adding a purchase (amount >= 0, dated by as_of) for a customer already
    scored never lowers that customer's F score nor their R score, with fixed edges and with
    quantile bins alike (the others' values are unchanged, so the buyer can only overtake
    them; the others' scores may fall)."""
    rows, bins, edges = case
    before = rfm(rows, as_of=AS_OF, bins=bins, edges=edges, frequency=count, segments=())
    if not len(before):
        return
    buyer = before.scores[0].customer_id
    more = [*rows, (buyer, AS_OF - dt.timedelta(days=days), float(amount))]
    after = rfm(more, as_of=AS_OF, bins=bins, edges=edges, frequency=count, segments=())
    assert after.by_customer[buyer].f >= before.by_customer[buyer].f
    assert after.by_customer[buyer].r >= before.by_customer[buyer].r


@given(LOGS)
def test_segment_is_the_first_matching_default(rows) -> None:
    """Business rule: a customer's segment is the first default segment whose ranges hold."""
    for score in rfm(rows, as_of=AS_OF):
        first = next(s for s in DEFAULT_SEGMENTS if s.matches(r=score.r, f=score.f, m=score.m))
        assert score.segment == first.name


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bins", [1, 10, True, 5.0, "5"])
def test_bad_bins(bins) -> None:
    with pytest.raises(InvalidArgument, match="'bins' must be a whole number from 2 to 9") as error:
        rfm(ROWS, as_of=AS_OF, bins=bins, segments=())
    assert error.value.field == "bins"


@pytest.mark.parametrize(("option", "value"), [("frequency", "orders"), ("monetary", "median")])
def test_unknown_options(option, value) -> None:
    with pytest.raises(InvalidArgument, match=f"'{option}' must be one of") as error:
        rfm(ROWS, as_of=AS_OF, **{option: value})
    assert (error.value.field, error.value.value) == (option, value)


def test_bad_edges() -> None:
    with pytest.raises(InvalidArgument, match="bins - 1 = 4 edges each") as error:
        rfm(ROWS, as_of=AS_OF, edges=RfmEdges(recency=(30, 90, 180)))
    assert error.value.field == "edges"
    with pytest.raises(InvalidArgument, match="'edges' must be RfmEdges"):
        rfm(ROWS, as_of=AS_OF, edges=(30, 90, 180, 365))  # type: ignore[arg-type]
    with pytest.raises(
        InvalidArgument, match="'recency' must be None or a tuple of 1 to 8 increasing"
    ):
        RfmEdges(recency=(90, 30, 180, 365))
    with pytest.raises(InvalidArgument, match="'monetary' must be"):
        RfmEdges(monetary=(10, math.nan))
    with pytest.raises(InvalidArgument, match="the same number of edges"):
        RfmEdges(recency=(30, 90), frequency=(2, 3, 5))
    assert RfmEdges().bins is None


def test_a_transaction_after_as_of_is_an_error_naming_the_row() -> None:
    rows = [("a", D(2024, 6, 1), 5.0), ("b", D(2024, 7, 2), 5.0)]
    with pytest.raises(
        InvalidArgument, match=r"'transactions\[1\]' must be dated on or before as_of"
    ) as error:
        rfm(rows, as_of=AS_OF)
    assert (error.value.field, error.value.value) == ("transactions[1]", rows[1])
    assert len(rfm([*rows[:1], ("b", dt.datetime(2024, 7, 1, 23, 59), 5.0)], as_of=AS_OF)) == 2


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (("a", D(2024, 6, 1), None), "amount must not be missing"),
        (("a", D(2024, 6, 1), math.nan), "amount must not be missing"),
        (("a", D(2024, 6, 1), " "), "amount must not be missing"),
        (("a", D(2024, 6, 1), "12.5"), "amount must be a finite number"),
        (("a", D(2024, 6, 1), math.inf), "amount must be a finite number"),
        (("a", D(2024, 6, 1), True), "amount must be a finite number"),
        (("", D(2024, 6, 1), 1.0), "customer_id must not be missing"),
        ((math.nan, D(2024, 6, 1), 1.0), "customer_id must not be missing"),
        ((["a"], D(2024, 6, 1), 1.0), "customer_id must be hashable"),
        (("a", "2024-06-01", 1.0), "date must be a date or a timestamp"),
        (("a", None, 1.0), "date must be a date or a timestamp"),
        (("a", D(2024, 6, 1)), r"must be \(customer_id, date, amount\)"),
    ],
)
def test_bad_rows_are_errors_naming_the_row(row, problem) -> None:
    with pytest.raises(InvalidArgument, match=rf"'transactions\[1\]' {problem}") as error:
        rfm([("ok", D(2024, 6, 1), 1.0), row], as_of=AS_OF)
    assert error.value.field == "transactions[1]"


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(InvalidArgument, match="'as_of' must be a date, not a timestamp"):
        rfm(ROWS, as_of=dt.datetime(2024, 7, 1))  # type: ignore[arg-type]


def test_segment_maps_are_checked() -> None:
    with pytest.raises(InvalidDefinition, match="11 match none: 112, 113, 121") as error:
        rfm(ROWS, as_of=AS_OF, segments=DEFAULT_SEGMENTS[:-1])  # Hibernating left out
    assert error.value.value[:3] == ("112", "113", "121")
    with pytest.raises(
        InvalidDefinition, match=r"'Champions' r must be within 1..3 \(got \(5, 5\)\)"
    ):
        rfm(ROWS, as_of=AS_OF, bins=3)  # the default map is for five bins
    with pytest.raises(InvalidDefinition, match="unique names"):
        check_segments((*DEFAULT_SEGMENTS, DEFAULT_SEGMENTS[0]), 5)
    hidden = (RfmSegment(name="Everyone"), RfmSegment(name="Recent", r=(5, 5)))
    with pytest.raises(InvalidDefinition, match=r"\('Recent',\) never match") as error:
        check_segments(hidden, 5)  # first match wins: "Everyone" takes every cell
    assert error.value.value == ("Recent",)
    with pytest.raises(InvalidArgument, match="'segments' must be a tuple of RfmSegment"):
        check_segments(list(DEFAULT_SEGMENTS), 5)  # type: ignore[arg-type]
    check_segments((), 5)


@pytest.mark.parametrize("span", [(3, 2), (0, 1), (1, 10), (1,), [1, 2], (1.0, 2.0)])
def test_bad_segment_ranges(span) -> None:
    with pytest.raises(InvalidArgument, match="'r' must be None or a"):
        RfmSegment(name="x", r=span)
    with pytest.raises(InvalidArgument, match="'name' must be a non-empty str"):
        RfmSegment(name="")
