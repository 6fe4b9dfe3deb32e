"""Generic rules: golden cases and the business rules they enforce."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidDefinition
from crmkit.validation import BirthDate, DateRange, Length, OneOf, Pattern, Predicate, Range
from crmkit.validation._rules import MAX_PLAUSIBLE_AGE_YEARS, age_in_years

AS_OF = dt.date(2026, 11, 25)


def codes(rule, value, record=None, as_of=AS_OF):
    return [f.code for f in rule.run(value, record or {}, as_of=as_of).findings]


def test_length_bounds_inclusive() -> None:
    rule = Length(minimum=2, maximum=4)
    assert codes(rule, "ab") == []
    assert codes(rule, "abcd") == []
    assert codes(rule, "a") == ["length.too_short"]
    assert codes(rule, "abcde") == ["length.too_long"]


def test_range_reads_numeric_strings_and_rejects_bool_and_nan() -> None:
    rule = Range(minimum=0, maximum=100)
    assert codes(rule, "42.5") == []
    assert codes(rule, 100) == []
    assert codes(rule, True) == ["range.not_a_number"]
    assert codes(rule, "nan") == ["range.not_a_number"]
    assert codes(rule, 100.01) == ["range.above_maximum"]


def test_birth_date_not_after_as_of() -> None:
    """The issue: a birth date must not be after as_of."""
    assert codes(BirthDate(), "2026-11-26") == ["birth_date.in_future"]
    assert codes(BirthDate(), "2026-11-25") == []


def test_birth_date_plausible_age() -> None:
    # Jeanne Calment, 122 years (Robine & Allard 1998): 123 completed years is implausible.
    assert MAX_PLAUSIBLE_AGE_YEARS == 122
    assert codes(BirthDate(), "1904-11-25") == []  # exactly 122 on as_of
    assert codes(BirthDate(), "1903-11-25") == ["birth_date.too_old"]  # 123
    assert codes(BirthDate(min_age=18), "2008-11-26") == ["birth_date.too_young"]  # 17
    assert codes(BirthDate(min_age=18), "2008-11-25") == []  # 18 today


def test_birth_date_format_errors() -> None:
    assert codes(BirthDate(), "1850-02-30") == ["date.format"]
    assert codes(BirthDate(), "25/11/1980") == ["date.format"]
    assert codes(BirthDate(), dt.datetime(1980, 5, 17, 12, 0)) == []


def test_leap_day_birthdays() -> None:
    # Completed years: a 29 Feb birthday is reached on 1 Mar in common years (UK Family Law
    # Reform Act 1969 s.9 and common practice).
    assert age_in_years(dt.date(2004, 2, 29), as_of=dt.date(2022, 2, 28)) == 17
    assert age_in_years(dt.date(2004, 2, 29), as_of=dt.date(2022, 3, 1)) == 18


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 11, 25)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_age_matches_calendar_definition(born: dt.date, as_of: dt.date) -> None:
    """Business rule: age = the number of birthdays reached, counted one by one."""
    if as_of < born:
        return
    birthdays = 0
    for year in range(born.year + 1, as_of.year + 1):
        try:
            anniversary = born.replace(year=year)
        except ValueError:  # 29 February in a common year: the birthday is 1 March
            anniversary = dt.date(year, 3, 1)
        birthdays += anniversary <= as_of
    assert age_in_years(born, as_of=as_of) == birthdays


def test_date_range() -> None:
    rule = DateRange(earliest=dt.date(2000, 1, 1), latest=dt.date(2030, 1, 1), not_after_as_of=True)
    assert codes(rule, "1999-12-31") == ["date.before_earliest"]
    assert codes(rule, "2027-01-01") == ["date.in_future"]
    assert codes(rule, "2030-01-02") == ["date.after_latest"]


def test_pattern_and_one_of() -> None:
    assert codes(Pattern(regex=r"\d{4}", description="four digits"), "12345") == [
        "pattern.mismatch"
    ]
    rule = OneOf(values=("Gold", "Silver"), case_sensitive=False)
    assert rule.run("gold ", {}, as_of=AS_OF).normalized == "Gold"
    assert codes(OneOf(values=("Gold",)), "gold") == ["one_of.not_allowed"]


def test_predicate_sees_the_whole_record() -> None:
    rule = Predicate(
        test=lambda r: r["start"] <= r["end"], detail="ends before it starts", code="contract.dates"
    )
    assert codes(rule, None, {"start": 1, "end": 2}) == []
    assert codes(rule, None, {"start": 3, "end": 2}) == ["contract.dates"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Length(minimum=5, maximum=2),
        lambda: Range(minimum=5, maximum=2),
        lambda: BirthDate(min_age=30, max_age=20),
        lambda: Pattern(regex="(", description="broken"),
        lambda: OneOf(values="gold"),
        lambda: Length(minimum=-1),
    ],
)
def test_inconsistent_rules_fail_when_built(build) -> None:
    with pytest.raises(InvalidDefinition):
        build()
