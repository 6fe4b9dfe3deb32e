"""Nicknames: which formal given names a given name may stand for ("Bob" ~ "Robert").

The table is the ``nicknames`` package's (Carlton Northern's hand-curated list of English
given names, Apache-2.0, https://github.com/carltonnorthern/nicknames), vendored unchanged in
:mod:`crmkit.identity._nickname_data` as ``(canonical, nickname)`` pairs: 2,691 pairs over
2,164 names in version 1.0.1.

The rule, stated once: the *canonical forms* of a given name are the name itself and every
name the table lists it as a nickname of. ``"bob"`` gives ``{"bob", "bert", "bobby",
"robert"}`` because the table lists bob under bert, bobby and robert (it is the package's
``canonicals_of("bob")``, plus the name itself). The name itself is always kept: a name that
is a nickname may also be someone's legal name (an "Al" may be registered as Al), and keeping
it makes the variant relation reflexive. Two given names are *nickname variants* when they are
equal or when the table lists one as a nickname of the other, in either direction
(:func:`nickname_variants`). The table is used as published, without inferring chains:
"Bob" and "Albert" are not variants because both relate to "Bert" only through two
different links, and "William" and "Robert" are not variants although the table lists
"Bill" as a nickname of both (a shared nickname says two formal names *can* be shortened
alike, not that they name one person).

Names are compared in a folded form: lower case, accents folded ("Zoë" -> "zoe"), and
everything but the letters a-z dropped ("K.C." -> "kc"). Missing names (``""`` or blank) have
no canonical form and are nobody's variant.

The index is built on first use (a few milliseconds) and then shared; importing this
module does no work beyond defining constants.

This module is a vendorable leaf: it imports only the standard library and its generated
data module.

>>> sorted(canonical_given_names("Bob"))
['bert', 'bob', 'bobby', 'robert']
>>> are_nickname_variants("Bill", "William"), are_nickname_variants("Bob", "William")
(True, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from crmkit.identity._nickname_data import NICKNAME_PAIRS

__all__ = ["are_nickname_variants", "canonical_given_names", "nickname_variants"]

_NOT_LETTER = re.compile(r"[^a-z]+")
# Latin letters that Unicode does not decompose into a base letter plus marks, as a reader
# would spell them; casefold() has already turned "ß" into "ss".
_UNDECOMPOSABLE = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def _fold(name: str) -> str:
    """Lower-case ASCII letters of ``name``, accents folded; everything else dropped."""
    text = name.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
        text = decomposed.encode("ascii", "ignore").decode("ascii")
    return text if text.isalpha() else _NOT_LETTER.sub("", text)


@functools.cache
def _canonical_index() -> Mapping[str, frozenset[str]]:
    """Every name in the table mapped to its canonical forms (itself included)."""
    forms: dict[str, set[str]] = {}
    for canonical, nickname in NICKNAME_PAIRS:
        formal, short = _fold(canonical), _fold(nickname)
        forms.setdefault(formal, {formal})
        forms.setdefault(short, {short}).add(formal)
    return MappingProxyType({name: frozenset(names) for name, names in forms.items()})


def canonical_given_names(name: str) -> frozenset[str]:
    """The canonical forms a given name may stand for, in folded form.

    The name itself (folded) and every name the vendored ``nicknames`` table lists it as a
    nickname of; see the module docstring for the rule. A name the table does not know
    stands for itself only.

    Args:
        name: One given name, in any case, with or without accents.

    Returns:
        The folded canonical forms; empty when ``name`` is missing (no letter a-z after
        folding).

    >>> sorted(canonical_given_names("Bill"))
    ['bill', 'robert', 'will', 'william', 'willis']
    >>> canonical_given_names("Zebulon"), canonical_given_names("  ")
    (frozenset({'zebulon'}), frozenset())
    """
    folded = _fold(name)
    if not folded:
        return frozenset()
    return _canonical_index().get(folded) or frozenset((folded,))


@functools.cache
def _variant_index() -> Mapping[str, frozenset[str]]:
    """Every name in the table mapped to itself and its variants (see the module docstring)."""
    links: dict[str, set[str]] = {}
    for canonical, nickname in NICKNAME_PAIRS:
        formal, short = _fold(canonical), _fold(nickname)
        links.setdefault(formal, {formal}).add(short)
        links.setdefault(short, {short}).add(formal)
    for names in _shortenings().values():
        for name in names:
            links.setdefault(name, {name}).update(names)
    return MappingProxyType({name: frozenset(names) for name, names in links.items()})


def _shortenings() -> dict[str, set[str]]:
    """Formal name -> its listed nicknames that are no longer than it ("margaret": peggy...)."""
    shorter: dict[str, set[str]] = {}
    for canonical, nickname in NICKNAME_PAIRS:
        formal, short = _fold(canonical), _fold(nickname)
        if len(short) <= len(formal):
            shorter.setdefault(formal, set()).add(short)
    return shorter


def nickname_variants(name: str) -> frozenset[str]:
    """The name (folded) and every given name it is a nickname variant of (module docstring).

    Args:
        name: One given name, in any case, with or without accents.

    Returns:
        The folded variants; empty when ``name`` is missing.

    >>> sorted(nickname_variants("Bob"))[:6]
    ['bert', 'bill', 'billy', 'bob', 'bobby', 'dob']
    >>> "robert" in nickname_variants("William")
    False
    """
    folded = _fold(name)
    if not folded:
        return frozenset()
    return _variant_index().get(folded) or frozenset((folded,))


def are_nickname_variants(a: str, b: str) -> bool:
    """Whether two given names may name the same person by the nickname table.

    True when they are the same name after folding or the table lists one as a nickname of
    the other, in either direction (:func:`nickname_variants`). A missing name is nobody's
    variant, not even another missing name's.

    Args:
        a: A given name.
        b: Another given name.

    Returns:
        Whether the names share a canonical form.

    >>> are_nickname_variants("Peggy", "Margaret"), are_nickname_variants("ROBERT", "robert")
    (True, True)
    >>> are_nickname_variants("Robert", "Richard"), are_nickname_variants("", "")
    (False, False)
    """
    folded = _fold(b)
    return bool(folded) and folded in nickname_variants(a)
