"""Phone number checks: parse, validate, classify and normalise to E.164.

:func:`check_phone` reads a phone number as people and spreadsheets write it (national or
international format, any common punctuation, an extension, or a number that a spreadsheet
turned into an ``int`` or ``float``), and says whether it is a valid number according to
Google's libphonenumber metadata (through the ``phonenumbers`` port), what type of line it is,
which region it belongs to, and its E.164 form. :func:`format_phone` turns an E.164 number
back into a display format.

Common shapes of input take a fast path (:mod:`crmkit.validation._phone_fast`) that reuses
phonenumbers' metadata with precompiled patterns (a typical value costs about 12 µs in all,
against about 60 µs for ``phonenumbers.parse`` plus validation); everything else goes through
phonenumbers itself. Both give the same answer: the test suite proves it on every region's
example numbers and on perturbed numbers.

Dependency: phonenumbers.

>>> check = check_phone("020 7946 0958", region="GB")
>>> (check.valid, check.normalized, check.number_type, check.region)
(True, '+442079460958', <PhoneType.FIXED_LINE: 'fixed_line'>, 'GB')
"""

from __future__ import annotations

import enum
import math
import numbers
from types import MappingProxyType
from typing import Final, Literal, NewType

import attrs
import phonenumbers
from phonenumbers import (
    NumberParseException,
    PhoneNumberFormat,
    PhoneNumberType,
    ValidationResult,
)

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._phone_fast import Verdict, fast_verdict

__all__ = [
    "PHONE_REASONS",
    "E164Phone",
    "PhoneCheck",
    "PhoneStyle",
    "PhoneType",
    "check_phone",
    "format_phone",
]

E164Phone = NewType("E164Phone", str)
"""A valid phone number in E.164 form (``+`` then country code and national number)."""

PhoneStyle = Literal["e164", "international", "national", "rfc3966"]
"""The display formats :func:`format_phone` knows (phonenumbers' ``PhoneNumberFormat``)."""


class PhoneType(enum.StrEnum):
    """The kind of line a number belongs to (phonenumbers' ``PhoneNumberType``).

    ``FIXED_LINE_OR_MOBILE`` is for regions whose numbering plan does not tell the two apart
    (the North American Numbering Plan, for example). ``UNKNOWN`` is given to every number
    that is not valid.

    >>> PhoneType.MOBILE == "mobile"
    True
    """

    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    TOLL_FREE = "toll_free"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL_NUMBER = "personal_number"
    PAGER = "pager"
    UAN = "uan"
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


PHONE_REASONS: Final = MappingProxyType(
    {
        "phone.missing": "no phone number was given (None, NaN, or blank text)",
        "phone.type": "the value is not text or a whole number",
        "phone.not_a_number": (
            "the value does not read as a phone number (no digits, letters in the wrong "
            "place, or a number that is negative, fractional or too large to be exact)"
        ),
        "phone.no_region": (
            "the number is written in national format and no 'region' was given to read it in"
        ),
        "phone.invalid_country_code": "the number starts with an unknown country calling code",
        "phone.too_short": "the number has too few digits for its country",
        "phone.too_long": "the number has too many digits for its country",
        "phone.invalid_length": (
            "the number's length lies between its country's shortest and longest numbers but "
            "matches none of them"
        ),
        "phone.local_only": (
            "the number could only be dialled locally: it lacks its area code or similar prefix"
        ),
        "phone.invalid": (
            "the number has a possible length but is not in a range its country assigns "
            "(for example the UK's drama range 07700 900000-900999)"
        ),
        "phone.ambiguous": (
            "an int or float reads as two different valid numbers: in the region's national "
            "format, and as an international number whose '+' was lost"
        ),
        "phone.numeric_input": (
            "the value was an int or float: a leading '+', '00' or trunk '0' may have been "
            "lost before it reached crmkit"
        ),
        "phone.extension": (
            "the number carries an extension, kept in 'extension' and left out of 'normalized'"
        ),
    }
)
"""Every reason code :func:`check_phone` can emit, with a one-line description."""

# Whole numbers a float holds exactly: every integer below 2**53 (IEEE 754 binary64 has a
# 53-bit significand), which covers every E.164 number (15 digits at most).
_FLOAT_EXACT_LIMIT: Final = 2**53
_REGIONS: Final = frozenset(phonenumbers.SUPPORTED_REGIONS)
_PLUS_SIGNS: Final = ("+", "\uff0b")  # phonenumbers' _PLUS_CHARS (ASCII and full-width)
_TYPES: Final = MappingProxyType(
    {
        PhoneNumberType.FIXED_LINE: PhoneType.FIXED_LINE,
        PhoneNumberType.MOBILE: PhoneType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.TOLL_FREE: PhoneType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE: PhoneType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST: PhoneType.SHARED_COST,
        PhoneNumberType.VOIP: PhoneType.VOIP,
        PhoneNumberType.PERSONAL_NUMBER: PhoneType.PERSONAL_NUMBER,
        PhoneNumberType.PAGER: PhoneType.PAGER,
        PhoneNumberType.UAN: PhoneType.UAN,
        PhoneNumberType.VOICEMAIL: PhoneType.VOICEMAIL,
        PhoneNumberType.UNKNOWN: PhoneType.UNKNOWN,
    }
)
_POSSIBILITY_ERRORS: Final = MappingProxyType(
    {
        ValidationResult.IS_POSSIBLE: "phone.invalid",
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "phone.local_only",
        ValidationResult.INVALID_COUNTRY_CODE: "phone.invalid_country_code",
        ValidationResult.TOO_SHORT: "phone.too_short",
        ValidationResult.TOO_LONG: "phone.too_long",
        ValidationResult.INVALID_LENGTH: "phone.invalid_length",
    }
)
_POSSIBLE: Final = frozenset(
    {ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY}
)
_PARSE_ERRORS: Final = MappingProxyType(
    {
        NumberParseException.INVALID_COUNTRY_CODE: "phone.invalid_country_code",
        NumberParseException.NOT_A_NUMBER: "phone.not_a_number",
        NumberParseException.TOO_SHORT_AFTER_IDD: "phone.too_short",
        NumberParseException.TOO_SHORT_NSN: "phone.too_short",
        NumberParseException.TOO_LONG: "phone.too_long",
    }
)
_STYLES: Final = MappingProxyType(
    {
        "e164": PhoneNumberFormat.E164,
        "international": PhoneNumberFormat.INTERNATIONAL,
        "national": PhoneNumberFormat.NATIONAL,
        "rfc3966": PhoneNumberFormat.RFC3966,
    }
)
# PhoneCheck is an output: only crmkit builds it, on the hot path of batch validation, where
# per-field validators cost a quarter of a check. Its invariants (every code is a key of
# PHONE_REASONS, types as annotated) are asserted by the property tests instead, as for the
# other field-check results; the containers are still checked, which is cheap.
_REASON_CODES: Final = attrs.validators.instance_of(tuple)


@attrs.frozen
class PhoneCheck:
    """The result of :func:`check_phone` (the field-check contract of ``CONTRIBUTING.md``).

    Attributes:
        original: The value given, untouched.
        normalized: The number in E.164 form, or ``None`` when it is not valid. An extension is
            never part of it (see ``extension``).
        errors: Reason codes that make the value invalid (keys of :data:`PHONE_REASONS`);
            at most one, the first problem found.
        warnings: Reason codes worth reporting that do not invalidate the value.
        possible: Whether the number has a length its country uses (phonenumbers'
            ``is_possible_number``; true also for ``phone.local_only``).
        number_type: The kind of line; ``UNKNOWN`` unless the number is valid.
        region: The ISO 3166-1 alpha-2 region the number belongs to, ``"001"`` (UN M.49
            "World") for non-geographic numbers such as +800 freephone, or ``None`` when no
            region's plan accepts the number.
        country_code: The country calling code, or ``None`` when the value did not parse.
        national_number: The national significant number (digits after the country code,
            without trunk prefix), or ``None`` when the value did not parse.
        extension: The extension's digits, if the value had one.

    >>> check = check_phone("+1 650-253-0000 ext. 123")
    >>> (check.valid, check.normalized, check.extension, check.warnings)
    (True, '+16502530000', '123', ('phone.extension',))
    """

    original: object
    normalized: E164Phone | None
    errors: tuple[str, ...] = attrs.field(validator=_REASON_CODES)
    warnings: tuple[str, ...] = attrs.field(validator=_REASON_CODES)
    possible: bool
    number_type: PhoneType
    region: str | None
    country_code: int | None
    national_number: str | None
    extension: str | None

    @property
    def valid(self) -> bool:
        """Whether the value is a valid phone number (no errors).

        >>> check_phone("12345", region="US").valid
        False
        """
        return not self.errors


def _region_code(region: object) -> str | None:
    """The upper-case region code, after checking phonenumbers knows it."""
    if region is None:
        return None
    code = region.upper() if isinstance(region, str) else None
    if code not in _REGIONS:
        msg = (
            "'region' must be an ISO 3166-1 alpha-2 code that phonenumbers supports, "
            f"such as 'GB' or 'US' (got {region!r})"
        )
        raise InvalidArgument(msg, field="region", value=region)
    return code


def _numeric_text(value: float | numbers.Integral) -> str | None:
    """The decimal digits of a whole, non-negative, exactly held number, else ``None``."""
    if isinstance(value, float) and (not value.is_integer() or not 0 <= value < _FLOAT_EXACT_LIMIT):
        return None
    whole = int(value)
    return str(whole) if whole >= 0 else None


def _parse_error(error: NumberParseException, text: str, region: str | None) -> str:
    """The reason code of a phonenumbers parse error."""
    if (
        error.error_type == NumberParseException.INVALID_COUNTRY_CODE
        and region is None
        and not any(sign in text for sign in _PLUS_SIGNS)
    ):
        # phonenumbers gives the same error type for "no region to read a national number
        # in" and "unknown calling code after '+'"; without any '+' it can only be the first.
        return "phone.no_region"
    return _PARSE_ERRORS.get(error.error_type, "phone.not_a_number")


def _reference_verdict(text: str, region: str | None) -> Verdict:
    """The verdict of phonenumbers itself: the slow path, and the fast path's reference."""
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        return Verdict(error=_parse_error(error, text, region))
    return Verdict(
        error=None,
        country_code=number.country_code,
        national_number=phonenumbers.national_significant_number(number),
        extension=number.extension or None,
        possibility=phonenumbers.is_possible_number_with_reason(number),
        valid=phonenumbers.is_valid_number(number),
        number_type=phonenumbers.number_type(number),
        region=phonenumbers.region_code_for_number(number),
    )


def _failed(value: object, code: str, warnings: tuple[str, ...] = ()) -> PhoneCheck:
    return PhoneCheck(
        original=value,
        normalized=None,
        errors=(code,),
        warnings=warnings,
        possible=False,
        number_type=PhoneType.UNKNOWN,
        region=None,
        country_code=None,
        national_number=None,
        extension=None,
    )


def _verdict(text: str, region: str | None) -> Verdict:
    return fast_verdict(text, region) or _reference_verdict(text, region)


def _numeric_verdict(digits: str, region: str | None) -> Verdict:
    """Read the digits of an int or float, which may have lost a leading '+', '00' or '0'.

    Two readings are possible: in the region's national format (phonenumbers' reading of
    digits without '+', which also accepts the region's own calling code in front), and as an
    international number whose '+' was lost. When exactly one is valid it is taken; when both
    are valid but differ the value is ambiguous; otherwise the national reading reports why
    it is not valid. Without a region no reading is safe (``phone.no_region``).
    """
    national = _verdict(digits, region)
    if region is None:
        return national
    international = _verdict(f"+{digits}", region)
    if not international.valid:
        return national
    if not national.valid:
        return international
    if (national.country_code, national.national_number) == (
        international.country_code,
        international.national_number,
    ):
        return national
    return Verdict(error="phone.ambiguous")


def _result(value: object, verdict: Verdict, warnings: tuple[str, ...]) -> PhoneCheck:
    if verdict.error is not None:
        return _failed(value, verdict.error, warnings)
    if verdict.extension is not None:
        warnings = (*warnings, "phone.extension")
    possibility = verdict.possibility
    if verdict.valid:
        errors: tuple[str, ...] = ()
        normalized = E164Phone(f"+{verdict.country_code}{verdict.national_number}")
    else:
        errors = ("phone.invalid" if possibility is None else _POSSIBILITY_ERRORS[possibility],)
        normalized = None
    return PhoneCheck(
        original=value,
        normalized=normalized,
        errors=errors,
        warnings=warnings,
        possible=possibility in _POSSIBLE,
        number_type=_TYPES[verdict.number_type],
        region=verdict.region,
        country_code=verdict.country_code,
        national_number=verdict.national_number,
        extension=verdict.extension,
    )


def _check(value: object, region: str | None) -> PhoneCheck:
    if isinstance(value, str):
        if not value or value.isspace():
            return _failed(value, "phone.missing")
        return _result(value, _verdict(value, region), ())
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _failed(value, "phone.missing")
    if isinstance(value, float | numbers.Integral) and not isinstance(value, bool):
        warnings = ("phone.numeric_input",)
        digits = _numeric_text(value)
        if digits is None:
            return _failed(value, "phone.not_a_number", warnings)
        return _result(value, _numeric_verdict(digits, region), warnings)
    return _failed(value, "phone.type")


def check_phone(value: object, *, region: str | None = None, strict: bool = False) -> PhoneCheck:
    """Check a phone number and normalise it to E.164.

    Args:
        value: The number as written: text in national or international format (``+`` or the
            region's international dialling prefix such as ``00``), with any punctuation and
            an optional extension. An ``int`` or a whole ``float`` (as pandas reads a column
            of digits) is read as its decimal digits, with the warning
            ``phone.numeric_input``. A leading ``+``, ``00`` or trunk ``0`` may have been lost
            on the way, so the digits are read both in ``region``'s national format and as an
            international number; two different valid readings give ``phone.ambiguous``, and
            without ``region`` no reading is attempted (``phone.no_region``). ``None``, NaN and
            blank text are missing.
        region: The ISO 3166-1 alpha-2 code (any case) of the region whose national format
            the value may be written in, e.g. the customer's country. It is not needed for
            numbers written with ``+``; those keep their own country whatever ``region`` says.
        strict: Raise instead of returning a result with errors.

    Returns:
        The check's result; ``normalized`` is the E.164 form when the number is valid.

    Raises:
        InvalidArgument: ``region`` is not a region code phonenumbers supports.
        InvalidValue: ``strict`` is true and the value is not a valid number; ``code`` is the
            reason code.

    >>> check_phone("(650) 253-0000", region="US").normalized
    '+16502530000'
    >>> check_phone("07700 900123", region="GB").errors
    ('phone.invalid',)
    >>> check_phone("030 123456").errors
    ('phone.no_region',)
    >>> check_phone(4915112345678.0, region="DE").warnings
    ('phone.numeric_input',)
    >>> check_phone("12345", region="US", strict=True)
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidValue: 'value' is not a valid phone number [phone.too_short]: the number has too few digits for its country (got '12345')
    """  # noqa: E501
    result = _check(value, _region_code(region))
    if strict and result.errors:
        code = result.errors[0]
        msg = f"'value' is not a valid phone number [{code}]: {PHONE_REASONS[code]} (got {value!r})"
        raise InvalidValue(msg, field="value", value=value, code=code)
    return result


def format_phone(e164: str, *, style: PhoneStyle = "international") -> str:
    """Format a valid E.164 number for display.

    Args:
        e164: A valid number in E.164 form, such as :attr:`PhoneCheck.normalized`.
        style: ``"international"`` (``+44 20 7946 0958``), ``"national"`` (as dialled inside
            the country, with its trunk prefix: ``020 7946 0958``), ``"e164"`` or
            ``"rfc3966"`` (a ``tel:`` URI).

    Returns:
        The number in the chosen format (phonenumbers' formatting rules).

    Raises:
        InvalidArgument: ``style`` is unknown, or ``e164`` is not a valid number in E.164
            form.

    >>> format_phone("+442079460958")
    '+44 20 7946 0958'
    >>> format_phone("+16502530000", style="national")
    '(650) 253-0000'
    >>> format_phone("+33612345678", style="rfc3966")
    'tel:+33-6-12-34-56-78'
    """
    given_style: object = style  # checked at run time whatever the annotation says
    number_format = _STYLES.get(given_style) if isinstance(given_style, str) else None
    if number_format is None:
        msg = f"'style' must be one of {sorted(_STYLES)} (got {style!r})"
        raise InvalidArgument(msg, field="style", value=style)
    given: object = e164
    check = check_phone(given) if isinstance(given, str) else None
    if check is None or check.normalized != e164:
        msg = (
            "'e164' must be a valid phone number in E.164 form, such as '+442079460958' "
            f"(got {e164!r})"
        )
        raise InvalidArgument(msg, field="e164", value=e164)
    number = phonenumbers.parse(e164, None)
    return str(phonenumbers.format_number(number, number_format))
