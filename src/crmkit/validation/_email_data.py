"""Reference tables for :mod:`crmkit.validation._email`.

Plain immutable data, no logic: the reason codes and how email-validator's messages map to
them, the mailbox providers used for typo suggestions, the role mailbox names, and a small
list of disposable-address services. Each table says where it comes from. The lists are
deliberately short: they feed advice for a human reviewer, never a verdict on an address.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "COMMON_MAILBOX_DOMAINS",
    "DISPOSABLE_DOMAINS",
    "EMAIL_REASONS",
    "GENERIC_TLDS",
    "MESSAGE_CODES",
    "RFC2142_MAILBOX_NAMES",
    "ROLE_LOCAL_PARTS",
]

#: Every reason code ``check_email`` can emit, with a one-line description.
EMAIL_REASONS: Mapping[str, str] = MappingProxyType(
    {
        # Errors: the value is not a usable address.
        "email.missing": "no e-mail address given (None, NaN or blank)",
        "email.type": "the value is not a string",
        "email.no_at": "there is no @-sign (or a look-alike such as the full-width @)",
        "email.local_part": "the part before the @-sign is empty or malformed",
        "email.domain": "the part after the @-sign is not a valid domain name",
        "email.special_use_domain": "the domain is a special-use name (.test, .localhost, ...)",
        "email.too_long": "the address is longer than 254 octets or its domain than 253",
        "email.display_name": "a display name or angle brackets around the address",
        "email.quoted_local_part": 'the part before the @-sign is quoted ("...")',
        "email.domain_literal": "the domain is a bracketed IP address literal",
        "email.smtputf8": "non-ASCII characters before the @-sign are not allowed here",
        "email.unsafe_characters": "invisible, control or other unsafe characters",
        "email.syntax": "the address is malformed in some other way",
        # Warnings: the address is valid but worth a look.
        "email.domain_typo": "the domain looks like a typo of a common mailbox provider",
        "email.disposable_domain": "the domain belongs to a disposable-address service",
        "email.role_address": "the mailbox names a role or team (info@, sales@), not a person",
        "email.long_local_part": "the part before the @-sign exceeds 64 octets (RFC 5321)",
    }
)

#: Mail domains of the largest consumer mailbox providers, most preferred first (the order
#: breaks ties between equally close suggestions, so ``yahoo.con`` gives ``yahoo.com``).
#:
#: Source: the ``defaultDomains`` and ``defaultSecondLevelDomains`` of Mailcheck 1.1.2
#: (MIT, https://github.com/mailcheck/mailcheck, ``src/mailcheck.js``), extended by hand
#: (curated) with the providers' own regional domains and the largest European, Russian,
#: Chinese, Korean, Japanese and Indian providers. Regional siblings of a provider are listed
#: on purpose: a domain in this tuple is never "corrected", so ``gmx.at`` is not turned into
#: ``gmx.de`` and ``126.com`` not into ``163.com``.
COMMON_MAILBOX_DOMAINS: tuple[str, ...] = (
    # Google, Microsoft, Yahoo, Apple, AOL: the global majority of consumer mailboxes.
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "rocketmail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "aim.com",
    "hotmail.co.uk",
    "hotmail.de",
    "hotmail.fr",
    "hotmail.it",
    "hotmail.es",
    "outlook.de",
    "outlook.fr",
    "outlook.es",
    "outlook.it",
    "live.co.uk",
    "live.de",
    "live.fr",
    "live.it",
    "live.nl",
    "yahoo.co.uk",
    "yahoo.de",
    "yahoo.fr",
    "yahoo.it",
    "yahoo.es",
    "yahoo.ca",
    "yahoo.in",
    "yahoo.co.jp",
    "yahoo.com.br",
    "yahoo.com.au",
    "aol.de",
    "aol.fr",
    # Independent and privacy-focused providers.
    "proton.me",
    "protonmail.com",
    "pm.me",
    "fastmail.com",
    "tutanota.com",
    "tuta.com",
    "zoho.com",
    "mail.com",
    "email.com",
    "gmx.com",
    "gmx.net",
    # Germany, Austria, Switzerland.
    "gmx.de",
    "gmx.at",
    "gmx.ch",
    "web.de",
    "t-online.de",
    "freenet.de",
    "arcor.de",
    "posteo.de",
    "mailbox.org",
    "bluewin.ch",
    # France, Italy, Spain, Netherlands, Belgium, Nordics, Poland, Czechia.
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "telefonica.net",
    "ziggo.nl",
    "kpnmail.nl",
    "skynet.be",
    "telenet.be",
    "online.no",
    "wp.pl",
    "o2.pl",
    "onet.pl",
    "interia.pl",
    "seznam.cz",
    # United Kingdom and Ireland.
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "blueyonder.co.uk",
    "ntlworld.com",
    "talktalk.net",
    "eircom.net",
    # North America.
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "bellsouth.net",
    "cox.net",
    "charter.net",
    "earthlink.net",
    "optonline.net",
    "shaw.ca",
    "rogers.com",
    "sympatico.ca",
    "telus.net",
    # Russia, China, Korea, Japan, India, Oceania, Latin America.
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "ya.ru",
    "bk.ru",
    "inbox.ru",
    "list.ru",
    "rambler.ru",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "naver.com",
    "daum.net",
    "hanmail.net",
    "docomo.ne.jp",
    "rediffmail.com",
    "optusnet.com.au",
    "bigpond.com",
    "xtra.co.nz",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
)

#: Top-level labels a typo suggestion never replaces by another: the generic TLDs of RFC 1591
#: section 2 plus ``info`` and ``biz``. Providers' namesakes under them are real, different
#: mail domains (``comcast.com`` is Comcast's staff domain, ``comcast.net`` its customers').
GENERIC_TLDS: frozenset[str] = frozenset(
    {"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz"}
)

#: The mailbox names RFC 2142 ("Mailbox Names for Common Services, Roles and Functions",
#: sections 3-5) defines. email-validator lower-cases these local parts when it normalises
#: (its ``rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES``), and so does crmkit's fast path.
RFC2142_MAILBOX_NAMES: frozenset[str] = frozenset(
    {
        # Section 3, business-related mailbox names.
        "info",
        "marketing",
        "sales",
        "support",
        # Section 4, network operations mailbox names.
        "abuse",
        "noc",
        "security",
        # Section 5, support for specific Internet services.
        "postmaster",
        "hostmaster",
        "usenet",
        "news",
        "webmaster",
        "www",
        "uucp",
        "ftp",
    }
)

#: Local parts that name a role, a team or a machine rather than a person, written without
#: separators (``no-reply``, ``no_reply`` and ``no.reply`` all match ``noreply``). The
#: RFC 2142 names plus a curated list of the role mailboxes that CRM imports commonly contain
#: (English first, then a few frequent German, French, Spanish and Dutch ones).
ROLE_LOCAL_PARTS: frozenset[str] = RFC2142_MAILBOX_NAMES | frozenset(
    {
        "accounting",
        "accounts",
        "admin",
        "administrator",
        "all",
        "billing",
        "bookings",
        "careers",
        "contact",
        "contactus",
        "customercare",
        "customerservice",
        "donotreply",
        "enquiries",
        "enquiry",
        "feedback",
        "finance",
        "help",
        "helpdesk",
        "hello",
        "hr",
        "inquiries",
        "inquiry",
        "invoices",
        "it",
        "jobs",
        "legal",
        "mail",
        "mailerdaemon",
        "media",
        "newsletter",
        "noreply",
        "office",
        "orders",
        "press",
        "privacy",
        "reception",
        "recruiting",
        "root",
        "service",
        "team",
        # German, French, Spanish, Dutch.
        "buchhaltung",
        "kontakt",
        "vertrieb",
        "contacto",
        "ventas",
        "bonjour",
        "accueil",
        "verkoop",
    }
)

#: Domains of well-known disposable ("throw-away") mailbox services. A curated handful, each
#: checked to be on the community blocklist https://github.com/disposable-email-domains/
#: disposable-email-domains (``disposable_email_blocklist.conf`` at commit 0025825). That list
#: has thousands of entries and changes weekly, so pass it as ``disposable_domains=`` when
#: completeness matters. Subdomains of a listed domain count as disposable too.
DISPOSABLE_DOMAINS: frozenset[str] = frozenset(
    {
        "10minutemail.com",
        "dispostable.com",
        "fakeinbox.com",
        "getnada.com",
        "guerrillamail.com",
        "guerrillamail.net",
        "mailinator.com",
        "maildrop.cc",
        "mailnesia.com",
        "mintemail.com",
        "sharklasers.com",
        "temp-mail.org",
        "throwawaymail.com",
        "trashmail.com",
        "yopmail.com",
    }
)

#: email-validator's error messages (version 2.4.0, ``syntax.py`` and ``validate_email.py``)
#: mapped to crmkit reason codes by a lower-case fragment of their wording; the first match
#: wins. "Two periods in a row" is shared by both halves and decided by the caller.
MESSAGE_CODES: tuple[tuple[str, str], ...] = (
    ("special-use", "email.special_use_domain"),
    ("at-sign", "email.no_at"),
    ("must have an @-sign", "email.no_at"),
    ("display name", "email.display_name"),
    ("angle bracket", "email.display_name"),
    ("anything after the email address", "email.display_name"),
    ("too long", "email.too_long"),
    ("quoting the part before", "email.quoted_local_part"),
    ("internationalized characters before", "email.smtputf8"),
    ("unsafe characters", "email.unsafe_characters"),
    ("bracket", "email.domain_literal"),
    ("after the @-sign", "email.domain"),
    ("cannot end with a", "email.domain"),
    ("period and a hyphen", "email.domain"),
    ("two dashes", "email.domain"),
    ("before the @-sign", "email.local_part"),
    ("cannot start with a", "email.local_part"),
    ("close quote", "email.local_part"),
)
