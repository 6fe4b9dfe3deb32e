"""Writing a person's name: capitalisation, titles, post-nominal suffixes, greeting lines.

"Perhaps you have been addressed as Mrs. although you prefer Ms." (CRM text, L5110–5112):
:func:`salutation_for` builds "Dear Ms Smith" from a :class:`~crmkit.validation.ParsedName`,
letting the customer's preferred title win over the one in the data. It never guesses a
gender: a title the data lack is not invented. :func:`canonical_title` gives a title its one
spelling in the British (New Hart's Rules) or US (Chicago) style; :func:`strip_titles` and
:func:`strip_suffixes` read the titles before a name and the suffixes after it (Debrett's
*Forms of Address* treats both) for :func:`~crmkit.validation.parse_name`, and
:func:`recase` writes a name typed in one case the way its bearer does (``MCDONALD`` →
``McDonald``, ``VAN DER BERG`` → ``van der Berg``; The Chicago Manual of Style, chapter 8).

Vendorable leaf: standard library, :mod:`crmkit._errors` and the sibling table module
``_name_data`` (:class:`~crmkit.validation.ParsedName` is named for type checking only).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from crmkit._errors import InvalidArgument
from crmkit.validation._name_data import (
    AMBIGUOUS_SUFFIXES,
    MAC_NAMES,
    PARTICLES,
    SALUTE_BY_GIVEN_NAME,
    SUFFIXES,
    SURNAME_CONJUNCTIONS,
    TITLE_ALIASES,
    TITLE_SURNAMES,
    TITLES,
)

if TYPE_CHECKING:
    from crmkit.validation._names import ParsedName

__all__ = [
    "TITLE_STYLES",
    "SalutationStyle",
    "TitleStyle",
    "address",
    "canonical_title",
    "preferred_title",
    "recase",
    "recase_words",
    "salutation_for",
    "strip_suffixes",
    "strip_titles",
    "style_index",
    "suffix_of",
    "title_of",
]

TitleStyle = Literal["british", "us"]
"""``"british"``: contractions without a full stop (``Mr``, ``Dr``, ``Jr``); ``"us"``: ``Mr.``."""

SalutationStyle = Literal["formal", "informal"]
"""``"formal"``: title and family name (``Dear Ms Smith``); ``"informal"``: ``Dear Jane``."""

TITLE_STYLES: tuple[TitleStyle, ...] = ("british", "us")
"""The title styles, in the order of the (British, US) pairs in ``_name_data.TITLES``."""

# Plain dict copies of the read-only tables: ``dict.get`` is faster than a mapping proxy's.
_TITLE_ALIASES = dict(TITLE_ALIASES)
_SUFFIXES = dict(SUFFIXES)
_AMBIGUOUS_SUFFIXES = dict(AMBIGUOUS_SUFFIXES)
_NOT_A_TITLE = frozenset({None, "The"})
_APOSTROPHE_SET = frozenset("'’ʼ")
_SEPARATORS = re.compile(r"([-‐‑.])")


def title_of(token: str) -> str | None:
    """Return the canonical title (a key of ``_name_data.TITLES``) ``token`` spells, or ``None``.

    >>> title_of("MRS."), title_of("professor"), title_of("Jane")
    ('Mrs', 'Prof', None)
    """
    return _TITLE_ALIASES.get(token.casefold().replace(".", ""))


def strip_titles(tokens: list[str], titles: list[str]) -> list[str]:
    """Move leading titles into ``titles``; keep at least one word unless all are titles.

    "The" is a title only before another title; a title word that is also a family name is
    the name after another title ("Mr Major").

    >>> titles = []
    >>> strip_titles(["Prof.", "Dr.", "Hans", "Müller"], titles), titles
    (['Hans', 'Müller'], ['Prof', 'Dr'])
    >>> strip_titles(["Mr", "Major"], []), strip_titles(["The", "Smiths"], [])
    (['Major'], ['The', 'Smiths'])
    """
    found: list[str] = []
    count = len(tokens)
    while (position := len(found)) < count:
        title = _TITLE_ALIASES.get(tokens[position].casefold().replace(".", ""))
        if title is None or (  # "The" only before another title: "The Rev"
            title == "The"
            and (position + 2 >= count or title_of(tokens[position + 1]) in _NOT_A_TITLE)
        ):
            break
        found.append(title)
    if len(found) == count:  # only titles: "Mr", "Dr.", but "Mr Major" is John Major
        if count > 1 and tokens[-1].casefold().replace(".", "") in TITLE_SURNAMES:
            titles.extend(found[:-1])
            return tokens[-1:]
        titles.extend(found)
        return []
    titles.extend(found)
    return tokens[len(found) :]


def suffix_of(token: str, index: int, *, after_comma: bool) -> str | None:
    """Return the canonical suffix ``token`` spells in style ``index``, or ``None``.

    Suffixes that are also names or words (``MA``, ``Do``) count only ``after_comma``.

    >>> suffix_of("jr.", 1, after_comma=False), suffix_of("Ma", 0, after_comma=False)
    ('Jr.', None)
    """
    key = token.casefold().replace(".", "")
    pair = _SUFFIXES.get(key) or (_AMBIGUOUS_SUFFIXES.get(key) if after_comma else None)
    return None if pair is None else pair[index]


def strip_suffixes(tokens: list[str], suffixes: list[str], index: int) -> list[str]:
    """Move trailing suffixes (not ambiguous ones such as MA) into ``suffixes``.

    >>> suffixes = []
    >>> strip_suffixes(["John", "Smith", "jr", "phd"], suffixes, 0), suffixes
    (['John', 'Smith'], ['Jr', 'PhD'])
    """
    end = len(tokens)
    while end > 1 and (suffix := suffix_of(tokens[end - 1], index, after_comma=False)):
        suffixes.insert(0, suffix)
        end -= 1
    return tokens[:end]


def style_index(title_style: object) -> int:
    """Return the position of ``title_style`` in :data:`TITLE_STYLES`, checking it.

    >>> style_index("british"), style_index("us")
    (0, 1)
    """
    if title_style == "british":
        return 0
    if title_style == "us":
        return 1
    msg = f"'title_style' must be one of {TITLE_STYLES!r} (got {title_style!r})"
    raise InvalidArgument(msg, field="title_style", value=title_style)


def __recase_piece(piece: str) -> str:
    if piece[1:2] in _APOSTROPHE_SET and piece[2:]:  # O'Neil, D'Angelo: one-letter prefix
        return piece[0].title() + piece[1] + __recase_piece(piece[2:])
    if piece.startswith("mc") and piece[2:]:
        return "Mc" + piece[2].title() + piece[3:]
    if piece in MAC_NAMES:
        return "Mac" + piece[3].title() + piece[4:]
    return piece[:1].title() + piece[1:]  # title case: "ß" -> "Ss", "ǆ" -> "ǅ"


def recase(token: str, *, particle: bool = False, family: bool = False) -> str:
    """Recase a token typed entirely in upper or lower case; keep deliberate mixed case.

    A token whose Unicode case mapping is not reversible (Turkish ``ı``/``İ``) is kept too:
    recasing may change case, never letters. A ``particle`` is written in lower case; in a
    ``family`` name the Arabic article stays lower case (``al-Rashid``).

    >>> recase("MCDONALD"), recase("o'neil"), recase("DeShawn"), recase("MACY")
    ('McDonald', "O'Neil", 'DeShawn', 'Macy')
    >>> recase("AL-RASHID", family=True), recase("VAN", particle=True)
    ('al-Rashid', 'van')
    """
    if not (token.isupper() or token.islower()):
        return token
    low = token.lower()
    if particle:
        result = low
    elif "-" not in low and "." not in low and "‐" not in low and "‑" not in low:
        result = __recase_piece(low)
    else:
        pieces = _SEPARATORS.split(low)
        out = [p if i % 2 else __recase_piece(p) for i, p in enumerate(pieces)]
        if family and pieces[2:] and pieces[0] in {"al", "el"} and pieces[1] != ".":
            out[0] = pieces[0]  # al-Rashid: the Arabic article stays lower case
        result = "".join(out)
    if token.isascii() or result.casefold() == token.casefold():
        return result
    return token


def recase_words(words: list[str], start: int) -> tuple[list[str], list[str]]:
    """Recase the given names (``words[:start]``) and the family name (``words[start:]``).

    Particles are lower case except as the first given name; inside the family name so are
    the conjunctions of double names (``Ortega y Gasset``), except as its last word.
    Returns (all words, family words).

    >>> recase_words(["JAN", "VAN", "DER", "BERG"], 1)
    (['Jan', 'van', 'der', 'Berg'], ['van', 'der', 'Berg'])
    """
    out = [
        word
        if not (word.isupper() or word.islower())  # mixed case is kept: skip the call
        else recase(word, particle=position > 0 and word.casefold() in PARTICLES)
        for position, word in enumerate(words[:start])
    ]
    last = len(words) - start - 1
    family = [
        word
        if not (word.isupper() or word.islower())
        else recase(
            word,
            particle=i < last and (word.casefold() in PARTICLES or word in SURNAME_CONJUNCTIONS),
            family=True,
        )
        for i, word in enumerate(words[start:])
    ]
    return out + family, family


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
    index = style_index(title_style)
    if not isinstance(value, str):
        msg = f"'value' must be a str (got {value!r})"
        raise InvalidArgument(msg, field="value", value=value)
    words = [title_of(word) for word in value.split()]
    if not words or None in words:
        return None
    return " ".join(TITLES[word][index] for word in words if word is not None)


def preferred_title(value: object, field: str, index: int) -> str:
    """Return the canonical title a customer asked for, ``""`` for none; check it.

    ``field`` names the argument in the error; ``index`` is the :func:`style_index`.

    >>> preferred_title("ms.", "preferred", 0), preferred_title(None, "preferred", 0)
    ('Ms', '')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    words = [title_of(word) for word in value.split()] if isinstance(value, str) else [None]
    if None in words:
        msg = f"'{field}' must be a known title such as 'Ms' or 'Dr' (got {value!r})"
        raise InvalidArgument(msg, field=field, value=value)
    return " ".join(TITLES[word][index] for word in words if word is not None)


def address(name: ParsedName, title: str, style: SalutationStyle) -> str | None:
    """How to address ``name`` with ``title``, without a greeting: ``"Ms Smith"``, or ``None``.

    >>> from crmkit.validation import parse_name
    >>> address(parse_name("Jane Smith"), "Dr", "formal")
    'Dr Smith'
    """
    if name.errors:
        return None
    if style == "informal" and name.given:
        return name.given
    title = title.removeprefix("The ")
    if title and title.split()[-1] in SALUTE_BY_GIVEN_NAME and name.given:
        return f"{title} {name.given}"
    if title and name.family:
        return f"{title} {name.family}"
    initial = len(name.given.casefold().replace(".", "")) == 1  # "J. R. R. Tolkien"
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
    :func:`~crmkit.validation.parse_name`, else from the data. Knights and dames are greeted
    by given name (Debrett's: "Dear Sir John"). Without a title the full name is used. No
    gender is ever inferred: a title the data lack is not invented.

    Args:
        name: A parsed name.
        preferred: A title the customer asked for (``"Ms"``), overriding the others.
        style: ``"formal"`` (``Dear Ms Smith``) or ``"informal"`` (``Dear Jane``).
        greeting: The opening word(s).

    Returns:
        The greeting line, or ``None`` when the name is not valid or has no usable part.

    Raises:
        InvalidArgument: If ``preferred`` is not a known title or ``style`` is unknown.

    >>> from crmkit.validation import parse_name
    >>> name = parse_name("Mrs. Jane Smith")
    >>> salutation_for(name), salutation_for(name, preferred="Ms")
    ('Dear Mrs Smith', 'Dear Ms Smith')
    >>> salutation_for(parse_name("Jane Smith")), salutation_for(name, style="informal")
    ('Dear Jane Smith', 'Dear Jane')
    """
    if style not in ("formal", "informal"):
        msg = f"'style' must be 'formal' or 'informal' (got {style!r})"
        raise InvalidArgument(msg, field="style", value=style)
    title = preferred_title(preferred, "preferred", TITLE_STYLES.index(name.title_style))
    found = address(name, title or name.preferred_title or name.title, style)
    return None if found is None else f"{greeting} {found}"
