"""Tests for crmkit.validation._region.

Golden values cite the postal operators' subdivision abbreviations (USPS Publication 28
Appendix B, Canada Post Addressing Guidelines, Australia Post) and ISO 3166-2; the data-wide
round trips use the vendored Google data itself as the source.
"""

from __future__ import annotations

import pickle
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._address_data import COUNTRY_NAMES, SUBDIVISION_ALIASES, SUBDIVISIONS
from crmkit.validation._region import REGION_REASONS, RegionCheck, _fold, check_region

GOLDEN = [
    # USPS Publication 28, Appendix B: two-letter state abbreviations; ISO 3166-2:US.
    ("US", "CA", "CA", "US-CA"),
    ("US", "ca", "CA", "US-CA"),
    ("US", "California", "CA", "US-CA"),
    ("US", " CALIFORNIA ", "CA", "US-CA"),
    ("US", "US-CA", "CA", "US-CA"),
    ("US", "District of Columbia", "DC", "US-DC"),
    # Canada Post Addressing Guidelines: province and territory symbols; French names too.
    ("CA", "Ontario", "ON", "CA-ON"),
    ("CA", "Québec", "QC", "CA-QC"),
    ("CA", "Quebec", "QC", "CA-QC"),
    ("CA", "Colombie-Britannique", "BC", "CA-BC"),
    ("CA", "Île-du-Prince-Édouard", "PE", "CA-PE"),
    ("CA", "ile du prince edouard", "PE", "CA-PE"),
    # Australia Post: state and territory abbreviations.
    ("AU", "NSW", "NSW", "AU-NSW"),
    ("AU", "New South Wales", "NSW", "AU-NSW"),
    ("AU", "Victoria", "VIC", "AU-VIC"),
    # ISO 3166-2:JP: Tokyo is JP-13; Japan Post writes the prefecture as 東京都.
    ("JP", "Tokyo", "東京都", "JP-13"),
    ("JP", "東京都", "東京都", "JP-13"),
    ("JP", "JP-13", "東京都", "JP-13"),
    # ISO 3166-2:MX: Ciudad de México is MX-CMX; Correos de México abbreviates it CDMX.
    ("MX", "Ciudad de México", "CDMX", "MX-CMX"),
    ("MX", "CMX", "CDMX", "MX-CMX"),
    # ISO 3166-2:BR: São Paulo is BR-SP.
    ("BR", "Sao Paulo", "SP", "BR-SP"),
    # ISO 3166-2:CN: Beijing is CN-11 (CN-BJ in the 2017 revision; the data keeps CN-11).
    ("CN", "Beijing", "北京市", "CN-11"),
    ("CN", "北京市", "北京市", "CN-11"),
    # ISO 3166-2:KR: Seoul is KR-11.
    ("KR", "Seoul", "서울특별시", "KR-11"),
    # ISO 3166-2:IE: County Dublin is IE-D; An Post writes "Co. Dublin".
    ("IE", "Dublin", "Co. Dublin", "IE-D"),
    ("IE", "County Cork", "Co. Cork", "IE-CO"),
    # ISO 3166-2:TH: Bangkok is TH-10.
    ("TH", "Bangkok", "กรุงเทพมหานคร", "TH-10"),
]


@pytest.mark.parametrize(("country", "value", "key", "iso"), GOLDEN)
def test_golden_subdivisions(country, value, key, iso):
    result = check_region(value, country=country)
    assert result.valid
    assert result.normalized == key
    assert result.iso_code == iso
    assert result.errors == ()
    assert result.warnings == ()
    assert result.original == value


def test_names_are_reported():
    result = check_region("tokyo", country="JP")
    assert (result.name, result.latin_name) == ("東京都", "Tokyo")
    assert check_region("nsw", country="AU").name == "New South Wales"


@pytest.mark.parametrize(
    ("country", "value"),
    [("US", "Bavaria"), ("US", "ON"), ("CA", "CA"), ("AU", "Tasmania Island"), ("JP", "Osaka-shi")],
)
def test_unknown_subdivision(country, value):
    result = check_region(value, country=country)
    assert result.errors == ("region.unknown",)
    assert result.normalized is None


def test_accents_of_other_scripts_are_kept():
    """Marks on Latin letters are accents; on other scripts they change the letter (Japanese
    dakuten, Cyrillic й), so folding keeps them."""
    assert _fold("Québec") == _fold("Quebec")
    assert _fold("が") != _fold("か")
    assert _fold("й") != _fold("и")


def test_country_without_subdivision_data():
    assert "DE" not in SUBDIVISIONS
    result = check_region("  Bayern ", country="DE")
    assert result.valid
    assert result.warnings == ("region.unchecked",)
    assert result.normalized == "Bayern"
    assert result.iso_code is None


def test_missing():
    # USPS Publication 28: the state is a required element of a US address.
    assert check_region(None, country="US").errors == ("region.missing",)
    assert check_region("  ", country="US").errors == ("region.missing",)
    assert check_region(float("nan"), country="US").errors == ("region.missing",)
    # German addresses have no state line.
    assert check_region(None, country="DE").warnings == ()
    assert check_region(None, country="DE").valid


def test_missing_where_optional():
    # Ireland: the county line is part of the format, not required (Google's data).
    result = check_region(None, country="IE")
    assert result.valid
    assert result.warnings == ("region.missing_optional",)


@pytest.mark.parametrize("value", [6, True, b"CA", ("CA",)])
def test_wrong_type(value):
    assert check_region(value, country="US").errors == ("region.type",)


@pytest.mark.parametrize("country", ["UK", "ZZ", "", 840, None])
def test_unknown_country(country):
    with pytest.raises(InvalidArgument) as info:
        check_region("CA", country=country)
    assert info.value.field == "country"
    assert repr(country) in str(info.value)


def test_strict():
    with pytest.raises(InvalidValue) as info:
        check_region("Bavaria", country="US", strict=True)
    assert info.value.code == "region.unknown"
    assert "'Bavaria'" in str(info.value)
    assert check_region("Bayern", country="DE", strict=True).valid


def test_result_is_frozen_and_picklable():
    result = check_region("CA", country="US")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.normalized = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(result)) == result
    assert isinstance(result, RegionCheck)


def test_codes_are_documented():
    assert all(re.fullmatch(r"region\.[a-z_]+", code) for code in REGION_REASONS)


ROWS = [(country, row) for country, rows in SUBDIVISIONS.items() for row in rows]


@pytest.mark.parametrize(("country", "row"), ROWS, ids=lambda x: x if isinstance(x, str) else "")
def test_every_subdivision_is_found_by_each_of_its_names(country, row):
    """Every key, ISO code, name and Latin name in the data leads back to its own key (none of
    them is shadowed by another subdivision's)."""
    key, name, latin_name, iso_id, _ = row
    for text in filter(None, (key, name, latin_name, iso_id, iso_id and f"{country}-{iso_id}")):
        result = check_region(text, country=country)
        assert result.normalized == key, text
        assert result.iso_code == (f"{country}-{iso_id}" if iso_id else None)


def test_every_alias_is_found():
    for country, pairs in SUBDIVISION_ALIASES.items():
        for key, text in pairs:
            assert check_region(text, country=country).normalized == key, (country, text)


def test_no_ambiguous_names_in_the_data():
    # region.ambiguous exists for data that would name two subdivisions alike; today's data
    # has none, which this test pins so that a data upgrade that introduces one is noticed.
    for country in SUBDIVISIONS:
        for row in SUBDIVISIONS[country]:
            assert check_region(row[1], country=country).errors == ()


@settings(max_examples=100)
@given(st.sampled_from(sorted(SUBDIVISIONS)), st.data())
def test_normalisation_is_idempotent(country, data):
    """Business rule: the canonical key of a subdivision is itself accepted and maps to itself,
    so stored keys compare equal with freshly cleaned input."""
    row = data.draw(st.sampled_from(SUBDIVISIONS[country]))
    text = data.draw(st.sampled_from([t for t in row[:3] if t]))
    once = check_region(text, country=country).normalized
    assert once is not None
    assert check_region(once, country=country).normalized == once


@settings(max_examples=200)
@given(
    st.sampled_from(sorted(COUNTRY_NAMES)),
    st.one_of(st.text(), st.integers(), st.none(), st.floats()),
)
def test_never_raises_on_arbitrary_input(country, value):
    """Business rule: a bad region in a CRM record is reported, never raised, unless strict."""
    result = check_region(value, country=country)
    assert set(result.errors) | set(result.warnings) <= set(REGION_REASONS)
    if result.errors:
        assert result.normalized is None
