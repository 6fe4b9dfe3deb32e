"""Tests for the transaction-log summaries (frequency, recency, T, monetary value).

Expected values are worked by hand in the comments from the definitions of Fader, Hardie &
Lee (2005): x repeat transactions, t_x first to last purchase, T first purchase to the end,
m̄ the mean of the repeat transactions; same-day purchases merged.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.value._summary import (
    DAYS_PER_UNIT,
    CustomerSummary,
    calibration_and_holdout,
    summarize,
)

D = dt.date


def test_summary_by_hand() -> None:
    """c1 buys on Jan 1 (20), Jan 15 (30 + 5, one day), Jan 29 (10); observed to Feb 26.
    x = 2; t_x = 28 days = 4 weeks; T = 56 days = 8 weeks; m̄ = (35 + 10) / 2 = 22.5 (the
    first purchase is not a repeat). c2 buys once: x = 0, t_x = 0, T = 7 weeks, m̄ None.
    c3 buys only after the end: not summarised."""
    rows = [
        ("c1", D(2024, 1, 1), 20.0),
        ("c2", D(2024, 1, 8), 5.0),
        ("c1", D(2024, 1, 15), 30.0),
        ("c1", dt.datetime(2024, 1, 15, 18, 0), 5.0),
        ("c1", D(2024, 1, 29), 10.0),
        ("c3", D(2024, 3, 1), 9.0),
    ]
    c1, c2 = summarize(rows, observation_end=D(2024, 2, 26), unit="weeks")
    assert (c1.customer_id, c1.frequency, c1.recency, c1.T, c1.monetary_value) == (
        "c1", 2, 4.0, 8.0, 22.5,
    )  # fmt: skip
    assert (c2.frequency, c2.recency, c2.T, c2.monetary_value) == (0, 0.0, 7.0, None)
    days = summarize(rows, observation_end=D(2024, 2, 26), unit="days")
    assert (days[0].recency, days[0].T) == (28.0, 56.0)


def test_months_are_mean_gregorian_months() -> None:
    """365.25 / 12 = 30.4375 days, not lifetimes' 30: 2024-01-01 to 2025-01-01 is 366 days
    (leap year) = 366 / 30.4375 = 12.0246 months."""
    assert DAYS_PER_UNIT["months"] == 30.4375
    (summary,) = summarize(
        [("c", D(2024, 1, 1), 1.0)], observation_end=D(2025, 1, 1), unit="months"
    )
    assert round(summary.T, 4) == 12.0246


def test_missing_amounts_are_missing_not_zero() -> None:
    """NaN and None mean "no amount" (a DataFrame's missing values): the mean repeat spend
    is over the known amounts; a day with any unknown amount has no known total."""
    rows = [("c", D(2024, 1, 1), 1.0), ("c", D(2024, 1, 2), math.nan), ("c", D(2024, 1, 3), 8.0)]
    (summary,) = summarize(rows, observation_end=D(2024, 1, 10), unit="days")
    assert summary.frequency == 2
    assert summary.monetary_value == 8.0


def test_calibration_and_holdout_by_hand() -> None:
    """Calibration to Jan 29, holdout to Feb 26 (4 weeks): c1 bought Jan 1 and twice in the
    holdout (Feb 5, Feb 12: 30 and 10, mean 20); c2's first purchase is in the holdout, so
    c2 is not in the calibration cohort."""
    rows = [
        ("c1", D(2024, 1, 1), 20.0),
        ("c1", D(2024, 2, 5), 30.0),
        ("c1", D(2024, 2, 12), 10.0),
        ("c2", D(2024, 2, 1), 5.0),
    ]
    (split,) = calibration_and_holdout(
        rows, calibration_end=D(2024, 1, 29), observation_end=D(2024, 2, 26), unit="weeks"
    )
    assert split.calibration.customer_id == "c1"
    assert (split.calibration.frequency, split.calibration.T) == (0, 4.0)
    assert (split.frequency_holdout, split.monetary_value_holdout, split.duration_holdout) == (
        2, 20.0, 4.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda: summarize(
                [("c", "2024-01-01", 1.0)], observation_end=D(2024, 2, 1), unit="weeks"
            ),
            "transactions[0]",
        ),
        (
            lambda: summarize([("c", D(2024, 1, 1))], observation_end=D(2024, 2, 1), unit="weeks"),
            "transactions[0]",
        ),
        (
            lambda: summarize(
                [("c", D(2024, 1, 1), "9")], observation_end=D(2024, 2, 1), unit="weeks"
            ),
            "transactions[0]",
        ),
        (lambda: summarize([], observation_end=D(2024, 2, 1), unit="fortnights"), "unit"),
        (
            lambda: summarize([], observation_end=dt.datetime(2024, 2, 1), unit="days"),
            "observation_end",
        ),
        (
            lambda: calibration_and_holdout(
                [], calibration_end=D(2024, 3, 1), observation_end=D(2024, 2, 1), unit="days"
            ),
            "observation_end",
        ),
        (
            lambda: CustomerSummary(customer_id="c", frequency=0, recency=1.0, T=2.0, unit="weeks"),
            "recency",
        ),
        (
            lambda: CustomerSummary(customer_id="c", frequency=2, recency=3.0, T=2.0, unit="weeks"),
            "recency",
        ),
        (
            lambda: CustomerSummary(
                customer_id="c", frequency=-1, recency=0.0, T=2.0, unit="weeks"
            ),
            "frequency",
        ),
        (
            lambda: CustomerSummary(
                customer_id="c", frequency=1, recency=-1.0, T=2.0, unit="weeks"
            ),
            "recency",
        ),
    ],
)
def test_bad_input_names_the_field(call, field) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert raised.value.field == field


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31)),
        st.one_of(st.none(), st.floats(0, 1000)),
    ),
    max_size=60,
)


@given(ROWS, st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 6, 30)))
def test_summaries_follow_the_definitions(rows, end) -> None:
    """Business rule: frequency counts purchase days after the first, recency is at most T,
    and a customer with no repeat purchase has recency 0 and no repeat spend."""
    summaries = summarize(rows, observation_end=end, unit="days")
    for summary in summaries:
        days = {d for c, d, _ in rows if c == summary.customer_id and d <= end}
        assert summary.frequency == len(days) - 1
        assert summary.recency == (max(days) - min(days)).days
        assert (end - min(days)).days == summary.T
        if summary.frequency == 0:
            assert summary.monetary_value is None
    assert {s.customer_id for s in summaries} == {c for c, d, _ in rows if d <= end}


@given(ROWS, st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31)))
def test_holdout_splits_every_purchase_day_once(rows, split) -> None:
    """Business rule: each purchase day of a calibration customer is either the first, a
    calibration repeat, or a holdout transaction; none is lost or counted twice."""
    end = D(2021, 1, 1)
    for item in calibration_and_holdout(
        rows, calibration_end=split, observation_end=end, unit="days"
    ):
        days = {d for c, d, _ in rows if c == item.calibration.customer_id}
        assert 1 + item.calibration.frequency + item.frequency_holdout == len(days)
