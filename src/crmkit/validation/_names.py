"""Person and organisation names: split into parts, recase respectfully, validate, salute.

Wrong names and titles do the most damage in customer contact ("the most damage is done when
errors are made in the gender or name of a customer", CRM text L3677–3678), and "misspelt
names, incorrect titles, inappropriate salutations" are the first validation targets
(L5142–5154). This module is rule based and deterministic: it never guesses a gender.

* :func:`parse_name` splits a person's name into title, given, middle, family, suffix and
  nickname; it reads "Family, Given" order, keeps particles with the family name
  (``van der Berg``) and recases only parts typed entirely in one case.
* :func:`salutation_for` and the :class:`ParsedName` properties build "Dear Ms Smith",
  honouring a customer's preferred salutation (L5110–5112: addressed as Mrs although she
  prefers Ms).
* :func:`parse_organisation_name` splits off a legal form (``Inc.``, ``GmbH``) and gives the
  ``core`` name used for matching.

Vendorable leaf: standard library, ``attrs``, :mod:`crmkit._errors` and the sibling table
module ``_name_data``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NewType

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._name_data import (
    AMBIGUOUS_SUFFIXES,
    GENERATIONAL_SUFFIXES,
    LEGAL_FORMS,
    MAC_NAMES,
    PARTICLES,
    PLACEHOLDERS,
    SALUTE_BY_GIVEN_NAME,
    SUFFIXES,
    SURNAME_CONJUNCTIONS,
    TITLE_ALIASES,
    TITLE_SURNAMES,
    TITLES,
)

__all__ = [
    "DEFAULT_MAX_NAME_LENGTH",
    "DEFAULT_MAX_ORGANISATION_LENGTH",
    "NAME_REASONS",
    "ORGANISATION_REASONS",
    "NormalizedName",
    "NormalizedOrganisationName",
    "ParsedName",
    "ParsedOrganisationName",
    "SalutationStyle",
    "TitleStyle",
    "canonical_title",
    "check_name",
    "check_organisation_name",
    "parse_name",
    "parse_organisation_name",
    "salutation_for",
]

NormalizedName = NewType("NormalizedName", str)
"""A person's full name in canonical form, as produced by :func:`parse_name`."""

NormalizedOrganisationName = NewType("NormalizedOrganisationName", str)
"""An organisation name with its legal form in canonical spelling."""

TitleStyle = Literal["british", "us"]
"""``"british"``: contractions without a full stop (``Mr``, ``Dr``, ``Jr``); ``"us"``: ``Mr.``."""

SalutationStyle = Literal["formal", "informal"]
"""``"formal"``: title and family name (``Dear Ms Smith``); ``"informal"``: ``Dear Jane``."""

DEFAULT_MAX_NAME_LENGTH = 100
"""Characters, after whitespace is collapsed. A generous ceiling: longer values are almost
always several fields pasted together or free text. Configurable with ``max_length=``."""

DEFAULT_MAX_ORGANISATION_LENGTH = 160
"""Characters; the longest company name UK Companies House registers."""

NAME_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "name.missing": "no name given (None, NaN, empty or whitespace only)",
        "name.type": "the value is not a string",
        "name.too_long": "longer than the maximum length",
        "name.placeholder": "a stand-in such as 'test', 'n/a', 'unknown' or 'xxx', not a name",
        "name.multiple_people": "names more than one person ('Mr and Mrs Smith', 'John & Jane')",
        "name.format": "cannot be split into name parts (extra commas, a word with no letter)",
        "name.title_only": "only a title such as 'Mr' or 'Dr', no name",
        "name.invalid_characters": "contains characters no name has (@, /, _, a URL, brackets)",
        "name.contains_digits": "contains digits",
        "name.organisation": "ends in a legal form such as Ltd or Inc.: an organisation",
        "name.no_family_name": "a single name: the family name cannot be told apart",
        "name.family_initial": "the family name is only an initial",
        "name.all_caps": "typed in capitals; recased in the normalised form",
        "name.all_lower": "typed in lower case; recased in the normalised form",
        "name.recased": "some parts were typed in one case and were recased",
        "name.title_mismatch": "the title in the data differs from the preferred salutation",
    }
)
"""Every reason code :func:`parse_name` can emit, with a one-line description."""

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

_STYLES = ("british", "us")
_APOSTROPHES = "'’ʼ"
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_FAMILY_GIVEN_PARTS = 2  # "Family, Given Middle": two comma-separated parts
_MIN_REPEATED = 3  # "xxx", "aaaa": one letter typed at least this often is a placeholder
_ALLOWED_PUNCTUATION = frozenset(" .,-‐‑&+" + _APOSTROPHES)
_PLAIN = re.compile(r"[A-Za-z .,'\-]*")
_SEPARATORS = re.compile(r"([-‐‑.])")
_URL = re.compile(r"://|\bwww\.|\.(?:com|net|org|info|biz|io)\b", re.IGNORECASE)
_NICKNAME = re.compile(
    r"""\(([^()]*)\)|"([^"]*)"|“([^“”]*)”|(?:(?<=[\s,])|^)'([^'\s][^']*)'(?=[\s,]|$)"""
)
_NICKNAME_MARKS = frozenset('()"“”')
_SINGLE_QUOTED = re.compile(r"(?:^|[\s,])'[^'\s][^']*'(?=[\s,]|$)")
_AND = re.compile(r"(?:^|[\s,])and(?:$|[\s,])", re.IGNORECASE)
_SOCIAL_TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx"})
_FAMILY_PART_SUFFIXES = frozenset({"jr", "jnr", "sr", "snr"})
_NUMERALS = frozenset({"ii", "iii", "iv"})


# Plain dict copies of the read-only tables: ``dict.get`` is faster than a mapping proxy's.
_TITLE_ALIASES = dict(TITLE_ALIASES)
_SUFFIXES = dict(SUFFIXES)
_AMBIGUOUS_SUFFIXES = dict(AMBIGUOUS_SUFFIXES)


def _key(token: str) -> str:
    return token.casefold().replace(".", "")


def _title_of(token: str) -> str | None:
    return _TITLE_ALIASES.get(token.casefold().replace(".", ""))


def _suffix_of(token: str, index: int, *, after_comma: bool) -> str | None:
    key = token.casefold().replace(".", "")
    pair = _SUFFIXES.get(key) or (_AMBIGUOUS_SUFFIXES.get(key) if after_comma else None)
    return None if pair is None else pair[index]


def _check_options(title_style: object, max_length: object) -> int:
    if title_style not in _STYLES:
        msg = f"'title_style' must be one of {_STYLES!r} (got {title_style!r})"
        raise InvalidArgument(msg, field="title_style", value=title_style)
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        msg = f"'max_length' must be a positive int (got {max_length!r})"
        raise InvalidArgument(msg, field="max_length", value=max_length)
    return _STYLES.index(title_style)


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _clean(value: str) -> str:
    text = value if value.isascii() else unicodedata.normalize("NFC", value)
    return " ".join(text.split())


def canonical_title(value: object, *, title_style: TitleStyle = "british") -> str | None:
    """Return the canonical spelling of a title (or of several, "Prof. Dr."), or ``None``.

    Args:
        value: The title as typed: ``"MRS."``, ``"mister"``, ``"Señora"``, ``"Lt. Col."``.
        title_style: ``"british"`` (``Mrs``) or ``"us"`` (``Mrs.``); non-English titles keep
            their own full stops in both styles.

    Returns:
        The canonical title, or ``None`` when any word is not a known title.

    Raises:
        InvalidArgument: If ``value`` is not a string or ``title_style`` is unknown.

    >>> canonical_title("MRS."), canonical_title("mister", title_style="us")
    ('Mrs', 'Mr.')
    >>> canonical_title("Prof. Dr."), canonical_title("Mme"), canonical_title("Jane")
    ('Prof Dr', 'Madame', None)
    """
    index = _check_options(title_style, DEFAULT_MAX_NAME_LENGTH)
    if not isinstance(value, str):
        msg = f"'value' must be a str (got {value!r})"
        raise InvalidArgument(msg, field="value", value=value)
    words = [_title_of(word) for word in value.split()]
    if not words or None in words:
        return None
    return " ".join(TITLES[word][index] for word in words if word is not None)


@attrs.frozen
class ParsedName:
    """A person's name split into parts, with the field-check verdict.

    Parts that are absent are ``""``. ``normalized`` is the canonical full name (title, given,
    middle, family, suffix, ``(nickname)``), or ``None`` when the value is not valid; it uses
    "Family, Given" order only when natural order would read back differently
    (``"García Márquez, Gabriel"``).

    Attributes:
        original: The value given, untouched.
        normalized: The canonical full name, or ``None`` when there are errors.
        errors: Reason codes (see :data:`NAME_REASONS`) that make the value invalid.
        warnings: Reason codes worth reporting that do not invalidate it.
        title: Canonical title(s), e.g. ``"Dr"`` or ``"Prof Dr"``.
        given: The first given name (or initial).
        middle: Further given names and initials.
        family: The family name with its particles, e.g. ``"van der Berg"``.
        suffix: Generational and post-nominal suffixes, comma separated (``"Jr, PhD"``).
        nickname: A name given in quotes or parentheses.
        preferred_title: The customer's preferred salutation title, canonical, or ``""``.
        title_style: The style the titles are written in.
    """

    original: object
    normalized: NormalizedName | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    title: str = ""
    given: str = ""
    middle: str = ""
    family: str = ""
    suffix: str = ""
    nickname: str = ""
    preferred_title: str = ""
    title_style: TitleStyle = attrs.field(
        default="british", validator=attrs.validators.in_(_STYLES)
    )

    @property
    def valid(self) -> bool:
        """``True`` when there are no errors."""
        return not self.errors

    @property
    def salutation(self) -> str | None:
        """How to address the person formally, without a greeting: ``"Ms Smith"``.

        >>> parse_name("Mrs Jane Smith", preferred_salutation="Ms").salutation
        'Ms Smith'
        """
        return _address(self, self.preferred_title or self.title, "formal")

    @property
    def formal_salutation(self) -> str | None:
        """The formal greeting line, ``"Dear Ms Smith"``, or ``None`` for an invalid name.

        >>> parse_name("Sir John Smith").formal_salutation
        'Dear Sir John'
        """
        return salutation_for(self)

    @property
    def informal_salutation(self) -> str | None:
        """The informal greeting line, ``"Dear Jane"``, or ``None`` for an invalid name.

        >>> parse_name("SMITH, JANE").informal_salutation
        'Dear Jane'
        """
        return salutation_for(self, style="informal")


def _address(name: ParsedName, title: str, style: SalutationStyle) -> str | None:
    if name.errors:
        return None
    if style == "informal" and name.given:
        return name.given
    title = title.removeprefix("The ")
    if title and title.split()[-1] in SALUTE_BY_GIVEN_NAME and name.given:
        return f"{title} {name.given}"
    if title and name.family:
        return f"{title} {name.family}"
    initial = len(_key(name.given)) == 1  # "J. R. R. Tolkien", not "J. Tolkien"
    parts = (name.given, name.middle if initial else "", name.family)
    return " ".join(part for part in parts if part) or None


def salutation_for(
    name: ParsedName,
    *,
    preferred: str | None = None,
    style: SalutationStyle = "formal",
    greeting: str = "Dear",
) -> str | None:
    """Build a greeting line that honours the customer's preferred salutation.

    The title comes from ``preferred``, else from the ``preferred_salutation`` given to
    :func:`parse_name`, else from the data. Knights and dames are greeted by given name
    (Debrett's: "Dear Sir John"). Without a title the full name is used. No gender is ever
    inferred: a title the data lack is not invented.

    Args:
        name: A parsed name.
        preferred: A title the customer asked for (``"Ms"``), overriding the others.
        style: ``"formal"`` (``Dear Ms Smith``) or ``"informal"`` (``Dear Jane``).
        greeting: The opening word(s).

    Returns:
        The greeting line, or ``None`` when the name is not valid or has no usable part.

    Raises:
        InvalidArgument: If ``preferred`` is not a known title or ``style`` is unknown.

    >>> name = parse_name("Mrs. Jane Smith")
    >>> salutation_for(name), salutation_for(name, preferred="Ms")
    ('Dear Mrs Smith', 'Dear Ms Smith')
    >>> salutation_for(parse_name("Jane Smith")), salutation_for(name, style="informal")
    ('Dear Jane Smith', 'Dear Jane')
    """
    if style not in ("formal", "informal"):
        msg = f"'style' must be 'formal' or 'informal' (got {style!r})"
        raise InvalidArgument(msg, field="style", value=style)
    title = _preferred(preferred, "preferred", _STYLES.index(name.title_style))
    address = _address(name, title or name.preferred_title or name.title, style)
    return None if address is None else f"{greeting} {address}"


def _preferred(value: object, field: str, index: int) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    words = [_title_of(word) for word in value.split()] if isinstance(value, str) else [None]
    if None in words:
        msg = f"'{field}' must be a known title such as 'Ms' or 'Dr' (got {value!r})"
        raise InvalidArgument(msg, field=field, value=value)
    return " ".join(TITLES[word][index] for word in words if word is not None)


def _recase_piece(piece: str) -> str:
    if piece[1:2] in _APOSTROPHE_SET and piece[2:]:  # O'Neil, D'Angelo: one-letter prefix
        return piece[0].title() + piece[1] + _recase_piece(piece[2:])
    if piece.startswith("mc") and piece[2:]:
        return "Mc" + piece[2].title() + piece[3:]
    if piece in MAC_NAMES:
        return "Mac" + piece[3].title() + piece[4:]
    return piece[:1].title() + piece[1:]  # title case: "ß" -> "Ss", "ǆ" -> "ǅ"


def _recase(token: str, *, particle: bool = False, family: bool = False) -> str:
    """Recase a token typed entirely in upper or lower case; keep deliberate mixed case.

    A token whose Unicode case mapping is not reversible (Turkish ``ı``/``İ``) is kept too:
    recasing may change case, never letters.
    """
    if not (token.isupper() or token.islower()):
        return token
    low = token.lower()
    if particle:
        result = low
    elif "-" not in low and "." not in low and "‐" not in low and "‑" not in low:
        result = _recase_piece(low)
    else:
        pieces = _SEPARATORS.split(low)
        out = [p if i % 2 else _recase_piece(p) for i, p in enumerate(pieces)]
        if family and pieces[2:] and pieces[0] in {"al", "el"} and pieces[1] != ".":
            out[0] = pieces[0]  # al-Rashid: the Arabic article stays lower case
        result = "".join(out)
    if token.isascii() or result.casefold() == token.casefold():
        return result
    return token


def _is_particle(token: str) -> bool:
    return token.casefold() in PARTICLES


def _family_start(tokens: list[str], *, has_title: bool) -> int:
    """Index where the family name starts: the last word plus the particles before it."""
    count = len(tokens)
    if count == 1:
        return 0 if has_title else 1
    lowest = 0 if has_title else 1
    start = count - 1
    while start > lowest:
        before = tokens[start - 1]
        if _is_particle(before):
            start -= 1
        elif before in SURNAME_CONJUNCTIONS and start - 2 >= 1:
            start -= 2  # Ortega y Gasset: the conjunction and the word before it
        else:
            break
    if (
        start == 1
        and not has_title
        and _is_particle(tokens[0])
        and (tokens[2:] or tokens[0].islower())  # "van der Berg", "de Vega": no given name
    ):
        start = 0
    return start


def _strip_titles(tokens: list[str], titles: list[str]) -> list[str]:
    """Move leading titles into ``titles``; keep at least one word unless all are titles."""
    found: list[str] = []
    count = len(tokens)
    while (position := len(found)) < count:
        title = _TITLE_ALIASES.get(tokens[position].casefold().replace(".", ""))
        if title is None or (  # "The" only before another title: "The Rev"
            title == "The"
            and (position + 2 >= count or _title_of(tokens[position + 1]) in {None, "The"})
        ):
            break
        found.append(title)
    if len(found) == count:  # only titles: "Mr", "Dr.", but "Mr Major" is John Major
        if count > 1 and _key(tokens[-1]) in TITLE_SURNAMES:
            titles.extend(found[:-1])
            return tokens[-1:]
        titles.extend(found)
        return []
    titles.extend(found)
    return tokens[len(found) :]


def _strip_suffixes(tokens: list[str], suffixes: list[str], index: int) -> list[str]:
    """Move trailing suffixes (not ambiguous ones such as MA) into ``suffixes``."""
    end = len(tokens)
    while end > 1 and (suffix := _suffix_of(tokens[end - 1], index, after_comma=False)):
        suffixes.insert(0, suffix)
        end -= 1
    return tokens[:end]


def _char_problems(text: str) -> tuple[bool, bool]:
    """Return (has digits, has characters no name contains)."""
    digits = invalid = False
    for char in text:
        if char in _ALLOWED_PUNCTUATION:
            continue
        category = unicodedata.category(char)[0]
        if category == "N":
            digits = True
        elif category not in "LM":
            invalid = True
    return digits, invalid


# The last word of every legal form: a name ending in another word has no legal form.
_LEGAL_ENDINGS = frozenset(key.rsplit(" ", 1)[-1] for key in LEGAL_FORMS)


def _legal_form(tokens: list[str]) -> tuple[str, tuple[str, ...], bool, int] | None:
    """Match the longest legal form ending ``tokens``: (canonical, countries, ambiguous, size)."""
    if not tokens or _key(tokens[-1].strip(",")) not in _LEGAL_ENDINGS:
        return None
    for size in range(min(4, len(tokens)), 0, -1):
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


def _take_nickname(text: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        found.append(match[match.lastindex or 0])
        return " "

    return " ".join(_NICKNAME.sub(take, text).split()), " ".join(found).split()


def _split_words(
    text: str, index: int, titles: list[str], suffixes: list[str]
) -> tuple[list[str], int, bool]:
    """Split ``text`` into name words and the index where the family name starts.

    Titles and suffixes are moved into their lists. Returns (words, family start, format ok).
    """
    if "," not in text:
        words = _strip_titles(text.split(), titles)
        words = _strip_suffixes(words, suffixes, index)
        return words, (_family_start(words, has_title=bool(titles)) if words else 0), True
    parts = [part.split() for part in text.split(",")]
    parts = [part for part in parts if part]
    tail: list[str] = []  # suffixes after a comma: "John Smith, Jr., PhD"
    while len(parts) > 1 and all(_suffix_of(t, index, after_comma=True) for t in parts[-1]):
        tail[:0] = [_suffix_of(t, index, after_comma=True) or "" for t in parts.pop()]
    if len(parts) == _FAMILY_GIVEN_PARTS:
        found: list[str] = []
        family = _strip_titles(parts[0], found)  # "Dr Smith, John"
        if not family:  # only titles before the comma: the last is the family name
            family = parts[0][-1:]
            found.pop()
        titles.extend(found)
        while family[1:] and (  # "SMITH JR, JOHN"; numerals only in capitals (not "Ii")
            _key(family[-1]) in _FAMILY_PART_SUFFIXES
            or (family[-1].isupper() and _key(family[-1]) in _NUMERALS)
        ):
            suffixes.insert(0, _suffix_of(family.pop(), index, after_comma=False) or "")
        rest = _strip_suffixes(_strip_titles(parts[1], titles), suffixes, index)
        while len(rest) > 1 and _is_particle(rest[-1]):  # "Berg, Jan van der" (Dutch index order)
            family.insert(0, rest.pop())
        suffixes.extend(tail)
        return rest + family, len(rest), True
    words = [token for part in parts for token in part]
    words, start, _ = _split_words(" ".join(words), index, titles, suffixes)
    suffixes.extend(tail)
    return words, start, len(parts) < _FAMILY_GIVEN_PARTS


def _parse(value: object, index: int, max_length: int, preferred: str) -> ParsedName:
    style: TitleStyle = _STYLES[index]  # type: ignore[assignment]
    code = None
    text = _clean(value) if isinstance(value, str) else ""
    if not text:
        code = "name.missing" if _is_missing(value) else "name.type"
    elif len(text) > max_length:
        code = "name.too_long"
    elif text.casefold() in PLACEHOLDERS:
        code = "name.placeholder"
    elif "&" in text or "+" in text or _AND.search(text):
        code = "name.multiple_people"
    if code is not None:
        return ParsedName(value, None, (code,), preferred_title=preferred, title_style=style)
    nickname: list[str] = []
    if "(" in text or '"' in text or "“" in text or "'" in text:
        text, nickname = _take_nickname(text)

    errors: list[str] = []
    titles: list[str] = []
    suffixes: list[str] = []
    words, start, well_formed = _split_words(text, index, titles, suffixes)
    if not well_formed:
        errors.append("name.format")
    given = words[0] if start else ""
    family = words[start:]
    if not words:
        errors.append("name.title_only" if titles else "name.format")
    elif not all(w.isalpha() or any(c.isalnum() for c in w) for w in words):
        errors.append("name.format")  # a word of punctuation only: "-", "'", "."

    last = len(family) - 1
    out_words = [_recase(word, particle=_is_particle(word)) for word in words[:start]]
    if start:
        out_words[0] = _recase(given)
    out_family = [
        _recase(
            t, particle=i < last and (_is_particle(t) or t in SURNAME_CONJUNCTIONS), family=True
        )
        for i, t in enumerate(family)
    ]
    out_words += out_family
    out_nickname = [_recase(word) for word in nickname]
    name_text = " ".join(out_words)
    if name_text.casefold() in PLACEHOLDERS or (
        out_words
        and len(set(_key(out_words[0]))) == 1  # "xxx", "Aaaa Aaaa": one repeated letter
        and all(len(w) >= _MIN_REPEATED and len(set(_key(w))) == 1 for w in out_words)
    ):
        errors.append("name.placeholder")
    nickname_text = " ".join(out_nickname)
    checked = f"{name_text} {nickname_text}" if nickname else name_text
    if not _PLAIN.fullmatch(checked):
        digits, invalid = _char_problems(checked)
        if invalid or _NICKNAME_MARKS.intersection(checked):
            errors.append("name.invalid_characters")
        if digits:
            errors.append("name.contains_digits")
    if "name.invalid_characters" not in errors and "." in text and _URL.search(text):
        errors.append("name.invalid_characters")
    if _looks_like_organisation(text):
        errors.append("name.organisation")

    warnings: list[str] = []
    if given and not family:
        warnings.append("name.no_family_name")
    elif family and len(_key(" ".join(family))) == 1:
        warnings.append("name.family_initial")
    if out_words != words or out_nickname != nickname:
        typed = " ".join(words + nickname)
        warnings.append(
            "name.all_caps"
            if typed.isupper()
            else "name.all_lower"
            if typed.islower()
            else "name.recased"
        )
    title = " ".join([TITLES[t][index] for t in titles]) if titles else ""
    if preferred and title and preferred != title:
        warnings.append("name.title_mismatch")
    normalized = None
    if not errors:
        normalized = _render(
            title, out_words, family=out_family, suffixes=suffixes, nickname=nickname_text
        )
        if "'" in normalized and _SINGLE_QUOTED.search(normalized):
            errors.append("name.invalid_characters")  # stray quotes that read as a nickname
            normalized = None
    return ParsedName(
        value,
        normalized,
        tuple(errors),
        tuple(warnings),
        title=title,
        given=out_words[0] if start else "",
        middle=" ".join(out_words[1:start]),
        family=" ".join(out_family),
        suffix=", ".join(suffixes),
        nickname=nickname_text,
        preferred_title=preferred,
        title_style=style,
    )


def _looks_like_organisation(text: str) -> bool:
    tokens = text.split()
    match = _legal_form(tokens)
    return match is not None and not match[2] and match[0] != "Co."


def _render(
    title: str, words: list[str], *, family: list[str], suffixes: list[str], nickname: str
) -> NormalizedName:
    """Write the canonical full name; fall back to "Family, Given" if natural order misreads."""
    given_count = len(words) - len(family)
    first = words[0] if words else ""
    natural = not family or (
        _family_start(words, has_title=bool(title)) == given_count
        and not (words[1:] and _key(family[-1]) in _SUFFIXES)  # "Ii, Naosuke"
        and (_title_of(first) in {None, "The"} or _key(first) in TITLE_SURNAMES)  # "Mr Major"
    )
    if natural:
        text = " ".join(part for part in (title, *words) if part)
        for position, suffix in enumerate(suffixes):
            glued = position == 0 and suffix in GENERATIONAL_SUFFIXES
            text += (" " if glued else ", ") + suffix
    else:
        front = " ".join(part for part in (title, *words[:given_count]) if part)
        text = " ".join(family) + (", " + front if front else "")
        text += "".join(", " + suffix for suffix in suffixes)
    return NormalizedName(text + (f" ({nickname})" if nickname else ""))


def parse_name(
    value: object,
    *,
    strict: bool = False,
    preferred_salutation: str | None = None,
    title_style: TitleStyle = "british",
    max_length: int = DEFAULT_MAX_NAME_LENGTH,
) -> ParsedName:
    """Split a person's name into parts, recase it respectfully and validate it.

    Reads "Title Given Middle Family Suffix" and "Family, Given Middle" order; a name in
    quotes or parentheses is the nickname. Particles (``van``, ``de la``, ``bin``) stay with
    the family name. Parts typed entirely in upper or lower case are recased (``MCDONALD`` →
    ``McDonald``, ``o'neil`` → ``O'Neil``); mixed case is kept as typed (``DeShawn``).
    Titles and suffixes get their canonical spelling in ``title_style``.

    Args:
        value: The name as found in the data.
        strict: Raise :class:`~crmkit.InvalidValue` on the first error instead of reporting it.
        preferred_salutation: The title the customer asked to be addressed by (``"Ms"``);
            used by the salutation helpers, and a differing title in the data is warned
            about (``name.title_mismatch``). ``None`` or blank means no preference.
        title_style: ``"british"`` (default: ``Mr``, ``Dr``, ``Jr``, the contraction rule
            of New Hart's Rules) or ``"us"`` (``Mr.``, ``Dr.``, ``Jr.``, Chicago style).
        max_length: The longest acceptable value, in characters.

    Returns:
        The parts with the field-check verdict; see :data:`NAME_REASONS` for the codes.

    Raises:
        InvalidArgument: If an option is not acceptable (unknown ``preferred_salutation``).
        InvalidValue: If ``strict`` is true and the name has an error.

    >>> name = parse_name("Dr. Juan Q. Xavier de la Vega III (Doc Vega)")
    >>> (name.title, name.given, name.middle, name.family, name.suffix, name.nickname)
    ('Dr', 'Juan', 'Q. Xavier', 'de la Vega', 'III', 'Doc Vega')
    >>> parse_name("MCDONALD, RONALD").normalized
    'Ronald McDonald'
    >>> parse_name("Mr. JOHN o'malley jr.", title_style="us").normalized
    "Mr. John O'Malley Jr."
    >>> parse_name("n/a").errors
    ('name.placeholder',)
    """
    index = _check_options(title_style, max_length)
    preferred = _preferred(preferred_salutation, "preferred_salutation", index)
    result = _parse(value, index, max_length, preferred)
    if strict and result.errors:
        code = result.errors[0]
        msg = f"'name' is not a valid person name (got {value!r}): {code}"
        raise InvalidValue(msg, field="name", value=value, code=code)
    return result


def check_name(
    value: object,
    *,
    strict: bool = False,
    preferred_salutation: str | None = None,
    title_style: TitleStyle = "british",
    max_length: int = DEFAULT_MAX_NAME_LENGTH,
) -> ParsedName:
    """The field check for person names: the same as :func:`parse_name`.

    >>> check_name("  ").errors, check_name(42).errors
    (('name.missing',), ('name.type',))
    """
    return parse_name(
        value,
        strict=strict,
        preferred_salutation=preferred_salutation,
        title_style=title_style,
        max_length=max_length,
    )


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
    _check_options("british", max_length)
    code, text = None, _clean(value) if isinstance(value, str) else ""
    tokens = text.split()
    match = _legal_form(tokens)
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
    if len(tokens) > 1 and _title_of(tokens[0]) in _SOCIAL_TITLES:
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
