"""Check and normalise postcodes against each country's national pattern.

The CRM text's validation step asks to "check postcodes against an authoritative external
listing from the mail authorities" (texts-catalog-1 §6). crmkit cannot ship the listings
themselves (they are licensed per country and change every month), so it checks the next best
thing offline: the national *format* of the postcode, from Google's address metadata (vendored
in ``_address_data``; see that module for the source, version and BSD-3-Clause notice). A
postcode found valid here is well-formed for its country, not known to exist.

Canonical layout, derived from the data's examples rather than written per country: the value
is upper-cased and its spaces and hyphens removed (the *compact* form); if an example of the
country has the same compact length, its separators are put back at the same places
(``sw1a1aa`` → ``SW1A 1AA`` like ``EC1Y 8SY``; ``01001000`` → ``01001-000`` like
``40301-110``). When every example puts its separators at the same distance from the end (or
from the start), that layout also serves lengths no example shows (``GY10 1AA``). The first
candidate the national pattern accepts in full is the canonical form.

Numbers are accepted, because spreadsheets turn postcodes into numbers, but never padded: a
number (or digit string) that is valid only once zeros are put back in front is reported as
``postcode.numeric_lost_zeros`` with the padded postcode as ``suggestion``.

This module is a leaf: it imports the standard library, attrs, ``crmkit._errors`` and its data
module only. Per-country rules are compiled on first use and memoised.

>>> check_postcode("sw1a1aa", country="gb").normalized
'SW1A 1AA'
>>> result = check_postcode(2134, country="US")
>>> result.errors, result.suggestion
(('postcode.numeric_lost_zeros',), '02134')
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NewType

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._address_data import (
    ADDRESS_FIELDS,
    COUNTRY_NAMES,
    POSTCODE_EXAMPLES,
    POSTCODE_PATTERNS,
    POSTCODE_PREFIXES,
    REQUIRED_FIELDS,
    SUBDIVISIONS,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["POSTCODE_REASONS", "CanonicalPostcode", "PostcodeCheck", "check_postcode"]

CanonicalPostcode = NewType("CanonicalPostcode", str)
"""A postcode in its country's canonical layout (upper case, national separators)."""

POSTCODE_REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # errors
        "postcode.missing": "No postcode, and the country's postal data requires one.",
        "postcode.type": "The value is neither text nor a non-negative whole number.",
        "postcode.format": "The postcode does not match the country's national pattern.",
        "postcode.numeric_lost_zeros": (
            "Only digits, and valid only with leading zeros put back (a spreadsheet likely "
            "stored it as a number); 'suggestion' holds the padded postcode."
        ),
        "postcode.region_mismatch": (
            "The postcode does not start with the prefix the postal data gives for the region."
        ),
        # warnings
        "postcode.missing_optional": (
            "No postcode; the country has postcodes but its postal data does not require one."
        ),
        "postcode.not_used": (
            "A postcode was given for a country whose addresses have none; it is not checked."
        ),
        "postcode.unchecked": (
            "The country's addresses have a postcode but the data has no pattern for it; the "
            "value is not checked."
        ),
        "postcode.numeric": (
            "Given as a number: keep postcodes as text, or leading zeros get lost."
        ),
        "postcode.prefix_removed": (
            "A country prefix such as 'CH-' was removed: it belongs to the international "
            "address line, not to the postcode."
        ),
    }
)

_POSTCODE_FIELD = "Z"
# Spaces and the hyphen look-alikes people type between the parts of a postcode.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]+")
_DASHES = re.compile(r"[\-\u2010-\u2015\u2212\uff0d]+")
_SPACES = re.compile(r"\s+")
# The ASCII subset of the separators, for the fast path (str.translate beats a regex).
_ASCII_SEPARATORS = str.maketrans("", "", " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85-")
_UK_HINT = " (the ISO 3166-1 code of the United Kingdom is 'GB')"

_Layout = tuple[tuple[int, str], ...]
"""Separators to insert: ``(index in the compact form, separator)``, in increasing order."""


@attrs.frozen
class PostcodeCheck:
    """The outcome of :func:`check_postcode` for one value.

    Attributes:
        original: The value given, untouched.
        country: The ISO 3166-1 alpha-2 code the value was checked against, upper case.
        normalized: The postcode in the national layout, or ``None`` when the value is
            missing or not valid.
        errors: Reason codes that make the value invalid (see :data:`POSTCODE_REASONS`).
        warnings: Reason codes worth reporting that do not invalidate the value.
        suggestion: For ``postcode.numeric_lost_zeros``, the postcode with its leading zeros
            put back; only advice, ``normalized`` never takes it over.

    >>> PostcodeCheck(original="x", country="DE", errors=("postcode.format",)).valid
    False
    """

    original: object
    country: str
    normalized: CanonicalPostcode | None = None
    errors: tuple[str, ...] = attrs.field(default=(), validator=attrs.validators.instance_of(tuple))
    warnings: tuple[str, ...] = attrs.field(
        default=(), validator=attrs.validators.instance_of(tuple)
    )
    suggestion: CanonicalPostcode | None = None

    @property
    def valid(self) -> bool:
        """Whether the value is acceptable (no errors; warnings do not count).

        >>> check_postcode("", country="AE").valid
        True
        """
        return not self.errors


@attrs.frozen
class _Rules:
    """One country's postcode rules, compiled on first use."""

    country: str
    in_format: bool
    required: bool
    pattern: re.Pattern[str] | None
    by_length: dict[int, tuple[_Layout, ...]]  # private and never mutated after build
    from_end: _Layout | None
    from_start: _Layout | None
    prefixes: tuple[str, ...]
    max_length: int


def _layout(example: str) -> tuple[str, _Layout]:
    compact: list[str] = []
    separators: list[tuple[int, str]] = []
    for char in example:
        if char in " -":
            separators.append((len(compact), char))
        else:
            compact.append(char)
    return "".join(compact), tuple(separators)


def _shared(layouts: list[tuple[int, _Layout]], *, from_end: bool) -> _Layout | None:
    """The layout all examples share, counted from the end or the start, if any."""
    found: set[_Layout] = set()
    for length, layout in layouts:
        found.add(tuple((length - i if from_end else i, sep) for i, sep in layout))
    if len(found) != 1:
        return None
    (shared,) = found
    return shared or None


@functools.lru_cache(maxsize=1024)
def _rules(given: str) -> _Rules:
    """The rules of the country ``given`` names (any case); memoised per spelling."""
    country = given.upper()
    if country not in COUNTRY_NAMES:
        hint = _UK_HINT if country == "UK" else ""
        msg = (
            "'country' must be an ISO 3166-1 alpha-2 code known to the address data, "
            f"such as 'US' (got {given!r}){hint}"
        )
        raise InvalidArgument(msg, field="country", value=given)
    pattern = POSTCODE_PATTERNS.get(country)
    by_length: dict[int, list[_Layout]] = {}
    measured: list[tuple[int, _Layout]] = []
    for example in POSTCODE_EXAMPLES.get(country, ()):
        compact, layout = _layout(example)
        known = by_length.setdefault(len(compact), [])
        if layout not in known:
            known.append(layout)
        measured.append((len(compact), layout))
    prefixes = {country}
    if country in POSTCODE_PREFIXES:
        prefixes.add(_SEPARATORS.sub("", POSTCODE_PREFIXES[country]))
    return _Rules(
        country=country,
        in_format=_POSTCODE_FIELD in ADDRESS_FIELDS[country],
        required=_POSTCODE_FIELD in REQUIRED_FIELDS[country],
        pattern=None if pattern is None else re.compile(pattern, re.ASCII),
        by_length={n: tuple(v) for n, v in by_length.items()},
        from_end=_shared(measured, from_end=True),
        from_start=_shared(measured, from_end=False),
        prefixes=tuple(sorted(prefixes, key=len, reverse=True)),
        max_length=max((n for n, _ in measured), default=0),
    )


@functools.cache
def _region_prefixes(country: str) -> Mapping[str, re.Pattern[str] | None]:
    return MappingProxyType(
        {
            row[0].casefold(): re.compile(f"(?:{row[4]})", re.ASCII) if row[4] else None
            for row in SUBDIVISIONS.get(country, ())
        }
    )


def _insert(compact: str, layout: _Layout) -> str:
    if len(layout) == 1:  # the common case: one space or hyphen
        ((index, separator),) = layout
        return compact[:index] + separator + compact[index:]
    parts: list[str] = []
    start = 0
    for index, separator in layout:
        parts.append(compact[start:index])
        parts.append(separator)
        start = index
    parts.append(compact[start:])
    return "".join(parts)


def _tidy(upper: str) -> str:
    """Runs of spaces become one space, hyphen look-alikes a hyphen."""
    return _SPACES.sub(" ", _DASHES.sub("-", upper))


def _canonical(rules: _Rules, compact: str, upper: str) -> str | None:
    """The first layout of ``compact`` the national pattern accepts, if any."""
    pattern = rules.pattern
    if pattern is None or not compact:
        return None
    length = len(compact)
    for layout in rules.by_length.get(length, ()):
        candidate = _insert(compact, layout) if layout else compact
        if pattern.fullmatch(candidate):
            return candidate
    if rules.from_end is not None and all(0 < offset < length for offset, _ in rules.from_end):
        candidate = _insert(compact, tuple((length - off, s) for off, s in rules.from_end))
        if pattern.fullmatch(candidate):
            return candidate
    if rules.from_start is not None and all(0 < index < length for index, _ in rules.from_start):
        candidate = _insert(compact, rules.from_start)
        if pattern.fullmatch(candidate):
            return candidate
    if pattern.fullmatch(compact):
        return compact
    tidy = _tidy(upper)
    return tidy if pattern.fullmatch(tidy) else None


def _text(value: object) -> str | None:
    """The value as text (numbers in decimal digits), or ``None`` for a wrong type."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return str(int(value))
    return None


def _ascii_digits(text: str) -> str:
    """NFKC-normalise (full-width forms) and turn every Unicode decimal digit into ASCII."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def check_postcode(
    value: object, *, country: str, region: str | None = None, strict: bool = False
) -> PostcodeCheck:
    """Check one postcode against its country's national pattern and normalise its layout.

    Args:
        value: The field value: text, or a whole number from a spreadsheet. ``None``, NaN and
            blank strings mean missing.
        country: The ISO 3166-1 alpha-2 code of the address (any case), e.g. ``"US"``.
        region: Optionally the address's first-level subdivision as its canonical key (what
            :func:`~crmkit.validation.check_region` returns as ``normalized``, e.g. ``"CA"``
            in the US), to check that the postcode belongs to it. Ignored when the data has
            no subdivisions, or no postcode prefix for that subdivision.
        strict: Raise :class:`~crmkit.InvalidValue` instead of returning an invalid result.

    Returns:
        The check result; ``valid`` tells whether the value is acceptable.

    Raises:
        InvalidArgument: ``country`` is not a known code, or ``region`` is not a subdivision
            key of the country.
        InvalidValue: ``strict=True`` and the value is not valid (``code`` is the first
            error code).

    >>> check_postcode("k1a0b1", country="CA").normalized
    'K1A 0B1'
    >>> check_postcode("10001", country="US", region="CA").errors
    ('postcode.region_mismatch',)
    >>> check_postcode("12345", country="AE").warnings
    ('postcode.not_used',)
    """
    if type(country) is not str:
        msg = f"'country' must be an ISO 3166-1 alpha-2 code such as 'US' (got {country!r})"
        raise InvalidArgument(msg, field="country", value=country)
    rules = _rules(country)
    code = rules.country
    prefix = None
    if region is not None:
        if type(region) is not str:
            msg = f"'region' must be a subdivision key or None (got {region!r})"
            raise InvalidArgument(msg, field="region", value=region)
        prefixes = _region_prefixes(code)
        if prefixes:
            key = region.casefold()
            if key not in prefixes:
                msg = (
                    f"'region' must be a subdivision key of {code!r} as check_region() "
                    f"normalises it (got {region!r})"
                )
                raise InvalidArgument(msg, field="region", value=region)
            prefix = prefixes[key]
    result = _check(value, rules, prefix)
    if strict and result.errors:
        msg = f"'value' is not a valid postcode for {code!r} [{result.errors[0]}] (got {value!r})"
        raise InvalidValue(msg, field="value", value=value, code=result.errors[0])
    return result


def _check(value: object, rules: _Rules, region_prefix: re.Pattern[str] | None) -> PostcodeCheck:
    country = rules.country
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _missing(value, country, rules)
    text = value if type(value) is str else _text(value)
    if text is None:
        return PostcodeCheck(original=value, country=country, errors=("postcode.type",))
    if text.isascii():
        upper = text.strip().upper()
        compact = upper.translate(_ASCII_SEPARATORS)
    else:
        upper = _ascii_digits(text).strip().upper()
        compact = _SEPARATORS.sub("", upper)
    if not upper:
        return _missing(value, country, rules)
    warnings: tuple[str, ...] = () if isinstance(value, str) else ("postcode.numeric",)
    if rules.pattern is None:
        reason = "postcode.unchecked" if rules.in_format else "postcode.not_used"
        return PostcodeCheck(
            original=value,
            country=country,
            normalized=CanonicalPostcode(_tidy(upper)),
            warnings=(reason,),
        )
    # A country prefix the pattern does not need is removed however it was typed ("CH-8001",
    # "ch 8001", "C H8001"; "AI-2640" and "AI2640" alike), so one postcode has one canonical
    # form; a prefix the pattern requires ("AD500") stays.
    canonical = None
    tidy = _tidy(upper)
    for prefix in rules.prefixes:
        if compact.startswith(prefix):
            rest = (
                tidy[len(prefix) :].lstrip(" -")
                if tidy.startswith(prefix)
                else compact[len(prefix) :]
            )
            canonical = _canonical(rules, compact[len(prefix) :], rest)
            if canonical is not None:
                warnings = (*warnings, "postcode.prefix_removed")
                break
    if canonical is None:
        canonical = _canonical(rules, compact, upper)
    if canonical is None:
        if upper.isdigit():  # a number, or digits alone: no separator was ever typed
            for width in range(len(compact) + 1, rules.max_length + 1):
                padded = compact.zfill(width)
                suggestion = _canonical(rules, padded, padded)
                if suggestion is not None:
                    return PostcodeCheck(
                        original=value,
                        country=country,
                        errors=("postcode.numeric_lost_zeros",),
                        warnings=warnings,
                        suggestion=CanonicalPostcode(suggestion),
                    )
        return PostcodeCheck(
            original=value, country=country, errors=("postcode.format",), warnings=warnings
        )
    if region_prefix is not None and not region_prefix.match(canonical):
        return PostcodeCheck(
            original=value,
            country=country,
            errors=("postcode.region_mismatch",),
            warnings=warnings,
        )
    return PostcodeCheck(
        original=value, country=country, normalized=CanonicalPostcode(canonical), warnings=warnings
    )


def _missing(value: object, country: str, rules: _Rules) -> PostcodeCheck:
    if rules.in_format and rules.required:
        return PostcodeCheck(original=value, country=country, errors=("postcode.missing",))
    warnings = ("postcode.missing_optional",) if rules.in_format else ()
    return PostcodeCheck(original=value, country=country, warnings=warnings)
