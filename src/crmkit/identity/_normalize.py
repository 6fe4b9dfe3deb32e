"""Matching keys: each record reduced to the normalised values that comparisons and blocking use.

Normalisation for matching is not cleaning: it throws away what must not decide a match
(case, accents, punctuation, titles, address abbreviations, phone formatting) and keeps
alternatives where the data are ambiguous (a nickname's canonical names, both readings of
``05/06/1980``). The texts' missed-duplicate case, one customer filed as "Mr" and as "Dr"
(L5172–5173), is why a title reaches comparisons only as the sex it states
(``title_sex``): "Dr" states none, so "Mr" and "Dr" never disagree, while "Mr" and "Mrs"
under one family name are two people.

Canonical input fields (crmkit's documented names): ``given_name``, ``middle_name``,
``family_name``, ``full_name``, ``title``, ``email``, ``phone``, ``birth_date``,
``street_number``, ``address_line1``, ``address_line2``, ``locality``, ``postcode``,
``region``, ``country``, ``company``, ``national_id``.

>>> keys = match_keys({"id": "1", "full_name": "Dr. Bob O'Neil", "phone": "020 7946 0958",
...                    "country": "GB", "birth_date": "05/06/1980"})
>>> keys.given, keys.given_variants[0], keys.family, keys.phone
('bob', 'bob', 'oneil', '+442079460958')
>>> keys.birth_date, keys.birth_date_alt
(datetime.date(1980, 6, 5), datetime.date(1980, 5, 6))
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from crmkit.identity._nicknames import _fold as _fold_name
from crmkit.identity._nicknames import nickname_variants
from crmkit.identity._phonetic import double_metaphone
from crmkit.validation import (
    PhoneType,
    canonical_title,
    check_email,
    check_phone,
    is_missing,
    parse_name,
)
from crmkit.validation import parse_organisation_name as _parse_organisation

__all__ = [
    "CANONICAL_FIELDS",
    "COMMON_GIVEN_NAME_SHARE",
    "MIN_COMMON_GIVEN_NAME_RECORDS",
    "MONTH_FIRST_COUNTRIES",
    "MatchKeys",
    "common_given_names",
    "fold",
    "match_keys",
    "normalize_street",
    "with_common_given",
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
#: Year first with any separator ("1991/07/20", "1991.07.20"): always year, month, day.
_YEAR_FIRST_DATE = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
#: A month written as a word, day first ("29 July 1969", "5-Jul-1991", "1st May 2001") or
#: month first ("October 26, 1987", "Oct. 26 1987"). The word makes the date unambiguous.
_DAY_MONTH_WORD = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?,?[\s\-/.]+(\d{4})$", re.IGNORECASE
)
_MONTH_WORD_DAY = re.compile(
    r"^([a-z]+)\.?[\s\-/.]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{4})$", re.IGNORECASE
)
#: English month names and their usual abbreviations ("sept" too), by number.
_MONTH_WORDS = {
    word: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for word in (name, name[:3], *(("sept",) if number == 9 else ()))  # noqa: PLR2004
}

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
    given_variants: tuple[str, ...] = ()
    given_initial: str | None = None
    given_phonetic: str | None = None
    given_phonetic_alt: str | None = None
    given_common: bool = False
    middle_initial: str | None = None
    family: str | None = None
    family_phonetic: str | None = None
    family_phonetic_alt: str | None = None
    email: str | None = None
    email_local: str | None = None
    email_domain: str | None = None
    phone: str | None = None
    phone_mobile: bool = False
    birth_date: dt.date | None = None
    birth_date_alt: dt.date | None = None
    title_sex: str | None = None
    street_number: str | None = None
    street: str | None = None
    unit: str | None = None
    postcode: str | None = None
    locality: str | None = None
    region: str | None = None
    country: str | None = None
    company: str | None = None
    national_id: str | None = None


#: A given name held by at least this share of a run's records with a given name is a real
#: name, not a typo, even where the nickname table does not list it: a keying error is
#: scattered over many spellings, each rare, while a name recurs. Two such names one edit
#: apart are two people ("Luca" and "Lucy" at one address are siblings, not a typo). One in
#: 2,000: on generated data (100,000 records) the commonest recurring non-name in the
#: given-name field was held by 1 named record in 3,300 (a family name, "Li"; the commonest
#: misspelling, "Jamez", by 1 in 4,500), the rarest real name the nickname table lacks by 1
#: in 690; at 1,000,000 records household merges fell from 16 to 9, recall unchanged.
COMMON_GIVEN_NAME_SHARE = 1 / 2000
#: ... and by at least this many records: in a small run one record is already a share of
#: 1 in 2,000, and a name seen once or twice proves nothing.
MIN_COMMON_GIVEN_NAME_RECORDS = 5


def common_given_names(keys: Sequence[MatchKeys]) -> frozenset[str]:
    """The given names of at least :data:`COMMON_GIVEN_NAME_SHARE` of the named records.

    A name must also be held by :data:`MIN_COMMON_GIVEN_NAME_RECORDS` records or more.

    >>> keys = [MatchKeys(id=str(n), given="luca") for n in range(5)]
    >>> sorted(common_given_names([*keys, MatchKeys(id="x", given="lucy")]))
    ['luca']
    """
    counts = Counter(k.given for k in keys if k.given is not None)
    least = max(COMMON_GIVEN_NAME_SHARE * sum(counts.values()), MIN_COMMON_GIVEN_NAME_RECORDS)
    return frozenset(name for name, count in counts.items() if count >= least)


def with_common_given(keys: MatchKeys, common: frozenset[str]) -> MatchKeys:
    """``keys`` with ``given_common`` set when its given name is in ``common``.

    >>> with_common_given(MatchKeys(id="1", given="luca"), frozenset({"luca"})).given_common
    True
    """
    if keys.given in common and not keys.given_common:
        return attrs.evolve(keys, given_common=True)
    return keys


def _text(record: Mapping[str, object], field: str) -> str | None:
    value = record.get(field)
    if type(value) is str:  # the common case, without is_missing's general checks
        return value.strip() or None
    if is_missing(value):
        return None
    return str(value).strip()


def _date(value: object, *, month_first: bool) -> tuple[dt.date | None, dt.date | None]:
    """The date and its day/month-swapped reading (``None`` when the swap is not a date).

    An ambiguous numeric date ("04/03/1980") is read day first, or month first in
    :data:`MONTH_FIRST_COUNTRIES`; ISO strings and date objects as they are; year-first
    dates with any separator ("1980/03/04") and English month words ("4 March 1980",
    "March 4, 1980") unambiguously. The swapped reading serves the ``date_transposed``
    level: a keying error that swaps day and month in a typed date is as common as the
    ambiguity of a written one.
    """
    date = _read_date(value, month_first=month_first)
    if date is None or date.day > _MONTHS or date.day == date.month:
        return date, None
    return date, date.replace(month=date.day, day=date.month)


#: Months in a year: a day above this cannot be read as a month.
_MONTHS = 12


def _read_date(value: object, *, month_first: bool) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    unambiguous = _unambiguous_date(text)
    if unambiguous is not None:
        return unambiguous
    match = _NUMERIC_DATE.match(text)
    if match is None:
        return None
    first, second, year = (int(g) for g in match.groups())
    for day, month in (
        ((second, first), (first, second)) if month_first else ((first, second), (second, first))
    ):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _unambiguous_date(text: str) -> dt.date | None:
    """A year-first date with any separator, or a date whose month is an English word."""
    if match := _YEAR_FIRST_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _DAY_MONTH_WORD.match(text)) or (match := _MONTH_WORD_DAY.match(text)):
        words = [g for g in match.groups() if not g.isdigit()]
        day_text, year_text = (g for g in match.groups() if g.isdigit())
        month = _MONTH_WORDS.get(words[0].lower(), 0)
        year, day = int(year_text), int(day_text)
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # no such day, or no such month word (month 0)
        return None


def _street(number: str | None, street: str | None) -> str | None:
    """The normalised street line with its house number: "12" + "baker st" -> "12 baker st".

    A separate ``street_number`` is put in front unless the line already starts with it, so
    neighbours on one street (same name, other numbers) do not look like one address.
    """
    if not street:
        return None
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
    'bob.smith@example.com'
    """
    return _match_keys(record, id_field, {})


_Memo = dict[tuple[str, str], Any]
_T = TypeVar("_T")


def _given_keys(
    text: str,
) -> tuple[str | None, tuple[str, ...], str | None, str | None, str | None]:
    given = fold(text) or None
    own = _fold_name(text)
    variants = (own, *sorted(nickname_variants(own) - {own})) if own else ()
    primary, alternate = double_metaphone(text) if given and len(given) > 1 else ("", "")
    return given, variants, given[0] if given else None, primary or None, alternate or None


def _family_keys(text: str) -> tuple[str | None, str | None, str | None]:
    primary, alternate = double_metaphone(text)
    return fold(text) or None, primary or None, alternate or None


def _company_key(text: str) -> str | None:
    return fold(_parse_organisation(text).core or text) or None


def _memo(memo: _Memo, kind: str, value: str | None, function: Callable[[str], _T]) -> _T | None:
    """``function(value)`` once per distinct value of one kind in a run (None stays None)."""
    if not value:
        return None
    key = (kind, value)
    try:
        result: _T = memo[key]
    except KeyError:
        result = memo[key] = function(value)
    return result


def _folded(text: str) -> str | None:
    return fold(text) or None


def _names_middle(first: str, middle: str) -> bool:
    """Whether a full name's first name is the record's middle name, or its initial.

    A customer known by the middle name writes "Sophie Byrne" or "S. Byrne" while the record
    says the middle name is Sophie: the full name does not show the given name, and reading
    "Sophie" as one would veto the customer's other records as another person.
    """
    first_folded, middle_folded = fold(first), fold(middle)
    if not first_folded or not middle_folded:
        return False
    if len(first_folded) == 1:
        return first_folded == middle_folded[0]
    return first_folded == middle_folded


def _folded_upper(text: str) -> str | None:
    return fold(text).upper() or None


def _street_line(text: str) -> str | None:
    return normalize_street(text) or None


#: The sex each canonical title (:func:`crmkit.validation.canonical_title`) states; any
#: other title (Dr, Prof, Mx, Rev, Dott. ...) states none.
_TITLE_SEX = {
    **dict.fromkeys(
        ("Mr", "Master", "Sir", "Lord", "Herr", "Monsieur", "Sr.", "Sig.", "Dhr."), "M"
    ),
    **dict.fromkeys(
        (
            "Mrs", "Ms", "Miss", "Dame", "Lady", "Frau", "Madame", "Mademoiselle", "Sra.",
            "Srta.", "Sig.ra", "Sig.na", "Mevr.",
        ),
        "F",
    ),
}  # fmt: skip


def _title_sex(text: str) -> str | None:
    """The sex a title states, "M" or "F" ("missus" -> "F"), else None ("Dr")."""
    title = canonical_title(text)
    return _TITLE_SEX.get(title) if title else None


def _phone(text: str, *, region: str | None) -> tuple[str | None, bool]:
    """The phone's key and whether it is a mobile line.

    The key is E.164 when the number parses (with the record's country), else its digits.
    A mobile (phonenumbers' number type) is a personal line, where a landline may be shared
    by a household; North American numbers cannot be told apart and count as not mobile.
    """
    try:
        checked = check_phone(text, region=region)
    except ValueError:  # an unknown region in the data: read it without one
        checked = check_phone(text)
    phone = checked.normalized
    if phone is None:
        digits = "".join(ch for ch in text if ch.isdigit())
        return digits or None, False
    return phone, checked.number_type == PhoneType.MOBILE


def _match_keys(record: Mapping[str, object], id_field: str, memo: _Memo) -> MatchKeys:
    """:func:`match_keys` with the values' keys memoised in ``memo`` across one run's records."""
    country = _text(record, "country")
    country = country.upper() if country else None
    given_text = _text(record, "given_name")
    family_text = _text(record, "family_name")
    middle_text = _text(record, "middle_name")
    title_text = _text(record, "title")
    full = _text(record, "full_name")
    if full and given_text and family_text and not title_text:
        title_text = full.split(maxsplit=1)[0]  # only its sex is read: "Mrs" or not a title
    elif full and not (given_text and family_text):
        parsed = parse_name(full)
        parsed_given = parsed.given or None
        if (
            not given_text
            and parsed_given
            and middle_text
            and _names_middle(parsed_given, middle_text)
        ):
            parsed_given = None  # "Mrs Sophie Byrne", middle name Sophie: given name unknown
        given_text = given_text or parsed_given
        family_text = family_text or parsed.family or None
        if given_text and family_text and fold(given_text) == fold(family_text):
            given_text = None  # "Wilson" alone, or "Mr Evans" with Evans as given: no given name
        middle_text = middle_text or parsed.middle or None
        title_text = title_text or parsed.title or None
    given, variants, initial, given_phonetic, given_phonetic_alt = _memo(
        memo, "given", given_text, _given_keys
    ) or (None, (), None, None, None)
    family, phonetic, phonetic_alt = _memo(memo, "family", family_text, _family_keys) or (
        None,
        None,
        None,
    )
    middle = _memo(memo, "fold", middle_text, _folded)

    email_text = _text(record, "email")
    email = local = domain = None
    if email_text:
        checked = check_email(email_text, suggest_domains=False)
        if checked.normalized is not None:
            # Local parts differ by case only in theory (RFC 5321 §2.4): compare casefolded.
            email = checked.normalized.casefold()
            local, domain = checked.local_part, checked.domain
            local = local.casefold() if local else None
    phone_text = _text(record, "phone")
    region = country if country and len(country) == 2 else None  # noqa: PLR2004
    phone, mobile = _memo(
        memo, f"phone {region}", phone_text, functools.partial(_phone, region=region)
    ) or (None, False)
    born, born_alt = _date(record.get("birth_date"), month_first=country in MONTH_FIRST_COUNTRIES)
    line1 = _text(record, "address_line1")
    number = _text(record, "street_number")
    return MatchKeys(
        id=str(record.get(id_field)),
        given=given,
        given_variants=variants,
        given_initial=initial,
        given_phonetic=given_phonetic,
        given_phonetic_alt=given_phonetic_alt,
        middle_initial=middle[0] if middle else None,
        family=family,
        family_phonetic=phonetic,
        family_phonetic_alt=phonetic_alt,
        email=email,
        email_local=local,
        email_domain=domain,
        phone=phone,
        phone_mobile=mobile,
        birth_date=born,
        birth_date_alt=born_alt,
        title_sex=_memo(memo, "title", title_text, _title_sex),
        street_number=_memo(memo, "fold", number, _folded),
        street=_street(number, _memo(memo, "street", line1, _street_line)),
        unit=_memo(memo, "street", _text(record, "address_line2"), _street_line),
        postcode=_memo(memo, "upper", _text(record, "postcode"), _folded_upper),
        locality=_memo(memo, "fold", _text(record, "locality"), _folded),
        region=_memo(memo, "fold", _text(record, "region"), _folded),
        country=country,
        company=_memo(memo, "company", _text(record, "company"), _company_key),
        national_id=_memo(memo, "upper", _text(record, "national_id"), _folded_upper),
    )
