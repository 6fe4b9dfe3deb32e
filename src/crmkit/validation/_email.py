"""Check and normalise e-mail addresses in CRM records, without any network access.

Dependency: ``email-validator`` (the one third-party library this module uses), always
called with ``check_deliverability=False``: crmkit never looks anything up, so an address
found valid here is well-formed and plausible, not known to be deliverable.

:func:`check_email` returns an :class:`EmailCheck` with the normalised address (the domain
lower-cased and IDNA-normalised, the local part kept as typed except for the RFC 2142 role
names email-validator lower-cases), stable reason codes (:data:`EMAIL_REASONS`) and advice
that does not invalidate: a domain typo suggestion (``jane@gmial.com`` → ``jane@gmail.com``),
a role-address flag (``info@``) and a disposable-domain flag.

Fast path: email-validator costs tens of microseconds per call. Plain ASCII addresses (an
RFC 5322 dot-atom local part and a letters-digits-hyphen domain with an alphabetic top-level
label that is not a special-use name) are checked by one regular expression plus a memoised
per-domain check that reproduces email-validator's rules for exactly that subset; everything
else goes to email-validator. Property tests compare the two on generated addresses.

>>> check_email("John.Doe@Example.COM").normalized
'John.Doe@example.com'
"""

from __future__ import annotations

import functools
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, NewType

import attrs
from email_validator import EmailNotValidError, validate_email

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._email_data import (
    COMMON_MAILBOX_DOMAINS,
    DISPOSABLE_DOMAINS,
    EMAIL_REASONS,
    GENERIC_TLDS,
    MESSAGE_CODES,
    RFC2142_MAILBOX_NAMES,
    ROLE_LOCAL_PARTS,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "COMMON_MAILBOX_DOMAINS",
    "DISPOSABLE_DOMAINS",
    "EMAIL_REASONS",
    "ROLE_LOCAL_PARTS",
    "EmailCheck",
    "NormalizedEmail",
    "check_email",
]

#: An e-mail address in email-validator's normalised form, as returned by :func:`check_email`.
NormalizedEmail = NewType("NormalizedEmail", str)

#: RFC 5321 section 4.5.3.1.3 (with RFC 3696 erratum 1690): at most 254 octets in a path.
_ADDRESS_MAX_OCTETS = 254
#: RFC 1035 section 2.3.4 as email-validator applies it: at most 253 octets in a domain.
_DOMAIN_MAX_OCTETS = 253
#: RFC 5321 section 4.5.3.1.1: at most 64 octets before the @-sign (only warned about, since
#: email-validator accepts longer local parts outside its own strict mode).
_LOCAL_PART_MAX_OCTETS = 64
#: IANA special-use names email-validator rejects, with their subdomains (RFC 6761, 6762, 7686).
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
#: Memoised domains; a CRM file has far fewer distinct domains than addresses.
_DOMAIN_CACHE_SIZE = 8192
#: Largest edit distance for a typo suggestion, and the shortest known domain it applies to.
#: Short names have many real neighbours (gmx.de/gmx.at, 163.com/126.com, me.com/ge.com), so
#: a domain shorter than ``gmail.com`` is only suggested for one edit in its top-level label.
_MAX_TYPO_DISTANCE = 2
_MIN_LENGTH_FOR_TWO_EDITS = 9

# RFC 5322 section 3.2.3 atext, dot-separated; domain characters checked per domain below.
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_DOT_ATOM = rf"[{_ATEXT}]+(?:\.[{_ATEXT}]+)*"
_FAST_ADDRESS = re.compile(rf"({_DOT_ATOM})@([A-Za-z0-9.-]+)")
_LOCAL_ASCII = re.compile(_DOT_ATOM)
_LDH_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_FAST_DOMAIN = re.compile(rf"(?:{_LDH_LABEL}\.)+[a-z]{{2,63}}")

_RENORMALIZED = "After Unicode normalization: "


@attrs.frozen
class EmailCheck:
    """The outcome of :func:`check_email` for one value.

    Attributes:
        original: The value given, untouched.
        normalized: The normalised address, or ``None`` when the value is not valid.
        local_part: The normalised part before the @-sign (``None`` when invalid).
        domain: The normalised domain, Unicode for internationalised names (``None`` when
            invalid).
        errors: Reason codes that make the value invalid (see :data:`EMAIL_REASONS`).
        warnings: Reason codes worth reporting that do not invalidate the address.
        suggestion: A full corrected address when the domain looks like a typo, else
            ``None``. Only advice: ``normalized`` never takes it over.
        is_role: The mailbox names a role or a team (``info@``, ``no-reply@``).
        is_disposable: The domain belongs to a disposable-address service.
        smtputf8: Sending needs the SMTPUTF8 extension (non-ASCII before the @-sign).
        display_name: The display name, when ``allow_display_name=True`` let one through.
        detail: A human-readable explanation of the first error (email-validator's own
            message where it found the problem), or ``None`` when valid.

    >>> EmailCheck("x@", errors=("email.domain",)).valid
    False
    """

    original: object
    normalized: NormalizedEmail | None = None
    local_part: str | None = None
    domain: str | None = None
    errors: tuple[str, ...] = attrs.field(default=(), validator=attrs.validators.instance_of(tuple))
    warnings: tuple[str, ...] = attrs.field(
        default=(), validator=attrs.validators.instance_of(tuple)
    )
    suggestion: str | None = None
    is_role: bool = False
    is_disposable: bool = False
    smtputf8: bool = False
    display_name: str | None = None
    detail: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the value is a valid address (no errors; warnings do not count).

        >>> check_email("info@example.org").valid
        True
        """
        return not self.errors


@attrs.frozen(eq=False)
class _KnownDomains:
    """A prepared suggestion list: the domains, their rank and a deletion index."""

    members: frozenset[str]
    longest: int
    rank: Mapping[str, int]
    index: Mapping[str, tuple[str, ...]]
    variants: frozenset[str]


def _deletions(word: str, depth: int) -> set[str]:
    """Every string obtained from ``word`` by deleting at most ``depth`` characters."""
    found = {word}
    frontier = [(word, 0)]
    for _ in range(depth):  # delete left to right, so each set of positions is tried once
        frontier = [(w[:i] + w[i + 1 :], i) for w, start in frontier for i in range(start, len(w))]
        found.update(w for w, _ in frontier)
    return found


def _typo_limit(known: str) -> int:
    return _MAX_TYPO_DISTANCE if len(known) >= _MIN_LENGTH_FOR_TWO_EDITS else 1


@functools.lru_cache(maxsize=16)
def _prepare_known(domains: tuple[str, ...]) -> _KnownDomains:
    """Validate a ``known_domains`` tuple and index it for fast neighbour look-up.

    Two strings within optimal-string-alignment distance k share a string reachable from
    each by at most k deletions (each edit costs at most one deletion per side), so the
    deletion neighbourhoods of the known domains give every candidate; the distance then
    confirms it (the SymSpell idea, Garbe 2012).
    """
    for item in domains:
        domain: object = item
        if not isinstance(domain, str) or not domain or domain != domain.strip().lower():
            msg = (
                "'known_domains' must hold non-empty lower-case domain names "
                f"(got {domain!r} in {domains!r})"
            )
            raise InvalidArgument(msg, field="known_domains", value=domains)
    rank: dict[str, int] = {}
    index: dict[str, list[str]] = {}
    for position, domain in enumerate(domains):
        rank.setdefault(domain, position)
        for variant in _deletions(domain, _typo_limit(domain)):
            index.setdefault(variant, []).append(domain)
    return _KnownDomains(
        members=frozenset(domains),
        longest=max(map(len, domains), default=0),
        rank=MappingProxyType(rank),
        index=MappingProxyType({key: tuple(value) for key, value in index.items()}),
        variants=frozenset(index),
    )


@functools.cache
def _default_known() -> _KnownDomains:
    return _prepare_known(COMMON_MAILBOX_DOMAINS)


def _known(domains: tuple[str, ...]) -> _KnownDomains:
    return _default_known() if domains is COMMON_MAILBOX_DOMAINS else _prepare_known(domains)


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein, no substring edited twice).

    Insertions, deletions, substitutions and transpositions of adjacent characters each
    cost 1.

    Args:
        a: One string.
        b: The other string.

    Returns:
        The number of edits.

    >>> _osa_distance("gmial.com", "gmail.com"), _osa_distance("ca", "abc")
    (1, 3)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i, *([0] * len(b))]
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        previous2, previous = previous, current
    return previous[len(b)]


def _suggest_domain(domain: str, known: _KnownDomains) -> str | None:
    """The known domain ``domain`` most likely mistypes, or ``None``."""
    if domain in known.members or len(domain) > known.longest + _MAX_TYPO_DISTANCE:
        return None
    candidates: set[str] = set()
    for variant in _deletions(domain, _MAX_TYPO_DISTANCE) & known.variants:
        candidates.update(known.index[variant])
    head, _, tld = domain.rpartition(".")
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        same_head = candidate.rpartition(".")[0] == head
        if (same_head and tld in GENERIC_TLDS) or (_typo_limit(candidate) == 1 and not same_head):
            continue  # comcast.com is not comcast.net; ge.com is not me.com
        distance = _osa_distance(domain, candidate)
        if distance <= _typo_limit(candidate):
            key = (distance, known.rank[candidate], candidate)
            best = key if best is None or key < best else best
    return None if best is None else best[2]


@functools.lru_cache(maxsize=_DOMAIN_CACHE_SIZE)
def _domain_advice(
    domain: str, known: _KnownDomains | None, disposable: frozenset[str]
) -> tuple[str | None, bool]:
    """(typo suggestion, is disposable) for a normalised domain; memoised."""
    suggestion = None if known is None else _suggest_domain(domain, known)
    labels = domain.split(".")
    is_disposable = any(".".join(labels[i:]) in disposable for i in range(len(labels) - 1))
    return suggestion, is_disposable


@functools.lru_cache(maxsize=_DOMAIN_CACHE_SIZE)
def _fast_domain(domain: str) -> str | None:
    """The normalised domain if it is in the fast-path subset, else ``None`` (fall back).

    The subset: at most 253 octets; two or more labels of letters, digits and inner hyphens,
    each at most 63 long; an alphabetic top-level label; no label with hyphens in its third
    and fourth places (Punycode ``xn--`` and RFC 5891 reserved labels); no special-use name.
    For these domains email-validator's UTS #46 mapping is plain lower-casing.
    """
    lowered = domain.lower()
    if len(lowered) > _DOMAIN_MAX_OCTETS or _FAST_DOMAIN.fullmatch(lowered) is None:
        return None
    labels = lowered.split(".")
    if labels[-1] in _SPECIAL_USE_TLDS or any(label[2:4] == "--" for label in labels):
        return None
    return lowered


def _fast_path(text: str) -> tuple[str, str] | None:
    """``(local part, domain)`` normalised like email-validator would, or ``None``."""
    if len(text) > _ADDRESS_MAX_OCTETS:
        return None
    match = _FAST_ADDRESS.fullmatch(text)
    if match is None:
        return None
    domain = _fast_domain(match.group(2))
    if domain is None:
        return None
    local = match.group(1)
    lowered = local.lower()
    return (lowered if lowered in RFC2142_MAILBOX_NAMES else local), domain


def _reason_code(message: str, text: str) -> str:
    """Map one of email-validator's messages to a stable reason code."""
    message = message.removeprefix(_RENORMALIZED).lower()
    if "two periods in a row" in message:
        return "email.local_part" if ".." in text.split("@", 1)[0] else "email.domain"
    for fragment, code in MESSAGE_CODES:
        if fragment in message:
            return code
    return "email.syntax"


def _is_role(local_part: str, role_local_parts: frozenset[str]) -> bool:
    base = local_part.lower().partition("+")[0]
    if base in role_local_parts:
        return True
    bare = base.replace("-", "").replace("_", "").replace(".", "")
    return bare != base and bare in role_local_parts


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (int, bytes)):
        return False
    try:  # NaN of any kind (float, numpy, Decimal), pandas.NaT: not equal to itself
        return bool(value != value)  # noqa: PLR0124
    except TypeError:  # pandas.NA: its comparisons are ambiguous, and NA means missing
        return True


def check_email(
    value: object,
    *,
    strict: bool = False,
    suggest_domains: bool = True,
    known_domains: tuple[str, ...] = COMMON_MAILBOX_DOMAINS,
    disposable_domains: frozenset[str] = DISPOSABLE_DOMAINS,
    role_local_parts: frozenset[str] = ROLE_LOCAL_PARTS,
    allow_smtputf8: bool = True,
    allow_quoted_local: bool = False,
    allow_domain_literal: bool = False,
    allow_display_name: bool = False,
) -> EmailCheck:
    """Check one e-mail address from a CRM field and normalise it.

    Leading and trailing whitespace is removed first (that is normalisation: ``original``
    keeps the value as given). The syntax rules are email-validator's, without any DNS
    look-up. A valid address may still carry warnings: a likely domain typo (with a
    ``suggestion``), a role mailbox or a disposable domain.

    Args:
        value: The field value; ``None``, NaN and blank strings mean missing.
        strict: Raise :class:`~crmkit.InvalidValue` instead of returning an invalid result.
        suggest_domains: Look for a typo of a ``known_domains`` entry in the domain.
        known_domains: Lower-case mailbox domains typos are matched against, most preferred
            first (the order breaks ties). A domain in this tuple is never "corrected".
        disposable_domains: Domains (with their subdomains) flagged as disposable.
        role_local_parts: Local parts flagged as role addresses, compared lower-cased,
            without a ``+tag`` and without ``-``, ``_`` and ``.``.
        allow_smtputf8: Accept non-ASCII characters before the @-sign.
        allow_quoted_local: Accept a quoted local part (``"john doe"@example.org``).
        allow_domain_literal: Accept a bracketed IP address as the domain.
        allow_display_name: Accept ``Name <address>`` and keep the name in
            ``display_name``; by default a CRM e-mail field must hold the address alone.

    Returns:
        The check result; ``valid`` tells whether ``normalized`` is set.

    Raises:
        InvalidValue: ``strict=True`` and the value is not a valid address (``code`` is the
            first error code).
        InvalidArgument: An option has the wrong type.

    >>> result = check_email(" jane@gmial.com ")
    >>> result.normalized, result.warnings, result.suggestion
    ('jane@gmial.com', ('email.domain_typo',), 'jane@gmail.com')
    >>> check_email("Info@Example.org").is_role
    True
    >>> check_email("a..b@example.org").errors
    ('email.local_part',)
    """
    if type(known_domains) is not tuple:
        msg = f"'known_domains' must be a tuple of domain names (got {known_domains!r})"
        raise InvalidArgument(msg, field="known_domains", value=known_domains)
    for name, option in (
        ("disposable_domains", disposable_domains),
        ("role_local_parts", role_local_parts),
    ):
        if type(option) is not frozenset:
            msg = f"'{name}' must be a frozenset of str (got {option!r})"
            raise InvalidArgument(msg, field=name, value=option)
    result = _check(
        value,
        suggest_domains=suggest_domains,
        known_domains=known_domains,
        disposable_domains=disposable_domains,
        role_local_parts=role_local_parts,
        options=(allow_smtputf8, allow_quoted_local, allow_domain_literal, allow_display_name),
    )
    if strict and result.errors:
        msg = (
            f"'value' is not a valid e-mail address [{result.errors[0]}]: {result.detail} "
            f"(got {value!r})"
        )
        raise InvalidValue(msg, field="value", value=value, code=result.errors[0])
    return result


def _check(
    value: object,
    *,
    suggest_domains: bool,
    known_domains: tuple[str, ...],
    disposable_domains: frozenset[str],
    role_local_parts: frozenset[str],
    options: tuple[bool, bool, bool, bool],
) -> EmailCheck:
    if _is_missing(value):
        detail = f"'value' is missing (got {value!r})"
        return EmailCheck(value, errors=("email.missing",), detail=detail)
    if not isinstance(value, str):
        detail = f"'value' must be a str, not {type(value).__name__} (got {value!r})"
        return EmailCheck(value, errors=("email.type",), detail=detail)
    text = value.strip()
    fast = _fast_path(text)
    display_name = None
    smtputf8 = False
    if fast is not None:
        local_part, domain = fast
    else:
        allow_smtputf8, allow_quoted_local, allow_domain_literal, allow_display_name = options
        try:
            # Every option is passed explicitly: email-validator's module-level defaults are
            # mutable globals another library may have changed.
            validated = validate_email(
                text,
                allow_smtputf8=allow_smtputf8,
                allow_empty_local=False,
                allow_quoted_local=allow_quoted_local,
                allow_domain_literal=allow_domain_literal,
                allow_display_name=allow_display_name,
                strict=False,
                check_deliverability=False,
                test_environment=False,
                globally_deliverable=True,
            )
        except EmailNotValidError as error:
            return _invalid(
                value,
                text,
                str(error),
                suggest_domains=suggest_domains,
                known_domains=known_domains,
            )
        local_part, domain = validated.local_part, validated.domain
        display_name, smtputf8 = validated.display_name, validated.smtputf8
    known = _known(known_domains) if suggest_domains else None
    suggested, is_disposable = _domain_advice(domain, known, disposable_domains)
    is_role = _is_role(local_part, role_local_parts)
    warnings: tuple[str, ...] = ()
    if suggested is not None:
        warnings += ("email.domain_typo",)
    if is_disposable:
        warnings += ("email.disposable_domain",)
    if is_role:
        warnings += ("email.role_address",)
    if len(local_part) > _LOCAL_PART_MAX_OCTETS or (
        smtputf8 and len(local_part.encode()) > _LOCAL_PART_MAX_OCTETS
    ):
        warnings += ("email.long_local_part",)
    return EmailCheck(
        value,
        normalized=NormalizedEmail(f"{local_part}@{domain}"),
        local_part=local_part,
        domain=domain,
        warnings=warnings,
        suggestion=None if suggested is None else f"{local_part}@{suggested}",
        is_role=is_role,
        is_disposable=is_disposable,
        smtputf8=smtputf8,
        display_name=display_name,
    )


def _invalid(
    value: object,
    text: str,
    detail: str,
    *,
    suggest_domains: bool,
    known_domains: tuple[str, ...],
) -> EmailCheck:
    """An invalid result; a bad domain may still be a typo of a known one (``gmail,com``)."""
    code = _reason_code(detail, text)
    suggestion = None
    if suggest_domains and code == "email.domain" and text.count("@") == 1:
        local, _, domain = text.partition("@")
        if _LOCAL_ASCII.fullmatch(local) is not None:
            suggested = _suggest_domain(domain.lower(), _known(known_domains))
            if suggested is not None:
                suggestion = f"{local}@{suggested}"
    return EmailCheck(
        value,
        errors=(code,),
        warnings=() if suggestion is None else ("email.domain_typo",),
        suggestion=suggestion,
        detail=detail,
    )
