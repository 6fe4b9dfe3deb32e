"""The drawing state of :func:`crmkit.testing.generate_people`: people, addresses, records.

:class:`Maker` holds one call's ``random.Random`` and the values that must stay unique (e-mail
addresses, phone numbers); it draws names by their tier weights, addresses and phones from the
data module's tables, and writes a person's records (clean, or corrupted through
:mod:`crmkit.testing._people_noise`). :func:`household`, :func:`apartment` and
:func:`namesake` build the hard negatives: different people who look alike.

Picks from a table of ``n`` items use ``getrandbits(32) * n >> 32`` (Lemire's
multiply-shift; its bias, at most ``n / 2**32``, is far below anything the tests can see),
about twice as fast as ``int(random() * n)``; probabilities compare ``random()`` with a share.

This module imports the standard library and its sibling noise and data modules.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from crmkit.testing import _people_data as _data
from crmkit.testing._people_noise import (
    CASE_FIELDS,
    VARIANTS,
    Address,
    Person,
    corrupt_field,
    label,
    national_phone,
    phone_text,
)

__all__ = ["MAX_MODIFICATIONS_PER_RECORD", "Maker", "apartment", "household", "namesake"]

#: A duplicate gets at most this many corruption events (FEBRL dsgen's
#: ``max_modification_per_record``): beyond it, nobody could tell the record is a duplicate.
MAX_MODIFICATIONS_PER_RECORD = 3

_GB_MAX_NUMBER = 200  # house numbers 1 to 200
_US_NUMBER_DIGITS = 4  # house numbers 1 to 9999, small ones more often (log-uniform)
_NUMBERS = tuple(str(number) for number in range(10_000))  # shared strings, to save memory
_ZIP_SUFFIXES = tuple(f"{number:02d}" for number in range(100))
_FULL_NAME_LIMIT = _data.PARTS_ONLY_SHARE + _data.FULL_NAME_ONLY_SHARE
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
_GIVEN = tuple(name for _, _, names in _data.GIVEN_NAME_TIERS for name in names)
_GIVEN_SEX = tuple(sex for _, sex, names in _data.GIVEN_NAME_TIERS for _ in names)
_GIVEN_CUM = tuple(
    itertools.accumulate(weight for weight, _, names in _data.GIVEN_NAME_TIERS for _ in names)
)
_FAMILY = tuple(name for _, names in _data.FAMILY_NAME_TIERS for name in names)
_FAMILY_CUM = tuple(
    itertools.accumulate(weight for weight, names in _data.FAMILY_NAME_TIERS for _ in names)
)
_BY_INITIAL: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        initial: tuple(
            pair for pair in zip(_GIVEN, _GIVEN_SEX, strict=True) if pair[0][0] == initial
        )
        for initial in sorted({name[0] for name in _GIVEN})
    }
)


def _fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, for e-mail local parts."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum()) or "x"


class Maker:
    """The drawing state of one :func:`generate_people` call (never escapes it).

    Attributes:
        rng: The caller's generator, the only source of randomness.
        draw: ``rng.random``: a uniform float in [0, 1).
        bits: ``rng.getrandbits``, for multiply-shift picks.
        as_of: The reference date, as a proleptic Gregorian ordinal.
        countries: The countries to draw people from.
    """

    __slots__ = (
        "as_of",
        "bits",
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
        """Start drawing from ``rng``; ``corruption`` scales ``CORRUPTION_RATES``."""
        self.rng = rng
        self.draw = rng.random
        self.bits = rng.getrandbits
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
        """The ISO text of a date ordinal (cached: people share few distinct dates)."""
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def given(self, sex: str | None = None) -> tuple[str, str]:
        """A given name and its sex, by tier weight; of ``sex`` when it is given."""
        draw, total = self.draw, _GIVEN_CUM[-1]
        while True:
            at = bisect.bisect_right(_GIVEN_CUM, draw() * total)
            if sex is None or _GIVEN_SEX[at] == sex:
                return _GIVEN[at], _GIVEN_SEX[at]

    def family(self) -> str:
        """A family name, by tier weight."""
        return _FAMILY[bisect.bisect_right(_FAMILY_CUM, self.draw() * _FAMILY_CUM[-1])]

    def address(self, country: str) -> Address:
        """A street address in ``country``, with a flat number sometimes."""
        bits = self.bits
        lines = _LINE1[country]
        line1 = lines[bits(32) * len(lines) >> 32]
        line2 = None
        if self.draw() < _data.UNIT_SHARE:
            units = _LINE2[country]
            line2 = units[bits(32) * len(units) >> 32]
        if country == "GB":
            place = bits(32) * len(_data.GB_LOCALITIES) >> 32
            locality, county, outwards = _data.GB_LOCALITIES[place][:3]
            letters = _data.GB_INWARD_LETTERS
            postcode = (
                f"{outwards[bits(32) * len(outwards) >> 32]} {bits(32) * 10 >> 32}"
                f"{letters[bits(32) * len(letters) >> 32]}"
                f"{letters[bits(32) * len(letters) >> 32]}"
            )
            number = _NUMBERS[1 + (bits(32) * _GB_MAX_NUMBER >> 32)]
            return Address(number, line1, line2, locality, postcode, county, place)
        place = bits(32) * len(_data.US_LOCALITIES) >> 32
        locality, state, prefixes, _ = _data.US_LOCALITIES[place]
        suffix = _ZIP_SUFFIXES[1 + (bits(32) * 99 >> 32)]
        postcode = prefixes[bits(32) * len(prefixes) >> 32] + suffix
        number = _NUMBERS[int(10 ** (self.draw() * _US_NUMBER_DIGITS))]
        return Address(number, line1, line2, locality, postcode, state, place)

    def phone(self, country: str, place: int, *, landline: bool) -> tuple[str, tuple[int, ...]]:
        """Unused national digits for ``country`` and their layout (digit groups)."""
        bits = self.bits
        while True:
            if country == "US":
                areas = _data.US_LOCALITIES[place][3]
                area = areas[bits(32) * len(areas) >> 32]
                digits = f"{area}{2 + (bits(32) * 8 >> 32)}{bits(32) * 10**6 >> 32:06d}"
                layout: tuple[int, ...] = (3, 3, 4)
            elif landline:
                _, _, _, code, firsts, layout = _data.GB_LOCALITIES[place]
                rest = 11 - len(code) - 1
                first = firsts[bits(32) * len(firsts) >> 32]
                digits = f"{code}{first}{bits(32) * 10**rest >> 32:0{rest}d}"
            else:
                prefixes = _data.GB_MOBILE_PREFIXES
                prefix = prefixes[bits(32) * len(prefixes) >> 32]
                digits, layout = f"{prefix}{bits(32) * 10**7 >> 32:07d}", (5, 6)
            if digits not in self.phones:
                self.phones.add(digits)
                return digits, layout

    def email(self, given: str, family: str, birth: int, domain: str | None, country: str) -> str:
        """An unused e-mail address built from the names (at ``domain`` when given)."""
        bits = self.bits
        if domain is None:
            domains = _data.EMAIL_DOMAINS[country]
            domain = domains[bits(32) * len(domains) >> 32]
        folded = self.folded
        first = folded.get(given) or folded.setdefault(given, _fold(given))
        last = folded.get(family) or folded.setdefault(family, _fold(family))
        year = dt.date.fromordinal(birth).year % 100
        pattern = _data.LOCAL_PATTERNS[bits(32) * len(_data.LOCAL_PATTERNS) >> 32]
        local = pattern.format(first=first, last=last, initial=first[0], year=year)
        address = f"{local}@{domain}"
        tries = 0
        while address in self.emails:  # a number, longer as the name gets crowded
            tries += 1
            address = f"{local}{int(self.draw() * 10 ** (2 + tries // 8))}@{domain}"
        self.emails.add(address)
        return address

    def person(  # noqa: PLR0917 - private, called with keywords where it matters
        self,
        entity: str,
        country: str,
        address: Address | None = None,
        family: str | None = None,
        name: tuple[str, str] | None = None,
        birth: int | None = None,
        phone: tuple[str, tuple[int, ...]] | None = None,
    ) -> Person:
        """A new person; the given parts are kept, the others drawn."""
        draw, bits = self.draw, self.bits
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
            company, domain = _data.COMPANIES[bits(32) * len(_data.COMPANIES) >> 32]
            domain = domain if draw() < _data.WORK_EMAIL_SHARE else None
        email = self.email(given, family, birth, domain, country)
        title = titles[bits(32) * len(titles) >> 32]
        digits, layout = phone
        national = national_phone(country, digits, layout)
        return Person(
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
        self, person: Person, values: dict[str, str | None], empty: str | None
    ) -> list[str]:
        """Apply the drawn corruption events to a duplicate's ``values``; return the labels."""
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
                for field in CASE_FIELDS:
                    value = values[field]
                    values[field] = value.upper() if value else value
            else:
                value = values[event]
                done = corrupt_field(draw, event, value, person, empty) if value else None
                if done is not None:
                    values[event] = done[0]
                    kinds.append(done[1])
                continue
            kinds.append(label(event))
        return kinds

    def record(
        self, person: Person, record_id: str, *, corrupt: bool, after: int = 0
    ) -> tuple[dict[str, str | None], list[str], int]:
        """A record of ``person``: clean, or a duplicate written after the day ``after``.

        Returns:
            The record, its corruption labels and its ``updated_at`` as a date ordinal.
        """
        draw = self.draw
        source, empty = _data.SOURCES[self.bits(32) * len(_data.SOURCES) >> 32]
        address = person.address
        phone = empty
        if draw() < _data.PRESENT_PHONE:
            phone = person.phone if draw() < _data.NATIONAL_PHONE_SHARE else phone_text(person, 1)
        title = person.title if draw() < _data.PRESENT_TITLE else empty
        middle = person.middle if person.middle and draw() < _data.PRESENT_MIDDLE else empty
        record: dict[str, str | None] = {  # keys in RECORD_FIELDS order
            "id": record_id,
            "source": source,
            "given_name": person.given,
            "middle_name": middle,
            "family_name": person.family,
            "full_name": empty,
            "title": title,
            "email": person.email if draw() < _data.PRESENT_EMAIL else empty,
            "phone": phone,
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
            self._write_full_name(record, full_only=form < _FULL_NAME_LIMIT, empty=empty)
        if kinds and kinds[0] == "address:moved" and after < self.as_of - 1:
            updated = after + 1 + int(draw() * (self.as_of - 1 - after))
        else:
            updated = self.as_of - 1 - int(draw() * _data.UPDATE_WINDOW_DAYS)
        record["updated_at"] = self.date_text(updated)
        return record, kinds, updated

    def _write_full_name(
        self, record: dict[str, str | None], *, full_only: bool, empty: str | None
    ) -> None:
        """Fill ``full_name`` from the name parts; clear the parts when ``full_only``."""
        draw = self.draw
        given, middle, family = record["given_name"], record["middle_name"], record["family_name"]
        if middle and draw() < 0.5:  # noqa: PLR2004 - the middle name as an initial, half the time
            middle = middle[0] + "."
        if given and family and draw() < _data.COMMA_FORM_SHARE:
            record["full_name"] = f"{family}, {given}"
        else:
            record["full_name"] = " ".join(filter(None, (record["title"], given, middle, family)))
        if full_only:
            record["given_name"] = record["middle_name"] = record["family_name"] = empty


def _name_keys(name: str) -> frozenset[str]:
    """The name, its variants and nicknames, accents folded: "Seán" and "Sean" are one name."""
    return frozenset(
        _fold(n) for n in (name, *VARIANTS.get(name, ()), *_data.NICKNAMES.get(name, ()))
    )


def household(maker: Maker, entities: list[str], country: str) -> list[Person]:
    """A family at one address: one family name, often one landline, distinct given names.

    Given names differ beyond their variants and nicknames; twins share a birth date.
    """
    draw = maker.draw
    address, family = maker.address(country), maker.family()
    landline = maker.phone(country, address.place, landline=True)
    people: list[Person] = []
    taken: set[str] = set()
    for entity in entities:
        name = maker.given()
        if people and draw() < _data.SAME_INITIAL_SHARE:
            pool = _BY_INITIAL[people[0].given[0]]
            name = pool[maker.bits(32) * len(pool) >> 32]
        while not taken.isdisjoint(_name_keys(name[0])):
            name = maker.given()
        taken |= _name_keys(name[0])
        birth = people[-1].birth if people and draw() < _data.TWIN_SHARE else None
        phone = landline if draw() < _data.SHARED_LANDLINE_SHARE else None
        people.append(maker.person(entity, country, address, family, name, birth, phone))
    return people


def apartment(maker: Maker, entities: list[str], country: str) -> list[Person]:
    """Unrelated residents of one street address whose flats carry no number."""
    address = maker.address(country)._replace(line2=None)
    return [maker.person(entity, country, address) for entity in entities]


def namesake(maker: Maker, entity: str, other: Person) -> Person:
    """Another person with the same given and family names, elsewhere.

    Sometimes born in the same year as ``other``, never on the same day.
    """
    birth = None
    if maker.draw() < _data.SAME_BIRTH_YEAR_SHARE:
        first = dt.date(dt.date.fromordinal(other.birth).year, 1, 1).toordinal()
        birth = min(first + int(maker.draw() * 365), maker.as_of - _data.MIN_AGE_DAYS)
        birth += 1 if birth == other.birth else 0
    name = (other.given, other.sex)
    return maker.person(entity, other.country, None, other.family, name, birth)
