"""Tests for crmkit.validation._email (e-mail checking, fast path, typo suggestions).

Golden sources: the offline email-validator 2.4.0 results recorded in
/work/shared/domain/anchors-scoring-lifecycle-validation.md §C.1 ("anchors §C.1" below), the RFCs
named at each test, and the CRM text (seed 001): L3654-3655 "E-mail that is returned or sent
twice ... corrections will still have to be made to the database" and L5112-5114 (e-mail
addresses are among the basic data organisations find hardest to obtain) motivate checking
and normalising the field at entry.
"""

from __future__ import annotations

import math
import pickle
import string

import attrs
import email_validator
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._email import (
    _SPECIAL_USE_TLDS,
    COMMON_MAILBOX_DOMAINS,
    EMAIL_REASONS,
    EmailCheck,
    _deletions,
    _fast_path,
    _osa_distance,
    _prepare_known,
    _reason_code,
    _suggest_domain,
    _typo_limit,
    check_email,
)
from crmkit.validation._email_data import GENERIC_TLDS, RFC2142_MAILBOX_NAMES


def _reference(text: str) -> str | None:
    """email-validator's verdict with crmkit's default options and no network."""
    try:
        return validate_email(
            text,
            allow_smtputf8=True,
            allow_empty_local=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
            strict=False,
            check_deliverability=False,
            test_environment=False,
            globally_deliverable=True,
        ).normalized
    except EmailNotValidError:
        return None


# --- golden cases: anchors §C.1 (email-validator 2.4.0, offline) -------------------------------


def test_domain_is_lower_cased_and_local_part_kept():
    # anchors §C.1: John.Doe@Example.COM -> John.Doe@example.com
    result = check_email("John.Doe@Example.COM")
    assert result.valid
    assert result.normalized == "John.Doe@example.com"
    assert (result.local_part, result.domain) == ("John.Doe", "example.com")
    assert result.original == "John.Doe@Example.COM"


def test_internationalised_address_needs_smtputf8():
    # anchors §C.1: münchen@bücher.de valid, smtputf8=True
    result = check_email("münchen@bücher.de")
    assert result.valid
    assert result.normalized == "münchen@bücher.de"
    assert result.smtputf8


def test_internationalised_local_part_refused_without_smtputf8():
    # RFC 6531 §3.3: non-ASCII local parts need the SMTPUTF8 extension.
    assert check_email("münchen@bücher.de", allow_smtputf8=False).errors == ("email.smtputf8",)
    # An IDN domain alone does not: it has an ASCII (Punycode) form.
    assert check_email("jan@bücher.de", allow_smtputf8=False).valid


def test_punycode_domain_is_shown_in_unicode():
    # email-validator normalises an IDNA ASCII domain to its Unicode form (README "Normalization").
    assert check_email("jan@xn--bcher-kva.de").normalized == "jan@bücher.de"


def test_two_periods_in_a_row():
    # anchors §C.1: a..b@example.org -> "cannot have two periods in a row"
    result = check_email("a..b@example.org")
    assert result.errors == ("email.local_part",)
    assert result.normalized is None
    assert "two periods in a row" in (result.detail or "")
    assert check_email("ab@example..org").errors == ("email.domain",)


def test_domain_needs_a_period():
    # anchors §C.1: x@localhost -> needs a period
    result = check_email("x@localhost")
    assert result.errors == ("email.domain",)
    assert "period" in (result.detail or "")


@pytest.mark.parametrize("tld", ["arpa", "invalid", "local", "localhost", "onion", "test"])
def test_special_use_domains_are_rejected(tld):
    # anchors §C.1: special-use domains arpa, invalid, local, localhost, onion, test rejected
    # (IANA special-use registry; RFC 6761, RFC 6762, RFC 7686).
    assert check_email(f"jan@host.{tld}").errors == ("email.special_use_domain",)


def test_quoted_local_part_only_when_allowed():
    # anchors §C.1: quoted local part rejected unless enabled.
    assert check_email('"john doe"@example.org').errors == ("email.quoted_local_part",)
    allowed = check_email('"john doe"@example.org', allow_quoted_local=True)
    assert allowed.normalized == '"john doe"@example.org'


def test_domain_literal_only_when_allowed():
    # anchors §C.1: [192.168.0.1] literals rejected unless enabled.
    assert check_email("jan@[192.168.0.1]").errors == ("email.domain_literal",)
    allowed = check_email("jan@[192.168.0.1]", allow_domain_literal=True)
    assert allowed.normalized == "jan@[192.168.0.1]"


def test_display_name_is_not_an_address_unless_allowed():
    # anchors §C.1: "Joe Bloggs <joe@example.org>" -> display_name "Joe Bloggs" when allowed.
    assert check_email("Joe Bloggs <joe@example.org>").errors == ("email.display_name",)
    allowed = check_email("Joe Bloggs <joe@example.org>", allow_display_name=True)
    assert allowed.normalized == "joe@example.org"
    assert allowed.display_name == "Joe Bloggs"


def test_full_width_letters_are_kept():
    # anchors §C.1: full-width ｊｏｅ kept as is (NFC, not NFKC).
    assert check_email("ｊｏｅ@example.org").normalized == "ｊｏｅ@example.org"


def test_long_local_part_is_valid_with_a_warning():
    # anchors §C.1: a 65-character local part is accepted in non-strict mode; RFC 5321
    # §4.5.3.1.1 sets 64 octets, so crmkit warns.
    local = "a" * 65
    result = check_email(f"{local}@example.org")
    assert result.valid
    assert result.warnings == ("email.long_local_part",)
    assert check_email(f"{'a' * 64}@example.org").warnings == ()


def test_address_longer_than_254_octets():
    # RFC 5321 §4.5.3.1.3 with RFC 3696 erratum 1690: at most 254 octets.
    domain = ".".join(["a" * 60] * 3) + ".com"  # 186 characters
    assert check_email(f"{'b' * 67}@{domain}").valid  # 254 octets
    too_long = check_email(f"{'b' * 68}@{domain}")  # 255 octets
    assert too_long.errors == ("email.too_long",)
    assert "1 character too many" in (too_long.detail or "")


def test_rfc2142_names_are_lower_cased():
    # email-validator lower-cases the RFC 2142 mailbox names (rfc_constants, "RFC 2142").
    assert check_email("Postmaster@Example.org").normalized == "postmaster@example.org"
    assert check_email("Info@Example.org").normalized == "info@example.org"
    assert check_email("Infos@Example.org").normalized == "Infos@example.org"


def test_whitespace_around_the_address_is_stripped():
    result = check_email("  \tjane@example.org \n")
    assert result.normalized == "jane@example.org"
    assert result.original == "  \tjane@example.org \n"
    assert check_email("jane @example.org").errors == ("email.local_part",)


# --- missing values, types, strict mode --------------------------------------------------------


@pytest.mark.parametrize("value", [None, math.nan, "", "   ", "\t\n"])
def test_missing(value):
    # CONTRIBUTING.md: None, NaN, "" and whitespace-only strings mean missing.
    result = check_email(value)
    assert result.errors == ("email.missing",)
    assert result.normalized is None
    assert not result.valid


@pytest.mark.parametrize("value", [42, b"jan@example.org", ["jan@example.org"]])
def test_wrong_type(value):
    result = check_email(value)
    assert result.errors == ("email.type",)
    assert repr(value) in (result.detail or "")


def test_strict_raises_invalid_value():
    with pytest.raises(InvalidValue) as caught:
        check_email("a..b@example.org", strict=True)
    error = caught.value
    assert (error.field, error.value, error.code) == (
        "value",
        "a..b@example.org",
        "email.local_part",
    )
    assert "'a..b@example.org'" in str(error)
    assert isinstance(error, ValueError)
    with pytest.raises(InvalidValue, match=r"email\.missing"):
        check_email(None, strict=True)


def test_strict_does_not_raise_on_warnings():
    assert check_email("info@gmial.com", strict=True).warnings == (
        "email.domain_typo",
        "email.role_address",
    )


# --- reason codes ------------------------------------------------------------------------------

_CODE_EXAMPLES = {
    "email.missing": None,
    "email.type": 3.5,
    "email.no_at": "jan.example.org",
    "email.local_part": ".jan@example.org",
    "email.domain": "jan@-example.org",
    "email.special_use_domain": "jan@example.test",
    "email.too_long": "jan@" + "a" * 250 + ".com",
    "email.display_name": "<jan@example.org>",
    "email.quoted_local_part": '"jan"@example.org',
    "email.domain_literal": "jan@[IPv6:::1]",
    "email.smtputf8": "jür@example.org",
    "email.unsafe_characters": "jan\u200b@example.org",
    "email.domain_typo": "jan@gmial.com",
    "email.disposable_domain": "jan@mailinator.com",
    "email.role_address": "sales@example.org",
    "email.long_local_part": "j" * 70 + "@example.org",
}


@pytest.mark.parametrize(("code", "value"), _CODE_EXAMPLES.items())
def test_every_reason_code_is_reachable(code, value):
    result = check_email(value, allow_smtputf8=code != "email.smtputf8")
    assert code in result.errors + result.warnings, (result.errors, result.detail)


def test_unknown_messages_fall_back_to_syntax():
    # Every message of email-validator 2.4.0 has a specific code; a message added by a later
    # release falls back to the generic code instead of failing.
    assert _reason_code("Some new complaint.", "jan@example.org") == "email.syntax"


def test_reason_table_is_complete_and_read_only():
    assert {*_CODE_EXAMPLES, "email.syntax"} == set(EMAIL_REASONS)
    assert all(code.startswith("email.") and code == code.lower() for code in EMAIL_REASONS)
    with pytest.raises(TypeError):
        EMAIL_REASONS["email.new"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("jan＠example.org", "email.no_at"),  # full-width at-sign (email-validator message)
        ("jan@", "email.domain"),
        ("@example.org", "email.local_part"),
        ("jan.@example.org", "email.local_part"),
        ("jan@example.org.", "email.domain"),
        ("jan@exa--mple.org", "email.valid"),
        ("jan@ex--ample.org", "email.domain"),  # RFC 5891 §4.2.3.1: "--" in places 3-4
        ("jan@example.-org", "email.domain"),
        ("jan@example.123", "email.domain"),
        ("jan@" + "a" * 64 + ".org", "email.domain"),  # label over 63 octets (RFC 1035)
        ("jan@exa_mple.org", "email.domain"),
        ("Joe <jan@example.org", "email.display_name"),
        ('"jan"x@example.org', "email.local_part"),
    ],
)
def test_email_validator_messages_map_to_codes(value, code):
    result = check_email(value)
    assert result.errors == (() if code == "email.valid" else (code,)), result.detail


# --- typo suggestions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("jane@gmial.com", "jane@gmail.com"),  # transposition
        ("jane@gmail.con", "jane@gmail.com"),
        ("jane@gmail.cmo", "jane@gmail.com"),
        ("jane@gnail.com", "jane@gmail.com"),
        ("jane@hotmial.co.uk", "jane@hotmail.co.uk"),
        ("jane@yahoo.con", "jane@yahoo.com"),  # not yahoo.co.uk: rank breaks no tie here
        ("jane@gmx.dr", "jane@gmx.de"),
        ("jane@gmail.co", "jane@gmail.com"),  # decided: see docs/validation/email.md
    ],
)
def test_domain_typo_is_suggested_not_applied(typed, suggested):
    result = check_email(typed)
    assert result.valid
    assert result.normalized == typed  # the suggestion is only a suggestion
    assert result.suggestion == suggested
    assert "email.domain_typo" in result.warnings


@pytest.mark.parametrize(
    "domain",
    [
        "comcast.com",  # Comcast's staff domain, not a typo of comcast.net (generic TLD swap)
        "verizon.com",
        "ge.com",  # one edit from me.com, but short names only get top-level-label fixes
        "aon.com",
        "q.com",
        "example.org",
        "gmx.at",  # listed: a listed domain is never corrected
        "126.com",
    ],
)
def test_real_neighbours_are_not_corrected(domain):
    result = check_email(f"jan@{domain}")
    assert result.suggestion is None
    assert result.warnings == ()


def test_invalid_domain_can_still_get_a_suggestion():
    result = check_email("jane@gmail,com")
    assert result.errors == ("email.domain",)
    assert result.suggestion == "jane@gmail.com"


def test_suggestions_can_be_turned_off_or_customised():
    assert check_email("jane@gmial.com", suggest_domains=False).suggestion is None
    custom = check_email("jan@acme-crop.com", known_domains=("acme-corp.com",))
    assert custom.suggestion == "jan@acme-corp.com"


def test_no_listed_domain_is_ever_corrected():
    """Business rule: a domain on the provider list is taken as typed, never "fixed"."""
    known = _prepare_known(COMMON_MAILBOX_DOMAINS)
    assert [d for d in COMMON_MAILBOX_DOMAINS if _suggest_domain(d, known) is not None] == []
    assert len(set(COMMON_MAILBOX_DOMAINS)) == len(COMMON_MAILBOX_DOMAINS)


def test_osa_distance_golden():
    # Wikipedia "Damerau-Levenshtein distance", section "Optimal string alignment distance":
    # OSA(CA, ABC) = 3 while the unrestricted Damerau-Levenshtein distance is 2.
    assert _osa_distance("CA", "ABC") == 3
    # "kitten"/"sitting" = 3 (the classic Levenshtein example; no transposition helps).
    assert _osa_distance("kitten", "sitting") == 3
    assert _osa_distance("gmial.com", "gmail.com") == 1
    assert _osa_distance("", "abc") == 3


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, start=1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b)),
            )
    return row[len(b)]


_SHORT_TEXT = st.text(alphabet="abc.", max_size=7)


@given(_SHORT_TEXT, _SHORT_TEXT)
@settings(max_examples=150)
def test_osa_is_a_bounded_symmetric_distance(a, b):
    """Rule: OSA is symmetric, zero only for equal strings and never above Levenshtein."""
    distance = _osa_distance(a, b)
    assert distance == _osa_distance(b, a)
    assert (distance == 0) == (a == b)
    assert abs(len(a) - len(b)) <= distance <= _levenshtein(a, b)


_DOMAIN_TYPOS = st.sampled_from(COMMON_MAILBOX_DOMAINS).flatmap(
    lambda domain: st.lists(
        st.tuples(st.integers(0, len(domain)), st.sampled_from("acmo.x-")), max_size=2
    ).map(lambda edits: _apply_edits(domain, edits))
)


def _apply_edits(domain: str, edits: list[tuple[int, str]]) -> str:
    for position, char in edits:
        domain = domain[:position] + char + domain[position + 1 :]
    return domain


def _brute_force_suggestion(domain: str) -> str | None:
    if domain in COMMON_MAILBOX_DOMAINS:
        return None
    head, _, tld = domain.rpartition(".")
    best = None
    for rank, known in enumerate(COMMON_MAILBOX_DOMAINS):
        same_head = known.rpartition(".")[0] == head
        if (same_head and tld in GENERIC_TLDS) or (_typo_limit(known) == 1 and not same_head):
            continue
        distance = _osa_distance(domain, known)
        if distance <= _typo_limit(known) and (best is None or (distance, rank) < best[:2]):
            best = (distance, rank, known)
    return None if best is None else best[2]


@given(_DOMAIN_TYPOS)
@settings(max_examples=200)
def test_deletion_index_finds_exactly_the_brute_force_suggestion(domain):
    """Rule: the indexed look-up suggests what comparing with every listed domain would."""
    known = _prepare_known(COMMON_MAILBOX_DOMAINS)
    assert _suggest_domain(domain, known) == _brute_force_suggestion(domain)


def test_deletions():
    assert _deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert _deletions("aab", 2) == {"aab", "ab", "aa", "a", "b"}
    assert _deletions("abcd", 2) == {"abcd"} | {"bcd", "acd", "abd", "abc"} | {
        "cd",
        "bd",
        "bc",
        "ad",
        "ac",
        "ab",
    }


# --- role and disposable addresses -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RFC2142_MAILBOX_NAMES))
def test_rfc2142_mailboxes_are_roles(name):
    # RFC 2142 §§3-5 define these mailbox names for services, roles and functions.
    result = check_email(f"{name}@example.org")
    assert result.is_role
    assert "email.role_address" in result.warnings


@pytest.mark.parametrize(
    ("local", "is_role"),
    [
        ("no-reply", True),
        ("NoReply", True),
        ("do_not_reply", True),
        ("sales+emea", True),
        ("Support", True),
        ("john.smith", False),
        ("infomaniac", False),
        ("h.r", True),
    ],
)
def test_role_addresses(local, is_role):
    assert check_email(f"{local}@example.org").is_role is is_role


def test_disposable_domains_and_subdomains():
    assert check_email("x@mailinator.com").is_disposable
    assert check_email("x@eu.mailinator.com").is_disposable
    assert not check_email("x@notmailinator.com").is_disposable
    assert check_email("x@example.org", disposable_domains=frozenset({"example.org"})).warnings == (
        "email.disposable_domain",
    )


# --- options and values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "bad"),
    [
        ("known_domains", ["gmail.com"]),
        ("known_domains", ("Gmail.com",)),
        ("known_domains", ("",)),
        ("known_domains", (42,)),
        ("disposable_domains", {"x.org"}),
        ("role_local_parts", ("info",)),
    ],
)
def test_bad_options_raise_invalid_argument(option, bad):
    with pytest.raises(InvalidArgument) as caught:
        check_email("jan@gmial.com", **{option: bad})
    assert caught.value.field == option
    assert repr(bad) in str(caught.value)


def test_result_is_a_frozen_picklable_value():
    result = check_email("jan@gmial.com")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.normalized = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(result)) == result
    assert attrs.evolve(result, warnings=()).warnings == ()
    assert isinstance(result, EmailCheck)


def test_our_copies_of_email_validator_tables_are_current():
    # The fast path re-implements these two tables; an upgrade that changes them must fail here.
    assert set(email_validator.rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES) == set(
        RFC2142_MAILBOX_NAMES
    )
    assert set(email_validator.SPECIAL_USE_DOMAIN_NAMES) == _SPECIAL_USE_TLDS


# --- fast path versus email-validator ----------------------------------------------------------

_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
_PLAIN_LOCAL = st.from_regex(r"[A-Za-z0-9._%+'-]{1,20}", fullmatch=True)
_PLAIN_LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,10}[A-Za-z0-9])?", fullmatch=True)
_LOCALS = st.one_of(
    _PLAIN_LOCAL,
    _PLAIN_LOCAL,
    st.text(alphabet=_ATEXT + ".", max_size=70),
    st.sampled_from(["info", "Info", "POSTMASTER", "john.doe", "a" * 64, "a" * 65, "x"]),
)
_LABELS = st.one_of(
    _PLAIN_LABEL,
    _PLAIN_LABEL,
    _PLAIN_LABEL,
    st.text(alphabet=string.ascii_letters + string.digits + "-", max_size=66),
    st.sampled_from(["xn--bcher-kva", "ab--cd", "Example", "a" * 63, "a" * 64, "-a", "a-"]),
)
_TLDS = st.one_of(
    st.sampled_from(
        [
            "com",
            "ORG",
            "de",
            "uk",
            "co.uk",
            "c0m",
            "a",
            "x1",
            "museum",
            "xn--p1ai",
            *_SPECIAL_USE_TLDS,
        ]
    ),
    st.from_regex(r"[A-Za-z]{2,8}", fullmatch=True),
    _LABELS,
)
_DOMAINS = st.builds(
    lambda labels, tld: ".".join([*labels, tld]), st.lists(_LABELS, min_size=1, max_size=4), _TLDS
)
_NEAR_VALID = st.builds(
    lambda local, separator, domain: local + separator + domain,
    _LOCALS,
    st.one_of(st.just("@"), st.sampled_from(["@@", "", ".@", "@.", " @", "@-"])),
    _DOMAINS,
)
_CLEAN = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join([*labels, tld])}",
    st.from_regex(r"[A-Za-z0-9_%+'-]{1,10}(?:\.[A-Za-z0-9_%+'-]{1,10}){0,2}", fullmatch=True),
    st.lists(_PLAIN_LABEL, min_size=1, max_size=3),
    st.from_regex(r"[A-Za-z]{2,6}", fullmatch=True),
)
_NOISE = st.text(alphabet=_ATEXT + '.@-<>" []\\,;:ü\u00a0', max_size=80)
_ADDRESSES = st.one_of(_CLEAN, _NEAR_VALID, _NOISE)


@given(_ADDRESSES)
@settings(max_examples=300)
def test_fast_path_agrees_with_email_validator(text):
    """Rule: when the fast path accepts an address, email-validator accepts it too and
    normalises it identically (the fast path may only decline, never disagree)."""
    fast = _fast_path(text)
    if fast is not None:
        assert _reference(text) == f"{fast[0]}@{fast[1]}"


@given(_ADDRESSES)
@settings(max_examples=300)
def test_check_email_verdict_equals_email_validator(text):
    """Rule: crmkit's verdict and normalised form are email-validator's, after stripping."""
    stripped = text.strip()
    result = check_email(text)
    if not stripped:
        assert result.errors == ("email.missing",)
    else:
        assert result.normalized == _reference(stripped)
        assert result.valid is (result.normalized is not None)


@pytest.mark.parametrize(
    "text",
    [
        "john.doe@example.com",
        "Maria.Garcia@Acme-Corp.co.uk",
        "o'neil+crm@t-online.de",
        "info@example.org",
        "x_y-z{1}@sub.example.travel",
    ],
)
def test_typical_addresses_take_the_fast_path(text):
    assert _fast_path(text) is not None
    assert _fast_path(text) is not None  # memoised domain
    assert _reference(text) == check_email(text).normalized


@given(st.text(max_size=60))
@settings(max_examples=200)
def test_never_raises_on_text(text):
    """Rule: a non-strict check reports bad data, it never raises on any string."""
    result = check_email(text)
    assert result.valid is (result.normalized is not None)
    assert set(result.errors + result.warnings) <= set(EMAIL_REASONS)


@given(st.one_of(_CLEAN, _NEAR_VALID))
@settings(max_examples=200)
def test_normalisation_is_idempotent(text):
    """Rule: checking a normalised address again returns it unchanged."""
    normalized = check_email(text).normalized
    if normalized is not None:
        assert check_email(normalized).normalized == normalized
