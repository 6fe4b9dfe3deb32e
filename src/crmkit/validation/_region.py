"""Check that a region (state, province, county, ...) belongs to the record's country.

The cross-field rule "region valid for country": the value must name one of the country's
first-level subdivisions in Google's address metadata (vendored in ``_address_data``; see that
module for the source, version and BSD-3-Clause notice). A subdivision is recognised by its
postal key (``"CA"``), its ISO 3166-2 code (``"US-CA"`` or ``"CA"``), its local name
(``"California"``), its Latin-script name (``"Tokyo"`` for ``東京都``) or its name in another
official language of the country (``"Colombie-Britannique"``). The comparison ignores case,
spaces and punctuation, and accents on Latin letters (``"Quebec"`` finds ``QC``); accents and
marks of other scripts are kept, since there they distinguish letters.

The canonical form is the postal key (``"CA"`` in the US, ``"ON"`` in Canada, ``"NSW"`` in
Australia, ``"東京都"`` in Japan), which postal addresses print; ``iso_code`` gives the ISO
3166-2 code where the data has one.

Only 48 countries have subdivision data. Elsewhere a given region is accepted unchecked with
the warning ``region.unchecked``: crmkit does not claim to know it.

This module is a leaf: it imports the standard library, attrs, ``crmkit._errors`` and its data
module only. Per-country look-up tables are built on first use and memoised.

>>> result = check_region("california", country="us")
>>> result.normalized, result.iso_code, result.name
('CA', 'US-CA', 'California')
>>> check_region("Bavaria", country="US").errors
('region.unknown',)
"""

from __future__ import annotations

import functools
import math
import unicodedata
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, NewType

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._address_data import (
    ADDRESS_FIELDS,
    COUNTRY_NAMES,
    REQUIRED_FIELDS,
    SUBDIVISION_ALIASES,
    SUBDIVISIONS,
    SubdivisionRow,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["REGION_REASONS", "RegionCheck", "RegionKey", "check_region"]

RegionKey = NewType("RegionKey", str)
"""A first-level subdivision's postal key, as Google's address metadata spells it."""

REGION_REASONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # errors
        "region.missing": "No region, and the country's postal data requires one.",
        "region.type": "The value is not text.",
        "region.unknown": "Not a first-level subdivision of the country.",
        "region.ambiguous": "The name fits more than one subdivision of the country.",
        # warnings
        "region.missing_optional": (
            "No region; the country's addresses have one but its postal data does not require it."
        ),
        "region.unchecked": (
            "The data has no subdivision list for the country; the value is not checked."
        ),
    }
)

_REGION_FIELD = "S"
_UK_HINT = " (the ISO 3166-1 code of the United Kingdom is 'GB')"
# Latin letters (Basic Latin to Latin Extended-B, and Latin Extended Additional): marks on
# these are accents that people leave out ("Quebec"); marks on other scripts are letters.
_LATIN_END = "\u0250"
_LATIN_ADDITIONAL = ("\u1e00", "\u1eff")


@attrs.frozen
class RegionCheck:
    """The outcome of :func:`check_region` for one value.

    Attributes:
        original: The value given, untouched.
        country: The ISO 3166-1 alpha-2 code the value was checked against, upper case.
        normalized: The subdivision's postal key; for a country without subdivision data,
            the value with its spaces tidied (unchecked); ``None`` when missing or not valid.
        errors: Reason codes that make the value invalid (see :data:`REGION_REASONS`).
        warnings: Reason codes worth reporting that do not invalidate the value.
        iso_code: The ISO 3166-2 code (``"US-CA"``) when the data has one, else ``None``.
        name: The subdivision's local name (``"California"``, ``"東京都"``), else ``None``.
        latin_name: A Latin-script name when the data has one (``"Tokyo"``), else ``None``.

    >>> RegionCheck(original="x", country="US", errors=("region.unknown",)).valid
    False
    """

    original: object
    country: str
    normalized: RegionKey | None = None
    errors: tuple[str, ...] = attrs.field(default=(), validator=attrs.validators.instance_of(tuple))
    warnings: tuple[str, ...] = attrs.field(
        default=(), validator=attrs.validators.instance_of(tuple)
    )
    iso_code: str | None = None
    name: str | None = None
    latin_name: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the value is acceptable (no errors; warnings do not count).

        >>> check_region("Ontario", country="CA").valid
        True
        """
        return not self.errors


def _fold(text: str) -> str:
    """The form region names are compared in: case, spaces, punctuation and Latin accents gone.

    Args:
        text: A region name or code.

    Returns:
        The folded text (NFC, case-folded, letters, digits and non-Latin marks only).

    >>> _fold("Île-du-Prince-Édouard") == _fold("ile du prince edouard")
    True
    >>> _fold("St. Andrew")
    'standrew'
    """
    kept: list[str] = []
    latin = False
    for char in unicodedata.normalize("NFKD", text):
        kind = unicodedata.category(char)[0]
        if kind == "M":
            if not latin:
                kept.append(char)
        elif kind in "LN":
            kept.append(char)
            latin = char < _LATIN_END or _LATIN_ADDITIONAL[0] <= char <= _LATIN_ADDITIONAL[1]
        else:
            latin = False
    return unicodedata.normalize("NFC", "".join(kept)).casefold()


@attrs.frozen
class _Table:
    """One country's subdivisions and the folded names that find them."""

    country: str
    in_format: bool
    required: bool
    rows: Mapping[str, SubdivisionRow]
    names: Mapping[str, str | None]  # folded name -> key, or None when ambiguous


def _tiers(country: str, rows: tuple[SubdivisionRow, ...]) -> Iterable[list[tuple[str, str]]]:
    """``(key, text)`` pairs, most authoritative first: a name found in an earlier tier wins."""
    yield [(row[0], row[0]) for row in rows]
    yield [(row[0], text) for row in rows if row[3] for text in (row[3], f"{country}-{row[3]}")]
    yield [(row[0], row[1]) for row in rows]
    yield [(row[0], row[2]) for row in rows if row[2]]
    yield list(SUBDIVISION_ALIASES.get(country, ()))


@functools.lru_cache(maxsize=1024)
def _table(given: str) -> _Table:
    """The look-up table of the country ``given`` names (any case); memoised per spelling."""
    country = given.upper()
    if country not in COUNTRY_NAMES:
        hint = _UK_HINT if country == "UK" else ""
        msg = (
            "'country' must be an ISO 3166-1 alpha-2 code known to the address data, "
            f"such as 'US' (got {given!r}){hint}"
        )
        raise InvalidArgument(msg, field="country", value=given)
    rows = SUBDIVISIONS.get(country, ())
    names: dict[str, str | None] = {}
    for tier in _tiers(country, rows):
        found: dict[str, set[str]] = {}
        for key, text in tier:
            folded = _fold(text)
            if folded:
                found.setdefault(folded, set()).add(key)
        for folded, keys in found.items():
            if folded not in names:
                names[folded] = next(iter(keys)) if len(keys) == 1 else None
    return _Table(
        country=country,
        in_format=_REGION_FIELD in ADDRESS_FIELDS[country],
        required=_REGION_FIELD in REQUIRED_FIELDS[country],
        rows=MappingProxyType({row[0]: row for row in rows}),
        names=MappingProxyType(names),
    )


def check_region(value: object, *, country: str, strict: bool = False) -> RegionCheck:
    """Check that a region names a first-level subdivision of the country.

    Args:
        value: The field value: a postal key, ISO 3166-2 code or name. ``None``, NaN and
            blank strings mean missing.
        country: The ISO 3166-1 alpha-2 code of the address (any case), e.g. ``"US"``.
        strict: Raise :class:`~crmkit.InvalidValue` instead of returning an invalid result.

    Returns:
        The check result; ``normalized`` is the postal key when the value is valid.

    Raises:
        InvalidArgument: ``country`` is not a known code.
        InvalidValue: ``strict=True`` and the value is not valid (``code`` is the first
            error code).

    >>> check_region("NSW", country="AU").name
    'New South Wales'
    >>> check_region("Quebec", country="CA").normalized
    'QC'
    >>> check_region("Bayern", country="DE").warnings
    ('region.unchecked',)
    """
    if type(country) is not str:
        msg = f"'country' must be an ISO 3166-1 alpha-2 code such as 'US' (got {country!r})"
        raise InvalidArgument(msg, field="country", value=country)
    table = _table(country)
    result = _check(value, table)
    if strict and result.errors:
        msg = f"'value' is not a region of {table.country!r} [{result.errors[0]}] (got {value!r})"
        raise InvalidValue(msg, field="value", value=value, code=result.errors[0])
    return result


def _check(value: object, table: _Table) -> RegionCheck:
    country = table.country
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _missing(value, table)
    if not isinstance(value, str):
        return RegionCheck(original=value, country=country, errors=("region.type",))
    text = " ".join(value.split())
    if not text:
        return _missing(value, table)
    if not table.rows:
        return RegionCheck(
            original=value,
            country=country,
            normalized=RegionKey(text),
            warnings=("region.unchecked",),
        )
    row = table.rows.get(text) or table.rows.get(text.upper())
    if row is None:
        folded = _fold(text)
        if folded not in table.names:
            return RegionCheck(original=value, country=country, errors=("region.unknown",))
        key = table.names[folded]
        if key is None:
            return RegionCheck(original=value, country=country, errors=("region.ambiguous",))
        row = table.rows[key]
    key, name, latin_name, iso_id, _ = row
    return RegionCheck(
        original=value,
        country=country,
        normalized=RegionKey(key),
        iso_code=f"{country}-{iso_id}" if iso_id else None,
        name=name,
        latin_name=latin_name or None,
    )


def _missing(value: object, table: _Table) -> RegionCheck:
    if table.in_format and table.required:
        return RegionCheck(original=value, country=table.country, errors=("region.missing",))
    warnings = ("region.missing_optional",) if table.in_format else ()
    return RegionCheck(original=value, country=table.country, warnings=warnings)
