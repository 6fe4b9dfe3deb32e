"""Organisation names: split off the legal form (``Inc.``, ``GmbH``), validate, key for matching.

:func:`parse_organisation_name` splits a legal form off the end of an organisation name, writes
it in its canonical spelling with a country hint (ISO 20275, curated subset in
``_name_data.LEGAL_FORMS``) and gives the ``core`` name used for matching. The rest of the
name is kept as typed: ``IBM`` and ``eBay`` are deliberate.

:func:`match_legal_form` is also used by :mod:`crmkit.validation._names` to flag a person
name that is really an organisation (``name.organisation``).

Vendorable leaf: standard library, ``attrs``, :mod:`crmkit._errors` and the sibling table
module ``_name_data``.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import NewType

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._name_data import LEGAL_FORMS, PLACEHOLDERS, TITLE_ALIASES

__all__ = [
    "DEFAULT_MAX_ORGANISATION_LENGTH",
    "LEGAL_ENDINGS",
    "ORGANISATION_REASONS",
    "NormalizedOrganisationName",
    "ParsedOrganisationName",
    "check_organisation_name",
    "match_legal_form",
    "parse_organisation_name",
]

NormalizedOrganisationName = NewType("NormalizedOrganisationName", str)
"""An organisation name with its legal form in canonical spelling."""

DEFAULT_MAX_ORGANISATION_LENGTH = 160
"""Characters; the longest company name UK Companies House registers."""

ORGANISATION_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "organisation.missing": "no name given (None, NaN, empty or whitespace only)",
        "organisation.type": "the value is not a string",
        "organisation.too_long": "longer than the maximum length",
        "organisation.placeholder": "a stand-in such as 'test', 'n/a' or 'unknown', not a name",
        "organisation.invalid_characters": "contains control or other non-printing characters",
        "organisation.legal_form_only": "only a legal form such as 'Ltd', no name",
        "organisation.person_title": "starts with Mr, Mrs, Ms, Miss or Mx: likely a person",
    }
)
"""Every reason code :func:`parse_organisation_name` can emit, with a one-line description."""

LEGAL_ENDINGS = frozenset(key.rsplit(" ", 1)[-1] for key in LEGAL_FORMS)
"""The lookup key of the last word of every legal form: a name ending in another word (its
key: case-folded, full stops removed) has no legal form."""

_SOCIAL_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx"})
_MAX_FORM_WORDS = 4  # the longest legal form in LEGAL_FORMS: "gmbh & co kg"


def _key(token: str) -> str:
    return token.casefold().replace(".", "")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _check_max_length(max_length: object) -> None:
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        msg = f"'max_length' must be a positive int (got {max_length!r})"
        raise InvalidArgument(msg, field="max_length", value=max_length)


def match_legal_form(tokens: list[str]) -> tuple[str, tuple[str, ...], bool, int] | None:
    """Match the longest legal form ending ``tokens``: (canonical, countries, ambiguous, size).

    ``ambiguous`` is true for forms that are also ordinary words or initials (``AS``,
    ``SpA``); ``size`` is the number of tokens the form takes.

    >>> match_legal_form(["Acme", "Widgets", "Inc."])
    ('Inc.', ('US', 'CA', 'PH'), False, 1)
    >>> match_legal_form(["Bath", "Day", "Spa"]) is None
    True
    """
    if not tokens or _key(tokens[-1].strip(",")) not in LEGAL_ENDINGS:
        return None
    for size in range(min(_MAX_FORM_WORDS, len(tokens)), 0, -1):
        window = tokens[-size:]
        entry = LEGAL_FORMS.get(" ".join(_key(token.strip(",")) for token in window))
        if entry is None:
            continue
        canonical, countries, exact = entry
        typed = " ".join(window).strip(",")
        if exact and typed not in exact and "." not in typed.rstrip("."):
            continue  # "Day Spa", "Known As": ordinary words, not S.p.A. or AS
        return canonical, countries, bool(exact), size
    return None


@attrs.frozen
class ParsedOrganisationName:
    """An organisation name split into its core and its legal form.

    Attributes:
        original: The value given, untouched.
        normalized: Core and canonical legal form (``"Acme Widgets Inc."``), or ``None``.
        errors: Reason codes (see :data:`ORGANISATION_REASONS`) that make it invalid.
        warnings: Reason codes worth reporting that do not invalidate it.
        core: The name without its legal form, as typed (whitespace collapsed).
        legal_form: The canonical legal form (``"GmbH"``, ``"Inc."``), or ``""``.
        countries: ISO 3166-1 alpha-2 codes where the legal form is used: a hint only.
    """

    original: object
    normalized: NormalizedOrganisationName | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    core: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    legal_form: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    countries: tuple[str, ...] = attrs.field(
        default=(), validator=attrs.validators.deep_iterable(attrs.validators.instance_of(str))
    )

    @property
    def valid(self) -> bool:
        """``True`` when there are no errors."""
        return not self.errors

    @property
    def key(self) -> str:
        """A key for matching: the core case-folded, punctuation and a leading "the" dropped.

        ``&`` reads as "and"; accents are kept (folding them is the matcher's choice).

        >>> parse_organisation_name("The Smith & Jones Co.").key
        'smith and jones'
        """
        text = self.core.casefold().replace("&", " and ")
        text = "".join(char if char.isalnum() else " " for char in text)
        words = text.split()
        return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def parse_organisation_name(
    value: object,
    *,
    strict: bool = False,
    max_length: int = DEFAULT_MAX_ORGANISATION_LENGTH,
) -> ParsedOrganisationName:
    """Split a legal form (``Inc.``, ``Ltd``, ``GmbH & Co. KG``) off an organisation name.

    The name is kept as typed (only whitespace is collapsed): ``IBM`` and ``eBay`` are
    deliberate. The legal form gets its canonical spelling and a country hint. Forms that
    are also words or initials (``AS``, ``SpA``, ``SA``) are recognised only when typed that
    way or with full stops, so "Day Spa" stays a name.

    Args:
        value: The organisation name as found in the data.
        strict: Raise :class:`~crmkit.InvalidValue` on the first error.
        max_length: The longest acceptable value, in characters.

    Returns:
        The split name with the field-check verdict; see :data:`ORGANISATION_REASONS`.

    Raises:
        InvalidArgument: If ``max_length`` is not a positive int.
        InvalidValue: If ``strict`` is true and the name has an error.

    >>> org = parse_organisation_name("Acme Widgets Inc.")
    >>> org.core, org.legal_form, org.countries[0]
    ('Acme Widgets', 'Inc.', 'US')
    >>> parse_organisation_name("Müller gmbh & co. kg").normalized
    'Müller GmbH & Co. KG'
    """
    _check_max_length(max_length)
    code, text = None, ""
    if isinstance(value, str):
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        text = " ".join(text.split())
    tokens = text.split()
    match = match_legal_form(tokens)
    legal_form, countries, size = ("", (), 0) if match is None else (*match[:2], match[3])
    core = " ".join(tokens[: len(tokens) - size]).rstrip(" ,;-–")
    if not text:
        code = "organisation.missing" if _is_missing(value) else "organisation.type"
    elif len(text) > max_length:
        code = "organisation.too_long"
    elif text.casefold() in PLACEHOLDERS:
        code = "organisation.placeholder"
    elif not text.isprintable():
        code = "organisation.invalid_characters"
    elif not core:
        code = "organisation.legal_form_only"
    if code is not None and strict:
        msg = f"'organisation' is not a valid organisation name (got {value!r}): {code}"
        raise InvalidValue(msg, field="organisation", value=value, code=code)
    warnings: tuple[str, ...] = ()
    if len(tokens) > 1 and TITLE_ALIASES.get(_key(tokens[0])) in _SOCIAL_TITLES:
        warnings = ("organisation.person_title",)
    normalized = NormalizedOrganisationName(f"{core} {legal_form}" if legal_form else core)
    return ParsedOrganisationName(
        value,
        None if code else normalized,
        (code,) if code else (),
        warnings,
        core=core,
        legal_form=legal_form,
        countries=countries,
    )


def check_organisation_name(
    value: object,
    *,
    strict: bool = False,
    max_length: int = DEFAULT_MAX_ORGANISATION_LENGTH,
) -> ParsedOrganisationName:
    """The field check for organisation names: the same as :func:`parse_organisation_name`.

    >>> check_organisation_name("Ltd").errors
    ('organisation.legal_form_only',)
    """
    return parse_organisation_name(value, strict=strict, max_length=max_length)
