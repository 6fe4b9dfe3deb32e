"""Comparison levels: golden cases per kind, and the properties every comparison keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidDefinition
from crmkit.identity._compare import Comparison, Level
from crmkit.identity._normalize import MatchKeys, match_keys
from crmkit.identity._settings import _PRESETS


def keys(**values) -> MatchKeys:
    return MatchKeys(id=values.pop("id", "x"), **values)


def test_jaro_winkler_level_golden() -> None:
    # Winkler (1990) / anchors §C.5: JW(MARTHA, MARHTA) = 0.9611.
    comparison = Comparison(
        name="family",
        key="family",
        levels=(Level(kind="exact"), Level(kind="jaro_winkler", threshold=0.96)),
    )
    assert comparison.level(keys(family="martha"), keys(family="marhta")) == 2
    strict = Comparison(
        name="family", key="family", levels=(Level(kind="jaro_winkler", threshold=0.97),)
    )
    assert strict.level(keys(family="martha"), keys(family="marhta")) == 2  # else


def test_null_level_when_either_side_is_missing() -> None:
    comparison = Comparison(name="email", key="email", levels=(Level(kind="exact"),))
    assert comparison.level(keys(email=None), keys(email="a@b.org")) == 0
    assert comparison.label(0) == "null"
    assert comparison.label(2) == "else"


def test_nickname_initial_and_swapped_levels() -> None:
    given_name = Comparison(
        name="given",
        key="given",
        levels=(
            Level(kind="exact"),
            Level(kind="swapped"),
            Level(kind="nickname"),
            Level(kind="initial"),
        ),
    )
    bob = match_keys({"id": "1", "given_name": "Bob", "family_name": "Smith"})
    robert = match_keys({"id": "2", "given_name": "Robert", "family_name": "Smith"})
    initial = match_keys({"id": "3", "given_name": "R", "family_name": "Smith"})
    swapped = match_keys({"id": "4", "given_name": "Smith", "family_name": "Bob"})
    assert given_name.level(bob, robert) == 3
    assert given_name.level(robert, initial) == 4
    assert given_name.level(bob, swapped) == 2


def test_dates_within_and_transposed() -> None:
    # The texts' date ambiguity: 05/06/1980 read day-first in GB is 5 June; 6 May swapped.
    born = Comparison(
        name="birth_date",
        key="birth_date",
        levels=(
            Level(kind="exact"),
            Level(kind="date_transposed"),
            Level(kind="date_within", threshold=31),
        ),
    )
    a = match_keys({"id": "1", "birth_date": "05/06/1980", "country": "GB"})
    b = match_keys({"id": "2", "birth_date": "1980-05-06"})
    c = match_keys({"id": "3", "birth_date": "1980-06-20"})
    assert born.level(a, b) == 2
    assert born.level(a, c) == 3
    assert born.level(b, keys(birth_date=dt.date(1990, 1, 1))) == 4


def test_titles_do_not_reach_comparisons() -> None:
    """L5172–5173: one customer filed as "Mr" and as "Dr" must compare as the same name."""
    mr = match_keys({"id": "1", "full_name": "Mr John Smith"})
    dr = match_keys({"id": "2", "full_name": "Dr John Smith"})
    assert (mr.given, mr.family) == (dr.given, dr.family) == ("john", "smith")


@pytest.mark.parametrize(
    ("record", "given"),
    [
        # known by the middle name: the full name does not show the given name
        ({"middle_name": "Sophie", "full_name": "Mrs Sophie Byrne"}, None),
        ({"middle_name": "Jennifer", "full_name": "J. Read"}, None),
        # the full name's first name is not the middle name: it is the given name
        ({"middle_name": "Sophie", "full_name": "Mrs Patricia Sophie Byrne"}, "patricia"),
        ({"middle_name": "Jennifer", "full_name": "O. Read"}, "o"),
        # a given-name field wins over the middle name
        ({"given_name": "Sophie", "middle_name": "Sophie", "full_name": "Sophie Byrne"}, "sophie"),
        # a full name that is only the family name names no given name
        ({"family_name": "Wilson", "full_name": "Wilson"}, None),
        ({"given_name": "Evans", "full_name": "Mr Evans"}, None),
    ],
)
def test_a_full_name_without_the_given_name_leaves_it_unknown(record, given) -> None:
    """Business rule: "Mrs Sophie Byrne" whose record gives Sophie as her middle name goes by
    it, and "Wilson" alone is a family name; in neither is the given name known, so neither
    can veto the customer's other records as another person."""
    assert match_keys({"id": "1", **record}).given == given


@pytest.mark.parametrize(
    ("text", "country", "date"),
    [
        ("1969-07-29", "GB", dt.date(1969, 7, 29)),
        ("29/07/1969", "GB", dt.date(1969, 7, 29)),  # day first outside North America
        ("07/29/1969", "US", dt.date(1969, 7, 29)),  # month first in the US
        ("29.07.1969", "DE", dt.date(1969, 7, 29)),
        ("1969/07/29", "GB", dt.date(1969, 7, 29)),  # year first: always year, month, day
        ("1969.7.29", "US", dt.date(1969, 7, 29)),
        ("29 July 1969", "GB", dt.date(1969, 7, 29)),  # a month word is never ambiguous
        ("29-Jul-1969", "US", dt.date(1969, 7, 29)),
        ("29th July 1969", "GB", dt.date(1969, 7, 29)),
        ("July 29, 1969", "US", dt.date(1969, 7, 29)),
        ("Jul. 29 1969", "GB", dt.date(1969, 7, 29)),
        ("Sept 3 1990", "US", dt.date(1990, 9, 3)),
        ("31 February 2001", "GB", None),  # not a date: missing, never a guess
        ("Octember 3 1990", "US", None),
        ("1969", "GB", None),
    ],
)
def test_birth_dates_are_read_in_the_formats_crm_exports_use(text, country, date) -> None:
    """Business rule: a birth date written with a month name, year first or with any
    separator is the same date; text that is not a date is missing, not guessed."""
    keys = match_keys({"id": "1", "birth_date": text, "country": country})
    assert keys.birth_date == date


@pytest.mark.parametrize(
    "build",
    [
        lambda: Level(kind="fuzzy"),
        lambda: Level(kind="jaro_winkler"),
        lambda: Level(kind="exact", threshold=1),
        lambda: Level(kind="jaro_winkler", threshold=1.5),
        lambda: Comparison(name="x", key="no_such_key", levels=(Level(kind="exact"),)),
        lambda: Comparison(name="x", key="email", levels=()),
    ],
)
def test_bad_definitions_fail_when_built(build) -> None:
    with pytest.raises(InvalidDefinition):
        build()


names = st.sampled_from(["smith", "smyth", "jones", "johnson", "o", "vanterpool", None])
emails = st.sampled_from(["a@b.org", "A@b.org", "a@c.org", None])


@given(names, names, emails, emails)
def test_every_preset_comparison_is_symmetric_and_bounded(f1, f2, e1, e2) -> None:
    """Business rule: comparing A with B gives the same level as B with A, always within
    0..levels+1 (scores symmetric and bounded)."""
    a = MatchKeys(id="a", family=f1, given=f2, email=e1, email_local=e1 and e1.split("@")[0])
    b = MatchKeys(id="b", family=f2, given=f1, email=e2, email_local=e2 and e2.split("@")[0])
    for name, key, levels, tf in _PRESETS:
        comparison = Comparison(name=name, key=key, levels=levels, term_frequency=tf)
        level = comparison.level(a, b)
        assert level == comparison.level(b, a)
        assert 0 <= level <= len(levels) + 1
