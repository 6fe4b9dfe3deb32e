"""The fast path of :func:`crmkit.validation.check_phone`, built from phonenumbers' own metadata.

``phonenumbers.parse`` followed by ``is_valid_number``, ``number_type`` and ``format_number``
costs about 100 µs per value, mostly in Python-level work around the regular expressions:
``number_type`` runs up to eleven patterns one after the other, each twice (``match`` then
``fullmatch``), and ``is_valid_number`` runs them all again. This module re-implements the
same algorithm for the common shape of input (an optional leading ``+``, ASCII digits and the
separators space, ``.``, ``-``, ``/``, ``(`` and ``)``), with

- the metadata of each region compiled once into a :class:`_Plan` (memoised, bounded), and
- the type tests folded into one regular expression per region and number length, whose
  alternatives keep phonenumbers' order (premium rate, toll free, shared cost, VoIP, personal,
  pager, UAN, voicemail, fixed line, mobile), so a single ``fullmatch`` answers both "is it
  valid?" and "which type?".

Each step mirrors the phonenumbers function named in its docstring (phonenumbers 9.0,
``phonenumberutil.py``). Whenever the input leaves the common shape, or parsing would end in
one of phonenumbers' rarer exceptions, :func:`fast_verdict` returns ``None`` and the caller
uses phonenumbers itself. ``tests/validation/test_phone.py`` proves agreement with
phonenumbers over every region's example numbers and over perturbed numbers (hypothesis).

Dependency: phonenumbers (metadata only).

>>> fast_verdict("+44 20 7946 0958", None).national_number
'2079460958'
>>> fast_verdict("tel:+44-20-7946-0958", None) is None  # unusual shape: left to phonenumbers
True
"""

from __future__ import annotations

import functools
import re
from typing import Final, NamedTuple

from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    PhoneMetadata,
    PhoneNumberType,
    ValidationResult,
)

__all__ = ["Verdict", "fast_verdict"]

#: Longest input phonenumbers agrees to parse (``_MAX_INPUT_STRING_LENGTH``), in characters.
_MAX_INPUT_LENGTH: Final = 250
#: Shortest national significant number phonenumbers accepts (``_MIN_LENGTH_FOR_NSN``), digits.
_MIN_NSN_LENGTH: Final = 2
#: Longest national significant number phonenumbers accepts (``_MAX_LENGTH_FOR_NSN``), digits.
_MAX_NSN_LENGTH: Final = 17
#: Longest country calling code (ITU-T E.164 §6.2.1), digits.
_MAX_COUNTRY_CODE_LENGTH: Final = 3
#: Fewest digits that make text a viable number once punctuation is present
#: (phonenumbers' ``_VALID_PHONE_NUMBER``: ``(?:[punctuation]*\d){3,}``).
_MIN_VIABLE_DIGITS: Final = 3
#: Region id phonenumbers gives non-geographic calling codes (UN M.49 "World").
NON_GEO_REGION: Final = "001"

# The common shape: leading white space or punctuation (phonenumbers skips everything before
# the first '+' or digit), one optional '+', ASCII digits and plain separators, trailing white
# space. Anything else (letters, extensions, '#', '*', ';', tabs inside, other scripts' digits,
# full-width characters, two '+') goes to phonenumbers.
_COMMON_SHAPE: Final = re.compile(r"[\s().\-/]*(\+?)([0-9 ().\-/]*?)\s*")

# Calling codes by their decimal text; codes never start with 0.
_COUNTRY_CODES: Final = {str(code): code for code in COUNTRY_CODE_TO_REGION_CODE}

_TYPE_DESCS: Final = (
    # (metadata attribute, type), in the order of phonenumbers' ``_number_type_helper``.
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
)
# Length verdicts after which phonenumbers keeps the national prefix: the stripped number
# might be a short number, so the prefix was probably part of it.
_KEEP_PREFIX: Final = frozenset(
    {
        ValidationResult.TOO_SHORT,
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
        ValidationResult.INVALID_LENGTH,
    }
)


class Verdict(NamedTuple):
    """What a parse-and-validate pass found; the fast and the reference path both return one.

    ``error`` is set (and the other fields are empty) when the text could not be parsed.
    ``possibility`` is a ``phonenumbers.ValidationResult`` and ``number_type`` a
    ``phonenumbers.PhoneNumberType``, so the two paths compare field by field.
    """

    error: str | None
    country_code: int | None = None
    national_number: str | None = None
    extension: str | None = None
    possibility: int | None = None
    valid: bool = False
    number_type: int = PhoneNumberType.UNKNOWN
    region: str | None = None


class _Plan(NamedTuple):
    """One region's parsing metadata, compiled once."""

    country_code: int
    region: str
    general: re.Pattern[str]
    possible_lengths: tuple[int, ...]
    local_only_lengths: tuple[int, ...]
    international_prefix: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    transform_rule: str | None
    leading_digits: re.Pattern[str] | None


def _metadata(country_code: int, region: str) -> PhoneMetadata | None:
    if region == NON_GEO_REGION:
        return PhoneMetadata.metadata_for_nongeo_region(country_code, None)
    return PhoneMetadata.metadata_for_region(region, None)


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


# Bounded caches: phonenumbers knows 245 regions and 9 non-geographic codes; the classifier
# cache holds one pattern per (region, national number length).
@functools.lru_cache(maxsize=512)
def _plan(country_code: int, region: str) -> _Plan | None:
    metadata = _metadata(country_code, region)
    if metadata is None or metadata.general_desc is None or metadata.country_code is None:
        return None
    general = metadata.general_desc
    if not general.national_number_pattern or not general.possible_length:
        return None
    return _Plan(
        country_code=metadata.country_code,
        region=region,
        general=re.compile(general.national_number_pattern),
        possible_lengths=tuple(general.possible_length),
        local_only_lengths=tuple(general.possible_length_local_only),
        international_prefix=_compile(metadata.international_prefix),
        national_prefix=_compile(metadata.national_prefix_for_parsing),
        transform_rule=metadata.national_prefix_transform_rule or None,
        leading_digits=_compile(metadata.leading_digits),
    )


@functools.lru_cache(maxsize=512)
def _region_plan(region: str) -> _Plan | None:
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else _plan(metadata.country_code, region)


def _applies(desc: object, length: int) -> str | None:
    """The desc's pattern if it can match a number of ``length`` digits, else ``None``.

    Mirrors ``_is_number_matching_desc``: no desc or no pattern never matches; listed possible
    lengths must include ``length``.
    """
    pattern: str | None = getattr(desc, "national_number_pattern", None)
    lengths: tuple[int, ...] = getattr(desc, "possible_length", ())
    if not pattern or (lengths and length not in lengths):
        return None
    return pattern


@functools.lru_cache(maxsize=4096)
def _classifier(
    country_code: int, region: str, length: int
) -> tuple[re.Pattern[str], dict[int, int]] | None:
    r"""One pattern deciding ``_number_type_helper`` for numbers of ``length`` digits.

    The pattern is ``(?=general\Z)(?:(t1)|(t2)|...)``: ``fullmatch`` picks the first
    alternative that matches the whole number, as the helper's chain of ``if`` does. The
    returned mapping takes ``match.lastindex`` (the wrapping group, closed last) to the type.
    ``None`` means no number of this length is valid in the region.
    """
    metadata = _metadata(country_code, region)
    if metadata is None:
        return None
    general = metadata.general_desc
    general_pattern = _applies(general, length)
    if general_pattern is None:
        return None
    alternatives: list[tuple[str, int]] = []
    for attribute, number_type in _TYPE_DESCS:
        pattern = _applies(getattr(metadata, attribute), length)
        if pattern is not None:
            alternatives.append((f"(?:{pattern})", number_type))
    fixed = _applies(metadata.fixed_line, length)
    mobile = _applies(metadata.mobile, length)
    same = bool(metadata.same_mobile_and_fixed_line_pattern)
    if fixed is not None:
        if same:
            alternatives.append((f"(?:{fixed})", PhoneNumberType.FIXED_LINE_OR_MOBILE))
        else:
            if mobile is not None:
                both = f"(?=(?:{mobile})\\Z)(?:{fixed})"
                alternatives.append((both, PhoneNumberType.FIXED_LINE_OR_MOBILE))
            alternatives.append((f"(?:{fixed})", PhoneNumberType.FIXED_LINE))
    if mobile is not None and not same:
        alternatives.append((f"(?:{mobile})", PhoneNumberType.MOBILE))
    if not alternatives:
        return None
    body = "|".join(f"(?P<t{index}>{text})" for index, (text, _) in enumerate(alternatives))
    compiled = re.compile(f"(?=(?:{general_pattern})\\Z)(?:{body})")
    types = {compiled.groupindex[f"t{index}"]: kind for index, (_, kind) in enumerate(alternatives)}
    return compiled, types


def _number_type(national_number: str, plan: _Plan) -> int:
    """``_number_type_helper(national_number, metadata)`` in one ``fullmatch``."""
    classifier = _classifier(plan.country_code, plan.region, len(national_number))
    if classifier is None:
        return PhoneNumberType.UNKNOWN
    pattern, types = classifier
    match = pattern.fullmatch(national_number)
    if match is None or match.lastindex is None:
        return PhoneNumberType.UNKNOWN
    return types[match.lastindex]


def _test_length(national_number: str, plan: _Plan) -> int:
    """``_test_number_length(national_number, metadata)`` for the general description."""
    length = len(national_number)
    lengths = plan.possible_lengths
    if length in plan.local_only_lengths:
        return ValidationResult.IS_POSSIBLE_LOCAL_ONLY
    if lengths[0] == length:
        return ValidationResult.IS_POSSIBLE
    if lengths[0] > length:
        return ValidationResult.TOO_SHORT
    if lengths[-1] < length:
        return ValidationResult.TOO_LONG
    if length in lengths[1:]:
        return ValidationResult.IS_POSSIBLE
    return ValidationResult.INVALID_LENGTH


def _strip_national_prefix(number: str, plan: _Plan) -> str:
    """``_maybe_strip_national_prefix_carrier_code``; the carrier code is not kept."""
    prefix = plan.national_prefix
    if not number or prefix is None:
        return number
    match = prefix.match(number)
    if match is None:
        return number
    viable_before = plan.general.fullmatch(number) is not None
    groups = match.groups()
    if plan.transform_rule is None or groups[-1] is None:
        stripped = number[match.end() :]
    else:
        stripped = prefix.sub(plan.transform_rule, number, count=1)
    if viable_before and plan.general.fullmatch(stripped) is None:
        return number
    return stripped


def _digits_only(text: str) -> str:
    """``text`` (digits and plain separators only) without its separators."""
    # Chained str.replace beats str.translate and re.sub here by a factor of 3 to 10.
    return (
        text.replace(" ", "")
        .replace("-", "")
        .replace(".", "")
        .replace("(", "")
        .replace(")", "")
        .replace("/", "")
    )


def _split_country_code(digits: str) -> tuple[int, str] | None:
    """``_extract_country_code``: the shortest known calling code the digits start with.

    Calling codes form a prefix code (ITU-T E.164), so at most one prefix matches.
    """
    for size in range(1, _MAX_COUNTRY_CODE_LENGTH + 1):
        code = _COUNTRY_CODES.get(digits[:size])
        if code is not None:
            return code, digits[size:]
    return None


def _international(digits: str) -> tuple[int, str] | None:
    """Country code and national number of digits that followed a '+' or an IDD.

    ``None`` when phonenumbers must decide: too few digits after the IDD
    (``TOO_SHORT_AFTER_IDD``) or no known calling code (phonenumbers then retries without the
    '+').
    """
    if len(digits) <= _MIN_NSN_LENGTH:
        return None
    return _split_country_code(digits)


def _national(digits: str, plan: _Plan) -> tuple[int, str] | None:
    """Country code and national number of digits written without a '+', read in ``plan``.

    Mirrors ``_maybe_extract_country_code`` for a default region: strip the region's
    international dialling prefix if present; else take the region's own calling code off the
    front when that turns a non-viable (or too long) number into a viable one.
    """
    if plan.international_prefix is not None:
        idd = plan.international_prefix.match(digits)
        if idd is not None and not digits[idd.end() :].startswith("0"):
            return _international(digits[idd.end() :])
    own_code = str(plan.country_code)
    if digits.startswith(own_code):
        potential = _strip_national_prefix(digits[len(own_code) :], plan)
        general = plan.general
        if (
            general.fullmatch(digits) is None and general.fullmatch(potential) is not None
        ) or _test_length(digits, plan) == ValidationResult.TOO_LONG:
            return plan.country_code, potential
    return 0, digits


def _parse(text: str, region: str | None) -> tuple[int, str] | str | None:
    """``parse(text, region)`` for the common shape.

    Returns ``(country_code, national_significant_number)``, a parse error code, or ``None``
    when phonenumbers must decide.
    """
    if len(text) > _MAX_INPUT_LENGTH:
        return None
    shape = _COMMON_SHAPE.fullmatch(text)
    if shape is None:
        return None
    digits = _digits_only(shape.group(2))
    if len(digits) < _MIN_VIABLE_DIGITS:
        return None
    default: _Plan | None = None
    if shape.group(1):
        split = _international(digits)
    elif region is None:
        return "phone.no_region"
    else:
        default = _region_plan(region)
        if default is None:
            return None
        split = _national(digits, default)
    if split is None:
        return None
    country_code, national = split
    if country_code == 0:
        # No calling code in the text: the default region's own metadata applies.
        if default is None:
            return None
        plan = default
        country_code = plan.country_code
    else:
        found = _plan(country_code, COUNTRY_CODE_TO_REGION_CODE[country_code][0])
        if found is None:
            return None
        plan = found
    if len(national) < _MIN_NSN_LENGTH:
        return None
    stripped = _strip_national_prefix(national, plan)
    if _test_length(stripped, plan) not in _KEEP_PREFIX:
        national = stripped
    if len(national) > _MAX_NSN_LENGTH:
        return None
    return country_code, national


def _region_and_type(country_code: int, national_number: str) -> tuple[str | None, int]:
    """``region_code_for_number`` and ``number_type`` together."""
    regions = COUNTRY_CODE_TO_REGION_CODE[country_code]
    if len(regions) == 1:
        plan = _plan(country_code, regions[0])
        if plan is None:
            return regions[0], PhoneNumberType.UNKNOWN
        return regions[0], _number_type(national_number, plan)
    for region in regions:
        plan = _plan(country_code, region)
        if plan is None:
            continue
        if plan.leading_digits is not None:
            if plan.leading_digits.match(national_number):
                return region, _number_type(national_number, plan)
        else:
            number_type = _number_type(national_number, plan)
            if number_type != PhoneNumberType.UNKNOWN:
                return region, number_type
    return None, PhoneNumberType.UNKNOWN


def fast_verdict(text: str, region: str | None) -> Verdict | None:
    """Parse and validate ``text`` without phonenumbers' parser, or ``None`` if it must decide.

    Args:
        text: The phone number as written.
        region: A supported upper-case region code, or ``None``.

    Returns:
        The verdict phonenumbers would reach, or ``None`` when the text is not of the common
        shape (or parsing would raise one of phonenumbers' rarer exceptions).

    >>> verdict = fast_verdict("(650) 253-0000", "US")
    >>> (verdict.country_code, verdict.national_number, verdict.region, verdict.valid)
    (1, '6502530000', 'US', True)
    >>> fast_verdict("030 123456", None).error
    'phone.no_region'
    """
    parsed = _parse(text, region)
    if parsed is None:
        return None
    if isinstance(parsed, str):
        return Verdict(error=parsed)
    country_code, national_number = parsed
    main = _plan(country_code, COUNTRY_CODE_TO_REGION_CODE[country_code][0])
    if main is None:
        return None
    number_region, number_type = _region_and_type(country_code, national_number)
    return Verdict(
        error=None,
        country_code=country_code,
        national_number=national_number,
        extension=None,
        possibility=_test_length(national_number, main),
        valid=number_region is not None and number_type != PhoneNumberType.UNKNOWN,
        number_type=number_type,
        region=number_region,
    )
