"""Matching keys: each record reduced to the normalised values that comparisons and blocking use.

Normalisation for matching is not cleaning: it throws away what must not decide a match
(case, accents, punctuation, titles, address abbreviations, phone formatting) and keeps
alternatives where the data are ambiguous (a nickname's canonical names, both readings of
``05/06/1980``). The texts' missed-duplicate case, one customer filed as "Mr" and as "Dr"
(L5172–5173), is why titles never reach a comparison.

Canonical input fields (crmkit's documented names): ``given_name``, ``middle_name``,
``family_name``, ``full_name``, ``title``, ``email``, ``phone``, ``birth_date``,
``street_number``, ``address_line1``, ``address_line2``, ``locality``, ``postcode``,
``region``, ``country``, ``company``, ``national_id``.

>>> keys = match_keys({"id": "1", "full_name": "Dr. Bob O'Neil", "phone": "020 7946 0958",
...                    "country": "GB", "birth_date": "05/06/1980"})
>>> keys.given, keys.given_canonical, keys.family, keys.phone
('bob', ('bert', 'bob', 'bobby', 'robert'), 'oneil', '+442079460958')
>>> keys.birth_date, keys.birth_date_alt
(datetime.date(1980, 6, 5), datetime.date(1980, 5, 6))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

import attrs

from crmkit.identity._nicknames import canonical_given_names
from crmkit.identity._phonetic import double_metaphone
from crmkit.validation import check_email, check_phone, is_missing, parse_name
from crmkit.validation import parse_organisation_name as _parse_organisation

__all__ = [
    "CANONICAL_FIELDS",
    "MONTH_FIRST_COUNTRIES",
    "MatchKeys",
    "fold",
    "match_keys",
    "normalize_street",
]

CANONICAL_FIELDS = (
    "given_name",
    "middle_name",
    "family_name",
    "full_name",
    "title",
    "email",
    "phone",
    "birth_date",
    "street_number",
    "address_line1",
    "address_line2",
    "locality",
    "postcode",
    "region",
    "country",
    "company",
    "national_id",
)

#: Countries whose numeric dates are written month first: ``05/06/1980`` is 6 May 1980 there
#: and 5 June 1980 in most other countries (Unicode CLDR short date patterns: "M/d/yy" for
#: en-US and en-PH, "dd/MM/y" for en-GB). The other reading is kept as ``birth_date_alt``.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "PH"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")

#: Street-type and unit abbreviations, after USPS Publication 28 (Appendix C1 "Street Suffix
#: Abbreviations", C2 "Secondary Unit Designators") and Royal Mail's PAF thoroughfare
#: descriptors. Every spelling maps to one short form, so "Street" and "St" agree.
STREET_ABBREVIATIONS = {
    "street": "st", "str": "st", "st": "st",
    "road": "rd", "rd": "rd",
    "avenue": "ave", "av": "ave", "ave": "ave", "avn": "ave",
    "boulevard": "blvd", "blvd": "blvd",
    "lane": "ln", "ln": "ln",
    "drive": "dr", "drv": "dr", "dr": "dr",
    "court": "ct", "ct": "ct",
    "place": "pl", "pl": "pl",
    "square": "sq", "sq": "sq",
    "terrace": "ter", "terr": "ter", "ter": "ter",
    "crescent": "cres", "cres": "cres",
    "close": "cl", "cl": "cl",
    "highway": "hwy", "hwy": "hwy",
    "parkway": "pkwy", "pkwy": "pkwy",
    "circle": "cir", "cir": "cir",
    "way": "way",
    "gardens": "gdns", "gdns": "gdns",
    "north": "n", "south": "s", "east": "e", "west": "w",
    "apartment": "apt", "apt": "apt", "flat": "apt", "unit": "apt", "suite": "ste",
    "ste": "ste", "floor": "fl", "fl": "fl", "building": "bldg", "bldg": "bldg",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: accents folded, everything else dropped.

    >>> fold("  Zoë O'Neil-Müller ")
    'zoeoneilmuller'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("", ascii_text)


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return [w for w in _NON_ALNUM.split(ascii_text) if w]


def normalize_street(text: str) -> str:
    """A street line with abbreviations unified and punctuation dropped.

    >>> normalize_street("12 Baker Street, Apartment 4"), normalize_street("12 BAKER ST. APT 4")
    ('12 baker st apt 4', '12 baker st apt 4')
    """
    return " ".join(STREET_ABBREVIATIONS.get(w, w) for w in _words(text))


@attrs.frozen
class MatchKeys:
    """The normalised values of one record that blocking and comparisons read.

    Every attribute is ``None`` (or empty) when the record does not have it.
    """

    id: str
    given: str | None = None
    given_canonical: tuple[str, ...] = ()
    given_initial: str | None = None
    middle_initial: str | None = None
    family: str | None = None
    family_phonetic: str | None = None
    email: str | None = None
    email_local: str | None = None
    email_domain: str | None = None
    phone: str | None = None
    birth_date: dt.date | None = None
    birth_date_alt: dt.date | None = None
    street_number: str | None = None
    street: str | None = None
    unit: str | None = None
    postcode: str | None = None
    locality: str | None = None
    region: str | None = None
    country: str | None = None
    company: str | None = None
    national_id: str | None = None


def _text(record: Mapping[str, object], field: str) -> str | None:
    value = record.get(field)
    if is_missing(value):
        return None
    return str(value).strip()


def _date(value: object, *, month_first: bool) -> tuple[dt.date | None, dt.date | None]:
    """The date and, for an ambiguous numeric date, its day/month-swapped reading."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10]), None
    except ValueError:
        pass
    match = _NUMERIC_DATE.match(text)
    if match is None:
        return None, None
    first, second, year = (int(g) for g in match.groups())
    readings = []
    for day, month in (
        ((second, first), (first, second))
        if month_first
        else (
            (first, second),
            (second, first),
        )
    ):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    unique = list(dict.fromkeys(readings))
    if not unique:
        return None, None
    return unique[0], unique[1] if len(unique) > 1 else None


def _street(number: str | None, line1: str | None) -> str | None:
    """The street line with its house number: "12" + "Baker Street" -> "12 baker st".

    A separate ``street_number`` is put in front unless the line already starts with it, so
    neighbours on one street (same name, other numbers) do not look like one address.
    """
    if not line1:
        return None
    street = normalize_street(line1)
    if number:
        folded = fold(number)
        if folded and not street.startswith(f"{folded} ") and street != folded:
            street = f"{folded} {street}"
    return street or None


def match_keys(record: Mapping[str, object], *, id_field: str = "id") -> MatchKeys:
    """Reduce a record with crmkit's canonical field names to its :class:`MatchKeys`.

    Names come from ``given_name``/``middle_name``/``family_name`` or, where those are
    missing, from ``full_name`` parsed by :func:`crmkit.validation.parse_name`. The phone is
    read with the record's ``country`` as its region; the e-mail with
    :func:`crmkit.validation.check_email`.

    >>> match_keys({"id": 7, "given_name": "ROBERT", "family_name": "Smith",
    ...             "email": "Bob.Smith@Example.com"}).email
    'Bob.Smith@example.com'
    """
    country = _text(record, "country")
    country = country.upper() if country else None
    given_text = _text(record, "given_name")
    family_text = _text(record, "family_name")
    middle_text = _text(record, "middle_name")
    full = _text(record, "full_name")
    if full and not (given_text and family_text):
        parsed = parse_name(full)
        given_text = given_text or parsed.given or None
        family_text = family_text or parsed.family or None
        middle_text = middle_text or parsed.middle or None
    given = fold(given_text) if given_text else None
    family = fold(family_text) if family_text else None
    middle = fold(middle_text) if middle_text else None

    email_text = _text(record, "email")
    email = local = domain = None
    if email_text:
        checked = check_email(email_text, suggest_domains=False)
        if checked.normalized is not None:
            email, local, domain = checked.normalized, checked.local_part, checked.domain
            local = local.casefold() if local else None
    phone_text = _text(record, "phone")
    phone: str | None = None
    if phone_text:
        region = country if country and len(country) == 2 else None  # noqa: PLR2004
        try:
            phone = check_phone(phone_text, region=region).normalized
        except ValueError:  # an unknown region in the data: read it without one
            phone = check_phone(phone_text).normalized
        if phone is None:
            digits = "".join(ch for ch in phone_text if ch.isdigit())
            phone = digits or None
    born, born_alt = _date(record.get("birth_date"), month_first=country in MONTH_FIRST_COUNTRIES)
    line1 = _text(record, "address_line1")
    number = _text(record, "street_number")
    company_text = _text(record, "company")
    national = _text(record, "national_id")
    postcode = _text(record, "postcode")
    locality = _text(record, "locality")
    region_text = _text(record, "region")
    return MatchKeys(
        id=str(record.get(id_field)),
        given=given or None,
        given_canonical=tuple(sorted(canonical_given_names(given))) if given else (),
        given_initial=given[0] if given else None,
        middle_initial=middle[0] if middle else None,
        family=family or None,
        family_phonetic=(double_metaphone(family_text)[0] or None) if family_text else None,
        email=email,
        email_local=local,
        email_domain=domain,
        phone=phone,
        birth_date=born,
        birth_date_alt=born_alt,
        street_number=fold(number) or None if number else None,
        street=_street(number, line1),
        unit=normalize_street(_text(record, "address_line2") or "") or None,
        postcode=fold(postcode).upper() or None if postcode else None,
        locality=fold(locality) or None if locality else None,
        region=fold(region_text) or None if region_text else None,
        country=country,
        company=fold(_parse_organisation(company_text).core or company_text) or None
        if company_text
        else None,
        national_id=fold(national).upper() or None if national else None,
    )
