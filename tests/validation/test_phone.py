"""Tests for crmkit.validation._phone (phone checks) and its fast path, _phone_fast.

Golden sources: the offline phonenumbers 9.0.43 results recorded in
/work/shared/domain/anchors-scoring-lifecycle-validation.md §C.2 ("anchors §C.2" below); the
examples of the python-phonenumbers README (github.com/daviddrysdale/python-phonenumbers,
README.md "Example Usage", "README" below); Ofcom's list of numbers reserved for TV and radio
drama (07700 900000-900999 mobile, 020 7946 0000-0999 London, "Ofcom drama" below).

The fast path is proven against phonenumbers itself (the reference verdict) on every region's
example numbers and on hypothesis-perturbed numbers.
"""

from __future__ import annotations

import math
import pickle

import attrs
import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._phone import (
    _PARSE_ERRORS,
    _POSSIBILITY_ERRORS,
    _TYPES,
    PHONE_REASONS,
    PhoneCheck,
    PhoneType,
    _reference_verdict,
    check_phone,
    format_phone,
)
from crmkit.validation._phone_fast import fast_verdict

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
NON_GEO_CODES = sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
SEPARATORS = " .-/()"
EXAMPLE_FORMATS = (
    PhoneNumberFormat.E164,
    PhoneNumberFormat.INTERNATIONAL,
    PhoneNumberFormat.NATIONAL,
)


def _examples(region: str) -> list[phonenumbers.PhoneNumber]:
    found = []
    for kind in sorted(phonenumbers.supported_types_for_region(region)):
        example = phonenumbers.example_number_for_type(region, kind)
        if example is not None:
            found.append(example)
    return found


ALL_EXAMPLES = [(region, example) for region in REGIONS for example in _examples(region)] + [
    ("001", phonenumbers.example_number_for_non_geo_entity(code))
    for code in NON_GEO_CODES
    if phonenumbers.example_number_for_non_geo_entity(code) is not None
]


# --- golden cases -------------------------------------------------------------------------------


def test_us_national_format():
    # anchors §C.2: (650) 253-0000 / US -> +16502530000, FIXED_LINE_OR_MOBILE
    result = check_phone("(650) 253-0000", region="US")
    assert result.valid
    assert result.normalized == "+16502530000"
    assert result.number_type is PhoneType.FIXED_LINE_OR_MOBILE
    assert (result.region, result.country_code, result.national_number) == ("US", 1, "6502530000")
    assert result.original == "(650) 253-0000"


def test_gb_london_fixed_line():
    # anchors §C.2: 020 7946 0958 / GB -> +442079460958, FIXED_LINE (an Ofcom drama number,
    # inside the London range, so valid)
    result = check_phone("020 7946 0958", region="GB")
    assert result.normalized == "+442079460958"
    assert result.number_type is PhoneType.FIXED_LINE
    assert result.region == "GB"


def test_french_mobile_in_international_format():
    # anchors §C.2: +33 6 12 34 56 78 -> MOBILE, FR
    result = check_phone("+33 6 12 34 56 78")
    assert result.normalized == "+33612345678"
    assert result.number_type is PhoneType.MOBILE
    assert result.region == "FR"


def test_gb_freephone():
    # anchors §C.2: 0800 123 4567 / GB -> TOLL_FREE (confirmed against the installed metadata)
    result = check_phone("0800 123 4567", region="GB")
    assert result.number_type is PhoneType.TOLL_FREE
    assert result.normalized == "+448001234567"


def test_extension_is_kept_apart_and_reported():
    # anchors §C.2: +1 650-253-0000 ext. 123 -> extension "123"
    result = check_phone("+1 650-253-0000 ext. 123")
    assert result.valid
    assert result.extension == "123"
    assert result.normalized == "+16502530000"
    assert result.warnings == ("phone.extension",)


def test_too_short():
    # anchors §C.2: 12345 / US -> not possible, reason TOO_SHORT
    result = check_phone("12345", region="US")
    assert result.errors == ("phone.too_short",)
    assert not result.possible
    assert result.normalized is None


def test_drama_range_is_possible_but_invalid():
    # anchors §C.2 and Ofcom drama: 07700 900123 / GB -> possible but invalid
    result = check_phone("07700 900123", region="GB")
    assert result.possible
    assert result.errors == ("phone.invalid",)
    assert result.normalized is None
    assert result.number_type is PhoneType.UNKNOWN
    assert result.national_number == "7700900123"


def test_readme_national_and_international_forms_agree():
    # README: the E.164 and the GB national forms of +44 20 8366 1177 parse to equal numbers
    assert check_phone("+442083661177").normalized == "+442083661177"
    assert check_phone("020 8366 1177", region="GB").normalized == "+442083661177"


def test_readme_international_dialling_prefix():
    # README: "00 1 650 253 2222" dialled from GB -> country code 1, national number 6502532222
    result = check_phone("00 1 650 253 2222", region="GB")
    assert (result.country_code, result.national_number) == (1, "6502532222")


def test_readme_possible_and_valid():
    # README: +120012301 is too short for the USA; +12001230101 is possible but NPA 200 unused
    assert check_phone("+120012301").errors == ("phone.too_short",)
    unused = check_phone("+12001230101")
    assert unused.possible
    assert unused.errors == ("phone.invalid",)


def test_readme_unparseable_inputs():
    # README: "02081234567" with no region -> missing region; "gibberish" -> not a number
    assert check_phone("02081234567").errors == ("phone.no_region",)
    assert check_phone("gibberish").errors == ("phone.not_a_number",)


def test_readme_formats():
    # README: format_number NATIONAL '020 8366 1177', INTERNATIONAL '+44 20 8366 1177', E164
    assert format_phone("+442083661177", style="national") == "020 8366 1177"
    assert format_phone("+442083661177", style="international") == "+44 20 8366 1177"
    assert format_phone("+442083661177") == "+44 20 8366 1177"
    assert format_phone("+442083661177", style="e164") == "+442083661177"
    assert format_phone("+442083661177", style="rfc3966") == "tel:+44-20-8366-1177"


def test_number_with_plus_ignores_region():
    # A '+' number keeps its own country whatever region says (E.164 numbers are global).
    assert check_phone("+33 6 12 34 56 78", region="US").region == "FR"


def test_shared_calling_code_region():
    # NANPA assigns area code 604 to British Columbia: a +1 number read with region US still
    # belongs to CA (phonenumbers searches the 25 regions sharing +1).
    result = check_phone("(604) 555-0100", region="US")
    assert result.region == "CA"
    assert result.normalized == "+16045550100"


def test_non_geographic_number():
    # +800 is the ITU's Universal International Freephone Number (UIFN) code: region "001".
    example = phonenumbers.example_number_for_non_geo_entity(800)
    text = phonenumbers.format_number(example, PhoneNumberFormat.E164)
    result = check_phone(text)
    assert result.valid
    assert result.region == "001"
    assert result.number_type is PhoneType.TOLL_FREE


def test_unusual_shapes_use_phonenumbers():
    # RFC 3966 URI, full-width digits, vanity letters: the slow path reads them all.
    assert check_phone("tel:+1-650-253-0000").normalized == "+16502530000"
    assert check_phone("＋４４ ２０ ７９４６ ０９５８").normalized == "+442079460958"
    assert fast_verdict("tel:+1-650-253-0000", None) is None
    assert fast_verdict("1-800-FLOWERS", "US") is None


# --- missing values, types and numbers --------------------------------------------------------


@pytest.mark.parametrize("value", [None, math.nan, "", "   ", "\t\n"])
def test_missing(value):
    result = check_phone(value, region="GB")
    assert result.errors == ("phone.missing",)
    assert result.original is value


@pytest.mark.parametrize("value", [True, b"+442079460958", ["+442079460958"], 1j])
def test_wrong_type(value):
    assert check_phone(value).errors == ("phone.type",)


def test_int_is_read_as_its_digits_with_a_warning():
    # A GB number whose '+' was lost: 44 is GB's own calling code, so both readings agree.
    result = check_phone(442079460958, region="GB")
    assert result.normalized == "+442079460958"
    assert result.warnings == ("phone.numeric_input",)
    assert result.original == 442079460958


def test_float_from_pandas_is_read_as_its_digits():
    # pandas reads a column of digits with a gap as float64; this one lost its trunk '0'.
    result = check_phone(15112345678.0, region="DE")
    assert result.normalized == "+4915112345678"
    assert result.warnings == ("phone.numeric_input",)


def test_lost_plus_is_restored_when_only_that_reading_is_valid():
    # 12 digits are too long for a US number; as +44 20 7946 0958 they are a London number.
    assert check_phone(442079460958, region="US").normalized == "+442079460958"


def test_two_valid_readings_are_ambiguous():
    # German fixed-line numbers are long and loosely patterned: 4915112345678 is both
    # +49 4915112345678 (digits read in German national format, as phonenumbers reads them)
    # and +49 151 12345678 (a mobile whose '+' was lost). crmkit refuses to pick one.
    assert phonenumbers.is_valid_number(phonenumbers.parse("4915112345678", "DE"))
    assert phonenumbers.is_valid_number(phonenumbers.parse("+4915112345678", None))
    result = check_phone(4915112345678.0, region="DE")
    assert result.errors == ("phone.ambiguous",)
    assert result.warnings == ("phone.numeric_input",)


def test_number_without_region_is_not_guessed():
    # The lost '+' is not restored without a region: digits alone prove nothing.
    assert check_phone(442079460958).errors == ("phone.no_region",)


@pytest.mark.parametrize("value", [4.5, -442079460958, math.inf, 2.0**60])
def test_numbers_that_are_not_phone_numbers(value):
    result = check_phone(value, region="GB")
    assert result.errors == ("phone.not_a_number",)
    assert result.warnings == ("phone.numeric_input",)


def test_int_and_float_agree():
    as_int = check_phone(15112345678, region="DE")
    assert attrs.evolve(check_phone(15112345678.0, region="DE"), original=15112345678) == as_int


# --- arguments and strict mode ------------------------------------------------------------------


@pytest.mark.parametrize("region", ["UK", "ZZ", "001", "", 44, ("GB",)])
def test_unknown_region_is_rejected(region):
    with pytest.raises(InvalidArgument) as info:
        check_phone("020 7946 0958", region=region)
    assert info.value.field == "region"
    assert repr(region) in str(info.value)


def test_region_is_case_insensitive():
    assert check_phone("020 7946 0958", region="gb").normalized == "+442079460958"


def test_strict_raises_with_code():
    with pytest.raises(InvalidValue) as info:
        check_phone("07700 900123", region="GB", strict=True)
    assert info.value.code == "phone.invalid"
    assert info.value.field == "value"
    assert info.value.value == "07700 900123"
    assert "'07700 900123'" in str(info.value)


def test_strict_returns_valid_results():
    assert check_phone("+442079460958", strict=True).valid


@pytest.mark.parametrize(
    ("e164", "style"),
    [
        ("+442079460958", "local"),
        ("442079460958", "e164"),
        ("+4402079460958", "e164"),
        ("+447700900123", "e164"),
        (442079460958, "e164"),
    ],
)
def test_format_phone_rejects_bad_arguments(e164, style):
    with pytest.raises(InvalidArgument) as info:
        format_phone(e164, style=style)
    assert info.value.field in {"e164", "style"}


def test_result_is_frozen_and_picklable():
    result = check_phone("+442079460958")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.normalized = None  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(result)) == result


@given(st.text(alphabet="+0123456789 ()-.x", max_size=20), st.sampled_from(["GB", "US", "DE"]))
def test_every_emitted_code_is_described(text, region):
    """Business rule: every reason code a result carries is documented in PHONE_REASONS."""
    result = check_phone(text, region=region)
    assert set(result.errors) | set(result.warnings) <= set(PHONE_REASONS)


def test_every_code_is_described():
    assert set(_PARSE_ERRORS.values()) <= set(PHONE_REASONS)
    assert set(_POSSIBILITY_ERRORS.values()) <= set(PHONE_REASONS)
    assert all(code.startswith("phone.") and code.islower() for code in PHONE_REASONS)
    assert set(_TYPES.values()) == set(PhoneType)
    with pytest.raises(TypeError):
        PHONE_REASONS["phone.x"] = "y"  # type: ignore[index]


# --- fast path against phonenumbers -------------------------------------------------------------


def _assert_agrees(text: str, region: str | None) -> bool:
    """Assert the fast path, when it answers, answers as phonenumbers does; say if it did."""
    fast = fast_verdict(text, region)
    if fast is None:
        return False
    assert fast == _reference_verdict(text, region), (text, region)
    return True


@pytest.mark.parametrize("region", [*REGIONS, "001"])
def test_fast_path_agrees_on_every_example_number(region):
    """Business rule: the fast path gives phonenumbers' verdict on every region's examples.

    Each example number (every supported type) is written in E.164, international and national
    format, as bare national digits, and with its last digit dropped or an extra digit added;
    each is read with the example's own region, with no region and with an unrelated region.
    The common shapes must all take the fast path.
    """
    examples = [ex for reg, ex in ALL_EXAMPLES if reg == region]
    other = REGIONS[(REGIONS.index(region) * 7 + 3) % len(REGIONS)] if region != "001" else "DE"
    own = None if region == "001" else region
    for example in examples:
        nsn = phonenumbers.national_significant_number(example)
        national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
        texts = [phonenumbers.format_number(example, form) for form in EXAMPLE_FORMATS]
        texts += [nsn, national[:-1], national + "7", f"+{example.country_code}{nsn}0"]
        for text in texts:
            for read_in in {own, None, other}:
                assert _assert_agrees(text, read_in)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str | None]:
    """An example number, written in some format, perhaps mistyped, and a region to read it in."""
    region, example = draw(st.sampled_from(ALL_EXAMPLES))
    form = draw(st.sampled_from(EXAMPLE_FORMATS))
    text = phonenumbers.format_number(example, form)
    positions = [i for i, char in enumerate(text) if char.isdigit()]
    edit = draw(st.sampled_from(["none", "drop", "add", "replace"]))
    at = draw(st.sampled_from(positions))
    digit = draw(st.sampled_from("0123456789"))
    if edit == "drop":
        text = text[:at] + text[at + 1 :]
    elif edit == "add":
        text = text[:at] + digit + text[at:]
    elif edit == "replace":
        text = text[:at] + digit + text[at + 1 :]
    if draw(st.booleans()):
        # Re-punctuate: every separator becomes a random one (the digits stay put).
        text = "".join(
            draw(st.sampled_from(SEPARATORS)) if char in SEPARATORS else char for char in text
        )
    if form != PhoneNumberFormat.NATIONAL and draw(st.booleans()):
        text = "00" + text.removeprefix("+")  # the international dialling prefix of most regions
    text = draw(st.sampled_from(["", " ", "("])) + text + draw(st.sampled_from(["", " ", "\n"]))
    read_in = draw(st.sampled_from([None if region == "001" else region, None, *REGIONS[::17]]))
    return text, read_in


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written_numbers())
def test_fast_path_agrees_on_perturbed_numbers(case):
    """Business rule: on any number it answers for, the fast path reaches phonenumbers' verdict
    (valid, possible and why, E.164 digits, type, region), including for mistyped numbers.
    """
    text, region = case
    _assert_agrees(text, region)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789 +().-/", max_size=22),
    st.sampled_from([None, "US", "GB", "DE", "FR", "IT", "BR", "AR", "JP", "RU", "IN", "CA"]),
)
def test_fast_path_agrees_on_digit_soup(text, region):
    """Business rule: whatever digits and separators are typed, the fast path never disagrees
    with phonenumbers (it may decline and leave the text to phonenumbers).
    """
    _assert_agrees(text, region)


# --- properties of check_phone ------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ALL_EXAMPLES), st.sampled_from([None, *REGIONS[::5]]))
def test_normalisation_is_idempotent(case, region):
    """Business rule: a normalised number checks as valid and normalises to itself, whatever
    default region it is read with (E.164 numbers are global).
    """
    _, example = case
    first = check_phone(phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL))
    assert first.normalized is not None
    again = check_phone(first.normalized, region=region)
    assert again.normalized == first.normalized
    assert (again.number_type, again.region) == (first.number_type, first.region)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "GB", "US", "DE"]))
def test_never_raises_on_any_text(text, region):
    """Business rule: bad data never raises unless strict=True; it yields described codes."""
    result = check_phone(text, region=region)
    assert set(result.errors) | set(result.warnings) <= set(PHONE_REASONS)
    assert result.valid == (result.normalized is not None)
    assert len(result.errors) <= 1


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.text(alphabet="0123456789 +-()x", max_size=20), st.integers(), st.floats()),
    st.sampled_from([None, "GB", "US"]),
)
def test_strict_raises_exactly_when_invalid(value, region):
    """Business rule: strict=True raises InvalidValue carrying the first error code exactly
    when the lenient check finds the value invalid.
    """
    lenient = check_phone(value, region=region)
    if lenient.valid:
        assert check_phone(value, region=region, strict=True) == lenient
    else:
        with pytest.raises(InvalidValue) as info:
            check_phone(value, region=region, strict=True)
        assert info.value.code == lenient.errors[0]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ALL_EXAMPLES))
def test_format_round_trips(case):
    """Business rule: every display format of a valid number reads back to the same number."""
    region, example = case
    e164 = phonenumbers.format_number(example, PhoneNumberFormat.E164)
    assert check_phone(format_phone(e164, style="international")).normalized == e164
    if region != "001":
        assert check_phone(format_phone(e164, style="national"), region=region).normalized == e164


def test_result_type():
    assert isinstance(check_phone("+442079460958"), PhoneCheck)
