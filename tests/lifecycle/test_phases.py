"""Peelen's phase and dormancy inferred from purchase dates (texts catalog 1, section 4)."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.lifecycle import dormancy, infer_phase, infer_phases

START = dt.date(2025, 1, 1)


def on(*offsets: int) -> list[dt.date]:
    return [START + dt.timedelta(days=d) for d in offsets]


def test_the_first_purchase_starts_growth() -> None:
    """Texts: "the first purchase starts growth"; before it, exploration."""
    assert infer_phase([], as_of=START).phase == "exploration"
    first = infer_phase(on(0), as_of=START + dt.timedelta(days=10))
    assert (first.phase, first.started) == ("growth", START)


def test_progressive_then_flat_then_regressive_purchases() -> None:
    """Rising purchases are growth; flat ones saturation ("growth ends when purchases turn
    from progressive to regressive"); dropping ones decline ("decline begins when purchases
    drop"). Windows of 91 days ending at as_of: counts (previous, current) given."""
    rising = on(10, 120, 130, 140, 150)  # (1, 4) in the windows ending day 160
    assert infer_phase(rising, as_of=START + dt.timedelta(days=160)).phase == "growth"
    flat = on(*range(0, 364, 14))  # two a month, steadily: (6 or 7, 6 or 7)
    assert infer_phase(flat, as_of=START + dt.timedelta(days=364)).phase == "saturation"
    dropping = [*on(*range(0, 182, 7)), *on(200, 260)]  # weekly, then two in the last window
    result = infer_phase(dropping, as_of=START + dt.timedelta(days=273))
    assert (result.phase, result.current) == ("decline", 2)
    gone = infer_phase(on(0, 7, 14), as_of=START + dt.timedelta(days=400))
    assert gone.phase == "decline"


def test_a_weekly_buyer_silent_for_a_month_is_dormant() -> None:
    """Texts: "a weekly buyer silent for a month" has defected; a monthly buyer silent for
    three weeks has not."""
    weekly = on(*range(0, 70, 7))
    assert dormancy(weekly, as_of=weekly[-1] + dt.timedelta(days=30)).dormant is True
    monthly = on(*range(0, 180, 30))
    check = dormancy(monthly, as_of=monthly[-1] + dt.timedelta(days=21))
    assert (check.dormant, check.usual_gap_days, check.silent_days) == (False, 30.0, 21)
    lone = dormancy(on(0), as_of=START + dt.timedelta(days=50))
    assert lone.dormant is None
    assert dormancy(on(0), as_of=START + dt.timedelta(days=50), default_gap_days=10).dormant


@given(st.lists(st.integers(0, 700), max_size=30), st.randoms(use_true_random=False))
def test_the_phase_does_not_depend_on_the_order_of_purchases(offsets: list[int], rng) -> None:  # type: ignore[no-untyped-def]
    """The same purchases in any order give the same phase and evidence."""
    days = on(*offsets)
    shuffled = list(days)
    rng.shuffle(shuffled)
    as_of = START + dt.timedelta(days=700)
    assert infer_phase(days, as_of=as_of) == infer_phase(shuffled, as_of=as_of)


@given(st.lists(st.integers(0, 300), min_size=2, max_size=30), st.integers(0, 400))
def test_silence_shorter_than_the_shortest_gap_is_never_dormancy(
    offsets: list[int], extra: int
) -> None:
    """A customer silent for less than its shortest gap between purchase days is active."""
    days = sorted(set(on(*offsets)))
    assume(len(days) >= 2)
    shortest = min((b - a).days for a, b in itertools.pairwise(days))
    as_of = days[-1] + dt.timedelta(days=min(extra, shortest - 1))
    assert dormancy(days, as_of=as_of).dormant is False


def test_batch_form_and_errors() -> None:
    rows = [("a", d, 10.0) for d in on(300, 340, 350)] + [("b", START, 5.0)]
    phases = infer_phases(rows, as_of=START + dt.timedelta(days=360))
    assert {k: v.phase for k, v in phases.items()} == {"a": "growth", "b": "decline"}
    with pytest.raises(InvalidArgument, match="purchase 1 is after 'as_of'"):
        infer_phase(on(0, 30), as_of=START)
    for window in (0, 91.5, 10**12):
        with pytest.raises(InvalidArgument, match="'window_days' must be a whole number"):
            infer_phase(on(0), as_of=START, window_days=window)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'minimum_growth_days' must be a number of days"):
        infer_phase(on(0), as_of=START, minimum_growth_days=math.inf)
    with pytest.raises(InvalidArgument, match="'factor' must be a finite number > 0"):
        dormancy(on(0, 7), as_of=START + dt.timedelta(days=9), factor=math.inf)
    with pytest.raises(InvalidArgument, match="'default_gap_days' must be a number of days"):
        dormancy(on(0), as_of=START, default_gap_days=math.inf)
    with pytest.raises(InvalidArgument, match="transaction 0 must be"):
        infer_phases([("a", START)], as_of=START)  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match=r"transaction 2 must have a date second \(got None"):
        infer_phases([("a", START, 1.0), ("b", START, 1.0), ("a", None, 1.0)], as_of=START)  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match="transaction 0 must have a hashable customer id"):
        infer_phases([(["a"], START, 1.0)], as_of=START)


def test_a_life_cycle_read_quarter_by_quarter() -> None:
    """Purchases per quarter 2, 6, 12, 13, 13, 7, 2 (spread evenly in each 91-day quarter),
    read at each quarter's end, follow the texts' order: growth from the first purchase,
    growth while purchases rise sharply (2 -> 6 -> 12), saturation at the top (12 -> 13 ->
    13: "purchases turn from progressive to regressive"), decline when they drop (13 -> 7
    -> 2: "decline begins when purchases drop")."""
    counts = (2, 6, 12, 13, 13, 7, 2)
    days = on(*(91 * q + 91 * j // n for q, n in enumerate(counts) for j in range(n)))
    phases = []
    for quarter in range(len(counts)):
        as_of = START + dt.timedelta(days=91 * quarter + 90)
        result = infer_phase([d for d in days if d <= as_of], as_of=as_of)
        phases.append((result.previous, result.current, result.phase))
    assert phases == [
        (0, 2, "growth"),
        (2, 6, "growth"),
        (6, 12, "growth"),
        (12, 13, "saturation"),
        (13, 13, "saturation"),
        (13, 7, "decline"),
        (7, 2, "decline"),
    ]


@given(st.integers(1, 182), st.integers(0, 181), st.integers(182, 800))
def test_a_steady_buyer_is_saturated_whatever_the_rhythm_and_the_day(
    gap: int, offset: int, age: int
) -> None:
    """A customer buying every ``gap`` days (up to once per two 91-day windows), older than
    two windows, is in saturation on any day we look: window alignment moves a steady count
    by at most one purchase (from 0 to 1 for slow buyers too), which is never a trend."""
    as_of = START + dt.timedelta(days=age + offset)
    days = [day for day in on(*range(offset, age + offset + 1, gap)) if day <= as_of]
    result = infer_phase(days, as_of=as_of)
    assert result.phase == "saturation", result


def test_a_change_of_one_purchase_is_not_a_trend_but_two_can_be() -> None:
    """A monthly buyer read on day 360 has 3 purchases in (178, 269] (days 180, 210, 240)
    and 4 in (269, 360] (270 ... 360): +33 %, saturation with the defaults, growth with
    minimum_change=1; days 100 ... 270 read on day 272 give 4 then 3 (-25 %): saturation,
    or decline with minimum_change=1."""
    monthly = on(*range(0, 361, 30))
    as_of = START + dt.timedelta(days=360)
    result = infer_phase(monthly, as_of=as_of)
    assert (result.previous, result.current, result.phase) == (3, 4, "saturation")
    assert infer_phase(monthly, as_of=as_of, minimum_change=1).phase == "growth"
    four_then_three = on(100, 130, 160, 180, 200, 240, 270)  # (4, 3) in windows ending 272
    loose = infer_phase(four_then_three, as_of=START + dt.timedelta(days=272), minimum_change=1)
    strict = infer_phase(four_then_three, as_of=START + dt.timedelta(days=272))
    assert (strict.previous, strict.current) == (4, 3)
    assert (strict.phase, loose.phase) == ("saturation", "decline")
    with pytest.raises(InvalidArgument, match="'minimum_change' must be a whole number"):
        infer_phase(monthly, as_of=as_of, minimum_change=0)


def test_moments_count_as_their_calendar_day() -> None:
    """A datetime as_of counts as its day, like datetime purchases; text is refused."""
    purchases = on(0, 30, 60)
    late = dt.datetime(2025, 3, 2, 23, 59)  # START + 60 days, at night
    assert infer_phase(purchases, as_of=late) == infer_phase(purchases, as_of=late.date())
    assert dormancy(purchases, as_of=late).silent_days == 0
    with pytest.raises(InvalidArgument, match="'as_of' must be a date"):
        infer_phase(purchases, as_of="2025-03-02")  # type: ignore[arg-type]
