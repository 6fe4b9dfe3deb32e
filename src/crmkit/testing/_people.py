"""Seeded synthetic customer records with ground truth, for measuring record matching.

:func:`generate_people` draws people (the *entities*), writes one clean record for each, then
extra records (the *duplicates*) for some of them, corrupted the way CRM data goes wrong. The
truth (record id → entity id) comes with the records, and so do the hard negatives that must
not be merged: households, unnumbered apartments and namesakes (the texts' false-merge cases,
L5167–5170).

The noise model follows the FEBRL data set generator and its successor GeCo (Christen &
Pudjijono, "Accurate synthetic generation of realistic personal information", PAKDD 2009:
original records, duplicates with edits, keyboard typos, phonetic and OCR variations, missing
values, a cap on modifications per record) and the noise types of IHME's pseudopeople
(``use_nickname``, ``make_typos``, ``make_ocr_errors``, ``make_phonetic_errors``,
``swap_month_and_day``, ``write_wrong_digits``, ``leave_blank``). CRM fields FEBRL lacks are
added: e-mail (changed, mistyped, recased), phone (national or international layout, digit
errors), titles (the texts' must-merge case, one customer as "Mr" and as "Dr", L5172–5173),
moved addresses and street-type abbreviations.

Parameters and their meaning:

* ``duplicate_rate``: the share of records that are extra records of an entity already present
  (FEBRL's duplicates over all records); each duplicated entity gets 1–4 extra records.
* ``corruption``: scales every per-record event probability in ``CORRUPTION_RATES`` (at 1.0
  a duplicate's given name is corrupted with probability 0.6, its phone with 0.5, ...); a
  duplicate gets at most ``MAX_MODIFICATIONS_PER_RECORD`` events. First records stay clean.
* ``household_rate``: the probability that a newly drawn person starts a shared address: a
  family of 2–4 (same family name, often one landline, twins sometimes) or, one time in four,
  2–3 unrelated residents of a building without flat numbers.
* ``namesake_rate``: the probability that a newly drawn person has the given and family names
  of a recently drawn one (different birth date, address, e-mail and phone).

Missing and optional values (no title, no company, no phone) also occur in clean records, as
``None`` or ``""`` by source system, and names are written as parts, as ``full_name`` only, or
both: these are forms, not corruption.

This module imports the standard library, attrs, ``crmkit._errors`` and its data module.

>>> import random
>>> people = generate_people(1000, rng=random.Random(1))
>>> len(people.records), len(set(people.truth.values())) < 1000
(1000, True)
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import attrs

from crmkit._errors import InvalidArgument
from crmkit.testing import _people_data as _data

__all__ = [
    "CORRUPTION_KINDS",
    "CORRUPTION_RATES",
    "MAX_MODIFICATIONS_PER_RECORD",
    "RECORD_FIELDS",
    "SUPPORTED_COUNTRIES",
    "SyntheticPeople",
    "generate_people",
]

#: The fields of every record, in order: crmkit's canonical identity fields plus ``id``,
#: ``source`` and ``updated_at``.
RECORD_FIELDS = (
    "id",
    "source",
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "full_name",
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
    "updated_at",
)

#: Countries the generator can draw addresses and phones for.
SUPPORTED_COUNTRIES = ("GB", "US")

#: A duplicate gets at most this many corruption events (FEBRL dsgen's
#: ``max_modification_per_record``): beyond it, nobody could tell the record is a duplicate.
MAX_MODIFICATIONS_PER_RECORD = 3

#: Per-duplicate event probabilities at ``corruption=1.0``; see the data module.
CORRUPTION_RATES = _data.CORRUPTION_RATES

#: Every corruption kind the generator records in :attr:`SyntheticPeople.corruptions`.
CORRUPTION_KINDS: tuple[str, ...] = tuple(
    sorted(
        {kind for kinds in _data.FIELD_KINDS.values() for kind, _ in kinds}
        | {"moved", "email_changed", "swap_names"}
    )
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_GB_MAX_NUMBER = 200  # house numbers 1 to 200
_NUMBERS = tuple(str(number) for number in range(10_000))  # shared strings, to save memory
_LINE1 = MappingProxyType(
    {
        country: tuple(f"{street} {kind}" for street in _data.STREET_NAMES for kind in kinds)
        for country, kinds in _data.STREET_TYPES.items()
    }
)
_LINE2 = MappingProxyType(
    {
        country: tuple(f"{unit} {number}" for unit in units for number in range(1, 41))
        for country, units in _data.UNIT_TYPES.items()
    }
)


def _cumulative(weights: list[float]) -> tuple[list[float], float]:
    sums = list(itertools.accumulate(weights))
    return sums, sums[-1]


_GIVEN = tuple(name for _, _, names in _data.GIVEN_NAME_TIERS for name in names)
_GIVEN_SEX = tuple(sex for _, sex, names in _data.GIVEN_NAME_TIERS for _ in names)
_GIVEN_CUM, _GIVEN_TOTAL = _cumulative(
    [weight for weight, _, names in _data.GIVEN_NAME_TIERS for _ in names]
)
_FAMILY = tuple(name for _, names in _data.FAMILY_NAME_TIERS for name in names)
_FAMILY_CUM, _FAMILY_TOTAL = _cumulative(
    [weight for weight, names in _data.FAMILY_NAME_TIERS for _ in names]
)
_BY_INITIAL: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        initial: tuple(
            pair for pair in zip(_GIVEN, _GIVEN_SEX, strict=True) if pair[0][0] == initial
        )
        for initial in sorted({name[0] for name in _GIVEN})
    }
)
_VARIANTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {name: tuple(n for n in group if n != name) for group in _data.NAME_VARIANTS for name in group}
)
_KIND_TABLES = MappingProxyType(
    {
        field: (tuple(kind for kind, _ in kinds), *_cumulative([w for _, w in kinds]))
        for field, kinds in _data.FIELD_KINDS.items()
    }
)
_LABELS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        **{
            (field, kind): f"{field}:{kind}"
            for field in _data.FIELD_KINDS
            for kind in (
                *(kind for kind, _ in _data.FIELD_KINDS[field]),
                "typo.keyboard",
                "date_format",
                "phone_format",
                "missing",
            )
        },
        ("moved", "moved"): "address:moved",
        ("email_changed", "email_changed"): "email:email_changed",
        ("swap_names", "swap_names"): "name:swap_names",
        ("case", "case"): "record:case",
    }
)
_CASE_FIELDS = (
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "address_line1",
    "address_line2",
    "locality",
    "postcode",
    "company",
)


def _fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, for e-mail local parts."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class _Address(NamedTuple):
    number: str
    line1: str
    line2: str | None
    locality: str
    postcode: str
    region: str
    place: int  # index into the country's locality table (for the dialling code)


class _Person(NamedTuple):
    country: str
    sex: str
    title: str
    given: str
    middle: str | None
    family: str
    birth: int  # proleptic Gregorian ordinal
    email: str
    phone: str  # in the national layout
    digits: str  # national digits
    layout: tuple[int, ...]  # digit groups of the national layout
    address: _Address
    company: str | None
    entity: str


# --- corruption kinds: (random, value, person) -> new value, or None when not applicable ---

_Draw = Callable[[], float]


def _position(draw: _Draw, value: str) -> int:
    # The first character is kept: errors there are rare (Pollock & Zamora, CACM 1984).
    return 1 + int(draw() * (len(value) - 1)) if len(value) > 2 else int(draw() * len(value))  # noqa: PLR2004


def _same_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def _keyboard(draw: _Draw, value: str, _person: _Person) -> str | None:
    at = _position(draw, value)
    near = _data.QWERTY_NEIGHBOURS.get(value[at].lower())
    if not near:
        return None
    return value[:at] + _same_case(near[int(draw() * len(near))], value[at]) + value[at + 1 :]


def _insert(draw: _Draw, value: str, _person: _Person) -> str | None:
    at = _position(draw, value)
    near = _data.QWERTY_NEIGHBOURS.get(value[at].lower(), value[at])
    return value[:at] + near[int(draw() * len(near))] + value[at:]


def _delete(draw: _Draw, value: str, _person: _Person) -> str | None:
    at = _position(draw, value)
    return value[:at] + value[at + 1 :] if len(value) > 1 else None


def _substitute(draw: _Draw, value: str, _person: _Person) -> str | None:
    at = _position(draw, value)
    pool = "0123456789" if value[at].isdigit() else _LETTERS
    new = _same_case(pool[int(draw() * len(pool))], value[at])
    return value[:at] + new + value[at + 1 :] if new != value[at] else None


def _transpose(draw: _Draw, value: str, _person: _Person) -> str | None:
    if len(value) < 3:  # noqa: PLR2004
        return None
    at = 1 + int(draw() * (len(value) - 2))
    if at == len(value) - 1 or value[at] == value[at + 1]:
        at -= 1
    pair = value[at + 1] + value[at]
    return value[:at] + pair + value[at + 2 :] if pair != value[at : at + 2] else None


def _replace_one(
    draw: _Draw, value: str, rules: tuple[tuple[str, str], ...], *, fold: bool
) -> str | None:
    text = value.lower() if fold else value
    usable = [(old, new) for old, new in rules if old in text]
    if not usable:
        return None
    old, new = usable[int(draw() * len(usable))]
    at = text.find(old)
    if fold and value[at].isupper():
        new = new[:1].upper() + new[1:]
    return value[:at] + new + value[at + len(old) :]


def _phonetic(draw: _Draw, value: str, _person: _Person) -> str | None:
    variants = _VARIANTS.get(value)
    if variants:
        return variants[int(draw() * len(variants))]
    return _replace_one(draw, value, _data.PHONETIC_RULES, fold=True)


def _ocr(draw: _Draw, value: str, _person: _Person) -> str | None:
    return _replace_one(draw, value, _data.OCR_CONFUSIONS, fold=False)


def _nickname(draw: _Draw, value: str, _person: _Person) -> str | None:
    nicknames = _data.NICKNAMES.get(value)
    return nicknames[int(draw() * len(nicknames))] if nicknames else None


def _initials(draw: _Draw, value: str, _person: _Person) -> str | None:
    return value[0] + ("." if draw() < 0.5 else "") if len(value) > 1 else None  # noqa: PLR2004


def _title_change(draw: _Draw, value: str, _person: _Person) -> str | None:
    options = _data.TITLE_CHANGES.get(value.rstrip("."))
    return options[int(draw() * len(options))] if options else None


def _case(_draw: _Draw, value: str, _person: _Person) -> str | None:
    upper = value.upper()
    return upper if upper != value else value.lower()


def _whitespace(draw: _Draw, value: str, _person: _Person) -> str | None:
    choice = draw()
    if choice < 1 / 3 and " " in value:
        return value.replace(" ", "  ", 1)
    return f" {value}" if choice < 2 / 3 else f"{value}  "


def _abbreviation(draw: _Draw, value: str, _person: _Person) -> str | None:
    if value in _data.US_STATE_NAMES:
        return _data.US_STATE_NAMES[value]
    words = value.split(" ")
    for at, word in enumerate(words):
        short = _data.ABBREVIATIONS.get(word)
        if short:
            words[at] = short + ("." if draw() < 0.2 else "")  # noqa: PLR2004
            return " ".join(words)
    return None


def _date_swap(_draw: _Draw, _value: str, person: _Person) -> str | None:
    born = dt.date.fromordinal(person.birth)
    if born.day > 12 or born.day == born.month:  # noqa: PLR2004 - a swap would be no date
        return None
    return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"


def _date_format(draw: _Draw, _value: str, person: _Person) -> str | None:
    born = dt.date.fromordinal(person.birth)
    day, month, year = born.day, born.month, born.year
    if person.country == "US":  # month first (CLDR en-US "M/d/y")
        local = (f"{month:02d}/{day:02d}/{year}", f"{_data.MONTHS[month]} {day}, {year}")
    else:
        local = (f"{day:02d}/{month:02d}/{year}", f"{day} {_data.MONTHS[month]} {year}")
    formats = (*local, f"{year}/{month:02d}/{day:02d}", f"{day:02d}.{month:02d}.{year}")
    return formats[int(draw() * len(formats))]


def _phone_text(person: _Person, style: int) -> str:
    """The person's phone in one of ``_PHONE_STYLES`` layouts (0 is the national one)."""
    if style == 0:
        return person.phone
    digits, layout = person.digits, person.layout
    groups, start = [], 0
    for size in layout:
        groups.append(digits[start : start + size])
        start += size
    if style == 5:  # noqa: PLR2004
        return digits
    if person.country == "US":
        area, exchange, line = groups
        return (
            person.phone,
            f"+1 {area}-{exchange}-{line}",
            f"+1{digits}",
            f"{area}.{exchange}.{line}",
            f"{area}-{exchange}-{line}",
        )[style]
    if style == 1:
        return "+44 " + " ".join(groups)[1:]
    if style == 2:  # noqa: PLR2004
        return "+44" + digits[1:]
    return f"({groups[0]}) " + " ".join(groups[1:]) if style == 3 else "-".join(groups)  # noqa: PLR2004


def _national(country: str, digits: str, layout: tuple[int, ...]) -> str:
    if country == "US":
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    first, second = layout[0], layout[0] + layout[1]
    if len(layout) == 2:  # noqa: PLR2004
        return f"{digits[:first]} {digits[first:]}"
    return f"{digits[:first]} {digits[first:second]} {digits[second:]}"


_PHONE_STYLES = 6


def _phone_format(draw: _Draw, value: str, person: _Person) -> str | None:
    text = _phone_text(person, int(draw() * _PHONE_STYLES))
    return text if text != value else _phone_text(person, 2 if value[0] != "+" else 0)


def _phone_digits(draw: _Draw, value: str, _person: _Person) -> str | None:
    places = [at for at, ch in enumerate(value) if ch.isdigit()][3:]
    at = places[int(draw() * len(places))]
    following = [place for place in places if place > at]
    if following and draw() < 0.5:  # noqa: PLR2004 - transpose two digits
        after = following[0]
        if value[at] != value[after]:
            chars = list(value)
            chars[at], chars[after] = chars[after], chars[at]
            return "".join(chars)
    digit = str((int(value[at]) + 1 + int(draw() * 9)) % 10)
    return value[:at] + digit + value[at + 1 :]


_CORRUPTIONS: Mapping[str, Callable[[_Draw, str, _Person], str | None]] = MappingProxyType(
    {
        "typo.insert": _insert,
        "typo.delete": _delete,
        "typo.substitute": _substitute,
        "typo.transpose": _transpose,
        "typo.keyboard": _keyboard,
        "phonetic": _phonetic,
        "ocr": _ocr,
        "nickname": _nickname,
        "initials": _initials,
        "title_change": _title_change,
        "case": _case,
        "whitespace": _whitespace,
        "abbreviation": _abbreviation,
        "date_swap": _date_swap,
        "date_format": _date_format,
        "phone_format": _phone_format,
        "phone_digits": _phone_digits,
    }
)

_FALLBACK = MappingProxyType(
    {"birth_date": "date_format", "phone": "phone_format", "title": "missing"}
)


class _Maker:
    """The drawing state of one :func:`generate_people` call (never escapes it)."""

    __slots__ = (
        "as_of",
        "countries",
        "draw",
        "emails",
        "folded",
        "iso",
        "phones",
        "rng",
        "thresholds",
    )

    def __init__(
        self, rng: random.Random, as_of: dt.date, corruption: float, countries: tuple[str, ...]
    ) -> None:
        self.rng = rng
        self.draw = rng.random
        self.as_of = as_of.toordinal()
        self.thresholds = tuple(
            (event, corruption * rate) for event, rate in _data.CORRUPTION_RATES.items()
        )
        self.countries = countries
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.iso: dict[int, str] = {}
        self.folded: dict[str, str] = {}

    def date_text(self, ordinal: int) -> str:
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def given(self, sex: str | None = None) -> tuple[str, str]:
        draw = self.draw
        while True:
            at = bisect.bisect_right(_GIVEN_CUM, draw() * _GIVEN_TOTAL)
            if sex is None or _GIVEN_SEX[at] == sex:
                return _GIVEN[at], _GIVEN_SEX[at]

    def family(self) -> str:
        return _FAMILY[bisect.bisect_right(_FAMILY_CUM, self.draw() * _FAMILY_TOTAL)]

    def address(self, country: str) -> _Address:
        draw = self.draw
        lines = _LINE1[country]
        line1 = lines[int(draw() * len(lines))]
        line2 = None
        if draw() < _data.UNIT_SHARE:
            units = _LINE2[country]
            line2 = units[int(draw() * len(units))]
        if country == "GB":
            place = int(draw() * len(_data.GB_LOCALITIES))
            locality, county, outwards = _data.GB_LOCALITIES[place][:3]
            letters = _data.GB_INWARD_LETTERS
            postcode = (
                f"{outwards[int(draw() * len(outwards))]} {int(draw() * 10)}"
                f"{letters[int(draw() * 20)]}{letters[int(draw() * 20)]}"
            )
            number = _NUMBERS[1 + int(draw() * _GB_MAX_NUMBER)]
            return _Address(number, line1, line2, locality, postcode, county, place)
        place = int(draw() * len(_data.US_LOCALITIES))
        locality, state, prefixes, _ = _data.US_LOCALITIES[place]
        postcode = f"{prefixes[int(draw() * len(prefixes))]}{_NUMBERS[1 + int(draw() * 99)]:0>2}"
        number = _NUMBERS[int(10 ** (draw() * 4))]  # 1 to 9999, small numbers more often
        return _Address(number, line1, line2, locality, postcode, state, place)

    def phone(self, country: str, place: int, *, landline: bool) -> tuple[str, tuple[int, ...]]:
        draw = self.draw
        while True:
            if country == "US":
                areas = _data.US_LOCALITIES[place][3]
                area = areas[int(draw() * len(areas))]
                digits = f"{area}{2 + int(draw() * 8)}{int(draw() * 10**6):06d}"
                layout: tuple[int, ...] = (3, 3, 4)
            elif landline:
                _, _, _, code, firsts, layout = _data.GB_LOCALITIES[place]
                rest = 11 - len(code) - 1
                number = f"{int(draw() * 10**rest):0{rest}d}"
                digits = f"{code}{firsts[int(draw() * len(firsts))]}{number}"
            else:
                prefix = _data.GB_MOBILE_PREFIXES[int(draw() * len(_data.GB_MOBILE_PREFIXES))]
                digits, layout = f"{prefix}{int(draw() * 10**7):07d}", (5, 6)
            if digits not in self.phones:
                self.phones.add(digits)
                return digits, layout

    def email(self, given: str, family: str, birth: int, domain: str | None, country: str) -> str:
        draw = self.draw
        if domain is None:
            domains = _data.EMAIL_DOMAINS[country]
            domain = domains[int(draw() * len(domains))]
        folded = self.folded
        first = folded.get(given) or folded.setdefault(given, _fold(given) or "x")
        last = folded.get(family) or folded.setdefault(family, _fold(family) or "x")
        year = dt.date.fromordinal(birth).year % 100
        pattern = _data.LOCAL_PATTERNS[int(draw() * len(_data.LOCAL_PATTERNS))]
        local = pattern.format(first=first, last=last, initial=first[0], year=year)
        address = f"{local}@{domain}"
        tries = 0
        while address in self.emails:  # a number, longer as the name gets crowded
            tries += 1
            address = f"{local}{int(draw() * 10 ** (2 + tries // 8))}@{domain}"
        self.emails.add(address)
        return address

    def person(  # noqa: PLR0917 - private, called with keywords where it matters
        self,
        entity: str,
        country: str,
        address: _Address | None = None,
        family: str | None = None,
        name: tuple[str, str] | None = None,
        birth: int | None = None,
        phone: tuple[str, tuple[int, ...]] | None = None,
    ) -> _Person:
        draw = self.draw
        given, sex = name or self.given()
        middle = self.given(sex)[0] if draw() < _data.MIDDLE_NAME_SHARE else None
        family = family or self.family()
        titles = _data.TITLES[sex]
        if birth is None:
            birth = self.as_of - _data.MIN_AGE_DAYS - int(draw() * _data.AGE_SPAN_DAYS)
        address = address or self.address(country)
        if phone is None:
            landline = country == "GB" and draw() >= _data.GB_MOBILE_SHARE
            phone = self.phone(country, address.place, landline=landline)
        company, domain = None, None
        if draw() < _data.COMPANY_SHARE:
            company, domain = _data.COMPANIES[int(draw() * len(_data.COMPANIES))]
            domain = domain if draw() < _data.WORK_EMAIL_SHARE else None
        email = self.email(given, family, birth, domain, country)
        title = titles[int(draw() * len(titles))]
        digits, layout = phone
        national = _national(country, digits, layout)
        return _Person(
            country,
            sex,
            title,
            given,
            middle,
            family,
            birth,
            email,
            national,
            digits,
            layout,
            address,
            company,
            entity,
        )

    def corrupt(
        self, person: _Person, values: dict[str, str | None], empty: str | None
    ) -> list[str]:
        draw = self.draw
        events = [event for event, rate in self.thresholds if draw() < rate]
        if len(events) > MAX_MODIFICATIONS_PER_RECORD:
            kept = sorted(self.rng.sample(range(len(events)), MAX_MODIFICATIONS_PER_RECORD))
            events = [events[at] for at in kept]
        kinds: list[str] = []
        for event in events:
            if event == "moved":
                new = self.address(person.country)
                values["street_number"], values["address_line1"] = new.number, new.line1
                values["address_line2"], values["locality"] = new.line2 or empty, new.locality
                values["postcode"], values["region"] = new.postcode, new.region
            elif event == "email_changed":
                birth, country = person.birth, person.country
                values["email"] = self.email(person.given, person.family, birth, None, country)
            elif event == "swap_names":
                values["given_name"], values["family_name"] = (
                    values["family_name"],
                    values["given_name"],
                )
            elif event == "case":
                for field in _CASE_FIELDS:
                    value = values[field]
                    values[field] = value.upper() if value else value
            else:
                value = values[event]
                if not value:
                    continue
                names, sums, total = _KIND_TABLES[event]
                kind = names[bisect.bisect_right(sums, draw() * total)]
                new_value = empty if kind == "missing" else _CORRUPTIONS[kind](draw, value, person)
                if new_value is None or new_value == value:
                    kind = _FALLBACK.get(event, "typo.keyboard")
                    new_value = (
                        empty if kind == "missing" else _CORRUPTIONS[kind](draw, value, person)
                    )
                    if new_value is None or new_value == value:
                        continue
                values[event] = new_value
                kinds.append(_LABELS[event, kind])
                continue
            kinds.append(_LABELS[event, event])
        return kinds

    def record(
        self, person: _Person, *, corrupt: bool, after: int = 0
    ) -> tuple[dict[str, str | None], list[str], int]:
        draw = self.draw
        source, empty = _data.SOURCES[int(draw() * len(_data.SOURCES))]
        address = person.address
        record: dict[str, str | None] = {
            "id": None,
            "source": source,
            "title": person.title if draw() < _data.PRESENT_TITLE else empty,
            "given_name": person.given,
            "middle_name": person.middle
            if person.middle and draw() < _data.PRESENT_MIDDLE
            else empty,
            "family_name": person.family,
            "full_name": empty,
            "email": person.email if draw() < _data.PRESENT_EMAIL else empty,
            "phone": (
                person.phone if draw() < _data.NATIONAL_PHONE_SHARE else _phone_text(person, 1)
            )
            if draw() < _data.PRESENT_PHONE
            else empty,
            "birth_date": self.date_text(person.birth) if draw() < _data.PRESENT_BIRTH else empty,
            "street_number": address.number,
            "address_line1": address.line1,
            "address_line2": address.line2 or empty,
            "locality": address.locality,
            "postcode": address.postcode,
            "region": address.region if draw() < _data.PRESENT_REGION else empty,
            "country": person.country,
            "company": person.company
            if person.company and draw() < _data.PRESENT_COMPANY
            else empty,
            "updated_at": None,
        }
        kinds = self.corrupt(person, record, empty) if corrupt else []
        form = draw()
        if form >= _data.PARTS_ONLY_SHARE:
            given, middle, family = (
                record["given_name"],
                record["middle_name"],
                record["family_name"],
            )
            if middle and draw() < 0.5:  # noqa: PLR2004
                middle = middle[0] + "."
            if given and family and draw() < _data.COMMA_FORM_SHARE:
                record["full_name"] = f"{family}, {given}"
            else:
                parts = (record["title"], given, middle, family)
                record["full_name"] = " ".join(part for part in parts if part)
            if form < _data.PARTS_ONLY_SHARE + _data.FULL_NAME_ONLY_SHARE:
                record["given_name"] = record["middle_name"] = record["family_name"] = empty
        if kinds and kinds[0] == "address:moved" and after < self.as_of - 1:
            updated = after + 1 + int(draw() * (self.as_of - 1 - after))
        else:
            updated = self.as_of - 1 - int(draw() * _data.UPDATE_WINDOW_DAYS)
        record["updated_at"] = self.date_text(updated)
        return record, kinds, updated


def _name_keys(name: str) -> frozenset[str]:
    return frozenset((name, *_VARIANTS.get(name, ()), *_data.NICKNAMES.get(name, ())))


def _household(maker: _Maker, entities: list[str], country: str) -> list[_Person]:
    """A family at one address: one family name, often one landline, distinct given names."""
    draw = maker.draw
    address, family = maker.address(country), maker.family()
    landline = maker.phone(country, address.place, landline=True)
    people: list[_Person] = []
    taken: set[str] = set()
    for entity in entities:
        name = maker.given()
        if people and draw() < _data.SAME_INITIAL_SHARE:
            pool = _BY_INITIAL[people[0].given[0]]
            name = pool[int(draw() * len(pool))]
        while not taken.isdisjoint(_name_keys(name[0])):
            name = maker.given()
        taken |= _name_keys(name[0])
        birth = people[-1].birth if people and draw() < _data.TWIN_SHARE else None
        phone = landline if draw() < _data.SHARED_LANDLINE_SHARE else None
        people.append(maker.person(entity, country, address, family, name, birth, phone))
    return people


def _namesake(maker: _Maker, entity: str, other: _Person) -> _Person:
    """Another person with the same given and family names, elsewhere."""
    birth = None
    if maker.draw() < _data.SAME_BIRTH_YEAR_SHARE:
        first = dt.date(dt.date.fromordinal(other.birth).year, 1, 1).toordinal()
        birth = min(first + int(maker.draw() * 365), maker.as_of - _data.MIN_AGE_DAYS)
        birth += 1 if birth == other.birth else 0
    name = (other.given, other.sex)
    return maker.person(entity, other.country, None, other.family, name, birth)


@attrs.frozen(repr=False)
class SyntheticPeople:
    """Generated customer records with their ground truth.

    Attributes:
        records: The records, each a dict with the keys of ``RECORD_FIELDS``; missing values
            are ``None`` or ``""``. Shuffled: duplicates are not adjacent.
        truth: Record id → the id of the true entity (person) it describes.
        households: Families at one address (same family name, often the same landline), as
            the id of one clean record per member: different people, never to be merged.
        apartments: Unrelated residents of one street address without flat numbers, as the id
            of one clean record per resident: different people, never to be merged.
        namesakes: Pairs of clean records of different people with the same given and family
            names (sometimes the same birth year) at different addresses.
        corruptions: Record id → what was done to that duplicate, as ``"field:kind"`` labels
            (kinds from ``CORRUPTION_KINDS``; record-level events use the fields ``address``,
            ``email``, ``name`` and ``record``). Clean records are absent.
    """

    records: tuple[Mapping[str, object], ...]
    truth: Mapping[str, str]
    households: tuple[tuple[str, ...], ...]
    apartments: tuple[tuple[str, ...], ...]
    namesakes: tuple[tuple[str, ...], ...]
    corruptions: Mapping[str, tuple[str, ...]]

    def __repr__(self) -> str:
        return (
            f"SyntheticPeople(records={len(self.records)}, "
            f"entities={len(set(self.truth.values()))}, households={len(self.households)}, "
            f"apartments={len(self.apartments)}, namesakes={len(self.namesakes)})"
        )

    def true_clusters(self) -> tuple[tuple[str, ...], ...]:
        """The records of each entity: sorted ids, clusters sorted by their first id.

        Singletons are included, so the clusters partition the record ids.

        >>> import random
        >>> people = generate_people(4, rng=random.Random(2), duplicate_rate=0.5)
        >>> sorted(len(cluster) for cluster in people.true_clusters())
        [1, 3]
        """
        members: dict[str, list[str]] = {}
        for record_id, entity in self.truth.items():
            members.setdefault(entity, []).append(record_id)
        return tuple(sorted(tuple(sorted(ids)) for ids in members.values()))

    def true_pairs(self) -> frozenset[tuple[str, str]]:
        """Every pair of records of one entity, as ``(smaller id, larger id)``.

        >>> import random
        >>> people = generate_people(4, rng=random.Random(2), duplicate_rate=0.5)
        >>> len(people.true_pairs())
        3
        """
        return frozenset(
            pair for cluster in self.true_clusters() for pair in itertools.combinations(cluster, 2)
        )


def _check_rate(name: str, value: object) -> None:
    if type(value) not in {int, float} or not 0 <= value <= 1:  # type: ignore[operator]
        msg = f"{name!r} must be a number in [0, 1] (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def _check(count: object, rng: object, countries: object, id_prefix: object, as_of: object) -> None:
    if type(count) is not int or count < 0:
        msg = f"'count' must be a whole number >= 0 (got {count!r})"
        raise InvalidArgument(msg, field="count", value=count)
    if not isinstance(rng, random.Random):
        msg = f"'rng' must be a random.Random, such as random.Random(42) (got {rng!r})"
        raise InvalidArgument(msg, field="rng", value=rng)
    if (
        type(countries) is not tuple
        or not countries
        or any(country not in SUPPORTED_COUNTRIES for country in countries)
    ):
        msg = (
            f"'countries' must be a non-empty tuple of {SUPPORTED_COUNTRIES!r} (got {countries!r})"
        )
        raise InvalidArgument(msg, field="countries", value=countries)
    if type(id_prefix) is not str:
        msg = f"'id_prefix' must be a string (got {id_prefix!r})"
        raise InvalidArgument(msg, field="id_prefix", value=id_prefix)
    if type(as_of) is not dt.date:
        msg = f"'as_of' must be a datetime.date (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)


def generate_people(
    count: int,
    *,
    rng: random.Random,
    duplicate_rate: float = 0.3,
    corruption: float = 0.3,
    household_rate: float = 0.05,
    namesake_rate: float = 0.02,
    countries: tuple[str, ...] = ("GB", "US"),
    id_prefix: str = "R",
    as_of: dt.date = dt.date(2026, 1, 1),
) -> SyntheticPeople:
    """Generate ``count`` customer records of fewer people, with the truth of who is who.

    Args:
        count: How many records (not people) to produce.
        rng: The only source of randomness: the same seed gives the same records everywhere.
        duplicate_rate: Share of the records that are extra records of a person already
            present, in [0, 1] (rounded to whole records; at least one person when
            ``count > 0``).
        corruption: Scale of the corruption events of duplicates, in [0, 1]; see
            ``CORRUPTION_RATES``. At 0, duplicates differ only in form (missing optional
            values, name written whole or in parts, phone layout, source).
        household_rate: Probability, in [0, 1], that a newly drawn person starts a shared
            address (a household, or an unnumbered apartment building).
        namesake_rate: Probability, in [0, 1], that a newly drawn person is a namesake of a
            recently drawn one.
        countries: Countries to draw people from, each in ``SUPPORTED_COUNTRIES``.
        id_prefix: Text in front of each record id; ids are the prefix and a zero-padded
            position in the output, so they say nothing about the truth.
        as_of: The reference date: people are 18 to 90 years old on it, and ``updated_at``
            falls in the five years before it.

    Returns:
        The records with their truth and their hard negatives.

    Raises:
        InvalidArgument: An argument is out of range or of the wrong type.

    >>> import random
    >>> people = generate_people(3, rng=random.Random(5), duplicate_rate=0.0)
    >>> [record["id"] for record in people.records], len(people.true_pairs())
    (['R0', 'R1', 'R2'], 0)
    >>> sorted(people.records[0]) == sorted(RECORD_FIELDS)
    True
    """
    _check(count, rng, countries, id_prefix, as_of)
    for name, value in (
        ("duplicate_rate", duplicate_rate),
        ("corruption", corruption),
        ("household_rate", household_rate),
        ("namesake_rate", namesake_rate),
    ):
        _check_rate(name, value)
    maker = _Maker(rng, as_of, corruption, countries)
    draw = maker.draw
    extra_total = min(round(count * duplicate_rate), max(count - 1, 0))
    people_total = count - extra_total
    extras = [0] * people_total
    sizes: list[int] = []
    drawn = 0
    while drawn < extra_total:
        sizes.append(
            min(_data.EXTRA_RECORDS[int(draw() * len(_data.EXTRA_RECORDS))], extra_total - drawn)
        )
        drawn += sizes[-1]
    if len(sizes) <= people_total:
        chosen = rng.sample(range(people_total), len(sizes))
    else:  # more duplicated people than people: go round again
        chosen = [at % people_total for at in range(len(sizes))]
    for at, size in zip(chosen, sizes, strict=True):
        extras[at] += size
    return _assemble(maker, extras, household_rate, namesake_rate, id_prefix)


def _assemble(
    maker: _Maker, extras: list[int], household_rate: float, namesake_rate: float, id_prefix: str
) -> SyntheticPeople:
    draw, rng, countries = maker.draw, maker.rng, maker.countries
    records: list[dict[str, str | None]] = []
    entities: list[str] = []
    kinds_of: list[tuple[str, ...]] = []
    groups: dict[str, list[list[dict[str, str | None]]]] = {"h": [], "a": [], "n": []}
    recent: list[tuple[_Person, dict[str, str | None]]] = []
    width = len(str(max(len(extras) - 1, 0)))
    done = 0
    while done < len(extras):
        country = countries[int(draw() * len(countries))]
        left = len(extras) - done
        kind = "single"
        if left > 1 and draw() < household_rate:
            if draw() < _data.APARTMENT_SHARE:
                kind, size = "a", _data.APARTMENT_SIZES[int(draw() * len(_data.APARTMENT_SIZES))]
                address = maker.address(country)._replace(line2=None)
                ids = ["E" + str(at).zfill(width) for at in range(done, done + min(size, left))]
                people = [maker.person(entity, country, address) for entity in ids]
            else:
                kind, size = "h", _data.HOUSEHOLD_SIZES[int(draw() * len(_data.HOUSEHOLD_SIZES))]
                ids = ["E" + str(at).zfill(width) for at in range(done, done + min(size, left))]
                people = _household(maker, ids, country)
        elif recent and draw() < namesake_rate:
            kind = "n"
            other, other_record = recent[int(draw() * len(recent))]
            people = [_namesake(maker, "E" + str(done).zfill(width), other)]
        else:
            people = [maker.person("E" + str(done).zfill(width), country)]
        primaries = []
        for person in people:
            primary, _, updated = maker.record(person, corrupt=False)
            records.append(primary)
            entities.append(person.entity)
            kinds_of.append(())
            for _ in range(extras[done]):
                duplicate, kinds, _ = maker.record(person, corrupt=True, after=updated)
                records.append(duplicate)
                entities.append(person.entity)
                kinds_of.append(tuple(kinds))
            primaries.append(primary)
            if len(recent) < _data.NAMESAKE_MEMORY:
                recent.append((person, primary))
            else:
                recent[done % _data.NAMESAKE_MEMORY] = (person, primary)
            done += 1
        if kind == "n":
            groups["n"].append([other_record, primaries[0]])
        elif kind != "single":
            groups[kind].append(primaries)
    order = list(range(len(records)))
    rng.shuffle(order)
    width = len(str(max(len(records) - 1, 0)))
    truth: dict[str, str] = {}
    corruptions: dict[str, tuple[str, ...]] = {}
    for position, at in enumerate(order):
        record_id = id_prefix + str(position).zfill(width)
        records[at]["id"] = record_id
        truth[record_id] = entities[at]
        if kinds_of[at]:
            corruptions[record_id] = kinds_of[at]

    def ids_of(kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(tuple(sorted(str(r["id"]) for r in group)) for group in groups[kind]))

    return SyntheticPeople(
        records=tuple(records[at] for at in order),
        truth=MappingProxyType(truth),
        households=ids_of("h"),
        apartments=ids_of("a"),
        namesakes=ids_of("n"),
        corruptions=MappingProxyType(corruptions),
    )
