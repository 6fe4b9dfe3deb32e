"""Reference tables for :mod:`crmkit.validation._email`.

Plain immutable data, no logic: the mailbox providers used for typo suggestions, the role
mailbox names, and a small list of disposable-address services. Each table says where it
comes from. The tables are deliberately short: they are advice for a human reviewer, never a
verdict on an address.
"""

from __future__ import annotations

__all__ = [
    "COMMON_MAILBOX_DOMAINS",
    "DISPOSABLE_DOMAINS",
    "GENERIC_TLDS",
    "RFC2142_MAILBOX_NAMES",
    "ROLE_LOCAL_PARTS",
]

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
#: also on the community blocklist https://github.com/disposable-email-domains/
#: disposable-email-domains (``disposable_email_blocklist.conf``); that list has thousands of
#: entries and changes weekly, so pass it as ``disposable_domains=`` when completeness
#: matters. Subdomains of a listed domain count as disposable too.
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
        "spamgourmet.com",
        "temp-mail.org",
        "throwawaymail.com",
        "trashmail.com",
        "yopmail.com",
    }
)
