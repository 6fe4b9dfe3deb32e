"""Person names: split into parts, recase respectfully, validate.

Wrong names and titles do the most damage in customer contact ("the most damage is done when
errors are made in the gender or name of a customer", CRM text L3677–3678), and "misspelt
names, incorrect titles, inappropriate salutations" are the first validation targets
(L5142–5154). :func:`parse_name` splits a name into title, given, middle, family, suffix and
nickname; it reads "Family, Given" order, keeps particles with the family name
(``van der Berg``) and recases only parts typed entirely in one case. It is rule based and
deterministic, and never guesses a gender.

Speed: :func:`_parse_fast` reads the common shape ("Mr John Smith") without the general
parser's regular expressions and character scans; a property test proves it gives exactly
the result of the general :func:`_parse`.

Vendorable leaf: standard library, ``attrs``, :mod:`crmkit._errors`, the table module
``_name_data`` and two siblings it needs: ``_salutations`` (titles, suffixes, greetings) and
``_organisations`` (the legal-form matcher behind ``name.organisation``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import NewType

import attrs

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._name_data import (
    GENERATIONAL_SUFFIXES,
    PARTICLES,
    PLACEHOLDERS,
    SUFFIXES,
    SURNAME_CONJUNCTIONS,
    TITLE_ALIASES,
    TITLE_SURNAMES,
    TITLES,
)
from crmkit.validation._organisations import LEGAL_ENDINGS, match_legal_form
from crmkit.validation._salutations import (
    TITLE_STYLES,
    TitleStyle,
    address,
    preferred_title,
    recase,
    recase_words,
    salutation_for,
    strip_suffixes,
    strip_titles,
    style_index,
    suffix_of,
    title_of,
)

__all__ = [
    "DEFAULT_MAX_NAME_LENGTH",
    "NAME_REASONS",
    "NormalizedName",
    "ParsedName",
    "check_name",
    "parse_name",
]

NormalizedName = NewType("NormalizedName", str)
"""A person's full name in canonical form, as produced by :func:`parse_name`."""

DEFAULT_MAX_NAME_LENGTH = 100
"""Characters, after whitespace is collapsed. A generous ceiling: longer values are almost
always several fields pasted together or free text. Configurable with ``max_length=``."""

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

_FAMILY_GIVEN_PARTS = 2  # "Family, Given Middle": two comma-separated parts
_MIN_REPEATED = 3  # "xxx", "aaaa": one letter typed at least this often is a placeholder
_FAST_MAX_WORDS = 4  # the fast path's shape: "Given Middle Middle Family" at most
_ALLOWED_PUNCTUATION = frozenset(" .,-‐‑&+'’ʼ")
_PLAIN = re.compile(r"[A-Za-z .,'\-]*")
_URL = re.compile(r"://|\bwww\.|\.(?:com|net|org|info|biz|io)\b", re.IGNORECASE)
_NICKNAME = re.compile(
    r"""\(([^()]*)\)|"([^"]*)"|“([^“”]*)”|(?:(?<=[\s,])|^)'([^'\s][^']*)'(?=[\s,]|$)"""
)
_NICKNAME_MARKS = frozenset('()"“”')
_SINGLE_QUOTED = re.compile(r"(?:^|[\s,])'[^'\s][^']*'(?=[\s,]|$)")
_AND = re.compile(r"(?:^|[\s,])and(?:$|[\s,])", re.IGNORECASE)
_FAMILY_PART_SUFFIXES = frozenset({"jr", "jnr", "sr", "snr"})
_NUMERALS = frozenset({"ii", "iii", "iv"})
_NOT_A_TITLE = frozenset({None, "The"})
# Plain dict copies of the read-only tables: ``dict.get`` is faster than a mapping proxy's.
_TITLE_ALIASES, _TITLES, _SUFFIXES = dict(TITLE_ALIASES), dict(TITLES), dict(SUFFIXES)


def _key(token: str) -> str:
    return token.casefold().replace(".", "")


def _check_options(title_style: object, max_length: object) -> int:
    index = style_index(title_style)
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        msg = f"'max_length' must be a positive int (got {max_length!r})"
        raise InvalidArgument(msg, field="max_length", value=max_length)
    return index


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


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
        default="british", validator=attrs.validators.in_(TITLE_STYLES)
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
        return address(self, self.preferred_title or self.title, "formal")

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


def _case_warning(typed: str) -> str:
    upper, lower = typed.isupper(), typed.islower()
    return "name.all_caps" if upper else "name.all_lower" if lower else "name.recased"


def _family_start(tokens: list[str], *, has_title: bool) -> int:
    """Index where the family name starts: the last word plus the particles before it."""
    count = len(tokens)
    if count == 1:
        return 0 if has_title else 1
    lowest = 0 if has_title else 1
    start = count - 1
    while start > lowest:
        before = tokens[start - 1]
        if before.casefold() in PARTICLES:
            start -= 1
        elif before in SURNAME_CONJUNCTIONS and start - 2 >= 1:
            start -= 2  # Ortega y Gasset: the conjunction and the word before it
        else:
            break
    if (
        start == 1
        and not has_title
        and tokens[0].casefold() in PARTICLES
        and (tokens[2:] or tokens[0].islower())  # "van der Berg", "de Vega": no given name
    ):
        start = 0
    return start


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
        words = strip_titles(text.split(), titles)
        words = strip_suffixes(words, suffixes, index)
        return words, (_family_start(words, has_title=bool(titles)) if words else 0), True
    parts = [part.split() for part in text.split(",")]
    parts = [part for part in parts if part]
    tail: list[str] = []  # suffixes after a comma: "John Smith, Jr., PhD"
    while len(parts) > 1 and all(suffix_of(t, index, after_comma=True) for t in parts[-1]):
        tail[:0] = [suffix_of(t, index, after_comma=True) or "" for t in parts.pop()]
    if len(parts) == _FAMILY_GIVEN_PARTS:
        found: list[str] = []
        family = strip_titles(parts[0], found)  # "Dr Smith, John"
        if not family:  # only titles before the comma: the last is the family name
            family = parts[0][-1:]
            found.pop()
        titles.extend(found)
        while family[1:] and (  # "SMITH JR, JOHN"; numerals only in capitals (not "Ii")
            _key(family[-1]) in _FAMILY_PART_SUFFIXES
            or (family[-1].isupper() and _key(family[-1]) in _NUMERALS)
        ):
            suffixes.insert(0, suffix_of(family.pop(), index, after_comma=False) or "")
        rest = strip_suffixes(strip_titles(parts[1], titles), suffixes, index)
        while len(rest) > 1 and rest[-1].casefold() in PARTICLES:  # "Berg, Jan van der"
            family.insert(0, rest.pop())
        suffixes.extend(tail)
        return rest + family, len(rest), True
    words = [token for part in parts for token in part]
    words, start, _ = _split_words(" ".join(words), index, titles, suffixes)
    suffixes.extend(tail)
    return words, start, len(parts) < _FAMILY_GIVEN_PARTS


def _parse_fast(value: object, index: int, max_length: int, preferred: str) -> ParsedName | None:
    """Parse the common shape exactly as :func:`_parse` does, or return ``None``.

    The shape: a clean NFC string (single spaces) of an optional title (one word, a full stop
    only at its end, not "The") and one to four words of letters, ASCII hyphens and inner
    apostrophes. That rules out every error and the general parser's other branches (commas,
    nicknames, digits, URLs, "and", several titles, suffixes, legal forms, placeholders).
    """
    if type(value) is not str or len(value) > max_length:
        return None
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        return None
    folded = value.casefold()
    keys = folded.split(" ")  # case folding never adds or removes a space
    if folded in PLACEHOLDERS or "and" in keys:
        return None
    words = value.split(" ")
    title = _TITLE_ALIASES.get(keys[0].replace(".", ""))
    if title is not None:
        if title == "The" or "." in words[0][:-1] or folded[len(keys[0]) + 1 :] in PLACEHOLDERS:
            return None
        words, keys = words[1:], keys[1:]
    count = len(words)
    if (
        not count
        or count > _FAST_MAX_WORDS
        or keys[0] in _TITLE_ALIASES  # a second title, or "Mr Major"
        or keys[-1] in _SUFFIXES
        or keys[-1] in LEGAL_ENDINGS
        or len(set(keys[0])) == 1  # "xxx" or an initial: the general parser checks them
    ):
        return None
    for word in words:
        if not word.isalpha() and (
            not word.replace("-", "").replace("'", "").isalpha() or word[0] == "'"
        ):
            return None
    has_title = title is not None
    start = _family_start(words, has_title=has_title)
    out_words, out_family = recase_words(words, start)
    warnings = []
    if start == count:
        warnings.append("name.no_family_name")
    elif start == count - 1 and len(keys[-1]) == 1:
        warnings.append("name.family_initial")
    if out_words != words:
        if _family_start(out_words, has_title=has_title) != start:
            return None  # would be written in "Family, Given" order
        warnings.append(_case_warning(" ".join(words)))
    title = _TITLES[title][index] if title is not None else ""
    if preferred and title and preferred != title:
        warnings.append("name.title_mismatch")
    name = " ".join(out_words)
    return ParsedName(
        value,
        NormalizedName(f"{title} {name}" if title else name),
        (),
        tuple(warnings),
        title,
        out_words[0] if start else "",
        " ".join(out_words[1:start]),
        " ".join(out_family),
        "",
        "",
        preferred,
        TITLE_STYLES[index],
    )


def _parse(value: object, index: int, max_length: int, preferred: str) -> ParsedName:
    """The general parser: every shape of name, every check."""
    style = TITLE_STYLES[index]
    code = None
    text = ""
    if isinstance(value, str):
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
        text = " ".join(text.split())
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
    if not words:
        errors.append("name.title_only" if titles else "name.format")
    elif not all(w.isalpha() or any(c.isalnum() for c in w) for w in words):
        errors.append("name.format")  # a word of punctuation only: "-", "'", "."

    out_words, out_family = recase_words(words, start)
    out_nickname = [recase(word) for word in nickname]
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
    match = match_legal_form(text.split())
    if match is not None and not match[2] and match[0] != "Co.":
        errors.append("name.organisation")

    warnings: list[str] = []
    family = words[start:]
    if start and not family:
        warnings.append("name.no_family_name")
    elif family and len(_key(" ".join(family))) == 1:
        warnings.append("name.family_initial")
    if out_words != words or out_nickname != nickname:
        warnings.append(_case_warning(" ".join(words + nickname)))
    title = " ".join([_TITLES[t][index] for t in titles]) if titles else ""
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


def _render(
    title: str, words: list[str], *, family: list[str], suffixes: list[str], nickname: str
) -> NormalizedName:
    """Write the canonical full name; fall back to "Family, Given" if natural order misreads."""
    given_count = len(words) - len(family)
    first = words[0] if words else ""
    natural = not family or (
        _family_start(words, has_title=bool(title)) == given_count
        and not (words[1:] and _key(family[-1]) in _SUFFIXES)  # "Ii, Naosuke"
        and (title_of(first) in _NOT_A_TITLE or _key(first) in TITLE_SURNAMES)  # "Mr Major"
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
    preferred = preferred_title(preferred_salutation, "preferred_salutation", index)
    result = _parse_fast(value, index, max_length, preferred)
    if result is None:
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
